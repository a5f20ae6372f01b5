"""The stable keys scripts and other modules rely on, and parsing of grades and facts."""

from __future__ import annotations

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


def normalise_grade(wording: str) -> str | None:
    """The grade key for a published wording ("Requires improvement to be good" -> requires_improvement).

    Case and spacing are ignored; grade keys themselves are accepted. 'Adequate' (and the older
    'Satisfactory') map to requires_improvement, which replaced them from 1 April 2014 (para 12).
    Empty text, "Not judged" and "N/A" give None; unknown wording raises ``ValueError`` listing
    the known wordings (`workbench.rules.published`).
    """
    from workbench.rules.published import published_grade

    return published_grade(wording)


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
