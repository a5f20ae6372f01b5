"""Readiness checks that need the report layer: the privacy guard on what people typed, and the export.

Registered with `workbench.judgements.readiness` (which imports this module when it first runs):
- the privacy guard (`workbench.report.privacy.find`, the same guard as the export) finds nothing in
  any user-entered text of the inspection: evidence summaries, requirements, recommendations, notes;
- the report has been exported from the current content (the latest `report_exports` row's
  fingerprint equals the fingerprint of the content now, `workbench.report.fingerprint`).
"""

from __future__ import annotations

from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.judgements.readiness import readiness_check
from workbench.report import fingerprint, privacy
from workbench.store.models import (
    Inspection,
    InspectionNote,
    Judgement,
    Recommendation,
    Requirement,
)


def user_texts(session: Session, inspection: Inspection) -> list[tuple[str, str]]:
    """(where, text) for every text a person entered for this inspection."""
    found: list[tuple[str, str | None]] = [
        ("the case review note", inspection.case_review_note),
        ("the enforcement action", inspection.enforcement_action),
    ]
    for row in session.scalars(select(Judgement).where(Judgement.inspection_id == inspection.id)):
        found.append((f"the evidence summary of {row.area}", row.evidence_summary))
    for number, row in enumerate(session.scalars(select(Requirement).where(
            Requirement.inspection_id == inspection.id).order_by(Requirement.id)), start=1):
        found += [(f"requirement {number}", row.text), (f"requirement {number}'s regulation", row.regulation)]
    for number, row in enumerate(session.scalars(select(Recommendation).where(
            Recommendation.inspection_id == inspection.id).order_by(Recommendation.id)), start=1):
        found += [(f"recommendation {number}", row.text), (f"recommendation {number}'s standard", row.standard)]
    for row in session.scalars(select(InspectionNote).where(InspectionNote.inspection_id == inspection.id)
                               .order_by(InspectionNote.section, InspectionNote.key)):
        found.append((f"the {row.section.replace('_', ' ')} note {row.key}", row.text))
    return [(where, text) for where, text in found if text and text.strip()]


@readiness_check
def nothing_private_in_the_text(session: Session, inspection: Inspection) -> list[str]:
    """The privacy guard finds no home name, address, postcode or child reference in what people typed."""
    home = inspection.home
    private = {"name": home.name, "postcode": home.postcode,
               "address_lines": tuple(a for a in (home.address1, home.address2) if a and a.strip()),
               "child_references": tuple(c.reference for c in home.children)}
    reasons = []
    for where, text in user_texts(session, inspection):
        hits = privacy.find(f"<h2>{escape(where)}</h2><p>{escape(text)}</p>", **private)  # type: ignore[arg-type]
        for hit in hits:
            reasons.append(f"Remove {hit.what} from {where} (published reports are anonymised)")
    return reasons


@readiness_check
def exported_from_the_current_content(session: Session, inspection: Inspection) -> list[str]:
    """The latest export of the report was made from the content as it is now."""
    current = fingerprint.export_is_current(session, inspection)
    if current is None:
        return ["Export the report (workbench report URN) so it can be checked before submission"]
    if not current:
        return ["Export the report again: the content changed since it was last exported"]
    return []
