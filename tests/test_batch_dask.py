"""`workbench batch --scheduler`: the same batch on a real Dask cluster (scheduler + 2 workers on loopback)."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from workbench.batch.run import BatchOptions, run_batch

ROOT = Path(__file__).resolve().parent.parent
DASK = str(ROOT / ".venv" / "bin" / "dask")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    """A real `dask scheduler` and two `dask worker` processes on 127.0.0.1 (random free ports)."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    processes = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                   "--no-dashboard", "--no-show"], cwd=ROOT,
                                  stdout=(logs / "scheduler.log").open("w"), stderr=subprocess.STDOUT)]
    try:
        for name in ("w1", "w2"):
            processes.append(subprocess.Popen(
                [DASK, "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1",
                 "--no-dashboard", "--name", name, "--local-directory", str(tmp_path / name)], cwd=ROOT,
                stdout=(logs / f"{name}.log").open("w"), stderr=subprocess.STDOUT))
        from distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_batch_on_a_dask_cluster_gives_the_same_outputs(cluster: str, tmp_path: Path) -> None:
    from sqlalchemy import select

    from workbench.demo import generate
    from workbench.store.db import session_scope
    from workbench.store.models import Home, Inspection

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    generate(url, homes=4, seed=5, as_of=dt.date(2026, 10, 1))
    with session_scope(url) as session:
        urns = list(session.scalars(select(Home.urn).join(Inspection).where(
            Inspection.inspection_type == "interim").distinct().order_by(Home.urn)))[:3]
    assert len(urns) == 3

    def run(out: Path, **kwargs) -> object:
        return run_batch(BatchOptions(kind="interim", out=out, urns=urns, db=url, progress=False, **kwargs))

    on_dask = run(tmp_path / "dask", scheduler=cluster)
    assert [r.status for r in on_dask.rows] == ["done"] * 3, [r.error for r in on_dask.rows]
    ran_for = {nbformat.read(tmp_path / "dask" / r.ipynb, as_version=4).metadata.papermill.parameters["urn"]
               for r in on_dask.rows}
    assert ran_for == set(urns)
    local = run(tmp_path / "local", workers=1)
    for row_dask, row_local in zip(on_dask.rows, local.rows, strict=True):
        assert row_dask.html == row_local.html
        assert (tmp_path / "dask" / row_dask.html).read_text() == (tmp_path / "local" / row_local.html).read_text()
    index = (tmp_path / "dask" / "index.html").read_text()
    assert all(urn in index for urn in urns)
