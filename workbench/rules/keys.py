"""The stable keys scripts and other modules rely on, and parsing of grades and facts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from workbench.errors import UserError
from workbench.rules.framework import load_framework

_FRAMEWORK = load_framework()
#: The area keys, grade keys (best first, para 16) and interim progress keys (best first, para 47),
#: in framework.yaml's order.
AREAS: tuple[str, ...] = tuple(area.key for area in _FRAMEWORK.areas)
GRADES: tuple[str, ...] = tuple(grade["key"] for grade in _FRAMEWORK.grades)
PROGRESS_GRADES: tuple[str, ...] = tuple(point.key for point in _FRAMEWORK.progress_scale)
FACTS: dict[str, type] = {fact["key"]: {"int": int, "bool": bool}[fact["type"]] for fact in _FRAMEWORK.facts}


def grade_labels() -> dict[str, str]:
    """Grade key -> label ("requires_improvement" -> "Requires improvement"), best grade first."""
    return {grade["key"]: grade["label"] for grade in _FRAMEWORK.grades}


def progress_labels() -> dict[str, str]:
    """Interim progress key -> label (para 47), best first."""
    return {point.key: point.label for point in _FRAMEWORK.progress_scale}


def area_titles(short: bool = True) -> dict[str, str]:
    """Area key -> its short title ("Helped and protected"), or its full title if not `short`."""
    return {area.key: area.short_title if short else area.title for area in _FRAMEWORK.areas}


def published_wording(grade: str) -> str:
    """The wording Ofsted prints for a grade (the first framework.yaml lists: "Requires improvement to be good")."""
    return next(text for text, key in _FRAMEWORK.wordings.items() if key == grade)


def label_of(key: str | None, empty: str = "") -> str:
    """The label of a grade, progress or area key; a key the framework does not know (older
    frameworks' values) in words; `empty` for none."""
    if not key:
        return empty
    for labels in (grade_labels(), progress_labels(), area_titles()):
        if key in labels:
            return labels[key]
    return key.replace("_", " ").capitalize()


def progress_rank(key: str) -> int:
    """0 for good progress ... 2 for inadequate progress (para 47); ``ValueError`` for anything else."""
    try:
        return PROGRESS_GRADES.index(key)
    except ValueError:
        raise ValueError(f"unknown progress judgement {key!r}; valid: {', '.join(PROGRESS_GRADES)}") from None


def below_good(grade: str | None = None, progress: str | None = None) -> bool:
    """Whether a grade is below good (para 16) or a progress judgement below good progress (para 47)."""
    if grade in GRADES and grade_rank(grade) > grade_rank("good"):
        return True
    return progress in PROGRESS_GRADES and progress_rank(progress) > progress_rank("good_progress")


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
