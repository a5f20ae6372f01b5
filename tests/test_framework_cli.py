"""`workbench framework check|show`: output schema, violations, exit codes, clear errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from workbench import rules
from workbench.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["framework", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_issue_example_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", "helped_protected=inadequate", "leadership=good", "partnership=good", "--json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc["areas"]) == list(rules.AREAS)
    overall = doc["areas"]["overall"]
    assert overall["max_grade"] == "inadequate"
    assert overall["reasons"][0]["paragraph"] == "13" and set(overall["reasons"][0]) == {"paragraph", "text"}
    for area in ("helped_protected", "leadership", "partnership"):
        assert doc["areas"][area] == {"max_grade": "outstanding", "reasons": []}
    assert doc["violations"] == []


def test_grade_above_cap_is_a_violation_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", "leadership=good", "--fact", "registered_manager_vacancy_weeks=27", "--json")
    assert code == 1
    doc = json.loads(out)
    assert doc["areas"]["leadership"]["max_grade"] == "requires_improvement"
    assert doc["areas"]["leadership"]["reasons"][0]["paragraph"] == "37"
    assert doc["violations"] == [{"area": "leadership", "grade": "good", "max_grade": "requires_improvement"}]
    code, _, _ = _run(capsys, "check", "leadership=good", "--fact", "registered_manager_vacancy_weeks=26", "--json")
    assert code == 0


def test_human_output_is_a_table_with_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", "partnership=inadequate", "overall=good",
                        "--fact", "staff_qualification_overdue=true")
    assert code == 1
    assert "AREA" in out and "HIGHEST ALLOWED" in out
    assert "para 13:" in out and "para 37:" in out
    assert "violation: overall is good" in out
    assert "inspector decides" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["check", "safety=good"], "valid areas: overall, helped_protected, leadership, partnership"),
    (["check", "overall=adequate"], "valid grades: outstanding, good, requires_improvement, inadequate"),
    (["check", "--fact", "vacancy=30"], "valid facts: registered_manager_vacancy_weeks (int)"),
    (["check", "--fact", "registered_manager_vacancy_weeks=lots"], "whole number"),
    (["check"], "give at least one AREA=GRADE"),
])
def test_bad_input_exit_2_with_valid_values(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2 and message in err and "Traceback" not in err and out == ""


def test_show_lists_everything(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "show")
    assert code == 0
    for text in (*rules.AREAS, *rules.GRADES, *rules.FACTS, *rules.PROGRESS_GRADES,
                 "helped_protected.good.1, para 31", "leadership.inadequate.3, para 37", "para 46"):
        assert text in out
    code, out, _ = _run(capsys, "show", "--json")
    doc = json.loads(out)
    assert [a["key"] for a in doc["areas"]] == list(rules.AREAS)
    total = sum(len(items) for a in doc["areas"] for items in a["descriptors"].values())
    assert total == sum(len(a.all_descriptors()) for a in rules.load_framework().areas) > 60
    assert len(doc["interim"]["focus_areas"]) == 4


def test_console_script_exit_codes() -> None:
    exe = str(ROOT / ".venv" / "bin" / "workbench")
    ok = subprocess.run([exe, "framework", "check", "helped_protected=inadequate", "overall=inadequate", "--json"],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["areas"]["overall"]["max_grade"] == "inadequate"
    bad = subprocess.run([exe, "framework", "check", "helped_protected=inadequate", "overall=good"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and "violation" in bad.stdout
    wrong = subprocess.run([exe, "framework", "check", "overall=great"], capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 2 and "valid grades" in wrong.stderr and "Traceback" not in wrong.stderr


def test_facts_from_the_store(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    import datetime as dt

    from workbench.store import session_scope
    from workbench.store.models import Home, StaffMember

    with session_scope(sqlite_url) as session:
        home = Home(urn="SC654321", provision_type="Children's home")
        session.add(home)
        session.flush()
        session.add(StaffMember(home_id=home.id, reference="RM-1", role="registered_manager",
                                start_date=dt.date(2019, 1, 1), end_date=dt.date(2023, 11, 1),
                                qualification_status="qualified"))
    code, out, _ = _run(capsys, "facts", "SC654321", "--as-of", "2024-06-03", "--db", sqlite_url, "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["facts"]["registered_manager_vacancy_weeks"]["value"] == 31
    assert doc["facts"]["registered_manager_vacancy_weeks"]["records"][0]["reference"] == "RM-1"
    assert doc["leadership"]["max_grade"] == "requires_improvement"
    assert doc["leadership"]["reasons"][0]["paragraph"] == "37"
    code, out, _ = _run(capsys, "facts", "SC654321", "--as-of", "2024-04-30", "--db", sqlite_url)
    assert code == 0 and "registered_manager_vacancy_weeks = 26" in out and "RM-1" in out
    assert "highest grade the facts allow is Outstanding" in out
    code, _, err = _run(capsys, "facts", "SC999999", "--db", sqlite_url)
    assert code == 2 and "no home with URN 'SC999999'" in err
