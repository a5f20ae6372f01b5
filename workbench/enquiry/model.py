"""A drafted line of enquiry and the evidence records it cites."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.rules import AREAS

PRIORITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Draft:
    """A line of enquiry drafted by a rule: the question, the area it informs, priority and evidence."""

    rule_id: str
    key: str
    area: str
    priority: str
    question: str
    paragraph: str
    evidence: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.area not in AREAS:
            raise ValueError(f"area {self.area!r} is not one of {', '.join(AREAS)}")
        if self.priority not in PRIORITIES:
            raise ValueError(f"priority {self.priority!r} is not one of {', '.join(PRIORITIES)}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"rule_id": self.rule_id, "key": self.key, "area": self.area, "priority": self.priority,
                "question": self.question, "paragraph": self.paragraph, "evidence": list(self.evidence)}
