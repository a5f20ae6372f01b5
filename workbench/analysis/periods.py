"""The periods a visit plan compares: since the last full inspection, and the one before it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from workbench.store import lifecycle


@dataclass(frozen=True)
class Period:
    """A closed date range [start, end] with a label for tables and charts."""

    start: dt.date
    end: dt.date
    label: str

    @property
    def days(self) -> int:
        """Number of days in the period (at least 1)."""
        return max(1, (self.end - self.start).days + 1)

    @property
    def months(self) -> float:
        """Length in months (30.44 days)."""
        return self.days / 30.4375

    @property
    def years(self) -> float:
        """Length in years."""
        return self.days / 365.25

    def contains(self, day: dt.date | None) -> bool:
        """Whether a date falls in the period."""
        return day is not None and self.start <= day <= self.end

    def describe(self) -> str:
        """'3 March 2024 to 1 March 2025'."""
        return f"{long_date(self.start)} to {long_date(self.end)}"


@dataclass(frozen=True)
class Periods:
    """The current period (since the last full inspection) and the previous one for comparison.

    ``first_inspection`` is true when the home has no completed full inspection before the visit:
    the current period then runs from registration (at most a year back) and there is no previous one.
    """

    as_of: dt.date
    current: Period
    previous: Period | None
    last_full_id: int | None
    previous_full_id: int | None
    first_inspection: bool


def long_date(day: dt.date | None) -> str:
    """A date as people write it: '3 March 2024'."""
    if day is None or pd.isna(day):
        return "not recorded"
    return f"{day.day} {day:%B %Y}"


def completed(inspections: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Inspections that took place before `as_of` and were submitted or later (not drafts), oldest first."""
    if inspections.empty:
        return inspections
    done = inspections[(inspections["start_date"] < as_of) & (inspections["status"].map(lifecycle.is_completed))]
    return done.sort_values(["start_date", "id"])


def compute_periods(inspections: pd.DataFrame, as_of: dt.date, registration_date: dt.date | None) -> Periods:
    """Work out the periods from the home's inspections (columns id, inspection_type, start_date, end_date, status, source)."""
    done = completed(inspections, as_of)
    fulls = done[done["inspection_type"] == "full"] if not done.empty else done
    floor = registration_date or dt.date.min
    if fulls.empty:
        start = max(floor, as_of - dt.timedelta(days=365))
        return Periods(as_of, Period(start, as_of, "Since registration" if registration_date and start == floor
                                     else "Last 12 months"), None, None, None, True)
    last = fulls.iloc[-1]
    last_end = last["end_date"] if pd.notna(last["end_date"]) else last["start_date"]
    current = Period(min(as_of, last_end + dt.timedelta(days=1)), as_of, "Since the last full inspection")
    previous: Period | None = None
    previous_id: int | None = None
    if len(fulls) >= 2:
        before = fulls.iloc[-2]
        before_end = before["end_date"] if pd.notna(before["end_date"]) else before["start_date"]
        previous = Period(before_end + dt.timedelta(days=1), last["start_date"] - dt.timedelta(days=1),
                          "Between the two previous full inspections")
        previous_id = int(before["id"])
    else:
        length = dt.timedelta(days=current.days)
        start = max(floor, last["start_date"] - length)
        if start < last["start_date"]:
            previous = Period(start, last["start_date"] - dt.timedelta(days=1), "Before the last full inspection")
    return Periods(as_of, current, previous, int(last["id"]), previous_id, False)
