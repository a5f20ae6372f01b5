"""Reading CSV (UTF-8 with or without BOM, Windows-1252), XLSX and JSON into numbered rows.

A reader yields ``(number, cells)`` for every row, title rows included; the header is
found afterwards by meaning (see `find_header`). Numbers are what a person sees: the
line of a CSV file, the row of a sheet, the record of a JSON array.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.ingest.columns import Column, match_header
from workbench.ingest.limits import Limits, counted, json_depth

#: How many rows from the top may hold titles before the header.
HEADER_SEARCH_ROWS = 12

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # big cells are rejected with a reason, not a crash


class FileRefused(Exception):
    """The file cannot be read as a whole: ``str(error)`` says why, for a person."""


Batch = tuple[list[int], list[list[Any]]]  # row numbers, rows
#: Rows per batch after the first (the first is small: it holds the header).
BATCH_ROWS = 20_000


def _batched(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[Batch]:
    size = HEADER_SEARCH_ROWS
    while True:
        chunk = list(itertools.islice(rows, size))
        if not chunk:
            return
        numbers, cells = zip(*chunk, strict=True)
        yield list(numbers), list(cells)
        size = BATCH_ROWS


@dataclass
class Source:
    """An opened file: its rows in batches and the word for a row number (line, row or record)."""

    path: Path
    unit: str
    batches: Iterator[Batch]
    size_hint: int = 0  # rows expected, for the progress bar
    notes: list[str] = field(default_factory=list)


def _format(path: Path, head: bytes) -> str:
    suffix = path.suffix.casefold()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".json":
        return "json"
    if suffix == ".xls":
        raise FileRefused("is an old Excel .xls workbook; save it as .xlsx or .csv and import that")
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        return "json"
    return "csv"


def open_source(path: Path, sheet: str | None = None, limits: Limits | None = None) -> Source:
    """Open a file by its format (extension, else its first bytes); `FileRefused` if unreadable.

    `limits` are checked before the rows are read where the file declares its size, and on the
    rows as they stream (`LimitExceeded`).
    """
    limits = limits or Limits()
    if not path.exists():
        raise FileRefused("does not exist")
    if path.is_dir():
        raise FileRefused("is a folder, not a file")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise FileRefused(f"cannot be read: {error.strerror}") from None
    kind = _format(path, head)
    if kind == "xlsx":
        source = _xlsx(path, sheet, limits)
    elif sheet:
        raise FileRefused("--sheet applies to XLSX workbooks only")
    elif kind == "json":
        source = _json(path, limits)
    else:
        source = _csv(path)
    source.batches = counted(source.batches, limits)
    return source


def decode(data: bytes) -> tuple[str, str]:
    """Text of a CSV file and the encoding used: UTF-8 (BOM or not), else Windows-1252."""
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise FileRefused("is neither UTF-8 nor Windows-1252 text (is it a CSV file?)") from None


def _csv(path: Path) -> Source:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise FileRefused("looks like a binary file, not CSV text")
    text, encoding = decode(data)  # a CSV's memory is its size; its rows are counted as they stream
    del data
    lines = text.count("\n") + 1
    notes = [] if encoding == "UTF-8" else [f"read as {encoding} (not UTF-8)"]

    def batches() -> Iterator[Batch]:
        handle = io.StringIO(text, newline="")
        reader = csv.reader(handle)
        base = 0  # lines read by earlier readers (a new reader starts after a re-read)
        line = 1  # where the next record starts
        size = HEADER_SEARCH_ROWS
        while True:
            offset = handle.tell()
            try:
                rows = list(itertools.islice(reader, size))
            except csv.Error:
                rows = None
            if rows is not None and not rows:
                return
            if rows is not None and base + reader.line_num - line + 1 == len(rows):
                numbers = list(range(line, line + len(rows)))  # no cell spans lines: one record a line
            else:  # cells with line breaks (or bad CSV): re-read this batch record by record
                handle.seek(offset)
                base, reader = line - 1, csv.reader(handle)
                numbers, rows = [], []
                start = line
                try:
                    for cells in itertools.islice(reader, size):
                        numbers.append(start)
                        rows.append(cells)
                        start = base + reader.line_num + 1
                except csv.Error as error:
                    raise FileRefused(f"line {start}: is not valid CSV ({error})") from None
            line = base + reader.line_num + 1
            yield numbers, rows
            size = BATCH_ROWS

    return Source(path, "line", batches(), lines, notes)


def _unpacked_bytes(path: Path) -> int:
    """The size of an XLSX (zip) workbook's members once unpacked, from its directory (nothing unpacked)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused("is not a readable XLSX workbook (not a zip archive)") from None


def _xlsx(path: Path, sheet: str | None, limits: Limits) -> Source:
    import openpyxl

    unpacked = _unpacked_bytes(path)
    if unpacked > limits.unpacked_mb * 1_000_000:
        raise limits.refuse("unpacked_mb", f"the workbook unpacks to {unpacked / 1e6:,.0f} MB "
                                           f"({path.stat().st_size / 1e6:,.1f} MB packed)")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise FileRefused(f"is not a readable XLSX workbook ({error.__class__.__name__})") from None
    if sheet:
        if sheet not in workbook.sheetnames:
            raise FileRefused(f"has no sheet {sheet!r}; its sheets are: {', '.join(workbook.sheetnames)}")
        worksheet = workbook[sheet]
    else:
        worksheet = workbook.worksheets[0]
    declared_rows, declared_columns = worksheet.max_row or 0, worksheet.max_column or 0  # its <dimension>
    try:
        if declared_rows > limits.rows:
            raise limits.refuse("rows", f"the sheet {worksheet.title!r} declares {declared_rows:,} rows")
        if declared_rows * declared_columns > limits.cells:
            raise limits.refuse("cells", f"the sheet {worksheet.title!r} declares {declared_rows:,} rows of "
                                         f"{declared_columns:,} columns ({declared_rows * declared_columns:,} cells)")
    except Exception:
        workbook.close()
        raise

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                yield number, list(values)
        finally:
            workbook.close()

    return Source(path, "row", _batched(rows()), worksheet.max_row or 0)


def _json(path: Path, limits: Limits) -> Source:
    text, _ = decode(path.read_bytes())
    depth = json_depth(text, limits.depth)
    if depth > limits.depth:  # before parsing: a deep value would exhaust the parser's recursion
        raise limits.refuse("depth", f"the JSON nests values more than {limits.depth} levels deep")
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileRefused(f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    except RecursionError:  # only with a raised --max-depth
        raise FileRefused(f"nests values {depth:,} levels deep, more than the JSON reader can follow") from None
    if not isinstance(records, list):
        raise FileRefused("must hold a JSON array of records ([{...}, {...}])")
    header: list[str] = []
    seen: set[str] = set()
    for record in records:
        if not isinstance(record, dict):
            raise FileRefused("must hold a JSON array of objects, one per record")
        for key in record:
            if key not in seen:
                seen.add(key)
                header.append(key)
    if len(records) + 1 > limits.rows:
        raise limits.refuse("rows", f"the file has {len(records):,} records")
    if (len(records) + 1) * len(header) > limits.cells:
        raise limits.refuse("cells", f"the file has {len(records):,} records of {len(header):,} keys")

    def rows() -> Iterator[tuple[int, list[Any]]]:
        yield 0, list(header)
        for number, record in enumerate(records, start=1):
            yield number, [_json_cell(record.get(key)) for key in header]

    return Source(path, "record", _batched(rows()), len(records))


def _json_cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


@dataclass
class Located:
    """The header row found in a file and the batches of rows after it."""

    number: int
    header: list[Any]
    batches: Iterator[Batch]
    titles: list[list[Any]] = field(default_factory=list)  # the rows above the header


def find_header(
    source: Source, columns: tuple[Column, ...], extra_headings: dict[str, str] | None = None
) -> Located:
    """Find the header among the first rows by meaning: the row naming the most known columns.

    Title rows and a grouping row above the header are skipped. A row naming every
    required column wins at once; otherwise the best-scoring row is used (and the
    caller reports the missing columns).
    """
    numbers: list[int] = []
    rows: list[list[Any]] = []
    for batch_numbers, batch_rows in source.batches:
        numbers += batch_numbers
        rows += batch_rows
        if len(rows) >= HEADER_SEARCH_ROWS:
            break
    best: tuple[int, int] | None = None  # (score, index)
    required = {c.field for c in columns if c.required}
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        match = match_header(cells, columns, extra_headings)
        score = len(match.positions) + len(match.extra)
        if score and required <= set(match.positions) and score >= min(2, len(columns)):
            best = (score, index)
            break
        if score and (best is None or score > best[0]):
            best = (score, index)
    if best is None:
        first = rows[0] if rows else []
        shown = ", ".join(str(c) for c in first if c not in (None, "")) or "nothing"
        raise FileRefused(f"has no header row naming this kind's columns in its first {HEADER_SEARCH_ROWS} "
                          f"rows (the first row holds: {shown[:300]})")
    index = best[1]
    rest = (numbers[index + 1:], rows[index + 1:])
    return Located(numbers[index], rows[index], itertools.chain([rest], source.batches), rows[:index])


__all__ = ["Batch", "FileRefused", "Located", "Source", "decode", "find_header", "open_source"]
