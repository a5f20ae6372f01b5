"""One module per `workbench` sub-command; each defines ``register(subparsers)``."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """The --db option every store-using command shares."""
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="SQLAlchemy URL or SQLite file path of the store (default: WORKBENCH_DB or ~/.workbench/workbench.sqlite)",
    )


def add_user_option(parser: argparse.ArgumentParser) -> None:
    """The --user option (else WORKBENCH_USER, else JUPYTERHUB_USER, else the login name)."""
    parser.add_argument("--user", default=None, help="who is working (default: WORKBENCH_USER or JUPYTERHUB_USER)")


def positive(kind: type[int] | type[float], what: str = "a positive number") -> Callable[[str], int | float]:
    """An argparse type accepting only a positive int or float, with a plain message otherwise."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}")
        return value

    return parse


def iso_date(text: str) -> dt.date:
    """An argparse type for a date written YYYY-MM-DD, with a plain message otherwise."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None
