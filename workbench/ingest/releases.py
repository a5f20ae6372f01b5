"""Ofsted's releases as facts of the store: which file, the date it describes, which is newer.

A release is known by its kind and the fingerprint of its content (the same file imported
again is the same release). Its rank (``as_of``, then name) decides which release's value
a fact keeps when two releases disagree, so the store is the same whatever the import order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from workbench.store import models as m

Rank = tuple[dt.date, str]
OLDEST: Rank = (dt.date.min, "")

_MONTHS = {name: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
_AS_AT = re.compile(r"\bat (\d{1,2}) ([a-z]+) (\d{4})\b")


def fingerprint(path: Path) -> str:
    """The SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def title_date(titles: list[list[Any]]) -> dt.date | None:
    """The "as at 31 March 2023" date of a release's title rows, if they give one."""
    for row in titles:
        for cell in row:
            match = _AS_AT.search(str(cell or "").casefold())
            if match and match.group(2) in _MONTHS:
                try:
                    return dt.date(int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1)))
                except ValueError:
                    continue
    return None


def rank_of(as_of: dt.date | None, name: str) -> Rank:
    """How recent a release is: its date, then its name (a fixed order for equal dates)."""
    return (as_of or dt.date.min, name)


def record(conn: Connection, kind: str, path: Path, as_of: dt.date | None) -> tuple[int, Rank]:
    """The release row of this file (created on first import); its id and rank."""
    table = m.Release.__table__
    digest = fingerprint(path)
    found = conn.execute(select(table.c.id, table.c.as_of, table.c.name).where(
        table.c.kind == kind, table.c.fingerprint == digest)).first()
    if found is not None:
        if found.as_of != as_of:
            conn.execute(update(m.Release).where(m.Release.id == found.id).values(as_of=as_of))
        return found.id, rank_of(as_of, found.name)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    key = conn.execute(insert(m.Release).values(kind=kind, name=path.name, fingerprint=digest, as_of=as_of,
                                                imported_at=now)).inserted_primary_key
    assert key is not None
    return int(key[0]), rank_of(as_of, path.name)


def ranks(conn: Connection) -> dict[int, Rank]:
    """Every release's rank by id."""
    table = m.Release.__table__
    return {row.id: rank_of(row.as_of, row.name) for row in conn.execute(select(table.c.id, table.c.as_of,
                                                                                table.c.name))}


def home_ranks(conn: Connection) -> dict[str, Rank]:
    """Per URN, the rank of the newest release that gave the home's details (provider level, or
    Leavers and joiners)."""
    by_release = ranks(conn)
    homes = m.Home.__table__
    out: dict[str, Rank] = {}
    for table in (m.HomeRegistration.__table__, m.RegistrationEvent.__table__):
        query = select(homes.c.urn, table.c.release_id).join(homes, homes.c.id == table.c.home_id)
        for urn, release_id in conn.execute(query):
            rank = by_release.get(release_id, OLDEST)
            if rank > out.get(urn, OLDEST):
                out[urn] = rank
    return out


def merge(old: tuple[Any, ...], new: tuple[Any, ...], newer: bool) -> tuple[Any, ...]:
    """Two releases' values of one record: the newer release's where it gives one, else the older's."""
    first, second = (new, old) if newer else (old, new)
    return tuple(a if a is not None else b for a, b in zip(first, second, strict=True))


def count(conn: Connection) -> int:
    """How many releases the store holds."""
    return int(conn.execute(select(func.count()).select_from(m.Release.__table__)).scalar_one())
