"""Column definitions and matching a file's headings to them by meaning, not position."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def heading_key(heading: Any) -> str:
    """A heading reduced to its words: case, punctuation and spacing do not matter."""
    text = "" if heading is None else str(heading)
    text = text.replace("\ufeff", "").replace("’", "'").casefold()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


@dataclass(frozen=True)
class Column:
    """One column a kind of file may carry.

    ``field`` is the store field (or a name the loader resolves, such as ``urn``);
    ``kind`` is the value type shown in the documentation; ``parse`` turns a cell
    into the value; ``synonyms`` are other headings meaning the same thing.
    """

    field: str
    kind: str
    meaning: str
    parse: Callable[[Any], Any]
    required: bool = False
    synonyms: tuple[str, ...] = ()
    default: Any = None

    def headings(self) -> tuple[str, ...]:
        """Every heading accepted for this column (the field name first)."""
        return (self.field, *self.synonyms)


@dataclass
class HeaderMatch:
    """How a file's header row maps onto a kind's columns."""

    positions: dict[str, int] = field(default_factory=dict)  # field -> index in the row
    extra: dict[str, int] = field(default_factory=dict)  # other recognised headings (e.g. judgements)
    unknown: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def match_header(
    header: list[Any],
    columns: tuple[Column, ...],
    extra_headings: dict[str, str] | None = None,
    ignored_headings: tuple[str, ...] = (),
) -> HeaderMatch:
    """Map each heading to a column by its words; report unknown and repeated headings.

    `extra_headings` maps more heading keys to names the caller handles itself
    (the judgement columns of Ofsted files); `ignored_headings` are known and not stored.
    """
    lookup: dict[str, str] = {}
    for column in columns:
        for heading in column.headings():
            lookup[heading_key(heading)] = column.field
    extras = {heading_key(k): v for k, v in (extra_headings or {}).items()}
    ignored = {heading_key(h) for h in ignored_headings}
    result = HeaderMatch()
    for index, heading in enumerate(header):
        key = heading_key(heading)
        if not key:
            continue
        target = lookup.get(key)
        if target is not None:
            if target in result.positions:
                result.duplicates.append(str(heading))
            else:
                result.positions[target] = index
        elif key in extras:
            result.extra.setdefault(extras[key], index)
        elif key in ignored:
            result.ignored.append(str(heading))
        else:
            result.unknown.append(str(heading))
    return result


def score_header(
    header: list[Any], columns: tuple[Column, ...], extra_headings: dict[str, str] | None = None
) -> int:
    """How many cells of a candidate header row are headings of this kind."""
    match = match_header(header, columns, extra_headings)
    return len(match.positions) + len(match.extra)
