"""Why a save did not happen: refused (someone else's change, a framework cap) or store busy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import exc as sa_exc

from workbench.errors import UserError


def shown(value: Any) -> str:
    """A value as a person reads it in a message (not escaped: the widgets escape)."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class SaveRefused(UserError):
    """A save that was refused and changed nothing."""


class StaleEdit(SaveRefused):
    """Another person saved this field since it was loaded: their value stands (optimistic concurrency)."""

    def __init__(self, what: str, theirs: Any, by: str | None, at: dt.datetime | None, yours: Any,
                 version: int) -> None:
        when = f" at {at:%H:%M:%S} UTC on {at:%d %b %Y}" if at else ""
        super().__init__(
            f"Not saved: {what} was changed by {by or 'someone else'}{when} to {shown(theirs)!r} "
            f"after you opened it. Their value has been kept; yours was {shown(yours)!r}. "
            "Enter yours again if it should replace theirs."
        )
        self.what = what
        self.theirs = theirs
        self.by = by
        self.at = at
        self.yours = yours
        self.version = version


class CapRefused(SaveRefused):
    """A grade above the highest grade the framework's limiting rules allow (paras 13, 24-25, 37, 40, 42-43)."""

    def __init__(self, area_title: str, grade_label: str, cap: Any, cap_text: str) -> None:
        super().__init__(f"Not saved: {area_title} cannot be '{grade_label}'. {cap_text}")
        self.cap = cap


class NotFound(SaveRefused):
    """The record is not in the store (deleted by someone else, or a wrong id)."""


def is_transient(error: BaseException) -> bool:
    """True for a store that is briefly unavailable (locked SQLite, PostgreSQL restarting)."""
    if isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError | sa_exc.DisconnectionError
                  | sa_exc.TimeoutError):
        return True
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, ConnectionError | TimeoutError)
