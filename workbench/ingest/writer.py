"""Bulk writes: existing rows by natural key in one query, inserts and updates by executemany.

Rows go to the driver as tuples through `Connection.exec_driver_sql` (inside the caller's
transaction): per-row work in SQLAlchemy's parameter processing would dominate a
million-row import. Column defaults of the model are filled in here for the same reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Table

BATCH = 20_000


def load_existing(
    conn: Connection, table: Table, key: Sequence[str], fields: Sequence[str]
) -> dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]]:
    """Every row of `table` as natural key -> (id, values of `fields`), in one query.

    Values are as the driver returns them (SQLite: dates as ISO text, booleans as 0/1);
    `to_driver` puts parsed values in the same form so that they compare equal.
    """
    quote = conn.dialect.identifier_preparer.quote
    names = ["id", *key, *fields]
    sql = f"SELECT {', '.join(quote(n) for n in names)} FROM {quote(table.name)}"
    width = len(key)
    existing: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
    cursor = conn.exec_driver_sql(sql)
    while True:
        rows = cursor.fetchmany(50_000)
        if not rows:
            break
        for row in rows:
            existing[tuple(row[1:1 + width])] = (row[0], tuple(row[1 + width:]))
    return existing


def to_driver(conn: Connection, table: Table, values: dict[str, list[Any]]) -> None:
    """Put parsed date columns in the driver's form, in place (SQLite stores ISO text)."""
    if conn.dialect.name != "sqlite":
        return
    for name, column in values.items():
        if name in table.c and isinstance(table.c[name].type, Date):
            cache: dict[Any, Any] = {None: None}
            for value in set(column):
                if value not in cache:
                    cache[value] = value.isoformat()
            values[name] = list(map(cache.__getitem__, column))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Writer:
    """Pending inserts (tuples of `columns`) and updates (tuples of `update_fields`) for one table.

    Columns of the table not given get the model's default. Versioned tables get
    ``version = version + 1`` and ``updated_by = 'ingest'`` on update.
    """

    def __init__(self, conn: Connection, table: Table, columns: Sequence[str], update_fields: Sequence[str],
                 after_flush: Callable[[int], None] | None = None) -> None:
        self.conn = conn
        self.table = table
        self.columns = list(columns)
        self.update_fields = list(update_fields)
        self.inserts: list[tuple[Any, ...]] = []
        self.updates: list[tuple[Any, ...]] = []
        self.ready: list[tuple[Any, ...]] = []
        self.ready_updates: list[tuple[Any, ...]] = []
        self.after_flush = after_flush
        self.written = 0
        self.sqlite = conn.dialect.name == "sqlite"
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        quote = conn.dialect.identifier_preparer.quote
        self.defaults: dict[str, Any] = {}
        for column in table.c:
            if column.name in self.columns or column.primary_key or column.default is None:
                continue
            self.defaults[column.name] = column.default
        names = self.columns + list(self.defaults)
        self._insert_sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
                            f"VALUES ({', '.join([mark] * len(names))})")
        sets = [f"{quote(f)} = {mark}" for f in self.update_fields]
        self._update_extra = []
        if "version" in table.c and "updated_by" in table.c:
            sets += [f"{quote('version')} = {quote('version')} + 1", f"{quote('updated_by')} = 'ingest'"]
        if "updated_at" in table.c:
            sets.append(f"{quote('updated_at')} = {mark}")
            self._update_extra.append("updated_at")
        self._update_sql = f"UPDATE {quote(table.name)} SET {', '.join(sets)} WHERE id = {mark}"
        self._dates = [i for i, n in enumerate(names) if isinstance(table.c[n].type, Date | DateTime)]
        self._update_dates = [i for i, n in enumerate(self.update_fields)
                              if isinstance(table.c[n].type, Date | DateTime)]

    def insert_many(self, rows: list[tuple[Any, ...]]) -> None:
        """Queue rows already in the driver's form (see `to_driver`)."""
        self.ready.extend(rows)
        if len(self.ready) >= BATCH:
            self.flush()

    def update_many(self, rows: list[tuple[Any, ...]]) -> None:
        """Queue updates already in the driver's form: values of `update_fields`, then the id."""
        self.ready_updates.extend(rows)
        if len(self.ready_updates) >= BATCH:
            self.flush()

    def insert(self, row: tuple[Any, ...]) -> None:
        self.inserts.append(row)
        if len(self.inserts) >= BATCH:
            self.flush()

    def update(self, row_id: int, row: tuple[Any, ...]) -> None:
        self.updates.append((*row, row_id))
        if len(self.updates) >= BATCH:
            self.flush()

    def _default_values(self) -> tuple[Any, ...]:
        values = []
        for name, default in self.defaults.items():
            if name == "updated_by" and "version" in self.table.c:
                values.append("ingest")
            elif default.is_callable:
                value = default.arg(None)
                if self.sqlite and isinstance(value, dt.datetime):
                    value = value.strftime("%Y-%m-%d %H:%M:%S.%f")
                values.append(value)
            elif default.is_scalar:
                values.append(default.arg)
            else:  # a SQL expression default: none in this schema; refuse rather than guess
                raise TypeError(f"column {name} has a default this writer cannot apply")
        return tuple(values)

    def _driver(self, rows: list[tuple[Any, ...]], dates: list[int]) -> list[tuple[Any, ...]]:
        if not self.sqlite or not dates:
            return rows
        out = []  # SQLite stores dates as ISO text, as SQLAlchemy's SQLite Date type does
        for row in rows:
            cells = list(row)
            for i in dates:
                value = cells[i]
                if value is not None and not isinstance(value, str):
                    cells[i] = value.isoformat(" ") if isinstance(value, dt.datetime) else value.isoformat()
            out.append(tuple(cells))
        return out

    def flush(self) -> None:
        """Write what is pending (inside the caller's transaction)."""
        count = len(self.inserts) + len(self.updates) + len(self.ready) + len(self.ready_updates)
        extra = self._default_values() if (self.inserts or self.ready) else ()
        if self.inserts:
            rows = [row + extra for row in self.inserts] if extra else self.inserts
            self.conn.exec_driver_sql(self._insert_sql, self._driver(rows, self._dates))
            self.inserts = []
        if self.ready:
            rows = [row + extra for row in self.ready] if extra else self.ready
            self.conn.exec_driver_sql(self._insert_sql, rows)
            self.ready = []
        at = _now()
        # on SQLite, the text SQLAlchemy's DateTime stores there (the driver is given raw values)
        now: dt.datetime | str = at.strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else at
        stamp = (now,) if self._update_extra else ()
        if self.updates:
            rows = [(*row[:-1], *stamp, row[-1]) for row in self.updates]
            self.conn.exec_driver_sql(self._update_sql, self._driver(rows, self._update_dates))
            self.updates = []
        if self.ready_updates:
            rows = [(*row[:-1], *stamp, row[-1]) for row in self.ready_updates]
            self.conn.exec_driver_sql(self._update_sql, rows)
            self.ready_updates = []
        if count:
            self.written += count
            if self.after_flush is not None:
                self.after_flush(self.written)
