"""The append-only audit helper: values as text, required user, order kept, on both stores."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.store import audit, session_scope


def test_as_text_keeps_values_readable() -> None:
    assert audit.as_text(None) is None
    assert audit.as_text("good") == "good"
    assert audit.as_text(True) == "true"
    assert audit.as_text(dt.date(2026, 1, 5)) == "2026-01-05"
    assert audit.as_text(3) == "3"
    assert audit.as_text({"b": 1, "a": dt.date(2026, 1, 5)}) == '{"a": "2026-01-05", "b": 1}'


def test_record_and_history_in_order(db_url: str) -> None:
    with session_scope(db_url) as session:
        audit.record(session, "alice", "judgements", 7, "grade", None, "good", "create", inspection_id=3)
        audit.record(session, "bob", "judgements", 7, "grade", "good", "inadequate", inspection_id=3)
        audit.record(session, "bob", "requirements", 2, None, {"text": "x"}, None, "delete", inspection_id=4)
    with session_scope(db_url) as session:
        rows = audit.history(session, inspection_id=3)
        assert [(r.username, r.action, r.old_value, r.new_value) for r in rows] == [
            ("alice", "create", None, "good"), ("bob", "update", "good", "inadequate")]
        assert all(r.entity_id == "7" and r.at is not None for r in rows)
        assert [r.action for r in audit.history(session, entity="requirements")] == ["delete"]


@pytest.mark.parametrize(("user", "action"), [("", "update"), ("alice", "rename")])
def test_record_refuses_missing_user_or_unknown_action(sqlite_url: str, user: str, action: str) -> None:
    with pytest.raises(ValueError), session_scope(sqlite_url) as session:
        audit.record(session, user, "judgements", 1, "grade", None, "good", action)
