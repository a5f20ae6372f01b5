"""Parsing a batch of rows column by column (fast for a million rows).

Repeating values (dates, choices, URNs, numbers) are parsed once per distinct value;
free text is checked with comprehensions. Problems are collected per row index as
``(heading, value, reason)``.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workbench.ingest.values import CellError, is_blank

Problems = dict[int, list[tuple[str | None, Any, str]]]
_BLANK = object()
_MISSING = object()


@dataclass(frozen=True)
class Planned:
    """One column of the file to read: where it is and how to parse it."""

    field: str
    index: int
    heading: str
    parse: Callable[[Any], Any]
    required: bool
    default: Any
    text: bool  # free text or identifier: not worth caching
    # cell -> parsed value (or CellError); `dataclasses.field`, as the attribute `field` above hides the name here
    cache: dict[Any, Any] = dataclasses.field(default_factory=dict)


def columns_of(numbers: list[int], rows: list[list[Any]], probe: int
              ) -> tuple[list[int], list[list[Any]], list[tuple[Any, ...]]]:
    """The rows that are not empty, and their cells column by column (short rows padded).

    Only rows whose `probe` cell (a required column) is blank can be empty rows, so
    only those are looked at cell by cell.
    """
    columns = list(itertools.zip_longest(*rows))
    if not columns:
        return [], [], []
    probed = columns[probe] if probe < len(columns) else (None,) * len(rows)
    try:  # text cells, none empty or starting with a space: no row can be empty (the usual case)
        lowest = min(probed)
        maybe_empty = not lowest or lowest[0].isspace()
    except (TypeError, ValueError):
        maybe_empty = True
    empty = [i for i, cell in enumerate(probed)
             if (cell is None or cell == "" or (cell.__class__ is str and cell.isspace()))
             and all(is_blank(c) for c in rows[i])] if maybe_empty else []
    if empty:
        drop = set(empty)
        numbers = [n for i, n in enumerate(numbers) if i not in drop]
        rows = [r for i, r in enumerate(rows) if i not in drop]
        columns = list(itertools.zip_longest(*rows))
    return numbers, rows, columns


def parse_column(plan: Planned, raw: tuple[Any, ...], problems: Problems) -> list[Any]:
    """The parsed values of one column; problems are added by row index."""
    if plan.text:
        return _text_column(plan, raw, problems)
    known = plan.cache  # distinct values parsed in earlier batches of the file
    table: dict[Any, Any] = {}
    for value in set(raw):
        parsed = known.get(value, _MISSING)
        if parsed is _MISSING:
            if value is None or (value.__class__ is str and (not value or value.isspace())):
                parsed = _BLANK
            else:
                try:
                    parsed = plan.parse(value)
                except CellError as error:
                    parsed = error
            if len(known) < 200_000:
                known[value] = parsed
        table[value] = parsed
    values = list(map(table.__getitem__, raw))
    bad = {v for v, parsed in table.items() if parsed.__class__ is CellError or
           (parsed is _BLANK and plan.required)}
    blank = any(parsed is _BLANK for parsed in table.values())
    if bad or blank:
        for i, parsed in enumerate(values):
            if parsed is _BLANK:
                values[i] = plan.default
                if plan.required:
                    problems.setdefault(i, []).append((plan.heading, "", "is empty, and this column is required"))
            elif parsed.__class__ is CellError:
                values[i] = None
                problems.setdefault(i, []).append((plan.heading, raw[i], str(parsed)))
    return values


def _text_column(plan: Planned, raw: tuple[Any, ...], problems: Problems) -> list[Any]:
    limit = getattr(plan.parse, "limit", None)
    strip = getattr(plan.parse, "strip", False)
    try:
        joined = "".join(raw)  # TypeError unless every cell is text (CSV): then the fast path
    except TypeError:
        return _slow_column(plan, raw, problems)
    if limit is None:
        return _slow_column(plan, raw, problems)
    if strip:
        values: list[Any] = list(map(str.strip, raw))
        if "" in values:
            values = [v or None for v in values]
    else:  # free text as given; a cell of only spaces is a blank cell
        values = list(raw)
        lowest = min(values, default="x")
        if not lowest or lowest[0].isspace():
            values = [v if v and not v.isspace() else None for v in values]
    suspicious: list[int] = []
    if "\x00" in joined or max(map(len, raw), default=0) > limit:
        suspicious = [i for i, v in enumerate(values) if v is not None and (len(v) > limit or "\x00" in v)]
    if plan.required:
        suspicious += [i for i, v in enumerate(values) if v is None]
    for i in suspicious:
        if values[i] is None:
            values[i] = plan.default
            problems.setdefault(i, []).append((plan.heading, "", "is empty, and this column is required"))
            continue
        try:
            plan.parse(values[i])
        except CellError as error:
            problems.setdefault(i, []).append((plan.heading, raw[i], str(error)))
            values[i] = None
    if not plan.required and plan.default is not None:
        values = [plan.default if v is None else v for v in values]
    return values


def _slow_column(plan: Planned, raw: tuple[Any, ...], problems: Problems) -> list[Any]:
    values: list[Any] = []
    for i, value in enumerate(raw):
        if is_blank(value):
            if plan.required:
                problems.setdefault(i, []).append((plan.heading, "", "is empty, and this column is required"))
            values.append(plan.default)
            continue
        try:
            values.append(plan.parse(value))
        except CellError as error:
            problems.setdefault(i, []).append((plan.heading, value, str(error)))
            values.append(None)
    return values
