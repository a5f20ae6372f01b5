"""The home `make demo` shows off: most notifications in the recent period."""

from __future__ import annotations

import datetime as dt

from workbench.demo.showcase import busiest_home
from workbench.store import session_scope
from workbench.store.models import Home, Notification


def test_busiest_home_counts_only_recent_notifications(sqlite_url: str) -> None:
    today = dt.date(2026, 11, 23)
    assert busiest_home(sqlite_url, today=today) is None
    with session_scope(sqlite_url) as session:
        quiet = Home(urn="SC000001", provision_type="Children's home")
        busy = Home(urn="SC000002", provision_type="Children's home")
        session.add_all([quiet, busy])
        session.flush()
        for index in range(5):  # many, but a year ago
            session.add(Notification(home_id=quiet.id, reference=f"old-{index}", category="missing",
                                     event_date=today - dt.timedelta(days=365)))
        for index in range(2):
            session.add(Notification(home_id=busy.id, reference=f"new-{index}", category="restraint",
                                     event_date=today - dt.timedelta(days=10)))
    assert busiest_home(sqlite_url, today=today) == "SC000002"
    assert busiest_home(sqlite_url, days=400, today=today) == "SC000001"
