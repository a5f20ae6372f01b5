"""The append-only audit log: who changed what, when, old -> new.

Rows are only ever added (never updated or deleted) by this module; every service that
changes an inspector's record calls `record` in the same transaction as the change.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.store.models import AuditEntry

ACTIONS = ("create", "update", "delete")


def as_text(value: Any) -> str | None:
    """A stored value as the text kept in the audit log (None stays None)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, sort_keys=True, default=str)


def record(
    session: Session,
    user: str,
    entity: str,
    entity_id: Any,
    field: str | None,
    old: Any,
    new: Any,
    action: str = "update",
    inspection_id: int | None = None,
) -> AuditEntry:
    """Add one audit row to the session (committed with the change it describes)."""
    if action not in ACTIONS:
        raise ValueError(f"audit action must be one of {', '.join(ACTIONS)}, not {action!r}")
    if not user:
        raise ValueError("audit entries need the user who made the change")
    entry = AuditEntry(
        username=user,
        entity=entity,
        entity_id=str(entity_id),
        field=field,
        action=action,
        old_value=as_text(old),
        new_value=as_text(new),
        inspection_id=inspection_id,
        at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
    )
    session.add(entry)
    return entry


def history(session: Session, inspection_id: int | None = None, entity: str | None = None) -> list[AuditEntry]:
    """Audit rows in the order they were written, optionally for one inspection or entity."""
    query = select(AuditEntry).order_by(AuditEntry.id)
    if inspection_id is not None:
        query = query.where(AuditEntry.inspection_id == inspection_id)
    if entity is not None:
        query = query.where(AuditEntry.entity == entity)
    return list(session.scalars(query))
