"""Ofsted's real releases: every published wording, the framework of each inspection, and several
releases accumulating into each home's history whatever the order of import.

Every expected figure is derived here from the raw CSV with the csv module, never copied from output.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from workbench import rules
from workbench.ingest import ingest_file
from workbench.store import models as m
from workbench.store.db import sessions

OFSTED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "ofsted"
R2015 = OFSTED / "providers_2015.csv"
R2023 = OFSTED / "provider_level_at_31_march_2023.csv"
JUDGEMENT_COLUMNS = {
    R2015: ["Overall effectiveness", "Outcomes for children and young people", "Quality of care",
            "The safety of children and young people", "Leadership and management",
            "Outcomes in education and related learning activities"],
    R2023: ["Overall experiences and progress of children and young people",
            "Outcomes in education and related learning activities", "Health services",
            "How well children and young people are helped and protected",
            "The effectiveness of leaders and managers"],
}
DATE = {R2015: "Inspection Date", R2023: "Latest full inspection date"}
EVENT = {R2015: "Inspection ID", R2023: "Latest full inspection event number"}
SCALE = {"outstanding": "outstanding", "good": "good", "requires improvement to be good": "requires_improvement",
         "requires improvement": "requires_improvement", "adequate": "requires_improvement",
         "satisfactory": "requires_improvement", "inadequate": "inadequate"}


def raw(path: Path) -> list[dict[str, str]]:
    """The data rows of a release as dicts, read with the csv module (header = the row naming URN)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    index = next(i for i, row in enumerate(rows) if "URN" in row)
    header = rows[index]
    return [dict(zip(header, row, strict=False)) for row in rows[index + 1:] if any(c.strip() for c in row)]


def day(text: str) -> dt.date:
    d, mth, y = text.split("/")
    return dt.date(int(y), int(mth), int(d))


def expected_framework(when: dt.date) -> str:
    return "sccif" if when >= dt.date(2017, 4, 1) else "2014" if when >= dt.date(2014, 4, 1) else "2011"


def test_2015_release_imports_every_row_with_wording_framework_and_area_as_published(db_url: str) -> None:
    rows = raw(R2015)
    wordings = {r[c] for r in rows for c in JUDGEMENT_COLUMNS[R2015] if r[c]}
    assert {"Satisfactory", "Adequate"} <= wordings  # the file holds the older wordings

    result = ingest_file("providers", R2015, db_url, progress=False)
    assert result.rejected == [] and result.refused is None
    assert (result.read, result.inserted) == (len(rows), len(rows))

    with sessions(db_url)() as session:
        homes = {h.urn: h for h in session.scalars(select(m.Home))}
        assert set(homes) == {r["URN"] for r in rows}
        for row in rows:
            inspections = homes[row["URN"]].inspections
            if not row["Inspection Date"]:
                assert inspections == []
                continue
            (inspection,) = inspections
            when = day(row["Inspection Date"])
            assert inspection.start_date == when
            assert inspection.framework == expected_framework(when), row["URN"]
            assert inspection.reference == (row["Inspection ID"] or None)
            published = {j.area_heading: (j.wording, j.grade) for j in inspection.judgements}
            expected = {c: (row[c], SCALE[row[c].casefold()]) for c in JUDGEMENT_COLUMNS[R2015] if row[c]}
            assert published == expected, row["URN"]
        satisfactory = sum(1 for r in rows for c in JUDGEMENT_COLUMNS[R2015] if r[c] == "Satisfactory")
        stored = session.scalars(select(m.Judgement).where(m.Judgement.wording == "Satisfactory")).all()
        assert len(stored) == satisfactory and {j.grade for j in stored} == {"requires_improvement"}
        frameworks = {i.framework for i in session.scalars(select(m.Inspection))}
        assert frameworks == {expected_framework(day(r["Inspection Date"])) for r in rows if r["Inspection Date"]}


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_not_judged_is_kept_without_a_grade_and_unknown_wording_still_rejects(sqlite_url: str,
                                                                               tmp_path: Path) -> None:
    header = ["URN", "Provision type", "Inspection Date", "Overall effectiveness", "Quality of care",
              "Leadership and management"]
    rows = [header,
            ["SC000001", "Children's home", "01/02/2012", "Satisfactory", "Not judged", "N/A"],
            ["SC000002", "Children's home", "01/02/2015", "Requires improvement", "", "Very good"]]
    result = ingest_file("providers", _write(tmp_path / "r.csv", rows), sqlite_url, progress=False)
    assert [(r.line, r.column, r.value) for r in result.rejected] == [(3, "Leadership and management", "Very good")]
    with sessions(sqlite_url)() as session:
        (inspection,) = session.scalars(select(m.Inspection)).all()
        assert inspection.framework == "2011"
        assert {j.area: (j.grade, j.wording) for j in inspection.judgements} == {
            "overall_effectiveness": ("requires_improvement", "Satisfactory"),
            "quality_of_care": (None, "Not judged"), "leadership_and_management": (None, "N/A")}


def test_rules_say_when_an_inspection_is_under_another_framework() -> None:
    assert rules.framework_note("2014") is None
    note = rules.framework_note("2011")
    assert note is not None and "2011 evaluation schedule" in note and "130247" in note
    assert rules.framework_at(dt.date(2014, 3, 31)) == "2011"
    assert rules.framework_at(dt.date(2014, 4, 1)) == "2014"
    assert rules.framework_at(dt.date(2017, 4, 1)) == "sccif"
    assert rules.normalise_grade("Satisfactory") == "requires_improvement"
    assert rules.normalise_grade("Not judged") is None


def dump(db: str) -> dict[str, Any]:
    """The store's content by natural keys (no ids), to compare two stores."""
    with sessions(db)() as session:
        releases = {r.id: (r.name, r.as_of) for r in session.scalars(select(m.Release))}
        urn = {h.id: h.urn for h in session.scalars(select(m.Home))}
        homes = sorted((h.urn, h.name, h.provision_type, h.is_childrens_home, h.sector, h.places, h.region,
                        h.local_authority, h.registration_status, h.registered_provider, h.registration_date)
                       for h in session.scalars(select(m.Home)))
        inspections = {i.id: (urn[i.home_id], i.start_date) for i in session.scalars(select(m.Inspection))}
        rows = sorted((urn[i.home_id], i.start_date, i.reference, i.inspection_type, i.publication_date,
                       i.framework) for i in session.scalars(select(m.Inspection)))
        judgements = sorted((inspections[j.inspection_id], j.area, j.grade, j.wording, j.area_heading,
                             releases.get(j.release_id)) for j in session.scalars(select(m.Judgement)))
        links = sorted((inspections[x.inspection_id], releases[x.release_id])
                       for x in session.scalars(select(m.InspectionRelease)))
        registrations = sorted((urn[r.home_id], releases[r.release_id], r.registration_status, r.places, r.sector,
                                r.registered_provider, r.provision_type)
                               for r in session.scalars(select(m.HomeRegistration)))
    return {"homes": homes, "inspections": rows, "judgements": judgements, "links": links,
            "registrations": registrations, "releases": sorted(releases.values())}


def _store(tmp_path: Path, name: str) -> str:
    from workbench.store import db as store_db

    url = f"sqlite:///{tmp_path / name}"
    store_db.upgrade(url)
    return url


def test_releases_accumulate_into_histories_whatever_the_order(db_url: str, tmp_path: Path) -> None:
    for path in (R2023, R2015):
        result = ingest_file("providers", path, db_url, progress=False)
        assert result.rejected == [] and result.refused is None
    other = _store(tmp_path, "other-order.sqlite")
    for path in (R2015, R2023, R2015):
        assert ingest_file("providers", path, other, progress=False).rejected == []
    assert dump(db_url) == dump(other)

    # the union of full inspections: per URN, distinct dates, merged where an event number is shared
    reported: dict[str, list[tuple[dt.date, str, Path]]] = {}
    for path in (R2015, R2023):
        for row in raw(path):
            if row[DATE[path]]:
                reported.setdefault(row["URN"], []).append((day(row[DATE[path]]), row[EVENT[path]], path))
    expected_count = 0
    for entries in reported.values():
        groups: list[set[Any]] = []
        for when, event, _ in entries:
            keys = {("date", when)} | ({("event", event)} if event else set())
            hit = [g for g in groups if g & keys]
            merged = set().union(keys, *hit)
            groups = [g for g in groups if g not in hit] + [merged]
        expected_count += len(groups)
    state = dump(db_url)
    assert len(state["inspections"]) == expected_count
    twice = {urn for urn, entries in reported.items() if {p for *_, p in entries} == {R2015, R2023}}
    assert twice  # homes reported by both releases
    by_urn: dict[str, list[Any]] = {}
    for (urn_, when), release in state["links"]:
        by_urn.setdefault(urn_, []).append((when, release[0]))
    for urn_ in twice:
        assert {name for _, name in by_urn[urn_]} == {R2015.name, R2023.name}
        assert {when for when, _ in by_urn[urn_]} == {when for when, *_ in reported[urn_]}

    # a home's details are the newest release's; each release's registration is kept
    newest = {r["URN"]: r for r in raw(R2023)}
    homes = {h[0]: h for h in state["homes"]}
    for urn_, row in newest.items():
        assert homes[urn_][7] == row["Local authority"] and homes[urn_][2] == row["Provision type"]
    listed = {(u, name) for u, (name, _), *_ in state["registrations"]}
    expected = {(r["URN"], p.name) for p in (R2015, R2023) for r in raw(p)}
    assert listed == expected
    assert [name for name, _ in state["releases"]] == sorted([R2015.name, R2023.name])
    from workbench.store.registration import registration_history

    some = sorted(twice)[0]
    with sessions(db_url)() as session:
        home_id = session.scalars(select(m.Home.id).where(m.Home.urn == some)).one()
        history = registration_history(session, home_id)
    assert [(h["release"], h["registration_status"]) for h in history] == [
        (p.name, next(r for r in raw(p) if r["URN"] == some)[status])
        for p, status in ((R2015, "Reg Status"), (R2023, "Registration status"))]
    assert dict(state["releases"])[R2023.name] == dt.date(2023, 3, 31)
    assert dict(state["releases"])[R2015.name] == max(day(r["Inspection Date"]) for r in raw(R2015)
                                                      if r["Inspection Date"])


@pytest.mark.parametrize("wording", ["Good", "Requires improvement to be good"])
def test_overall_is_compared_by_place_on_the_scale(wording: str) -> None:
    assert rules.scale_place(rules.normalise_grade(wording)) == (2 if wording == "Good" else 3)
    assert rules.scale_place(rules.normalise_grade("Satisfactory")) == 3
    assert rules.overall_areas() == {"overall", "overall_effectiveness"}


def test_report_history_names_the_framework_of_an_earlier_inspection() -> None:
    from dataclasses import replace

    from workbench.report.content import _past_judgement
    from workbench.report.data import PastInspection

    past = PastInspection(1, "full", dt.date(2013, 3, 1), None, "requires_improvement", "Satisfactory", None,
                          None, "2011")
    assert _past_judgement(past) == "Satisfactory (2011 evaluation schedule)"
    assert _past_judgement(replace(past, framework="2014", overall_wording="Good")) == "Good"
    assert _past_judgement(replace(past, framework=None, overall_wording=None, overall_grade="good")) == "Good"


def test_migration_0004_goes_down_and_up_again(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from workbench.store.db import alembic_config, connect

    config = alembic_config(db_url)
    command.downgrade(config, "0003_report_exports")
    tables = set(inspect(connect(db_url)).get_table_names())
    assert not tables & {"releases", "inspection_releases", "home_registrations", "registration_events"}
    command.upgrade(config, "head")
    columns = {c["name"] for c in inspect(connect(db_url)).get_columns("judgements")}
    assert {"area_heading", "release_id"} <= columns
