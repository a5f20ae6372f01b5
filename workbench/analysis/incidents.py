"""Children missing from the home and incidents of restraint: counts, children involved, trend."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workbench.analysis.history import History
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
    rows = [r for r in history.rows("notifications") if r["category"] == category]
    now = [r for r in rows if periods.current.contains(r["event_date"])]
    before = [r for r in rows if periods.previous.contains(r["event_date"])] if periods.previous else None
    per: dict[str, list] = {}
    for r in now:
        if r["child_ref"] is not None and not (isinstance(r["child_ref"], float) and pd.isna(r["child_ref"])):
            per.setdefault(r["child_ref"], []).append(r["event_date"])
    per_child = pd.DataFrame([{"child_ref": ref, "episodes": len(days), "first": min(days), "last": max(days)}
                              for ref, days in sorted(per.items(), key=lambda kv: (-len(kv[1]), kv[0]))],
                             columns=["child_ref", "episodes", "first", "last"])
    quarters = pd.period_range(pd.Timestamp(history.window_start), pd.Timestamp(history.as_of), freq="Q")
    counts: dict[tuple[int, int], int] = {}
    for r in rows:
        key = (r["event_date"].year, (r["event_date"].month - 1) // 3 + 1)
        counts[key] = counts.get(key, 0) + 1
    quarterly = pd.Series([counts.get((q.year, q.quarter), 0) for q in quarters], index=quarters)

    def involved(events: list) -> int:
        return len({r["child_ref"] for r in events if isinstance(r["child_ref"], str)})

    return IncidentSummary(category, len(now), None if before is None else len(before), involved(now),
                           None if before is None else involved(before), per_child, quarterly)


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
    for child in history.rows("children"):
        left = child["leaving_date"]
        present = child["admission_date"] <= period.end and (left is None or pd.isna(left) or left >= period.start)
        count = int(child["missing_episodes"] or 0)
        if not present or not count:
            continue
        row = rows.setdefault(child["reference"], {"child_ref": child["reference"], "episodes": 0, "recorded": None,
                                                   "last": None})
        row["recorded"] = count
    ordered = sorted(rows.values(), key=lambda r: (-r["episodes"], r["child_ref"]))
    return pd.DataFrame(ordered, columns=["child_ref", "episodes", "recorded", "last"])
