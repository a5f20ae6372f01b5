"""`workbench batch`: select homes, skip complete ones, run the rest, write the index.

Every home's notebook runs through papermill's API with the ``warm`` engine in a warm
process (local or on a Dask cluster) and is delivered as every document is
(`workbench.report.documents.deliver`: notebook and HTML written once each under temporary names
and renamed into place, a report's export recorded); a manifest per home is written last.
A failure (exception, dead kernel, timeout, privacy guard) fails that home only.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from workbench.batch import homes as homes_module
from workbench.batch import manifest
from workbench.batch.executors import DaskExecutor, LocalExecutor
from workbench.batch.index import Row, write_index, write_summary
from workbench.batch.messages import Job
from workbench.config import NOTEBOOKS_DIR, resolve_db_url
from workbench.errors import UserError
from workbench.jupyter.execute import check_notebook, check_parameters, notebook_path
from workbench.store.db import check_writable, session_scope

#: Kinds whose notebook saves to the store (the visit plan saves its drafted lines of enquiry):
#: their manifest records the home's data fingerprint as it is after the run.
WRITES_TO_STORE = {"previsit"}


@dataclass
class BatchOptions:
    """What `workbench batch` was asked to do."""

    kind: str
    out: Path
    urns: list[str] | None = None
    due_before: dt.date | None = None
    all_homes: bool = False
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    scheduler: str | None = None
    timeout: float | None = 600.0
    db: str | None = None
    force: bool = False
    visit_date: dt.date = field(default_factory=dt.date.today)
    notebook: Path | None = None  # override (tests); default notebooks/<kind's notebook>
    progress: bool = True


@dataclass
class BatchResult:
    """What a batch did."""

    rows: list[Row]
    index: Path
    summary: Path
    ran: int
    reused: int
    seconds: float

    @property
    def failed(self) -> list[Row]:
        """Homes whose run failed."""
        return [r for r in self.rows if r.status == "failed"]


def _row(task: homes_module.HomeTask, status: str, seconds: float = 0.0, ipynb: str = "", html: str = "",
         error: str = "") -> Row:
    return Row(urn=task.urn, home=task.name, provision_type=task.provision_type, region=task.region,
               judgement=task.judgement, report_status=task.report_status, deadline=task.deadline, status=status,
               seconds=seconds, ipynb=ipynb, html=html, error=error or task.skip_reason)


def run_batch(options: BatchOptions) -> BatchResult:
    """Run a batch; raises UserError for usage mistakes (nothing written)."""
    started = time.perf_counter()
    url = resolve_db_url(options.db)
    if options.kind not in homes_module.NOTEBOOKS:
        raise UserError(f"unknown batch kind {options.kind!r}; choose one of {', '.join(homes_module.NOTEBOOKS)}")
    notebook = Path(options.notebook).resolve() if options.notebook else notebook_path(homes_module.NOTEBOOKS[options.kind])
    if not notebook.is_file():
        raise UserError(f"--notebook {notebook}: no such notebook")
    check_notebook(notebook)
    out = Path(options.out).resolve()
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} is a file, not a directory")
    with session_scope(url) as session:
        selected = homes_module.select_homes(session, urns=options.urns, due_before=options.due_before,
                                             all_homes=options.all_homes)
        tasks = homes_module.plan(session, options.kind, selected, url, options.visit_date)
        fingerprints = manifest.data_fingerprints(session, [t.home_id for t in tasks])
    runnable = [t for t in tasks if not t.skip_reason]
    if runnable:
        check_parameters(notebook, runnable[0].parameters)  # strict names and types, once (UserError)
        check_writable(url)  # exports are recorded, visit plans save: a read-only store is refused first
    notebook_hash = manifest.file_hash(notebook)
    out.mkdir(parents=True, exist_ok=True)

    rows: list[Row] = [_row(t, "skipped") for t in tasks if t.skip_reason]
    jobs: list[Job] = []
    by_key, fingerprint_of = {}, {}
    reused = 0
    for task in runnable:
        fingerprint = manifest.fingerprint(notebook_hash, task.parameters, fingerprints[task.home_id])
        complete = None if options.force else manifest.is_complete(out, task.stem, fingerprint)
        if complete:
            reused += 1
            rows.append(_row(task, "done", float(complete.get("seconds", 0.0)), complete["ipynb"], complete["html"]))
            continue
        fingerprint_of[task.stem] = fingerprint
        by_key[task.stem] = task
        jobs.append(Job(task.stem, str(notebook), task.parameters, str(out / f"{task.stem}.ipynb"),
                        str(out / f"{task.stem}.html"), options.timeout, str(NOTEBOOKS_DIR), task.document))

    if jobs:
        warmups = _warmups(options.kind, jobs[0].parameters)
        executor = (DaskExecutor(options.scheduler, [str(notebook)], url, warmups) if options.scheduler
                    else LocalExecutor(min(options.workers, len(jobs)), [str(notebook)], url, warmups))
        done = failed = 0
        bar = tqdm(total=len(jobs), unit="home", desc=f"{options.kind} reports", disable=not options.progress,
                   file=sys.stderr, dynamic_ncols=True)
        try:
            for result in executor.run(jobs):
                task = by_key[result.key]
                if options.kind in WRITES_TO_STORE:  # the notebook's own writes are part of what it reflects
                    with session_scope(url) as session:
                        data = manifest.data_fingerprints(session, [task.home_id])[task.home_id]
                    fingerprint_of[task.stem] = manifest.fingerprint(notebook_hash, task.parameters, data)
                ipynb = Path(result.ipynb).name if result.ipynb else ""
                html = Path(result.html).name if result.html else ""
                manifest.write_manifest(out, task.stem, {
                    "urn": task.urn, "kind": options.kind, "status": result.status, "error": result.error,
                    "fingerprint": fingerprint_of[task.stem], "parameters": task.parameters,
                    "seconds": result.seconds, "ipynb": ipynb, "html": html,
                    "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
                rows.append(_row(task, result.status, result.seconds, ipynb, html, result.error))
                done += result.status == "done"
                failed += result.status == "failed"
                bar.set_postfix(done=done, failed=failed, refresh=False)
                bar.update(1)
        finally:
            bar.close()
            executor.close()

    generated = dt.datetime.now(dt.UTC)
    index = write_index(out, options.kind, rows, generated)
    summary = write_summary(out, rows)
    rows.sort(key=lambda r: r.urn)
    return BatchResult(rows, index, summary, len(jobs), reused, time.perf_counter() - started)


def _warmups(kind: str, sample: dict) -> list[tuple[str, dict]]:
    """Package calls that warm a process for this kind (one sample home's data load, result discarded)."""
    if kind == "interim":
        return [("workbench.report.data:load_report", {**sample, "kind": "interim"})]
    if kind == "previsit":
        return [("workbench.report.visit_plan:VisitPlan.open", {**sample, "save": False})]
    return []
