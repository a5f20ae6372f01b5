"""Challenges beside the judgement areas (issue 16), driven as a user's clicks would be, on SQLite
and PostgreSQL: shown with figures, records and paragraph, answered in the box, gone when the
grade changes (and the change noted for QA)."""

from __future__ import annotations

import previsit_builder as b
import pytest
from report_fixtures import add_users

from workbench import judgements as J
from workbench.store.db import session_scope
from workbench.widgets import InspectionEditor


@pytest.fixture(autouse=True)
def _spool(tmp_path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WORKBENCH_SPOOL", str(tmp_path / "spool"))


def _classes(box) -> list[str]:  # type: ignore[no-untyped-def]
    return [c for part in box.children for c in part._dom_classes if c.startswith("wb-challenge-")]


def test_challenges_shown_answered_and_changed(db_url: str) -> None:
    with session_scope(db_url) as session:
        add_users(session, {"alice": "inspector", "bob": "inspector"})
        b.troubled_home(session, urn="SC900201")
    iid = J.open_inspection(db_url, "SC900201", "alice", b.AS_OF, "full").inspection_id
    editor = InspectionEditor(db_url, iid, "alice")
    boxes = editor.challenge_widgets.boxes
    assert all(not box.children for box in boxes.values())  # nothing graded, nothing questioned
    editor.grade["helped_protected"].value = "good"
    assert _classes(boxes["helped_protected"]) == ["wb-challenge-helped_missing-helped_protected",
                                                   "wb-challenge-helped_restraint-helped_protected"]
    head = boxes["helped_protected"].children[0].children[0].value
    assert "para 31" in head and "12 missing-from-home notifications" in head and "Not answered yet" in head
    assert "<caption>The records behind it</caption>" in head and "C-T1" in head
    editor.grade["overall"].value = "good"
    assert _classes(boxes["overall"]) == ["wb-challenge-overall_education-overall"]

    answer = boxes["helped_protected"].children[0].children[1]
    answer.value = "The missing-from-home protocol works: <b>episodes</b> stopped in January."
    assert editor.last_status[0] == "saved"
    head = boxes["helped_protected"].children[0].children[0].value
    assert "Answered" in head
    state = J.load_state(db_url, iid)
    assert [n["text"] for n in state.notes["challenge"]] == [answer.value]

    editor.grade["overall"].value = "requires_improvement"  # the answer is a changed grade
    assert boxes["overall"].children == ()
    state = J.load_state(db_url, iid)
    assert [(n["key"], n["text"]) for n in state.notes["challenge_changed"]] == [
        ("overall_education:overall", "Good -> Requires improvement (changed by alice while challenged)")]
    listed = {(c["rule"], c["answer"]) for c in J.summary(state)["challenges"]}
    assert listed == {("helped_missing", answer.value), ("helped_restraint", None)}

    again = InspectionEditor(db_url, iid, "bob")  # a reload shows the answer, escaped
    box = again.challenge_widgets.boxes["helped_protected"]
    assert box.children[0].children[1].value == answer.value
    assert "Answered" in box.children[0].children[0].value and "<b>episodes" not in box.children[0].children[0].value
