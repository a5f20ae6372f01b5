"""Create or reopen the current inspection of a home, and find inspections by URN and id."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.errors import UserError
from workbench.store import audit, lifecycle
from workbench.store.db import session_scope
from workbench.store.models import Home, Inspection

INSPECTION_TYPES = ("full", "interim")


@dataclass(frozen=True)
class Opened:
    """The inspection `open_inspection` created or reopened."""

    inspection_id: int
    urn: str
    inspection_type: str
    start_date: dt.date
    created: bool
    status: str = lifecycle.INITIAL
    lead_inspector: str | None = None


def parse_date(value: str | dt.date | None, what: str = "date") -> dt.date | None:
    """A date from YYYY-MM-DD text (clear message otherwise); None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError(f"{what} {value!r} is not a date in the form YYYY-MM-DD") from None


def home_by_urn(session: Session, urn: str) -> Home:
    """The home with this URN, or a clear error."""
    home = session.scalars(select(Home).where(Home.urn == str(urn).strip())).one_or_none()
    if home is None:
        raise UserError(f"no home with URN {urn!r} in the store")
    return home


def find_inspection(session: Session, urn: str | None, inspection_id: int | str | None) -> Inspection:
    """The inspection with this id, checked to belong to the home with `urn` when given."""
    try:
        key = int(inspection_id) if inspection_id is not None else None
    except (TypeError, ValueError):
        raise UserError(f"inspection id {inspection_id!r} is not a number") from None
    if key is None:
        raise UserError("give the inspection id (--inspection ID)")
    inspection = session.get(Inspection, key)
    if inspection is None:
        raise UserError(f"no inspection {key} in the store")
    if urn is not None and inspection.home.urn != str(urn).strip():
        raise UserError(f"inspection {key} is of home {inspection.home.urn}, not {urn}")
    return inspection


def current_inspection(session: Session, home: Home, visit_date: dt.date | None) -> Inspection | None:
    """The home's current inspection (the lifecycle's), covering `visit_date` when given."""
    return lifecycle.current(session, home, visit_date)


def open_inspection(
    db: str | None,
    urn: str,
    user: str,
    visit_date: str | dt.date | None = None,
    inspection_type: str | None = None,
) -> Opened:
    """Reopen the home's open inspection (on `visit_date` if given) or create one (audited)."""
    day = parse_date(visit_date, "visit date")
    if inspection_type is not None and inspection_type not in INSPECTION_TYPES:
        raise UserError(f"inspection type {inspection_type!r} is not one of {', '.join(INSPECTION_TYPES)}")
    with session_scope(db) as session:
        home = home_by_urn(session, urn)
        existing = current_inspection(session, home, day)
        if existing is not None and (inspection_type is None or existing.inspection_type == inspection_type):
            return Opened(existing.id, home.urn, existing.inspection_type, existing.start_date, False,
                          existing.status, existing.lead_inspector)
        start = day or dt.date.today()
        inspection = Inspection(
            home=home, inspection_type=inspection_type or "full", start_date=start, end_date=start,
            status=lifecycle.INITIAL, source="workbench", lead_inspector=user, inspectors=[user], updated_by=user,
        )
        session.add(inspection)
        session.flush()
        audit.record(session, user, "inspections", inspection.id, None, None,
                     {"urn": home.urn, "type": inspection.inspection_type, "start_date": start},
                     action="create", inspection_id=inspection.id)
        return Opened(inspection.id, home.urn, inspection.inspection_type, start, True, inspection.status, user)


def previous_inspection(session: Session, inspection: Inspection) -> Inspection | None:
    """The home's inspection immediately before this one (full or interim)."""
    query = (
        select(Inspection)
        .where(Inspection.home_id == inspection.home_id, Inspection.id != inspection.id)
        .where(Inspection.start_date < inspection.start_date)
        .order_by(Inspection.start_date.desc(), Inspection.id.desc())
    )
    return session.scalars(query).first()
