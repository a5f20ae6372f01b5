"""The evidence picture of one home before a visit: every section computed once from its history.

`build_evidence` loads the home's rows (one query per table), the peer rates (one aggregate
query) and the framework's limiting facts; each section is then a cached property, so the
lines of enquiry and the HTML sections share the same numbers. HTML lives in
:mod:`workbench.analysis.sections`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
from sqlalchemy.orm import Session

from workbench.analysis import (
    complaints,
    incidents,
    inspections,
    placements,
    staffing,
    surveys,
    visits,
)
from workbench.analysis import notifications as notes
from workbench.analysis.history import History, load_history

log = logging.getLogger(__name__)


@dataclass
class Evidence:
    """The analysed history of one home on a visit date."""

    history: History
    peers: notes.PeerRates | None
    facts: staffing.LimitingFacts | None
    facts_note: str | None = None

    # ------------------------------------------------------------ convenience
    @property
    def home(self) -> dict:
        """The home's row."""
        return self.history.home

    @property
    def periods(self):
        """The periods compared."""
        return self.history.periods

    @property
    def as_of(self) -> dt.date:
        """The visit date."""
        return self.history.as_of

    # ------------------------------------------------------------ sections
    @cached_property
    def monthly_notifications(self) -> pd.DataFrame:
        """Notifications per month by category."""
        return notes.monthly_counts(self.history)

    @cached_property
    def rate_rows(self) -> list[notes.RateRow]:
        """Counts and rates per place per year, with peers."""
        return notes.rates(self.history, self.peers)

    @cached_property
    def missing(self) -> incidents.IncidentSummary:
        """Missing-from-home notifications."""
        return incidents.summarise(self.history, "missing")

    @cached_property
    def restraint(self) -> incidents.IncidentSummary:
        """Restraint notifications."""
        return incidents.summarise(self.history, "restraint")

    @cached_property
    def children_missing(self) -> pd.DataFrame:
        """Every child who has been missing in the current period."""
        return incidents.children_missing(self.history)

    @cached_property
    def months_without_report(self) -> list[str]:
        """Months with no reg 33/44 report, current period."""
        return visits.months_without_report(self.history, self.periods.current)

    @cached_property
    def months_without_report_previous(self) -> list[str]:
        """Months with no reg 33/44 report, previous period."""
        return visits.months_without_report(self.history, self.periods.previous)

    @cached_property
    def negative_reports(self) -> pd.DataFrame:
        """Reg 33/44 reports with a negative or missing safeguarding opinion, current period."""
        return visits.negative_reports(self.history, self.periods.current)

    @cached_property
    def review_problems(self) -> list[visits.ReviewProblem]:
        """Late or missing reg 34/45 reviews, current period."""
        return visits.review_problems(self.history, self.periods.current)

    @cached_property
    def complaint_themes(self) -> pd.DataFrame:
        """Complaint themes."""
        return complaints.themes(self.history)

    @cached_property
    def complaint_outcomes(self) -> dict[str, int]:
        """Complaint outcomes."""
        return complaints.outcomes(self.history)

    @cached_property
    def survey_table(self) -> pd.DataFrame:
        """Survey answers by respondent type."""
        return surveys.by_respondent(self.history)

    @cached_property
    def survey_negatives(self) -> pd.DataFrame:
        """Negative survey answers."""
        return surveys.negatives(self.history)

    @cached_property
    def manager(self) -> dict | None:
        """The registered manager in post."""
        return staffing.current_manager(self.history)

    @cached_property
    def managers(self) -> pd.DataFrame:
        """Registered managers over time."""
        return staffing.managers(self.history)

    @cached_property
    def deadlines(self) -> list[staffing.Deadline]:
        """Qualification deadlines of staff in post."""
        return staffing.deadlines(self.history)

    @cached_property
    def turnover(self) -> staffing.Turnover | None:
        """Staff turnover, current period."""
        return staffing.turnover(self.history, self.periods.current)

    @cached_property
    def turnover_previous(self) -> staffing.Turnover | None:
        """Staff turnover, previous period."""
        return staffing.turnover(self.history, self.periods.previous)

    @cached_property
    def living_here(self) -> pd.DataFrame:
        """Children living here on the visit date."""
        return placements.living_here(self.history)

    @cached_property
    def admissions(self) -> pd.DataFrame:
        """Admissions in the current period."""
        return placements.admissions(self.history)

    @cached_property
    def endings(self) -> pd.DataFrame:
        """Endings in the current period."""
        return placements.endings(self.history, "current")

    @cached_property
    def endings_previous(self) -> pd.DataFrame:
        """Endings in the previous period."""
        return placements.endings(self.history, "previous")

    @cached_property
    def out_of_education(self) -> pd.DataFrame:
        """Children not in education or with under 25 hours of alternative provision (para 30)."""
        return placements.out_of_education(self.history)

    @cached_property
    def judgements(self) -> pd.DataFrame:
        """The judgement history."""
        return inspections.judgement_table(self.history)

    @cached_property
    def follow_up(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Requirements and recommendations of the last full inspection and since."""
        return inspections.requirements_to_follow(self.history)

    @property
    def is_short_breaks(self) -> bool:
        """Whether the home provides short breaks (footnotes 6, 13)."""
        home = self.home
        if home.get("home_category") == "short_breaks" or home.get("short_break_only"):
            return True
        kids = self.history.children
        return bool(not kids.empty and kids["short_breaks"].fillna(False).astype(bool).any())


def build_evidence(session: Session, home_id: int, as_of: dt.date) -> Evidence:
    """Load and analyse one home's history for a visit on `as_of`."""
    history = load_history(session, home_id, as_of)
    peers = notes.peer_rates(session, history.home, history.periods.current)
    facts, note = None, None
    try:
        facts = staffing.limiting_facts(session, home_id, as_of)
    except ImportError:
        note = "The framework's limiting facts are not available in this installation (workbench.analysis.facts)."
        log.warning(note)
    return Evidence(history, peers, facts, note)
