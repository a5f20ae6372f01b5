"""The judgements service on SQLite and PostgreSQL: saves with audit, optimistic concurrency,
the framework's caps (paras 13, 37), requirements, previous requirements, lines of enquiry, interim."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from report_fixtures import add_users
from sqlalchemy import select

from workbench import judgements as J
from workbench.cli import main
from workbench.errors import UserError
from workbench.store import audit, session_scope
from workbench.store.models import (
    Home,
    Inspection,
    Judgement,
    LineOfEnquiry,
    Recommendation,
    Requirement,
    StaffMember,
)

VISIT = dt.date(2026, 1, 5)


def seed_home(url: str, urn: str = "SC100001", manager_left: dt.date | None = None,
              previous: bool = True) -> dict[str, int]:
    """A home with a registered manager (left on `manager_left` if given), a previous inspection with
    a requirement and a recommendation, and a line of enquiry for helped_protected."""
    with session_scope(url) as session:
        add_users(session, {"alice": "inspector", "bob": "inspector", "<b>alice</b>": "inspector",
                            "mgr": "manager", "mgr2": "manager"})
        home = Home(urn=urn, provision_type="Children's home", sector="Private", places=4)
        session.add(home)
        session.flush()
        session.add(StaffMember(home_id=home.id, reference=f"{urn}-M1", role="registered_manager",
                                start_date=dt.date(2018, 1, 1), end_date=manager_left,
                                qualification_status="qualified", qualification_achieved_date=dt.date(2019, 1, 1)))
        ids = {"home": home.id}
        if previous:
            before = Inspection(home_id=home.id, inspection_type="full", start_date=dt.date(2025, 6, 2),
                                end_date=dt.date(2025, 6, 3), status="published", source="demo")
            session.add(before)
            session.flush()
            session.add(Judgement(inspection_id=before.id, area="overall", grade="good"))
            requirement = Requirement(inspection_id=before.id, regulation="12", text="Review risk assessments",
                                      due_date=dt.date(2025, 7, 1))
            recommendation = Recommendation(inspection_id=before.id, text="Improve key-work records")
            session.add_all([requirement, recommendation])
            session.flush()
            ids.update(previous=before.id, previous_requirement=requirement.id,
                       previous_recommendation=recommendation.id)
        loe = LineOfEnquiry(home_id=home.id, rule_id="missing_episodes", key="", area="helped_protected",
                            priority="high", question="How does the home respond to missing episodes?",
                            status="accepted")
        session.add(loe)
        session.flush()
        ids["loe"] = loe.id
    return ids


def _audit_rows(url: str, inspection_id: int) -> list[tuple[str, str, str | None, str | None, str | None]]:
    with session_scope(url) as session:
        return [(r.username, r.entity, r.field, r.old_value, r.new_value)
                for r in audit.history(session, inspection_id=inspection_id)]


def test_open_creates_then_reopens(db_url: str) -> None:
    seed_home(db_url)
    first = J.open_inspection(db_url, "SC100001", "alice", VISIT, "full")
    again = J.open_inspection(db_url, "SC100001", "bob", VISIT)
    assert first.created and not again.created and again.inspection_id == first.inspection_id
    interim = J.open_inspection(db_url, "SC100001", "alice", "2026-03-02", "interim")
    assert interim.created and interim.inspection_type == "interim"
    assert ("alice", "inspections", None, None) == _audit_rows(db_url, first.inspection_id)[0][:4]
    with pytest.raises(UserError, match="no home with URN"):
        J.open_inspection(db_url, "SC999999", "alice", VISIT)
    with pytest.raises(UserError, match="YYYY-MM-DD"):
        J.open_inspection(db_url, "SC100001", "alice", "5/1/2026")


def test_save_is_audited_and_versioned(db_url: str) -> None:
    seed_home(db_url)
    iid = J.open_inspection(db_url, "SC100001", "alice", VISIT, "full").inspection_id
    state = J.load_state(db_url, iid)
    base = state.loaded("judgement", "helped_protected", "grade")
    assert base == J.Loaded(0, None)
    saved = J.save_field(db_url, iid, "judgement", "helped_protected", "grade", "good", base, "alice")
    assert saved.changed and saved.value == "good" and saved.version == 1
    again = J.save_field(db_url, iid, "judgement", "helped_protected", "grade", "requires_improvement",
                         J.Loaded(saved.version, saved.value), "alice")
    assert again.version == 2 and again.old == "good"
    same = J.save_field(db_url, iid, "judgement", "helped_protected", "grade", "requires_improvement",
                        J.Loaded(again.version, again.value), "alice")
    assert not same.changed and same.version == 2
    rows = [r for r in _audit_rows(db_url, iid) if r[1] == "judgements"]
    assert rows == [("alice", "judgements", "grade", None, "good"),
                    ("alice", "judgements", "grade", "good", "requires_improvement")]
    with session_scope(db_url) as session:
        row = session.scalars(select(Judgement).where(Judgement.inspection_id == iid)).one()
        assert (row.grade, row.wording, row.updated_by) == ("requires_improvement", "Requires improvement", "alice")
    with pytest.raises(UserError, match="not one of"):
        J.save_field(db_url, iid, "judgement", "helped_protected", "grade", "excellent",
                     J.Loaded(2, "requires_improvement"), "alice")


def test_stale_edit_is_refused_but_other_fields_merge(db_url: str) -> None:
    seed_home(db_url)
    iid = J.open_inspection(db_url, "SC100001", "alice", VISIT, "full").inspection_id
    J.save_field(db_url, iid, "judgement", "partnership", "grade", "good", J.Loaded(0, None), "alice")
    state = J.load_state(db_url, iid)  # both people open the inspection now
    grade_base = state.loaded("judgement", "partnership", "grade")
    text_base = state.loaded("judgement", "partnership", "evidence_summary")
    J.save_field(db_url, iid, "judgement", "partnership", "grade", "outstanding", grade_base, "alice")
    with pytest.raises(J.StaleEdit) as refused:
        J.save_field(db_url, iid, "judgement", "partnership", "grade", "requires_improvement", grade_base, "bob")
    assert refused.value.theirs == "outstanding" and refused.value.by == "alice"
    assert "changed by alice" in str(refused.value) and "'outstanding'" in str(refused.value)
    merged = J.save_field(db_url, iid, "judgement", "partnership", "evidence_summary", "Strong links",
                          text_base, "bob")  # a different field of the same record: nothing overwritten
    assert merged.changed
    final = J.load_state(db_url, iid).judgements["partnership"]
    assert (final["grade"], final["evidence_summary"]) == ("outstanding", "Strong links")


def test_caps_refuse_grades_above_them(db_url: str) -> None:
    seed_home(db_url, manager_left=dt.date(2025, 5, 1))  # no registered manager for 36 weeks (para 37)
    iid = J.open_inspection(db_url, "SC100001", "alice", VISIT, "full").inspection_id
    state = J.load_state(db_url, iid)
    assert state.facts["registered_manager_vacancy_weeks"] > 26
    assert state.caps["leadership"].max_grade != "outstanding"
    paragraphs = {r.paragraph for r in state.caps["leadership"].reasons}
    assert "37" in paragraphs
    with pytest.raises(J.CapRefused, match="37"):
        J.save_field(db_url, iid, "judgement", "leadership", "grade", "good", J.Loaded(0, None), "alice")
    J.save_field(db_url, iid, "judgement", "helped_protected", "grade", "inadequate", J.Loaded(0, None), "alice")
    with pytest.raises(J.CapRefused, match="Para 13"):
        J.save_field(db_url, iid, "judgement", "overall", "grade", "requires_improvement", J.Loaded(0, None), "bob")
    J.save_field(db_url, iid, "judgement", "overall", "grade", "inadequate", J.Loaded(0, None), "bob")
    assert J.load_state(db_url, iid).grades["overall"] == "inadequate"
    assert not [r for r in _audit_rows(db_url, iid) if r[4] == "requires_improvement"]


def test_requirements_recommendations_notes_and_previous(db_url: str) -> None:
    ids = seed_home(db_url)
    iid = J.open_inspection(db_url, "SC100001", "alice", VISIT, "full").inspection_id
    soon = J.add_requirement(db_url, iid, " 13 ", "Train staff in <b>restraint</b>", "2026-01-12", "alice")
    later = J.add_requirement(db_url, iid, "34", "Review the statement of purpose", dt.date(2026, 4, 1), "alice")
    J.add_recommendation(db_url, iid, "Record key-work sessions", "NMS 2.1", "alice")
    key = J.add_note(db_url, iid, "outstanding_practice", "Creative life-story work", "alice")
    J.add_note(db_url, iid, "priority_for_improvement", "Education links", "alice")
    with pytest.raises(UserError, match="blank"):
        J.add_requirement(db_url, iid, "", "x", None, "alice")
    state = J.load_state(db_url, iid)
    by_id = {r["id"]: r for r in state.requirements}
    assert by_id[soon]["regulation"] == "13" and by_id[soon]["stated_at_feedback"]
    assert not by_id[later]["stated_at_feedback"]
    assert state.inspection["publication_deadline"] == dt.date(2026, 2, 2)
    assert [r["id"] for r in state.previous_requirements] == [ids["previous_requirement"]]
    base = state.loaded("requirement", ids["previous_requirement"], "status")
    J.save_field(db_url, iid, "requirement", ids["previous_requirement"], "status", "not_met", base, "alice")
    with pytest.raises(UserError, match="only be marked met or not met"):
        J.save_field(db_url, iid, "requirement", ids["previous_requirement"], "text", "rewritten", base, "alice")
    with pytest.raises(UserError, match="next one"):
        J.save_field(db_url, iid, "requirement", soon, "status", "met", J.Loaded(1, None), "alice")
    with pytest.raises(UserError, match="removed by its id"):
        J.remove(db_url, iid, "requirement", ("outstanding_practice", key), 1, "alice")
    with pytest.raises(UserError, match=r"removed by its \(section, key\)"):
        J.remove(db_url, iid, "note", later, 1, "alice")
    J.remove(db_url, iid, "requirement", later, 1, "alice")
    J.remove(db_url, iid, "note", ("outstanding_practice", key), 1, "alice")
    data = J.summary(J.load_state(db_url, iid))
    assert [r["id"] for r in data["requirements"]] == [soon]
    assert data["previous_requirements"][0]["status"] == "not_met"
    assert data["previous_requirements"][0]["reviewed_at_inspection_id"] == iid
    assert data["recommendations"][0]["standard"] == "NMS 2.1"
    assert data["outstanding_practice"] == [] and data["priorities_for_improvement"] == ["Education links"]
    actions = [r[1:3] for r in _audit_rows(db_url, iid)]
    assert ("requirements", None) in actions and ("requirements", "reviewed_at_inspection_id") in actions


def test_line_of_enquiry_closed_with_finding(db_url: str) -> None:
    ids = seed_home(db_url)
    iid = J.open_inspection(db_url, "SC100001", "alice", VISIT, "full").inspection_id
    state = J.load_state(db_url, iid)
    assert [loe["area"] for loe in state.lines_of_enquiry] == ["helped_protected"]
    base = state.loaded("line_of_enquiry", ids["loe"], "finding")
    with pytest.raises(UserError, match="blank"):
        J.close_line_of_enquiry(db_url, iid, ids["loe"], "  ", base, "alice")
    J.close_line_of_enquiry(db_url, iid, ids["loe"], "Return interviews happen within 72 hours", base, "alice")
    loe = J.load_state(db_url, iid).lines_of_enquiry[0]
    assert (loe["status"], loe["finding"]) == ("closed", "Return interviews happen within 72 hours")


def test_interim_inadequate_progress_is_a_service_of_concern(db_url: str) -> None:
    seed_home(db_url)
    iid = J.open_inspection(db_url, "SC100001", "alice", "2026-03-02", "interim").inspection_id
    state = J.load_state(db_url, iid)
    J.save_field(db_url, iid, "note", ("focus_area", "children_progress"), "text", "Two children settled well",
                 state.loaded("note", ("focus_area", "children_progress"), "text"), "alice")
    saved = J.save_field(db_url, iid, "inspection", iid, "progress_judgement", "inadequate_progress",
                         state.loaded("inspection", iid, "progress_judgement"), "alice")
    J.save_field(db_url, iid, "inspection", iid, "case_review_note", "Case review booked",
                 state.loaded("inspection", iid, "case_review_note"), "alice")
    data = J.summary(J.load_state(db_url, iid))
    assert data["progress_judgement"] == "inadequate_progress" and data["service_of_concern"] is True
    assert data["case_review_note"] == "Case review booked"
    assert data["focus_areas"]["children_progress"] == "Two children settled well"
    assert ("alice", "inspections", "service_of_concern", "false", "true") in _audit_rows(db_url, iid)
    J.save_field(db_url, iid, "inspection", iid, "progress_judgement", "limited_progress",
                 J.Loaded(saved.version + 1, "inadequate_progress"), "alice")
    assert J.summary(J.load_state(db_url, iid))["service_of_concern"] is False
    with pytest.raises(UserError, match="not one of"):
        J.save_field(db_url, iid, "inspection", iid, "progress_judgement", "satisfactory_progress",
                     J.Loaded(0, None), "alice")


def test_cli_judgements_json(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    seed_home(db_url)
    iid = J.open_inspection(db_url, "SC100001", "alice", VISIT, "full").inspection_id
    J.save_field(db_url, iid, "judgement", "helped_protected", "grade", "inadequate", J.Loaded(0, None), "alice")
    J.add_requirement(db_url, iid, "12", "Keep children safe", "2026-01-09", "alice")
    assert main(["judgements", "SC100001", "--inspection", str(iid), "--json", "--db", db_url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["grades"]["helped_protected"] == "inadequate"
    assert data["caps"]["overall"]["max_grade"] == "inadequate"
    assert data["caps"]["overall"]["reasons"][0]["paragraph"] == "13"
    assert data["requirements"][0]["stated_at_feedback"] is True
    assert main(["judgements", "SC100002", "--inspection", str(iid), "--db", db_url]) == 2
    assert "not SC100002" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:  # argparse: one line and exit status 2
        main(["judgements", "SC100001", "--inspection", "abc", "--db", db_url])
    assert usage.value.code == 2 and "expected an inspection id (a positive whole number), got 'abc'" in \
        capsys.readouterr().err


def test_cli_inspect_prints_how_to_open(sqlite_url: str, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    db_url = sqlite_url
    seed_home(db_url)
    args = ["inspect", "SC100001", "--visit-date", "2026-01-05", "--db", db_url, "--user", "alice",
            "--out", str(tmp_path)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Created full inspection" in out and "jupyter lab" in out and "voila --no-browser" in out
    assert main(args) == 0
    assert "Reopened full inspection" in capsys.readouterr().out
    import nbformat

    (prepared,) = tmp_path.glob("judgements-SC100001-*.ipynb")
    source = "".join(cell.source for cell in nbformat.read(prepared, 4).cells)
    assert "urn = \"SC100001\"" in source and "inspection_id = " in source
    assert db_url in source
