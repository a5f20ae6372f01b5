"""Challenges of one inspection: the evidence on its first day on site, its grades, the answers.

An answer is an ``InspectionNote`` (section ``challenge``, key ``RULE:AREA``) saying why the
grade stands; a grade changed while a challenge showed is a note in ``challenge_changed``.
Only full inspections are graded by area, so an interim inspection has no challenges.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workbench.analysis.evidence import Evidence, build_evidence
from workbench.challenges.catalogue import Context, findings
from workbench.challenges.model import ANSWER_SECTION, Challenge, Finding
from workbench.store.models import Inspection, InspectionNote, Judgement, LineOfEnquiry


def grades_of(session: Session, inspection_id: int) -> dict[str, str | None]:
    """The inspection's stored grades by area."""
    rows = session.execute(select(Judgement.area, Judgement.grade).where(Judgement.inspection_id == inspection_id))
    return {area: grade for area, grade in rows}


def lines_of(session: Session, inspection: Inspection) -> list[dict]:
    """The inspection's lines of enquiry (and the home's not yet attached to an inspection)."""
    query = select(LineOfEnquiry).where(
        LineOfEnquiry.home_id == inspection.home_id,
        or_(LineOfEnquiry.inspection_id == inspection.id, LineOfEnquiry.inspection_id.is_(None)))
    return [{"id": line.id, "area": line.area, "status": line.status, "question": line.question,
             "evidence": line.evidence or []} for line in session.scalars(query.order_by(LineOfEnquiry.id))]


#: Seconds an evidence picture is reused: the readiness checklist runs after every save in the widgets,
#: and the evidence between inspections (unlike grades, answers and lines) does not change while grading.
EVIDENCE_TTL = 120.0
_EVIDENCE: OrderedDict[tuple[str, int, dt.date], tuple[float, Evidence]] = OrderedDict()
_LOCK = threading.Lock()


def evidence_for(session: Session, home_id: int, day: dt.date) -> Evidence:
    """The home's evidence picture on `day`, reused for EVIDENCE_TTL seconds (per store)."""
    key = (session.get_bind().engine.url.render_as_string(hide_password=True), home_id, day)
    now = time.monotonic()
    with _LOCK:
        hit = _EVIDENCE.get(key)
        if hit is not None and now - hit[0] < EVIDENCE_TTL:
            return hit[1]
    evidence = build_evidence(session, home_id, day)
    with _LOCK:
        _EVIDENCE[key] = (now, evidence)
        while len(_EVIDENCE) > 64:
            _EVIDENCE.popitem(last=False)
    return evidence


def context_for(session: Session, inspection: Inspection) -> Context:
    """The evidence picture on the first day on site, with the inspection's lines and grades (read now)."""
    evidence = evidence_for(session, inspection.home_id, inspection.start_date)
    return Context(evidence, lines_of(session, inspection), grades_of(session, inspection.id))


def answers_of(session: Session, inspection_id: int, section: str = ANSWER_SECTION) -> dict[str, str]:
    """The inspector's answers (key RULE:AREA -> text), blank ones left out."""
    rows = session.execute(select(InspectionNote.key, InspectionNote.text).where(
        InspectionNote.inspection_id == inspection_id, InspectionNote.section == section))
    return {key: text for key, text in rows if text and text.strip()}


def challenges_from(found: list[Finding], grades: dict[str, str | None], answers: dict[str, str]) -> list[Challenge]:
    """The findings that question the grades given, each with its answer (None: not answered)."""
    return [Challenge(f.rule, f.area, str(grades.get(f.area)), f.paragraph, f.text, f.evidence, answers.get(f.key))
            for f in found if f.applies(grades.get(f.area))]


def for_inspection(session: Session, inspection: Inspection) -> list[Challenge]:
    """The challenges of one inspection as stored now (none for an interim inspection)."""
    if inspection.inspection_type != "full":
        return []
    grades = grades_of(session, inspection.id)
    if not any(grades.values()):
        return []
    ctx = context_for(session, inspection)
    return challenges_from(findings(ctx), ctx.grades, answers_of(session, inspection.id))


def describe(challenge: Challenge) -> str:
    """One line naming the challenge: area, grade and paragraph."""
    from workbench.rules import load_framework

    framework = load_framework()
    return (f"{framework.area(challenge.area).short_title} graded '{framework.grade_label(challenge.grade)}' "
            f"(para {challenge.paragraph})")


def unanswered(session: Session, inspection: Inspection) -> list[str]:
    """Readiness reasons: each challenge without an answer (a note on why the grade stands, or a changed grade)."""
    return [f"Challenge not answered: {describe(c)}: {c.text.split('. ')[0]}. Answer it with a note on why the "
            "grade stands, or change the grade." for c in for_inspection(session, inspection) if c.answer is None]
