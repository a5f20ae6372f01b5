"""Complaints: themes and outcomes in the current period against the previous one."""

from __future__ import annotations

import pandas as pd

from workbench.analysis.history import History
from workbench.analysis.notifications import in_period

OUTCOME_LABELS = {"upheld": "Upheld", "partially_upheld": "Partially upheld", "not_upheld": "Not upheld",
                  "withdrawn": "Withdrawn", "open": "Open"}
#: Outcomes that found something wrong.
FOUND = ("upheld", "partially_upheld")


def themes(history: History) -> pd.DataFrame:
    """One row per theme: current count, upheld/partly upheld, open, previous count; busiest first."""
    periods = history.periods
    columns = ["theme", "current", "upheld", "open", "previous"]
    table: dict[str, dict] = {}
    for r in history.rows("complaints"):
        name = r["theme"] if isinstance(r["theme"], str) else "Not stated"
        if periods.current.contains(r["received_date"]):
            row = table.setdefault(name, {"theme": name, "current": 0, "upheld": 0, "open": 0, "previous": 0})
            row["current"] += 1
            row["upheld"] += r["outcome"] in FOUND
            row["open"] += r["outcome"] == "open"
        elif periods.previous and periods.previous.contains(r["received_date"]):
            table.setdefault(name, {"theme": name, "current": 0, "upheld": 0, "open": 0, "previous": 0})["previous"] += 1
    rows = sorted(table.values(), key=lambda r: (-r["current"], -r["upheld"], r["theme"]))
    if periods.previous is None:
        for row in rows:
            row["previous"] = None
    return pd.DataFrame(rows, columns=columns)


def outcomes(history: History) -> dict[str, int]:
    """Complaints in the current period by outcome."""
    now = in_period(history.complaints, "received_date", history.periods.current)
    return {key: int((now["outcome"] == key).sum()) for key in OUTCOME_LABELS if (now["outcome"] == key).any()}


def of_theme(history: History, theme: str) -> pd.DataFrame:
    """The current period's complaints on a theme, oldest first."""
    now = in_period(history.complaints, "received_date", history.periods.current)
    return now[now["theme"].fillna("Not stated") == theme].sort_values("received_date")
