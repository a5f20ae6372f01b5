"""`workbench prepare URN`: execute notebooks/pre_visit.ipynb through papermill and export the visit plan.

The visit plan (HTML, no code and no prompts) and the executed notebook are written to
``--out`` only when the run succeeds; an unknown URN or a visit date before registration is
refused before anything runs.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from workbench.commands import add_db_option, add_user_option, positive
from workbench.config import resolve_db_url
from workbench.errors import STORE_ERRORS, UserError, one_line, store_refusal
from workbench.report.names import visit_plan_stem
from workbench.settings import USER

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
    parser.add_argument("--timeout", type=positive(float, "a positive number of seconds"), default=600.0,
                        metavar="SECONDS", help="the notebook running longer than this fails (default 600)")
    add_db_option(parser)
    add_user_option(parser)
    parser.set_defaults(func=run)


def check_home(db: str, urn: str, visit_date: str) -> str:
    """Refuse an unknown URN or a visit date before registration; returns the ISO visit date."""
    from workbench.analysis.history import find_home, parse_as_of
    from workbench.analysis.periods import long_date
    from workbench.store.db import session_scope

    as_of = parse_as_of(visit_date)
    with session_scope(db) as session:
        home = find_home(session, urn)
        if home.registration_date and as_of < home.registration_date:
            raise UserError(f"visit date {as_of.isoformat()} is before home {home.urn} was registered "
                            f"({long_date(home.registration_date)})")
    return as_of.isoformat()


def prepare(urn: str, visit_date: str = "", inspection_type: str = "full", out: Path = DEFAULT_OUT,
            db: str | None = None, timeout: float | None = 600, user: str | None = None) -> tuple[Path, Path]:
    """Run the pre-visit notebook and export the plan; returns (html path, notebook path).

    `user` (who saves the drafted lines; a user of the store, `workbench.store.identity`) is checked
    before the kernel starts and reaches it as WORKBENCH_USER for this run only.
    """
    from papermill.exceptions import PapermillExecutionError

    from workbench.jupyter.execute import atomic_write_notebook, execute
    from workbench.jupyter.export import export_html
    from workbench.store.db import check_writable
    from workbench.store.identity import acting_username

    url = resolve_db_url(db)
    out = Path(out)
    check_out_dir(out)  # before the notebook saves its drafted lines to the store
    day = check_home(url, urn.strip(), visit_date)
    user = acting_username(url, user, "enquire")  # before the kernel starts: exit 2, not a failed run
    check_writable(url)  # the notebook saves its drafted lines: a read-only store is refused first
    params = {"urn": urn.strip(), "visit_date": day, "db": url, "inspection_type": inspection_type}
    stem = visit_plan_stem(urn, day)
    previous_user = os.environ.get(USER.env)
    if user:
        os.environ[USER.env] = user  # the kernel inherits it
    try:
        with tempfile.TemporaryDirectory(prefix="wb-prepare-") as scratch:
            nb = execute("pre_visit", params, timeout=timeout, cwd=Path(scratch))
    except PapermillExecutionError as error:
        if error.ename in STORE_ERRORS:  # e.g. a read-only store: refused (exit 1), never SQL or parameters
            raise UserError(store_refusal(error.ename, error.evalue), exit_code=1) from None
        raise UserError(f"the visit plan of {urn} could not be produced: {error.ename}: {one_line(error.evalue)}"
                        ) from None
    finally:
        if user:
            if previous_user is None:
                os.environ.pop(USER.env, None)
            else:
                os.environ[USER.env] = previous_user
    nb.metadata["title"] = f"Visit plan {urn.strip()} ({day})"
    notebook = atomic_write_notebook(nb, out / f"{stem}.ipynb")
    html = export_html(nb, out / f"{stem}.html")
    return html, notebook


def check_out_dir(out: Path) -> None:
    """Refuse an output folder that is a file, or that cannot be made or written, before anything runs."""
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} is a file, not a folder; nothing was run or saved")
    existing = next((p for p in (out, *out.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        raise UserError(f"--out {out}: {existing} is a file, not a folder; nothing was run or saved")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UserError(f"--out {out}: {existing} cannot be written; nothing was run or saved")


def run(args: argparse.Namespace) -> int:
    """`prepare`: print where the visit plan is."""
    started = time.perf_counter()
    html, notebook = prepare(args.urn, args.visit_date, args.inspection_type, args.out, args.db, args.timeout,
                             args.user)
    print(f"visit plan: {html}")
    print(f"executed notebook: {notebook} ({time.perf_counter() - started:.1f} s)")
    return 0
