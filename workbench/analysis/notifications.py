"""Notifications of serious events (regulation 40): monthly counts, rates per place, peer rates."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from workbench.analysis.history import History
from workbench.analysis.periods import Period
from workbench.store.models import Home, Notification

#: Display order and labels of the notification categories (models.Notification).
CATEGORY_LABELS = {
    "missing": "Missing from the home",
    "restraint": "Restraint",
    "police_involvement": "Police involvement",
    "serious_injury": "Serious injury",
    "allegation": "Allegation against staff",
    "child_protection": "Child protection",
    "serious_illness": "Serious illness",
    "death": "Death",
    "other": "Other",
}


def label(category: str) -> str:
    """A category's label for people."""
    return CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize())


@dataclass(frozen=True)
class PeerRates:
    """Notifications per place per year over every home of the same type in a period (one SQL aggregate)."""

    group: str
    homes: int
    places: float
    counts: dict[str, int]
    period: Period

    def rate(self, category: str | None = None) -> float | None:
        """Per place per year for a category (None = all categories)."""
        if not self.places:
            return None
        count = sum(self.counts.values()) if category is None else self.counts.get(category, 0)
        return count / self.places / self.period.years


def peer_group(home: dict) -> tuple[str, object]:
    """The column and value that define 'homes of the same type': home_category, else provision type."""
    if home.get("home_category"):
        return "home_category", home["home_category"]
    return "provision_type", home.get("provision_type")


def peer_rates(session: Session, home: dict, period: Period) -> PeerRates:
    """Count notifications by category over all homes of the same type, with their places, in one query."""
    column_name, value = peer_group(home)
    column = getattr(Home, column_name)
    registered = or_(Home.registration_date.is_(None), Home.registration_date <= period.end)
    places = (select(func.coalesce(func.sum(Home.places), 0.0)).where(column == value, registered)
              .scalar_subquery())
    homes = select(func.count(Home.id)).where(column == value, registered).scalar_subquery()
    query = (
        select(Notification.category, func.count(Notification.id), places, homes)
        .join(Home, Home.id == Notification.home_id)
        .where(column == value, Notification.event_date >= period.start, Notification.event_date <= period.end)
        .group_by(Notification.category)
    )
    rows = session.execute(query).all()
    if rows:
        total_places, total_homes = float(rows[0][2] or 0), int(rows[0][3] or 0)
    else:
        total_places = float(session.execute(select(places)).scalar() or 0)
        total_homes = int(session.execute(select(homes)).scalar() or 0)
    group = str(value).replace("_", " ") if value else "unknown type"
    return PeerRates(group, total_homes, total_places, {c: int(n) for c, n, _p, _h in rows}, period)


def in_period(frame: pd.DataFrame, column: str, period: Period | None) -> pd.DataFrame:
    """Rows whose `column` date falls in the period (empty if no period)."""
    if period is None or frame.empty:
        return frame.iloc[0:0]
    return frame[(frame[column] >= period.start) & (frame[column] <= period.end)]


def monthly_counts(history: History) -> pd.DataFrame:
    """Notifications per month (rows, from the previous period's start) by category (columns)."""
    start = history.window_start
    months = pd.period_range(pd.Timestamp(start), pd.Timestamp(history.as_of), freq="M")
    frame = history.notifications
    if frame.empty:
        return pd.DataFrame(index=months)
    month = pd.to_datetime(frame["event_date"]).dt.to_period("M")
    table = pd.crosstab(month, frame["category"]).reindex(months, fill_value=0)
    order = [c for c in CATEGORY_LABELS if c in table.columns] + [c for c in table.columns if c not in CATEGORY_LABELS]
    return table[order]


@dataclass(frozen=True)
class RateRow:
    """One category's counts and rates (per place per year) now, before, and for peers."""

    category: str | None
    current: int
    previous: int | None
    current_rate: float | None
    previous_rate: float | None
    peer_rate: float | None

    @property
    def change(self) -> float | None:
        """Relative change of the rate against the previous period (0.5 = +50%)."""
        if self.previous_rate is None or self.current_rate is None:
            return None
        if self.previous_rate == 0:
            return None if self.current_rate == 0 else float("inf")
        return self.current_rate / self.previous_rate - 1



@dataclass(frozen=True)
class RateComparison:
    """One category's rate that crossed a threshold: risen on the previous period, or above similar homes."""

    row: RateRow
    risen: bool
    above_peers: bool
    peers: PeerRates | None  # set when there were enough similar homes to compare with

    @property
    def what(self) -> str:
        """The notifications counted, in words ("restraint notifications")."""
        if self.row.category is None:
            return "notifications"
        if self.row.category == "missing":
            return "missing-from-home notifications"
        return f"{label(self.row.category).lower()} notifications"

    def facts(self, since: str) -> list[str]:
        """The figures in words: now (since `since`), in the previous period, across similar homes."""
        row = self.row
        facts = [f"{row.current} {self.what} since {since} ({_per_place(row.current_rate)})"]
        if row.previous is not None:
            change = "" if row.change is None or row.change == float("inf") else f", {row.change:+.0%}"
            facts.append(f"against {row.previous} ({_per_place(row.previous_rate)}{change}) in the previous period")
        if self.peers is not None:
            facts.append(f"and {_per_place(row.peer_rate)} across {self.peers.homes} similar homes "
                         f"({self.peers.group})")
        return facts


def _per_place(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate:.2f} per place per year"


def compare_rate(rows: list[RateRow], peers: PeerRates | None, category: str | None, *, min_events: int,
                 rise: float, peer_factor: float, min_peers: int) -> RateComparison | None:
    """The category's rate (None: all notifications) against the previous period and similar homes.

    None when fewer than `min_events` happened in the current period, or when the rate neither rose
    by `rise` (0.5 = +50%) nor reached `peer_factor` times the rate of similar homes (compared only
    with at least `min_peers` of them).
    """
    row = next((r for r in rows if r.category == category), None)
    if row is None or row.current < min_events:
        return None
    risen = row.change is not None and row.change >= rise
    similar = peers if peers is not None and peers.homes >= min_peers and row.peer_rate is not None else None
    above = similar is not None and row.current_rate is not None and row.peer_rate is not None \
        and row.current_rate >= row.peer_rate * peer_factor
    if not (risen or above):
        return None
    return RateComparison(row, risen, above, similar)


def rates(history: History, peers: PeerRates | None) -> list[RateRow]:
    """Counts and rates per place per year for every category seen, then all categories together."""
    places = float(history.home.get("places") or 0)
    current_period, previous_period = history.periods.current, history.periods.previous
    rows = history.rows("notifications")
    now: dict[str, int] = {}
    before: dict[str, int] = {}
    for r in rows:
        if current_period.contains(r["event_date"]):
            now[r["category"]] = now.get(r["category"], 0) + 1
        elif previous_period is not None and previous_period.contains(r["event_date"]):
            before[r["category"]] = before.get(r["category"], 0) + 1
    seen = {r["category"] for r in rows}
    categories = [c for c in CATEGORY_LABELS if c in seen] + sorted(seen - set(CATEGORY_LABELS))

    def per_place(count: int, period: Period | None) -> float | None:
        return count / places / period.years if places and period else None

    result = []
    for category in [*categories, None]:
        n_now = sum(now.values()) if category is None else now.get(category, 0)
        n_before = None
        if previous_period is not None:
            n_before = sum(before.values()) if category is None else before.get(category, 0)
        result.append(RateRow(category, n_now, n_before, per_place(n_now, current_period),
                              per_place(n_before, previous_period) if n_before is not None else None,
                              peers.rate(category) if peers else None))
    return result


def category_events(history: History, category: str, period: Period | None) -> pd.DataFrame:
    """One category's notifications in a period, newest first."""
    frame = in_period(history.notifications, "event_date", period)
    return frame[frame["category"] == category].sort_values("event_date", ascending=False)
