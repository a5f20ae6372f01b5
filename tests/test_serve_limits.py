"""`workbench serve` stays bounded and never shows a blank page (issue 14 points 5 and 6).

One real server with ``--max-pages 2`` and no preheated kernels: page loads beyond the cap get a
short "busy" page (503, Retry-After) instead of another 170 MB kernel; a page whose kernel was
never connected is reclaimed after ``abandoned_after`` seconds. Then the store is broken under
the running server (a table renamed) and, in Chromium, the dashboard shows a short message
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
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Path]]:
    folder = tmp_path_factory.mktemp("serve-limits")
    path = folder / "store.sqlite"
    url = f"sqlite:///{path}"
    store_db.upgrade(url)
    seed(url)
    served = start(url, "insp_a", folder / "home", pool_size=0, extra=["--max-pages", "2"])
    try:
        with serving(served):
            yield served, path
    finally:
        engine = store_db._engines.pop(url, None)
        if engine is not None:
            engine.dispose()


def test_page_kernels_are_capped_with_a_busy_page(server: tuple[Served, Path]) -> None:
    served, _path = server
    started = time.monotonic()
    for _ in range(2):
        status, _headers, body = served.get("/voila/render/inspector.ipynb?urn=SC100001")
        assert status == 200 and b"wb-home-summary" in body
    status, headers, body = served.get("/voila/render/inspector.ipynb")
    assert status == 503 and headers["retry-after"] == "30"
    text = body.decode()
    assert "busy" in text.lower() and "2 open pages" in text and "<script" not in text
    # nobody connected to those two pages: after `abandoned_after` (20 s) their kernels are reclaimed
    time.sleep(max(0.0, 21.0 - (time.monotonic() - started)))
    status, _headers, body = served.get("/voila/render/inspector.ipynb")
    assert status == 200 and b"wb-home-link" in body
    assert "reclaiming a inspector.ipynb kernel" in served.log_text()


def test_a_failing_page_shows_a_short_message(server: tuple[Served, Path], artifacts_dir: Path) -> None:
    served, path = server
    time.sleep(21)  # let the earlier pages' kernels be reclaimable
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
