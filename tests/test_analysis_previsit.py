"""The pre-visit analysis on SQLite and PostgreSQL: periods, peer rates in SQL, monitoring gaps,
staffing deadlines and turnover, placements, first-inspection mode and bad input."""

from __future__ import annotations

import datetime as dt

import previsit_builder as b
import pytest

from workbench.analysis.evidence import build_evidence
from workbench.analysis.history import find_home, load_history, parse_as_of
from workbench.analysis.notifications import peer_rates
from workbench.analysis.periods import Period
from workbench.errors import UserError
from workbench.store.db import session_scope


def test_periods_and_sections_of_a_troubled_home(db_url: str) -> None:
    with session_scope(db_url) as session:
        home = b.troubled_home(session)
        b.quiet_home(session)
        ev = build_evidence(session, home.id, b.AS_OF)
    p = ev.periods
    assert not p.first_inspection
    assert p.current == Period(dt.date(2024, 3, 6), b.AS_OF, "Since the last full inspection")
    assert (p.previous.start, p.previous.end) == (dt.date(2023, 3, 8), dt.date(2024, 3, 3))
    total = next(r for r in ev.rate_rows if r.category is None)
    assert (total.current, total.previous) == (22, 5)
    assert total.current_rate == pytest.approx(22 / 6 / p.current.years)
    assert (ev.restraint.current, ev.restraint.previous, ev.restraint.children_current) == (8, 2, 1)
    assert (ev.missing.current, ev.missing.children_current) == (12, 3)
    assert int(ev.monthly_notifications.loc["2024-04"].sum()) == 2  # one missing, one restraint
    assert ev.months_without_report == ["2024-07", "2024-08"]
    assert list(ev.negative_reports["visit_date"]) == [dt.date(2024, 11, 10)]
    assert [(x.kind, x.reference is not None) for x in ev.review_problems] == [("late", True)]
    themes = ev.complaint_themes.set_index("theme")
    assert themes.loc["Use of restraint", "current"] == 3 and themes.loc["Use of restraint", "upheld"] == 2
    assert len(ev.survey_negatives) == 2
    assert ev.manager["name"] == "New Manager"
    statuses = {(x.role, x.what): x.status for x in ev.deadlines}
    assert statuses[("registered_manager", "enrol on a management qualification")] == "overdue"
    assert statuses[("registered_manager", "obtain the management qualification")] == "pending"
    assert statuses[("care_staff", "be working towards the required qualification")] in ("overdue", "met")
    assert (ev.turnover.leavers, ev.turnover.joiners) == (3, 2)
    # six care workers in post at the start; at the end the three with no end date and the two joiners
    assert ev.turnover.average_headcount == 5.5
    assert sorted(ev.living_here["reference"]) == ["C-T1", "C-T2", "C-T4"]
    assert list(ev.admissions["reference"]) == ["C-T2"]
    assert sorted(ev.endings["reference"]) == ["C-T3", "C-T5"]
    assert sorted(ev.out_of_education["reference"]) == ["C-T1", "C-T2"]
    assert sorted(ev.children_missing["child_ref"]) == ["C-T1", "C-T2", "C-T3"]
    reqs, recs = ev.follow_up
    assert len(reqs) == 2 and len(recs) == 1
    assert list(ev.judgements["inspection_type"]) == ["full", "interim", "full", "interim"]
    assert ev.is_short_breaks
    assert ev.facts.values["manager_qualification_overdue"] is True


def test_peer_rate_is_one_aggregate_over_homes_of_the_same_type(db_url: str) -> None:
    with session_scope(db_url) as session:
        first = b.home(session, urn="SC910001", places=4, category="secure")
        second = b.home(session, urn="SC910002", places=2, category="secure")
        other = b.home(session, urn="SC910003", places=10, category="general")
        for h, n in ((first, 3), (second, 5), (other, 40)):
            for i in range(n):
                b.notification(session, h, f"2024-0{1 + i % 9}-05", "restraint" if i % 2 else "missing")
        b.notification(session, second, "2022-01-01", "missing")  # outside the period
        session.flush()
        period = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31), "2024")
        peers = peer_rates(session, {"home_category": "secure"}, period)
        empty = peer_rates(session, {"home_category": "short_breaks"}, period)
    assert (peers.homes, peers.places) == (2, 6)
    assert sum(peers.counts.values()) == 8
    assert peers.counts == {"missing": 5, "restraint": 3}
    assert peers.rate() == pytest.approx(8 / 6 / period.years)
    assert peers.rate("restraint") == pytest.approx(3 / 6 / period.years)
    assert empty.homes == 0 and empty.rate() is None


def test_first_inspection_mode(db_url: str) -> None:
    with session_scope(db_url) as session:
        home = b.home(session, urn="SC920001", registered="2024-09-01")
        b.child(session, home, "2024-10-01", reference="C-N1")
        b.notification(session, home, "2024-12-01", "missing", child_ref="C-N1")
        ev = build_evidence(session, home.id, b.AS_OF)
    assert ev.periods.first_inspection and ev.periods.previous is None
    assert ev.periods.current.start == dt.date(2024, 9, 1)
    assert "first-inspection plan" in ev.history.notes[0]
    assert ev.judgements.empty
    assert next(r for r in ev.rate_rows if r.category is None).previous is None


def test_bad_input_gives_clear_messages(db_url: str) -> None:
    with session_scope(db_url) as session:
        home = b.home(session, urn="SC930001", registered="2020-05-01")
        with pytest.raises(UserError, match="no home with URN SC999999"):
            find_home(session, "SC999999")
        with pytest.raises(UserError, match="before home SC930001 was registered"):
            load_history(session, home.id, dt.date(2019, 1, 1))
    with pytest.raises(UserError, match="not an ISO date"):
        parse_as_of("1/2/2025")
    assert parse_as_of("") == dt.date.today()
