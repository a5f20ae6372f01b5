"""Challenges of a stored inspection: answers as notes, a changed grade, readiness reasons and the
`workbench judgements --json` listing, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import previsit_builder as b
import pytest
from report_fixtures import add_users

from workbench import judgements as J
from workbench.challenges import for_inspection, unanswered
from workbench.cli import main
from workbench.judgements.readiness import readiness
from workbench.store.db import session_scope
from workbench.store.models import Inspection


def _challenges(db: str, iid: int) -> dict[str, str | None]:
    with session_scope(db) as session:
        return {c.key: c.answer for c in for_inspection(session, session.get(Inspection, iid))}


def _reasons(db: str, iid: int) -> list[str]:
    with session_scope(db) as session:
        inspection = session.get(Inspection, iid)
        mine = unanswered(session, inspection)
        listed = readiness(session, inspection).reasons  # registered with the readiness checklist
        assert [r for r in listed if r.startswith("Challenge not answered")] == mine
        return mine


def test_answer_or_changed_grade_settles_a_challenge(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with session_scope(db_url) as session:
        add_users(session, {"alice": "inspector", "bob": "inspector"})
        b.troubled_home(session, urn="SC900101")
    iid = J.open_inspection(db_url, "SC900101", "alice", b.AS_OF, "full").inspection_id
    assert _challenges(db_url, iid) == {} and _reasons(db_url, iid) == []  # nothing graded yet
    for area in ("helped_protected", "overall"):
        J.save_field(db_url, iid, "judgement", area, "grade", "good", J.Loaded(0, None), "alice")
    assert _challenges(db_url, iid) == {"helped_missing:helped_protected": None,
                                        "helped_restraint:helped_protected": None,
                                        "overall_education:overall": None}
    reasons = _reasons(db_url, iid)
    assert len(reasons) == 3 and all("Challenge not answered" in r for r in reasons)
    assert any("Helped and protected graded 'Good' (para 31)" in r for r in reasons)

    # the inspector's answer: a note saying why the grade stands
    why = "Episodes fell after the new missing-from-home protocol; the police confirm it (seen on site)."
    J.save_field(db_url, iid, "note", ("challenge", "helped_missing:helped_protected"), "text", why,
                 J.Loaded(0, None), "alice")
    assert _challenges(db_url, iid)["helped_missing:helped_protected"] == why
    assert len(_reasons(db_url, iid)) == 2

    # a changed grade: the challenge no longer fires
    state = J.load_state(db_url, iid)
    J.save_field(db_url, iid, "judgement", "overall", "grade", "requires_improvement",
                 state.loaded("judgement", "overall", "grade"), "alice")
    assert "overall_education:overall" not in _challenges(db_url, iid)
    assert len(_reasons(db_url, iid)) == 1

    assert main(["judgements", "SC900101", "--inspection", str(iid), "--json", "--db", db_url]) == 0
    data = json.loads(capsys.readouterr().out)
    listed = {(c["rule"], c["area"]): c for c in data["challenges"]}
    assert set(listed) == {("helped_missing", "helped_protected"), ("helped_restraint", "helped_protected")}
    missing = listed[("helped_missing", "helped_protected")]
    assert missing["grade"] == "good" and missing["paragraph"] == "31" and missing["answer"] == why
    assert listed[("helped_restraint", "helped_protected")]["answer"] is None
    assert any(e["table"] == "notifications" and e["reference"] for e in missing["evidence"])
    assert main(["judgements", "SC900101", "--inspection", str(iid), "--db", db_url]) == 0
    text = capsys.readouterr().out
    assert "challenge to helped_protected = good (para 31, helped_restraint)" in text and "NOT ANSWERED" in text


def test_interim_and_steady_inspections_have_no_challenges(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with session_scope(db_url) as session:
        add_users(session, {"alice": "inspector", "bob": "inspector"})
        b.quiet_home(session, urn="SC900102")
    full = J.open_inspection(db_url, "SC900102", "alice", b.AS_OF, "full").inspection_id
    for area in ("overall", "helped_protected", "leadership", "partnership"):
        J.save_field(db_url, full, "judgement", area, "grade", "outstanding", J.Loaded(0, None), "alice")
    assert _challenges(db_url, full) == {}
    assert main(["judgements", "SC900102", "--inspection", str(full), "--json", "--db", db_url]) == 0
    assert json.loads(capsys.readouterr().out)["challenges"] == []
    with pytest.raises(Exception, match="not one of"):
        J.save_field(db_url, full, "note", ("no_such_section", "x"), "text", "x", J.Loaded(0, None), "alice")
