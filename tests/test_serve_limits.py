"""`workbench serve` stays bounded and never shows a blank page (issue 14 points 5 and 6).

Real servers without preheated kernels: with ``--max-pages 2``, page loads beyond the cap get a
short "busy" page (503, Retry-After) instead of another 170 MB kernel; with ``--reclaim-after 5``
a page's kernel nobody connected to is taken back for the next page. Then the store is broken
under a running server (a table renamed) and, in Chromium, the dashboard shows a short message
rather than a blank page, with no traceback or SQL in it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_browser import Served, chromium, serving, shot, start
from dashboard_store import seed

from workbench.store import db as store_db

pytestmark = pytest.mark.timeout(600)
WAIT = 120_000


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Served, Path]]:
    """A server capped at 2 pages that reclaims nothing for 5 minutes, and one capped at 1 reclaiming after 5 s."""
    folder = tmp_path_factory.mktemp("serve-limits")
    path = folder / "store.sqlite"
    url = f"sqlite:///{path}"
    store_db.upgrade(url)
    seed(url)
    strict = start(url, "insp_a", folder / "strict", pool_size=0, extra=["--max-pages", "2", "--reclaim-after", "300"])
    quick = start(url, "insp_a", folder / "quick", pool_size=0, token="quick-token-0123456789",
                  extra=["--max-pages", "1", "--reclaim-after", "5"])
    try:
        with serving(strict, quick):
            yield strict, quick, path
    finally:
        engine = store_db._engines.pop(url, None)
        if engine is not None:
            engine.dispose()


def test_page_kernels_are_capped_with_a_busy_page(servers: tuple[Served, Served, Path]) -> None:
    strict = servers[0]
    for _ in range(2):
        status, _headers, body = strict.get("/voila/render/inspector.ipynb?urn=SC100001")
        assert status == 200 and b"wb-home-summary" in body
    status, headers, body = strict.get("/voila/render/inspector.ipynb")
    assert status == 503 and headers["retry-after"] == "30"
    text = body.decode()
    assert "busy" in text.lower() and "2 open pages" in text and "<script" not in text
    assert strict.get("/voila/render/manager.ipynb")[0] == 403  # (an inspector) - each dashboard has its own cap


def test_unconnected_page_kernels_are_reclaimed(servers: tuple[Served, Served, Path]) -> None:
    quick = servers[1]
    status, _headers, body = quick.get("/voila/render/inspector.ipynb?urn=SC100001")
    assert status == 200 and b"wb-home-summary" in body
    time.sleep(6)  # nobody connected to that page: after --reclaim-after its kernel is taken back
    status, _headers, body = quick.get("/voila/render/inspector.ipynb")
    assert status == 200 and b"wb-home-link" in body
    assert "reclaiming a inspector.ipynb kernel" in quick.log_text()


def test_a_failing_page_shows_a_short_message(servers: tuple[Served, Served, Path], artifacts_dir: Path) -> None:
    _strict, served, path = servers
    time.sleep(6)  # the earlier page's kernel becomes reclaimable
    with sqlite3.connect(path) as connection:  # the store breaks under the running server
        connection.execute("ALTER TABLE assignments RENAME TO assignments_gone")
    try:
        with chromium() as browser:
            page = browser.new_page()  # type: ignore[attr-defined]
            page.goto(served.url("inspector", "urn=SC100001"), timeout=WAIT)
            page.wait_for_selector(".wb-failed", timeout=WAIT)
            text = page.inner_text("body")
            assert "could not be completed" in text and "server's log" in text
            for leak in ("Traceback", "OperationalError", "SELECT", "assignments", "sqlite"):
                assert leak not in text
            shot(page, artifacts_dir, "serve-failed-page")
    finally:
        with sqlite3.connect(path) as connection:
            connection.execute("ALTER TABLE assignments_gone RENAME TO assignments")
    assert "no such table: assignments" in served.log_text()  # the details are in the server's log
