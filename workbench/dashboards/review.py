"""The inspection's review on the inspector dashboard: QA's return notes, the history, submit for QA.

Status changes go through `workbench.report.status.change` (audited, version-checked); the
history is read from the audit log. Every text shown is escaped.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import select

from workbench import html
from workbench.store.db import session_scope
from workbench.store.models import AuditEntry, Inspection

log = logging.getLogger(__name__)
STATUS_TEXT = {"draft": "Draft", "submitted": "Submitted for QA", "qa_approved": "QA approved",
               "published": "Published"}


@dataclass(frozen=True)
class Step:
    """One change of the inspection's review status."""

    at: dt.datetime
    user: str
    old: str | None
    new: str | None
    notes: str | None


def history(db: str, inspection_id: int) -> list[Step]:
    """The inspection's status changes, oldest first, each with the QA notes written with it."""
    with session_scope(db) as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "inspections", AuditEntry.entity_id == str(inspection_id),
                                     AuditEntry.field.in_(("status", "qa_notes")))
            .order_by(AuditEntry.at, AuditEntry.id)
        ).all()
        steps: list[Step] = []
        notes_at: dict[tuple[dt.datetime, str], str] = {
            (e.at.replace(microsecond=0), e.username): e.new_value for e in entries if e.field == "qa_notes"
        }
        for entry in entries:
            if entry.field == "status":
                steps.append(Step(entry.at, entry.username, entry.old_value, entry.new_value,
                                  notes_at.get((entry.at.replace(microsecond=0), entry.username))))
        return steps


def returned(db: str, inspection_id: int | None) -> tuple[str, str, dt.datetime | None] | None:
    """(reviewer, notes, when) if the inspection is a draft that QA sent back, else None."""
    if inspection_id is None:
        return None
    with session_scope(db) as session:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None or inspection.status != "draft" or not inspection.qa_reviewer:
            return None
        reviewer, notes = inspection.qa_reviewer, inspection.qa_notes or ""
    back = [s for s in history(db, inspection_id) if s.new == "draft"]
    return reviewer, notes, back[-1].at if back else None


def returned_notice(db: str, inspection_id: int | None, urn: str) -> html.Fragment:
    """A notice at the top of the home: the report was returned by QA, with the manager's notes."""
    found = returned(db, inspection_id)
    if found is None:
        return html.Fragment("")
    reviewer, notes, when = found
    on = f" on {when:%d %B %Y}" if when else ""
    return html.tag("div", html.join([
        html.tag("h2", f"Returned by QA{on}", class_="wb-heading-m"),
        html.paragraph(f"{reviewer} returned the report of {urn} (inspection {inspection_id}) with these notes:"),
        html.tag("div", notes or "(no notes)", class_="wb-user-text wb-return-notes"),
        html.paragraph(html.join(["Make the changes, produce the report again and ",
                                  html.tag("a", "submit it for QA", href="#wb-report-heading"), "."])),
    ]), class_="wb-returned", role="region", **{"aria_label": "Returned by QA"})


def history_table(db: str, inspection_id: int) -> html.Fragment:
    """The review history as a table (escaped)."""
    steps = history(db, inspection_id)
    if not steps:
        return html.paragraph("No review yet: the report has not been submitted for QA.", class_="wb-hint")
    rows = [[f"{s.at:%Y-%m-%d %H:%M}", s.user, STATUS_TEXT.get(s.old or "", s.old or "-"),
             STATUS_TEXT.get(s.new or "", s.new or "-"), html.tag("span", s.notes or "", class_="wb-user-text")]
            for s in steps]
    return html.table(rows, ["When", "Who", "From", "To", "QA notes"], caption="Review history",
                      class_="wb-table wb-review-history")
