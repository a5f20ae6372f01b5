"""The frameworks Ofsted's releases publish judgements under, and every published grade wording.

The workbench's rules (framework.yaml) apply the 2014 framework only; judgements of other
frameworks are kept with their published wording and area. Only the overall judgement is
compared across frameworks, by its place on the four-point scale (para 16; 'Adequate' and
'Satisfactory' sit where 'requires improvement' sits, para 12).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from workbench.rules.keys import GRADES

PUBLISHED_FILE = Path(__file__).with_name("published.yaml")


@dataclass(frozen=True)
class PublishedFramework:
    """A framework Ofsted inspected children's homes under, and the date it came into force."""

    key: str
    title: str
    short: str
    in_force_from: dt.date | None


def _squash(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text).strip().casefold()


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    with PUBLISHED_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def frameworks() -> tuple[PublishedFramework, ...]:
    """The frameworks, oldest first."""
    out = []
    for entry in _data()["frameworks"]:
        start = entry.get("in_force_from")
        out.append(PublishedFramework(str(entry["key"]), entry["title"], entry["short"],
                                      dt.date.fromisoformat(str(start)) if start else None))
    return tuple(out)


def applied_framework() -> str:
    """The key of the one framework whose rules the workbench applies (2014)."""
    return str(_data()["applied"])


def framework(key: str) -> PublishedFramework:
    """The framework with this key; ``KeyError`` naming the keys otherwise."""
    for entry in frameworks():
        if entry.key == key:
            return entry
    raise KeyError(f"unknown framework {key!r}; known: {', '.join(f.key for f in frameworks())}")


def framework_at(day: dt.date) -> str:
    """The key of the framework in force on `day` (the latest that had come into force)."""
    current = frameworks()[0].key
    for entry in frameworks():
        if entry.in_force_from is None or entry.in_force_from <= day:
            current = entry.key
    return current


def framework_label(key: str | None) -> str:
    """A framework's short name for a page ("2011 evaluation schedule"); "" for none."""
    if not key:
        return ""
    try:
        return framework(key).short
    except KeyError:
        return key


def framework_note(key: str | None) -> str | None:
    """None when the workbench's rules apply to an inspection of this framework; else why not."""
    if not key or key == applied_framework():
        return None
    return (f"This inspection was made under the {framework_label(key)}; the workbench applies the rules "
            f"of the {framework_label(applied_framework())} only (Ofsted 130247), so its limiting rules "
            "and descriptors are not applied to it. Only its overall judgement is compared with other "
            "frameworks', by its place on the four-point scale (paras 12, 16).")


def overall_areas() -> frozenset[str]:
    """Area keys holding an inspection's overall judgement, in any framework."""
    return frozenset(_data()["overall_areas"])


@lru_cache(maxsize=1)
def _wordings() -> dict[str, str]:
    known = {_squash(text): grade for text, grade in _data()["wordings"].items()}
    known.update({_squash(grade): grade for grade in GRADES})
    return known


def published_wordings() -> tuple[str, ...]:
    """Every grade wording Ofsted has published, as published."""
    return tuple(_data()["wordings"])


def is_not_judged(wording: str | None) -> bool:
    """True for a blank cell or a wording meaning the area was not judged ("Not judged", "N/A")."""
    if wording is None or not str(wording).strip():
        return True
    return _squash(str(wording)) in {_squash(w) for w in _data()["not_judged"]}


def published_grade(wording: str | None) -> str | None:
    """The grade key of a published wording by its place on the scale; None when not judged.

    ``ValueError`` listing the published wordings for a wording Ofsted never used.
    """
    if is_not_judged(wording):
        return None
    squashed = _squash(str(wording))
    if squashed in _wordings():
        return _wordings()[squashed]
    valid = ", ".join(repr(w) for w in published_wordings())
    raise ValueError(f"unknown grade wording {wording!r}; known wordings: {valid}, or 'Not judged' / 'N/A' "
                     f"(or a grade key: {', '.join(GRADES)})")


def scale_place(grade: str) -> int:
    """1 for outstanding ... 4 for inadequate (para 16)."""
    return GRADES.index(grade) + 1
