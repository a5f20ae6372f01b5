"""`workbench prepare URN`: execute notebooks/pre_visit.ipynb through papermill and export the visit plan.

The pipeline is `workbench.report.documents` (`plan_visit`, `produce`), as for every document: the
visit plan (HTML, no code and no prompts) and the executed notebook are written to ``--out`` only
when the run succeeds; an unknown URN or a visit date before registration is refused before
anything runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from workbench.commands import add_db_option, add_user_option, positive

DEFAULT_OUT = Path("visit-plans")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `prepare`."""
    parser = subparsers.add_parser(
        "prepare", help="write the visit plan of a home (evidence picture, lines of enquiry, children to track)",
        description="Execute notebooks/pre_visit.ipynb for one home through papermill, save its drafted lines of "
                    "enquiry to the store, and export the visit plan as HTML (framework para 11).")
    parser.add_argument("urn", help="the home's URN, e.g. SC123456")
    parser.add_argument("--visit-date", default="", metavar="YYYY-MM-DD", help="date of the visit (default: today)")
    parser.add_argument("--type", dest="inspection_type", choices=("full", "interim"), default="full",
                        help="inspection type (default: full)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"directory for the HTML and executed notebook (default: {DEFAULT_OUT})")
    parser.add_argument("--pdf", action="store_true",
                        help="also print the visit plan to PDF beside the HTML, for use on site (Chromium: "
                             "WORKBENCH_CHROMIUM)")
    parser.add_argument("--timeout", type=positive(float, "a positive number of seconds"), default=600.0,
                        metavar="SECONDS", help="the notebook running longer than this fails (default 600)")
    add_db_option(parser)
    add_user_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """`prepare`: print where the visit plan is."""
    started = time.perf_counter()
    from workbench.report.documents import plan_visit, produce

    plan = plan_visit(args.urn, args.visit_date, args.inspection_type, args.db)
    produced = produce(plan, args.out, timeout=args.timeout, user=args.user, pdf=args.pdf)
    print(f"visit plan: {produced.html_path}")
    if produced.pdf_path is not None:
        print(f"PDF: {produced.pdf_path}")
    print(f"executed notebook: {produced.notebook_path} ({time.perf_counter() - started:.1f} s)")
    return 0
