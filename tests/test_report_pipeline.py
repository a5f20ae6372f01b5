"""The shared papermill -> nbconvert pipeline: strict parameters, atomic writes, clean HTML."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest

from workbench.errors import UserError
from workbench.jupyter.execute import execute
from workbench.jupyter.export import export_html

HELLO = Path(__file__).parent / "notebooks" / "hello.ipynb"
SLEEPING = Path(__file__).parent / "notebooks" / "batch_sleeping.ipynb"


def test_unknown_parameter_is_refused_before_anything_runs(tmp_path: Path) -> None:
    out = tmp_path / "out.ipynb"
    with pytest.raises(UserError, match="unknown parameter.*nmae.*takes count, name"):
        execute(HELLO, {"nmae": "x"}, out)
    assert not out.exists()


def test_wrong_type_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="count must be int"):
        execute(HELLO, {"count": "three"}, tmp_path / "out.ipynb")
    with pytest.raises(UserError, match="count must be int"):
        execute(HELLO, {"count": True}, tmp_path / "out.ipynb")


def test_executes_through_papermill_and_exports_escaped_html_without_code(tmp_path: Path) -> None:
    out = tmp_path / "out.ipynb"
    execute(HELLO, {"name": "<script>alert('x')</script>", "count": 3}, out)
    nb = nbformat.read(out, as_version=4)
    assert nb.metadata.papermill.parameters == {"name": "<script>alert('x')</script>", "count": 3}
    html = export_html(nb, tmp_path / "out.html").read_text()
    assert "<h1>Hello 3</h1>" in html
    assert "&lt;script&gt;alert(" in html
    assert "<script>alert" not in html
    assert "from workbench" not in html  # no code
    assert "stdout is dropped" not in html  # no streams
    assert "In&nbsp;[" not in html and "Parameters" not in html  # no prompts, no papermill banner
    assert not list(tmp_path.glob(".*.tmp"))


def test_bare_last_expression_is_exported_and_files_are_readable(tmp_path: Path) -> None:
    out = tmp_path / "out.ipynb"
    execute(HELLO, {}, out)
    html_path = export_html(out, tmp_path / "out.html")
    assert "<p>bare &lt;expression&gt;</p>" in html_path.read_text()
    assert out.stat().st_mode & 0o044 == 0o044 and html_path.stat().st_mode & 0o044 == 0o044


def test_timeout_is_the_whole_notebooks_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--timeout` of prepare (the nbclient path) stops the notebook as the warm engine does in batch."""
    monkeypatch.setenv("WB_BATCH_SLEEP", "120")  # the kernel inherits it: its second cell sleeps
    monkeypatch.delenv("WB_BATCH_FAIL_URN", raising=False)
    started = time.monotonic()
    with pytest.raises(UserError, match=r"batch_sleeping.ipynb ran past its 8 s time limit \(--timeout\)"):
        execute(SLEEPING, {"urn": "SC1"}, tmp_path / "out.ipynb", timeout=8)
    assert time.monotonic() - started < 60
