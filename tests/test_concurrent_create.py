"""Two people creating the same record at once (issue 14 point 7), on SQLite and PostgreSQL: the slower gets
the same refusal as a concurrent edit (their value and who saved it), never IntegrityError; nothing is lost."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from test_judgements import VISIT, seed_home

from workbench import judgements as J
from workbench.judgements import fields
from workbench.judgements.errors import is_transient


def _save_like_the_widgets(db: str, iid: int, user: str, text: str, results: dict[str, Any]) -> None:
    """One person's save of the partnership evidence, retried while the store is busy (as the saver does)."""
    for _ in range(50):
        try:
            results[user] = J.save_field(db, iid, "judgement", "partnership", "evidence_summary", text,
                                         J.Loaded(0, None), user)
            return
        except Exception as error:  # noqa: BLE001 - the test records what each person got
            if is_transient(error):
                time.sleep(0.1)
                continue
            results[user] = error
            return


@pytest.mark.parametrize("same_text", [False, True], ids=["different texts", "same text"])
def test_the_slower_creator_gets_a_stale_edit_with_the_other_value(
        db_url: str, monkeypatch: pytest.MonkeyPatch, same_text: bool) -> None:
    seed_home(db_url)
    iid = J.open_inspection(db_url, "SC100001", "alice", VISIT, "full").inspection_id
    both_read = threading.Barrier(2, timeout=20)
    calls = []
    original = fields._new_row

    def new_row_when_both_have_found_none(kind: str, inspection: Any, key: Any) -> Any:
        row = original(kind, inspection, key)
        calls.append(kind)
        if len(calls) <= 2:  # the first attempt of each: both have seen no record
            both_read.wait()
        return row

    monkeypatch.setattr(fields, "_new_row", new_row_when_both_have_found_none)
    texts = {"alice": "Strong links with schools.", "bob": "Strong links with schools." if same_text
             else "Partnership with the virtual school is weak."}
    results: dict[str, Any] = {}
    threads = [threading.Thread(target=_save_like_the_widgets, args=(db_url, iid, user, text, results))
               for user, text in texts.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert set(results) == {"alice", "bob"}
    stored = J.load_state(db_url, iid).judgements["partnership"]["evidence_summary"]
    saved = [u for u, r in results.items() if isinstance(r, J.Saved)]
    if same_text:  # they typed the same: both are told it is saved, nothing refused
        assert sorted(saved) == ["alice", "bob"] and stored == texts["alice"]
        return
    assert len(saved) == 1, results
    winner = saved[0]
    loser = "bob" if winner == "alice" else "alice"
    refusal = results[loser]
    assert isinstance(refusal, J.StaleEdit), f"{type(refusal).__name__}: {refusal}"
    assert refusal.theirs == texts[winner] and refusal.by == winner and refusal.yours == texts[loser]
    assert f"changed by {winner}" in str(refusal) and texts[loser][:20] in str(refusal)
    assert stored == texts[winner]


def test_in_the_widgets_the_slower_box_shows_theirs_and_says_what_was_yours(db_url: str, tmp_path: Any) -> None:
    from workbench.widgets import InspectionEditor

    seed_home(db_url)
    iid = J.open_inspection(db_url, "SC100001", "alice", VISIT, "full").inspection_id
    alice = InspectionEditor(db_url, iid, "alice", spool_dir=tmp_path / "spool", background_retry=False)
    bob = InspectionEditor(db_url, iid, "bob", spool_dir=tmp_path / "spool", background_retry=False)
    alice.evidence["partnership"].value = "Strong links with schools."  # creates the record
    bob.evidence["partnership"].value = "Weak partnership."  # bob's box was opened before it existed
    assert bob.last_status[0] == "refused" and "changed by alice" in bob.last_status[1]
    assert "yours was 'Weak partnership.'" in bob.last_status[1]
    assert bob.evidence["partnership"].value == "Strong links with schools."  # the box shows what is stored
    assert J.load_state(db_url, iid).judgements["partnership"]["evidence_summary"] == "Strong links with schools."


def test_an_unexpected_failure_keeps_what_was_typed_in_the_spool(db_url: str, tmp_path: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.widgets import InspectionEditor, binding

    seed_home(db_url)
    iid = J.open_inspection(db_url, "SC100001", "alice", VISIT, "full").inspection_id
    editor = InspectionEditor(db_url, iid, "alice", spool_dir=tmp_path / "spool", background_retry=False)

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("a bug, not the user's doing")

    monkeypatch.setattr(binding, "save_field", broken)
    editor.evidence["partnership"].value = "Text that must not be lost."
    assert editor.last_status[0] == "error"
    assert [(e["key"], e["value"]) for e in editor.spool.entries()] == [("partnership", "Text that must not be lost.")]
    monkeypatch.undo()
    replayed = InspectionEditor(db_url, iid, "alice", spool_dir=tmp_path / "spool", background_retry=False)
    replayed.replay()
    assert J.load_state(db_url, iid).judgements["partnership"]["evidence_summary"] == "Text that must not be lost."


def test_an_inspection_removed_while_saving_is_a_clear_refusal(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The inspection itself goes (removed from the store by someone else) between our read and our write:
    the save is refused with one clear line, not a crash on the missing inspection."""
    from sqlalchemy import delete

    from workbench.store.db import session_scope
    from workbench.store.models import Inspection

    seed_home(db_url)
    iid = J.open_inspection(db_url, "SC100001", "alice", VISIT, "full").inspection_id
    original = fields._new_row

    def new_row_then_the_inspection_goes(kind: str, inspection: Any, key: Any) -> Any:
        with session_scope(db_url) as other:
            other.execute(delete(Inspection).where(Inspection.id == iid))
        return original(kind, inspection, key)

    monkeypatch.setattr(fields, "_new_row", new_row_then_the_inspection_goes)
    with pytest.raises(J.NotFound, match=f"inspection {iid} is no longer in the store"):
        J.save_field(db_url, iid, "judgement", "partnership", "evidence_summary", "Strong links with schools.",
                     J.Loaded(0, None), "alice")
