"""The 2014 framework loaded from ``framework.yaml`` into small frozen objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

FRAMEWORK_FILE = Path(__file__).with_name("framework.yaml")


@dataclass(frozen=True)
class Descriptor:
    """One bullet of a grade descriptor, e.g. ``helped_protected.good.3`` (para 31)."""

    id: str
    area: str
    grade: str
    paragraph: str
    text: str
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    """A judgement area with its descriptors per grade (best grade first)."""

    key: str
    title: str
    short_title: str
    kind: str
    paragraph: str
    descriptors: dict[str, list[Descriptor]]
    no_descriptors_note: dict[str, str] = field(default_factory=dict)
    introduction: tuple[str, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()  # (paragraph or footnote, text) qualifying the area

    def all_descriptors(self) -> list[Descriptor]:
        """Every descriptor of the area, outstanding first."""
        return [d for grade in self.descriptors for d in self.descriptors[grade]]


@dataclass(frozen=True)
class FocusArea:
    """One of the four focus areas of an interim inspection (para 46)."""

    key: str
    title: str
    paragraph: str
    text: str


@dataclass(frozen=True)
class ProgressGrade:
    """A point of the interim three-point scale (para 47)."""

    key: str
    label: str
    paragraph: str
    meaning: str


@dataclass(frozen=True)
class Rule:
    """A rule limiting one area's grade, triggered by another area's grade or by a fact."""

    id: str
    target: str
    max_grade: str
    paragraph: str
    reason: str
    likely: bool
    see_also: tuple[str, ...]
    when_area: str | None = None
    when_grade: str | None = None
    when_fact: str | None = None
    op: str | None = None
    value: Any = None

    @property
    def condition(self) -> str:
        """The trigger in words, e.g. ``helped_protected = inadequate``."""
        if self.when_area:
            return f"{self.when_area} = {self.when_grade}"
        return f"{self.when_fact} {self.op} {self.value}"


@dataclass(frozen=True)
class Framework:
    """The whole framework: areas, scale, rules, interim inspections, timings."""

    areas: list[Area]
    grades: list[dict[str, str]]
    focus_areas: list[FocusArea]
    progress_scale: list[ProgressGrade]
    rules: list[Rule]
    facts: list[dict[str, Any]]
    wordings: dict[str, str]
    timings: dict[str, Any]
    qualifications: dict[str, Any]
    interim: dict[str, Any]
    raw: dict[str, Any]

    def area(self, key: str) -> Area:
        """The area with this key; ``KeyError`` naming the valid keys otherwise."""
        for area in self.areas:
            if area.key == key:
                return area
        raise KeyError(f"unknown area {key!r}; valid areas: {', '.join(a.key for a in self.areas)}")

    def grade_label(self, grade: str) -> str:
        """The label of a grade key, e.g. ``requires_improvement`` -> ``Requires improvement``."""
        for entry in self.grades:
            if entry["key"] == grade:
                return entry["label"]
        raise KeyError(f"unknown grade {grade!r}; valid grades: {', '.join(g['key'] for g in self.grades)}")

    def progress_label(self, key: str) -> str:
        """The label of an interim progress judgement (para 47)."""
        for entry in self.progress_scale:
            if entry.key == key:
                return entry.label
        raise KeyError(f"unknown progress judgement {key!r}; valid: {', '.join(p.key for p in self.progress_scale)}")

    def descriptor(self, descriptor_id: str) -> Descriptor:
        """The descriptor with this id, e.g. ``leadership.good.1``."""
        for area in self.areas:
            for descriptor in area.all_descriptors():
                if descriptor.id == descriptor_id:
                    return descriptor
        raise KeyError(f"unknown descriptor {descriptor_id!r}")


def _area(entry: dict[str, Any]) -> Area:
    descriptors = {
        grade: [
            Descriptor(
                id=item["id"], area=entry["key"], grade=grade, paragraph=str(item["paragraph"]),
                text=item["text"], footnotes=tuple(item.get("footnotes", ())),
            )
            for item in items
        ]
        for grade, items in entry["descriptors"].items()
    }
    intro = entry.get("introduction") or {}
    return Area(
        key=entry["key"], title=entry["title"], short_title=entry["short_title"], kind=entry["kind"],
        paragraph=str(entry["paragraph"]), descriptors=descriptors,
        no_descriptors_note=dict(entry.get("no_descriptors_in_framework") or {}),
        introduction=tuple(intro.get("text", ())),
        notes=tuple((str(n["paragraph"]), n["text"]) for n in entry.get("notes", ())),
    )


def _rule(entry: dict[str, Any]) -> Rule:
    when = entry["when"]
    return Rule(
        id=entry["id"], target=entry["target"], max_grade=entry["max_grade"], paragraph=str(entry["paragraph"]),
        reason=entry["reason"], likely=bool(entry["likely"]), see_also=tuple(str(p) for p in entry.get("see_also", ())),
        when_area=when.get("area"), when_grade=when.get("grade"), when_fact=when.get("fact"),
        op=when.get("op"), value=when.get("value"),
    )


def parse_framework(data: dict[str, Any]) -> Framework:
    """Build a :class:`Framework` from the parsed YAML mapping."""
    interim = data["interim"]
    return Framework(
        areas=[_area(a) for a in data["areas"]],
        grades=list(data["scale"]["grades"]),
        focus_areas=[FocusArea(f["key"], f["title"], str(f["paragraph"]), f["text"]) for f in interim["focus_areas"]],
        progress_scale=[
            ProgressGrade(p["key"], p["label"], str(p["paragraph"]), p["meaning"]) for p in interim["progress_scale"]
        ],
        rules=[_rule(r) for r in data["rules"]],
        facts=list(data["facts"]),
        wordings=dict(data["grade_wordings"]["wordings"]),
        timings=dict(data["timings"]),
        qualifications=dict(data["qualifications"]),
        interim=dict(interim),
        raw=data,
    )


@lru_cache(maxsize=1)
def load_framework() -> Framework:
    """The framework from ``workbench/rules/framework.yaml`` (read once, then cached)."""
    with FRAMEWORK_FILE.open(encoding="utf-8") as handle:
        return parse_framework(yaml.safe_load(handle))
