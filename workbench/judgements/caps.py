"""The framework's limiting rules applied to one inspection: caps, reasons, refusals, best-fit advice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.errors import UserError
from workbench.judgements.errors import CapRefused
from workbench.store.models import Inspection, Judgement


def descriptor_area(descriptor_id: str) -> str:
    """The judgement area a framework descriptor belongs to (clear error for an unknown id)."""
    from workbench.rules import load_framework

    try:
        return load_framework().descriptor(descriptor_id).area
    except KeyError:
        raise UserError(f"descriptor {descriptor_id!r} is not in the framework") from None


def as_of(inspection: Inspection) -> dt.date:
    """The date the store's facts are read at: the last day on site, else the first."""
    return inspection.end_date or inspection.start_date


def facts_for(session: Session, inspection: Inspection) -> dict[str, Any]:
    """The store facts that limit leadership (paras 24, 37, 40; footnotes 11-12, 19-20)."""
    from workbench.analysis.facts import limiting_facts

    return dict(limiting_facts(session, inspection.home_id, as_of(inspection)))


def grades_of(session: Session, inspection: Inspection) -> dict[str, str | None]:
    """The grades stored for this inspection's framework areas (None where not yet given)."""
    from workbench.rules import AREAS

    rows = session.scalars(select(Judgement).where(Judgement.inspection_id == inspection.id))
    found = {row.area: row.grade for row in rows}
    return {area: found.get(area) for area in AREAS}


def cap_text(cap: Any) -> str:
    """The cap in words with each reason's paragraph, e.g. "Highest grade allowed: ... (para 13) ..."."""
    from workbench.rules import load_framework

    if not cap.reasons:
        return "No limiting rule applies: any grade may be given (best fit, para 17)."
    label = load_framework().grade_label(cap.max_grade)
    reasons = " ".join(f"Para {reason.paragraph}: {reason.text}" for reason in cap.reasons)
    return f"Highest grade allowed: {label}. {reasons}"


def check_grade(session: Session, inspection: Inspection, area: str, grade: str) -> None:
    """Refuse (`CapRefused`) a grade above the area's cap given the stored grades and facts."""
    from workbench.rules import allowed, load_framework

    framework = load_framework()
    ok, cap = allowed(area, grade, grades_of(session, inspection), facts_for(session, inspection))
    if not ok:
        raise CapRefused(framework.area(area).short_title, framework.grade_label(grade), cap, cap_text(cap))


def advice(statuses: dict[str, str], area: str) -> tuple[str | None, str]:
    """Best-fit advice from the descriptor checklist (para 17): the inspector decides."""
    from workbench.rules import best_fit

    return best_fit(statuses, area)


def fact_evidence(session: Session, inspection: Inspection) -> dict[str, list[str]]:
    """For each area a store fact caps, what the store shows (e.g. the vacancy and since when)."""
    from workbench.analysis.facts import explain_facts
    from workbench.rules import caps

    evidence: dict[str, list[str]] = {}
    for name, explanation in explain_facts(session, inspection.home_id, as_of(inspection)).items():
        if explanation.value is None:
            continue
        for area, cap in caps({}, {name: explanation.value}).items():
            if cap.reasons:
                evidence.setdefault(area, []).append(f"{explanation.summary} (para {explanation.paragraph})")
    return evidence
