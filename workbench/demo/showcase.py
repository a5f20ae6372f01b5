"""Which demo home `make demo` shows off: the one with the most notifications lately.

``python -m workbench.demo.showcase [--db URL] [--days N]`` prints its URN.
"""

from __future__ import annotations

import argparse
import datetime as dt

from sqlalchemy import func, select

from workbench.store.db import session_scope
from workbench.store.models import Home, Notification


def busiest_home(db: str | None = None, days: int = 183, today: dt.date | None = None) -> str | None:
    """The URN of the home with the most notifications in the last `days` days (ties: lowest URN)."""
    since = (today or dt.date.today()) - dt.timedelta(days=days)
    with session_scope(db) as session:
        return session.scalars(
            select(Home.urn)
            .join(Notification, Notification.home_id == Home.id)
            .where(Notification.event_date >= since)
            .group_by(Home.urn)
            .order_by(func.count().desc(), Home.urn)
        ).first()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workbench.demo.showcase", description=__doc__)
    parser.add_argument("--db", default=None)
    parser.add_argument("--days", type=int, default=183)
    args = parser.parse_args(argv)
    urn = busiest_home(args.db, args.days)
    if urn is None:
        print("no home has notifications in that period", flush=True)
        return 1
    print(urn)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
