"""Load one home's history into pandas frames, one indexed query per table.

Everything in the evidence picture and the lines of enquiry is computed from these frames,
so a visit plan costs a dozen small queries however many sections it has.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from workbench.analysis.periods import Periods, compute_periods, long_date
from workbench.errors import UserError
from workbench.rules.timings import check_visit_date
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

_INSPECTION_COLUMNS = (Inspection.id, Inspection.reference, Inspection.inspection_type, Inspection.start_date,
                       Inspection.end_date, Inspection.publication_date, Inspection.status, Inspection.source,
                       Inspection.progress_judgement, Inspection.service_of_concern, Inspection.framework)


@dataclass
class History:
    """One home's records up to the visit date, as DataFrames, with the periods to compare."""

    home: dict[str, Any]
    as_of: dt.date
    periods: Periods
    inspections: pd.DataFrame
    judgements: pd.DataFrame
    requirements: pd.DataFrame
    recommendations: pd.DataFrame
    notifications: pd.DataFrame
    visits: pd.DataFrame
    reviews: pd.DataFrame
    complaints: pd.DataFrame
    surveys: pd.DataFrame
    staff: pd.DataFrame
    children: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    _records: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    def rows(self, table: str) -> list[dict[str, Any]]:
        """A table's rows as plain dicts (computed once; cheaper than pandas for a home's few rows)."""
        if table not in self._records:
            self._records[table] = getattr(self, table).to_dict("records")
        return self._records[table]

    @property
    def home_id(self) -> int:
        """The home's primary key."""
        return int(self.home["id"])

    @property
    def window_start(self) -> dt.date:
        """The earliest date loaded for event tables (start of the previous period)."""
        return (self.periods.previous or self.periods.current).start


def parse_as_of(visit_date: str | dt.date | None) -> dt.date:
    """The visit date: ISO text, a date, or empty for today."""
    if visit_date is None or visit_date == "":
        return dt.date.today()
    if isinstance(visit_date, dt.date):
        return check_visit_date(visit_date)
    try:
        day = dt.date.fromisoformat(str(visit_date).strip())
    except ValueError:
        raise UserError(f"visit date {visit_date!r} is not an ISO date (YYYY-MM-DD)") from None
    return check_visit_date(day)


def find_home(session: Session, urn: str) -> Home:
    """The home with this URN, or a clear error."""
    key = str(urn or "").strip()
    if not key:
        raise UserError("give the home's URN (e.g. SC123456)")
    home = session.scalars(select(Home).where(Home.urn == key)).first()
    if home is None:
        raise UserError(f"no home with URN {key} in the store")
    return home


def _frame(loaded: dict[str, list[dict[str, Any]]], name: str, session: Session, query: Select,
           columns: list[str]) -> pd.DataFrame:
    """Run one query; keep its rows as dicts in `loaded[name]` and return them as a DataFrame."""
    rows = session.execute(query).all()
    loaded[name] = [dict(zip(columns, row, strict=True)) for row in rows]
    return pd.DataFrame.from_records(rows, columns=columns)


def _cols(*attributes: Any) -> tuple[list[Any], list[str]]:
    return list(attributes), [a.key for a in attributes]


def load_history(session: Session, home_id: int, as_of: dt.date) -> History:
    """Load the home's rows (to `as_of`) per table once, and the periods to compare."""
    home = session.get(Home, home_id)
    if home is None:
        raise UserError(f"no home with id {home_id} in the store")
    if home.registration_date and as_of < home.registration_date:
        raise UserError(f"visit date {as_of.isoformat()} is before home {home.urn} was registered "
                        f"({long_date(home.registration_date)})")
    home_row = {c.key: getattr(home, c.key) for c in Home.__table__.columns}

    loaded: dict[str, list[dict[str, Any]]] = {}
    attrs, names = _cols(*_INSPECTION_COLUMNS)
    inspections = _frame(loaded, "inspections", session, select(*attrs).where(Inspection.home_id == home_id, Inspection.start_date <= as_of)
                         .order_by(Inspection.start_date, Inspection.id), names)
    periods = compute_periods(inspections, as_of, home.registration_date)
    since = (periods.previous or periods.current).start

    attrs, names = _cols(Judgement.inspection_id, Judgement.area, Judgement.grade, Judgement.wording)
    judgements = _frame(loaded, "judgements", session, select(*attrs).join(Inspection, Inspection.id == Judgement.inspection_id)
                        .where(Inspection.home_id == home_id, Inspection.start_date <= as_of), names)
    attrs, names = _cols(Requirement.id, Requirement.inspection_id, Requirement.reference, Requirement.regulation,
                         Requirement.text, Requirement.due_date, Requirement.status, Requirement.status_evidence)
    requirements = _frame(loaded, "requirements", session, select(*attrs).join(Inspection, Inspection.id == Requirement.inspection_id)
                          .where(Inspection.home_id == home_id, Inspection.start_date <= as_of), names)
    attrs, names = _cols(Recommendation.id, Recommendation.inspection_id, Recommendation.reference,
                         Recommendation.standard, Recommendation.text, Recommendation.status,
                         Recommendation.status_evidence)
    recommendations = _frame(loaded, "recommendations", session, select(*attrs).join(Inspection, Inspection.id == Recommendation.inspection_id)
                             .where(Inspection.home_id == home_id, Inspection.start_date <= as_of), names)
    attrs, names = _cols(Notification.reference, Notification.event_date, Notification.category,
                         Notification.summary, Notification.child_ref)
    notifications = _frame(loaded, "notifications", session, select(*attrs).where(
        Notification.home_id == home_id, Notification.event_date >= since, Notification.event_date <= as_of)
        .order_by(Notification.event_date), names)
    attrs, names = _cols(IndependentVisit.reference, IndependentVisit.regulation, IndependentVisit.visit_date,
                         IndependentVisit.safeguarding_opinion, IndependentVisit.recommendations,
                         IndependentVisit.received_date)
    visits = _frame(loaded, "visits", session, select(*attrs).where(
        IndependentVisit.home_id == home_id, IndependentVisit.visit_date >= since,
        IndependentVisit.visit_date <= as_of).order_by(IndependentVisit.visit_date), names)
    attrs, names = _cols(QualityReview.reference, QualityReview.regulation, QualityReview.period_end,
                         QualityReview.due_date, QualityReview.submitted_date, QualityReview.summary)
    reviews = _frame(loaded, "reviews", session, select(*attrs).where(
        QualityReview.home_id == home_id, QualityReview.period_end >= since, QualityReview.period_end <= as_of)
        .order_by(QualityReview.period_end), names)
    attrs, names = _cols(Complaint.reference, Complaint.received_date, Complaint.complainant, Complaint.theme,
                         Complaint.summary, Complaint.outcome, Complaint.closed_date)
    complaints = _frame(loaded, "complaints", session, select(*attrs).where(
        Complaint.home_id == home_id, Complaint.received_date >= since, Complaint.received_date <= as_of)
        .order_by(Complaint.received_date), names)
    attrs, names = _cols(SurveyResponse.reference, SurveyResponse.survey_date, SurveyResponse.respondent_type,
                         SurveyResponse.question, SurveyResponse.answer, SurveyResponse.sentiment,
                         SurveyResponse.comment)
    surveys = _frame(loaded, "surveys", session, select(*attrs).where(
        SurveyResponse.home_id == home_id, SurveyResponse.survey_date >= since, SurveyResponse.survey_date <= as_of)
        .order_by(SurveyResponse.survey_date), names)
    attrs, names = _cols(StaffMember.reference, StaffMember.name, StaffMember.role, StaffMember.start_date,
                         StaffMember.end_date, StaffMember.qualification_status,
                         StaffMember.qualification_enrolled_date, StaffMember.qualification_achieved_date)
    staff = _frame(loaded, "staff", session, select(*attrs).where(StaffMember.home_id == home_id, StaffMember.start_date <= as_of)
                   .order_by(StaffMember.start_date), names)
    attrs, names = _cols(Child.reference, Child.admission_date, Child.leaving_date, Child.leaving_reason,
                         Child.ending_planned, Child.education_status, Child.alternative_provision_hours,
                         Child.missing_episodes, Child.short_breaks, Child.age_band)
    children = _frame(loaded, "children", session, select(*attrs).where(Child.home_id == home_id, Child.admission_date <= as_of)
                      .order_by(Child.admission_date, Child.reference), names)
    history = History(home_row, as_of, periods, inspections, judgements, requirements, recommendations,
                      notifications, visits, reviews, complaints, surveys, staff, children, _records=loaded)
    if periods.first_inspection:
        history.notes.append(
            f"Home {home.urn} has no completed full inspection before {long_date(as_of)}: this is a first-inspection "
            f"plan covering {periods.current.describe()}, with no earlier period to compare.")
    return history
