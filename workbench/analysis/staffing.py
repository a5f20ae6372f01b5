"""Leadership and staffing: registered managers, qualification deadlines (footnotes 11-12, 19-20), turnover.

The four limiting facts of the framework (vacancy weeks, manager/staff qualification overdue,
consecutive requires-improvement inspections) come from :mod:`workbench.analysis.facts`; the
per-person deadlines here show the inspector which records lie behind them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from workbench.analysis.history import History
from workbench.analysis.periods import Period

MANAGER = "registered_manager"
ENROL_MONTHS = 6  # footnotes 11 and 19: managers enrol within six months of appointment
QUALIFY_YEARS = 3  # footnotes 11 and 19: and qualify within three years
STAFF_MONTHS = 6  # footnotes 12 and 20: staff working towards the qualification within six months
SOON_DAYS = 90  # a deadline within this many days is shown as "due soon"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (as the limiting facts count it)."""
    return day + relativedelta(months=months)


def managers(history: History) -> pd.DataFrame:
    """Registered managers, oldest first."""
    staff = history.staff
    return staff[staff["role"] == MANAGER].sort_values("start_date") if not staff.empty else staff


def current_manager(history: History) -> dict | None:
    """The registered manager in post on the visit date, if any."""
    frame = managers(history)
    if frame.empty:
        return None
    now = frame[frame["end_date"].isna() | (frame["end_date"] > history.as_of)]
    return None if now.empty else now.iloc[-1].to_dict()


def in_post(history: History) -> pd.DataFrame:
    """Staff (all roles) in post on the visit date."""
    staff = history.staff
    if staff.empty:
        return staff
    return staff[staff["end_date"].isna() | (staff["end_date"] >= history.as_of)]


@dataclass(frozen=True)
class Deadline:
    """One person's qualification deadline under the national minimum standards."""

    reference: str
    role: str
    what: str  # e.g. "enrol on a management qualification"
    due: dt.date
    status: str  # met | overdue | due_soon | pending
    footnote: str


def _qualified(row: dict) -> bool:
    return row["qualification_status"] == "qualified" or pd.notna(row.get("qualification_achieved_date"))


def _on_course(row: dict) -> dt.date | None:
    enrolled = row.get("qualification_enrolled_date")
    if row["qualification_status"] in ("enrolled", "working_towards"):
        return enrolled if pd.notna(enrolled) else row["start_date"]
    return None


def _status(done: dt.date | None, due: dt.date, as_of: dt.date) -> str:
    if done is not None and done <= due:
        return "met"
    if as_of > due:
        return "overdue"
    if (due - as_of).days <= SOON_DAYS:
        return "due_soon"
    return "pending"


def deadlines(history: History) -> list[Deadline]:
    """Qualification deadlines of staff in post who are not yet qualified (footnotes 11-12, 19-20)."""
    result: list[Deadline] = []
    for row in in_post(history).to_dict("records"):
        if _qualified(row):
            continue
        start = row["start_date"]
        course = _on_course(row)
        if row["role"] == MANAGER:
            enrol_by = add_months(start, ENROL_MONTHS)
            result.append(Deadline(row["reference"], row["role"], "enrol on a management qualification", enrol_by,
                                   _status(course, enrol_by, history.as_of), "11, 19"))
            qualify_by = add_months(start, 12 * QUALIFY_YEARS)
            result.append(Deadline(row["reference"], row["role"], "obtain the management qualification",
                                   qualify_by, _status(None, qualify_by, history.as_of), "11, 19"))
        else:
            by = add_months(start, STAFF_MONTHS)
            result.append(Deadline(row["reference"], row["role"], "be working towards the required qualification",
                                   by, _status(course, by, history.as_of), "12, 20"))
    return result


@dataclass(frozen=True)
class Turnover:
    """Staff (not the registered manager) who left in a period, against the average headcount."""

    period: Period
    leavers: int
    joiners: int
    average_headcount: float

    @property
    def annual_rate(self) -> float | None:
        """Leavers per year as a share of the average headcount."""
        if not self.average_headcount:
            return None
        return self.leavers / self.average_headcount / self.period.years


def turnover(history: History, period: Period | None) -> Turnover | None:
    """Leavers and joiners among care staff and deputies in the period."""
    if period is None:
        return None
    team = [r for r in history.rows("staff") if r["role"] != MANAGER]

    def ended(row: dict) -> dt.date | None:
        value = row["end_date"]
        return None if value is None or pd.isna(value) else value

    def in_post_on(row: dict, day: dt.date) -> bool:
        end = ended(row)
        return bool(row["start_date"] <= day and (end is None or end > day))

    def headcount(day: dt.date) -> int:
        return sum(1 for r in team if in_post_on(r, day))

    leavers = sum(1 for r in team if period.contains(ended(r)))
    joiners = sum(1 for r in team if period.contains(r["start_date"]))
    return Turnover(period, leavers, joiners, (headcount(period.start) + headcount(period.end)) / 2 if team else 0.0)


@dataclass(frozen=True)
class LimitingFacts:
    """The framework's four limiting facts for the home on the visit date, with their explanations
    (``workbench.analysis.facts.FactExplanation``: value, paragraph, summary, records)."""

    values: dict[str, object]
    explanations: dict[str, Any]

    def number(self, fact: str) -> int:
        """A counted fact (vacancy weeks, consecutive inspections) as a number; 0 when not known."""
        value = self.values.get(fact)
        return int(value) if isinstance(value, int | float) else 0

    def summary(self, fact: str) -> str:
        """The sentence explaining one fact."""
        item = self.explanations.get(fact)
        return str(getattr(item, "summary", "")) if item is not None else ""

    def records(self, fact: str) -> list[dict[str, Any]]:
        """The records behind one fact."""
        item = self.explanations.get(fact)
        return list(getattr(item, "records", ()) or ()) if item is not None else []


def limiting_facts(session: Session, home_id: int, as_of: dt.date) -> LimitingFacts:
    """The limiting facts from :mod:`workbench.analysis.facts` (never recomputed here)."""
    from workbench.analysis import facts

    explained = facts.explain_facts(session, home_id, as_of)
    return LimitingFacts({name: item.value for name, item in explained.items()}, dict(explained))
