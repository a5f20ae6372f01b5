"""A small builder of one home's history for the pre-visit tests (analysis, enquiry, prepare).

Each helper adds rows through the real models; values are fictional. Children are only
ever pseudonymous references (``C-...``); staff names are invented.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from report_fixtures import add_users
from sqlalchemy.orm import Session

from workbench.store.models import (
    Child,
    Complaint,
    Home,
    IndependentVisit,
    Inspection,
    Judgement,
    Notification,
    QualityReview,
    Recommendation,
    Requirement,
    StaffMember,
    SurveyResponse,
)

_seq = itertools.count(1)


def d(text: str) -> dt.date:
    """An ISO date."""
    return dt.date.fromisoformat(text)


def ref(prefix: str) -> str:
    """A unique record reference."""
    return f"{prefix}-{next(_seq):06d}"


def home(session: Session, urn: str = "SC900001", places: float = 4, category: str = "general",
         registered: str = "2015-01-05", **extra: Any) -> Home:
    """A children's home with fictional particulars."""
    row = Home(urn=urn, name="Test House", address1="1 Test Lane", postcode="ZZ1 1ZZ",
               provision_type="Children's home", home_category=category, sector="Private", places=places,
               local_authority="Testshire", region="North West", registered_provider="Example Care Ltd",
               responsible_individual="Pat Example", registration_date=d(registered),
               registration_status="Active", **extra)
    session.add(row)
    add_users(session, {"inspector1": "inspector", "manager": "manager"})
    return row


def inspection(session: Session, home_row: Home, start: str, kind: str = "full", grades: dict | None = None,
               status: str = "published", progress: str | None = None) -> Inspection:
    """A completed inspection with its judgements."""
    begin = d(start)
    row = Inspection(home=home_row, inspection_type=kind, start_date=begin, end_date=begin + dt.timedelta(days=1),
                     status=status, source="demo", reference=ref("EV"), progress_judgement=progress)
    session.add(row)
    session.flush()
    for area, grade in (grades or {}).items():
        session.add(Judgement(inspection_id=row.id, area=area, grade=grade, wording=grade))
    session.flush()
    return row


def requirement(session: Session, insp: Inspection, regulation: str = "Regulation 12 (1)(a)",
                text: str = "Protect children from harm.", due: str | None = None, status: str | None = None) -> Requirement:
    """A requirement made at an inspection."""
    row = Requirement(inspection_id=insp.id, reference=ref("REQ"), regulation=regulation, text=text,
                      due_date=d(due) if due else None, status=status)
    session.add(row)
    session.flush()
    return row


def recommendation(session: Session, insp: Inspection, text: str = "Improve records.",
                   status: str | None = None) -> Recommendation:
    """A recommendation made at an inspection."""
    row = Recommendation(inspection_id=insp.id, reference=ref("REC"), standard="Guide para 9.5", text=text,
                         status=status)
    session.add(row)
    session.flush()
    return row


def notification(session: Session, home_row: Home, date: str, category: str = "missing",
                 child_ref: str | None = None, summary: str = "Returned the next morning.") -> Notification:
    """A notification of a serious event."""
    row = Notification(home_id=home_row.id, reference=ref("NOT"), event_date=d(date), category=category,
                       child_ref=child_ref, summary=summary)
    session.add(row)
    return row


def visit(session: Session, home_row: Home, date: str, opinion: str = "positive", regulation: str = "44",
          recommendations: str | None = None) -> IndependentVisit:
    """An independent person's monthly report."""
    row = IndependentVisit(home_id=home_row.id, reference=ref("R44"), regulation=regulation, visit_date=d(date),
                           visitor="Independent Visitor", safeguarding_opinion=opinion,
                           recommendations=recommendations, received_date=d(date) + dt.timedelta(days=7))
    session.add(row)
    return row


def monthly_visits(session: Session, home_row: Home, first: str, last: str, skip: set[str] = frozenset(),
                   negative: set[str] = frozenset()) -> None:
    """One report a month from `first` to `last` (YYYY-MM), skipping or marking negative some months."""
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    while (year, month) <= end:
        key = f"{year:04d}-{month:02d}"
        if key not in skip:
            visit(session, home_row, f"{key}-10", opinion="negative" if key in negative else "positive")
        month += 1
        if month > 12:
            year, month = year + 1, 1


def review(session: Session, home_row: Home, period_end: str, due: str, submitted: str | None) -> QualityReview:
    """A regulation 45 quality-of-care review."""
    row = QualityReview(home_id=home_row.id, reference=ref("R45"), period_end=d(period_end), due_date=d(due),
                        submitted_date=d(submitted) if submitted else None, summary="Review of the quality of care.")
    session.add(row)
    return row


def complaint(session: Session, home_row: Home, date: str, theme: str = "Food and mealtimes",
              outcome: str = "not_upheld") -> Complaint:
    """A complaint."""
    row = Complaint(home_id=home_row.id, reference=ref("CMP"), received_date=d(date), complainant="child",
                    theme=theme, summary="About the evening meal.", outcome=outcome)
    session.add(row)
    return row


def survey(session: Session, home_row: Home, date: str, sentiment: str = "positive", respondent: str = "child",
           question: str = "Do you feel safe in this home?") -> SurveyResponse:
    """One survey answer."""
    row = SurveyResponse(home_id=home_row.id, reference=ref("SRV"), survey_date=d(date), respondent_type=respondent,
                         question=question, answer={"positive": "Yes", "negative": "No"}.get(sentiment, "Sometimes"),
                         sentiment=sentiment, comment="Invented comment.")
    session.add(row)
    return row


def staff(session: Session, home_row: Home, start: str, role: str = "care_staff", end: str | None = None,
          status: str = "qualified", enrolled: str | None = None, achieved: str | None = None,
          name: str = "Alex Example") -> StaffMember:
    """A member of staff or registered manager."""
    row = StaffMember(home_id=home_row.id, reference=ref("ST"), name=name, role=role, start_date=d(start),
                      end_date=d(end) if end else None, qualification_status=status,
                      qualification_enrolled_date=d(enrolled) if enrolled else None,
                      qualification_achieved_date=d(achieved) if achieved else None)
    session.add(row)
    return row


def child(session: Session, home_row: Home, admitted: str, left: str | None = None, reason: str | None = None,
          planned: bool | None = None, education: str = "in_school", hours: float | None = None,
          missing: int = 0, short_breaks: bool = False, reference: str | None = None) -> Child:
    """A child, by pseudonymous reference only."""
    row = Child(home_id=home_row.id, reference=reference or ref("C"), admission_date=d(admitted),
                leaving_date=d(left) if left else None, leaving_reason=reason, ending_planned=planned,
                education_status=education, alternative_provision_hours=hours, missing_episodes=missing,
                short_breaks=short_breaks, age_band="14-15")
    session.add(row)
    session.flush()
    return row


def quiet_home(session: Session, urn: str = "SC900001", **extra: Any) -> Home:
    """A steady home: good inspections, monthly positive reports, timely reviews, stable qualified staff.

    Last full inspection 2024-03-04; as-of date for tests 2025-03-01.
    """
    h = home(session, urn=urn, **extra)
    good = {"overall": "good", "helped_protected": "good", "leadership": "good", "partnership": "good"}
    inspection(session, h, "2023-03-06", grades=good)
    inspection(session, h, "2023-09-11", kind="interim", progress="good_progress")
    inspection(session, h, "2024-03-04", grades=good)
    inspection(session, h, "2024-09-16", kind="interim", progress="good_progress")
    monthly_visits(session, h, "2023-03", "2025-02")
    for end, due, sub in (("2023-09-30", "2023-10-28", "2023-10-20"), ("2024-03-31", "2024-04-28", "2024-04-20"),
                          ("2024-09-30", "2024-10-28", "2024-10-15")):
        review(session, h, end, due, sub)
    staff(session, h, "2014-06-01", role="registered_manager", name="Robin Example", status="qualified",
          achieved="2012-01-01")
    for i in range(5):
        staff(session, h, "2016-01-01", name=f"Staff Member {i}", achieved="2017-01-01")
    for i in range(3):
        child(session, h, "2022-06-01", reference=f"C-Q{i}")
    notification(session, h, "2024-06-01", "other")
    notification(session, h, "2023-06-01", "other")
    survey(session, h, "2024-11-01")
    session.flush()
    return h


AS_OF = d("2025-03-01")


def troubled_home(session: Session, urn: str = "SC900002") -> Home:
    """A short-break home where every rule of the catalogue should fire for a visit on 2025-03-01.

    Last full inspection 2024-03-04 (requires improvement), previous 2023-03-06.
    """
    h = home(session, urn=urn, places=6, category="short_breaks", registered="2016-02-01")
    ri = {"overall": "requires_improvement", "helped_protected": "requires_improvement",
          "leadership": "requires_improvement", "partnership": "good"}
    inspection(session, h, "2023-03-06", grades=ri)
    inspection(session, h, "2023-09-11", kind="interim", progress="limited_progress")
    last = inspection(session, h, "2024-03-04", grades=ri)
    inspection(session, h, "2024-09-16", kind="interim", progress="inadequate_progress")
    requirement(session, last, "Regulation 20 (1)(a)", "Use restraint only to prevent injury; record each use.",
                due="2024-05-01")
    requirement(session, last, "Regulation 8 (2)(a)", "Ensure each child attends education.", due="2024-06-01",
                status="not_met")
    recommendation(session, last, "Improve the quality of risk assessments.")
    # notifications: previous period 3 missing, 2 restraint; current 12 missing, 8 restraint, 2 allegations
    for day in ("2023-05-01", "2023-08-01", "2023-11-01"):
        notification(session, h, day, "missing", child_ref="C-T1")
    for day in ("2023-06-01", "2023-12-01"):
        notification(session, h, day, "restraint", child_ref="C-T1")
    for i in range(6):
        notification(session, h, f"2024-{4 + i:02d}-10", "missing", child_ref="C-T1")
    for i in range(4):
        notification(session, h, f"2024-{5 + i:02d}-12", "missing", child_ref="C-T2")
    for day in ("2024-06-20", "2024-09-02"):
        notification(session, h, day, "missing", child_ref="C-T3")
    for i in range(8):
        notification(session, h, f"2024-{4 + i:02d}-15", "restraint", child_ref="C-T2")
    for day in ("2024-07-01", "2024-12-01"):
        notification(session, h, day, "allegation")
    monthly_visits(session, h, "2023-03", "2025-02", skip={"2024-07", "2024-08"}, negative={"2024-11"})
    review(session, h, "2023-09-30", "2023-10-28", "2023-10-20")
    review(session, h, "2024-03-31", "2024-04-28", "2024-04-20")
    review(session, h, "2024-09-30", "2024-10-28", "2024-12-20")
    for day, outcome in (("2024-05-01", "upheld"), ("2024-08-01", "upheld"), ("2024-11-01", "not_upheld")):
        complaint(session, h, day, theme="Use of restraint", outcome=outcome)
    complaint(session, h, "2024-06-01", theme="Food and mealtimes")
    survey(session, h, "2024-10-01", "negative")
    survey(session, h, "2024-10-02", "negative")
    survey(session, h, "2024-10-03", "positive", question="Do staff listen to you?")
    survey(session, h, "2024-10-03", "positive", respondent="staff", question="Do you feel supported?")
    staff(session, h, "2019-01-01", role="registered_manager", end="2024-04-01", name="Former Manager",
          achieved="2018-01-01")
    staff(session, h, "2024-06-01", role="registered_manager", status="none", name="New Manager")
    for i, end in enumerate(("2024-05-01", "2024-08-01", "2024-12-01", None, None, None)):
        staff(session, h, "2020-01-01", end=end, name=f"Care Worker {i}", achieved="2021-01-01")
    staff(session, h, "2024-06-01", status="none", name="New Worker A")
    staff(session, h, "2024-09-01", status="working_towards", enrolled="2024-10-01", name="New Worker B")
    child(session, h, "2023-01-01", education="not_in_education", missing=9, reference="C-T1")
    child(session, h, "2024-06-01", education="alternative_provision", hours=15, missing=4, reference="C-T2")
    child(session, h, "2023-05-01", left="2024-10-01", reason="Placement breakdown - emergency move", planned=False,
          missing=2, reference="C-T3")
    child(session, h, "2022-01-01", short_breaks=True, reference="C-T4")
    child(session, h, "2022-02-01", left="2024-06-01", reason="Returned home to family", planned=True,
          reference="C-T5")
    session.flush()
    return h
