"""The users an assignments file names: created, or updated where the file says more."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from workbench.ingest.columns import HeaderMatch
from workbench.ingest.values import CellError
from workbench.store import models as m


class AssignmentUsers:
    """The users named in an assignments file: created, or updated where the file says more."""

    FIELDS = (("display_name", "display_name"), ("role", "role"), ("user_region", "region"))

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        table = m.User.__table__
        self.existing = {row.username: row for row in conn.execute(select(table))}
        self.staged: dict[str, dict[str, Any]] = {}
        self.inserts: list[dict[str, Any]] = []
        self.updates: list[tuple[int, dict[str, Any]]] = []

    def stage(self, values: dict[str, Any], match: HeaderMatch) -> str:
        """Queue the row's user; "updated" if the user is new or changed, else "unchanged"."""
        username = values["username"]
        given = {column: values.get(field) for field, column in self.FIELDS if field in match.positions}
        given = {k: v for k, v in given.items() if v is not None}
        if username in self.staged:
            if any(self.staged[username].get(k) not in (None, v) for k, v in given.items()):
                raise CellError("this user is described differently on an earlier row of this file")
            return "unchanged"
        self.staged[username] = given
        row = self.existing.get(username)
        if row is None:
            self.inserts.append({"username": username, "display_name": given.get("display_name"),
                                 "role": given.get("role") or "inspector", "region": given.get("region")})
            return "updated"
        if any(getattr(row, k) != v for k, v in given.items()):
            self.updates.append((row.id, given))
            return "updated"
        return "unchanged"

    def flush(self) -> None:
        """Write the queued users (inside the caller's transaction)."""
        table = m.User.__table__
        if self.inserts:
            self.conn.execute(table.insert(), self.inserts)
        for user_id, given in self.updates:
            self.conn.execute(table.update().where(table.c.id == user_id).values(**given))

