"""The report's review: draft -> submitted -> qa_approved -> published, with QA notes and audit rows.

Actions: ``submit`` (draft -> submitted), ``approve`` (submitted -> qa_approved, optional notes),
``return`` (submitted or qa_approved -> draft, notes required), ``publish`` (qa_approved ->
published, sets the publication date). Every changed field is written to the audit log in the
same transaction; the inspection's version guards against two people changing it at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm.exc import StaleDataError

from workbench.config import resolve_db_url
from workbench.errors import UserError
from workbench.report.data import find_home, find_inspection
from workbench.rules.timings import publication_deadline, working_days_between
from workbench.store import audit
from workbench.store.db import session_scope

STATUSES = ("draft", "submitted", "qa_approved", "published")
#: action -> (statuses it applies to, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": (("draft",), "submitted"),
    "approve": (("submitted",), "qa_approved"),
    "return": (("submitted", "qa_approved"), "draft"),
    "publish": (("qa_approved",), "published"),
}
ACTIONS = tuple(TRANSITIONS)


@dataclass(frozen=True)
class ReviewStatus:
    """Where an inspection's report stands."""

    urn: str
    inspection_id: int
    inspection_type: str
    status: str
    deadline: dt.date
    working_days_left: int
    publication_date: dt.date | None
    qa_reviewer: str | None
    qa_notes: str | None

    def lines(self) -> list[str]:
        """The status as lines of text for the terminal."""
        lines = [
            f"{self.urn} inspection {self.inspection_id} ({self.inspection_type}): {self.status}",
            f"publication deadline {self.deadline.isoformat()} (20 working days after the last day on site, para 9)"
            + ("" if self.status == "published" else f"; {self.working_days_left} working day(s) left"),
        ]
        if self.publication_date:
            lines.append(f"published {self.publication_date.isoformat()}")
        if self.qa_reviewer or self.qa_notes:
            lines.append(f"QA reviewer: {self.qa_reviewer or '-'}; notes: {self.qa_notes or '-'}")
        return lines


def _status(urn: str, inspection, today: dt.date) -> ReviewStatus:
    deadline = publication_deadline(inspection.end_date or inspection.start_date)
    return ReviewStatus(
        urn=urn, inspection_id=inspection.id, inspection_type=inspection.inspection_type, status=inspection.status,
        deadline=deadline, working_days_left=working_days_between(today, deadline),
        publication_date=inspection.publication_date, qa_reviewer=inspection.qa_reviewer, qa_notes=inspection.qa_notes,
    )


def show(urn: str, inspection_id: int | None, db: str | None, today: dt.date | None = None) -> ReviewStatus:
    """The review status of the inspection (the home's current one without an id)."""
    with session_scope(resolve_db_url(db)) as session:
        home = find_home(session, urn)
        inspection = find_inspection(session, home, inspection_id)
        return _status(home.urn, inspection, today or dt.date.today())


def change(
    urn: str,
    inspection_id: int | None,
    action: str,
    user: str,
    db: str | None,
    notes: str | None = None,
    today: dt.date | None = None,
) -> ReviewStatus:
    """Apply a review action (submit, approve, return, publish) and audit every changed field."""
    if action not in TRANSITIONS:
        raise UserError(f"unknown status action {action!r}; use one of {', '.join(ACTIONS)}")
    if action == "return" and not (notes and notes.strip()):
        raise UserError("returning a report needs QA notes saying what to change (--notes TEXT)")
    day = today or dt.date.today()
    try:
        with session_scope(resolve_db_url(db)) as session:
            home = find_home(session, urn)
            inspection = find_inspection(session, home, inspection_id)
            sources, target = TRANSITIONS[action]
            if inspection.status not in sources:
                raise UserError(
                    f"cannot {action} inspection {inspection.id} of {home.urn}: its report is {inspection.status}, "
                    f"and {action} applies to {' or '.join(sources)} reports"
                )
            changes: dict[str, object] = {"status": target}
            if action in ("approve", "return"):
                changes["qa_reviewer"] = user
                if notes is not None and notes.strip():
                    changes["qa_notes"] = notes.strip()
            if action == "publish":
                changes["publication_date"] = day
            for field, new in changes.items():
                old = getattr(inspection, field)
                if old != new:
                    setattr(inspection, field, new)
                    audit.record(session, user, "inspections", inspection.id, field, old, new,
                                 inspection_id=inspection.id)
            inspection.updated_by = user
            session.flush()
            return _status(home.urn, inspection, day)
    except StaleDataError:
        raise UserError(
            "someone else changed this inspection at the same time; nothing was changed, run the command again"
        ) from None
