"""The local spool of saves waiting for the store: private, typed round trip, never in the way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_judgements import VISIT, seed_home

from workbench import judgements as J
from workbench.judgements.spool import Spool
from workbench.widgets import InspectionEditor


def test_entries_round_trip_and_stay_private(tmp_path: Path) -> None:
    spool = Spool("sqlite:////tmp/a.sqlite", 7, "alice smith", tmp_path)
    spool.put("requirement", 3, "due_date", dt.date(2026, 2, 1), 2, None)
    spool.put("note", ("focus_area", "children_progress"), "text", "Seen", 0, None)
    spool.put("requirement", 3, "due_date", dt.date(2026, 3, 1), 2, None)  # the latest value replaces
    entries = spool.entries()
    assert [(e["key"], e["value"]) for e in entries] == [
        (("focus_area", "children_progress"), "Seen"), (3, dt.date(2026, 3, 1))]
    assert oct(spool.path.stat().st_mode & 0o777) == "0o600"
    assert Spool("sqlite:////tmp/b.sqlite", 7, "alice smith", tmp_path).entries() == []  # per store
    spool.drop("requirement", 3, "due_date")
    spool.drop("note", ("focus_area", "children_progress"), "text")
    assert not spool.path.exists()


def test_an_unwritable_spool_never_stops_a_save(sqlite_url: str, tmp_path: Path) -> None:
    seed_home(sqlite_url)
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    iid = J.open_inspection(sqlite_url, "SC100001", "alice", VISIT, "full").inspection_id
    editor = InspectionEditor(sqlite_url, iid, "alice", spool_dir=blocked / "spool")
    editor.grade["partnership"].value = "good"
    assert editor.last_status[0] == "saved"
    assert J.load_state(sqlite_url, iid).grades["partnership"] == "good"
