"""A challenge rule, what it finds in the evidence, and the challenge put to the inspector.

A rule's evidence test does not depend on the grade: it gives a :class:`Finding` (or none)
for an area; the finding becomes a :class:`Challenge` when the area's grade is one the rule
questions. So a changed grade makes the challenge go away without re-reading the evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_FILE = Path(__file__).with_name("rules.yaml")
#: InspectionNote sections: the inspector's answer (the grade stands because ...), and a grade
#: changed while the challenge showed (recorded by the widgets).
ANSWER_SECTION = "challenge"
CHANGED_SECTION = "challenge_changed"


def answer_key(rule: str, area: str) -> str:
    """The InspectionNote key of a challenge's answer: rule id and area."""
    return f"{rule}:{area}"


def split_key(key: str) -> tuple[str, str]:
    """(rule, area) from an answer key."""
    rule, _, area = key.partition(":")
    return rule, area


@dataclass(frozen=True)
class Finding:
    """What a rule found in the evidence for one area, whatever the grade."""

    rule: str
    area: str
    grades: tuple[str, ...]  # the grades this finding questions
    paragraph: str
    text: str
    evidence: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def key(self) -> str:
        """The answer key."""
        return answer_key(self.rule, self.area)

    def applies(self, grade: str | None) -> bool:
        """Whether this finding questions the grade."""
        return grade is not None and grade in self.grades


@dataclass(frozen=True)
class Challenge:
    """A grade the data questions, with the figures and records, and the inspector's answer if any."""

    rule: str
    area: str
    grade: str
    paragraph: str
    text: str
    evidence: tuple[dict[str, Any], ...]
    answer: str | None

    @property
    def key(self) -> str:
        """The answer key."""
        return answer_key(self.rule, self.area)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (as `workbench judgements --json` prints it)."""
        return {"rule": self.rule, "area": self.area, "grade": self.grade, "paragraph": self.paragraph,
                "text": self.text, "evidence": list(self.evidence), "answer": self.answer}


@dataclass(frozen=True)
class ChallengeRule:
    """One rule: id, title, the areas it reads, the grades it questions, paragraph, thresholds, function."""

    id: str
    title: str
    areas: tuple[str, ...]
    grades: tuple[str, ...]
    paragraph: str
    params: dict[str, Any]
    function: Callable[..., Finding | None]

    def find(self, context: Any, area: str) -> Finding | None:
        """The rule's finding for one area (None: the evidence does not question this area)."""
        return self.function(context, self, area)

    def finding(self, area: str, text: str, evidence: list[dict[str, Any]]) -> Finding:
        """A finding of this rule."""
        return Finding(self.id, area, self.grades, self.paragraph, text, tuple(evidence))


@lru_cache(maxsize=1)
def load_rules() -> dict[str, dict[str, Any]]:
    """The rules' data from ``rules.yaml`` (read once)."""
    with RULES_FILE.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    from workbench.rules import AREAS, GRADES

    for rule_id, entry in data.items():
        for area in entry["areas"]:
            if area not in AREAS:
                raise ValueError(f"{RULES_FILE.name}: rule {rule_id}: unknown area {area!r}")
        for grade in entry["grades"]:
            if grade not in GRADES:
                raise ValueError(f"{RULES_FILE.name}: rule {rule_id}: unknown grade {grade!r}")
    return data
