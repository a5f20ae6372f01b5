"""Draft the lines of enquiry for a home before a visit by running every rule of the catalogue."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from workbench.analysis.evidence import Evidence, build_evidence
from workbench.enquiry.catalogue import CATALOGUE
from workbench.enquiry.model import PRIORITIES, Draft

INSPECTION_TYPES = ("full", "interim")


def drafts_from(evidence: Evidence, inspection_type: str = "full") -> list[Draft]:
    """Every draft the rules produce for this evidence, high priority first (stable order)."""
    if inspection_type not in INSPECTION_TYPES:
        raise ValueError(f"inspection type {inspection_type!r} is not one of {', '.join(INSPECTION_TYPES)}")
    drafts = [draft for rule in CATALOGUE for draft in rule(evidence)]
    order = {rule.id: index for index, rule in enumerate(CATALOGUE)}
    return sorted(drafts, key=lambda d: (PRIORITIES.index(d.priority), order[d.rule_id], d.key))


def draft_lines(session: Session, home_id: int, as_of: dt.date, inspection_type: str = "full") -> list[Draft]:
    """Build the home's evidence for a visit on `as_of` and draft the lines of enquiry."""
    return drafts_from(build_evidence(session, home_id, as_of), inspection_type)
