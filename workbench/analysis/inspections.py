"""The home's inspection record: judgements over time and the last inspection's requirements."""

from __future__ import annotations

from typing import Any

import pandas as pd

from workbench.analysis.history import History
from workbench.analysis.periods import completed
from workbench.rules import AREAS, below_good


def judgement_table(history: History) -> pd.DataFrame:
    """One row per completed inspection (oldest first): date, type, reference, grade per area, progress,
    the framework it was made under and its overall judgement as published (wording).

    An older framework's overall judgement ('Overall effectiveness') fills the overall column by its
    place on the four-point scale; its other areas are not compared with the 2014 areas.
    """
    columns = ["id", "start_date", "inspection_type", "reference", *AREAS, "progress", "framework",
               "overall_wording"]
    done = completed(history.inspections, history.as_of)
    if done.empty:
        return pd.DataFrame(columns=columns)
    published: dict[int, dict[str, tuple[Any, Any]]] = {}
    for j in history.judgements.itertuples():
        published.setdefault(j.inspection_id, {})[j.area] = (j.grade, j.wording)
    rows = []
    for insp in done.itertuples():
        mine = published.get(insp.id, {})
        row = {"id": insp.id, "start_date": insp.start_date, "inspection_type": insp.inspection_type,
               "reference": insp.reference, "progress": insp.progress_judgement,
               "framework": getattr(insp, "framework", None) or None}
        for area in AREAS:
            value = mine.get(area, (None, None))[0]
            row[area] = value if isinstance(value, str) else None
        overall = next((mine[a] for a in ("overall", "overall_effectiveness") if a in mine and mine[a][0]), None)
        if overall is not None and row["overall"] is None:
            row["overall"] = overall[0]
        row["overall_wording"] = overall[1] if overall is not None and isinstance(overall[1], str) else None
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


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
