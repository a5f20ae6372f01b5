"""Errors a user can fix: printed as one clear message, never as a traceback."""

from __future__ import annotations

#: Where SQLAlchemy's text of an error starts quoting the statement and its parameters.
_SQL_MARKERS = ("[SQL:", "[parameters:", "(Background on this error")
#: The largest id a record can have in any store (PostgreSQL ``integer``).
MAX_RECORD_ID = 2_147_483_647


def one_line(text: object, limit: int = 300) -> str:
    """The first line of an error's text, never the SQL or its parameters (they may hold children's references)."""
    line = str(text).strip()
    for marker in _SQL_MARKERS:
        line = line.split(marker, 1)[0]
    line = line.splitlines()[0].strip() if line.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


#: Exception names (as a notebook's failure reports them) that mean the store refused a statement.
STORE_ERRORS = frozenset({"OperationalError", "IntegrityError", "ProgrammingError", "DataError", "InternalError",
                          "NotSupportedError", "DatabaseError"})


def store_refusal(name: str, reason: object) -> str:
    """What the store said, in one line without SQL or parameters; the transaction was rolled back."""
    text = one_line(reason)
    if "readonly" in text.replace("-", "").replace(" ", "").lower():
        return f"the store is read-only ({text.split(') ', 1)[-1]}); nothing was changed"
    return f"the store refused ({name}: {text}); nothing was changed"


class UserError(Exception):
    """A mistake in what the user asked for or gave us; exit status 2 by default."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class IdentityRefused(UserError):
    """No acting user, a user the store does not know, or one whose role may not act (exit 2)."""
