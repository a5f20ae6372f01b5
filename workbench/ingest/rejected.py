"""Rows kept aside by ingest, to list, fix and import again."""

from __future__ import annotations

from sqlalchemy import select

from workbench.store import models as m
from workbench.store.db import sessions


def rejected_rows(db: str | None = None, kind: str | None = None) -> list[m.RejectedRow]:
    """The rejected rows in the store (of one kind, or all), by kind, file and line."""
    query = select(m.RejectedRow).order_by(m.RejectedRow.kind, m.RejectedRow.file, m.RejectedRow.line)
    if kind:
        query = query.where(m.RejectedRow.kind == kind)
    with sessions(db)() as session:
        return list(session.scalars(query))
