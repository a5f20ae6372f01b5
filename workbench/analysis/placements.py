"""Children's placements: who lives here, admissions, planned and unplanned endings, education (para 30)."""

from __future__ import annotations

import pandas as pd

from workbench.analysis.history import History

#: Para 30: children not in school should have at least 25 hours a week of alternative provision.
MIN_ALTERNATIVE_HOURS = 25.0
EDUCATION_LABELS = {"in_school": "In school", "college": "At college", "alternative_provision": "Alternative provision",
                    "not_in_education": "Not in education", "employment": "In employment", None: "Not recorded"}


def living_here(history: History) -> pd.DataFrame:
    """Children living in the home on the visit date."""
    kids = history.children
    if kids.empty:
        return kids
    return kids[kids["leaving_date"].isna() | (kids["leaving_date"] > history.as_of)]


def admissions(history: History) -> pd.DataFrame:
    """Children admitted during the current period."""
    period = history.periods.current
    kids = history.children
    return kids[(kids["admission_date"] >= period.start) & (kids["admission_date"] <= period.end)] \
        if not kids.empty else kids


def endings(history: History, period_name: str = "current") -> pd.DataFrame:
    """Children who left during a period (``current`` or ``previous``) with planned/unplanned flags."""
    period = history.periods.current if period_name == "current" else history.periods.previous
    kids = history.children
    if kids.empty or period is None:
        return kids.iloc[0:0]
    left = kids[kids["leaving_date"].notna()]
    return left[(left["leaving_date"] >= period.start) & (left["leaving_date"] <= period.end)]


def unplanned(frame: pd.DataFrame) -> pd.DataFrame:
    """Endings recorded as unplanned (a placement breakdown or an emergency move)."""
    if frame.empty:
        return frame
    return frame[frame["ending_planned"].eq(False)]


def out_of_education(history: History) -> pd.DataFrame:
    """Children living here who are not in education, or in alternative provision under 25 hours (para 30)."""
    kids = living_here(history)
    if kids.empty:
        return kids
    hours = pd.to_numeric(kids["alternative_provision_hours"], errors="coerce")
    short = (kids["education_status"] == "alternative_provision") & (hours.isna() | (hours < MIN_ALTERNATIVE_HOURS))
    return kids[(kids["education_status"] == "not_in_education") | short]


def education_counts(history: History) -> dict[str, int]:
    """Children living here by education status."""
    kids = living_here(history)
    if kids.empty:
        return {}
    counts = kids["education_status"].fillna("unknown").value_counts()
    return {str(k): int(v) for k, v in counts.items()}
