"""Children missing from the home and incidents of restraint: counts, children involved, trend."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workbench.analysis.history import History
from workbench.analysis.notifications import in_period
from workbench.analysis.periods import Period


@dataclass(frozen=True)
class IncidentSummary:
    """One category of incident (missing or restraint) in the current and previous periods."""

    category: str
    current: int
    previous: int | None
    children_current: int
    children_previous: int | None
    per_child: pd.DataFrame  # child_ref, episodes, first, last (current period)
    quarterly: pd.Series  # episodes per quarter over both periods


def trend_word(current: int, previous: int | None, current_period: Period | None,
               previous_period: Period | None) -> str:
    """Compare two counts (optionally per month of their periods)."""
    if previous is None:
        return "no comparison"
    a = current / current_period.months if current_period else current
    b = previous / previous_period.months if previous_period else previous
    if a > b * 1.25 and a - b > 0.05:
        return "rising"
    if a < b * 0.8:
        return "falling"
    return "steady"


def summarise(history: History, category: str) -> IncidentSummary:
    """Counts, children involved and the quarterly series for `category` notifications."""
    periods = history.periods
    frame = history.notifications[history.notifications["category"] == category] \
        if not history.notifications.empty else history.notifications
    now = in_period(frame, "event_date", periods.current)
    before = in_period(frame, "event_date", periods.previous) if periods.previous else None
    if now.empty:
        per_child = pd.DataFrame(columns=["child_ref", "episodes", "first", "last"])
    else:
        known = now[now["child_ref"].notna()]
        per_child = (known.groupby("child_ref")["event_date"].agg(["count", "min", "max"]).reset_index()
                     .rename(columns={"count": "episodes", "min": "first", "max": "last"})
                     .sort_values(["episodes", "child_ref"], ascending=[False, True]))
    quarters = pd.period_range(pd.Timestamp(history.window_start), pd.Timestamp(history.as_of), freq="Q")
    if frame.empty:
        quarterly = pd.Series(0, index=quarters)
    else:
        quarterly = pd.to_datetime(frame["event_date"]).dt.to_period("Q").value_counts().reindex(quarters, fill_value=0)
    summary = IncidentSummary(
        category, len(now), None if before is None else len(before),
        int(now["child_ref"].nunique()) if not now.empty else 0,
        None if before is None else (int(before["child_ref"].nunique()) if not before.empty else 0),
        per_child, quarterly.sort_index())
    return summary


def trend(history: History, summary: IncidentSummary) -> str:
    """The summary's trend on the rate per month of each period."""
    return trend_word(summary.current, summary.previous, history.periods.current, history.periods.previous)


def children_missing(history: History) -> pd.DataFrame:
    """Every child who has been missing: from missing notifications in the current period, or the missing
    episodes on the record of a child living here during the period (footnote 5: always tracked).

    Columns: child_ref, episodes (notifications in the period), recorded (episodes on the child's record),
    last (latest notification in the period).
    """
    summary = summarise(history, "missing")
    rows = {r.child_ref: {"child_ref": r.child_ref, "episodes": int(r.episodes), "recorded": None, "last": r.last}
            for r in summary.per_child.itertuples()}
    period = history.periods.current
    kids = history.children
    if not kids.empty:
        present = kids[(kids["admission_date"] <= period.end)
                       & (kids["leaving_date"].isna() | (kids["leaving_date"] >= period.start))]
        for r in present.itertuples():
            count = int(r.missing_episodes or 0)
            if not count:
                continue
            row = rows.setdefault(r.reference, {"child_ref": r.reference, "episodes": 0, "recorded": None,
                                                "last": None})
            row["recorded"] = count
    frame = pd.DataFrame(list(rows.values()), columns=["child_ref", "episodes", "recorded", "last"])
    return frame.sort_values(["episodes", "child_ref"], ascending=[False, True]) if not frame.empty else frame
