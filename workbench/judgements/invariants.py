"""The framework's caps as an invariant of an inspection: every area re-checked against every rule.

A grade may be saved and later find itself above its cap: another area was graded lower afterwards
(para 13), or a store fact the rules read changed (paras 24, 37, 40; e.g. a registered-manager vacancy
recorded after leadership was graded). Such an area is a *violation*. Violations are computed from
what is stored *now* (grades, store facts as of the last day on site, the framework), so the order
of edits never matters; they are shown wherever grades are shown and they block submission, approval
and publication (`workbench.judgements.readiness`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from workbench.judgements import caps as caps_mod
from workbench.store.models import Inspection


@dataclass(frozen=True)
class Violation:
    """An area whose stored grade is better than the framework's limiting rules allow."""

    area: str
    grade: str
    max_grade: str
    reasons: tuple[tuple[str, str], ...]  # (paragraph, text)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: {area, grade, max_grade, reasons: [{paragraph, text}]}."""
        return {"area": self.area, "grade": self.grade, "max_grade": self.max_grade,
                "reasons": [{"paragraph": p, "text": t} for p, t in self.reasons]}

    def text(self) -> str:
        """One line for people: which area, its grade, the cap and the paragraphs that set it."""
        from workbench.rules import load_framework

        framework = load_framework()
        paras = ", ".join(dict.fromkeys(p for p, _ in self.reasons))
        return (f"{framework.area(self.area).short_title} is graded '{framework.grade_label(self.grade)}' but the "
                f"framework allows at most '{framework.grade_label(self.max_grade)}' (para {paras}): "
                "lower the grade")


def violations_of(grades: Mapping[str, str | None], facts: Mapping[str, object] | None) -> list[Violation]:
    """The violations of these grades given these store facts (every area, every rule)."""
    from workbench.rules import violations

    return [Violation(area, grade, cap.max_grade, tuple((r.paragraph, r.text) for r in cap.reasons))
            for area, grade, cap in violations(grades, facts)]


def check(session: Session, inspection: Inspection) -> list[Violation]:
    """The inspection's violations from what the store holds now (full inspections; interims have none)."""
    if inspection.inspection_type != "full":
        return []
    return violations_of(caps_mod.grades_of(session, inspection), caps_mod.facts_for(session, inspection))
