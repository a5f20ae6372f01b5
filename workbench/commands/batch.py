"""`workbench batch KIND`: every selected home's interim report (or visit plan), fast and resumable."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from workbench.commands import add_db_option, iso_date, positive, visit_date


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `batch` sub-command."""
    parser = subparsers.add_parser(
        "batch",
        help="run the interim report (or pre-visit plan) for many homes, with an index page",
        description=(
            "Execute a notebook for every selected home through papermill (engine 'warm': each home in its own "
            "kernel forked from a pre-imported process), export HTML, and write DIR/index.html and "
            "DIR/summary.csv. Re-running the same command skips homes whose outputs are complete and whose "
            "inputs are unchanged; --force reruns all. Exit status 0: all done; 1: some homes failed; 2: usage."),
    )
    parser.add_argument("kind", choices=["interim", "previsit"], help="interim reports or pre-visit plans")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--homes", nargs="+", metavar="URN", help="these homes")
    which.add_argument("--due-before", type=iso_date, metavar="DATE",
                       help="children's homes whose next inspection is due on or before DATE (paras 7-8)")
    which.add_argument("--all", action="store_true", help="every children's home in the store")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output directory")
    parser.add_argument("--workers", type=positive(int), default=os.cpu_count() or 1,
                        help="local worker processes (default: the number of cores)")
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="run on an existing Dask distributed cluster, e.g. tcp://127.0.0.1:8786")
    parser.add_argument("--timeout", type=positive(float), default=600.0, metavar="SECONDS",
                        help="a home's notebook running longer than this fails, as in prepare (default 600)")
    parser.add_argument("--visit-date", type=visit_date, default=None, metavar="DATE",
                        help="previsit: the planned visit date (default today)")
    parser.add_argument("--notebook", type=Path, default=None, metavar="PATH",
                        help="run this notebook instead (it must take the same parameters as the kind's notebook)")
    parser.add_argument("--force", action="store_true", help="rerun every home, even complete unchanged ones")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the batch and print where the index is; 1 if some homes failed."""
    from workbench.batch.run import BatchOptions, run_batch

    options = BatchOptions(
        kind=args.kind, out=args.out, urns=args.homes, due_before=args.due_before, all_homes=args.all,
        workers=args.workers, scheduler=args.scheduler, timeout=args.timeout, db=args.db, force=args.force,
        visit_date=args.visit_date or dt.date.today(), progress=not args.quiet, notebook=args.notebook,
    )
    result = run_batch(options)
    counts = {s: sum(r.status == s for r in result.rows) for s in ("done", "failed", "skipped")}
    print(f"{len(result.rows)} homes: {counts['done']} done ({result.reused} unchanged, not rerun), "
          f"{counts['failed']} failed, {counts['skipped']} skipped in {result.seconds:.1f} s")
    for row in result.rows:
        if row.status == "failed":
            print(f"  failed {row.urn}: {row.error}")
    print(f"index: {result.index}")
    return 1 if counts["failed"] else 0
