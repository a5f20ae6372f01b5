"""Is an inspection ready to submit? A registry of checks, each giving the reasons it is not.

A check is a function ``(session, inspection) -> list[str]`` decorated with `@readiness_check`; the
gates (`workbench.report.status`), the widgets' checklist and ``workbench judgements --json`` all call
`readiness`. Other features add a check by registering one; checks that need the report layer (the
privacy guard on user-entered text, the export of the current content) live in
`workbench.report.gates` and are registered when `readiness` first runs (`CHECK_MODULES`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.judgements import invariants
from workbench.judgements.errors import NotFound
from workbench.store import lifecycle
from workbench.store.lifecycle import ReviewEvent
from workbench.store.models import Inspection, InspectionNote, Judgement, Requirement

Check = Callable[[Session, Inspection], list[str]]

#: Modules whose import registers more checks (higher layers; imported lazily by `readiness`).
CHECK_MODULES = ["workbench.report.gates", "workbench.judgements.challenge_check"]

_CHECKS: list[Check] = []


@dataclass(frozen=True)
class Readiness:
    """Whether the inspection may be submitted, and every reason it may not."""

    ready: bool
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: {ready, reasons}."""
        return {"ready": self.ready, "reasons": list(self.reasons)}

    def headline(self) -> str:
        """'Ready to submit' or '3 things before you can submit'."""
        if self.ready:
            return "Ready to submit"
        count = len(self.reasons)
        return f"{count} thing{'s' if count != 1 else ''} before you can submit"


def readiness_check(check: Check) -> Check:
    """Register `check` (run in registration order; registering twice is harmless)."""
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def registered() -> list[Check]:
    """The registered checks, after importing `CHECK_MODULES`."""
    for name in CHECK_MODULES:
        importlib.import_module(name)
    return list(_CHECKS)


def readiness(session: Session, inspection: Inspection) -> Readiness:
    """Run every registered check on the inspection as the store holds it now."""
    reasons: list[str] = []
    for check in registered():
        reasons.extend(check(session, inspection))
    return Readiness(not reasons, reasons)


# ---------------------------------------------------------------- the judgements' own checks


def _judgements(session: Session, inspection: Inspection) -> dict[str, Judgement]:
    rows = session.scalars(select(Judgement).where(Judgement.inspection_id == inspection.id))
    return {row.area: row for row in rows}


@readiness_check
def every_judgement_recorded(session: Session, inspection: Inspection) -> list[str]:
    """Full: every area graded. Interim: the progress judgement (para 47) and the four focus areas (para 46)."""
    from workbench.rules import AREAS, load_framework

    framework = load_framework()
    if inspection.inspection_type == "interim":
        reasons = []
        if not inspection.progress_judgement:
            reasons.append("Record the progress judgement (para 47)")
        notes = session.scalars(select(InspectionNote).where(
            InspectionNote.inspection_id == inspection.id, InspectionNote.section == "focus_area"))
        written = {n.key for n in notes if n.text and n.text.strip()}
        for focus in framework.focus_areas:
            if focus.key not in written:
                reasons.append(f"Write the focus area '{focus.title}' (para {focus.paragraph})")
        return reasons
    graded = {area for area, row in _judgements(session, inspection).items() if row.grade}
    return [f"Grade '{framework.area(area).short_title}' (para {framework.area(area).paragraph})"
            for area in AREAS if area not in graded]


@readiness_check
def no_grade_above_its_cap(session: Session, inspection: Inspection) -> list[str]:
    """No violation of the limiting rules (paras 13, 24-25, 37, 40, 42-43), with the facts as they are now."""
    return [violation.text() for violation in invariants.check(session, inspection)]


@readiness_check
def every_area_has_its_evidence(session: Session, inspection: Inspection) -> list[str]:
    """Full inspections: each area's evidence summary (the report's text for it) is written."""
    from workbench.rules import AREAS, load_framework

    if inspection.inspection_type != "full":
        return []
    framework = load_framework()
    rows = _judgements(session, inspection)
    return [f"Write the evidence summary of '{framework.area(area).short_title}'"
            for area in AREAS if not (rows.get(area) and (rows[area].evidence_summary or "").strip())]


@readiness_check
def every_requirement_is_complete(session: Session, inspection: Inspection) -> list[str]:
    """Each requirement made at this inspection has its regulation, its text and a due date."""
    reasons = []
    rows = session.scalars(select(Requirement).where(Requirement.inspection_id == inspection.id)
                           .order_by(Requirement.id))
    for number, row in enumerate(rows, start=1):
        missing = [name for name, value in (("regulation", row.regulation), ("text", row.text),
                                            ("due date", row.due_date))
                   if value is None or (isinstance(value, str) and not value.strip())]
        if missing:
            reasons.append(f"Requirement {number} needs its {' and '.join(missing)}")
    return reasons



@dataclass(frozen=True)
class Checklist:
    """What the widgets show beside the form: status, readiness, and the return notes still to act on."""

    status: str
    readiness: Readiness | None  # None once submitted (the record is frozen)
    returned: ReviewEvent | None


def checklist(db: str | None, inspection_id: int) -> Checklist:
    """The inspection's checklist as the store holds it now (one short session)."""
    from workbench.store.db import session_scope

    with session_scope(db) as session:
        inspection = session.get(Inspection, int(inspection_id))
        if inspection is None:
            raise NotFound(f"no inspection {inspection_id} in the store")
        ready = readiness(session, inspection) if lifecycle.is_editable(inspection.status) else None
        return Checklist(inspection.status, ready, lifecycle.open_return(session, inspection))
