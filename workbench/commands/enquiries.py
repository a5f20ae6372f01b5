"""`workbench enquiries URN [--json]`: print the drafted lines of enquiry with their evidence, for scripts."""

from __future__ import annotations

import argparse
import json
import textwrap

from workbench.commands import add_db_option


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `enquiries`."""
    parser = subparsers.add_parser(
        "enquiries", help="print the drafted lines of enquiry of a home with their evidence",
        description="Draft the lines of enquiry of a home for a visit (framework para 11) and print them with the "
                    "evidence records that triggered each. Nothing is saved: `workbench prepare` saves them.")
    parser.add_argument("urn", help="the home's URN")
    parser.add_argument("--visit-date", default="", metavar="YYYY-MM-DD", help="date of the visit (default: today)")
    parser.add_argument("--type", dest="inspection_type", choices=("full", "interim"), default="full",
                        help="inspection type (default: full)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the drafts (text or JSON); exit 0."""
    from workbench.analysis.evidence import build_evidence
    from workbench.analysis.history import find_home, parse_as_of
    from workbench.enquiry import children_to_track, drafts_from
    from workbench.store.db import session_scope

    as_of = parse_as_of(args.visit_date)
    with session_scope(args.db) as session:
        home = find_home(session, args.urn)
        evidence = build_evidence(session, home.id, as_of)
    drafts = drafts_from(evidence, args.inspection_type)
    tracked = children_to_track(evidence)
    if args.json:
        print(json.dumps({
            "urn": evidence.home["urn"], "visit_date": as_of.isoformat(), "inspection_type": args.inspection_type,
            "period": {"start": evidence.periods.current.start.isoformat(), "end": as_of.isoformat(),
                       "first_inspection": evidence.periods.first_inspection},
            "lines": [d.to_dict() for d in drafts],
            "children_to_track": [{"reference": c.reference, "living_here": c.living_here, "reasons": c.reasons}
                                  for c in tracked],
        }, indent=2))
        return 0
    print(f"{evidence.home['urn']}: {len(drafts)} drafted line(s) of enquiry for a {args.inspection_type} "
          f"inspection on {as_of.isoformat()} (period from {evidence.periods.current.start.isoformat()})")
    for number, draft in enumerate(drafts, 1):
        print(f"\n{number}. [{draft.priority}] {draft.area} - {draft.rule_id}"
              f"{' ' + draft.key if draft.key else ''} (para {draft.paragraph})")
        print(textwrap.fill(draft.question, width=100, initial_indent="   ", subsequent_indent="   "))
        for item in draft.evidence:
            where = " ".join(str(v) for v in (item["table"], item.get("reference"), item.get("date")) if v)
            print(f"     - {where}: {item['detail']}")
    print(f"\nChildren to track: {len(tracked)}")
    for child in tracked:
        print(f"   {child.reference}: " + "; ".join(child.reasons))
    return 0
