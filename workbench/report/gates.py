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
from workbench.report.privacy_inputs import privacy_inputs
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
    for judgement in session.scalars(select(Judgement).where(Judgement.inspection_id == inspection.id)):
        found.append((f"the evidence summary of {judgement.area}", judgement.evidence_summary))
    for number, row in enumerate(session.scalars(select(Requirement).where(
            Requirement.inspection_id == inspection.id).order_by(Requirement.id)), start=1):
        found += [(f"requirement {number}", row.text), (f"requirement {number}'s regulation", row.regulation)]
    for number, recommendation in enumerate(session.scalars(select(Recommendation).where(
            Recommendation.inspection_id == inspection.id).order_by(Recommendation.id)), start=1):
        found += [(f"recommendation {number}", recommendation.text),
                  (f"recommendation {number}'s standard", recommendation.standard)]
    for note in session.scalars(select(InspectionNote).where(InspectionNote.inspection_id == inspection.id)
                                .order_by(InspectionNote.section, InspectionNote.key)):
        found.append((f"the {note.section.replace('_', ' ')} note {note.key}", note.text))
    return [(where, text) for where, text in found if text and text.strip()]


@readiness_check
def nothing_private_in_the_text(session: Session, inspection: Inspection) -> list[str]:
    """The privacy guard finds no home name, address, postcode or child reference in what people typed."""
    texts = user_texts(session, inspection)
    if not texts:
        return []
    private = privacy_inputs(session, inspection.home).as_kwargs()  # the same inputs as the export
    page = "".join(f"<h2>{escape(where)}</h2><p>{escape(text)}</p>" for where, text in texts)  # one pass
    reasons = []
    for hit in privacy.find(page, **private):
        reasons.append(f"Remove {hit.what} from {hit.section} (published reports are anonymised)")
    return reasons


@readiness_check
def exported_from_the_current_content(session: Session, inspection: Inspection) -> list[str]:
    """The latest export of the report was made from the content as it is now."""
    current = fingerprint.export_is_current(session, inspection)
    if current is None:
        return ["Produce the report (the page's \"Produce the report\" button, or workbench report URN) so it can be "
                "checked before submission"]
    if not current:
        return ["Produce the report again: the content changed since it was last exported"]
    return []
