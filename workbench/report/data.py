"""Everything one report needs, read from the store in a few queries into plain snapshots.

The notebooks call :func:`load_report` once; the section builders in
:mod:`workbench.report.content` and :mod:`workbench.report.interim` then work on the
snapshot only (no session, no further queries), which keeps a report cheap in a batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workbench.config import resolve_db_url
from workbench.errors import UserError
from workbench.judgements import invariants
from workbench.rules.timings import publication_deadline
from workbench.store import lifecycle
from workbench.store.db import session_scope
from workbench.store.models import (
    Home,
    Inspection,
    InspectionNote,
    Judgement,
    Recommendation,
    Requirement,
    StaffMember,
    User,
)

#: How many earlier inspections the history section lists.
HISTORY_LENGTH = 4


@dataclass(frozen=True)
class HomeInfo:
    """The home's published facts (what the privacy guard looks for is `report.privacy_inputs`, not here)."""

    urn: str
    provision_type: str
    home_category: str | None
    sector: str | None
    places: float | None
    local_authority: str | None
    region: str | None
    registered_provider: str | None
    responsible_individual: str | None
    registered_manager: str | None


@dataclass(frozen=True)
class PastInspection:
    """An earlier inspection in the history table."""

    id: int
    inspection_type: str
    start_date: dt.date
    end_date: dt.date | None
    overall_grade: str | None
    overall_wording: str | None
    progress_judgement: str | None
    enforcement_action: str | None
    framework: str | None = None  # the framework it was made under (null: the 2014 framework)


@dataclass(frozen=True)
class RequirementRow:
    """A requirement (regulation | what must be done | due date), with its review if any."""

    regulation: str
    text: str
    due_date: dt.date | None
    status: str | None = None
    status_evidence: str | None = None


@dataclass(frozen=True)
class RecommendationRow:
    """A recommendation, optionally citing a standard, with its review if any."""

    standard: str | None
    text: str
    status: str | None = None
    status_evidence: str | None = None


@dataclass(frozen=True)
class ReportData:
    """One inspection's report inputs."""

    inspection_id: int
    inspection_type: str  # full | interim
    status: str
    start_date: dt.date
    end_date: dt.date | None
    publication_date: dt.date | None
    deadline: dt.date | None
    inspectors: tuple[str, ...]
    progress_judgement: str | None
    service_of_concern: bool
    enforcement_action: str | None
    qa_reviewer: str | None
    qa_notes: str | None
    home: HomeInfo
    judgements: dict[str, tuple[str | None, str | None, str | None]]  # area -> (grade, wording, evidence)
    requirements: tuple[RequirementRow, ...]
    recommendations: tuple[RecommendationRow, ...]
    notes: dict[str, dict[str, str]]  # section -> key -> text
    previous: PastInspection | None
    history: tuple[PastInspection, ...]
    previous_requirements: tuple[RequirementRow, ...] = field(default=())
    previous_recommendations: tuple[RecommendationRow, ...] = field(default=())
    #: grades above their cap now (`workbench.judgements.invariants`), one line each with the paragraph
    violations: tuple[str, ...] = field(default=())

    @property
    def last_day_on_site(self) -> dt.date:
        """The end of the on-site inspection (the start date if no end was recorded)."""
        return self.end_date or self.start_date


def find_home(session: Session, urn: str) -> Home:
    """The home with this URN, or a clear error naming it."""
    if not isinstance(urn, str) or not urn.strip():
        raise UserError(f"URN must be a non-empty text, got {urn!r}")
    home = session.scalars(select(Home).where(Home.urn == urn.strip())).one_or_none()
    if home is None:
        raise UserError(f"no home with URN {urn!r} in the store")
    return home


def find_inspection(session: Session, home: Home, inspection_id: int | None) -> Inspection:
    """The inspection `inspection_id` checked to be of `home`; without an id, the home's current one.

    The current inspection is the lifecycle's (`workbench.store.lifecycle.current`).
    """
    if inspection_id is None or inspection_id == 0:
        current = lifecycle.current(session, home)
        if current is None:
            raise UserError(
                f"home {home.urn} has no inspection with a report in progress; give one with --inspection ID"
            )
        return current
    if isinstance(inspection_id, bool) or not isinstance(inspection_id, int) or inspection_id < 0:
        raise UserError(f"inspection id must be a positive whole number, got {inspection_id!r}")
    inspection = session.get(Inspection, inspection_id)
    if inspection is None:
        raise UserError(f"no inspection {inspection_id} in the store")
    if inspection.home_id != home.id:
        other = session.get(Home, inspection.home_id)
        raise UserError(
            f"inspection {inspection_id} is of home {other.urn if other else '?'}, not of {home.urn}; "
            "nothing was written"
        )
    return inspection


def _registered_manager(session: Session, home_id: int, on: dt.date) -> str | None:
    managers = session.scalars(
        select(StaffMember)
        .where(StaffMember.home_id == home_id, StaffMember.role == "registered_manager")
        .where(StaffMember.start_date <= on)
        .where(or_(StaffMember.end_date.is_(None), StaffMember.end_date >= on))
        .order_by(StaffMember.start_date.desc())
    ).all()
    return managers[0].name if managers and managers[0].name else None


def _past(inspection: Inspection, overall: Judgement | None) -> PastInspection:
    return PastInspection(
        id=inspection.id, inspection_type=inspection.inspection_type, start_date=inspection.start_date,
        end_date=inspection.end_date, overall_grade=overall.grade if overall else None,
        overall_wording=overall.wording if overall else None, progress_judgement=inspection.progress_judgement,
        enforcement_action=inspection.enforcement_action, framework=inspection.framework,
    )


def _requirement(row: Requirement) -> RequirementRow:
    return RequirementRow(row.regulation, row.text, row.due_date, row.status, row.status_evidence)


def _recommendation(row: Recommendation) -> RecommendationRow:
    return RecommendationRow(row.standard, row.text, row.status, row.status_evidence)


def _inspector_names(session: Session, inspection: Inspection) -> tuple[str, ...]:
    usernames = [str(u) for u in (inspection.inspectors or []) if u]
    if inspection.lead_inspector and inspection.lead_inspector not in usernames:
        usernames.insert(0, inspection.lead_inspector)
    if not usernames:
        return ()
    names = {u.username: u.display_name for u in session.scalars(select(User).where(User.username.in_(usernames)))}
    return tuple(names.get(u) or u for u in usernames)


def own_judgements(judgements: Iterable[Judgement], inspection_id: int
                   ) -> dict[str, tuple[str | None, str | None, str | None]]:
    """The report's judgements of one inspection: area -> (grade, wording, evidence summary)."""
    return {j.area: (j.grade, j.wording, j.evidence_summary) for j in judgements if j.inspection_id == inspection_id}


def snapshot(session: Session, home: Home, inspection: Inspection, with_violations: bool = True) -> ReportData:
    """Read the report's inputs for `inspection` of `home` (a handful of queries).

    `with_violations=False` skips re-checking the caps (the content fingerprint does not need them).
    """
    earlier = session.scalars(
        select(Inspection)
        .where(Inspection.home_id == home.id, Inspection.id != inspection.id)
        .where(Inspection.start_date < inspection.start_date)
        .order_by(Inspection.start_date.desc(), Inspection.id.desc())
        .limit(HISTORY_LENGTH)
    ).all()
    wanted = [inspection.id, *(e.id for e in earlier)]
    judgements = session.scalars(select(Judgement).where(Judgement.inspection_id.in_(wanted))).all()
    overall = {j.inspection_id: j for j in judgements if j.area == "overall_effectiveness"}  # older frameworks
    overall.update({j.inspection_id: j for j in judgements if j.area == "overall"})
    mine = own_judgements(judgements, inspection.id)
    previous = earlier[0] if earlier else None

    requirements = session.scalars(
        select(Requirement).where(
            or_(Requirement.inspection_id == inspection.id,
                Requirement.reviewed_at_inspection_id == inspection.id,
                Requirement.inspection_id == (previous.id if previous else -1))
        ).order_by(Requirement.due_date, Requirement.id)
    ).all()
    recommendations = session.scalars(
        select(Recommendation).where(
            or_(Recommendation.inspection_id == inspection.id,
                Recommendation.reviewed_at_inspection_id == inspection.id,
                Recommendation.inspection_id == (previous.id if previous else -1))
        ).order_by(Recommendation.id)
    ).all()
    notes: dict[str, dict[str, str]] = {}
    for note in session.scalars(
        select(InspectionNote).where(InspectionNote.inspection_id == inspection.id).order_by(InspectionNote.key)
    ):
        if note.text and note.text.strip():
            notes.setdefault(note.section, {})[note.key] = note.text

    end = inspection.end_date or inspection.start_date
    info = HomeInfo(
        urn=home.urn, provision_type=home.provision_type, home_category=home.home_category, sector=home.sector,
        places=home.places, local_authority=home.local_authority, region=home.region,
        registered_provider=home.registered_provider, responsible_individual=home.responsible_individual,
        registered_manager=_registered_manager(session, home.id, end),
    )
    return ReportData(
        inspection_id=inspection.id, inspection_type=inspection.inspection_type, status=inspection.status,
        start_date=inspection.start_date, end_date=inspection.end_date,
        publication_date=inspection.publication_date, deadline=publication_deadline(end),
        inspectors=_inspector_names(session, inspection), progress_judgement=inspection.progress_judgement,
        service_of_concern=bool(inspection.service_of_concern), enforcement_action=inspection.enforcement_action,
        qa_reviewer=inspection.qa_reviewer, qa_notes=inspection.qa_notes, home=info, judgements=mine,
        requirements=tuple(_requirement(r) for r in requirements if r.inspection_id == inspection.id),
        recommendations=tuple(_recommendation(r) for r in recommendations if r.inspection_id == inspection.id),
        previous_requirements=tuple(_requirement(r) for r in requirements if r.inspection_id != inspection.id),
        previous_recommendations=tuple(
            _recommendation(r) for r in recommendations if r.inspection_id != inspection.id
        ),
        notes=notes, previous=_past(previous, overall.get(previous.id)) if previous else None,
        history=tuple(_past(e, overall.get(e.id)) for e in earlier),
        violations=tuple(v.text() for v in invariants.check(session, inspection)) if with_violations else (),
    )


def load_report(urn: str, inspection_id: int | None, db: str | None, kind: str | None = None) -> ReportData:
    """The report inputs of inspection `inspection_id` (0/None: the current one) of home `urn`.

    `kind` (``full`` or ``interim``) is checked against the inspection's type, so the full
    report's notebook refuses an interim inspection and the other way round.
    """
    with session_scope(resolve_db_url(db or None)) as session:
        home = find_home(session, urn)
        inspection = find_inspection(session, home, inspection_id)
        if kind is not None and inspection.inspection_type != kind:
            raise UserError(
                f"inspection {inspection.id} of {home.urn} is an {inspection.inspection_type} inspection; "
                f"this is the {kind} report (use the {inspection.inspection_type} report notebook)"
            )
        return snapshot(session, home, inspection)
