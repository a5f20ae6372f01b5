"""A home's registration over time: the events of Ofsted's Leavers and joiners release.

`left_register` is the one definition of a home that has left the register (resigned, closed
or cancelled) by a date: such a home leaves the due and overdue lists from that date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from workbench.store import models as m

EVENTS = ("active", "resigned", "closed", "cancelled")
LEFT = ("resigned", "closed", "cancelled")


def left_register(conn_or_session: Any, as_of: dt.date) -> dict[int, tuple[str, dt.date]]:
    """Homes whose latest registration event on or before `as_of` is resigned, closed or cancelled:
    home id -> (event, date). A home active again since is not listed."""
    events = m.RegistrationEvent.__table__
    latest: dict[int, tuple[dt.date, int, str]] = {}
    order = {event: i for i, event in enumerate(EVENTS)}
    query = select(events.c.home_id, events.c.event, events.c.event_date).where(events.c.event_date <= as_of)
    for home_id, event, when in conn_or_session.execute(query):
        key = (when, order.get(event, 0), event)
        if home_id not in latest or key > latest[home_id]:
            latest[home_id] = key
    return {home_id: (event, when) for home_id, (when, _, event) in latest.items() if event in LEFT}


def timeline(conn_or_session: Any, home_id: int) -> list[dict[str, Any]]:
    """A home's registration events, oldest first, with the release each came from."""
    events, releases = m.RegistrationEvent.__table__, m.Release.__table__
    query = (select(events.c.event, events.c.event_date, events.c.joiner_status, events.c.leaver_status,
                    events.c.status_before, events.c.status_after, events.c.reason, releases.c.name)
             .outerjoin(releases, releases.c.id == events.c.release_id)
             .where(events.c.home_id == home_id)
             .order_by(events.c.event_date, events.c.event))
    return [dict(row._mapping) | {"release": row.name} for row in conn_or_session.execute(query)]


def registration_history(conn_or_session: Any, home_id: int) -> list[dict[str, Any]]:
    """The registration each provider-level release gave the home (status, places, sector, provider), oldest first."""
    reg, releases = m.HomeRegistration.__table__, m.Release.__table__
    query = (select(reg.c.as_of, reg.c.provision_type, reg.c.registration_status, reg.c.places, reg.c.sector,
                    reg.c.registered_provider, releases.c.name.label("release"))
             .join(releases, releases.c.id == reg.c.release_id)
             .where(reg.c.home_id == home_id).order_by(reg.c.as_of, releases.c.name))
    return [dict(row._mapping) for row in conn_or_session.execute(query)]
