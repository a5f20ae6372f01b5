"""`workbench inspect URN`: create or reopen the current inspection and say how to open its widgets."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from workbench import settings
from workbench.commands import add_db_option, add_user_option
from workbench.config import NOTEBOOKS_DIR, resolve_db_url
from workbench.judgements import open_inspection
from workbench.store.identity import acting_username

NOTEBOOK = NOTEBOOKS_DIR / "judgements.ipynb"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `inspect` sub-command."""
    parser = subparsers.add_parser(
        "inspect", help="create or reopen a home's current inspection and print how to open it",
        description="Create or reopen the home's current (draft) inspection, write a notebook with its "
                    "parameters filled in, and print the commands that open it in JupyterLab or Voila.")
    parser.add_argument("urn", help="the home's URN as Ofsted writes it, e.g. SC123456")
    parser.add_argument("--visit-date", metavar="YYYY-MM-DD", help="first day on site (default: the open "
                        "inspection, else today)")
    parser.add_argument("--type", dest="inspection_type", choices=("full", "interim"), default=None,
                        help="full or interim (default: the open inspection's type, else full)")
    parser.add_argument("--out", metavar="DIR", default=None,
                        help="where to write the prepared notebook (default: WORKBENCH_HOME/inspections)")
    parser.add_argument("--json", action="store_true", help="print the inspection as JSON (for scripts)")
    add_db_option(parser)
    add_user_option(parser)
    parser.set_defaults(func=run)


def _db_parameter(db: str | None) -> tuple[str | None, str]:
    """The store URL to write into the notebook; never a password (then WORKBENCH_DB must be set)."""
    url = resolve_db_url(db)
    try:
        if make_url(url).password:
            return None, ("The store's URL has a password, so it is not written into the notebook: "
                          "start Jupyter or Voila with WORKBENCH_DB set to it.")
    except Exception:  # an unusual URL: keep it as given
        pass
    return url, ""


def prepare_notebook(out_dir: Path, urn: str, inspection_id: int, db: str | None, user: str) -> Path:
    """A copy of notebooks/judgements.ipynb with the parameters injected (papermill, not executed)."""
    import papermill

    out_dir.mkdir(parents=True, exist_ok=True)
    safe_urn = "".join(ch if ch.isalnum() else "_" for ch in urn)
    target = out_dir / f"judgements-{safe_urn}-{inspection_id}.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(target), prepare_only=True, progress_bar=False,
                               parameters={"urn": urn, "inspection_id": inspection_id, "db": db, "user": user})
    return target


def run(args: argparse.Namespace) -> int:
    """Create or reopen the inspection; print the JupyterLab, Voila and papermill commands."""
    user = acting_username(args.db, args.user, "inspect")
    opened = open_inspection(args.db, args.urn, user, args.visit_date, args.inspection_type)
    db, note = _db_parameter(args.db)
    out_dir = Path(args.out).expanduser() if args.out else Path(settings.HOME.value() or "") / "inspections"
    notebook = prepare_notebook(out_dir.resolve(), opened.urn, opened.inspection_id, db, user)
    if args.json:
        print(json.dumps({"inspection_id": opened.inspection_id, "urn": opened.urn, "status": opened.status,
                          "lead_inspector": opened.lead_inspector, "inspection_type": opened.inspection_type,
                          "start_date": opened.start_date.isoformat(), "created": opened.created,
                          "user": user, "notebook": str(notebook)}, indent=2))
        return 0
    bindir = Path(sys.executable).parent
    verb = "Created" if opened.created else "Reopened"
    print(f"{verb} {opened.inspection_type} inspection {opened.inspection_id} of URN {opened.urn} "
          f"(first day on site {opened.start_date:%Y-%m-%d}), working as {user}.")
    print(f"Notebook with its parameters: {notebook}")
    print("Open it in JupyterLab:")
    print(f"  {bindir / 'jupyter'} lab --ServerApp.ip=127.0.0.1 {shlex.quote(str(notebook))}")
    print("Open it in Voila (widgets only, no code; 127.0.0.1 with a token):")
    print(f"  {bindir / 'voila'} --no-browser --Voila.ip=127.0.0.1 --token {shlex.quote(str(notebook))}")
    print("Or fill the parameters yourself:")
    print(f"  {bindir / 'papermill'} {NOTEBOOK} out.ipynb -r urn {shlex.quote(opened.urn)} "
          f"-p inspection_id {opened.inspection_id}" + (f" -r db {shlex.quote(db)}" if db else ""))
    if note:
        print(note)
    return 0
