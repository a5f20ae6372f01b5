"""Monitoring: independent person's monthly reports (reg 33/44) and quality-of-care reviews (reg 34/45)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from workbench.analysis.history import History
from workbench.analysis.notifications import in_period
from workbench.analysis.periods import Period

#: Regulation 45 (34 before 2015): a review at least every six months, reported within 28 days.
REVIEW_INTERVAL_DAYS = 183
REVIEW_REPORT_DAYS = 28


def months_without_report(history: History, period: Period | None) -> list[str]:
    """Whole calendar months in the period (before the visit month) with no independent person's report."""
    if period is None:
        return []
    first = pd.Period(pd.Timestamp(period.start), freq="M")
    if period.start.day > 1:
        first += 1  # a month only partly in the period is not counted
    last = pd.Period(pd.Timestamp(period.end), freq="M") - 1
    if last < first:
        return []
    months = pd.period_range(first, last, freq="M")
    seen = set()
    if not history.visits.empty:
        seen = set(pd.to_datetime(history.visits["visit_date"]).dt.to_period("M"))
    return [str(m) for m in months if m not in seen]


def negative_reports(history: History, period: Period | None) -> pd.DataFrame:
    """Reports in the period whose safeguarding opinion is negative or not stated (reg 44(4))."""
    frame = in_period(history.visits, "visit_date", period)
    return frame[frame["safeguarding_opinion"].isin(["negative", "not_stated"])].sort_values("visit_date")


@dataclass(frozen=True)
class ReviewProblem:
    """A quality-of-care review that was late, or a six-month stretch with none."""

    kind: str  # late | not_submitted | missing
    reference: str | None
    date: dt.date
    detail: str


def review_problems(history: History, period: Period | None) -> list[ReviewProblem]:
    """Late or missing reg 34/45 reviews in the period (every six months, report within 28 days)."""
    if period is None:
        return []
    problems: list[ReviewProblem] = []
    reviews = in_period(history.reviews, "period_end", period).sort_values("period_end")
    for r in reviews.itertuples():
        due = r.due_date or (r.period_end + dt.timedelta(days=REVIEW_REPORT_DAYS))
        if r.submitted_date is None or pd.isna(r.submitted_date):
            if due < history.as_of:
                problems.append(ReviewProblem("not_submitted", r.reference, due,
                                              f"review to {r.period_end.isoformat()} not received; due {due.isoformat()}"))
        elif r.submitted_date > due:
            late = (r.submitted_date - due).days
            problems.append(ReviewProblem("late", r.reference, r.submitted_date,
                                          f"review to {r.period_end.isoformat()} received {late} days late "
                                          f"(due {due.isoformat()})"))
    ends = [period.start - dt.timedelta(days=1)]
    earlier = history.reviews[history.reviews["period_end"] < period.start] if not history.reviews.empty else None
    if earlier is not None and not earlier.empty:
        ends = [max(earlier["period_end"])]
    ends += list(reviews["period_end"])
    horizon = history.as_of - dt.timedelta(days=REVIEW_REPORT_DAYS)
    ends.append(max(horizon, ends[-1]))
    for a, b in zip(ends, ends[1:], strict=False):
        gap = (b - a).days
        if gap > REVIEW_INTERVAL_DAYS + 31 and b > period.start:
            missing_from = max(a, period.start - dt.timedelta(days=1)) + dt.timedelta(days=REVIEW_INTERVAL_DAYS)
            if missing_from <= horizon:
                problems.append(ReviewProblem("missing", None, missing_from,
                                              f"no review covering the six months after {a.isoformat()}"))
    return problems
