"""Everything recorded for one inspection, read in one go (for the widgets, the CLI and reports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select

from workbench.errors import UserError
from workbench.judgements import caps as caps_mod
from workbench.judgements.errors import NotFound
from workbench.judgements.fields import Loaded
from workbench.judgements.inspections import previous_inspection
from workbench.judgements.invariants import Violation, violations_of
from workbench.store.db import sessions
from workbench.store.models import (
    DescriptorAssessment,
    Inspection,
    InspectionNote,
    Judgement,
    LineOfEnquiry,
    Recommendation,
    Requirement,
)

NOTE_LISTS = ("outstanding_practice", "priority_for_improvement")


@dataclass
class InspectionState:
    """One inspection as stored: every editable field with its record's version."""

    inspection: dict[str, Any]
    grades: dict[str, str | None]
    judgements: dict[str, dict[str, Any]]
    descriptors: dict[str, dict[str, Any]]
    notes: dict[str, list[dict[str, Any]]]
    focus_areas: dict[str, dict[str, Any]]
    requirements: list[dict[str, Any]]
    recommendations: list[dict[str, Any]]
    previous_requirements: list[dict[str, Any]]
    previous_recommendations: list[dict[str, Any]]
    lines_of_enquiry: list[dict[str, Any]]
    facts: dict[str, Any]
    caps: dict[str, Any]
    violations: list[Violation] = field(default_factory=list)
    fact_evidence: dict[str, list[str]] = field(default_factory=dict)
    # set when the inspection was made under another framework: its rules are not applied (rules.published)
    framework_note: str | None = None
    challenges: list[dict[str, Any]] = field(default_factory=list)  # workbench.challenges, JSON-ready
    challenge_context: Any = None  # the evidence the challenges were read from (widgets re-apply grades)

    @property
    def inspection_id(self) -> int:
        """The inspection's id."""
        return int(self.inspection["id"])

    def loaded(self, kind: str, key: Any, name: str) -> Loaded:
        """The version and value of one field as loaded (version 0: no record yet)."""
        if kind == "inspection":
            return Loaded(self.inspection["version"], self.inspection.get(name))
        if kind == "judgement":
            row = self.judgements.get(key)
        elif kind == "descriptor":
            row = self.descriptors.get(key)
        elif kind == "note":
            section, note_key = key
            if section == "focus_area":
                row = self.focus_areas.get(note_key)
            else:
                row = next((n for n in self.notes.get(section, []) if n["key"] == str(note_key)), None)
        else:
            pool = {"requirement": self.requirements + self.previous_requirements,
                    "recommendation": self.recommendations + self.previous_recommendations,
                    "line_of_enquiry": self.lines_of_enquiry}[kind]
            row = next((r for r in pool if r["id"] == int(key)), None)
        if row is None:
            return Loaded(0, "not_seen" if (kind, name) == ("descriptor", "status") else None)
        return Loaded(row["version"], row.get(name))


def _row(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    out = {name: getattr(obj, name) for name in names}
    out["version"] = obj.version
    out["updated_by"] = obj.updated_by
    return out


def _deadline(inspection: Inspection) -> dt.date | None:
    from workbench.rules.timings import publication_deadline

    return publication_deadline(inspection.end_date or inspection.start_date)


def _requirement(row: Requirement, deadline: dt.date | None) -> dict[str, Any]:
    out = _row(row, ("id", "inspection_id", "reference", "regulation", "text", "due_date", "status",
                     "status_evidence", "reviewed_at_inspection_id"))
    out["stated_at_feedback"] = bool(deadline and row.due_date and row.due_date <= deadline)
    return out


_REC = ("id", "inspection_id", "reference", "standard", "text", "status", "status_evidence",
        "reviewed_at_inspection_id")


def load_state(db: str | None, inspection_id: int) -> InspectionState:
    """Read one inspection's judgements, checklists, notes, requirements, caps and lines of enquiry."""
    from workbench.rules import caps as rule_caps
    from workbench.rules import framework_note

    session = sessions(db)()
    try:
        inspection = session.get(Inspection, int(inspection_id))
        if inspection is None:
            raise NotFound(f"no inspection {inspection_id} in the store")
        deadline = _deadline(inspection)
        head = _row(inspection, ("id", "home_id", "inspection_type", "start_date", "end_date", "status",
                                 "lead_inspector", "progress_judgement", "service_of_concern",
                                 "case_review_note", "enforcement_action"))
        head.update(urn=inspection.home.urn, publication_deadline=deadline)
        judgements = {
            row.area: _row(row, ("id", "area", "grade", "wording", "evidence_summary"))
            for row in session.scalars(select(Judgement).where(Judgement.inspection_id == inspection.id))
        }
        descriptors = {
            row.descriptor_id: _row(row, ("id", "area", "descriptor_id", "status", "note"))
            for row in session.scalars(select(DescriptorAssessment).where(
                DescriptorAssessment.inspection_id == inspection.id))
        }
        notes: dict[str, list[dict[str, Any]]] = {section: [] for section in NOTE_LISTS}
        focus: dict[str, dict[str, Any]] = {}
        for row in session.scalars(select(InspectionNote).where(InspectionNote.inspection_id == inspection.id)
                                   .order_by(InspectionNote.id)):
            entry = _row(row, ("id", "section", "key", "text"))
            if row.section == "focus_area":
                focus[row.key] = entry
            else:
                notes.setdefault(row.section, []).append(entry)
        own_req = session.scalars(select(Requirement).where(Requirement.inspection_id == inspection.id)
                                  .order_by(Requirement.id))
        own_rec = session.scalars(select(Recommendation).where(Recommendation.inspection_id == inspection.id)
                                  .order_by(Recommendation.id))
        previous = previous_inspection(session, inspection)
        prev_ids = [previous.id] if previous is not None else []
        prev_req = session.scalars(select(Requirement).where(
            or_(Requirement.inspection_id.in_(prev_ids), Requirement.reviewed_at_inspection_id == inspection.id),
            Requirement.inspection_id != inspection.id).order_by(Requirement.id))
        prev_rec = session.scalars(select(Recommendation).where(
            or_(Recommendation.inspection_id.in_(prev_ids),
                Recommendation.reviewed_at_inspection_id == inspection.id),
            Recommendation.inspection_id != inspection.id).order_by(Recommendation.id))
        loes = session.scalars(select(LineOfEnquiry).where(
            LineOfEnquiry.home_id == inspection.home_id,
            or_(LineOfEnquiry.inspection_id == inspection.id, LineOfEnquiry.inspection_id.is_(None)),
            LineOfEnquiry.status != "rejected").order_by(LineOfEnquiry.id))
        grades = caps_mod.grades_of(session, inspection)
        facts = caps_mod.facts_for(session, inspection)
        other = framework_note(inspection.framework)
        context, found = _challenges(session, inspection)
        return InspectionState(
            inspection=head,
            grades=grades,
            judgements=judgements,
            descriptors=descriptors,
            notes=notes,
            focus_areas=focus,
            requirements=[_requirement(r, deadline) for r in own_req],
            recommendations=[_row(r, _REC) for r in own_rec],
            previous_requirements=[_requirement(r, None) for r in prev_req],
            previous_recommendations=[_row(r, _REC) for r in prev_rec],
            lines_of_enquiry=[_row(r, ("id", "inspection_id", "area", "priority", "question", "evidence",
                                       "status", "finding")) for r in loes],
            facts=facts,
            caps={} if other else rule_caps(grades, facts),
            violations=violations_of(grades, facts) if inspection.inspection_type == "full" and not other else [],
            fact_evidence=caps_mod.fact_evidence(session, inspection),
            framework_note=other,
            challenges=found,
            challenge_context=context,
        )
    finally:
        session.close()


def _challenges(session: Any, inspection: Inspection) -> tuple[Any, list[dict[str, Any]]]:
    """The evidence challenges of a full inspection (issue 16) and the context they were read from."""
    from workbench.challenges import answers_of, challenges_from, context_for, findings

    if inspection.inspection_type != "full":
        return None, []
    try:
        context = context_for(session, inspection)
    except UserError:  # e.g. an imported inspection dated before the home's registration: no evidence picture
        return None, []
    found = challenges_from(findings(context), context.grades, answers_of(session, inspection.id))
    return context, [_jsonable(c.to_dict()) for c in found]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if k not in ("updated_by",)}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def summary(state: InspectionState) -> dict[str, Any]:
    """What is recorded, as plain JSON-ready data (grades, caps and reasons, requirements, ...)."""
    from workbench.rules import load_framework

    framework = load_framework()
    head = dict(state.inspection)
    out: dict[str, Any] = {
        "urn": head["urn"],
        "inspection": _jsonable({k: head[k] for k in ("id", "inspection_type", "start_date", "end_date",
                                                      "status", "lead_inspector", "publication_deadline")}),
        "facts": _jsonable(state.facts),
        "grades": dict(state.grades),
        "evidence": {area: (state.judgements.get(area) or {}).get("evidence_summary") for area in state.grades},
        "caps": {
            area: {"max_grade": cap.max_grade,
                   "reasons": [{"paragraph": r.paragraph, "text": r.text, "likely": r.likely} for r in cap.reasons]}
            for area, cap in state.caps.items()
        },
        "violations": [v.as_dict() for v in state.violations],
        "fact_evidence": state.fact_evidence,
        "requirements": _jsonable(state.requirements),
        "recommendations": _jsonable(state.recommendations),
        "previous_requirements": _jsonable(state.previous_requirements),
        "previous_recommendations": _jsonable(state.previous_recommendations),
        "outstanding_practice": [n["text"] for n in state.notes.get("outstanding_practice", [])],
        "priorities_for_improvement": [n["text"] for n in state.notes.get("priority_for_improvement", [])],
        "lines_of_enquiry": _jsonable([{k: v for k, v in loe.items() if k != "evidence"}
                                       for loe in state.lines_of_enquiry]),
        "descriptors": {key: d["status"] for key, d in sorted(state.descriptors.items())},
        "challenges": list(state.challenges),
    }
    if head["inspection_type"] == "interim":
        judgement = head.get("progress_judgement")
        out["progress_judgement"] = judgement
        out["progress_label"] = framework.progress_label(judgement) if judgement else None
        out["service_of_concern"] = bool(head.get("service_of_concern"))
        out["case_review_note"] = head.get("case_review_note")
        out["focus_areas"] = {f.key: (state.focus_areas.get(f.key) or {}).get("text")
                              for f in framework.focus_areas}
    return out
