"""Ingest never loses or half-writes: transactions, --strict, --dry-run, idempotence, bounds, CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from workbench.cli import main
from workbench.ingest import ingest_file, loader, readers, writer
from workbench.ingest.values import CellError, parse_date
from workbench.store import models as m
from workbench.store.db import sessions

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HEADER = "Reference,URN,Event date,Category,Summary,Child reference\n"


def _providers(db: str) -> None:
    assert ingest_file("providers", EXAMPLES / "providers.csv", db, progress=False).exit_code == 0


def _notifications(path: Path, count: int, summary: str = "Returned safe.", bad: set[int] = frozenset()) -> Path:
    lines = [HEADER]
    for i in range(count):
        date = "31/02/2023" if i in bad else f"{1 + i % 28:02d}/0{1 + i % 9}/2023"
        lines.append(f"N-{i:05d},SC870001,{date},missing,{summary},C-{i % 7}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _count(db: str, model: type[m.Base] = m.Notification) -> int:
    with sessions(db)() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_failure_part_way_leaves_the_store_as_before(db_url: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _providers(db_url)
    first = ingest_file("notifications", _notifications(tmp_path / "a.csv", 10), db_url, progress=False)
    assert first.inserted == 10
    monkeypatch.setattr(readers, "BATCH_ROWS", 50)
    monkeypatch.setattr(writer, "BATCH", 50)
    calls: list[int] = []

    def crash(written: int) -> None:
        calls.append(written)
        if len(calls) == 2:  # two batches are already in the database (inside the transaction)
            raise RuntimeError("simulated crash in the middle of the file")

    monkeypatch.setattr(loader, "_after_flush", crash)
    with pytest.raises(RuntimeError):
        ingest_file("notifications", _notifications(tmp_path / "b.csv", 400, summary="Changed."), db_url,
                    progress=False)
    assert len(calls) == 2 and 0 < calls[0] < calls[1] < 400
    assert _count(db_url) == 10
    with sessions(db_url)() as session:
        assert set(session.scalars(select(m.Notification.summary))) == {"Returned safe."}
        assert session.scalar(select(func.count()).select_from(m.RejectedRow)) == 0


def test_strict_and_dry_run_write_nothing(db_url: str, tmp_path: Path) -> None:
    _providers(db_url)
    path = _notifications(tmp_path / "n.csv", 20, bad={3, 7})
    strict = ingest_file("notifications", path, db_url, strict=True, progress=False)
    assert strict.exit_code == 2 and len(strict.rejected) == 2 and not strict.written
    assert "refused under --strict, nothing written" in strict.summary()
    dry = ingest_file("notifications", path, db_url, dry_run=True, progress=False)
    assert (dry.exit_code, dry.inserted, len(dry.rejected)) == (1, 18, 2)
    assert "dry run, nothing written: would be 20 read, 18 inserted" in dry.summary()
    assert _count(db_url) == 0 and _count(db_url, m.RejectedRow) == 0
    real = ingest_file("notifications", path, db_url, progress=False)
    assert (real.exit_code, real.inserted, _count(db_url), _count(db_url, m.RejectedRow)) == (1, 18, 18, 2)


def test_idempotent_and_a_corrected_file_updates_only_changed_rows(db_url: str, tmp_path: Path) -> None:
    _providers(db_url)
    path = _notifications(tmp_path / "n.csv", 30)
    assert ingest_file("notifications", path, db_url, progress=False).inserted == 30
    again = ingest_file("notifications", path, db_url, progress=False)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 30)
    text = path.read_text(encoding="utf-8").replace("N-00004,SC870001,05/05/2023,missing,Returned safe.",
                                                     "N-00004,SC870001,05/05/2023,restraint,Returned safe.")
    text = text.replace("N-00011,SC870001,12/03/2023,missing,Returned safe.,C-4",
                        "N-00011,8700003,12/03/2023,missing,<script>alert(1)</script>,C-4")
    path.write_text(text, encoding="utf-8")
    fixed = ingest_file("notifications", path, db_url, progress=False)
    assert (fixed.inserted, fixed.updated, fixed.unchanged) == (0, 2, 28)
    with sessions(db_url)() as session:
        row = session.scalars(select(m.Notification).where(m.Notification.reference == "N-00011")).one()
        assert row.summary == "<script>alert(1)</script>"  # stored as given, never interpreted
        assert row.event_date == dt.date(2023, 3, 12)


def test_encodings_unknown_columns_and_a_ten_megabyte_cell(sqlite_url: str, tmp_path: Path) -> None:
    _providers(sqlite_url)
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffReference,URN,Event date,Category,Summary,Colour\n"
                    "B-1,SC870001,2023-01-02,other,Café visit,blue\n".encode())
    result = ingest_file("notifications", bom, sqlite_url, progress=False)
    assert result.exit_code == 0
    assert result.warnings == [f"{bom}: column(s) not used for notifications and not imported: 'Colour' "
                               "(header on line 1; see docs/data-formats.md)"]
    ansi = tmp_path / "cp1252.csv"
    ansi.write_bytes("Reference,URN,Event date,Category,Summary\nW-1,SC870001,02/01/2023,other,"
                     "Cost £20 – “quoted”\n".encode("cp1252"))
    assert ingest_file("notifications", ansi, sqlite_url, progress=False).exit_code == 0
    huge = tmp_path / "huge.csv"
    huge.write_text(f"Reference,URN,Event date,Category,Summary\nH-1,SC870001,02/01/2023,other,"
                    f"{'x' * 10_000_000}\nH-2,SC870001,02/01/2023,other,fine\n", encoding="utf-8")
    big = ingest_file("notifications", huge, sqlite_url, progress=False)
    assert (big.exit_code, big.inserted, big.rejected[0].line, big.rejected[0].column) == (1, 1, 2, "Summary")
    assert "10,000,000 characters long" in big.rejected[0].reason
    with sessions(sqlite_url)() as session:
        summaries = dict(session.execute(select(m.Notification.reference, m.Notification.summary)).all())
        kept = session.scalars(select(m.RejectedRow)).one()
    assert summaries == {"B-1": "Café visit", "W-1": "Cost £20 – “quoted”", "H-2": "fine"}
    assert len(kept.value) < 2_000 and len(kept.original_row["Summary"]) < 2_000


@pytest.mark.parametrize(("text", "expected"), [
    ("05/04/2023", dt.date(2023, 4, 5)), ("5/4/2023", dt.date(2023, 4, 5)), ("2023-04-05", dt.date(2023, 4, 5)),
    ("2023-04-05T10:30:00", dt.date(2023, 4, 5)), ("29/02/2024", dt.date(2024, 2, 29)),
])
def test_dates_read_day_first_or_iso(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "words"), [
    ("29/02/2023", "month 2 of 2023 has no day 29"), ("04/13/2023", "there is no month 13"),
    ("12/25/2023", "no month 25 (dates are read day first"), ("05/04/23", "ambiguous"),
    ("05-04-2023", "ambiguous"), ("next Tuesday", "not a date"), ("2023-02-30", "has no day 30"),
])
def test_impossible_and_ambiguous_dates_are_errors(text: str, words: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_date(text)
    assert words in str(caught.value)


def test_cli_exit_codes_messages_and_rejected_listing(db_url: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "providers", str(EXAMPLES / "providers.csv"), "--db", db_url]) == 0
    assert "5 read, 5 inserted, 0 updated, 0 unchanged, 0 rejected" in capsys.readouterr().out
    path = _notifications(tmp_path / "n.csv", 5, bad={2})
    assert main(["ingest", "notifications", str(path), "--db", db_url]) == 1
    captured = capsys.readouterr()
    assert (f"rejected: {path}, line 4, column 'Event date', value '31/02/2023': is not a real date: "
            "month 2 of 2023 has no day 31") in captured.err
    assert "5 read, 4 inserted, 0 updated, 0 unchanged, 1 rejected" in captured.out
    assert main(["ingest", "rejected", "--kind", "notifications", "--db", db_url]) == 0
    listing = capsys.readouterr().out
    assert f"notifications: {path.resolve()}, line 4, column 'Event date', value '31/02/2023'" in listing
    assert "1 rejected row(s) of kind notifications" in listing
    path = _notifications(path, 5)
    assert main(["ingest", "notifications", str(path), "--db", db_url]) == 0
    assert "1 inserted, 0 updated, 4 unchanged, 0 rejected" in capsys.readouterr().out
    assert main(["ingest", "rejected", "--db", db_url]) == 0
    assert "0 rejected row(s)" in capsys.readouterr().out

    wrong = main(["ingest", "notifications", str(EXAMPLES / "staff.csv"), "--db", db_url])
    err = capsys.readouterr().err
    assert wrong == 2 and "refused, nothing imported" in err and "missing required column(s)" in err
    assert main(["ingest", "visits", str(tmp_path / "nope.csv"), "--db", db_url]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["ingest", "pets", str(path), "--db", db_url]) == 2
    assert "unknown kind 'pets'" in capsys.readouterr().err
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02garbage\xff\xfe")
    assert main(["ingest", "visits", str(binary), "--db", db_url]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_the_bad_example_file_explains_every_problem(sqlite_url: str) -> None:
    _providers(sqlite_url)
    result = ingest_file("notifications", EXAMPLES / "bad" / "notifications.csv", sqlite_url, progress=False)
    assert (result.exit_code, result.read, result.inserted) == (1, 8, 1)
    assert len(result.warnings) == 1 and "'Colour'" in result.warnings[0]
    got = [(r.line, r.column, r.value, r.reason) for r in result.rejected]
    assert got == [
        (3, "Event date", "31/02/2023", "is not a real date: month 2 of 2023 has no day 31"),
        (4, "Event date", "07/19/2023", "is not a real date: there is no month 19 (dates are read day first, "
                                        "dd/mm/yyyy)"),
        (5, "Event date", "03/07/23", "is ambiguous: the year must have four digits (dd/mm/yyyy)"),
        (6, "URN", "SC999999", "no home with this URN is in the store (import the providers file first)"),
        (7, "Category", "fire drill", "is not one of: missing, restraint, police_involvement, serious_injury, "
                                      "allegation, child_protection, serious_illness, death, other"),
        (8, "Reference", "", "is empty, and this column is required"),
        (9, None, "BAD-N-0001", "repeats BAD-N-0001, already on line 2 of this file"),
    ]


def test_line_numbers_stay_exact_after_cells_with_line_breaks(sqlite_url: str, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _providers(sqlite_url)
    monkeypatch.setattr(readers, "BATCH_ROWS", 3)  # the multi-line cell falls inside a later batch
    text = HEADER + "".join(f"M-{i},SC870001,01/01/2023,other,plain,C-1\n" for i in range(12))
    text += 'M-12,SC870001,01/01/2023,other,"first line\nsecond line\nthird line",C-1\n'
    text += "M-13,SC870001,01/01/2023,other,plain,C-1\nM-14,SC870001,99/01/2023,other,plain,C-1\n"
    path = tmp_path / "multi.csv"
    path.write_text(text, encoding="utf-8")
    result = ingest_file("notifications", path, sqlite_url, progress=False)
    assert (result.read, result.inserted) == (15, 14)
    assert [(r.line, r.value) for r in result.rejected] == [(18, "99/01/2023")]
    with sessions(sqlite_url)() as session:
        kept = session.scalar(select(m.Notification.summary).where(m.Notification.reference == "M-12"))
    assert kept == "first line\nsecond line\nthird line"
