"""Errors a user can fix: printed as one clear message, never as a traceback."""

from __future__ import annotations


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
