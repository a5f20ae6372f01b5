"""`workbench batch`: real papermill runs in forked warm kernels, isolation, failures, resume, index."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from sqlalchemy import func, select, update

from workbench.batch.messages import Job
from workbench.batch.run import BatchOptions, run_batch
from workbench.batch.warm import WarmWorker
from workbench.cli import main
from workbench.store.db import session_scope
from workbench.store.models import Home, Inspection, ReportExport

ROOT = Path(__file__).resolve().parent.parent
TEST_NOTEBOOKS = ROOT / "tests" / "notebooks"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small demo store (fictional homes with interim inspections)."""
    from workbench.demo import generate

    url = f"sqlite:///{tmp_path_factory.mktemp('batch-store') / 'store.sqlite'}"
    generate(url, homes=6, seed=11, as_of=dt.date(2026, 10, 1))
    return url


def interim_urns(url: str, count: int) -> list[str]:
    """URNs of homes that have an interim inspection."""
    with session_scope(url) as session:
        urns = session.scalars(select(Home.urn).join(Inspection).where(Inspection.inspection_type == "interim")
                               .distinct().order_by(Home.urn)).all()
    assert len(urns) >= count, "the demo store should have enough homes with an interim inspection"
    return list(urns[:count])


def batch(url: str, out: Path, urns: list[str], notebook: str | None = None, **kwargs) -> object:
    options = BatchOptions(kind="interim", out=out, urns=urns, db=url, workers=kwargs.pop("workers", 1),
                           notebook=TEST_NOTEBOOKS / notebook if notebook else None, progress=False, **kwargs)
    return run_batch(options)


def test_isolation_between_homes_on_one_worker(store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = tmp_path / "state"
    state.mkdir()
    monkeypatch.setenv("WB_BATCH_TEST_DIR", str(state))
    urns = interim_urns(store, 3)
    result = batch(store, tmp_path / "out", urns, "batch_isolation.ipynb")
    # Every run asserted that no sentinel of the previous run (global, module attribute,
    # sys.modules entry, environment variable, working directory) was visible.
    assert [r.status for r in result.rows] == ["done"] * 3, [r.error for r in result.rows]
    parents = {(state / f"pid-{u}").read_text().split()[0] for u in urns}
    kernels = {(state / f"pid-{u}").read_text().split()[1] for u in urns}
    assert len(parents) == 1, "all homes ran on the same warm worker"
    assert len(kernels) == 3, "each home had its own kernel"
    assert "WB_SENTINEL" not in os.environ and not hasattr(json, "_wb_sentinel")


def test_raise_dead_kernel_and_timeout_fail_one_home_and_the_worker_goes_on(
        store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One warm worker: each failure kind fails that home; the next home gets a fresh kernel."""
    urns = interim_urns(store, 2)
    monkeypatch.setenv("WB_BATCH_FAIL_URN", urns[0])
    monkeypatch.setenv("WB_BATCH_SLEEP", "30")
    expected = {"batch_raising.ipynb": "ValueError: no data for", "batch_dying.ipynb": "DeadKernelError",
                "batch_sleeping.ipynb": "CellTimeoutError"}
    worker = WarmWorker([str(TEST_NOTEBOOKS / n) for n in expected], store)
    try:
        for notebook, reason in expected.items():
            results = {}
            for urn in urns:
                results[urn] = worker.run(Job(
                    key=urn, notebook=str(TEST_NOTEBOOKS / notebook), timeout=2,
                    parameters={"urn": urn, "inspection_id": 1, "db": store},
                    out_ipynb=str(tmp_path / notebook / f"{urn}.ipynb"),
                    out_html=str(tmp_path / notebook / f"{urn}.html")))
            failed, done = results[urns[0]], results[urns[1]]
            assert failed.status == "failed" and reason in failed.error, (notebook, failed)
            assert failed.seconds < 20, "the timeout stops a sleeping notebook"
            assert done.status == "done", (notebook, done)
            failed_nb = nbformat.read(failed.ipynb, as_version=4)
            assert failed_nb.metadata.papermill.exception is True
            assert "papermill-error-cell-tag" in failed_nb.cells[0].metadata.tags  # papermill's error banner
            assert not failed.html and not (tmp_path / notebook / f"{urns[0]}.html").exists()
            assert "report for" in (tmp_path / notebook / f"{urns[1]}.html").read_text()
        assert worker.process is not None and worker.process.poll() is None, "the warm worker itself survived"
    finally:
        worker.stop()


def test_cli_exit_status_and_usage_errors(store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    urns = interim_urns(store, 2)
    monkeypatch.setenv("WB_BATCH_FAIL_URN", urns[1])
    common = ["--db", store, "--workers", "1", "--quiet"]
    assert main(["batch", "interim", "--homes", "SC000404", "--out", str(tmp_path / "x"), *common]) == 2
    assert "unknown URN(s): SC000404" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
    code = main(["batch", "interim", "--homes", *urns, "--out", str(tmp_path / "o"), *common,
                 "--notebook", str(TEST_NOTEBOOKS / "batch_raising.ipynb")])
    out = capsys.readouterr().out
    assert code == 1 and f"failed {urns[1]}: ValueError" in out and "index: " in out
    monkeypatch.setenv("WB_BATCH_FAIL_URN", "none")
    code = main(["batch", "interim", "--homes", *urns, "--out", str(tmp_path / "o"), *common,
                 "--notebook", str(TEST_NOTEBOOKS / "batch_raising.ipynb")])
    assert code == 0 and "2 done (1 unchanged, not rerun)" in capsys.readouterr().out


def test_real_interim_reports_resume_and_index(store: str, tmp_path: Path) -> None:
    urns = interim_urns(store, 3)
    out = tmp_path / "out"
    with session_scope(store) as session:  # hostile text in a home name must reach the index escaped
        session.execute(update(Home).where(Home.urn == urns[0]).values(name='<script>alert("x")</script> & Co'))
    before = {urn: count for urn, count in exported(store).items() if urn in urns}
    first = batch(store, out, urns)
    assert first.ran == 3 and [r.status for r in first.rows] == ["done"] * 3, [r.error for r in first.rows]
    for row in first.rows:
        nb = nbformat.read(out / row.ipynb, as_version=4)
        assert nb.metadata.papermill.parameters["urn"] == row.urn
        assert nb.metadata.papermill.output_path == str(out / row.ipynb)  # written once, there
        assert all("duration" in c.metadata.papermill for c in nb.cells)
        html = (out / row.html).read_text()
        assert "Interim" in html and "<script>alert" not in html
    index = (out / "index.html").read_text()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in index and '<script>alert' not in index
    assert all(f'href="{r.html}"' in index for r in first.rows)
    assert "Publication deadline (para 9)" in index and "http" not in index.replace("http-equiv", "")
    assert exports(store, out, first.rows) == {u: before.get(u, 0) + 1 for u in urns}  # exported and current
    # unchanged: nothing reruns
    again = batch(store, out, urns)
    assert again.ran == 0 and again.reused == 3
    # a change to one home's data reruns that home only
    with session_scope(store) as session:
        inspection = session.scalars(select(Inspection).join(Home).where(
            Home.urn == urns[1], Inspection.inspection_type == "interim").order_by(Inspection.start_date.desc())).first()
        inspection.case_review_note = "changed"
    changed = batch(store, out, urns)
    assert changed.ran == 1 and changed.reused == 2
    forced = batch(store, out, urns, force=True)
    assert forced.ran == 3
    assert exports(store, out, forced.rows) == {u: before.get(u, 0) + 2 + (u == urns[1]) for u in urns}  # each run


def exported(url: str) -> dict[str, int]:
    """Per home: how many exports its reports have (`report_exports`)."""
    with session_scope(url) as session:
        return dict(session.execute(select(Home.urn, func.count(ReportExport.id)).select_from(ReportExport)
                                    .join(Inspection, Inspection.id == ReportExport.inspection_id)
                                    .join(Home, Home.id == Inspection.home_id).group_by(Home.urn)).all())


def exports(url: str, out: Path, rows: list) -> dict[str, int]:
    """`exported` for these rows' homes, asserting that each latest export is this run's file, of the current
    content, so the lifecycle's readiness counts the batch's report as exported (`workbench.report.gates`)."""
    from workbench.report import fingerprint, gates

    with session_scope(url) as session:
        for row in rows:
            inspection = session.get_one(Inspection, int(row.html.split("-inspection-")[1].split("-")[0]))
            assert gates.exported_from_the_current_content(session, inspection) == []
            assert fingerprint.latest_export(session, inspection.id).html_path == str((out / row.html).resolve())
    counts = exported(url)
    return {row.urn: counts.get(row.urn, 0) for row in rows}


def test_kill_minus_9_then_rerun_finishes_without_duplicates(store: str, tmp_path: Path) -> None:
    urns = interim_urns(store, 4)
    out = tmp_path / "out"
    command = [str(ROOT / ".venv" / "bin" / "workbench"), "batch", "interim", "--homes", *urns, "--out", str(out),
               "--db", store, "--workers", "1", "--quiet", "--notebook", str(TEST_NOTEBOOKS / "batch_sleeping.ipynb")]
    env = {**os.environ, "WB_BATCH_SLEEP": "0.7"}
    env.pop("WB_BATCH_FAIL_URN", None)
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and len(list((out / ".manifests").glob("*.json"))) < 1:
        time.sleep(0.05)
    process.kill()  # SIGKILL: no cleanup at all
    process.wait()
    finished_before = {p.name: p.stat().st_mtime_ns for p in (out / ".manifests").glob("*.json")}
    assert 1 <= len(finished_before) < 4, "the batch should have been killed mid-run"
    time.sleep(1.0)  # let the orphaned warm process notice and exit
    # Whatever is in place is either complete (manifest) or will be redone; no temp name looks final.
    assert not [p for p in out.iterdir() if p.name.endswith((".html", ".ipynb")) and ".tmp" in p.name
                and not p.name.startswith(".")]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"4 homes: 4 done ({len(finished_before)} unchanged, not rerun)" in result.stdout
    for name, mtime in finished_before.items():
        assert (out / ".manifests" / name).stat().st_mtime_ns == mtime, "complete homes are not redone"
    visible = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert len([n for n in visible if n.endswith(".html")]) == 5  # 4 reports + index
    assert len([n for n in visible if n.endswith(".ipynb")]) == 4
    rows = (out / "summary.csv").read_text().strip().splitlines()[1:]
    assert len(rows) == 4 and all(",done," in r for r in rows)


def test_stock_papermill_cli_uses_the_warm_engine(tmp_path: Path) -> None:
    """The engine is a papermill entry point: the stock CLI runs notebooks with `--engine warm`."""
    out = tmp_path / "out.ipynb"
    subprocess.run([str(ROOT / ".venv" / "bin" / "papermill"), "--engine", "warm", "--no-progress-bar",
                    str(TEST_NOTEBOOKS / "batch_raising.ipynb"), str(out), "-p", "urn", "SC1"],
                   check=True, capture_output=True, env={**os.environ, "WB_BATCH_FAIL_URN": "none"}, timeout=120)
    nb = nbformat.read(out, as_version=4)
    assert nb.metadata.papermill.parameters == {"urn": "SC1"}
    assert "report for SC1" in nb.cells[-1].outputs[0].data["text/html"]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
