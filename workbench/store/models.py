"""The relational model of the store (SQLAlchemy 2 declarative).

Children appear only by pseudonymous reference. URNs are opaque strings as Ofsted
writes them (``SC`` + 6 digits, 7 digits, and older forms). Records a person edits
during an inspection carry a ``version`` column used for optimistic concurrency
(SQLAlchemy's ``version_id_col``): a save based on a stale version is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every table."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}
    # SQLAlchemy types ``__table__`` as any FromClause (a class may be mapped to a subquery); every
    # class here is mapped to a Table, so say so: ``Model.__table__.insert()`` and ``.c`` type-check.
    __table__: ClassVar[Table]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Versioned:
    """Mixin: a version number bumped on every update (optimistic concurrency)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)
    updated_by: Mapped[str | None] = mapped_column(String(120))


# Children's-home provision types the workbench works on (others are kept with their type).
CHILDRENS_HOME_TYPES = (
    "Children's home",
    "Secure children's home",
    "Residential special school (registered as a children's home)",
)

# ---------------------------------------------------------------- homes and people


class Home(Base):
    """A registered setting (children's homes and, from Ofsted files, other provision types)."""

    __tablename__ = "homes"

    id: Mapped[int] = mapped_column(primary_key=True)
    urn: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    name: Mapped[str | None] = mapped_column(String(300))  # "REDACTED" stays redacted
    address1: Mapped[str | None] = mapped_column(String(300))
    address2: Mapped[str | None] = mapped_column(String(300))
    town: Mapped[str | None] = mapped_column(String(120))
    county: Mapped[str | None] = mapped_column(String(120))
    postcode: Mapped[str | None] = mapped_column(String(20))
    provision_type: Mapped[str] = mapped_column(String(200), nullable=False)
    is_childrens_home: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # general | specialist | short_breaks | secure (the workbench's own sub-type; null if unknown)
    home_category: Mapped[str | None] = mapped_column(String(30))
    short_break_only: Mapped[bool] = mapped_column(Boolean, default=False)
    multi_building: Mapped[bool] = mapped_column(Boolean, default=False)
    sector: Mapped[str | None] = mapped_column(String(60))  # Private | Local Authority | Voluntary | Health Authority
    places: Mapped[float | None] = mapped_column(Float)  # Ofsted publishes estimates with decimals
    local_authority: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(120))  # Ofsted region
    government_office_region: Mapped[str | None] = mapped_column(String(120))
    constituency: Mapped[str | None] = mapped_column(String(200))
    registered_provider: Mapped[str | None] = mapped_column(String(300))
    responsible_individual: Mapped[str | None] = mapped_column(String(200))
    registration_date: Mapped[dt.date | None] = mapped_column(Date)
    registration_status: Mapped[str | None] = mapped_column(String(60))
    linked_education_urn: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)

    inspections: Mapped[list[Inspection]] = relationship(back_populates="home", order_by="Inspection.start_date")
    staff: Mapped[list[StaffMember]] = relationship(back_populates="home")
    children: Mapped[list[Child]] = relationship(back_populates="home")


class User(Base):
    """A person using the workbench: role ``inspector`` or ``manager``."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    display_name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), nullable=False, default="inspector")
    region: Mapped[str | None] = mapped_column(String(120))


class Assignment(Base):
    """Which inspector covers which home, and since when."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("home_id", "username", name="uq_assignment_home_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("homes.id", ondelete="CASCADE"), nullable=False, index=True)
    username: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)


class StaffMember(Base):
    """A registered manager or member of staff, with qualification status and dates.

    ``qualification_status``: qualified | enrolled | working_towards | none.
    NMS deadlines (framework footnotes 11-12, 19-20) are computed from these dates.
    """

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("home_id", "reference", name="uq_staff_home_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("homes.id", ondelete="CASCADE"), nullable=False, index=True)
    reference: Mapped[str] = mapped_column(String(60), nullable=False)
    name: Mapped[str | None] = mapped_column(String(200))  # fictional in demo data
    role: Mapped[str] = mapped_column(String(40), nullable=False)  # registered_manager | deputy_manager | care_staff
    start_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    qualification_status: Mapped[str] = mapped_column(String(30), nullable=False, default="none")
    qualification_enrolled_date: Mapped[dt.date | None] = mapped_column(Date)
    qualification_achieved_date: Mapped[dt.date | None] = mapped_column(Date)

    home: Mapped[Home] = relationship(back_populates="staff")


class Child(Base):
    """A child, by pseudonymous reference only (never a name)."""

    __tablename__ = "children"
    __table_args__ = (UniqueConstraint("home_id", "reference", name="uq_child_home_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("homes.id", ondelete="CASCADE"), nullable=False, index=True)
    reference: Mapped[str] = mapped_column(String(60), nullable=False)  # pseudonym, e.g. "C-4F2A"
    admission_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    leaving_date: Mapped[dt.date | None] = mapped_column(Date)
    leaving_reason: Mapped[str | None] = mapped_column(String(200))
    ending_planned: Mapped[bool | None] = mapped_column(Boolean)
    # in_school | alternative_provision | not_in_education | college | employment
    education_status: Mapped[str | None] = mapped_column(String(40))
    alternative_provision_hours: Mapped[float | None] = mapped_column(Float)
    missing_episodes: Mapped[int] = mapped_column(Integer, default=0)
    short_breaks: Mapped[bool] = mapped_column(Boolean, default=False)
    age_band: Mapped[str | None] = mapped_column(String(20))

    home: Mapped[Home] = relationship(back_populates="children")


# ---------------------------------------------------------------- inspections


class Inspection(Versioned, Base):
    """A full or interim inspection.

    ``status``: draft -> submitted -> qa_approved -> published (the report's review).
    ``progress_judgement`` (interim, para 47): inadequate_progress | limited_progress | good_progress.
    """

    __tablename__ = "inspections"
    __mapper_args__ = {"version_id_col": Versioned.version}

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("homes.id", ondelete="CASCADE"), nullable=False, index=True)
    reference: Mapped[str | None] = mapped_column(String(40), unique=True)  # Ofsted event number
    inspection_type: Mapped[str] = mapped_column(String(10), nullable=False)  # full | interim
    start_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    end_date: Mapped[dt.date | None] = mapped_column(Date)  # last day on site (para 9 deadline)
    publication_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="draft")
    source: Mapped[str] = mapped_column(String(20), nullable=False, default="workbench")  # ofsted | workbench | demo
    # the framework in force at start_date: '2011' | '2014' | 'sccif' (workbench.rules.published); null = 2014
    framework: Mapped[str | None] = mapped_column(String(20))
    lead_inspector: Mapped[str | None] = mapped_column(String(120))
    inspectors: Mapped[list[Any] | None] = mapped_column(JSON)
    progress_judgement: Mapped[str | None] = mapped_column(String(40))
    service_of_concern: Mapped[bool] = mapped_column(Boolean, default=False)
    case_review_note: Mapped[str | None] = mapped_column(Text)
    enforcement_action: Mapped[str | None] = mapped_column(Text)
    qa_reviewer: Mapped[str | None] = mapped_column(String(120))
    qa_notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    home: Mapped[Home] = relationship(back_populates="inspections")
    judgements: Mapped[list[Judgement]] = relationship(back_populates="inspection", cascade="all, delete-orphan")
    requirements: Mapped[list[Requirement]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", foreign_keys="Requirement.inspection_id"
    )
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", foreign_keys="Recommendation.inspection_id"
    )


class ReportExport(Base):
    """One export of an inspection's report: the fingerprint of the content it was made from.

    Submission and approval need an export whose fingerprint matches the current content (issue 11).
    """

    __tablename__ = "report_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), nullable=False,
                                               index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    html_path: Mapped[str | None] = mapped_column(Text)
    exported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, nullable=False)
    exported_by: Mapped[str | None] = mapped_column(String(120))


class Judgement(Versioned, Base):
    """One judgement area's grade at an inspection, with the evidence summary (the report text).

    ``area`` uses the framework keys (overall, helped_protected, leadership, partnership);
    older frameworks' areas imported from Ofsted files keep their own snake_case keys.
    ``grade`` is normalised (outstanding | good | requires_improvement | inadequate);
    ``wording`` keeps the grade as published (e.g. "Requires improvement to be good", "Adequate").
    """

    __tablename__ = "judgements"
    __table_args__ = (UniqueConstraint("inspection_id", "area", name="uq_judgement_area"),)
    __mapper_args__ = {"version_id_col": Versioned.version}

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), nullable=False, index=True)
    area: Mapped[str] = mapped_column(String(60), nullable=False)
    grade: Mapped[str | None] = mapped_column(String(30))
    wording: Mapped[str | None] = mapped_column(String(120))
    evidence_summary: Mapped[str | None] = mapped_column(Text)
    area_heading: Mapped[str | None] = mapped_column(String(200))  # the area as a release published it
    release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id", ondelete="SET NULL"))

    inspection: Mapped[Inspection] = relationship(back_populates="judgements")


class DescriptorAssessment(Versioned, Base):
    """The inspector's view of one framework descriptor: met | not_met | not_seen, with a note."""

    __tablename__ = "descriptor_assessments"
    __table_args__ = (UniqueConstraint("inspection_id", "descriptor_id", name="uq_descriptor"),)
    __mapper_args__ = {"version_id_col": Versioned.version}

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), nullable=False, index=True)
    area: Mapped[str] = mapped_column(String(60), nullable=False)
    descriptor_id: Mapped[str] = mapped_column(String(60), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="not_seen")
    note: Mapped[str | None] = mapped_column(Text)


class InspectionNote(Versioned, Base):
    """Free text attached to an inspection under a section and key.

    Sections: focus_area (interim, para 46; key = focus key), outstanding_practice and
    priority_for_improvement (para 18; key = a short id), feedback, and others as needed.
    """

    __tablename__ = "inspection_notes"
    __table_args__ = (UniqueConstraint("inspection_id", "section", "key", name="uq_inspection_note"),)
    __mapper_args__ = {"version_id_col": Versioned.version}

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), nullable=False, index=True)
    section: Mapped[str] = mapped_column(String(40), nullable=False)
    key: Mapped[str] = mapped_column(String(60), nullable=False)
    text: Mapped[str | None] = mapped_column(Text)


class Requirement(Versioned, Base):
    """A breach of regulations the home must put right by a due date.

    ``status`` is set at the next inspection: met | not_met (null until then).
    """

    __tablename__ = "requirements"
    __mapper_args__ = {"version_id_col": Versioned.version}

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), nullable=False, index=True)
    reference: Mapped[str | None] = mapped_column(String(60), unique=True)
    regulation: Mapped[str] = mapped_column(String(60), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(20))
    status_evidence: Mapped[str | None] = mapped_column(Text)
    reviewed_at_inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id", ondelete="SET NULL"))

    inspection: Mapped[Inspection] = relationship(back_populates="requirements", foreign_keys=[inspection_id])


class Recommendation(Versioned, Base):
    """A recommendation (improvement short of a breach), optionally citing a standard."""

    __tablename__ = "recommendations"
    __mapper_args__ = {"version_id_col": Versioned.version}

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), nullable=False, index=True)
    reference: Mapped[str | None] = mapped_column(String(60), unique=True)
    standard: Mapped[str | None] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str | None] = mapped_column(String(20))
    status_evidence: Mapped[str | None] = mapped_column(Text)
    reviewed_at_inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id", ondelete="SET NULL"))

    inspection: Mapped[Inspection] = relationship(back_populates="recommendations", foreign_keys=[inspection_id])


# ---------------------------------------------------------------- evidence between inspections


class Notification(Base):
    """A notification of a serious event (regulation 40): category, date, child reference.

    Categories include: missing, restraint, police_involvement, serious_injury,
    allegation, child_protection, serious_illness, death, other.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_home_date", "home_id", "event_date"),
        Index("ix_notifications_home_date_category", "home_id", "event_date", "category"),  # peer rates (issue 4)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("homes.id", ondelete="CASCADE"), nullable=False)
    reference: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    event_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    category: Mapped[str] = mapped_column(String(60), nullable=False)
    summary: Mapped[str | None] = mapped_column(Text)
    child_ref: Mapped[str | None] = mapped_column(String(60))


class IndependentVisit(Base):
    """A monthly independent person's report (regulation 33, regulation 44 from 2015).

    ``safeguarding_opinion``: positive | negative | not_stated.
    """

    __tablename__ = "independent_visits"
    __table_args__ = (Index("ix_visits_home_date", "home_id", "visit_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("homes.id", ondelete="CASCADE"), nullable=False)
    reference: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    regulation: Mapped[str] = mapped_column(String(4), nullable=False, default="44")
    visit_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    visitor: Mapped[str | None] = mapped_column(String(200))
    safeguarding_opinion: Mapped[str] = mapped_column(String(20), nullable=False, default="not_stated")
    recommendations: Mapped[str | None] = mapped_column(Text)
    received_date: Mapped[dt.date | None] = mapped_column(Date)


class QualityReview(Base):
    """The manager's quality-of-care review (regulation 34, regulation 45 from 2015)."""

    __tablename__ = "quality_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("homes.id", ondelete="CASCADE"), nullable=False, index=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    regulation: Mapped[str] = mapped_column(String(4), nullable=False, default="45")
    period_end: Mapped[dt.date] = mapped_column(Date, nullable=False)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    submitted_date: Mapped[dt.date | None] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(Text)


class Complaint(Base):
    """A complaint with its theme and outcome (upheld | partially_upheld | not_upheld | withdrawn | open)."""

    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("homes.id", ondelete="CASCADE"), nullable=False, index=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    received_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    complainant: Mapped[str | None] = mapped_column(String(40))  # child | parent | professional | other
    theme: Mapped[str | None] = mapped_column(String(80))
    summary: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(30), nullable=False, default="open")
    closed_date: Mapped[dt.date | None] = mapped_column(Date)


class SurveyResponse(Base):
    """One answer in a survey of children, parents, social workers or staff.

    ``sentiment``: positive | neutral | negative.
    """

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("homes.id", ondelete="CASCADE"), nullable=False, index=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    survey_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    respondent_type: Mapped[str] = mapped_column(String(30), nullable=False)  # child | parent | social_worker | staff
    question: Mapped[str] = mapped_column(Text, nullable=False)
    answer: Mapped[str | None] = mapped_column(Text)
    sentiment: Mapped[str] = mapped_column(String(20), nullable=False, default="neutral")
    comment: Mapped[str | None] = mapped_column(Text)


# ---------------------------------------------------------------- the inspector's working records


class LineOfEnquiry(Versioned, Base):
    """A line of enquiry: drafted by a rule before the visit, then accepted/edited/rejected/closed.

    ``evidence`` is a list of {"table", "reference", "date", "detail"} records that triggered it.
    ``status``: draft | accepted | edited | rejected | closed.
    """

    __tablename__ = "lines_of_enquiry"
    __table_args__ = (UniqueConstraint("home_id", "inspection_id", "rule_id", "key", name="uq_loe_rule_key"),)
    __mapper_args__ = {"version_id_col": Versioned.version}

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("homes.id", ondelete="CASCADE"), nullable=False, index=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[str] = mapped_column(String(60), nullable=False)  # "manual" for one an inspector added
    key: Mapped[str] = mapped_column(String(120), nullable=False, default="")  # distinguishes several per rule
    area: Mapped[str] = mapped_column(String(60), nullable=False)
    priority: Mapped[str] = mapped_column(String(10), nullable=False, default="medium")  # high | medium | low
    question: Mapped[str] = mapped_column(Text, nullable=False)
    evidence: Mapped[list[Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="draft")
    finding: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class AuditEntry(Base):
    """Append-only log of every change a person makes: who, when, what, old -> new."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, server_default=func.now())
    username: Mapped[str] = mapped_column(String(120), nullable=False)
    entity: Mapped[str] = mapped_column(String(60), nullable=False)  # table name
    entity_id: Mapped[str] = mapped_column(String(60), nullable=False)
    field: Mapped[str | None] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(20), nullable=False)  # create | update | delete
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    inspection_id: Mapped[int | None] = mapped_column(Integer, index=True)


# ---------------------------------------------------------------- Ofsted's releases and registration history


class Release(Base):
    """One imported file of Ofsted's published releases (provider level, Leavers and joiners).

    Known by its kind and content fingerprint; ``as_of`` is the date the release describes
    (its title's "as at" date, else its latest inspection date): newer releases win over older.
    """

    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("kind", "fingerprint", name="uq_release_fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)  # providers | joiners-leavers
    name: Mapped[str] = mapped_column(String(300), nullable=False)  # the file's name
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class InspectionRelease(Base):
    """A release that reported an inspection (one inspection may be reported by several)."""

    __tablename__ = "inspection_releases"
    __table_args__ = (UniqueConstraint("inspection_id", "release_id", name="uq_inspection_release"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"), nullable=False,
                                               index=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"), nullable=False)


class HomeRegistration(Base):
    """A home's registration as one provider-level release gives it (status, places, sector, provider)."""

    __tablename__ = "home_registrations"
    __table_args__ = (UniqueConstraint("home_id", "release_id", name="uq_home_registration"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("homes.id", ondelete="CASCADE"), nullable=False, index=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"), nullable=False)
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    provision_type: Mapped[str | None] = mapped_column(String(200))
    registration_status: Mapped[str | None] = mapped_column(String(60))
    places: Mapped[float | None] = mapped_column(Float)
    sector: Mapped[str | None] = mapped_column(String(60))
    registered_provider: Mapped[str | None] = mapped_column(String(300))


class RegistrationEvent(Base):
    """A dated change of a home's registration from the Leavers and joiners release.

    ``event``: active | resigned | closed | cancelled (the release's "first effective date" columns).
    """

    __tablename__ = "registration_events"
    __table_args__ = (UniqueConstraint("home_id", "event", "event_date", name="uq_registration_event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_id: Mapped[int] = mapped_column(ForeignKey("homes.id", ondelete="CASCADE"), nullable=False, index=True)
    release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id", ondelete="SET NULL"))
    event: Mapped[str] = mapped_column(String(20), nullable=False)
    event_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    joiner_status: Mapped[str | None] = mapped_column(String(60))
    leaver_status: Mapped[str | None] = mapped_column(String(60))
    status_before: Mapped[str | None] = mapped_column(String(60))
    status_after: Mapped[str | None] = mapped_column(String(60))
    reason: Mapped[str | None] = mapped_column(Text)


class RejectedRow(Base):
    """An input row ingest could not take, kept aside with its reason to fix and retry."""

    __tablename__ = "rejected_rows"
    __table_args__ = (Index("ix_rejected_kind_file", "kind", "file"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    file: Mapped[str] = mapped_column(String(500), nullable=False)
    line: Mapped[int] = mapped_column(Integer, nullable=False)
    column: Mapped[str | None] = mapped_column(String(200))
    value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    natural_key: Mapped[str | None] = mapped_column(String(200))
    original_row: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
