"""Turning one cell (text from CSV, or a native value from XLSX/JSON) into a typed value.

Every parser returns the value or raises `CellError` with a reason in plain words.
Blank cells (empty or only spaces) are `None` before a parser sees them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

#: Largest cell the store takes (characters); a bigger cell is rejected, never stored.
MAX_CELL_CHARS = 100_000


class CellError(ValueError):
    """A cell that cannot be read: ``str(error)`` is the reason for a person."""


_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2,4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DASHED_DMY = re.compile(r"^\d{1,2}[-.]\d{1,2}[-.]\d{2,4}$")


def is_blank(value: Any) -> bool:
    """True for a missing cell: None, or text that is empty or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def _real_date(year: int, month: int, day: int, raw: str) -> dt.date:
    if not 1 <= month <= 12:
        hint = " (dates are read day first, dd/mm/yyyy)" if 1 <= day <= 12 and "/" in raw else ""
        raise CellError(f"is not a real date: there is no month {month}{hint}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"is not a real date: month {month} of {year} has no day {day}") from None


def parse_date(value: Any) -> dt.date:
    """A date from ``dd/mm/yyyy`` or ``yyyy-mm-dd`` (or a spreadsheet date); never guesses.

    Two-digit years and ``dd-mm-yyyy`` are refused as ambiguous; impossible dates
    (31/02/2023, month 13) are refused, never swapped.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise CellError("is not a date in the form dd/mm/yyyy or yyyy-mm-dd")
    raw = value.strip()
    match = _UK.match(raw)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) != 4:
            raise CellError("is ambiguous: the year must have four digits (dd/mm/yyyy)")
        return _real_date(year, month, day, raw)
    match = _ISO.match(raw)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _real_date(year, month, day, raw)
    if _DASHED_DMY.match(raw):
        raise CellError("is ambiguous: write dates as dd/mm/yyyy or yyyy-mm-dd")
    raise CellError("is not a date in the form dd/mm/yyyy or yyyy-mm-dd")


def parse_float(value: Any) -> float:
    """A number such as ``4``, ``4.5`` or ``1,200`` (Ofsted publishes estimated places with decimals)."""
    if isinstance(value, bool):
        raise CellError("is not a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "")
        try:
            number = float(text)
        except ValueError:
            raise CellError("is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise CellError("is not a number")
    if number < 0:
        raise CellError("is negative; a count cannot be below zero")
    return number


def parse_int(value: Any) -> int:
    """A whole number (``3`` or ``3.0``); ``3.5`` is refused."""
    number = parse_float(value)
    if number != int(number):
        raise CellError("is not a whole number")
    return int(number)


_TRUE = {"y", "yes", "true", "1", "t"}
_FALSE = {"n", "no", "false", "0", "f"}


def make_bool(true_words: tuple[str, ...] = ()) -> Callable[[Any], bool]:
    """A yes/no parser; `true_words` adds labels meaning yes (Ofsted writes the column's name)."""
    extra = {word.casefold() for word in true_words}

    def parse_bool(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        if text in _TRUE or text in extra:
            return True
        if text in _FALSE:
            return False
        raise CellError("is not yes or no (write Yes/No, Y/N or True/False)")

    return parse_bool


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")


def make_choice(choices: tuple[str, ...], aliases: dict[str, str] | None = None) -> Callable[[Any], str]:
    """A parser for one of `choices`, forgiving case, spaces and hyphens ("Working towards")."""
    table = {_slug(choice): choice for choice in choices}
    for alias, choice in (aliases or {}).items():
        table[_slug(alias)] = choice
    listed = ", ".join(choices)

    def parse_choice(value: Any) -> str:
        key = _slug(str(value).strip() if not isinstance(value, float) else str(int(value)))
        try:
            return table[key]
        except KeyError:
            raise CellError(f"is not one of: {listed}") from None

    return parse_choice


_URN = re.compile(r"^[A-Z]{0,3}[0-9]{4,8}$")


def parse_urn(value: Any) -> str:
    """A URN as Ofsted writes it (``SC`` + 6 digits, 7 digits, older shapes); kept opaque."""
    if isinstance(value, bool):
        raise CellError("is not a URN")
    if isinstance(value, int | float):
        if value != int(value):
            raise CellError("is not a URN")
        value = str(int(value))
    text = str(value).strip().upper()
    if text.endswith(".0") and text[:-2].isdigit():  # a spreadsheet turned it into a number
        text = text[:-2]
    if not _URN.match(text):
        raise CellError("is not a URN (Ofsted writes them like SC123456 or 1234567)")
    return text


def make_text(max_chars: int | None) -> Callable[[Any], str]:
    """Free text stored as given (no HTML interpretation), bounded in size."""
    limit = min(max_chars or MAX_CELL_CHARS, MAX_CELL_CHARS)

    def parse_text(value: Any) -> str:
        if isinstance(value, float) and value == int(value):
            text = str(int(value))
        elif isinstance(value, dt.datetime | dt.date):
            text = value.isoformat()
        else:
            text = str(value)
        if len(text) > limit:
            raise CellError(f"is {len(text):,} characters long; at most {limit:,} fit here")
        if "\x00" in text:
            raise CellError("contains a NUL character, which cannot be stored")
        return text

    parse_text.limit = limit  # type: ignore[attr-defined]  # read by the column-wise fast path
    return parse_text


def make_code(max_chars: int | None) -> Callable[[Any], str]:
    """A short identifier (reference, username): text with surrounding spaces removed."""
    as_text = make_text(max_chars)

    def parse_code(value: Any) -> str:
        return as_text(value).strip()

    parse_code.limit = as_text.limit  # type: ignore[attr-defined]
    parse_code.strip = True  # type: ignore[attr-defined]
    return parse_code


def preview(value: Any, limit: int = 80) -> str:
    """A value shortened for a message or the rejected-rows table."""
    text = "" if value is None else str(value)
    if len(text) > limit:
        return f"{text[:limit]}… ({len(text):,} characters)"
    return text
