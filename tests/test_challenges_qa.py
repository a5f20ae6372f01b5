"""Answered challenges in the manager's QA queue and the counts per inspector and region (issue 16),
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from dashboard_store import HOSTILE, TODAY, seed
from report_fixtures import mark_exported

from workbench.challenges import ledger
from workbench.dashboards import manager
from workbench.store.db import session_scope
from workbench.store.models import Inspection, InspectionNote, Judgement

WHY = f"Episodes stopped after the new protocol; the police confirm it. {HOSTILE}"


@pytest.fixture
def store(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WORKBENCH_REPORTS", str(tmp_path / "reports"))
    monkeypatch.delenv("QUERY_STRING", raising=False)
    ids = seed(db_url)
    with session_scope(db_url) as session:
        report = Inspection(home_id=ids["SC100006"], inspection_type="full", start_date=TODAY - dt.timedelta(days=6),
                            end_date=TODAY - dt.timedelta(days=4), status="submitted", source="workbench",
                            lead_inspector="insp_b")
        report.judgements = [Judgement(area="helped_protected", grade="good"),
                             Judgement(area="overall", grade="requires_improvement")]
        session.add(report)
        session.flush()
        session.add_all([
            InspectionNote(inspection_id=report.id, section="challenge", key="helped_missing:helped_protected",
                           text=WHY),
            InspectionNote(inspection_id=report.id, section="challenge_changed", key="overall_education:overall",
                           text="Good -> Requires improvement (changed by insp_b while challenged)"),
            # a change noted, then the grade put back: neither an answer nor a change (readiness asks again)
            InspectionNote(inspection_id=report.id, section="challenge_changed",
                           key="helped_restraint:helped_protected", text="Good -> Requires improvement"),
        ])
        report_id = report.id
    mark_exported(db_url, report_id)  # submitted through the lifecycle: exported first, so ready for review
    return db_url, report_id


def test_ledger_and_counts(store: tuple[str, int]) -> None:
    url, report = store
    with session_scope(url) as session:
        found = ledger.ledger(session, [report])
    assert [(r.rule, r.area, r.outcome) for r in found.itertuples()] == [
        ("helped_missing", "helped_protected", "stands"), ("overall_education", "overall", "changed")]
    page = manager.open_page(db=url, user="mgr")
    by_inspector = page.challenge_counts["lead_inspector"].frame.set_index("lead_inspector")
    assert by_inspector.loc["insp_b"].to_dict() == {
        "inspections": 4, "challenged": 1, "challenges": 2, "stood": 1, "changed": 1, "challenged_share": 0.25,
        "changed_share": 0.5}
    assert by_inspector.loc["insp_a"]["challenged"] == 0
    by_region = page.challenge_counts["region"].frame.set_index("region")
    assert by_region.loc["South East"]["changed"] == 1 and by_region.loc["London"]["challenges"] == 0
    assert "Share changed" in page.challenge_counts["region"].body.value

    queue = page.qa_table.frame.set_index("inspection_id")
    assert queue.loc[report]["challenges"] == 2
    body = page.qa_table.body.value
    assert "grade stands: Episodes stopped after the new protocol" in body
    assert "grade changed: Good -&gt; Requires improvement" in body
    assert HOSTILE not in body and "&lt;script&gt;" in body  # the answer is shown escaped

    page.region.value = "North West"  # the filters apply to the counts too
    assert list(page.challenge_counts["lead_inspector"].frame["lead_inspector"]) == ["insp_a"]
