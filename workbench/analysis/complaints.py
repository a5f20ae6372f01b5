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
    now = in_period(history.complaints, "received_date", history.periods.current)
    before = in_period(history.complaints, "received_date", history.periods.previous)
    columns = ["theme", "current", "upheld", "open", "previous"]
    if now.empty and before.empty:
        return pd.DataFrame(columns=columns)
    now = now.assign(theme=now["theme"].fillna("Not stated"))
    before = before.assign(theme=before["theme"].fillna("Not stated"))
    names = sorted(set(now["theme"]) | set(before["theme"]))
    rows = []
    for name in names:
        mine = now[now["theme"] == name]
        rows.append({"theme": name, "current": len(mine), "upheld": int(mine["outcome"].isin(FOUND).sum()),
                     "open": int((mine["outcome"] == "open").sum()),
                     "previous": int((before["theme"] == name).sum()) if history.periods.previous else None})
    return pd.DataFrame(rows, columns=columns).sort_values(["current", "upheld", "theme"],
                                                            ascending=[False, False, True])


def outcomes(history: History) -> dict[str, int]:
    """Complaints in the current period by outcome."""
    now = in_period(history.complaints, "received_date", history.periods.current)
    return {key: int((now["outcome"] == key).sum()) for key in OUTCOME_LABELS if (now["outcome"] == key).any()}


def of_theme(history: History, theme: str) -> pd.DataFrame:
    """The current period's complaints on a theme, oldest first."""
    now = in_period(history.complaints, "received_date", history.periods.current)
    return now[now["theme"].fillna("Not stated") == theme].sort_values("received_date")
