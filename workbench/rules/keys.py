"""The stable keys scripts and other modules rely on, and parsing of grades and facts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from workbench.errors import UserError

AREAS: tuple[str, ...] = ("overall", "helped_protected", "leadership", "partnership")
GRADES: tuple[str, ...] = ("outstanding", "good", "requires_improvement", "inadequate")
PROGRESS_GRADES: tuple[str, ...] = ("good_progress", "limited_progress", "inadequate_progress")
FACTS: dict[str, type] = {
    "registered_manager_vacancy_weeks": int,
    "manager_qualification_overdue": bool,
    "staff_qualification_overdue": bool,
    "consecutive_ri_or_inadequate_progress": int,
}

_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def grade_rank(grade: str) -> int:
    """0 for outstanding ... 3 for inadequate (para 16); ``ValueError`` for anything else."""
    try:
        return GRADES.index(grade)
    except ValueError:
        raise ValueError(f"unknown grade {grade!r}; valid grades: {', '.join(GRADES)}") from None


def _squash(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text).strip().casefold()


def normalise_grade(wording: str) -> str | None:
    """The grade key for a published wording ("Requires improvement to be good" -> requires_improvement).

    Case and spacing are ignored; grade keys themselves are accepted. 'Adequate' maps to
    requires_improvement, which replaced it from 1 April 2014 (para 12). Empty text gives None;
    unknown wording raises ``ValueError`` listing the known wordings.
    """
    from workbench.rules.framework import load_framework

    if wording is None or not str(wording).strip():
        return None
    known = {_squash(text): grade for text, grade in load_framework().wordings.items()}
    known.update({_squash(grade): grade for grade in GRADES})
    squashed = _squash(str(wording))
    if squashed in known:
        return known[squashed]
    valid = ", ".join(repr(w) for w in load_framework().wordings)
    raise ValueError(f"unknown grade wording {wording!r}; known wordings: {valid} (or a grade key: {', '.join(GRADES)})")


def _split(pair: str, what: str) -> tuple[str, str]:
    if "=" not in pair:
        raise UserError(f"expected {what}=VALUE, got {pair!r}")
    key, _, value = pair.partition("=")
    return key.strip(), value.strip()


def validate_grades(pairs: Iterable[str]) -> dict[str, str]:
    """Parse ``AREA=GRADE`` strings; ``UserError`` listing the valid areas or grades."""
    grades: dict[str, str] = {}
    for pair in pairs:
        area, grade = _split(pair, "AREA")
        area, grade = area.lower(), grade.lower()
        if area not in AREAS:
            raise UserError(f"unknown area {area!r} in {pair!r}; valid areas: {', '.join(AREAS)}")
        if grade not in GRADES:
            raise UserError(f"unknown grade {grade!r} in {pair!r}; valid grades: {', '.join(GRADES)}")
        if area in grades and grades[area] != grade:
            raise UserError(f"area {area!r} given twice ({grades[area]} and {grade})")
        grades[area] = grade
    return grades


def parse_fact(name: str, value: object) -> int | bool:
    """One fact's value converted to its type (``FACTS``); ``ValueError`` with the reason."""
    if name not in FACTS:
        raise ValueError(f"unknown fact {name!r}; valid facts: {', '.join(FACTS)}")
    kind = FACTS[name]
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(f"fact {name} must be true or false, got {value!r}")
    if isinstance(value, bool):
        raise ValueError(f"fact {name} must be a whole number (0 or more), got {value!r}")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(f"fact {name} must be a whole number (0 or more), got {value!r}") from None
    if number < 0:
        raise ValueError(f"fact {name} must be a whole number (0 or more), got {value!r}")
    return number


def validate_facts(pairs: Iterable[str]) -> dict[str, object]:
    """Parse ``NAME=VALUE`` strings into typed facts; ``UserError`` listing the valid facts."""
    facts: dict[str, object] = {}
    for pair in pairs:
        name, value = _split(pair, "NAME")
        if name not in FACTS:
            valid = ", ".join(f"{key} ({kind.__name__})" for key, kind in FACTS.items())
            raise UserError(f"unknown fact {name!r} in {pair!r}; valid facts: {valid}")
        try:
            facts[name] = parse_fact(name, value)
        except ValueError as error:
            raise UserError(str(error)) from None
    return facts


def clean_facts(facts: Mapping[str, object] | None) -> dict[str, int | bool]:
    """Typed facts from a mapping, leaving out those not given (None)."""
    out: dict[str, int | bool] = {}
    for name, value in (facts or {}).items():
        if value is None:
            continue
        out[name] = parse_fact(name, value)
    return out
