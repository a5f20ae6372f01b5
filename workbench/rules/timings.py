"""Inspection timings (paras 7-9): publication deadline in working days and when the next visit is due."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from workbench.rules.framework import load_framework

#: How far ahead a visit may be planned: homes are inspected at least twice a year (para 7), so a
#: plan more than a year ahead means nothing (and 9999-12-31 would build 8,000 years of months).
VISIT_DAYS_AHEAD = 366
#: The earliest visit date taken (before any record a store of Ofsted's data holds).
EARLIEST_VISIT = dt.date(2000, 1, 1)


def check_visit_date(day: dt.date, today: dt.date | None = None) -> dt.date:
    """`day` if it is a sensible visit date (from 2000 to a year ahead); a `UserError` otherwise."""
    from workbench.errors import UserError

    latest = (today or dt.date.today()) + dt.timedelta(days=VISIT_DAYS_AHEAD)
    if day > latest:
        raise UserError(f"visit date {day.isoformat()} is more than {VISIT_DAYS_AHEAD} days ahead (the latest is "
                        f"{latest.isoformat()}): homes are inspected at least twice a year (framework para 7)")
    if day < EARLIEST_VISIT:
        raise UserError(f"visit date {day.isoformat()} is before {EARLIEST_VISIT.isoformat()}, earlier than any "
                        "inspection record")
    return day


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a bank holiday in England."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days after ``a`` up to and including ``b`` (negative if ``b`` is before ``a``)."""
    if b < a:
        return -working_days_between(b, a)
    count = 0
    day = a
    while day < b:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def publication_deadline(last_day_on_site: dt.date) -> dt.date:
    """The last day to publish the report: 20 working days after the end of the on-site inspection (para 9)."""
    days = int(load_framework().timings["publication"]["working_days"])
    return add_working_days(last_day_on_site, days)


def next_inspection_due(
    last_full: dt.date | None, last_any: dt.date | None, last_overall_grade: str | None
) -> tuple[dt.date | None, str]:
    """When the next inspection is due, and why (with the paragraph).

    At least twice a year (para 7): within six months of the last inspection of any kind; one of
    them full (paras 7, 45): within a year of the last full one. After 'inadequate' overall, a
    further full inspection usually within six to eight weeks (para 8). The earliest applies.
    """
    timings = load_framework().timings
    candidates: list[tuple[dt.date, str]] = []
    latest = max((d for d in (last_full, last_any) if d is not None), default=None)
    if latest is not None:
        per_year = int(timings["inspections_per_year"]["value"])
        months = 12 // per_year
        candidates.append((
            latest + relativedelta(months=months),
            f"At least {per_year} inspections a year (para 7): due within {months} months of the last"
            f" inspection on {latest.isoformat()}.",
        ))
    if last_full is not None:
        candidates.append((
            last_full + relativedelta(years=1),
            f"A full inspection at least once a year (one full and one interim a year, paras 7, 45): due within"
            f" 12 months of the last full inspection on {last_full.isoformat()}.",
        ))
    if last_full is not None and last_overall_grade == "inadequate":
        rule = timings["reinspection_after_inadequate"]
        earliest = last_full + dt.timedelta(weeks=int(rule["min_weeks"]))
        due = last_full + dt.timedelta(weeks=int(rule["max_weeks"]))
        candidates.append((
            due,
            f"Judged inadequate overall on {last_full.isoformat()}: a further full inspection usually takes"
            f" place within {rule['min_weeks']} to {rule['max_weeks']} weeks (para 8), i.e. between"
            f" {earliest.isoformat()} and {due.isoformat()}.",
        ))
    if not candidates:
        return None, "No previous inspection on record: inspect as soon as possible (at least twice a year, para 7)."
    return min(candidates)
