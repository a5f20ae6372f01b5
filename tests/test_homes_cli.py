"""`workbench homes`: children's homes (or all types) with their latest inspection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_homes_lists_childrens_homes_with_latest_inspection(db_url: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["homes", "--db", db_url]) == 0
    assert "no children's homes in the store" in capsys.readouterr().out
    assert main(["ingest", "providers", str(EXAMPLES / "providers.csv"), "--db", db_url]) == 0
    assert main(["ingest", "inspections", str(EXAMPLES / "inspections.csv"), "--db", db_url]) == 0
    assert main(["ingest", "judgements", str(EXAMPLES / "judgements.csv"), "--db", db_url]) == 0
    capsys.readouterr()

    assert main(["homes", "--json", "--db", db_url]) == 0
    homes = {h["urn"]: h for h in json.loads(capsys.readouterr().out)}
    assert set(homes) == {"SC870001", "SC870002", "8700003", "SC870004"}  # not the fostering agency
    required = {"urn", "provision_type", "sector", "local_authority", "places", "latest_inspection_date",
                "latest_overall_grade", "latest_overall_wording"}
    assert all(required <= set(h) for h in homes.values())
    # SC870002's latest is the 2023 inspection from inspections.csv, graded in judgements.csv
    assert (homes["SC870002"]["latest_inspection_date"], homes["SC870002"]["latest_overall_grade"],
            homes["SC870002"]["latest_overall_wording"]) == ("2023-10-03", "outstanding", "Outstanding")
    # SC870001's latest is an interim inspection without an overall judgement
    assert (homes["SC870001"]["latest_inspection_date"], homes["SC870001"]["latest_overall_grade"]) == (
        "2023-09-14", None)
    assert (homes["SC870004"]["latest_overall_grade"], homes["SC870004"]["latest_overall_wording"],
            homes["SC870004"]["places"], homes["SC870004"]["sector"]) == ("good", "Good", 12.0, "Local Authority")

    assert main(["homes", "--all-types", "--json", "--db", db_url]) == 0
    everything = json.loads(capsys.readouterr().out)
    assert {h["provision_type"] for h in everything} >= {"Independent Fostering Agency", "Secure children's home"}

    assert main(["homes", "--db", db_url]) == 0
    table = capsys.readouterr().out
    assert "SC870004" in table and "Secure children's home" in table and "4 children's homes" in table
    assert "Independent Fostering Agency" not in table


def test_a_home_never_inspected_is_listed_without_an_inspection(db_url: str,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import previsit_builder as b

    from workbench.store.db import session_scope

    with session_scope(db_url) as session:
        b.inspection(session, b.home(session, urn="SC930001"), "2024-05-01", grades={"overall": "good"})
        b.home(session, urn="SC930002")  # newly registered, never inspected
    assert main(["homes", "--json", "--db", db_url]) == 0
    homes = {h["urn"]: h for h in json.loads(capsys.readouterr().out)}
    assert (homes["SC930001"]["latest_inspection_date"], homes["SC930001"]["latest_overall_grade"]) == (
        "2024-05-01", "good")
    assert [homes["SC930002"][k] for k in ("latest_inspection_date", "latest_inspection_type",
                                           "latest_inspection_reference", "latest_overall_grade")] == [None] * 4
    assert main(["homes", "--db", db_url]) == 0
    assert "SC930002" in capsys.readouterr().out
