"""The inspection lifecycle: statuses, transitions, who may make each, and which inspection is current.

An inspection's report moves ``draft -> submitted -> qa_approved -> published``; ``return`` sends a
submitted or approved report back to ``draft``. This module is the one place that lists the statuses
and answers "which inspection of this home is *current*, *open*, *editable*, *latest published*";
report, batch, widgets, dashboards, analysis and the CLI ask it.

- *open*: the report is not yet published (draft, submitted, QA approved).
- *current*: the home's latest open inspection (on a visit date when one is given).
- *editable*: a draft; once submitted the record is frozen until a manager returns it.
- *completed*: submitted or later: the visit happened and its findings stand (visit-plan periods).
- *reviewed*: QA approved or published.
- *latest published*: the home's latest published inspection (of a type when given).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from workbench.store.models import Home, Inspection

STATUSES = ("draft", "submitted", "qa_approved", "published")
#: The status a new inspection starts in, and the one whose report is public.
INITIAL, PUBLISHED = STATUSES[0], STATUSES[-1]
#: The statuses of a report waiting for a manager's review (the QA queue).
AWAITING_REVIEW = ("submitted",)
#: The statuses whose report is still being written or reviewed.
OPEN_STATUSES = STATUSES[:-1]
#: The statuses whose record may still be changed (a submitted report is frozen until returned).
EDITABLE_STATUSES = ("draft",)
#: The statuses of an inspection whose findings stand (submitted or later).
COMPLETED_STATUSES = STATUSES[1:]
#: The statuses of an inspection whose report has passed quality assurance.
REVIEWED_STATUSES = STATUSES[2:]
#: The statuses of an inspection on site or awaiting QA: what an inspector is working on now.
ACTIVE_STATUSES = STATUSES[:2]

ROLES = ("inspector", "manager")


@dataclass(frozen=True)
class Transition:
    """One review action: the statuses it applies to, the status it leads to, the roles that may make it."""

    action: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    needs_notes: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t for t in (
        Transition("submit", ("draft",), "submitted", ("inspector", "manager")),
        Transition("approve", ("submitted",), "qa_approved", ("manager",)),
        Transition("return", ("submitted", "qa_approved"), "draft", ("manager",), needs_notes=True),
        Transition("publish", ("qa_approved",), "published", ("manager",)),
    )
}
ACTIONS = tuple(TRANSITIONS)

#: Every action that changes the store -> the roles that may take it (identity checks against this).
ACTION_ROLES: dict[str, tuple[str, ...]] = {
    "inspect": ("inspector", "manager"),  # create or reopen an inspection
    "edit": ("inspector", "manager"),  # change an inspection's record (judgements, notes, requirements)
    "enquire": ("inspector", "manager"),  # draft, accept or reject lines of enquiry
    "view": ROLES,  # open a dashboard (changes only what the role's page allows)
    **{action: t.roles for action, t in TRANSITIONS.items()},
}


def is_open(status: str) -> bool:
    """Whether a report with this status is not yet published."""
    return status in OPEN_STATUSES


def is_published(status: str) -> bool:
    """Whether the report is published."""
    return status == PUBLISHED


def is_editable(status: str) -> bool:
    """Whether an inspection with this status may still be changed."""
    return status in EDITABLE_STATUSES


def is_completed(status: str) -> bool:
    """Whether an inspection with this status happened and its findings stand (submitted or later)."""
    return status in COMPLETED_STATUSES


def is_reviewed(status: str) -> bool:
    """Whether the report has passed quality assurance (approved or published)."""
    return status in REVIEWED_STATUSES


def not_editable_reason(inspection: Inspection) -> str | None:
    """Why this inspection's record may not be changed now, or None when it may."""
    if is_editable(inspection.status):
        return None
    label = inspection.status.replace("_", " ")
    if inspection.status == "submitted":
        return (f"inspection {inspection.id} is submitted for quality assurance; its record is frozen "
                "until a manager returns it")
    return f"inspection {inspection.id} is {label}; its record can no longer be changed"


def _newest_first(query: Select) -> Select:
    return query.order_by(Inspection.start_date.desc(), Inspection.id.desc())


def open_query(home_id: int) -> Select:
    """The home's open inspections, newest first (a query, for callers that add conditions)."""
    return _newest_first(select(Inspection).where(Inspection.home_id == home_id,
                                                  Inspection.status.in_(OPEN_STATUSES)))


def open_inspections(session: Session, home: Home) -> list[Inspection]:
    """The home's open inspections, newest first."""
    return list(session.scalars(open_query(home.id)))


def current(session: Session, home: Home, on: dt.date | None = None) -> Inspection | None:
    """The home's current inspection: its latest open one (covering `on`, a visit date, when given)."""
    query = open_query(home.id)
    if on is not None:
        query = query.where(Inspection.start_date <= on).where(
            (Inspection.end_date.is_(None) & (Inspection.start_date == on)) | (Inspection.end_date >= on))
    return session.scalars(query).first()


def editable(session: Session, home: Home) -> Inspection | None:
    """The home's current inspection if its record may be changed (a draft), else None."""
    found = current(session, home)
    return found if found is not None and is_editable(found.status) else None


def latest_published(session: Session, home: Home, inspection_type: str | None = None) -> Inspection | None:
    """The home's latest published inspection (of `inspection_type` when given)."""
    query = select(Inspection).where(Inspection.home_id == home.id, Inspection.status == PUBLISHED)
    if inspection_type is not None:
        query = query.where(Inspection.inspection_type == inspection_type)
    return session.scalars(_newest_first(query)).first()


Row = TypeVar("Row")


def pick_current(rows: Sequence[Row], status_of=lambda row: row.status) -> Row | None:
    """From a home's inspections ordered oldest first, the current (latest open) one."""
    return next((row for row in reversed(rows) if is_open(status_of(row))), None)


def pick_report(rows: Sequence[Row], status_of=lambda row: row.status) -> Row | None:
    """From a home's inspections oldest first, the one whose report to write: current, else latest published."""
    found = pick_current(rows, status_of)
    if found is not None:
        return found
    return next((row for row in reversed(rows) if is_published(status_of(row))), None)


def current_per_home(rows: Iterable[tuple[str, int, str]]) -> dict[str, int]:
    """From (URN, inspection id, status) rows ordered newest first within each home, the current id per URN."""
    found: dict[str, int] = {}
    for urn, inspection_id, status in rows:
        if urn not in found and is_open(status):
            found[urn] = inspection_id
    return found


# ---------------------------------------------------------------- the review history (from the audit log)

#: The audit field that carries the notes of a transition (written right after its status row).
NOTES_FIELD = "review_notes"


@dataclass(frozen=True)
class ReviewEvent:
    """One transition: who, when, from -> to (the action), and the notes given with it."""

    action: str
    by: str
    at: dt.datetime
    from_status: str
    to_status: str
    notes: str | None = None

    def line(self) -> str:
        """'2026-01-05 10:12 submit by alice: draft -> submitted; notes: ...'."""
        notes = f"; notes: {self.notes}" if self.notes else ""
        return (f"{self.at:%Y-%m-%d %H:%M} {self.action} by {self.by}: "
                f"{self.from_status} -> {self.to_status}{notes}")


def action_between(old: str | None, new: str | None) -> str:
    """The action that moved a report from `old` to `new` ('return' for anything back to draft)."""
    if new == "draft":
        return "return"
    found = next((t.action for t in TRANSITIONS.values() if old in t.sources and t.target == new), None)
    return found or f"set to {new}"


def review_history(session: Session, inspection_id: int) -> list[ReviewEvent]:
    """Every status transition of the inspection, oldest first, with its notes."""
    from workbench.store.models import AuditEntry

    rows = session.scalars(select(AuditEntry).where(
        AuditEntry.inspection_id == inspection_id, AuditEntry.entity == "inspections",
        AuditEntry.entity_id == str(inspection_id), AuditEntry.field.in_(("status", NOTES_FIELD)),
    ).order_by(AuditEntry.id))
    events: list[ReviewEvent] = []
    for row in rows:
        if row.field == "status":
            events.append(ReviewEvent(action_between(row.old_value, row.new_value), row.username, row.at,
                                      row.old_value or "", row.new_value or ""))
        elif events and events[-1].notes is None:
            last = events[-1]
            events[-1] = ReviewEvent(last.action, last.by, last.at, last.from_status, last.to_status, row.new_value)
    return events


def open_return(session: Session, inspection: Inspection) -> ReviewEvent | None:
    """The return whose notes the inspector still has to act on: the last transition, if it was a return."""
    if not is_editable(inspection.status):
        return None
    history = review_history(session, inspection.id)
    return history[-1] if history and history[-1].action == "return" else None
