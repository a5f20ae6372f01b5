"""Survey responses (children, parents, social workers, staff) with the negative answers surfaced."""

from __future__ import annotations

import pandas as pd

from workbench.analysis.history import History

RESPONDENT_LABELS = {"child": "Children", "parent": "Parents and carers", "social_worker": "Social workers",
                     "staff": "Staff"}


def by_respondent(history: History) -> pd.DataFrame:
    """Answers per respondent type in the current period: total, negative, share negative."""
    counts: dict[str, list[int]] = {}
    for r in history.rows("surveys"):
        if history.periods.current.contains(r["survey_date"]):
            entry = counts.setdefault(r["respondent_type"], [0, 0])
            entry[0] += 1
            entry[1] += r["sentiment"] == "negative"
    rows = [{"respondent_type": key, "answers": n, "negative": bad, "share_negative": bad / n}
            for key, (n, bad) in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["respondent_type", "answers", "negative", "share_negative"])


def negatives(history: History) -> pd.DataFrame:
    """Every negative answer in the current period, newest first."""
    rows = [r for r in history.rows("surveys")
            if r["sentiment"] == "negative" and history.periods.current.contains(r["survey_date"])]
    rows.sort(key=lambda r: (r["survey_date"], r["reference"]), reverse=True)
    return pd.DataFrame(rows, columns=list(history.surveys.columns))
