"""Records added and removed during an inspection: requirements, recommendations, notes,
and closing a line of enquiry with a finding. Every change is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from workbench.errors import UserError
from workbench.judgements.errors import NotFound, StaleEdit
from workbench.judgements.fields import (
    NOTE_SECTIONS,
    Loaded,
    Saved,
    check_open,
    save_field,
    short_lock_wait,
)
from workbench.judgements.inspections import parse_date
from workbench.store import audit
from workbench.store.db import sessions
from workbench.store.models import (
    Inspection,
    InspectionNote,
    LineOfEnquiry,
    Recommendation,
    Requirement,
)

_REMOVABLE = {"requirement": "requirements", "recommendation": "recommendations"}  # kind -> audit entity


def _inspection(session: Any, inspection_id: int) -> Inspection:
    inspection = session.get(Inspection, int(inspection_id))
    if inspection is None:
        raise NotFound(f"no inspection {inspection_id} in the store")
    check_open(inspection)
    return inspection


def _clean(value: str | None, what: str) -> str:
    if value is None or not str(value).strip():
        raise UserError(f"{what} cannot be blank")
    return str(value).strip()


def add_requirement(db: str | None, inspection_id: int, regulation: str, text: str,
                    due_date: str | dt.date | None, user: str) -> int:
    """Add a requirement (regulation, what must be done, due date); returns its id."""
    row = Requirement(regulation=_clean(regulation, "the regulation"), text=_clean(text, "what must be done"),
                      due_date=parse_date(due_date, "due date"), updated_by=user)
    return _add(db, inspection_id, row, "requirements", user,
                {"regulation": row.regulation, "text": row.text, "due_date": row.due_date})


def add_recommendation(db: str | None, inspection_id: int, text: str, standard: str | None, user: str) -> int:
    """Add a recommendation (optionally citing a national minimum standard); returns its id."""
    row = Recommendation(text=_clean(text, "the recommendation"), standard=(standard or "").strip() or None,
                         updated_by=user)
    return _add(db, inspection_id, row, "recommendations", user, {"standard": row.standard, "text": row.text})


def add_note(db: str | None, inspection_id: int, section: str, text: str, user: str) -> str:
    """Add a note (e.g. an area of outstanding practice, a priority for improvement, para 18); returns its key."""
    if section not in NOTE_SECTIONS:
        raise UserError(f"note section {section!r} is not one of {', '.join(NOTE_SECTIONS)}")
    body = _clean(text, "the note")
    session = sessions(db)()
    try:
        with short_lock_wait(session):
            inspection = _inspection(session, inspection_id)
            keys = session.scalars(select(InspectionNote.key).where(
                InspectionNote.inspection_id == inspection.id, InspectionNote.section == section))
            numbers = [int(k) for k in keys if str(k).isdigit()]
            key = str(max(numbers, default=0) + 1)
            row = InspectionNote(inspection_id=inspection.id, section=section, key=key, text=body, updated_by=user)
            session.add(row)
            session.flush()
            audit.record(session, user, "inspection_notes", row.id, "text", None, body, action="create",
                         inspection_id=inspection.id)
            session.commit()
            return key
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _add(db: str | None, inspection_id: int, row: Any, entity: str, user: str, values: dict[str, Any]) -> int:
    session = sessions(db)()
    try:
        with short_lock_wait(session):
            inspection = _inspection(session, inspection_id)
            row.inspection_id = inspection.id
            session.add(row)
            session.flush()
            audit.record(session, user, entity, row.id, None, None, values, action="create",
                         inspection_id=inspection.id)
            session.commit()
            return int(row.id)
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def remove(db: str | None, inspection_id: int, kind: str, record_id: int | tuple[str, str], version: int,
           user: str) -> None:
    """Remove a requirement, recommendation or note of this inspection, if unchanged since `version`."""
    session = sessions(db)()
    try:
        with short_lock_wait(session):
            inspection = _inspection(session, inspection_id)
            row: InspectionNote | Requirement | Recommendation | None
            if kind == "note":
                if not isinstance(record_id, tuple):
                    raise UserError(f"a note is removed by its (section, key), not {record_id!r}")
                section, key = record_id
                row = session.scalars(select(InspectionNote).where(
                    InspectionNote.inspection_id == inspection.id, InspectionNote.section == section,
                    InspectionNote.key == str(key))).one_or_none()
                entity, what = "inspection_notes", f"the {section.replace('_', ' ')} note {key}"
            elif kind in _REMOVABLE:
                if isinstance(record_id, tuple):
                    raise UserError(f"a {kind} is removed by its id, not {record_id!r}")
                entity = _REMOVABLE[kind]
                row = (session.get(Requirement, int(record_id)) if kind == "requirement"
                       else session.get(Recommendation, int(record_id)))
                what = f"{kind} {record_id}"
                if row is not None and row.inspection_id != inspection.id:
                    raise UserError(f"{what} was made at another inspection and cannot be removed here")
            else:
                raise UserError(f"cannot remove a {kind!r}")
            if row is None:
                return  # already removed: nothing to do
            if row.version != version:
                current = row.text
                raise StaleEdit(what, current, row.updated_by, row.updated_at, "(removed)", row.version)
            old = {c: getattr(row, c) for c in ("regulation", "standard", "text", "due_date", "section", "key")
                   if hasattr(row, c)}
            session.delete(row)
            session.flush()
            audit.record(session, user, entity, row.id, None, old, None, action="delete",
                         inspection_id=inspection.id)
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def close_line_of_enquiry(db: str | None, inspection_id: int, loe_id: int, finding: str, base: Loaded,
                          user: str) -> Saved:
    """Close a line of enquiry with the inspector's finding (saved first, then the status)."""
    body = _clean(finding, "the finding")
    saved = save_field(db, inspection_id, "line_of_enquiry", loe_id, "finding", body, base, user)
    return save_field(db, inspection_id, "line_of_enquiry", loe_id, "status", "closed",
                      Loaded(saved.version, _status(db, loe_id)), user)


def _status(db: str | None, loe_id: int) -> str | None:
    session = sessions(db)()
    try:
        row = session.get(LineOfEnquiry, int(loe_id))
        return row.status if row is not None else None
    finally:
        session.close()
