"""Survey responses (children, parents, social workers, staff) with the negative answers surfaced."""

from __future__ import annotations

import pandas as pd

from workbench.analysis.history import History
from workbench.analysis.notifications import in_period

RESPONDENT_LABELS = {"child": "Children", "parent": "Parents and carers", "social_worker": "Social workers",
                     "staff": "Staff"}


def by_respondent(history: History) -> pd.DataFrame:
    """Answers per respondent type in the current period: total, negative, share negative."""
    now = in_period(history.surveys, "survey_date", history.periods.current)
    columns = ["respondent_type", "answers", "negative", "share_negative"]
    if now.empty:
        return pd.DataFrame(columns=columns)
    grouped = now.groupby("respondent_type")["sentiment"]
    table = pd.DataFrame({"answers": grouped.size(), "negative": grouped.apply(lambda s: int((s == "negative").sum()))})
    table["share_negative"] = table["negative"] / table["answers"]
    return table.reset_index()[columns]


def negatives(history: History) -> pd.DataFrame:
    """Every negative answer in the current period, newest first."""
    now = in_period(history.surveys, "survey_date", history.periods.current)
    return now[now["sentiment"] == "negative"].sort_values("survey_date", ascending=False)
