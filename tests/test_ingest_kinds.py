"""Every kind: its example imports, and bad rows are rejected with file/line/column/value/reason.

Runs on SQLite and PostgreSQL (fixture `db_url`).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from workbench.ingest import SPECS, ingest_file, rejected_rows
from workbench.store import models as m
from workbench.store.db import sessions

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ORDER = ["providers", "inspections", "judgements", "requirements", "recommendations", "notifications",
         "visits", "reviews", "complaints", "surveys", "children", "staff", "assignments"]

#: One good row per kind, by field name (field names are accepted headings), referring to the examples.
GOOD: dict[str, dict[str, Any]] = {
    "providers": {"urn": "SC990000", "provision_type": "Children's home", "name": "REDACTED",
                  "registration_date": "01/02/2020", "places": "4", "home_category": "general"},
    "inspections": {"reference": "T-INS-1", "urn": "SC870001", "inspection_type": "full",
                    "start_date": "01/03/2024", "end_date": "02/03/2024", "status": "draft"},
    "judgements": {"inspection_reference": "EX-FULL-0003", "area": "overall", "grade": "Good"},
    "requirements": {"reference": "T-REQ-1", "inspection_reference": "EX-FULL-0003", "regulation": "12",
                     "text": "Do the thing.", "due_date": "30/11/2023", "status": "met"},
    "recommendations": {"reference": "T-REC-1", "inspection_reference": "EX-FULL-0003",
                        "text": "Consider the thing.", "status": "not_met"},
    "notifications": {"reference": "T-N-1", "urn": "SC870001", "event_date": "05/05/2023",
                      "category": "missing", "summary": "Returned safe."},
    "visits": {"reference": "T-V-1", "urn": "SC870001", "visit_date": "05/05/2023",
               "safeguarding_opinion": "positive", "received_date": "07/05/2023"},
    "reviews": {"reference": "T-R-1", "urn": "SC870001", "period_end": "30/09/2023", "regulation": "45"},
    "complaints": {"reference": "T-C-1", "urn": "SC870001", "received_date": "05/05/2023",
                   "outcome": "upheld", "closed_date": "06/06/2023"},
    "surveys": {"reference": "T-S-1", "urn": "SC870001", "survey_date": "05/05/2023",
                "respondent_type": "child", "question": "Safe?", "sentiment": "positive"},
    "children": {"urn": "SC870001", "reference": "C-TEST", "admission_date": "05/05/2023",
                 "education_status": "in_school", "missing_episodes": "2"},
    "staff": {"urn": "SC870001", "reference": "ST-T1", "role": "care_staff", "start_date": "05/05/2023",
              "qualification_status": "enrolled"},
    "assignments": {"urn": "SC870001", "username": "t.inspector", "role": "inspector",
                    "start_date": "05/05/2023"},
}


def _key_field(kind: str) -> str:
    spec = SPECS[kind]
    return next(f for f in spec.key if f not in ("home_id", "inspection_id"))


def _variant(kind: str, n: int) -> dict[str, Any]:
    row = dict(GOOD[kind])
    key = _key_field(kind)
    row[key] = f"SC99{n:04d}" if key == "urn" else f"{row[key]}_v{n}"
    return row


def _bad_rows(kind: str) -> list[tuple[dict[str, Any], str, str]]:
    """(row, column, words expected in the reason) for each way this kind's rows can be wrong."""
    spec = SPECS[kind]
    cases: list[tuple[dict[str, Any], str, str]] = []
    key = _key_field(kind)
    required = next((c.field for c in spec.columns if c.required and c.field not in (
        key, "urn", "inspection_reference")), "urn")
    row = _variant(kind, 1)
    row[required] = "  "
    cases.append((row, required, "is empty, and this column is required"))
    dates = [c.field for c in spec.columns if c.kind.startswith("date") and c.field in GOOD[kind]]
    if dates:
        row = _variant(kind, 2)
        row[dates[0]] = "31/02/2023"
        cases.append((row, dates[0], "is not a real date"))
        row = _variant(kind, 3)
        row[dates[0]] = "05/05/23"
        cases.append((row, dates[0], "ambiguous"))
    choices = [c.field for c in spec.columns if c.kind.startswith("one of") and c.field in GOOD[kind]]
    if choices:
        row = _variant(kind, 4)
        row[choices[0]] = "banana"
        cases.append((row, choices[0], "is not one of"))
    if spec.parent == "home":
        row = _variant(kind, 5)
        row["urn"] = "SC000999"
        cases.append((row, "urn", "no home with this URN is in the store"))
    elif spec.parent == "inspection":
        row = _variant(kind, 5)
        row["inspection_reference"] = "NO-SUCH-INSPECTION"
        cases.append((row, "inspection_reference", "no inspection with this reference"))
    else:
        row = _variant(kind, 5)
        row["urn"] = "not a urn!"
        cases.append((row, "urn", "is not a URN"))
    if kind == "judgements":
        row = _variant(kind, 6)
        row["grade"] = "Very good"
        cases.append((row, "grade", "is not a grade Ofsted publishes"))
    return cases


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    fields: list[str] = []
    for row in rows:
        fields += [f for f in row if f not in fields]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _load_examples(db: str, upto: str) -> None:
    """The example homes and inspections the good rows refer to."""
    for kind in ORDER[:min(ORDER.index(upto), 2)]:
        (example,) = EXAMPLES.glob(f"{kind}.*")
        result = ingest_file(kind, example, db, progress=False)
        assert result.exit_code == 0, (kind, result.summary(), result.rejected)


def _count(db: str, model: type[m.Base]) -> int:
    with sessions(db)() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_every_example_imports_then_is_unchanged(db_url: str) -> None:
    examples = sorted(p for p in EXAMPLES.iterdir() if p.is_file())
    assert {p.stem for p in examples} == set(ORDER), "one example file per kind"
    for kind in ORDER:
        (example,) = [p for p in examples if p.stem == kind]
        result = ingest_file(kind, example, db_url, progress=False)
        assert result.exit_code == 0, (kind, result.summary(), result.rejected, result.warnings)
        assert result.inserted == result.read > 0, result.summary()
    for kind in ORDER:
        (example,) = [p for p in examples if p.stem == kind]
        again = ingest_file(kind, example, db_url, progress=False)
        assert (again.inserted, again.updated, again.unchanged) == (0, 0, again.read), again.summary()
    assert _count(db_url, m.Judgement) > 0 and _count(db_url, m.User) == 3


@pytest.mark.parametrize("kind", ORDER)
def test_bad_rows_are_rejected_with_reasons_and_good_rows_imported(db_url: str, tmp_path: Path,
                                                                   kind: str) -> None:
    _load_examples(db_url, kind if kind != "providers" else "providers")
    spec = SPECS[kind]
    before = _count(db_url, spec.model)
    cases = _bad_rows(kind)
    path = _write(tmp_path / f"{kind}.csv", [GOOD[kind]] + [row for row, _, _ in cases])
    result = ingest_file(kind, path, db_url, progress=False)
    assert result.exit_code == 1
    assert (result.read, result.inserted, len(result.rejected)) == (1 + len(cases), 1, len(cases))
    assert _count(db_url, spec.model) == before + 1
    for line, (rejection, (_row, column, words)) in enumerate(zip(result.rejected, cases, strict=True), start=3):
        assert rejection.line == line
        assert rejection.column == column
        assert words in rejection.reason
        described = rejection.describe(result.file)
        assert described.startswith(f"{path}, line {line}, column '{column}'")
    kept = rejected_rows(db_url, kind)
    assert [(r.line, r.column) for r in kept] == [(r.line, r.column) for r in result.rejected]
    assert all(r.original_row and r.reason for r in kept)

    # the corrected file: every row taken, the rejected rows cleared, the good row unchanged
    fixed = _write(tmp_path / f"{kind}.csv", [GOOD[kind]] + [_variant(kind, n) for n in range(1, len(cases) + 1)])
    again = ingest_file(kind, fixed, db_url, progress=False)
    assert again.exit_code == 0, again.rejected
    assert (again.inserted, again.unchanged) == (len(cases), 1)
    assert rejected_rows(db_url, kind) == []


@pytest.mark.parametrize("kind", ["notifications", "judgements"])
def test_missing_required_column_refuses_the_file(db_url: str, tmp_path: Path, kind: str) -> None:
    _load_examples(db_url, kind)
    spec = SPECS[kind]
    required = [c.field for c in spec.columns if c.required][-1]
    row = {k: v for k, v in GOOD[kind].items() if k != required}
    result = ingest_file(kind, _write(tmp_path / "f.csv", [row]), db_url, progress=False)
    assert result.exit_code == 2
    assert f"missing required column(s) {required}" in result.refused
    assert "Required columns:" in result.refused and "Columns found:" in result.refused
