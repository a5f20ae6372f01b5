"""`workbench report` end to end: real papermill kernels, nbconvert, strict checks, privacy stop, stock CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from report_fixtures import HOME_NAME, build_home, mark_exported

from workbench.cli import main
from workbench.errors import UserError
from workbench.jupyter.execute import execute
from workbench.report.documents import plan_report, produce
from workbench.store.db import session_scope
from workbench.store.models import Judgement, Requirement

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_report_command_writes_full_report_and_the_stock_tools_give_the_same_html(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built = build_home(sqlite_url)
    out = tmp_path / "out"
    assert main(["report", built.urn, "--db", sqlite_url, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    html_path = out / f"{built.urn}-inspection-{built.full_id}-full.html"
    assert str(html_path) in printed and "bytes" in printed
    nb = nbformat.read(out / f"{built.urn}-inspection-{built.full_id}-full.ipynb", as_version=4)
    assert nb.metadata.papermill.parameters == {"urn": built.urn, "inspection_id": built.full_id, "db": sqlite_url}
    ours = html_path.read_text(encoding="utf-8")
    assert "<h1>Children's home inspection report</h1>" in ours and "Draft report, not for publication" in ours
    assert "from workbench" not in ours and "papermill" not in ours.lower().replace("papermill + nbconvert", "")
    assert html_path.stat().st_size < 1_000_000

    # the stock line documented in the README (papermill CLI, then nbconvert with our template)
    stock_nb = tmp_path / "stock" / "out.ipynb"
    stock_nb.parent.mkdir()
    subprocess.run(
        [str(BIN / "papermill"), "workbench/notebooks/report.ipynb", str(stock_nb), "-r", "urn", built.urn,
         "-p", "inspection_id", str(built.full_id), "-r", "db", sqlite_url, "--log-level", "WARNING"],
        cwd=ROOT, check=True, capture_output=True,
    )
    subprocess.run(
        [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--TemplateExporter.extra_template_basedirs=workbench/share/jupyter/nbconvert/templates",
         "--template", "workbench", str(stock_nb)],
        cwd=ROOT, check=True, capture_output=True,
    )
    assert (stock_nb.parent / "out.html").read_text(encoding="utf-8") == ours


def test_interim_report_is_picked_for_an_interim_inspection(sqlite_url: str, tmp_path: Path) -> None:
    built = build_home(sqlite_url)
    produced = produce(plan_report(built.urn, built.interim_id, sqlite_url), tmp_path)
    html = produced.html_path.read_text(encoding="utf-8")
    assert produced.html_path.name.endswith("-interim.html")
    assert "interim inspection report" in html and "Inadequate progress and/or declined" in html
    assert "Service of concern" in html


def test_bad_parameters_write_nothing(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = build_home(sqlite_url, urn="SC900001", seq=1)
    two = build_home(sqlite_url, urn="SC900002", seq=2)
    out = tmp_path / "out"
    assert main(["report", "SC999999", "--db", sqlite_url, "--out", str(out)]) == 2
    assert "no home with URN 'SC999999'" in capsys.readouterr().err
    assert main(["report", one.urn, "--inspection", str(two.full_id), "--db", sqlite_url, "--out", str(out)]) == 2
    assert f"inspection {two.full_id} is of home SC900002, not of SC900001" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(UserError, match="unknown parameter.*inspection; it takes db, inspection_id, urn"):
        execute("report", {"urn": one.urn, "inspection": 1, "db": sqlite_url}, tmp_path / "x.ipynb")
    with pytest.raises(UserError, match="inspection_id must be int"):
        execute("report", {"urn": one.urn, "inspection_id": "1", "db": sqlite_url}, tmp_path / "x.ipynb")
    assert not (tmp_path / "x.ipynb").exists()


def test_privacy_guard_stops_the_export_naming_where(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built = build_home(sqlite_url)
    with session_scope(sqlite_url) as s:
        judgement = s.query(Judgement).filter_by(inspection_id=built.full_id, area="helped_protected").one()
        judgement.evidence_summary = f"Children at {HOME_NAME.upper()} feel safe."
        requirement = s.query(Requirement).filter_by(inspection_id=built.full_id, regulation="Reg 13").one()
        requirement.text = "Record C-9B11's missing episodes."
    out = tmp_path / "out"
    assert main(["report", built.urn, "--db", sqlite_url, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "privacy check failed" in err and "was not exported" in err
    assert "the home's name in section 'How well children and young people are helped and protected'" in err
    assert "the reference of a child of the home (C-9B11) in section 'Statutory requirements'" in err
    assert not out.exists()


def test_status_option_shows_and_changes_the_review(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    built = build_home(sqlite_url)
    assert main(["report", built.urn, "--status", "--db", sqlite_url]) == 0
    shown = capsys.readouterr().out
    assert f"{built.urn} inspection {built.full_id} (full): draft" in shown and "2026-01-23" in shown
    assert main(["report", built.urn, "--status", "submit", "--db", sqlite_url, "--user", "insp"]) == 1
    assert "Produce the report" in capsys.readouterr().err  # the gate lists what is missing
    mark_exported(sqlite_url, built.full_id)
    assert main(["report", built.urn, "--status", "submit", "--db", sqlite_url, "--user", "insp"]) == 0
    assert main(["report", built.urn, "--status", "approve", "--notes", "Clear.", "--db", sqlite_url,
                 "--user", "qa"]) == 0
    out = capsys.readouterr().out
    assert ": qa_approved" in out and "QA reviewer: qa; notes: Clear." in out
    assert main(["report", built.urn, "--status", "submit", "--db", sqlite_url, "--user", "insp"]) == 1
    assert "cannot submit" in capsys.readouterr().err
    assert main(["report", built.urn, "--status", "publish", "--db", sqlite_url]) == 2  # nobody named: refused
    assert "no user given to publish" in capsys.readouterr().err
