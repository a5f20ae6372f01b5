"""A home with a history of inspections, a current full and interim inspection, built with the models.

Used by the report tests (and free for others): every free-text field can be set to one text
(e.g. a hostile string) to check that it reaches the report as text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.store.db import session_scope
from workbench.store.models import (
    Child,
    Home,
    Inspection,
    InspectionNote,
    Judgement,
    Recommendation,
    Requirement,
    StaffMember,
    User,
)

HOME_NAME = "Larkspur House"
ADDRESS1 = "14 Quarry Lane"
POSTCODE = "LS6 2QT"
CHILD_REFS = ("C-4F2A", "C-9B11")


@dataclass(frozen=True)
class Built:
    """Ids of what `build_home` made."""

    urn: str
    full_id: int
    interim_id: int
    previous_full_id: int


def add_users(session: Session, roles: dict[str, str]) -> None:
    """Add each user (username -> role) the store does not know yet: every action needs a known user."""
    known = set(session.scalars(select(User.username).where(User.username.in_(list(roles)))))
    session.add_all([User(username=name, role=role) for name, role in roles.items() if name not in known])
    session.flush()


def build_home(db: str, urn: str = "SC900001", text: str | None = None, seq: int = 0) -> Built:
    """A home with two earlier inspections, a draft full inspection and a draft interim inspection.

    `text` replaces every free-text field (evidence, requirements, regulations, standards, notes, names,
    wordings, QA notes, local authority) when given; such a home is for SQLite only (PostgreSQL enforces lengths).
    """
    def t(default: str) -> str:
        return text if text is not None else default

    with session_scope(db) as s:
        home = Home(
            urn=urn, name=HOME_NAME, address1=ADDRESS1, address2="Headingley", town="Leeds", postcode=POSTCODE,
            provision_type="Children's home", home_category="general", sector="Private", places=4,
            local_authority=t("Leeds"), region="North East, Yorkshire and the Humber",
            registered_provider=t("Northern Care Partnerships Ltd"), responsible_individual=t("Alex Morgan"),
        )
        s.add(home)
        s.flush()
        s.add(StaffMember(home_id=home.id, reference=f"S{seq}-1", name=t("Jordan Ellis"), role="registered_manager",
                          start_date=dt.date(2020, 1, 6), qualification_status="qualified"))
        for ref in CHILD_REFS:
            s.add(Child(home_id=home.id, reference=f"{ref}{seq or ''}", admission_date=dt.date(2024, 3, 1)))
        inspector = f"insp-{urn}"
        s.add(User(username=inspector, display_name=t("Sam Patel"), role="inspector"))
        add_users(s, {"insp": "inspector", "qa": "manager", "qa1": "manager", "qa2": "manager", "mgr": "manager"})
        older = Inspection(home_id=home.id, inspection_type="interim", start_date=dt.date(2024, 10, 8),
                           end_date=dt.date(2024, 10, 8), status="published", source="ofsted",
                           progress_judgement="limited_progress")
        previous = Inspection(home_id=home.id, inspection_type="full", start_date=dt.date(2025, 3, 4),
                              end_date=dt.date(2025, 3, 5), status="published", source="workbench")
        interim = Inspection(home_id=home.id, inspection_type="interim", start_date=dt.date(2025, 9, 16),
                             end_date=dt.date(2025, 9, 16), status="draft", source="workbench",
                             lead_inspector=inspector, inspectors=[inspector],
                             progress_judgement="inadequate_progress", service_of_concern=True,
                             case_review_note=t("Case review booked."))
        full = Inspection(home_id=home.id, inspection_type="full", start_date=dt.date(2025, 12, 22),
                          end_date=dt.date(2025, 12, 23), status="draft", source="workbench",
                          lead_inspector=inspector, inspectors=[inspector],
                          enforcement_action=t("Compliance notice issued on 2 October 2025."),
                          qa_notes=text)
        s.add_all([older, previous, interim, full])
        s.flush()
        s.add(Judgement(inspection_id=previous.id, area="overall", grade="requires_improvement",
                        wording=t("Requires improvement to be good")))
        grades = {"overall": "good", "helped_protected": "good", "leadership": "requires_improvement",
                  "partnership": "outstanding"}
        for area, grade in grades.items():
            s.add(Judgement(inspection_id=full.id, area=area, grade=grade,
                            evidence_summary=t(f"Evidence for {area}: staff know the children well.\nSecond line.")))
        s.add(Requirement(inspection_id=previous.id, regulation=t("Reg 12"), text=t("Review risk assessments."),
                          due_date=dt.date(2025, 4, 30), status="met", status_evidence=t("All reviewed in May."),
                          reviewed_at_inspection_id=interim.id))
        s.add(Recommendation(inspection_id=previous.id, standard=t("NMS 3.1"), text=t("Improve records."),
                             status="not_met", status_evidence=t("Records still patchy."),
                             reviewed_at_inspection_id=interim.id))
        s.add(Requirement(inspection_id=full.id, regulation="Reg 13", text=t("Keep supervision records."),
                          due_date=dt.date(2026, 3, 1)))
        s.add(Requirement(inspection_id=full.id, regulation=t("Reg 32"), text=t("Notify missing episodes promptly."),
                          due_date=dt.date(2026, 1, 5)))
        s.add(Recommendation(inspection_id=full.id, standard=t("NMS 15.1"), text=t("Share plans with schools.")))
        s.add(InspectionNote(inspection_id=full.id, section="outstanding_practice", key="op1",
                             text=t("Excellent partnership with the virtual school.")))
        s.add(InspectionNote(inspection_id=full.id, section="priority_for_improvement", key="pi1",
                             text=t("Supervision must be regular.")))
        for key in ("children_progress", "leaders_monitoring", "experiences_overview", "previous_requirements"):
            s.add(InspectionNote(inspection_id=interim.id, section="focus_area", key=key,
                                 text=t(f"Findings on {key}.")))
        s.flush()
        return Built(urn, full.id, interim.id, previous.id)


def mark_exported(db: str, inspection_id: int) -> None:
    """Record an export of the inspection's current content (as `workbench report` does after writing it)."""
    from workbench.report import fingerprint

    with session_scope(db) as s:
        inspection = s.get(Inspection, inspection_id)
        fingerprint.record_export(s, inspection_id, fingerprint.content_fingerprint(s, inspection), None)


def answer_challenges(db: str, inspection_id: int, user: str = "alice") -> int:
    """Answer every evidence challenge to the inspection's grades (issue 16) through the judgements service."""
    from workbench import judgements as J
    from workbench.challenges.model import ANSWER_SECTION
    from workbench.challenges.service import for_inspection

    with session_scope(db) as s:
        keys = [c.key for c in for_inspection(s, s.get(Inspection, inspection_id)) if c.answer is None]
    for key in keys:
        J.save_field(db, inspection_id, "note", (ANSWER_SECTION, key), "text", "The grade stands: seen on site.",
                     J.Loaded(0, None), user)
    return len(keys)


def ready_to_submit(db: str, inspection_id: int, user: str = "alice") -> None:
    """Answer the challenges, then record an export of the content as it is then."""
    answer_challenges(db, inspection_id, user)
    mark_exported(db, inspection_id)
