"""The batch's index.html in Chromium: dates sort as dates, a status filter, skipped homes folded (issue 13)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from browser import axe_violations, chromium_page

from workbench.batch.index import Row, write_index


def _row(urn: str, status: str, deadline: dt.date | None) -> Row:
    return Row(urn=urn, home=f"Home {urn}", provision_type="Children's home", region="London", judgement="Good",
               report_status="draft", deadline=deadline, status=status, seconds=1.0,
               ipynb=f"{urn}.ipynb" if status == "done" else "", html=f"{urn}.html" if status == "done" else "",
               error="boom" if status == "failed" else ("not a children's home" if status == "skipped" else ""))


def test_dates_sort_as_dates_status_filters_and_skipped_rows_fold(tmp_path: Path, artifacts_dir: Path) -> None:
    rows = [_row("SC000001", "done", dt.date(2026, 12, 1)), _row("SC000002", "done", dt.date(2026, 2, 20)),
            _row("SC000003", "failed", dt.date(2026, 11, 5)), _row("SC000004", "done", None),
            *[_row(f"SC1{n:05d}", "skipped", None) for n in range(40)]]
    index = write_index(tmp_path, "interim", rows, dt.datetime(2026, 12, 3, 6, 0))
    with chromium_page() as recorded:
        page = recorded.page
        page.goto(index.as_uri())
        assert not page.locator("details#skipped-rows").evaluate("d => d.open")  # folded behind its count
        assert "40 skipped homes" in page.inner_text("details#skipped-rows summary")
        visible = page.locator("table.sortable tbody tr:visible")
        assert visible.count() == 4
        page.locator("table.sortable").first.locator("th button", has_text="Publication deadline").click()
        urns = [t.split("\t")[1] for t in visible.all_inner_texts()]
        # by date (February before November before December; no date last), not by year alone
        assert urns == ["SC000002", "SC000003", "SC000001", "SC000004"], urns
        page.screenshot(path=str(artifacts_dir / "batch-index-sorted-by-deadline.png"), full_page=True)
        page.select_option("#status-filter", "failed")
        assert [t.split("\t")[1] for t in page.locator("table.sortable tbody tr:visible").all_inner_texts()] == [
            "SC000003"]
        assert page.inner_text("#status-count") == "1 of 44 homes shown"
        page.select_option("#status-filter", "skipped")
        assert page.locator("details#skipped-rows").evaluate("d => d.open")
        assert page.locator("table.sortable tbody tr:visible").count() == 40
        page.screenshot(path=str(artifacts_dir / "batch-index-skipped.png"))
        assert axe_violations(page) == []
        assert not recorded.blocked and not recorded.errors
