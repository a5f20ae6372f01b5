"""`workbench judgements URN [--inspection ID] [--set AREA=GRADE ...] [--json]`: what is recorded, with the caps.

Prints the grades, the framework's caps with their paragraphs, every *violation* (a grade above its
cap, however it came about) and whether the inspection is ready to submit. ``--set`` saves grades
through the same service as the widgets (`workbench.judgements.save_field`, as ``--user``). Exit 1
when a grade is above its cap or a ``--set`` grade is refused (with the reason and its paragraph).
"""

from __future__ import annotations

import argparse
import json

from workbench.commands import add_db_option, add_user_option, record_id
from workbench.errors import UserError
from workbench.judgements import SaveRefused, load_state, save_field, summary
from workbench.judgements.inspections import find_inspection, home_by_urn
from workbench.judgements.readiness import readiness
from workbench.judgements.text import plain_summary
from workbench.store import lifecycle
from workbench.store.db import session_scope
from workbench.store.identity import acting_username


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `judgements` sub-command."""
    parser = subparsers.add_parser(
        "judgements", help="print an inspection's grades, caps and violations, or set grades (--set)",
        description="Print what is recorded for an inspection: grades, the framework's caps with their "
                    "paragraphs, grades above their cap (violations; exit 1), whether it is ready to submit, "
                    "requirements, recommendations and (interim) the progress judgement. --set AREA=GRADE "
                    "saves grades as the widgets do (areas and grades as in `workbench framework check`).")
    parser.add_argument("urn", help="the home's URN")
    parser.add_argument("--inspection", default=None, type=record_id(), metavar="ID",
                        help="the inspection id (default: the home's current inspection)")
    parser.add_argument("--set", dest="assignments", action="append", default=[], metavar="AREA=GRADE",
                        help="save a grade (repeat for several; saved in the order given; needs --user)")
    parser.add_argument("--json", action="store_true", help="print JSON (for scripts and tests)")
    add_db_option(parser)
    add_user_option(parser)
    parser.set_defaults(func=run)


def _assignments(pairs: list[str]) -> list[tuple[str, str]]:
    from workbench.rules import AREAS, GRADES

    out = []
    for pair in pairs:
        area, sep, grade = pair.partition("=")
        area, grade = area.strip(), grade.strip()
        if not sep or area not in AREAS or grade not in GRADES:
            raise UserError(f"--set {pair!r}: write AREA=GRADE with AREA one of {', '.join(AREAS)} and GRADE "
                            f"one of {', '.join(GRADES)}")
        out.append((area, grade))
    return out


def _inspection_id(db: str | None, urn: str, given: str | None) -> int:
    with session_scope(db) as session:
        if given is not None:
            return find_inspection(session, urn, given).id
        current = lifecycle.current(session, home_by_urn(session, urn))
        if current is None:
            raise UserError(f"home {urn} has no current inspection; give one with --inspection ID")
        return current.id


def run(args: argparse.Namespace) -> int:
    """Save any --set grades, then print the inspection's record as text or JSON."""
    assignments = _assignments(args.assignments)
    inspection_id = _inspection_id(args.db, args.urn, args.inspection)
    refused = None
    if assignments:
        user = acting_username(args.db, args.user, "edit")
        for area, grade in assignments:
            state = load_state(args.db, inspection_id)
            try:
                save_field(args.db, inspection_id, "judgement", area, "grade", grade,
                           state.loaded("judgement", area, "grade"), user)
            except SaveRefused as error:  # above its cap (with the paragraph), or a frozen record
                refused = error.message
                break
    state = load_state(args.db, inspection_id)
    data = summary(state)
    with session_scope(args.db) as session:
        from workbench.store.models import Inspection

        data["ready_to_submit"] = readiness(session, session.get_one(Inspection, inspection_id)).as_dict()
    if refused:
        data["refused"] = refused
    print(json.dumps(data, indent=2, sort_keys=True) if args.json else plain_summary(data))
    if refused:
        raise UserError(refused, exit_code=1)
    return 1 if data["violations"] else 0
