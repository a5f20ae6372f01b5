"""`workbench report URN`: the inspection report as HTML (and PDF with --pdf), and its review status (--status)."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.commands import add_db_option, add_user_option, record_id

DEFAULT_OUT = Path("reports")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `report` sub-command."""
    parser = subparsers.add_parser(
        "report",
        help="write an inspection's report (HTML) or show/change its review status",
        description=(
            "Execute the full or interim report notebook for an inspection through papermill and export it "
            "to one self-contained HTML file (no home name, address or child reference: the privacy guard "
            "stops the export otherwise). With --status, show the review status instead, or change it: "
            "submit, approve (with --notes), return (with --notes), publish."
        ),
    )
    parser.add_argument("urn", metavar="URN", help="the home's unique reference number")
    parser.add_argument("--inspection", type=record_id(), default=None, metavar="ID",
                        help="the inspection id (default: the home's inspection whose report is in progress)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=f"where to write the HTML and the executed notebook (default: {DEFAULT_OUT}/)")
    parser.add_argument("--pdf", action="store_true",
                        help="also print the report to PDF beside the HTML (Chromium: WORKBENCH_CHROMIUM)")
    parser.add_argument("--status", nargs="?", const="show", default=None, metavar="ACTION",
                        choices=["show", "submit", "approve", "return", "publish"],
                        help="show the review status and history, or apply ACTION: submit, approve, return, publish")
    parser.add_argument("--notes", default=None, help="QA notes for --status approve / return")
    add_db_option(parser)
    add_user_option(parser)
    parser.set_defaults(func=run)




def run(args: argparse.Namespace) -> int:
    """Write the report, or show/change its status."""
    from workbench.errors import UserError

    if args.pdf and args.status is not None:
        raise UserError("--pdf goes with writing the report, not with --status")
    if args.status is not None:
        from workbench.report import status

        if args.status == "show":
            if args.notes:
                raise UserError("--notes goes with --status approve or --status return")
            result = status.show(args.urn, args.inspection, args.db)
        else:
            result = status.change(args.urn, args.inspection, args.status, args.user, args.db,
                                   notes=args.notes)
        print("\n".join(result.lines()))
        return 0
    if args.notes:
        raise UserError("--notes goes with --status approve or --status return")

    from workbench.report.documents import plan_report, produce

    produced = produce(plan_report(args.urn, args.inspection, args.db), args.out, pdf=args.pdf)
    plan = produced.plan
    print(f"{plan.inspection_type} report of {plan.urn} inspection "
          f"{plan.inspection_id} ({plan.status}): {produced.html_path} "
          f"({produced.html_bytes} bytes, {produced.seconds:.1f} s); executed notebook {produced.notebook_path}")
    if produced.pdf_path is not None:
        print(f"PDF: {produced.pdf_path} ({produced.pdf_path.stat().st_size} bytes)")
    return 0
