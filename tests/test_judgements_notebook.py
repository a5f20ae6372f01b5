"""notebooks/judgements.ipynb through real papermill in fresh kernels: what the service stored shows in
the notebook, and what was entered through the widgets in one kernel shows in the next (a restart)."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import nbformat
import papermill
import pytest
from test_judgements import VISIT, seed_home

from workbench import judgements as J
from workbench.config import NOTEBOOKS_DIR
from workbench.widgets import show_editor

NOTEBOOK = NOTEBOOKS_DIR / "judgements.ipynb"


@pytest.fixture(autouse=True)
def _spool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_SPOOL", str(tmp_path / "spool"))  # inherited by the kernels


def _run(source: Path, out: Path, **parameters: object) -> str:
    papermill.execute_notebook(str(source), str(out), parameters=parameters, kernel_name="python3",
                               progress_bar=False, cwd=str(out.parent))
    executed = nbformat.read(out, as_version=4)
    assert executed.metadata["papermill"]["parameters"]["urn"] == parameters["urn"]
    outputs = [o for cell in executed.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    shown = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert shown, "the editor widget was not displayed"
    return "\n".join(o["data"].get("text/plain", "") for o in shown)


def test_round_trip_through_fresh_kernels(sqlite_url: str, tmp_path: Path) -> None:
    seed_home(sqlite_url)
    iid = J.open_inspection(sqlite_url, "SC100001", "alice", VISIT, "full").inspection_id
    J.save_field(sqlite_url, iid, "judgement", "helped_protected", "grade", "good", J.Loaded(0, None), "alice")
    J.save_field(sqlite_url, iid, "judgement", "helped_protected", "evidence_summary", "Entered via the service",
                 J.Loaded(1, None), "alice")
    J.add_requirement(sqlite_url, iid, "12", "Review risk assessments", "2026-01-16", "alice")
    typing = nbformat.read(NOTEBOOK, as_version=4)  # a user's clicks, as code run in the first kernel
    typing.cells.append(nbformat.v4.new_code_cell(
        'editor.grade["partnership"].value = "requires_improvement"\n'
        'editor.evidence["partnership"].value = "Entered through the widgets"\n'
        'assert editor.flush() and editor.last_status[0] == "saved", editor.last_status'))
    first_source = tmp_path / "typing.ipynb"
    nbformat.write(typing, first_source)
    params = {"urn": "SC100001", "inspection_id": iid, "db": sqlite_url, "user": "bob"}
    first = _run(first_source, tmp_path / "first.ipynb", **params)
    assert "helped_protected: good" in first and "Entered via the service" in first
    assert "Review risk assessments" in first
    stored = J.load_state(sqlite_url, iid).judgements["partnership"]  # that kernel has gone
    assert (stored["grade"], stored["evidence_summary"], stored["updated_by"]) == (
        "requires_improvement", "Entered through the widgets", "bob")
    second = _run(NOTEBOOK, tmp_path / "second.ipynb", **params)
    assert "partnership: requires_improvement" in second and "Entered through the widgets" in second
    assert "helped_protected: good" in second


def test_notebook_parameters_open_by_visit_date_and_explain_mistakes(sqlite_url: str) -> None:
    seed_home(sqlite_url)
    editor = show_editor(urn="SC100001", visit_date="2026-01-05", db=sqlite_url, user="alice")
    assert not isinstance(editor, w.HTML) and editor.state.inspection["start_date"].isoformat() == "2026-01-05"
    again = show_editor(urn="SC100001", visit_date="2026-01-05", db=sqlite_url, user="alice")
    assert again.inspection_id == editor.inspection_id  # reopened, not duplicated
    for bad in ({"urn": "SC999999"}, {"urn": "SC100001", "inspection_id": "x"}, {"urn": None},
                {"urn": "SC100001", "visit_date": "next tuesday"}):
        message = show_editor(db=sqlite_url, user="alice", **bad)
        assert isinstance(message, w.HTML) and "Cannot open the judgements" in message.value
