"""Seconds per interim report: stock tools vs a papermill loop vs `workbench batch interim`.

    .venv/bin/python benchmarks/batch.py --homes 200 [--sample 10] [--workers 2]

On one demo store (``workbench demo-data``, fictional homes) and the same notebook
(notebooks/interim_report.ipynb), measures in the same run:
  (a) the stock ``papermill`` CLI then ``jupyter nbconvert --to html`` per home (subprocesses);
  (b) a loop of ``papermill.execute_notebook`` (a new kernel per home, as papermill does)
      plus one reused nbconvert exporter;
  (c) ``workbench batch interim`` for every home with an interim inspection (wall time of
      the whole command, start-up and warm-up included, divided by the number of reports).
(a) and (b) take seconds per home, so they run on the first --sample homes; (c) on all.
Prints the ratios (a)/(c) (target >= 40) and (b)/(c) (target >= 10), the machine and its load.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
NOTEBOOK = ROOT / "workbench" / "notebooks" / "interim_report.ipynb"


def targets(url: str) -> list[tuple[str, int]]:
    """(URN, interim inspection id) of every home with an interim inspection, as the batch picks them."""
    from workbench.batch.homes import plan, select_homes
    from workbench.store.db import session_scope

    with session_scope(url) as session:
        tasks = plan(session, "interim", select_homes(session, all_homes=True), url, dt.date.today())
    return [(t.urn, t.parameters["inspection_id"]) for t in tasks if not t.skip_reason]


def stock_tools(url: str, homes: list[tuple[str, int]], work: Path) -> float:
    """(a): papermill CLI + jupyter nbconvert CLI per home; seconds per report (``-r``: URNs stay strings)."""
    started = time.perf_counter()
    for urn, inspection_id in homes:
        out = work / f"{urn}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(NOTEBOOK), str(out), "-r", "urn", urn, "-p", "inspection_id",
                        str(inspection_id), "-r", "db", url, "--no-progress-bar"], check=True, capture_output=True,
                       cwd=ROOT)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html",
                        "--TemplateExporter.extra_template_basedirs=workbench/share/jupyter/nbconvert/templates", "--template", "workbench",
                        str(out)], check=True, capture_output=True, cwd=ROOT)
    return (time.perf_counter() - started) / len(homes)


def papermill_loop(url: str, homes: list[tuple[str, int]], work: Path) -> float:
    """(b): papermill.execute_notebook per home (new kernel each) + one reused exporter; seconds per report."""
    import papermill

    from workbench.files import write_text_atomic
    from workbench.jupyter.export import render_html

    started = time.perf_counter()
    for urn, inspection_id in homes:
        out = work / f"{urn}.ipynb"
        nb = papermill.execute_notebook(str(NOTEBOOK), str(out), parameters={
            "urn": urn, "inspection_id": inspection_id, "db": url}, progress_bar=False, cwd=str(NOTEBOOK.parent))
        write_text_atomic(render_html(nb), work / f"{urn}.html")
    return (time.perf_counter() - started) / len(homes)


def workbench_batch(url: str, homes: list[tuple[str, int]], work: Path, workers: int) -> tuple[float, float]:
    """(c): the whole `workbench batch interim` command; (seconds per report, median in-worker seconds)."""
    command = [str(BIN / "workbench"), "batch", "interim", "--homes", *[u for u, _ in homes], "--out", str(work),
               "--db", url, "--workers", str(workers), "--quiet", "--force"]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"workbench batch failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    with (work / "summary.csv").open() as handle:
        rows = [r for r in csv.DictReader(handle)]
    assert len(rows) == len(homes) and all(r["status"] == "done" for r in rows), "every report must be done"
    seconds = sorted(float(r["seconds"]) for r in rows)
    return elapsed / len(homes), seconds[len(seconds) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--homes", type=int, default=200, help="demo homes in the store (default 200)")
    parser.add_argument("--sample", type=int, default=10, help="homes timed for (a) and (b) (default 10)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="workers for (c)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from workbench.demo import generate

    with tempfile.TemporaryDirectory(prefix="wb-bench-batch-") as tmp:
        work = Path(tmp)
        url = f"sqlite:///{work / 'store.sqlite'}"
        generate(url, homes=args.homes, seed=args.seed)
        homes = targets(url)
        sample = homes[: max(1, min(args.sample, len(homes)))]
        print(f"store: {args.homes} demo homes, {len(homes)} with an interim inspection; notebook {NOTEBOOK.name}")
        print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"load average before {os.getloadavg()[0]:.2f}")
        for name in ("a", "b", "c"):
            (work / name).mkdir()
        c, c_median = workbench_batch(url, homes, work / "c", args.workers)
        print(f"(c) workbench batch interim, {len(homes)} reports, {args.workers} workers: {c:.4f} s/report "
              f"(whole command; median {c_median:.4f} s per report inside a worker)", flush=True)
        b = papermill_loop(url, sample, work / "b")
        print(f"(b) papermill.execute_notebook loop + reused exporter, {len(sample)} reports: {b:.3f} s/report",
              flush=True)
        a = stock_tools(url, sample, work / "a")
        print(f"(a) papermill CLI + jupyter nbconvert CLI, {len(sample)} reports: {a:.3f} s/report", flush=True)
        print(f"ratio (a)/(c) = {a / c:.1f} (target >= 40); ratio (b)/(c) = {b / c:.1f} (target >= 10); "
              f"load average after {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
