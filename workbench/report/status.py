"""The report's review: draft -> submitted -> qa_approved -> published, with QA notes and audit rows.

Actions: ``submit`` (draft -> submitted), ``approve`` (submitted -> qa_approved, optional notes),
``return`` (submitted or qa_approved -> draft, notes required), ``publish`` (qa_approved ->
published, sets the publication date). The statuses, transitions and roles are
`workbench.store.lifecycle`'s. Gates: submit needs `workbench.judgements.readiness` (every reason
listed); approve and return need a manager who is not an inspector of the inspection; approve needs
no grade above its cap and the export of the current content; publish needs approval and no grade
above its cap. A refusal changes nothing (`GateRefused`, exit 1). Every transition is audited in the
same transaction (who, when, from -> to, notes); the inspection's version guards against two people
changing it at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workbench.config import resolve_db_url
from workbench.errors import UserError
from workbench.judgements import invariants
from workbench.judgements.readiness import Readiness, readiness
from workbench.report import fingerprint
from workbench.report.data import find_home, find_inspection
from workbench.rules.timings import publication_deadline, working_days_between
from workbench.store import audit, lifecycle
from workbench.store.db import session_scope
from workbench.store.identity import acting_user
from workbench.store.models import Inspection, User

STATUSES = lifecycle.STATUSES
TRANSITIONS = lifecycle.TRANSITIONS
ACTIONS = lifecycle.ACTIONS


class GateRefused(UserError):
    """A transition a gate refused: every reason, nothing changed (exit 1)."""

    def __init__(self, action: str, inspection_id: int, urn: str, reasons: list[str]) -> None:
        listed = "".join(f"\n  - {reason}" for reason in reasons)
        super().__init__(f"cannot {action} inspection {inspection_id} of {urn}; nothing was changed:{listed}",
                         exit_code=1)
        self.reasons = list(reasons)


@dataclass(frozen=True)
class ReviewStatus:
    """Where an inspection's report stands, with its review history."""

    urn: str
    inspection_id: int
    inspection_type: str
    status: str
    deadline: dt.date
    working_days_left: int
    publication_date: dt.date | None
    qa_reviewer: str | None
    qa_notes: str | None
    lead_inspector: str | None = None
    history: tuple[lifecycle.ReviewEvent, ...] = ()
    readiness: Readiness | None = None

    def lines(self) -> list[str]:
        """The status as lines of text for the terminal."""
        lines = [
            f"{self.urn} inspection {self.inspection_id} ({self.inspection_type}): {self.status}",
            f"publication deadline {self.deadline.isoformat()} (20 working days after the last day on site, para 9)"
            + ("" if lifecycle.is_published(self.status) else f"; {self.working_days_left} working day(s) left"),
        ]
        if self.lead_inspector:
            lines.append(f"lead inspector: {self.lead_inspector}")
        if self.publication_date:
            lines.append(f"published {self.publication_date.isoformat()}")
        if self.qa_reviewer or self.qa_notes:
            lines.append(f"QA reviewer: {self.qa_reviewer or '-'}; notes: {self.qa_notes or '-'}")
        if self.readiness is not None and lifecycle.is_editable(self.status):
            lines.append(f"{self.readiness.headline()}" + (":" if self.readiness.reasons else ""))
            lines += [f"  - {reason}" for reason in self.readiness.reasons]
        if self.history:
            lines.append("review history:")
            lines += [f"  {event.line()}" for event in self.history]
        return lines


def _status(session: Session, urn: str, inspection: Inspection, today: dt.date) -> ReviewStatus:
    deadline = publication_deadline(inspection.end_date or inspection.start_date)
    ready = readiness(session, inspection) if lifecycle.is_editable(inspection.status) else None
    return ReviewStatus(
        urn=urn, inspection_id=inspection.id, inspection_type=inspection.inspection_type, status=inspection.status,
        deadline=deadline, working_days_left=working_days_between(today, deadline),
        publication_date=inspection.publication_date, qa_reviewer=inspection.qa_reviewer, qa_notes=inspection.qa_notes,
        lead_inspector=inspection.lead_inspector,
        history=tuple(lifecycle.review_history(session, inspection.id)), readiness=ready,
    )


def show(urn: str, inspection_id: int | None, db: str | None, today: dt.date | None = None) -> ReviewStatus:
    """The review status of the inspection (the home's current one without an id), with its history."""
    with session_scope(resolve_db_url(db)) as session:
        home = find_home(session, urn)
        inspection = find_inspection(session, home, inspection_id)
        return _status(session, home.urn, inspection, today or dt.date.today())


def gate_reasons(session: Session, inspection: Inspection, action: str, user: User,
                 notes: str | None) -> list[str]:
    """Every reason the gate of `action` refuses it now (empty: it may go ahead)."""
    transition = TRANSITIONS[action]
    reasons: list[str] = []
    if inspection.status not in transition.sources:
        reasons.append(f"its report is {inspection.status}, and {action} applies to "
                       f"{' or '.join(transition.sources)} reports")
    if transition.needs_notes and not (notes and notes.strip()):
        reasons.append(f"{action}ing a report needs notes saying what to change (--notes TEXT)")
    if action in ("approve", "return"):
        team = {inspection.lead_inspector, *(inspection.inspectors or [])} - {None}
        if user.username in team:
            reasons.append(f"{user.username} is {'the lead' if user.username == inspection.lead_inspector else 'an'} "
                           "inspector of this inspection; another manager must review it")
    if action == "submit" and inspection.status in transition.sources:
        reasons += readiness(session, inspection).reasons
    if action in ("approve", "publish"):
        reasons += [v.text() for v in invariants.check(session, inspection)]  # facts may have changed since
    if action == "approve":
        current = fingerprint.export_is_current(session, inspection)
        if not current:
            reasons.append("the exported report is not of the current content: export it again "
                           "(workbench report URN) before approving" if current is False else
                           "the report has never been exported: export it (workbench report URN) before approving")
    return reasons


def change(
    urn: str,
    inspection_id: int | None,
    action: str,
    user: str | None,
    db: str | None,
    notes: str | None = None,
    today: dt.date | None = None,
) -> ReviewStatus:
    """Apply a review action (submit, approve, return, publish) if its gate allows; audit who, when, from -> to, notes.

    `user` is resolved by `workbench.store.identity.acting_user` (else WORKBENCH_USER / JUPYTERHUB_USER);
    a gate that refuses raises `GateRefused` listing every reason, and nothing is changed.
    """
    if action not in TRANSITIONS:
        raise UserError(f"unknown status action {action!r}; use one of {', '.join(ACTIONS)}")
    day = today or dt.date.today()
    try:
        with session_scope(resolve_db_url(db)) as session:
            person = acting_user(session, user, action)
            who = person.username
            home = find_home(session, urn)
            inspection = find_inspection(session, home, inspection_id)
            reasons = gate_reasons(session, inspection, action, person, notes)
            if reasons:
                raise GateRefused(action, inspection.id, home.urn, reasons)
            changes: dict[str, object] = {"status": TRANSITIONS[action].target}
            if action in ("approve", "return"):
                changes["qa_reviewer"] = who
                if notes is not None and notes.strip():
                    changes["qa_notes"] = notes.strip()
            if action == "publish":
                changes["publication_date"] = day
            for field, new in changes.items():
                old = getattr(inspection, field)
                if old != new:
                    setattr(inspection, field, new)
                    audit.record(session, who, "inspections", inspection.id, field, old, new,
                                 inspection_id=inspection.id)
                if field == "status" and notes and notes.strip():
                    audit.record(session, who, "inspections", inspection.id, lifecycle.NOTES_FIELD, None,
                                 notes.strip(), inspection_id=inspection.id)
            inspection.updated_by = who
            session.flush()
            return _status(session, home.urn, inspection, day)
    except StaleDataError:
        raise UserError(
            "someone else changed this inspection at the same time; nothing was changed, run the command again"
        ) from None
