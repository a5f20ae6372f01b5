"""Issue 11 end to end, through the service and the CLI, on SQLite and PostgreSQL: the caps are an invariant
(whatever the order of edits or a store fact changing afterwards), and submit / approve / return / publish
pass their gates, by real users, audited."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_fixtures import answer_challenges, ready_to_submit
from sqlalchemy import select
from test_judgements import VISIT, seed_home

from workbench import judgements as J
from workbench.cli import main
from workbench.errors import UserError
from workbench.judgements import invariants
from workbench.judgements.readiness import checklist, readiness
from workbench.report import status
from workbench.rules import AREAS, GRADES, grade_rank, load_framework
from workbench.store import lifecycle, session_scope
from workbench.store.models import Home, Inspection, Judgement, StaffMember

URN = "SC100001"
EVIDENCE = {area: f"Evidence for {area.replace('_', ' ')}." for area in AREAS}


def _open(url: str, **seed: object) -> int:
    seed_home(url, **seed)  # type: ignore[arg-type]
    iid = J.open_inspection(url, URN, "alice", VISIT, "full").inspection_id
    for area, text in EVIDENCE.items():
        J.save_field(url, iid, "judgement", area, "evidence_summary", text, J.Loaded(0, None), "alice")
    return iid


def _grade(url: str, iid: int, area: str, grade: str | None, user: str = "alice") -> None:
    """Save one grade as the widgets do (based on what is stored now)."""
    J.save_field(url, iid, "judgement", area, "grade", grade, J.load_state(url, iid).loaded("judgement", area, "grade"),
                 user)


def _status_of(url: str, iid: int) -> str:
    with session_scope(url) as s:
        return s.get(Inspection, iid).status


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- the repro at the top of issue 11


def test_issue_repro_order_of_typing_cannot_break_a_cap(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    iid = _open(db_url)
    base = ["--db", db_url, "--user", "alice"]
    code, _out, _err = _cli(capsys, "judgements", URN, "--set", "helped_protected=good", "--set", "overall=good",
                            "--set", "leadership=good", "--set", "partnership=good", *base)
    assert code == 0
    # helped and protected lowered to inadequate after overall was graded good: a violation, exit 1
    code, out, _err = _cli(capsys, "judgements", URN, "--set", "helped_protected=inadequate", "--json", *base)
    assert code == 1
    doc = json.loads(out)
    assert doc["violations"] == [{"area": "overall", "grade": "good", "max_grade": "inadequate",
                                  "reasons": [{"paragraph": "13", "text": doc["violations"][0]["reasons"][0]["text"]}]}]
    assert doc["ready_to_submit"]["ready"] is False
    assert any("para 13" in r for r in doc["ready_to_submit"]["reasons"])
    # the other order is refused at the save, with its paragraph
    code, _out, err = _cli(capsys, "judgements", URN, "--set", "overall=requires_improvement", *base)
    assert code == 1 and "cannot be 'Requires improvement'" in err and "Para 13" in err
    # the report's draft banner shows the violation; the submission is refused listing every reason
    from workbench.report.content import banner
    from workbench.report.data import load_report

    assert "Grades above the framework" in str(banner(load_report(URN, iid, db_url)))
    ready_to_submit(db_url, iid)
    code, _out, err = _cli(capsys, "report", URN, "--status", "submit", *base)
    assert code == 1 and "nothing was changed" in err and "(para 13)" in err
    assert _status_of(db_url, iid) == "draft"
    # lower overall: ready (after exporting the current content), submitted
    _grade(db_url, iid, "overall", "inadequate")
    code, _out, err = _cli(capsys, "report", URN, "--status", "submit", *base)
    assert code == 1 and "Produce the report again" in err
    ready_to_submit(db_url, iid)
    code, out, _err = _cli(capsys, "report", URN, "--status", "submit", *base)
    assert code == 0 and ": submitted" in out
    # submitted: frozen; no further grade changes
    code, _out, err = _cli(capsys, "judgements", URN, "--set", "overall=requires_improvement", *base)
    assert code == 1 and "frozen until a manager returns it" in err


def test_no_user_no_grades_no_self_approval(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    seed_home(db_url)
    with session_scope(db_url) as s:  # an inspection with no grade at all (the issue's SC900000)
        home_id = s.scalars(select(Home.id).where(Home.urn == URN)).one()
        s.add(Inspection(home_id=home_id, inspection_type="full", start_date=VISIT, end_date=VISIT, status="draft",
                         lead_inspector="mgr", inspectors=["mgr"]))
    db = ["--db", db_url]
    for action in ("submit", "approve", "publish"):  # nobody named: never the OS login
        code, _out, err = _cli(capsys, "report", URN, "--status", action, *db)
        assert code == 2 and f"no user given to {action}" in err
    code, _out, err = _cli(capsys, "report", URN, "--status", "submit", "--user", "root", *db)
    assert code == 2 and "'root' is not known" in err
    code, _out, err = _cli(capsys, "report", URN, "--status", "submit", "--user", "mgr", *db)
    assert code == 1
    for area in ("Overall experiences and progress", "Helped and protected", "Leaders and managers"):
        assert f"Grade '{area}'" in err
    assert "Write the evidence summary" in err and "Produce the report" in err
    code, _out, err = _cli(capsys, "report", URN, "--status", "approve", "--user", "mgr", *db)
    assert code == 1 and "lead inspector of this inspection" in err and "applies to submitted" in err
    code, _out, err = _cli(capsys, "report", URN, "--status", "publish", "--user", "mgr2", *db)
    assert code == 1 and "applies to qa_approved" in err
    code, _out, err = _cli(capsys, "inspect", URN, "--out", "unused", *db)
    assert code == 2 and "no user given" in err
    with session_scope(db_url) as s:
        assert {i.status for i in s.query(Inspection) if i.status != "published"} == {"draft"}


def test_full_review_journey_with_return_notes_and_history(db_url: str, capsys: pytest.CaptureFixture[str],
                                                            tmp_path) -> None:  # type: ignore[no-untyped-def]
    seed_home(db_url)
    code, out, _err = _cli(capsys, "inspect", URN, "--visit-date", VISIT.isoformat(), "--user", "alice", "--json",
                           "--db", db_url, "--out", str(tmp_path))
    doc = json.loads(out)
    assert code == 0 and doc["status"] == "draft" and doc["lead_inspector"] == "alice" and doc["created"]
    iid = doc["inspection_id"]
    for area, text in EVIDENCE.items():
        J.save_field(db_url, iid, "judgement", area, "evidence_summary", text, J.Loaded(0, None), "alice")
    for area in AREAS:
        _grade(db_url, iid, area, "good")
    J.add_requirement(db_url, iid, "Regulation 12", "Review risk assessments", dt.date(2026, 2, 1), "alice")
    ready_to_submit(db_url, iid)
    db = ["--db", db_url]
    assert _cli(capsys, "report", URN, "--status", "submit", "--user", "alice", *db)[0] == 0
    # review: an inspector may not; the lead may not; return needs notes
    assert _cli(capsys, "report", URN, "--status", "approve", "--user", "bob", *db)[0] == 2
    code, _out, err = _cli(capsys, "report", URN, "--status", "return", "--user", "mgr", *db)
    assert code == 1 and "needs notes" in err
    code, _out, _err = _cli(capsys, "report", URN, "--status", "return", "--user", "mgr", "--notes",
                            "Say more about education.", *db)
    assert code == 0 and _status_of(db_url, iid) == "draft"
    shown = checklist(db_url, iid)
    assert shown.returned is not None and shown.returned.notes == "Say more about education."
    assert shown.readiness is not None and shown.readiness.ready  # nothing changed since the export
    # the inspector edits after the return: the export is stale, submission refused until re-exported
    J.save_field(db_url, iid, "judgement", "overall", "evidence_summary", "Education is now described.",
                 J.load_state(db_url, iid).loaded("judgement", "overall", "evidence_summary"), "alice")
    code, _out, err = _cli(capsys, "report", URN, "--status", "submit", "--user", "alice", *db)
    assert code == 1 and "Produce the report again" in err
    ready_to_submit(db_url, iid)
    assert _cli(capsys, "report", URN, "--status", "submit", "--user", "alice", *db)[0] == 0
    assert checklist(db_url, iid).returned is None  # return notes shown until the next submission
    assert _cli(capsys, "report", URN, "--status", "publish", "--user", "mgr", *db)[0] == 1  # not approved yet
    assert _cli(capsys, "report", URN, "--status", "approve", "--user", "mgr", "--notes", "Good.", *db)[0] == 0
    assert _cli(capsys, "report", URN, "--status", "publish", "--user", "mgr2", *db)[0] == 0
    code, out, _err = _cli(capsys, "report", URN, "--status", "--inspection", str(iid), *db)
    assert code == 0 and ": published" in out
    history = out.split("review history:")[1]
    for line in ("submit by alice: draft -> submitted", "return by mgr: submitted -> draft; notes: Say more about "
                 "education.", "approve by mgr: submitted -> qa_approved; notes: Good.",
                 "publish by mgr2: qa_approved -> published"):
        assert line in history, line
    with session_scope(db_url) as s:
        events = lifecycle.review_history(s, iid)
        assert [e.action for e in events] == ["submit", "return", "submit", "approve", "publish"]
        assert all(e.by in ("alice", "mgr", "mgr2") and e.at for e in events)


# ---------------------------------------------------------------- a store fact changing after grading


def test_vacancy_recorded_after_leadership_graded_good(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    iid = _open(db_url)
    for area in AREAS:
        _grade(db_url, iid, area, "good")
    ready_to_submit(db_url, iid)
    assert status.change(URN, iid, "submit", "alice", db_url).status == "submitted"
    # the registered manager's leaving is recorded afterwards: more than 26 weeks before the visit (para 37)
    with session_scope(db_url) as s:
        manager = s.scalars(select(StaffMember).where(StaffMember.role == "registered_manager")).one()
        manager.end_date = VISIT - dt.timedelta(weeks=30)
    with session_scope(db_url) as s:
        found = invariants.check(s, s.get(Inspection, iid))
    assert [(v.area, v.grade, v.max_grade) for v in found] == [("leadership", "good", "requires_improvement")]
    assert found[0].reasons[0][0] == "37"
    code, out, _err = _cli(capsys, "judgements", URN, "--json", "--db", db_url)
    assert code == 1 and json.loads(out)["violations"][0]["reasons"][0]["paragraph"] == "37"
    ready_to_submit(db_url, iid)  # even a fresh export does not let it through
    with pytest.raises(UserError, match="(?s)cannot approve.*Leaders and managers is graded 'Good'.*para 37") as caught:
        status.change(URN, iid, "approve", "mgr", db_url)
    assert caught.value.exit_code == 1 and _status_of(db_url, iid) == "submitted"
    status.change(URN, iid, "return", "mgr", db_url, notes="The manager left in 2025: see para 37.")
    _grade(db_url, iid, "leadership", "requires_improvement")
    ready_to_submit(db_url, iid)
    status.change(URN, iid, "submit", "alice", db_url)
    assert status.change(URN, iid, "approve", "mgr", db_url).status == "qa_approved"


# ---------------------------------------------------------------- every ordering, every rule


def _area_rules() -> list[tuple[str, str, str, str]]:
    return [(r.when_area, r.when_grade, r.target, r.max_grade) for r in load_framework().rules if r.when_area]


def _fact_rules() -> list:  # type: ignore[type-arg]
    return [r for r in load_framework().rules if r.when_fact]


@pytest.mark.parametrize("rule", _area_rules(), ids=lambda r: f"{r[0]}-{r[1]}->{r[2]}")
def test_every_ordering_of_each_area_rule_ends_capped_or_refused(sqlite_url: str, rule: tuple) -> None:  # type: ignore[type-arg]
    when_area, when_grade, target, max_grade = rule
    above = GRADES[grade_rank(max_grade) - 1]  # one grade better than the cap
    iid = _open(sqlite_url)
    for order in itertools.permutations([(target, above), (when_area, when_grade)]):
        with session_scope(sqlite_url) as s:  # start from no grades
            for row in s.scalars(select(Judgement).where(Judgement.inspection_id == iid)):
                row.grade = None
        refused = False
        for area, grade in order:
            try:
                _grade(sqlite_url, iid, area, grade)
            except J.CapRefused as error:
                refused = True
                assert "Para " in error.message  # the refusal cites its paragraph
        with session_scope(sqlite_url) as s:
            violations = invariants.check(s, s.get(Inspection, iid))
            ready = readiness(s, s.get(Inspection, iid))
        assert refused or [(v.area, v.max_grade) for v in violations] == [(target, max_grade)], order
        assert not ready.ready


@pytest.mark.parametrize("rule", _fact_rules(), ids=lambda r: r.id)
def test_each_fact_rule_makes_a_graded_area_a_violation(rule) -> None:  # type: ignore[no-untyped-def]
    value = {">": rule.value + 1, ">=": rule.value, "==": rule.value}[rule.op]
    above = GRADES[grade_rank(rule.max_grade) - 1]
    grades = dict.fromkeys(AREAS, "good") | {rule.target: above}
    assert invariants.violations_of(grades, {}) == [] or rule.target != "overall"
    found = invariants.violations_of(grades, {rule.when_fact: value})
    assert [(v.area, v.max_grade) for v in found] == [(rule.target, rule.max_grade)]
    assert found[0].reasons[0][0] == rule.paragraph


changes = st.lists(st.tuples(st.sampled_from(AREAS), st.sampled_from(GRADES)), min_size=1, max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=changes, vacancy=st.booleans())
def test_no_sequence_of_edits_submits_a_violation(db_url: str, sequence: list[tuple[str, str]], vacancy: bool) -> None:
    """Any grade changes in any order, then maybe a vacancy recorded: submitted implies no violation."""
    with session_scope(db_url) as s:  # the first example seeds the store; the others reuse its inspection
        home = s.scalars(select(Home).where(Home.urn == URN)).one_or_none()
        current = lifecycle.current(s, home) if home is not None else None
        iid = current.id if current is not None else None
    if iid is None:
        iid = _open(db_url)
    with session_scope(db_url) as s:  # each example starts as a draft with no grade and the manager in post
        inspection = s.get(Inspection, iid)
        if inspection.status != "draft":
            inspection.status = "draft"
        for row in s.scalars(select(Judgement).where(Judgement.inspection_id == iid)):
            row.grade = None
        manager = s.scalars(select(StaffMember).where(StaffMember.role == "registered_manager")).one()
        manager.end_date = None
    for area, grade in [(a, "good") for a in AREAS] + sequence:
        try:
            _grade(db_url, iid, area, grade)
        except J.CapRefused:
            pass
    if vacancy:
        with session_scope(db_url) as s:
            manager = s.scalars(select(StaffMember).where(StaffMember.role == "registered_manager")).one()
            manager.end_date = VISIT - dt.timedelta(weeks=30)
    ready_to_submit(db_url, iid)
    try:
        status.change(URN, iid, "submit", "alice", db_url)
    except UserError as refusal:
        assert refusal.exit_code == 1 and _status_of(db_url, iid) == "draft"
    with session_scope(db_url) as s:
        inspection = s.get(Inspection, iid)
        found = invariants.check(s, inspection)
        assert inspection.status == ("draft" if found else "submitted")


def test_workbench_report_records_the_export_the_gate_needs(sqlite_url: str, tmp_path,  # type: ignore[no-untyped-def]
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from workbench.report import fingerprint

    iid = _open(sqlite_url)
    for area in AREAS:
        _grade(sqlite_url, iid, area, "good")
    answer_challenges(sqlite_url, iid)
    code, out, err = _cli(capsys, "report", URN, "--out", str(tmp_path), "--db", sqlite_url)
    assert code == 0, err
    with session_scope(sqlite_url) as s:
        export = fingerprint.latest_export(s, iid)
        assert export is not None and export.html_path.endswith(".html") and len(export.fingerprint) == 64
        assert fingerprint.export_is_current(s, s.get(Inspection, iid)) is True
    assert _cli(capsys, "report", URN, "--status", "submit", "--user", "alice", "--db", sqlite_url)[0] == 0


def test_demo_reports_in_qa_can_be_approved_by_a_manager(sqlite_url: str, tmp_path: Path) -> None:
    from workbench.demo import generate
    from workbench.report.demo import awaiting_review, export_report

    generate(sqlite_url, homes=12, seed=7, as_of=dt.date(2026, 1, 5), parallel=False)
    with session_scope(sqlite_url) as s:
        queue = [(i.home.urn, i.id) for i in s.scalars(select(Inspection).where(Inspection.status == "submitted"))]
    assert queue
    urn, iid = queue[0]
    with pytest.raises(UserError, match="never been exported"):
        status.change(urn, iid, "approve", "manager", sqlite_url)
    assert (urn, iid) in awaiting_review(sqlite_url)
    assert export_report("awaiting-QA", urn, iid, tmp_path, sqlite_url)  # a real export, in OUT/<URN>/
    assert (tmp_path / urn).is_dir() and list((tmp_path / urn).glob("*.html"))
    assert status.change(urn, iid, "approve", "manager", sqlite_url).status == "qa_approved"


def test_a_saved_change_makes_the_export_stale_and_undoing_it_current_again(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The export check after each save: a changed grade is stale without fingerprinting the whole report
    again, a grade put back is current, a change outside the judgements (or made behind the ORM) is seen."""
    from sqlalchemy import update

    from workbench.report import data, fingerprint
    from workbench.store.models import InspectionNote

    def current() -> tuple[bool | None, int]:
        """export_is_current, and how many full snapshots it took."""
        calls = []
        real = data.snapshot
        monkeypatch.setattr(fingerprint, "snapshot", lambda *a, **k: calls.append(1) or real(*a, **k))
        with session_scope(db_url) as s:
            return fingerprint.export_is_current(s, s.get(Inspection, iid)), len(calls)

    iid = _open(db_url)
    _grade(db_url, iid, "partnership", "good")
    with session_scope(db_url) as s:
        inspection = s.get(Inspection, iid)
        fingerprint.record_export(s, iid, fingerprint.content_fingerprint(s, inspection), None)
    assert current() == (True, 1)
    _grade(db_url, iid, "partnership", "requires_improvement")
    assert current() == (False, 0)  # the judgements differ from the exported ones: stale, no full snapshot
    _grade(db_url, iid, "partnership", "good")
    assert current() == (True, 1)  # back to the exported content
    with session_scope(db_url) as s:  # a change behind the ORM (as an import writes): no version bump
        s.execute(update(Judgement).where(Judgement.inspection_id == iid, Judgement.area == "partnership")
                  .values(grade="outstanding"))
    assert current() == (False, 0)
    with session_scope(db_url) as s:
        s.execute(update(Judgement).where(Judgement.inspection_id == iid, Judgement.area == "partnership")
                  .values(grade="good"))
        s.add(InspectionNote(inspection_id=iid, section="summary", key="extra", text="A note the report shows."))
    assert current() == (False, 1)  # the same judgements, other content changed: the whole report compared
    fingerprint._JUDGEMENTS_OF.clear()  # another process: nothing remembered, the same answers
    assert current() == (False, 1)
    _grade(db_url, iid, "partnership", "inadequate")
    assert current() == (False, 1)  # the exported content's judgements were never seen here: compared in full
