"""The dashboards' page objects driven in-process (as the notebook cells call them), on a real store."""

from __future__ import annotations

from pathlib import Path

import pytest
from dashboard_store import HOSTILE, seed
from sqlalchemy import select

from workbench.dashboards import inspector, manager
from workbench.store.db import session_scope
from workbench.store.models import AuditEntry, LineOfEnquiry


@pytest.fixture
def seeded(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict]:
    monkeypatch.setenv("WORKBENCH_REPORTS", str(tmp_path / "reports"))
    monkeypatch.delenv("WORKBENCH_DASHBOARD_CACHE", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    return sqlite_url, seed(sqlite_url)


def test_unassigned_home_shows_nothing_after_the_refusal(seeded: tuple[str, dict],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ids = seeded
    monkeypatch.setenv("QUERY_STRING", "urn=SC100005")  # as Voila passes it to the kernel
    page = inspector.prepare(db=url, user="insp_a")
    refusal = str(page.choose())
    assert "not assigned to home SC100005" in refusal and "Fictional House 5" not in refusal
    assert [page.evidence(), page.enquiries(), page.children(), page.judgements(), page.report()] == [""] * 5


def test_inspector_page_for_an_assigned_home(seeded: tuple[str, dict]) -> None:
    url, ids = seeded
    page = inspector.prepare(db=url, user="insp_a")
    assert "SC100002" in str(page.header()) and "SC100004" not in str(page.header())
    summary = str(page.choose("SC100001"))
    assert "wb-home-summary" in summary and "Secret Street" not in summary  # no address on the page
    assert "wb-figure" in str(page.evidence())
    assert "C-002" in str(page.children())  # a child who has been missing is tracked (footnote 5)
    panel = page.enquiries()
    assert HOSTILE not in str(panel.children[1].children[0].value)  # shown escaped, never as markup
    assert "&lt;script&gt;" in "".join(str(c.children[0].value) for c in panel.children[1:3])
    with session_scope(url) as session:
        line = session.scalars(select(LineOfEnquiry).where(LineOfEnquiry.key == "b")).one()
        row = {"id": line.id, "version": line.version}
    panel.set_status(row, "edited", "Why did restraint rise since the spring?")
    panel.add_line("leadership", "high", "How does the manager learn from restraint?")
    with session_scope(url) as session:
        edited = session.get(LineOfEnquiry, row["id"])
        assert (edited.status, edited.question) == ("edited", "Why did restraint rise since the spring?")
        added = session.scalars(select(LineOfEnquiry).where(LineOfEnquiry.rule_id == "manual")).one()
        assert added.inspection_id == ids["current"] and added.area == "leadership"
        assert session.scalars(select(AuditEntry).where(AuditEntry.username == "insp_a")).first() is not None
    assert len(page.enquiries().children) == 6  # heading, 3 lines, the add form, the message
    box = page.judgements(defer=False)
    assert page.editor is not None and box.children[1] is page.editor.widget


def test_manager_page_refuses_inspectors_and_filters(seeded: tuple[str, dict]) -> None:
    url, _ids = seeded
    refused = manager.open_page(db=url, user="insp_a")
    assert "managers only" in str(refused.header()) and str(refused.qa()) == ""
    page = manager.open_page(db=url, user="mgr")
    page.home_type.value = "Secure"
    assert list(page.judgements_table.frame["urn"]) == ["SC100006"]
    assert page.qa_table.frame.empty and "No report is awaiting QA" in page.qa_table.body.value
    page.home_type.value = "All"
    page.status.value = "submitted"
    assert sorted(page.judgements_table.frame["urn"]) == ["SC100004", "SC100005"]
    page.status.value = "All"
    page.due_table.sort_by.value = "urn"
    page.due_table.direction.value = True
    assert page.due_table.body.value.index("SC100006") < page.due_table.body.value.index("SC100001")
    page.qa_choice.value = page.qa_choice.options[1][1]
    page.review("return")  # returning needs notes
    assert "Not saved" in page.qa_message.value and "notes" in page.qa_message.value
    page.qa_notes.value = "<img src=x onerror=alert(1)>"
    page.review("return")
    assert "returned" in page.qa_message.value and len(page.qa_table.frame) == 1


def test_report_button_produces_the_report_and_links_to_it(seeded: tuple[str, dict]) -> None:
    from workbench.dashboards.reports import report_file

    url, ids = seeded
    page = inspector.prepare(db=url, user="insp_a")
    page.choose("SC100001")
    panel = page.report()
    assert report_file("SC100001", ids["current"]) is None
    panel.button.click()  # as the inspector's click: runs the report notebook through papermill
    produced = report_file("SC100001", ids["current"])
    result = panel.result.value
    assert produced is not None and produced.name in result, result
    assert f'href="/workbench/files/reports/SC100001/{produced.name}"' in result
    text = produced.read_text()
    assert "<h1" in text and "Fictional House" not in text and "Secret Street" not in text
    assert not panel.button.disabled
