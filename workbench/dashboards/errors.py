"""Refusals shown on a dashboard page."""

from __future__ import annotations

from workbench.errors import UserError


class AccessRefused(UserError):
    """The person may not see this page or this home; the message says why (no data of the home)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=3)
