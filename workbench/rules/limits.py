"""The limiting rules (paras 13, 24-25, 37, 39-43): the highest grade each area may have."""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass

from workbench.rules.framework import Rule, load_framework
from workbench.rules.keys import AREAS, GRADES, clean_facts, grade_rank

_OPS = {">": operator.gt, ">=": operator.ge, "==": operator.eq}


@dataclass(frozen=True)
class Reason:
    """Why an area is limited: the framework paragraph and the reason in words."""

    paragraph: str
    text: str
    likely: bool = False


@dataclass(frozen=True)
class Cap:
    """The highest grade an area may have, and every reason that limits it."""

    area: str
    max_grade: str
    reasons: tuple[Reason, ...]


def _clean_grades(grades: Mapping[str, str | None]) -> dict[str, str]:
    out: dict[str, str] = {}
    for area, grade in grades.items():
        if area not in AREAS or grade is None or grade == "":
            continue  # not yet given, or an older framework's area
        if grade not in GRADES:
            raise ValueError(f"unknown grade {grade!r} for {area}; valid grades: {', '.join(GRADES)}")
        out[area] = grade
    return out


def _fires(rule: Rule, grades: dict[str, str], facts: dict[str, int | bool]) -> bool:
    if rule.when_area is not None:
        return grades.get(rule.when_area) == rule.when_grade
    if rule.when_fact not in facts or rule.op is None:
        return False
    return bool(_OPS[rule.op](facts[rule.when_fact], rule.value))


def _reason(rule: Rule, label: str) -> Reason:
    text = rule.reason
    if rule.likely:
        text += (f" The rules cap this area at '{label}'; the inspector decides the grade within the cap,"
                 " weighing the impact on children and young people.")
    if rule.see_also:
        text += f" (See also paras {', '.join(rule.see_also)}.)"
    return Reason(paragraph=rule.paragraph, text=text, likely=rule.likely)


def caps(grades: Mapping[str, str | None], facts: Mapping[str, object] | None = None) -> dict[str, Cap]:
    """For every area, the highest grade the rules allow given the other grades and the facts.

    Missing or None grades are not yet given and limit nothing; facts not given limit nothing.
    An area no rule limits has max_grade ``outstanding`` and no reasons.
    """
    framework = load_framework()
    given = _clean_grades(grades)
    known = clean_facts(facts)
    result: dict[str, Cap] = {}
    for area in AREAS:
        fired = [r for r in framework.rules if r.target == area and _fires(r, given, known)]
        fired.sort(key=lambda r: -grade_rank(r.max_grade))
        max_grade = fired[0].max_grade if fired else GRADES[0]
        reasons = tuple(_reason(r, framework.grade_label(r.max_grade)) for r in fired)
        result[area] = Cap(area=area, max_grade=max_grade, reasons=reasons)
    return result


def violations(
    grades: Mapping[str, str | None], facts: Mapping[str, object] | None = None
) -> list[tuple[str, str, Cap]]:
    """(area, given grade, cap) for every given grade better than the rules allow."""
    limits = caps(grades, facts)
    given = _clean_grades(grades)
    return [
        (area, given[area], limits[area])
        for area in AREAS
        if area in given and grade_rank(given[area]) < grade_rank(limits[area].max_grade)
    ]


def allowed(
    area: str, grade: str, grades: Mapping[str, str | None], facts: Mapping[str, object] | None = None
) -> tuple[bool, Cap]:
    """Whether ``grade`` may be saved for ``area`` given the other grades and facts, and the cap.

    The area's own current grade is replaced by ``grade`` before the check.
    """
    if area not in AREAS:
        raise ValueError(f"unknown area {area!r}; valid areas: {', '.join(AREAS)}")
    grade_rank(grade)
    trial = dict(grades)
    trial[area] = grade
    cap = caps(trial, facts)[area]
    return grade_rank(grade) >= grade_rank(cap.max_grade), cap
