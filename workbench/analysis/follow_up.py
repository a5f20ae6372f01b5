"""What the data since the last inspection says about its requirements and recommendations (para 46).

Shared by the evidence picture (the follow-up table) and the rules that draft lines of enquiry;
each finding cites its evidence records in the form `LineOfEnquiry.evidence` holds.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

from workbench.analysis.evidence import Evidence
from workbench.analysis.notifications import label


def record(table: str, reference: Any, date: Any, detail: str) -> dict[str, Any]:
    """One evidence record: {"table", "reference", "date" (ISO), "detail"} as LineOfEnquiry.evidence holds."""
    if date is None or (not isinstance(date, str) and pd.isna(date)):
        iso = None
    elif isinstance(date, dt.date):
        iso = date.isoformat()
    else:
        iso = str(date)
    return {"table": table, "reference": None if reference is None else str(reference), "date": iso,
            "detail": detail}


def notification_records(rows: pd.DataFrame | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence records of notifications, newest first (from a frame or from plain rows)."""
    items = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    items = sorted(items, key=lambda r: (r["event_date"], r["reference"]), reverse=True)
    return [record("notifications", r["reference"], r["event_date"],
                   label(r["category"]) + (f", child {r['child_ref']}" if isinstance(r["child_ref"], str) else ""))
            for r in items]


def current_notifications(evidence: Evidence, categories: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """This period's notifications (all, or of the given categories) as plain rows."""
    period = evidence.periods.current
    return [r for r in evidence.history.rows("notifications")
            if period.contains(r["event_date"]) and (categories is None or r["category"] in categories)]


_REGULATION_NUMBER = re.compile(r"(\d+)")


def requirement_signals(evidence: Evidence, regulation: str) -> tuple[list[str], list[dict[str, Any]]]:
    """What the data since the last inspection says about a requirement under this regulation."""
    match = _REGULATION_NUMBER.search(regulation or "")
    number = int(match.group(1)) if match else None
    words: list[str] = []
    records: list[dict[str, Any]] = []
    if number in (12, 20, 34, 35, 17):
        for summary in (evidence.restraint, evidence.missing):
            before = "" if summary.previous is None else f" (previous period {summary.previous})"
            words.append(f"{summary.current} {label(summary.category).lower()} notifications since{before}")
        records += notification_records(current_notifications(evidence, ("restraint", "missing")))
    if number == 8:
        kids = evidence.out_of_education
        words.append(f"{len(kids)} child(ren) now out of education or with under 25 hours of alternative provision")
        records += [record("children", r.reference, None,
                           f"education: {str(r.education_status).replace('_', ' ')}") for r in kids.itertuples()]
    if number in (13, 45, 34) or (number == 44 and "45" in (regulation or "")):
        words.append(f"{len(evidence.review_problems)} late or missing quality-of-care review(s)")
        records += [record("quality_reviews", p.reference, p.date, p.detail) for p in evidence.review_problems]
    if number in (44, 33) and "Regulation 33 (4)" not in (regulation or ""):
        words.append(f"{len(evidence.months_without_report)} month(s) without an independent person's report, "
                     f"{len(evidence.negative_reports)} report(s) without a positive safeguarding opinion")
        records += [record("independent_visits", r.reference, r.visit_date, r.safeguarding_opinion)
                    for r in evidence.negative_reports.itertuples()]
    if number in (31, 32, 33):
        overdue = [d for d in evidence.deadlines if d.status == "overdue"]
        rate = evidence.turnover.annual_rate if evidence.turnover else None
        words.append(f"{len(overdue)} qualification deadline(s) missed; staff turnover "
                     f"{'n/a' if rate is None else f'{rate:.0%}'} a year")
        records += [record("staff", d.reference, d.due, f"{d.role}: {d.what}, due {d.due.isoformat()}")
                    for d in overdue]
    if number == 40:
        total = next((r for r in evidence.rate_rows if r.category is None), None)
        words.append(f"{total.current if total else 0} notifications since the last inspection")
    if number in (10, 11, 14, 22, 36) or not words:
        themes = evidence.complaint_themes
        words.append(f"{int(themes['current'].sum()) if not themes.empty else 0} complaint(s) and "
                     f"{len(evidence.survey_negatives)} negative survey answer(s) since the last inspection")
    return words, records


#: Words in a recommendation's text -> the regulation whose evidence speaks to it (recommendations cite the
#: guide, not a regulation). Checked in order; the first match wins.
RECOMMENDATION_TOPICS = (
    (("restraint", "behaviour", "risk assessment", "missing"), "Regulation 20"),
    (("education", "school", "learning"), "Regulation 8"),
    (("supervision", "training", "staff"), "Regulation 31"),
    (("monitoring", "review", "statement of purpose"), "Regulation 45"),
)


def recommendation_signals(evidence: Evidence, text: str) -> tuple[list[str], list[dict[str, Any]]]:
    """What the data since says about a recommendation, chosen by the words of its text."""
    lowered = (text or "").lower()
    for words, regulation in RECOMMENDATION_TOPICS:
        if any(word in lowered for word in words):
            return requirement_signals(evidence, regulation)
    return requirement_signals(evidence, "")
