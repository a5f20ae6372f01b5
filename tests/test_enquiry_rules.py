"""Every rule of the lines-of-enquiry catalogue fires on a troubled home and stays quiet on a steady one,
on SQLite and on PostgreSQL (one store per backend for the module)."""

from __future__ import annotations

from collections.abc import Iterator

import previsit_builder as b
import pytest
from conftest import _drop_pg_database, _new_pg_database

from workbench.analysis.evidence import build_evidence
from workbench.enquiry import CATALOGUE, RULES, drafts_from
from workbench.store import db as store_db
from workbench.store.db import session_scope


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def evidences(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Evidence of the troubled and the quiet home (visit 2025-03-01) in a fresh store."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('rules') / 'store.sqlite'}"
    else:
        admin = request.getfixturevalue("pg_admin_url")
        url = _new_pg_database(admin)
    store_db.upgrade(url)
    with session_scope(url) as session:
        troubled = b.troubled_home(session)
        quiet = b.quiet_home(session)
        result = {"troubled": build_evidence(session, troubled.id, b.AS_OF),
                  "quiet": build_evidence(session, quiet.id, b.AS_OF)}
    yield result
    if request.param == "sqlite":
        engine = store_db._engines.pop(url, None)
        if engine is not None:
            engine.dispose()
        store_db._upgraded.discard(url)
    else:
        _drop_pg_database(request.getfixturevalue("pg_admin_url"), url)


@pytest.mark.parametrize("rule_id", [rule.id for rule in CATALOGUE])
def test_rule_fires_on_troubled_home_with_cited_evidence(evidences: dict, rule_id: str) -> None:
    drafts = RULES[rule_id](evidences["troubled"])
    assert drafts, f"{rule_id} should fire on the troubled home"
    for draft in drafts:
        assert draft.rule_id == rule_id
        assert draft.question.strip().endswith("?") or "?" in draft.question
        assert draft.paragraph
        assert draft.evidence, f"{rule_id} must cite the records that triggered it"
        for item in draft.evidence:
            assert set(item) == {"table", "reference", "date", "detail"}
            assert item["reference"] or item["date"]


@pytest.mark.parametrize("rule_id", [rule.id for rule in CATALOGUE])
def test_rule_stays_quiet_on_steady_home(evidences: dict, rule_id: str) -> None:
    assert RULES[rule_id](evidences["quiet"]) == []


def test_specific_findings_on_troubled_home(evidences: dict) -> None:
    ev = evidences["troubled"]
    drafts = {(d.rule_id, d.key): d for d in drafts_from(ev)}
    # one line per missing child, including the one who has left (footnote 5)
    assert {k for r, k in drafts if r == "child_missing"} == {"C-T1", "C-T2", "C-T3"}
    assert drafts[("child_missing", "C-T1")].priority == "high"
    # the requirement recorded not met is high priority and cites the requirement
    reqs = [d for (r, _k), d in drafts.items() if r == "requirement_not_met"]
    assert len(reqs) == 2
    not_met = next(d for d in reqs if "Regulation 8" in d.question)
    assert not_met.priority == "high" and not_met.evidence[0]["table"] == "requirements"
    assert "C-T1" in " ".join(e["reference"] or "" for e in not_met.evidence)  # the data since: out of education
    # only the repeated/upheld complaint theme, not the single unfounded one
    assert [k for r, k in drafts if r == "complaint_theme"] == ["Use of restraint"]
    # months without an independent person's report are named
    assert ev.months_without_report == ["2024-07", "2024-08"]
    missing_months = drafts[("reg44_missing", "")]
    assert "July 2024" in missing_months.question and "August 2024" in missing_months.question
    # restraint rose: 2 in the previous period, 8 now
    restraint = drafts[("restraint_rising", "restraint")]
    assert "8 restraint notifications" in restraint.question
    assert len(restraint.evidence) == 8
    # the consecutive-weak line uses the limiting fact (2: interim inadequate progress, then RI)
    assert ev.facts.values["consecutive_ri_or_inadequate_progress"] == 2
    assert drafts[("consecutive_weak", "")].priority == "high"
    # drafts are sorted high priority first
    priorities = [d.priority for d in drafts_from(ev)]
    assert priorities == sorted(priorities, key=["high", "medium", "low"].index)


def test_no_line_for_steady_home(evidences: dict) -> None:
    assert drafts_from(evidences["quiet"]) == []
    assert drafts_from(evidences["quiet"], "interim") == []
    with pytest.raises(ValueError, match="inspection type"):
        drafts_from(evidences["quiet"], "thematic")
