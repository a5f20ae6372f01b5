"""The manager dashboard is rendered whole in a preheated kernel, before any request: a change saved to the
store after that (a report returned by QA) must still show on the page a browser then loads."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from dashboard_browser import chromium, serve, shot
from dashboard_store import seed

from workbench.dashboards import manager_data
from workbench.report.status import change
from workbench.store import db as store_db

pytestmark = pytest.mark.timeout(600)
WAIT = 120_000  # ms: the machine is shared; kernels may be slow
AHEAD = "manager page rendered ahead"


def _wait_for(served: object, text: str, timeout: float = 240.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in served.log_text():  # type: ignore[attr-defined]
            return
        time.sleep(0.5)
    raise AssertionError(f"not in the server's log after {timeout:.0f} s: {text}\n{served.log_text()}")  # type: ignore[attr-defined]


def test_a_page_rendered_ahead_shows_a_change_saved_before_the_request(tmp_path: Path, artifacts_dir: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store_db.upgrade(url)
    ids = seed(url)
    assert "SC100004" in set(manager_data.qa_queue(manager_data.load(url))["urn"])
    with serve(url, "mgr", tmp_path / "serve") as served:
        _wait_for(served, AHEAD)  # the pool's kernel has rendered every cell, SC100004 in its QA queue
        change("SC100004", ids["SC100004-qa"], "return", "mgr", url, notes="Redo the education section")
        with chromium() as browser:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()  # type: ignore[attr-defined]
            page.goto(served.url("manager"), timeout=WAIT)
            page.wait_for_selector(".wb-table-qa", state="attached", timeout=WAIT)
            page.wait_for_selector(".wb-match-count .wb-filter-summary", timeout=WAIT)
            queue = page.inner_text(".wb-qa-actions") + page.inner_text(".wb-table-qa")
            summary = page.inner_text(".wb-match-count")
            shot(page, artifacts_dir, "manager-fresh-after-change")
        log = served.log_text()
    assert "SC100004" not in queue  # returned to the inspector after the page was rendered: gone
    assert "SC100005" in queue  # still awaiting QA
    assert "1 report(s) ready for QA" in summary
    assert "Using pre-heated kernel" in log and "reading it again" in log  # the page rendered ahead, re-read
