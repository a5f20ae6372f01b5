"""Ofsted's provider-level release: the real 2023 file and synthetic older layouts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from workbench.commands.homes import list_homes
from workbench.ingest import ingest_file
from workbench.store import models as m
from workbench.store.db import sessions

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

REAL = SHARED / "data" / "ofsted" / "provider_level_at_31_march_2023.csv"
CHILDRENS_HOME_TYPES = {"children's home", "secure children's home",
                        "residential special school (registered as a children's home)"}


def _real_rows() -> tuple[list[str], list[list[str]]]:
    """The real file's header and data rows, read independently of the workbench (csv module)."""
    with REAL.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    index = next(i for i, row in enumerate(rows) if "URN" in row)
    return rows[index], [row for row in rows[index + 1:] if any(cell.strip() for cell in row)]


def test_real_2023_file_imports_childrens_homes_with_latest_judgements(db_url: str) -> None:
    header, rows = _real_rows()
    col = {name: header.index(name) for name in header if name}
    expected_homes = {row[col["URN"]]: row for row in rows
                      if row[col["Provision type"]].strip().casefold() in CHILDRENS_HOME_TYPES}
    assert len(expected_homes) > 2000  # sanity of the independent count, not the answer

    result = ingest_file("providers", REAL, db_url, progress=False)
    assert result.exit_code == 0, result.rejected[:5]
    assert result.read == len(rows) and result.inserted == len(rows)

    homes = {h["urn"]: h for h in list_homes(db_url)}
    assert set(homes) == set(expected_homes)
    overall = col["Overall experiences and progress of children and young people"]
    published = {"Outstanding": "outstanding", "Good": "good", "Requires improvement to be good":
                 "requires_improvement", "Inadequate": "inadequate"}
    for urn, row in expected_homes.items():
        home = homes[urn]
        day, month, year = row[col["Latest full inspection date"]].split("/")
        assert home["latest_inspection_date"] == f"{year}-{month}-{day}", urn
        assert home["latest_overall_wording"] == (row[overall] or None), urn
        assert home["latest_overall_grade"] == published.get(row[overall]), urn
        assert home["provision_type"] == row[col["Provision type"]]
        assert home["local_authority"] == row[col["Local authority"]]
    with sessions(db_url)() as session:
        names = set(session.scalars(select(m.Home.name).where(m.Home.is_childrens_home.is_(True))))
        assert names <= {"REDACTED"} | {row[col["Name"]] for row in expected_homes.values()}
        assert "REDACTED" in names
        inspection = session.scalars(select(m.Inspection).join(m.Home).where(m.Home.urn == "2611190")).one()
        assert (inspection.reference, inspection.status, inspection.source) == ("10224966", "published", "ofsted")
        areas = {j.area: (j.grade, j.wording) for j in inspection.judgements}
        assert areas["leadership"] == ("inadequate", "Inadequate")
        assert areas["helped_protected"] == ("requires_improvement", "Requires improvement to be good")
        others = session.scalars(select(m.Home).where(m.Home.is_childrens_home.is_(False))).all()
        assert {h.provision_type for h in others} >= {"Independent Fostering Agency", "Boarding School"}

    again = ingest_file("providers", REAL, db_url, progress=False)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, len(rows))


def _write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle).writerows(rows)
    return path


OLD_HEADER = ["URN", "Setting Name", "Provision Type", "Reg Status", "GOR", "LA", "Max/Estimated Places",
              "Sector", "Inspection Date", "Overall effectiveness", "The safety of children and young people",
              "Leadership and management"]
OLD_ROWS = [
    ["SC123456", "REDACTED", "Children's Home", "Active", "London", "Camden", "4.5", "Private", "03/02/2012",
     "Adequate", "Good", "Adequate"],
    ["123457", "Example Boarding School", "Boarding School", "Active", "South East", "Kent", "149", "Voluntary",
     "2011-11-20", "Outstanding", "Outstanding", "Good"],
    ["SC123458", "REDACTED", "Secure Children's Home", "Active", "North West", "Salford", "8.0",
     "Local Authority", "12/12/2012", "Inadequate", "Inadequate", "Requires improvement"],
]


def _check_old_layout(db: str) -> None:
    with sessions(db)() as session:
        homes = {h.urn: h for h in session.scalars(select(m.Home))}
        assert set(homes) == {"SC123456", "123457", "SC123458"}
        first = homes["SC123456"]
        assert (first.name, first.places, first.government_office_region, first.local_authority,
                first.registration_status, first.is_childrens_home) == (
            "REDACTED", 4.5, "London", "Camden", "Active", True)
        assert homes["123457"].is_childrens_home is False
        areas = {j.area: (j.grade, j.wording) for j in homes["SC123456"].inspections[0].judgements}
        assert areas == {"overall_effectiveness": ("requires_improvement", "Adequate"),
                         "safety": ("good", "Good"),
                         "leadership_and_management": ("requires_improvement", "Adequate")}
        latest = homes["SC123458"].inspections[0]
        assert latest.start_date.isoformat() == "2012-12-12" and latest.reference is None
    listed = {h["urn"]: h for h in list_homes(db, all_types=True)}
    assert listed["SC123456"]["latest_overall_grade"] == "requires_improvement"
    assert listed["SC123456"]["latest_overall_wording"] == "Adequate"
    assert listed["SC123456"]["region"] == "London"
    assert set(h["urn"] for h in list_homes(db)) == {"SC123456", "SC123458"}


@pytest.mark.parametrize("layout", ["header_row_1", "grouping_row_2", "titles_row_4", "windows_1252"])
def test_older_csv_layouts_map_by_meaning(sqlite_url: str, tmp_path: Path, layout: str) -> None:
    rows = [OLD_HEADER] + OLD_ROWS + [[""] * len(OLD_HEADER)] * 3  # trailing empty rows
    encoding = "utf-8"
    if layout == "grouping_row_2":
        rows = [["", "Setting", "", "", "", "", "", "", "Latest full inspection", "", "", ""]] + rows
    elif layout == "titles_row_4":
        rows = [["Children's social care data in England 2012"], ["Provider level"], ["Notes: estimates"]] + rows
    elif layout == "windows_1252":
        rows[1] = list(rows[1])
        rows[1][5] = "Camden"
        rows = [["Social care providers – £ estimates, café"]] + rows
        encoding = "cp1252"
    result = ingest_file("providers", _write_csv(tmp_path / "old.csv", rows, encoding), sqlite_url,
                         progress=False)
    assert result.exit_code == 0, (result.refused, result.rejected)
    assert (result.read, result.inserted) == (3, 3)
    if layout == "windows_1252":
        assert any("Windows-1252" in w for w in result.warnings)
    _check_old_layout(sqlite_url)


def test_xlsx_with_header_on_row_2_and_json(sqlite_url: str, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Notes"
    sheet.append(["Nothing here"])
    data = workbook.create_sheet("Providers")
    data.append(["Provider level data, 2012"])
    data.append(OLD_HEADER)
    for row in OLD_ROWS:
        cells: list[object] = list(row)
        cells[6] = float(row[6])  # places as spreadsheet numbers
        data.append(cells)
    data.append([None] * len(OLD_HEADER))
    path = tmp_path / "old.xlsx"
    workbook.save(path)
    refused = ingest_file("providers", path, sqlite_url, progress=False)  # first sheet holds no header
    assert refused.exit_code == 2 and "no header row" in refused.refused
    result = ingest_file("providers", path, sqlite_url, sheet="Providers", progress=False)
    assert result.exit_code == 0, (result.refused, result.rejected)
    assert result.unit == "row"
    _check_old_layout(sqlite_url)

    records = [dict(zip(OLD_HEADER, row, strict=True)) for row in OLD_ROWS]
    records[0]["Setting Name"] = "REDACTED"
    json_path = tmp_path / "old.json"
    json_path.write_text(json.dumps(records), encoding="utf-8")
    again = ingest_file("providers", json_path, sqlite_url, progress=False)
    assert (again.exit_code, again.unchanged) == (0, 3), again.summary()


def test_unknown_grade_wording_and_undated_judgements_are_rejected(sqlite_url: str, tmp_path: Path) -> None:
    rows = [OLD_HEADER, OLD_ROWS[0], list(OLD_ROWS[1]), list(OLD_ROWS[2])]
    rows[2][9] = "Very good"
    rows[3][8] = ""
    result = ingest_file("providers", _write_csv(tmp_path / "bad.csv", rows), sqlite_url, progress=False)
    assert result.exit_code == 1
    assert [(r.line, r.column, r.value) for r in result.rejected] == [
        (3, "Overall effectiveness", "Very good"), (4, "Inspection Date", "")]
    assert "not a grade Ofsted publishes" in result.rejected[0].reason
