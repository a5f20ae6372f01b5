"""`workbench judgements URN --inspection ID [--json]`: what is recorded, with the framework's caps."""

from __future__ import annotations

import argparse
import json

from workbench.commands import add_db_option
from workbench.judgements import load_state, summary
from workbench.judgements.inspections import find_inspection
from workbench.judgements.text import plain_summary
from workbench.store.db import session_scope


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `judgements` sub-command."""
    parser = subparsers.add_parser(
        "judgements", help="print an inspection's grades, caps and reasons, requirements and recommendations",
        description="Print what is recorded for an inspection: grades, the framework's caps with their "
                    "paragraphs, requirements, recommendations and (interim) the progress judgement.")
    parser.add_argument("urn", help="the home's URN")
    parser.add_argument("--inspection", required=True, metavar="ID", help="the inspection id")
    parser.add_argument("--json", action="store_true", help="print JSON (for scripts and tests)")
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the inspection's record as text or JSON."""
    with session_scope(args.db) as session:
        inspection_id = find_inspection(session, args.urn, args.inspection).id
    data = summary(load_state(args.db, inspection_id))
    if args.json:
        print(json.dumps(data, indent=2, sort_keys=True))
    else:
        print(plain_summary(data))
    return 0
