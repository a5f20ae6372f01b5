"""One module per `workbench` sub-command; each defines ``register(subparsers)``."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Callable

from workbench.errors import MAX_RECORD_ID, UserError
from workbench.rules.timings import check_visit_date

_BASE_URL = re.compile(r"/[A-Za-z0-9._~/-]*")


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


def record_id(what: str = "an inspection id") -> Callable[[str], int]:
    """An argparse type for a record's id: a whole number from 1 to the largest id a store can hold."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what} (a positive whole number), got {text!r}") from None
        if not 0 < value <= MAX_RECORD_ID:
            raise argparse.ArgumentTypeError(f"expected {what} from 1 to {MAX_RECORD_ID:,}, got {text!r}")
        return value

    return parse


def base_url(text: str) -> str:
    """An argparse type for a server's base URL: a path such as ``/user/ann/``, never a scheme or a host."""
    if not _BASE_URL.fullmatch(text) or "//" in text or "/../" in f"{text}/" or "/./" in f"{text}/":
        raise argparse.ArgumentTypeError(
            f"expected a URL path such as /user/ann/ (letters, digits, - _ . ~ and /, starting with /), got {text!r}")
    return text if text.endswith("/") else text + "/"


def visit_date(text: str) -> dt.date:
    """An argparse type for a visit date: ISO, and within the bounds of `check_visit_date`."""
    day = iso_date(text)
    try:
        return check_visit_date(day)
    except UserError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def iso_date(text: str) -> dt.date:
    """An argparse type for a date written YYYY-MM-DD, with a plain message otherwise."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None
