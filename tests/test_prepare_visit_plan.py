"""`workbench prepare` runs notebooks/pre_visit.ipynb through papermill for real and exports a readable
visit plan; bad input is refused before anything is written; `workbench enquiries --json` for scripts."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import previsit_builder as b
import pytest
from sqlalchemy import select

from workbench.cli import main
from workbench.errors import UserError
from workbench.report.visit_plan import VisitPlan
from workbench.store.db import session_scope
from workbench.store.models import LineOfEnquiry

NOTEBOOK = Path(__file__).resolve().parent.parent / "workbench" / "notebooks" / "pre_visit.ipynb"


def test_notebook_is_thin_parameterised_and_committed_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    for name in ("urn: str", "visit_date: str", "db: str", "inspection_type: str"):
        assert name in code[0].source
    for cell in code:
        assert not cell.outputs and cell.execution_count is None
        assert len(cell.source.splitlines()) <= 4  # thin: each cell calls the package


@pytest.mark.slow
def test_prepare_writes_a_visit_plan_through_papermill(sqlite_url: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    with session_scope(sqlite_url) as session:
        b.troubled_home(session)
        b.quiet_home(session)
    out = tmp_path / "plans"
    assert main(["prepare", "SC900002", "--visit-date", "2025-03-01", "--out", str(out), "--db", sqlite_url,
                 "--user", "inspector1"]) == 0
    html_path = out / "visit-plan-SC900002-2025-03-01.html"
    assert f"visit plan: {html_path}" in capsys.readouterr().out
    html = html_path.read_text()
    for expected in ("Visit plan: SC900002", "The home at a glance", "Judgement history", "Notifications of serious "
                     "events", "Children missing from the home and restraint", "Monitoring by leaders",
                     "Complaints and survey responses", "Leadership and staffing", "placements",
                     "Drafted lines awaiting your decision", "Children to track", "Evidence cited",
                     "Track C-T1", "Regulation 20 (1)(a)", "footnote 5"):
        assert expected in html, expected
    assert len(re.findall(r'<img[^>]*src="data:image/png;base64,', html)) >= 3  # three charts
    # evidence is linked: every link target exists in the register
    targets = set(re.findall(r'href="#(ev-[^"]+)"', html))
    assert targets and all(f'id="{t}"' in html for t in targets)
    # no code, no prompts, no home name or address; children only by reference
    for absent in ("VisitPlan", "plan.section", "In&nbsp;[", "Test House", "1 Test Lane", "ZZ1 1ZZ", "Traceback",
                   "Care Worker", "New Worker"):  # care staff appear by reference only
        assert absent not in html, absent
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert "SC900002" in title and "C-T" not in title and "C-T" not in html_path.name
    executed = nbformat.read(out / "visit-plan-SC900002-2025-03-01.ipynb", as_version=4)
    assert executed.metadata.papermill.parameters["urn"] == "SC900002"
    # the notebook saved the drafted lines; opening the plan again adds nothing
    with session_scope(sqlite_url) as session:
        saved = session.scalars(select(LineOfEnquiry)).all()
        assert len(saved) > 10 and {line.updated_by for line in saved} == {"inspector1"}
    again = VisitPlan.open("SC900002", "2025-03-01", sqlite_url, user="inspector1")
    assert again.saved.created == 0 and again.saved.unchanged == len(saved)
    assert os.environ.get("WORKBENCH_USER") != "inspector1"  # set for the kernel only


def test_unknown_urn_and_early_date_write_nothing(sqlite_url: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    with session_scope(sqlite_url) as session:
        b.home(session, urn="SC950001", registered="2020-01-01")
    out = tmp_path / "plans"
    assert main(["prepare", "SC000404", "--out", str(out), "--db", sqlite_url]) == 2
    assert "no home with URN SC000404" in capsys.readouterr().err
    assert main(["prepare", "SC950001", "--visit-date", "2019-06-01", "--out", str(out), "--db", sqlite_url]) == 2
    assert "before home SC950001 was registered" in capsys.readouterr().err
    assert main(["prepare", "SC950001", "--visit-date", "June", "--out", str(out), "--db", sqlite_url]) == 2
    assert "not an ISO date" in capsys.readouterr().err
    assert not out.exists()


def test_enquiries_json_for_scripts(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with session_scope(sqlite_url) as session:
        b.troubled_home(session)
    assert main(["enquiries", "SC900002", "--visit-date", "2025-03-01", "--json", "--db", sqlite_url]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["urn"] == "SC900002" and doc["period"]["start"] == "2024-03-06"
    rules = {line["rule_id"] for line in doc["lines"]}
    assert {"child_missing", "reg44_missing", "out_of_education", "short_break_continuity"} <= rules
    assert all(line["evidence"] for line in doc["lines"])
    assert {c["reference"] for c in doc["children_to_track"]} == {"C-T1", "C-T2", "C-T3", "C-T4", "C-T5"}
    with session_scope(sqlite_url) as session:  # enquiries prints, it does not save
        assert session.scalars(select(LineOfEnquiry)).first() is None


def test_interim_plan_names_the_focus_areas_and_first_inspection_plan_works(sqlite_url: str) -> None:
    with session_scope(sqlite_url) as session:
        b.troubled_home(session)
        new = b.home(session, urn="SC960001", registered="2024-10-01")
        b.child(session, new, "2024-11-01", reference="C-F1")
    plan = VisitPlan.open("SC900002", "2025-03-01", sqlite_url, "interim", save=False)
    assert "focuses on (para 46)" in plan.title()
    assert "interim focus (para 46): Response to the last inspection" in plan.lines_of_enquiry()
    first = VisitPlan.open("SC960001", "2025-03-01", sqlite_url, "full", user="inspector1")
    assert "first-inspection plan" in first.title()
    assert "No inspection is on record" in first.section("judgements")
    assert "C-F1" in first.children() and "new since the last inspection" not in first.children()
    with pytest.raises(UserError, match="inspection type 'thematic'"):
        VisitPlan.open("SC900002", "2025-03-01", sqlite_url, "thematic")
