"""Access control and the manager's data, on SQLite and PostgreSQL (no browser)."""

from __future__ import annotations

import datetime as dt

import pytest
from dashboard_store import TODAY, seed
from sqlalchemy import delete

from workbench.dashboards import access, manager_data
from workbench.dashboards.errors import AccessRefused
from workbench.rules.timings import publication_deadline
from workbench.store.db import session_scope
from workbench.store.models import ReportExport


def test_viewer_roles_and_refusals(db_url: str) -> None:
    seed(db_url)
    inspector = access.viewer(db_url, "insp_a")
    assert (inspector.role, inspector.is_manager, inspector.display_name) == ("inspector", False, "Ann Inspector")
    assert access.viewer(db_url, "mgr").is_manager
    with pytest.raises(AccessRefused, match="not known"):
        access.viewer(db_url, "stranger")
    with pytest.raises(AccessRefused, match="managers only"):
        access.require_manager(inspector)
    access.require_manager(access.viewer(db_url, "mgr"))


def test_inspectors_open_only_their_homes(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(db_url)
    monkeypatch.setenv("WORKBENCH_USER", "insp_b")
    person = access.viewer(db_url)  # identity from the environment
    assert person.username == "insp_b"
    assert [h.urn for h in access.homes_for(db_url, person)] == ["SC100004", "SC100005", "SC100006"]
    assert access.may_open(db_url, person, " sc100004 ") == "SC100004"
    # unassigned and unknown homes get the same refusal: nothing says whether the home exists
    refusals = []
    for urn in ("SC100001", "SC999999"):
        with pytest.raises(AccessRefused) as caught:
            access.may_open(db_url, person, urn)
        refusals.append(caught.value.message.replace(urn, "URN"))
    assert refusals[0] == refusals[1] and "not assigned" in refusals[0]
    with pytest.raises(AccessRefused, match="does not name a home"):
        access.may_open(db_url, person, "SC1'; drop table homes;--")
    manager = access.viewer(db_url, "mgr")
    assert len(access.homes_for(db_url, manager)) == 6
    assert access.may_open(db_url, manager, "SC100001") == "SC100001"


def test_ended_assignment_no_longer_opens(db_url: str) -> None:
    from sqlalchemy import update

    from workbench.store.db import session_scope
    from workbench.store.models import Assignment

    seed(db_url)
    with session_scope(db_url) as session:
        session.execute(update(Assignment).where(Assignment.username == "insp_a")
                        .values(end_date=TODAY - dt.timedelta(days=1)))
    person = access.viewer(db_url, "insp_a")
    assert access.homes_for(db_url, person) == []
    with pytest.raises(AccessRefused):
        access.may_open(db_url, person, "SC100001")


def test_manager_tables(db_url: str) -> None:
    ids = seed(db_url)
    data = manager_data.load(db_url, TODAY)
    latest = manager_data.latest_judgements(data)
    assert dict(zip(latest["urn"], latest["overall_grade"], strict=True))["SC100002"] == "inadequate"
    due = manager_data.due_inspections(data)
    first = due.iloc[0]
    # judged inadequate 10 weeks ago: the 6-8 week re-inspection (para 8) is overdue
    assert first["urn"] == "SC100002" and first["state"] == "Overdue" and "para 8" in first["reason"]
    assert set(due[due["state"] == "Overdue"]["urn"]) == {"SC100002"}
    concern = manager_data.services_of_concern(data)
    assert list(concern["urn"]) == ["SC100003"]
    queue = manager_data.qa_queue(data)
    assert list(queue["inspection_id"]) == [ids["SC100004-qa"], ids["SC100005-qa"]]
    assert list(queue["overdue"]) == [True, False]
    assert queue.iloc[0]["deadline"] == publication_deadline(TODAY - dt.timedelta(days=45))
    assert list(queue["ready"]) == [True, True]  # both exported before submission
    with session_scope(db_url) as session:  # a submission recorded outside the lifecycle: never exported
        session.execute(delete(ReportExport).where(ReportExport.inspection_id == ids["SC100005-qa"]))
    queue = manager_data.qa_queue(manager_data.load(db_url, TODAY))
    assert list(queue["ready"]) == [True, False]
    table = manager_data.distribution(latest, "region")
    assert int(table.loc["North West"].sum()) == 2 and list(table.columns)[0] == "Outstanding"
    assert data.inspectors() == ["insp_a", "insp_b"]
