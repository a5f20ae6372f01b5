"""The home's inspection record: judgements over time and the last inspection's requirements."""

from __future__ import annotations

import pandas as pd

from workbench.analysis.history import History
from workbench.analysis.periods import completed
from workbench.rules import AREAS, below_good


def judgement_table(history: History) -> pd.DataFrame:
    """One row per completed inspection (oldest first): date, type, reference, grade per area, progress."""
    done = completed(history.inspections, history.as_of)
    if done.empty:
        return pd.DataFrame(columns=["id", "start_date", "inspection_type", "reference", *AREAS, "progress"])
    grades = history.judgements.pivot_table(index="inspection_id", columns="area", values="grade",
                                            aggfunc="first") if not history.judgements.empty else pd.DataFrame()
    rows = []
    for insp in done.itertuples():
        row = {"id": insp.id, "start_date": insp.start_date, "inspection_type": insp.inspection_type,
               "reference": insp.reference, "progress": insp.progress_judgement}
        for area in AREAS:
            value = grades.at[insp.id, area] if (insp.id in grades.index and area in grades.columns) else None
            row[area] = value if isinstance(value, str) else None
        rows.append(row)
    return pd.DataFrame(rows)


def last_completed(history: History) -> dict | None:
    """The most recent completed inspection of any type."""
    done = completed(history.inspections, history.as_of)
    return None if done.empty else done.iloc[-1].to_dict()


def requirements_to_follow(history: History) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Requirements and recommendations made at the last full inspection or since (to follow up, para 46)."""
    done = completed(history.inspections, history.as_of)
    if done.empty:
        return history.requirements.iloc[0:0].assign(made=None), history.recommendations.iloc[0:0].assign(made=None)
    dates = dict(zip(done["id"], done["start_date"], strict=False))
    last_full = history.periods.last_full_id
    start = dates[last_full] if last_full in dates else done["start_date"].iloc[-1]
    since = {key for key, day in dates.items() if day >= start}

    def follow(table: str, columns: list[str]) -> pd.DataFrame:
        rows = [dict(r, made=dates[r["inspection_id"]]) for r in history.rows(table) if r["inspection_id"] in since]
        rows.sort(key=lambda r: (r["made"], r["reference"] or ""))
        return pd.DataFrame(rows, columns=[*columns, "made"])

    return (follow("requirements", list(history.requirements.columns)),
            follow("recommendations", list(history.recommendations.columns)))


def consecutive_weak(table: pd.DataFrame) -> int:
    """How many of the latest inspections in a row were requires improvement/inadequate (or
    inadequate/limited progress at interim) - shown for context; the limiting fact comes from facts."""
    count = 0
    for row in table.iloc[::-1].itertuples():
        if not below_good(row.overall, row.progress):
            break
        count += 1
    return count
