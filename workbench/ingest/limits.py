"""How much one imported file may hold: each limit refuses the file, naming itself and its override.

A small hostile file must not exhaust memory or the store (issue 14): an XLSX of 3 MB can unpack
to millions of rows, a JSON file can nest a value a thousand levels deep, a file of rejected rows
would fill the rejected-rows table. Each limit is checked before memory is spent where the file
says its size up front (an XLSX's zip members and sheet dimension, a CSV's line count, a JSON
file's nesting and record count), and again while rows stream.

Defaults suit the largest real exports (Ofsted's release, a million notifications); raise one with
the command's option (``--max-rows`` …) or its setting (``WORKBENCH_INGEST_MAX_ROWS`` for rows; see workbench/settings.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from typing import Any

from workbench import settings
from workbench.errors import UserError
from workbench.settings import Setting


class LimitExceeded(Exception):
    """A file is over one of the limits; ``str(error)`` says which, by how much and how to raise it."""


@dataclass(frozen=True)
class Limit:
    """One limit's name in messages, option and setting."""

    field: str
    what: str
    option: str
    setting: Setting


@dataclass(frozen=True)
class Limits:
    """The limits of one import (every file of it)."""

    rows: int = 2_000_000  # rows read from one file, header and title rows included
    cells: int = 40_000_000  # rows x columns read from one file
    depth: int = 20  # nesting of brackets in a JSON file ([{...}] is 2)
    unpacked_mb: int = 1_024  # an XLSX workbook's unpacked (decompressed) size
    rejected: int = 10_000  # rejected rows of one file: more refuse the file, nothing is written

    def with_overrides(self, **values: int | None) -> Limits:
        """These limits with the given ones replaced (None keeps the current value)."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})

    def refuse(self, field: str, found: str) -> LimitExceeded:
        """The refusal for limit `field`, `found` saying what the file holds."""
        limit = LIMITS[field]
        value = getattr(self, field)
        return LimitExceeded(f"{found}, over the limit of {value:,} {limit.what} per file; if the file is "
                             f"genuine, raise the limit with {limit.option} N (or the setting {limit.setting.env})")


LIMITS = {
    "rows": Limit("rows", "rows", "--max-rows", settings.INGEST_MAX_ROWS),
    "cells": Limit("cells", "cells", "--max-cells", settings.INGEST_MAX_CELLS),
    "depth": Limit("depth", "levels of JSON nesting", "--max-depth", settings.INGEST_MAX_DEPTH),
    "unpacked_mb": Limit("unpacked_mb", "MB unpacked", "--max-unpacked-mb", settings.INGEST_MAX_UNPACKED_MB),
    "rejected": Limit("rejected", "rejected rows", "--max-rejected", settings.INGEST_MAX_REJECTED),
}


def from_settings() -> Limits:
    """The default limits, with any ingest limit setting applied (settings.INGEST_MAX_ROWS ...) (a bad one is a `UserError`)."""
    values: dict[str, int] = {}
    for item in fields(Limits):
        limit = LIMITS[item.name]
        text = limit.setting.value()
        if text is None or not text.strip():
            continue
        try:
            value = int(text.strip().replace("_", "").replace(",", ""))
        except ValueError:
            value = 0
        if value <= 0:
            raise UserError(f"the setting {limit.setting.env}={text!r} is not a positive whole number")
        values[item.name] = value
    return Limits(**values)


def counted(batches: Iterator[tuple[list[int], list[list[Any]]]], limits: Limits
            ) -> Iterator[tuple[list[int], list[list[Any]]]]:
    """Batches of rows as they stream, refused once there are more rows or cells than the limits allow."""
    count = cells = 0
    for numbers, rows in batches:
        count += len(rows)
        cells += sum(map(len, rows))
        if count > limits.rows:
            raise limits.refuse("rows", f"the file has more than {limits.rows:,} rows")
        if cells > limits.cells:
            raise limits.refuse("cells", f"the file has more than {limits.cells:,} cells")
        yield numbers, rows


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def json_depth(text: str, limit: int) -> int:
    """The deepest nesting of brackets in JSON `text`, stopping as soon as it passes `limit`."""
    depth = deepest = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif token in "]}":  # a string token is neither
            depth -= 1
    return deepest
