"""The visit plan behind `notebooks/pre_visit.ipynb`: one object a thin notebook cell calls per section.

`VisitPlan.open` loads and analyses the home, drafts the lines of enquiry and saves them to
the store idempotently (so the dashboards and judgement widgets see them), then closes the
session; every method returns an escaped HTML fragment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workbench.analysis import sections
from workbench.analysis.evidence import Evidence, build_evidence
from workbench.analysis.history import find_home, parse_as_of
from workbench.enquiry import (
    INSPECTION_TYPES,
    Draft,
    SaveResult,
    TrackedChild,
    children_to_track,
    drafts_from,
    lines,
    open_inspection_id,
    save_drafts,
)
from workbench.enquiry import render as enquiry_html
from workbench.errors import UserError
from workbench.html import Fragment
from workbench.store.db import session_scope
from workbench.store.identity import acting_user
from workbench.store.models import LineOfEnquiry


@dataclass
class VisitPlan:
    """Everything a visit plan shows, computed once."""

    evidence: Evidence
    inspection_type: str
    drafts: list[Draft]
    lines: list[LineOfEnquiry] | list[Draft]  # the stored lines, or the drafts when not saved
    inspection_id: int | None
    saved: SaveResult | None
    tracked: list[TrackedChild]

    @classmethod
    def open(cls, urn: str, visit_date: str | dt.date | None = "", db: str | None = "",
             inspection_type: str = "full", user: str | None = None, save: bool = True) -> VisitPlan:
        """Analyse home `urn` for a visit on `visit_date` ("" = today) and save its drafted lines."""
        if inspection_type not in INSPECTION_TYPES:
            raise UserError(f"inspection type {inspection_type!r} is not one of {', '.join(INSPECTION_TYPES)}")
        as_of = parse_as_of(visit_date)
        with session_scope(db or None) as session:
            who = acting_user(session, user, "enquire").username if save else None
            home = find_home(session, urn)
            evidence = build_evidence(session, home.id, as_of)
            drafts = drafts_from(evidence, inspection_type)
            inspection_id = open_inspection_id(session, home.id, as_of)
            saved = None
            stored: list[LineOfEnquiry] | list[Draft]
            if save:
                saved = save_drafts(session, home.id, drafts, str(who), inspection_id)
                stored = lines(session, home.id, inspection_id)
            else:
                stored = list(drafts)
            for line in stored:  # load every attribute before the session closes
                getattr(line, "status", None)
        return cls(evidence, inspection_type, drafts, stored, inspection_id, saved, children_to_track(evidence))

    # one method per notebook cell -----------------------------------------------------------
    def title(self) -> Fragment:
        """Heading, visit date, periods compared, first-inspection note."""
        return sections.title(self.evidence, self.inspection_type)

    def section(self, key: str) -> Fragment:
        """One section of the evidence picture (see `sections.SECTIONS`)."""
        return sections.section(self.evidence, key)

    def lines_of_enquiry(self) -> Fragment:
        """Accepted lines grouped by area, then drafts awaiting a decision."""
        return enquiry_html.plan_lines(self.lines, self.inspection_type)

    def children(self) -> Fragment:
        """The children to track with their reasons."""
        return enquiry_html.children_html(self.tracked, len(self.evidence.living_here))

    def evidence_register(self) -> Fragment:
        """Every record the lines cite, with anchors."""
        return enquiry_html.evidence_register(self.lines)
