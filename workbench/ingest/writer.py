"""Bulk writes through SQLAlchemy Core: existing rows by natural key, executemany inserts/updates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select, update

BATCH = 20_000


def load_existing(
    conn: Connection, table: Table, key: Sequence[str], fields: Sequence[str], where: Any = None
) -> dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]]:
    """Every row of `table` as natural key -> (id, values of `fields`), in one query."""
    columns = [table.c.id, *(table.c[k] for k in key), *(table.c[f] for f in fields)]
    query = select(*columns)
    if where is not None:
        query = query.where(where)
    width = len(key)
    existing: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
    for row in conn.execute(query):
        existing[tuple(row[1:1 + width])] = (row[0], tuple(row[1 + width:]))
    return existing


class Writer:
    """Collects inserts and updates for one table and writes them in batches (executemany).

    Versioned tables get ``version = version + 1`` on update (optimistic concurrency of
    the people editing them) and ``updated_by = 'ingest'``.
    """

    def __init__(self, conn: Connection, table: Table, update_fields: Sequence[str],
                 after_flush: Callable[[int], None] | None = None) -> None:
        self.conn = conn
        self.table = table
        self.update_fields = list(update_fields)
        self.inserts: list[dict[str, Any]] = []
        self.updates: list[dict[str, Any]] = []
        self.after_flush = after_flush
        self.written = 0
        versioned = "version" in table.c and "updated_by" in table.c
        values: dict[str, Any] = {f: bindparam(f"u_{f}") for f in self.update_fields}
        if versioned:
            values["version"] = table.c.version + 1
            values["updated_by"] = "ingest"
        if "updated_at" in table.c:
            values["updated_at"] = bindparam("u__now")
        self._update = update(table).where(table.c.id == bindparam("u__id")).values(values)
        self._versioned = versioned

    def insert(self, values: dict[str, Any]) -> None:
        if self._versioned:
            values.setdefault("updated_by", "ingest")
        self.inserts.append(values)
        if len(self.inserts) >= BATCH:
            self.flush()

    def update(self, row_id: int, values: dict[str, Any]) -> None:
        params = {f"u_{f}": values.get(f) for f in self.update_fields}
        params["u__id"] = row_id
        params["u__now"] = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.updates.append(params)
        if len(self.updates) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write what is pending (inside the caller's transaction)."""
        count = len(self.inserts) + len(self.updates)
        if self.inserts:
            self._insert_many(self.inserts)
            self.inserts = []
        if self.updates:
            self.conn.execute(self._update, self.updates)
            self.updates = []
        if count:
            self.written += count
            if self.after_flush is not None:
                self.after_flush(self.written)

    def _insert_many(self, rows: list[dict[str, Any]]) -> None:
        # executemany wants one set of keys; group rows by their keys (usually one group)
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in rows:
            groups.setdefault(tuple(row), []).append(row)
        for group in groups.values():
            self.conn.execute(self.table.insert(), group)
