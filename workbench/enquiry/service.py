"""Lines of enquiry in the store: save drafts idempotently; accept, edit, reject, add, close (audited).

A drafted line's natural key is (home, inspection, rule, key). Saving drafts again updates a
line still in ``draft`` status, never one the inspector has accepted, edited, rejected or
closed, and removes drafts whose rule no longer fires. Every change is written to the audit
log (`workbench.store.audit.record`) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.enquiry.model import PRIORITIES, Draft
from workbench.errors import UserError
from workbench.rules import AREAS
from workbench.store import audit, lifecycle
from workbench.store.models import Inspection, LineOfEnquiry

ENTITY = "lines_of_enquiry"
DECIDED = ("accepted", "edited", "rejected", "closed")
MANUAL = "manual"


@dataclass(frozen=True)
class SaveResult:
    """What `save_drafts` did."""

    created: int
    updated: int
    unchanged: int
    kept: int  # decided by the inspector, left alone
    removed: int


def open_inspection_id(session: Session, home_id: int, as_of: dt.date) -> int | None:
    """The home's editable (draft) inspection on or after the visit date's period, if one exists."""
    query = (select(Inspection.id).where(Inspection.home_id == home_id,
                                         Inspection.status.in_(lifecycle.EDITABLE_STATUSES),
                                         Inspection.start_date >= as_of - dt.timedelta(days=31))
             .order_by(Inspection.start_date.desc(), Inspection.id.desc()))
    return session.scalars(query).first()


def _scope(query, home_id: int, inspection_id: int | None):
    query = query.where(LineOfEnquiry.home_id == home_id)
    if inspection_id is None:
        return query.where(LineOfEnquiry.inspection_id.is_(None))
    return query.where(LineOfEnquiry.inspection_id == inspection_id)


def lines(session: Session, home_id: int, inspection_id: int | None = None,
          statuses: tuple[str, ...] | None = None) -> list[LineOfEnquiry]:
    """The home's lines for an inspection (None = drafted before any inspection record), by priority."""
    query = _scope(select(LineOfEnquiry), home_id, inspection_id)
    if statuses:
        query = query.where(LineOfEnquiry.status.in_(statuses))
    found = list(session.scalars(query.order_by(LineOfEnquiry.id)))
    return sorted(found, key=lambda line: (PRIORITIES.index(line.priority) if line.priority in PRIORITIES else 9,
                                           line.id))


def adopt_unattached(session: Session, home_id: int, inspection_id: int, user: str) -> int:
    """Move lines drafted before the inspection record existed (inspection NULL) onto the inspection.

    The inspector's decisions travel with them; where the inspection already has the same rule and
    key, the decided line wins over an undecided draft. Returns how many lines moved.
    """
    attached = {(line.rule_id, line.key): line for line in lines(session, home_id, inspection_id)}
    moved = 0
    for line in lines(session, home_id, None):
        natural = (line.rule_id, line.key)
        clash = attached.get(natural)
        if clash is not None and line.rule_id == MANUAL:
            number = 1 + max((int(k) for r, k in attached if r == MANUAL and k.isdigit()), default=0)
            line.key = str(number)
            natural = (line.rule_id, line.key)
        elif clash is not None:
            if clash.status == "draft" and line.status != "draft":
                audit.record(session, user, ENTITY, clash.id, None, clash.question, None, action="delete",
                             inspection_id=inspection_id)
                session.delete(clash)
                session.flush()
            else:
                if line.status == "draft":
                    audit.record(session, user, ENTITY, line.id, None, line.question, None, action="delete")
                    session.delete(line)
                continue
        audit.record(session, user, ENTITY, line.id, "inspection_id", None, inspection_id, action="update",
                     inspection_id=inspection_id)
        line.inspection_id = inspection_id
        line.updated_by = user
        attached[natural] = line
        moved += 1
    session.flush()
    return moved


def save_drafts(session: Session, home_id: int, drafts: list[Draft], user: str,
                inspection_id: int | None = None) -> SaveResult:
    """Upsert drafted lines by natural key; idempotent; never overwrites the inspector's decisions.

    With an inspection, lines drafted before its record existed are first moved onto it
    (`adopt_unattached`), so the dashboard and the judgement widgets never see a line twice.
    """
    if inspection_id is not None:
        adopt_unattached(session, home_id, inspection_id, user)
    existing = {(line.rule_id, line.key): line for line in lines(session, home_id, inspection_id)}
    created = updated = unchanged = kept = removed = 0
    seen = set()
    for draft in drafts:
        natural = (draft.rule_id, draft.key)
        seen.add(natural)
        line = existing.get(natural)
        evidence = list(draft.evidence)
        if line is None:
            line = LineOfEnquiry(home_id=home_id, inspection_id=inspection_id, rule_id=draft.rule_id, key=draft.key,
                                 area=draft.area, priority=draft.priority, question=draft.question,
                                 evidence=evidence, status="draft", updated_by=user)
            session.add(line)
            session.flush()
            audit.record(session, user, ENTITY, line.id, None, None, draft.to_dict(), action="create",
                         inspection_id=inspection_id)
            created += 1
            continue
        if line.status in DECIDED:
            kept += 1
            continue
        changes = {field: value for field, value in (("area", draft.area), ("priority", draft.priority),
                                                     ("question", draft.question), ("evidence", evidence))
                   if getattr(line, field) != value}
        if not changes:
            unchanged += 1
            continue
        for field, value in changes.items():
            audit.record(session, user, ENTITY, line.id, field, getattr(line, field), value, action="update",
                         inspection_id=inspection_id)
            setattr(line, field, value)
        line.updated_by = user
        updated += 1
    for natural, line in existing.items():
        if natural not in seen and line.status == "draft" and line.rule_id != MANUAL:
            audit.record(session, user, ENTITY, line.id, None, line.question, None, action="delete",
                         inspection_id=inspection_id)
            session.delete(line)
            removed += 1
    session.flush()
    return SaveResult(created, updated, unchanged, kept, removed)


def _get(session: Session, line_id: int, version: int | None) -> LineOfEnquiry:
    line = session.get(LineOfEnquiry, line_id)
    if line is None:
        raise UserError(f"no line of enquiry {line_id} in the store")
    if version is not None and line.version != version:
        raise UserError(f"line of enquiry {line_id} was changed by {line.updated_by or 'someone else'} meanwhile "
                        f"(now {line.status}: {line.question!r}); reload it and try again")
    return line


def _set(session: Session, line: LineOfEnquiry, user: str, **values: object) -> LineOfEnquiry:
    for field, value in values.items():
        old = getattr(line, field)
        if old != value:
            audit.record(session, user, ENTITY, line.id, field, old, value, action="update",
                         inspection_id=line.inspection_id)
            setattr(line, field, value)
    line.updated_by = user
    session.flush()
    return line


def accept(session: Session, line_id: int, user: str, version: int | None = None) -> LineOfEnquiry:
    """The inspector accepts a drafted line as it stands."""
    line = _get(session, line_id, version)
    return _set(session, line, user, status="accepted" if line.status != "edited" else "edited")


def edit(session: Session, line_id: int, user: str, question: str | None = None, area: str | None = None,
         priority: str | None = None, version: int | None = None) -> LineOfEnquiry:
    """The inspector rewords a line (and/or moves it to another area or priority); it counts as accepted."""
    line = _get(session, line_id, version)
    values: dict[str, object] = {"status": "edited"}
    if question is not None:
        if not question.strip():
            raise UserError("a line of enquiry needs a question")
        values["question"] = question.strip()
    if area is not None:
        values["area"] = _area(area)
    if priority is not None:
        values["priority"] = _priority(priority)
    return _set(session, line, user, **values)


def reject(session: Session, line_id: int, user: str, reason: str | None = None,
           version: int | None = None) -> LineOfEnquiry:
    """The inspector rejects a line (kept, with the reason as its finding, so re-drafting never revives it)."""
    line = _get(session, line_id, version)
    values: dict[str, object] = {"status": "rejected"}
    if reason:
        values["finding"] = reason
    return _set(session, line, user, **values)


def close(session: Session, line_id: int, user: str, finding: str, version: int | None = None) -> LineOfEnquiry:
    """Close a line on site with the finding."""
    line = _get(session, line_id, version)
    return _set(session, line, user, status="closed", finding=finding)


def add(session: Session, home_id: int, user: str, question: str, area: str, priority: str = "medium",
        inspection_id: int | None = None) -> LineOfEnquiry:
    """A line the inspector writes themselves (rule ``manual``), accepted from the start."""
    if not question or not question.strip():
        raise UserError("a line of enquiry needs a question")
    existing = lines(session, home_id, inspection_id)
    number = 1 + max((int(line.key) for line in existing if line.rule_id == MANUAL and line.key.isdigit()), default=0)
    line = LineOfEnquiry(home_id=home_id, inspection_id=inspection_id, rule_id=MANUAL, key=str(number),
                         area=_area(area), priority=_priority(priority), question=question.strip(), evidence=[],
                         status="accepted", updated_by=user)
    session.add(line)
    session.flush()
    audit.record(session, user, ENTITY, line.id, None, None,
                 {"question": line.question, "area": line.area, "priority": line.priority}, action="create",
                 inspection_id=inspection_id)
    return line


def _area(area: str) -> str:
    if area not in AREAS:
        raise UserError(f"area {area!r} is not one of {', '.join(AREAS)}")
    return area


def _priority(priority: str) -> str:
    if priority not in PRIORITIES:
        raise UserError(f"priority {priority!r} is not one of {', '.join(PRIORITIES)}")
    return priority
