"""Saves waiting for an unavailable store, kept on local disk so a kernel restart loses nothing.

One JSON file per store, inspection and user (readable by the user only). A widget adds an entry
when the store cannot take a save and removes it once saved; an editor opened later replays
what is left through the same checks (a newer value saved by someone else is still refused).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from workbench import settings
from workbench.config import resolve_db_url
from workbench.files import write_text_atomic

log = logging.getLogger(__name__)


def spool_dir() -> Path:
    """Where waiting saves are kept: WORKBENCH_SPOOL, else `pending/` beside the default store."""
    return Path(settings.SPOOL.value() or "")


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v) for v in value]}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"date"}:
        return dt.date.fromisoformat(value["date"])
    if isinstance(value, dict) and set(value) == {"tuple"}:
        return tuple(_decode(v) for v in value["tuple"])
    return value


class Spool:
    """The waiting saves of one user on one inspection in one store."""

    def __init__(self, db: str | None, inspection_id: int, user: str, directory: Path | None = None) -> None:
        store = hashlib.sha256(resolve_db_url(db).encode()).hexdigest()[:12]
        safe_user = "".join(ch if ch.isalnum() else "_" for ch in user)[:60]
        self.path = (directory or spool_dir()) / f"{store}-{int(inspection_id)}-{safe_user}.json"

    def entries(self) -> list[dict[str, Any]]:
        """What is waiting, oldest first (decoded)."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError):
            return []  # an unreadable spool is left in place for a person to look at
        return [{k: _decode(v) for k, v in entry.items()} for entry in raw]

    def put(self, kind: str, key: Any, field: str, value: Any, base_version: int, base_value: Any) -> None:
        """Keep (or replace) the waiting save of one field."""
        entries = [e for e in self.entries() if (e["kind"], e["key"], e["field"]) != (kind, key, field)]
        entries.append({"kind": kind, "key": key, "field": field, "value": value, "base_version": base_version,
                        "base_value": base_value, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
        self._write(entries)

    def drop(self, kind: str, key: Any, field: str) -> None:
        """Forget the waiting save of one field (it was saved, or refused and reported)."""
        entries = self.entries()
        kept = [e for e in entries if (e["kind"], e["key"], e["field"]) != (kind, key, field)]
        if len(kept) != len(entries):
            self._write(kept)

    def _write(self, entries: list[dict[str, Any]]) -> None:
        try:
            self._replace(entries)
        except OSError as error:  # a spool we cannot write must never stop the save itself
            log.warning("cannot keep waiting saves in %s: %s", self.path.parent, error)

    def _replace(self, entries: list[dict[str, Any]]) -> None:
        if not entries:
            self.path.unlink(missing_ok=True)
            return
        data = json.dumps([{k: _encode(v) for k, v in e.items()} for e in entries], indent=1)
        write_text_atomic(data, self.path, private=True)
