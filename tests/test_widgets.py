"""The judgement widgets driven as a user's clicks would (values set, observers fired), on SQLite and
PostgreSQL: autosave with audit, live caps and refusals, two editors on one store, a locked store
that is retried until the entry lands, the interim flow, and escaping of what people typed."""

from __future__ import annotations

import datetime as dt
import sqlite3

import ipywidgets as w
import pytest
from sqlalchemy import create_engine, text
from test_judgements import VISIT, seed_home

from workbench import judgements as J
from workbench.store import audit, session_scope
from workbench.widgets import InspectionEditor


@pytest.fixture(autouse=True)
def _spool(tmp_path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Saves waiting for the store are kept under the test's own directory."""
    monkeypatch.setenv("WORKBENCH_SPOOL", str(tmp_path / "spool"))
    return tmp_path / "spool"


def _editor(url: str, user: str = "alice", kind: str = "full", **seed: object) -> InspectionEditor:
    seed_home(url, **seed)  # type: ignore[arg-type]
    opened = J.open_inspection(url, "SC100001", "alice", VISIT if kind == "full" else "2026-03-02", kind)
    return InspectionEditor(url, opened.inspection_id, user)


def _walk(widget: w.Widget):  # type: ignore[no-untyped-def]
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_changes_are_saved_with_audit(db_url: str) -> None:
    editor = _editor(db_url)
    editor.grade["helped_protected"].value = "good"
    assert editor.last_status[0] == "saved"
    editor.evidence["helped_protected"].value = "Children say they feel safe."
    editor.grade["helped_protected"].value = "outstanding"
    state = J.load_state(db_url, editor.inspection_id)
    assert state.judgements["helped_protected"]["grade"] == "outstanding"
    assert state.judgements["helped_protected"]["evidence_summary"] == "Children say they feel safe."
    with session_scope(db_url) as session:
        rows = [(r.username, r.field, r.old_value, r.new_value)
                for r in audit.history(session, inspection_id=editor.inspection_id, entity="judgements")]
    assert rows == [("alice", "grade", None, "good"),
                    ("alice", "evidence_summary", None, "Children say they feel safe."),
                    ("alice", "grade", "good", "outstanding")]
    again = InspectionEditor(db_url, editor.inspection_id, "bob")  # a reload shows exactly what was entered
    assert again.grade["helped_protected"].value == "outstanding"
    assert again.evidence["helped_protected"].value == "Children say they feel safe."


def test_caps_are_shown_and_enforced(db_url: str) -> None:
    editor = _editor(db_url, manager_left=dt.date(2025, 5, 1))  # no registered manager for 36 weeks
    assert "Para 37" in editor.cap_message["leadership"].value
    assert "What the store shows" in editor.cap_message["leadership"].value
    assert "No registered manager since 2025-05-01" in editor.cap_message["leadership"].value
    editor.grade["leadership"].value = "good"
    kind, message = editor.last_status
    assert kind == "refused" and "Para 37" in message and editor.grade["leadership"].value == ""
    assert "No limiting rule" in editor.cap_message["overall"].value
    editor.grade["helped_protected"].value = "inadequate"
    assert "Para 13" in editor.cap_message["overall"].value
    editor.grade["overall"].value = "good"
    assert editor.last_status[0] == "refused" and editor.grade["overall"].value == ""
    editor.grade["overall"].value = "inadequate"
    assert editor.last_status[0] == "saved"
    assert J.load_state(db_url, editor.inspection_id).grades["leadership"] is None
    assert "wb-status-refused" not in editor.status.value


def test_two_editors_on_one_store(db_url: str) -> None:
    first = _editor(db_url, user="alice")
    second = InspectionEditor(db_url, first.inspection_id, "bob")
    first.evidence["partnership"].value = "Alice's evidence"
    second.evidence["partnership"].value = "Bob's evidence"
    kind, message = second.last_status
    assert kind == "refused" and "alice" in message and "Alice's evidence" in message and "Bob's evidence" in message
    assert second.evidence["partnership"].value == "Alice's evidence"  # shows the other person's value
    second.grade["partnership"].value = "good"  # another field of the same record is not a conflict
    assert second.last_status[0] == "saved"
    second.evidence["partnership"].value = "Bob's evidence, entered again"  # a deliberate replacement
    assert second.last_status[0] == "saved"
    stored = J.load_state(db_url, first.inspection_id).judgements["partnership"]
    assert (stored["grade"], stored["evidence_summary"]) == ("good", "Bob's evidence, entered again")
    first.evidence["partnership"].value = "Alice again"  # alice's widget is now the stale one
    assert first.last_status[0] == "refused" and first.evidence["partnership"].value == "Bob's evidence, entered again"


def _hold_lock(url: str):  # type: ignore[no-untyped-def]
    """Lock the store from another connection; returns a function releasing it."""
    if url.startswith("sqlite"):
        raw = sqlite3.connect(url.split("///", 1)[1], isolation_level=None)
        raw.execute("BEGIN EXCLUSIVE")
        return lambda: (raw.execute("ROLLBACK"), raw.close())
    engine = create_engine(url)
    connection = engine.connect()
    transaction = connection.begin()
    connection.execute(text("LOCK TABLE judgements IN ACCESS EXCLUSIVE MODE"))
    return lambda: (transaction.rollback(), connection.close(), engine.dispose())


def test_a_locked_store_does_not_lose_the_entry(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workbench.judgements.fields.LOCK_WAIT_SECONDS", 0.3)  # keep the test quick
    editor = _editor(db_url)
    release = _hold_lock(db_url)
    try:
        editor.evidence["overall"].value = "Written while the store was locked"
        kind, message = editor.last_status
        assert kind == "pending" and "Not saved yet — retrying" in message
        assert editor.saver.pending and editor.evidence["overall"].value == "Written while the store was locked"
        editor.grade["overall"].value = "good"  # later changes queue behind it, in order
        assert len(editor.saver.pending) == 2
    finally:
        release()
    assert editor.saver.wait(timeout=30), editor.saver.pending  # the background retry lands both
    assert editor.last_status[0] == "saved"
    stored = J.load_state(db_url, editor.inspection_id).judgements["overall"]
    assert (stored["evidence_summary"], stored["grade"]) == ("Written while the store was locked", "good")
    editor.close()


def test_a_postgresql_outage_does_not_lose_the_entry(pg_admin_url: str, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The database refuses connections and every session is cut (as in a restart); then it is back."""
    from conftest import _drop_pg_database, _new_pg_database
    from sqlalchemy.engine import make_url

    from workbench.store.db import upgrade

    url = _new_pg_database(pg_admin_url)
    name = make_url(url).database
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    try:
        upgrade(url)
        editor = _editor(url)
        editor.grade["leadership"].value = "good"
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
        editor.evidence["leadership"].value = "Entered while the server was down"
        assert editor.last_status[0] == "pending" and "retrying" in editor.last_status[1]
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        assert editor.saver.wait(timeout=30), editor.saver.pending
        stored = J.load_state(url, editor.inspection_id).judgements["leadership"]
        assert (stored["grade"], stored["evidence_summary"]) == ("good", "Entered while the server was down")
        editor.close()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
        _drop_pg_database(pg_admin_url, url)


def test_waiting_saves_survive_a_restart(sqlite_url: str, monkeypatch: pytest.MonkeyPatch, _spool) -> None:
    monkeypatch.setattr("workbench.judgements.fields.LOCK_WAIT_SECONDS", 0.2)
    editor = _editor(sqlite_url)
    editor.grade["partnership"].value = "good"
    release = _hold_lock(sqlite_url)
    try:
        editor.evidence["partnership"].value = "Typed just before the kernel died"
        editor.open_checklist("partnership")
        descriptor = next(iter(editor.descriptor_status))
        editor.descriptor_status[descriptor].value = "met"
        assert editor.last_status[0] == "pending"
        editor.close()  # the kernel goes away with both saves still waiting
    finally:
        release()
    (spooled,) = _spool.glob("*.json")
    assert oct(spooled.stat().st_mode & 0o777) == "0o600"
    assert J.load_state(sqlite_url, editor.inspection_id).judgements["partnership"]["evidence_summary"] is None
    again = InspectionEditor(sqlite_url, editor.inspection_id, "alice")  # a new kernel opens the inspection
    assert again.saver.wait(timeout=10) and not spooled.exists()
    assert again.evidence["partnership"].value == "Typed just before the kernel died"
    state = J.load_state(sqlite_url, editor.inspection_id)
    assert state.judgements["partnership"]["evidence_summary"] == "Typed just before the kernel died"
    assert state.descriptors[descriptor]["status"] == "met"


def test_interim_flow(db_url: str) -> None:
    editor = _editor(db_url, kind="interim")
    assert list(editor.focus) == ["children_progress", "leaders_monitoring", "experiences_overview",
                                  "previous_requirements"]
    assert not editor.grade  # an interim inspection has no graded areas
    for number, box in enumerate(editor.focus.values()):
        box.value = f"Evidence {number}"
    editor.progress.value = "inadequate_progress"
    assert "Service of concern" in editor.service_of_concern.value
    assert editor.case_review_note.layout.display != "none"
    editor.case_review_note.value = "Case review on 9 March"
    data = J.summary(J.load_state(db_url, editor.inspection_id))
    assert data["progress_judgement"] == "inadequate_progress" and data["service_of_concern"] is True
    assert data["case_review_note"] == "Case review on 9 March"
    assert sorted(data["focus_areas"].values()) == [f"Evidence {n}" for n in range(4)]
    editor.progress.value = "good_progress"
    assert editor.service_of_concern.value == ""
    assert J.summary(J.load_state(db_url, editor.inspection_id))["service_of_concern"] is False


def test_checklist_gives_best_fit_advice(db_url: str) -> None:
    editor = _editor(db_url)
    assert not editor.descriptor_status  # built only when asked for
    editor.open_checklist("leadership")
    good = [key for key in editor.descriptor_status if key.startswith("leadership.good.")]
    for key in good[:3]:
        editor.descriptor_status[key].value = "met"
    editor.descriptor_note[good[0]].value = "Supervision records seen"
    assert "Best fit (advice only, para 17): Good" in editor.advice["leadership"].value
    inadequate = next(key for key in editor.descriptor_status if key.startswith("leadership.inadequate."))
    editor.descriptor_status[inadequate].value = "met"
    assert "Inadequate" in editor.advice["leadership"].value
    state = J.load_state(db_url, editor.inspection_id)
    assert state.descriptors[good[0]]["note"] == "Supervision records seen"
    assert sum(d["status"] == "met" for d in state.descriptors.values()) == 4
    assert editor.grade["leadership"].value == ""  # advice never sets the grade: the inspector decides


def test_requirements_notes_previous_and_enquiries(db_url: str) -> None:
    ids = {}
    editor = _editor(db_url)
    with session_scope(db_url) as session:
        from workbench.store.models import LineOfEnquiry, Requirement

        ids["req"] = session.query(Requirement).one().id
        ids["loe"] = session.query(LineOfEnquiry).one().id
    form = editor.requirement_form
    form["regulation"].value = "12"
    form["text"].value = "Update risk assessments for missing episodes"
    form["due_date"].value = dt.date(2026, 1, 16)
    form["add"].click()
    assert editor.last_status[0] == "saved" and form["text"].value == ""
    (new_id,) = editor.requirement_rows
    assert "To be stated at feedback" in editor.requirement_rows[new_id]["badge"].value
    editor.end_date.value = dt.date(2025, 12, 1)  # before the first day on site: refused
    assert editor.last_status[0] == "refused" and editor.end_date.value == VISIT
    editor.end_date.value = dt.date(2026, 1, 7)  # three days on site: the deadline moves (para 9)
    assert "4 February 2026" in editor.header.value
    editor.requirement_rows[new_id]["due_date"].value = dt.date(2026, 5, 1)
    assert "To be stated at feedback" not in editor.requirement_rows[new_id]["badge"].value
    editor.requirement_rows[new_id]["text"].value = ""  # what must be done cannot be blank
    assert editor.last_status[0] == "refused"
    assert editor.requirement_rows[new_id]["text"].value == "Update risk assessments for missing episodes"
    editor.recommendation_form["text"].value = "Record key-work sessions"
    editor.recommendation_form["add"].click()
    editor.previous[("requirement", ids["req"])]["status"].value = "met"
    editor.previous[("requirement", ids["req"])]["evidence"].value = "All assessments reviewed in June"
    editor.note_form["priority_for_improvement"]["text"].value = "Education links"
    editor.note_form["priority_for_improvement"]["add"].click()
    editor.loe_close[ids["loe"]].click()
    assert editor.last_status[0] == "refused"  # a finding is needed first
    editor.loe_finding[ids["loe"]].value = "Return interviews within 72 hours"
    editor.loe_close[ids["loe"]].click()
    assert editor.loe_close[ids["loe"]].disabled
    data = J.summary(J.load_state(db_url, editor.inspection_id))
    assert [(r["regulation"], r["due_date"], r["stated_at_feedback"]) for r in data["requirements"]] == [
        ("12", "2026-05-01", False)]
    assert data["recommendations"][0]["text"] == "Record key-work sessions"
    assert (data["previous_requirements"][0]["status"], data["previous_requirements"][0]["status_evidence"]) == (
        "met", "All assessments reviewed in June")
    assert data["priorities_for_improvement"] == ["Education links"]
    assert data["lines_of_enquiry"][0]["status"] == "closed"
    editor.reload()
    assert editor.loe_close[ids["loe"]].disabled and list(editor.notes["priority_for_improvement"]) == ["1"]
    assert data["inspection"]["end_date"] == "2026-01-07" and data["inspection"]["publication_deadline"] == "2026-02-04"
    with session_scope(db_url) as session:
        from workbench.store.models import Inspection

        session.get(Inspection, editor.inspection_id).status = "published"
    editor.evidence["overall"].value = "After publication"
    assert editor.last_status[0] == "refused" and "published" in editor.last_status[1]
    assert editor.evidence["overall"].value == ""


def test_user_text_is_escaped_and_every_control_is_labelled(sqlite_url: str) -> None:
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    seed_home(sqlite_url)
    with session_scope(sqlite_url) as session:
        from workbench.store.models import LineOfEnquiry, Requirement

        session.query(LineOfEnquiry).one().question = hostile
        session.query(Requirement).one().text = hostile
    opened = J.open_inspection(sqlite_url, "SC100001", "alice", VISIT, "full")
    editor = InspectionEditor(sqlite_url, opened.inspection_id, "<b>alice</b>")
    editor.evidence["overall"].value = hostile
    editor.evidence["overall"].value = hostile + "!"  # a refused or saved message quoting it stays text
    html = [wd.value for wd in _walk(editor.widget) if isinstance(wd, w.HTML)] + [editor.status.value]
    assert not any("<script" in h or "<img" in h or "<b>alice" in h for h in html)
    assert any("&lt;script&gt;" in h for h in html)
    for control in _walk(editor.widget):
        if isinstance(control, w.ValueWidget | w.Button) and not isinstance(control, w.HTML):
            assert control.description.strip(), control
            assert not getattr(control, "description_allow_html", False)


def test_notebook_parameter_never_holds_a_password() -> None:
    from workbench.commands.inspect import _db_parameter

    assert _db_parameter("postgresql+psycopg://inspector:s3cret@db.example/wb")[0] is None
    assert _db_parameter("sqlite:////tmp/store.sqlite")[0] == "sqlite:////tmp/store.sqlite"


def test_checklist_is_live_and_return_notes_show_until_resubmission(db_url: str) -> None:
    from report_fixtures import ready_to_submit

    from workbench.report import status

    editor = _editor(db_url)
    assert "things before you can submit" in editor.readiness.value and "Grade &#x27;Helped" in editor.readiness.value
    before = editor.readiness.value.count("<li>")
    editor.grade["helped_protected"].value = "good"
    assert editor.readiness.value.count("<li>") == before - 1  # updated by the save, live
    editor.grade["overall"].value = "good"
    editor.grade["helped_protected"].value = "inadequate"  # overall now above its cap (para 13)
    assert "Violation" in editor.cap_message["overall"].value and "para 13" in editor.cap_message["overall"].value
    assert "(para 13)" in editor.readiness.value
    editor.grade["overall"].value = "inadequate"
    for area in ("leadership", "partnership"):
        editor.grade[area].value = "requires_improvement"
    for area in editor.evidence:
        editor.evidence[area].value = f"What we saw about {area}."
    ready_to_submit(db_url, editor.inspection_id)
    status.change("SC100001", editor.inspection_id, "submit", "alice", db_url)
    status.change("SC100001", editor.inspection_id, "return", "mgr", db_url, notes="Add <b>dates</b>.")
    again = InspectionEditor(db_url, editor.inspection_id, "alice")
    assert "Returned by mgr" in again.return_notes.value and "Add &lt;b&gt;dates&lt;/b&gt;." in again.return_notes.value
    assert "Ready to submit" in again.readiness.value
    status.change("SC100001", editor.inspection_id, "submit", "alice", db_url)
    frozen = InspectionEditor(db_url, editor.inspection_id, "alice")
    assert frozen.return_notes.value == "" and "Report submitted" in frozen.readiness.value
    frozen.grade["overall"].value = "requires_improvement"
    assert frozen.last_status[0] == "refused" and "frozen" in frozen.last_status[1]
