"""`workbench sector [--as-of D] [--json] [--out DIR]`: the sector picture of the store."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from workbench.commands import add_db_option, iso_date

DEFAULT_OUT = Path("reports")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `sector` sub-command."""
    parser = subparsers.add_parser(
        "sector",
        help="the sector picture: homes consistently outstanding, durability of outstanding, transitions",
        description=(
            "Over the children's homes of the store: for N = 1..6, homes outstanding at each of their last N "
            "full inspections (seed 001 para 6); of homes outstanding 1, 2, 3 years before --as-of, how many "
            "are no longer outstanding and how many left the register (para 4); and the overall judgement "
            "from one full inspection to the next, in all and by sector, provision type and region. "
            "--json prints the figures; otherwise notebooks/sector.ipynb is executed through papermill and "
            "exported to HTML with the workbench template."
        ),
    )
    parser.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD",
                        help="the date the picture is taken on (default: today)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of writing HTML")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"where to write the HTML and the executed notebook (default: {DEFAULT_OUT}/)")
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the figures, or write the HTML page."""
    from workbench.store.db import resolve_db_url, session_scope

    as_of = args.as_of or dt.date.today()
    url = resolve_db_url(args.db)
    if args.json:
        from workbench.analysis.sector import picture

        with session_scope(url) as session:
            print(json.dumps(picture(session, as_of), indent=2))
        return 0
    from workbench.report.documents import plan_sector, produce

    done = produce(plan_sector(as_of, url), Path(args.out))
    print(f"sector picture as at {as_of.isoformat()}: {done.html_path} ({done.html_bytes} bytes); "
          f"executed notebook {done.notebook_path}")
    return 0
