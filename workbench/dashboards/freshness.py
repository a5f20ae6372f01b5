"""A cheap mark of the store's contents, so the dashboards' caches are reused only while it holds.

Every change a person makes writes an audit row; imports add rows to the record tables. The mark
is the day plus the newest id of those tables (a grade a person saves writes an audit row) and the
sum of the inspections' versions (an import's update of a status bumps a version): a few
aggregates, milliseconds on a 3,000-home store. A cache made under another mark is stale and is
recomputed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from workbench.store.db import session_scope
from workbench.store.models import (
    Assignment,
    AuditEntry,
    Child,
    Complaint,
    IndependentVisit,
    Inspection,
    Judgement,
    Notification,
    ReportExport,
)

_NEWEST = (AuditEntry, Inspection, Judgement, Notification, Child, Complaint, IndependentVisit, Assignment,
           ReportExport)


def home_mark(db: str | None, home_id: int, today: dt.date | None = None) -> tuple[object, ...]:
    """One home's mark: the same, over that home's rows only (its picture is reused while it holds)."""
    inspections = select(Inspection.id).where(Inspection.home_id == home_id).scalar_subquery()
    with session_scope(db) as session:
        newest = session.execute(select(
            *[select(func.max(model.id)).where(model.home_id == home_id).scalar_subquery()
              for model in (Inspection, Notification, Child, Complaint, IndependentVisit)],
            select(func.max(AuditEntry.id)).where(AuditEntry.inspection_id.in_(inspections)).scalar_subquery(),
            select(func.coalesce(func.sum(Inspection.version), 0)).where(Inspection.home_id == home_id)
            .scalar_subquery(),
            select(func.coalesce(func.sum(Judgement.version), 0)).where(Judgement.inspection_id.in_(inspections))
            .scalar_subquery(),
        )).one()
    return ((today or dt.date.today()).isoformat(), home_id, *newest)


def mark(db: str | None, today: dt.date | None = None) -> tuple[object, ...]:
    """The store's mark now (equal marks: nothing the dashboards show has changed)."""
    with session_scope(db) as session:
        newest = session.execute(select(
            *[select(func.max(model.id)).scalar_subquery() for model in _NEWEST],
            select(func.coalesce(func.sum(Inspection.version), 0)).scalar_subquery(),
            select(func.count(Inspection.id)).scalar_subquery(),
        )).one()
    return ((today or dt.date.today()).isoformat(), *newest)
