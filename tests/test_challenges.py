"""Evidence challenges (issue 16): every rule fires on a home whose data contradicts the grade and
stays quiet on a steady home, on SQLite and on PostgreSQL; answers, changed grades, readiness, JSON."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

import previsit_builder as b
import pytest
from conftest import _drop_pg_database, _new_pg_database

from workbench.challenges import (
    Context,
    catalogue,
    challenges_from,
    context_for,
)
from workbench.store import db as store_db
from workbench.store.db import session_scope
from workbench.store.models import Inspection, LineOfEnquiry

RULES = {rule.id: rule for rule in catalogue()}
PAIRS = [(rule.id, area) for rule in catalogue() for area in rule.areas]
GOOD = {"overall": "good", "helped_protected": "good", "leadership": "good", "partnership": "good"}


def current(session, home, grades: dict | None = None) -> Inspection:  # type: ignore[no-untyped-def]
    """The inspection on site on the visit date (a draft), with grades."""
    return b.inspection(session, home, b.AS_OF.isoformat(), grades=grades or {}, status="draft")


def line(session, home, insp: Inspection, area: str, status: str) -> None:  # type: ignore[no-untyped-def]
    session.add(LineOfEnquiry(home_id=home.id, inspection_id=insp.id, rule_id="manual", key=f"{area}-{status}",
                              area=area, priority="high", question=f"What lies behind the {area} evidence?",
                              evidence=[{"table": "notifications", "reference": "NOT-1", "date": "2024-05-01",
                                         "detail": "Missing from the home"}], status=status))
    session.flush()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def contexts(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Contexts of the troubled and the quiet home's inspections on 2025-03-01, in a fresh store."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('challenges') / 'store.sqlite'}"
    else:
        url = _new_pg_database(request.getfixturevalue("pg_admin_url"))
    store_db.upgrade(url)
    with session_scope(url) as session:
        troubled = b.troubled_home(session)
        quiet = b.quiet_home(session)
        t_insp, q_insp = current(session, troubled, GOOD), current(session, quiet, GOOD)
        for area in GOOD:
            line(session, troubled, t_insp, area, "accepted")
            line(session, quiet, q_insp, area, "closed")
        result = {"troubled": context_for(session, t_insp), "quiet": context_for(session, q_insp)}
    yield result
    engine = store_db._engines.pop(url, None)
    if engine is not None:
        engine.dispose()
    store_db._upgraded.discard(url)
    if request.param == "postgresql":
        _drop_pg_database(request.getfixturevalue("pg_admin_url"), url)


def graded(ctx: Context, area: str, grade: str) -> Context:
    """The same evidence with one area's grade changed (the others good)."""
    return dataclasses.replace(ctx, grades={**GOOD, area: grade})


def fired(ctx: Context, rule_id: str, area: str) -> list:
    rule = RULES[rule_id]
    found = rule.find(ctx, area)
    return challenges_from([found] if found else [], ctx.grades, {})


@pytest.mark.parametrize(("rule_id", "area"), PAIRS)
def test_rule_fires_where_the_data_contradicts_the_grade(contexts: dict, rule_id: str, area: str) -> None:
    rule = RULES[rule_id]
    home = "quiet" if rule_id == "inadequate_unsupported" else "troubled"
    for grade in rule.grades:
        found = fired(graded(contexts[home], area, grade), rule_id, area)
        assert len(found) == 1, f"{rule_id} should question {area}={grade} on the {home} home"
        challenge = found[0].to_dict()
        assert set(challenge) == {"rule", "area", "grade", "paragraph", "text", "evidence", "answer"}
        assert challenge["grade"] == grade and challenge["answer"] is None and challenge["paragraph"]
        assert challenge["evidence"], "a challenge cites its figures and records"
        for item in challenge["evidence"]:
            assert set(item) == {"table", "reference", "date", "detail"}
        json.dumps(challenge)


@pytest.mark.parametrize(("rule_id", "area"), PAIRS)
def test_rule_stays_quiet_where_the_data_supports_the_grade(contexts: dict, rule_id: str, area: str) -> None:
    rule = RULES[rule_id]
    home = "troubled" if rule_id == "inadequate_unsupported" else "quiet"
    for grade in rule.grades:
        assert fired(graded(contexts[home], area, grade), rule_id, area) == [], f"{rule_id} {area}={grade}"


@pytest.mark.parametrize(("rule_id", "area"), PAIRS)
def test_rule_does_not_question_other_grades(contexts: dict, rule_id: str, area: str) -> None:
    rule = RULES[rule_id]
    home = "quiet" if rule_id == "inadequate_unsupported" else "troubled"
    for grade in ("outstanding", "good", "requires_improvement", "inadequate"):
        if grade not in rule.grades:
            assert fired(graded(contexts[home], area, grade), rule_id, area) == []


def test_figures_and_records_behind_the_challenges(contexts: dict) -> None:
    ctx = graded(contexts["troubled"], "helped_protected", "outstanding")
    restraint = fired(ctx, "helped_restraint", "helped_protected")[0]
    assert restraint.paragraph == "31"
    assert "8 restraint notifications" in restraint.text and "against 2" in restraint.text
    assert sum(1 for e in restraint.evidence if e["table"] == "notifications") == 8
    reg44 = fired(contexts["troubled"], "leadership_reg44", "leadership")[0]
    assert "July 2024" in reg44.text and "August 2024" in reg44.text and "1 report(s)" in reg44.text
    requirements = fired(contexts["troubled"], "leadership_requirements", "leadership")[0]
    assert requirements.paragraph == "35" and "Regulation 8" in " ".join(e["detail"] for e in requirements.evidence)
    education = fired(contexts["troubled"], "overall_education", "overall")[0]
    assert {e["reference"] for e in education.evidence if e["table"] == "children"} == {"C-T1", "C-T2"}
    open_line = fired(graded(contexts["troubled"], "partnership", "outstanding"), "open_enquiry", "partnership")[0]
    assert open_line.evidence[1]["table"] == "lines_of_enquiry"


def test_thresholds_are_data(contexts: dict) -> None:
    rule = RULES["leadership_turnover"]
    assert fired(contexts["troubled"], "leadership_turnover", "leadership")
    strict = dataclasses.replace(rule, params={**rule.params, "annual_rate": 5.0})
    assert strict.find(contexts["troubled"], "leadership") is None
    missing = RULES["helped_missing"]
    lenient = dataclasses.replace(missing, params={**missing.params, "min_events": 0, "rise": -1.0})
    assert lenient.find(contexts["quiet"], "helped_protected") is None  # no missing notifications at all


def test_reports_without_an_opinion_count_only_when_listed(contexts: dict) -> None:
    rule = RULES["leadership_reg44"]
    ctx = contexts["troubled"]
    assert "whose opinion on safeguarding children was negative" in rule.find(ctx, "leadership").text
    strict = dataclasses.replace(rule, params={**rule.params, "min_missing_months": 3, "opinions": ["not_stated"]})
    assert strict.find(ctx, "leadership") is None  # the one report not positive was negative, not silent
    assert dataclasses.replace(strict, params={**strict.params, "opinions": ["negative", "not_stated"]}) \
        .find(ctx, "leadership") is not None


def test_leadership_inadequate_supported_by_another_inadequate_grade(contexts: dict) -> None:
    ctx = dataclasses.replace(contexts["quiet"], grades={**GOOD, "leadership": "inadequate",
                                                        "helped_protected": "inadequate"})
    assert fired(ctx, "inadequate_unsupported", "leadership") == []
    assert len(fired(ctx, "inadequate_unsupported", "helped_protected")) == 1


def test_one_rate_comparison_serves_the_challenges_and_the_lines_of_enquiry() -> None:
    import datetime as dt

    from workbench.analysis.notifications import PeerRates, RateRow, compare_rate
    from workbench.analysis.periods import Period

    peers = PeerRates("general", 3, 30.0, {"restraint": 30}, Period(dt.date(2023, 1, 1), dt.date(2023, 12, 31), "2023"))
    row = RateRow("restraint", current=8, previous=4, current_rate=2.0, previous_rate=1.0, peer_rate=0.5)
    limits = {"min_events": 6, "rise": 0.5, "peer_factor": 2.0, "min_peers": 3}
    both = compare_rate([row], peers, "restraint", **limits)
    assert both is not None and (both.risen, both.above_peers, both.peers) == (True, True, peers)
    assert both.facts("1 May 2023") == [
        "8 restraint notifications since 1 May 2023 (2.00 per place per year)",
        "against 4 (1.00 per place per year, +100%) in the previous period",
        "and 0.50 per place per year across 3 similar homes (general)"]
    assert compare_rate([row], peers, "restraint", **{**limits, "min_events": 9}) is None  # too few events
    assert compare_rate([row], peers, "missing", **limits) is None  # no row of that category
    few_peers = compare_rate([row], peers, "restraint", **{**limits, "min_peers": 4, "rise": 1.0})
    assert few_peers is not None and (few_peers.above_peers, few_peers.peers) == (False, None)
    assert len(few_peers.facts("1 May 2023")) == 2  # no comparison with too few similar homes
    assert compare_rate([row], peers, "restraint", **{**limits, "rise": 1.5, "peer_factor": 5.0}) is None
