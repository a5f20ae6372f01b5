"""Ofsted's Leavers and joiners release: dated registration events, and closed homes off the due lists.

Expected figures are derived here from the raw CSV with the csv module.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.test_releases import R2023, day, dump
from workbench.batch.homes import select_homes
from workbench.cli import main
from workbench.dashboards import home_view, manager_data
from workbench.ingest import ingest_file
from workbench.ingest.joiners import ingest_joiners
from workbench.store import models as m
from workbench.store.db import sessions
from workbench.store.registration import timeline

JL = R2023.parent / "joiners_and_leavers_2022_23.csv"
DATES = {"active": "First effective date (that the provider became active)",
         "resigned": "First effective date (that the provider became resigned)",
         "closed": "First effective date (that the provider closed)",
         "cancelled": "First effective date (that the provider became cancelled)"}


def raw_joiners() -> list[dict[str, str]]:
    with JL.open(encoding="cp1252", newline="") as handle:
        rows = list(csv.reader(handle))
    index = next(i for i, row in enumerate(rows) if "URN" in row)
    return [dict(zip(rows[index], row, strict=False)) for row in rows[index + 1:] if any(c.strip() for c in row)]


def test_real_release_records_every_dated_event_with_status_and_reason(db_url: str) -> None:
    rows = raw_joiners()
    result = ingest_joiners(JL, db_url)
    assert result.rejected == [] and result.refused is None
    assert (result.read, result.inserted) == (len(rows), len({r["URN"] for r in rows}))
    with sessions(db_url)() as session:
        urn = {h.id: h.urn for h in session.scalars(select(m.Home))}
        events = {(urn[e.home_id], e.event): e for e in session.scalars(select(m.RegistrationEvent))}
        for event, column in DATES.items():
            assert sum(1 for (_, kind) in events if kind == event) == sum(1 for r in rows if r[column])
        for row in rows:
            for event, column in DATES.items():
                if not row[column]:
                    continue
                stored = events[(row["URN"], event)]
                assert stored.event_date == day(row[column])
                assert stored.joiner_status == (row["Joiner status"] or None)
                assert stored.leaver_status == (row["Leaver status"] or None)
                assert stored.status_before == (row["Registration status (as at 1 April 2022)"] or None)
                assert stored.status_after == (row["Registration status (as at 31 March 2023)"] or None)
                assert stored.reason == row["Reason"]
        homes = {h.urn: h for h in session.scalars(select(m.Home))}
        for row in rows:
            assert homes[row["URN"]].registration_status == row["Registration status (as at 31 March 2023)"]
        release = session.scalars(select(m.Release)).one()
        assert (release.kind, release.as_of) == ("joiners-leavers", dt.date(2023, 3, 31))
    again = ingest_joiners(JL, db_url)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, len(rows))


def _left(rows: list[dict[str, str]]) -> dict[str, dt.date]:
    """URN -> the date a home left the register, where its last event is leaving (from the raw file)."""
    out = {}
    for row in rows:
        dates = {event: day(row[c]) for event, c in DATES.items() if row[c]}
        leaving = [d for e, d in dates.items() if e != "active"]
        if leaving and max(leaving) >= dates.get("active", dt.date.min):
            out[row["URN"]] = min(d for e, d in dates.items() if e != "active" and d >= dates.get("active",
                                                                                                  dt.date.min))
    return out


def test_closed_homes_leave_the_due_lists_from_that_date(sqlite_url: str) -> None:
    rows = raw_joiners()
    assert ingest_file("providers", R2023, sqlite_url, progress=False).rejected == []
    assert ingest_joiners(JL, sqlite_url).rejected == []
    childrens = {r["URN"] for r in rows if r["Provision type"].casefold() == "children's home"}
    left = {u: d for u, d in _left(rows).items() if u in childrens}
    assert left
    urn, when = sorted(left.items(), key=lambda item: (item[1], item[0]))[len(left) // 2]
    before = manager_data.due_inspections(manager_data.load(sqlite_url, when - dt.timedelta(days=1)))
    after = manager_data.due_inspections(manager_data.load(sqlite_url, when))
    assert urn in set(before["urn"]) and urn not in set(after["urn"])
    late = manager_data.due_inspections(manager_data.load(sqlite_url, dt.date(2023, 4, 1)))
    assert not set(late["urn"]) & set(left)
    with sessions(sqlite_url)() as session:
        selected = {h.urn for h in select_homes(session, due_before=dt.date(2100, 1, 1))}
        home_id = session.scalars(select(m.Home.id).where(m.Home.urn == urn)).one()
        events = timeline(session, home_id)
    assert not selected & set(left) and selected
    row = next(r for r in rows if r["URN"] == urn)
    assert [(e["event"], e["event_date"]) for e in events] == sorted(
        ((event, day(row[c])) for event, c in DATES.items() if row[c]), key=lambda e: (e[1], e[0]))
    summary = str(home_view._summary(sqlite_url, urn, dt.date(2023, 4, 1)))
    assert all(f"{e['event']} {e['event_date'].isoformat()}" in summary for e in events)


def test_order_of_provider_and_joiners_releases_does_not_change_the_store(tmp_path: Path) -> None:
    from workbench.store import db as store_db

    stores = []
    for name, order in (("a.sqlite", ("p", "j")), ("b.sqlite", ("j", "p"))):
        url = f"sqlite:///{tmp_path / name}"
        store_db.upgrade(url)
        for step in order:
            result = ingest_file("providers", R2023, url, progress=False) if step == "p" else ingest_joiners(JL, url)
            assert result.rejected == []
        stores.append(url)
    assert dump(stores[0]) == dump(stores[1])


def test_command_line(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "joiners-leavers", str(JL), "--db", sqlite_url]) == 0
    assert f"{len(raw_joiners())} read" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("URN,Provision type,First effective date (that the provider closed),Reason\n"
                   "SC000001,Children's home,31/02/2023,Closed\n", encoding="utf-8")
    assert main(["ingest", "joiners-leavers", str(bad), "--db", sqlite_url]) == 1
    err = capsys.readouterr().err
    assert "line 2, column 'First effective date (that the provider closed)', value '31/02/2023'" in err
    assert main(["ingest", "rejected", "--kind", "joiners-leavers", "--db", sqlite_url]) == 0
    listed = capsys.readouterr().out
    assert "joiners-leavers: " in listed and "line 2" in listed and "1 rejected row(s)" in listed


def test_dry_run_and_strict_write_nothing_and_a_refusing_store_is_named(sqlite_url: str, tmp_path: Path) -> None:
    before = dump(sqlite_url)
    dry = ingest_joiners(JL, sqlite_url, dry_run=True)
    assert (dry.read, dry.written, dry.refused) == (len(raw_joiners()), False, None) and dry.inserted > 0
    assert dump(sqlite_url) == before
    bad = tmp_path / "bad.csv"
    bad.write_text("URN,Provision type,First effective date (that the provider closed),Reason\n"
                   "SC000001,Children's home,31/03/2023,Closed\n"
                   "SC000002,Children's home,31/02/2023,Closed\n", encoding="utf-8")
    strict = ingest_joiners(bad, sqlite_url, strict=True)
    assert (strict.written, strict.exit_code, len(strict.rejected)) == (False, 2, 1)
    assert dump(sqlite_url) == before
    with sessions(sqlite_url)() as session:
        assert session.scalars(select(m.RejectedRow)).all() == []
    read_only = f"sqlite:///file:{sqlite_url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    refused = ingest_joiners(JL, read_only)
    assert refused.refused and "readonly" in refused.refused and "nothing from this file" in refused.refused
    assert (refused.read, refused.written) == (0, False)
