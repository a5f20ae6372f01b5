"""`python -m workbench.report.demo`: a full and an interim report of demo homes (the end of `make demo`).

Picks the first home (by URN) whose current inspection is full, and the first whose current one is
interim, runs `workbench report --pdf` for each (the HTML alone, saying why, when no Chromium
can print: `workbench.report.pdf`), then exports every demo report already awaiting QA (so
the manager's queue links real reports), each into ``OUT/<URN>/``, the layout `workbench serve` serves.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import select

from workbench.config import resolve_db_url
from workbench.errors import UserError
from workbench.report.documents import REPORT_KINDS, Produced, plan_report, produce
from workbench.report.names import safe
from workbench.report.pdf import unavailable
from workbench.store import lifecycle
from workbench.store.db import session_scope
from workbench.store.models import Home, Inspection


def current_examples(db: str | None) -> dict[str, tuple[str, int]]:
    """inspection type -> (URN, inspection id) of the first home whose current inspection has that type."""
    found: dict[str, tuple[str, int]] = {}
    with session_scope(resolve_db_url(db)) as session:
        rows = session.execute(
            select(Home.urn, Inspection.id, Inspection.inspection_type, Inspection.status)
            .join(Inspection, Inspection.home_id == Home.id)
            .order_by(Home.urn, Inspection.start_date, Inspection.id)
        ).all()
    by_home: dict[str, list] = {}
    for row in rows:
        by_home.setdefault(row.urn, []).append(row)
    for urn in sorted(by_home):
        current = lifecycle.pick_current(by_home[urn])
        if current is not None:
            found.setdefault(current.inspection_type, (urn, current.id))
    return found


def awaiting_review(db: str | None) -> list[tuple[str, int]]:
    """(URN, inspection id) of every demo report already in review (submitted or approved in the demo's story)."""
    with session_scope(resolve_db_url(db)) as session:
        rows = session.execute(
            select(Home.urn, Inspection.id).join(Inspection, Inspection.home_id == Home.id)
            .where(Inspection.source == "demo", Inspection.status.in_(lifecycle.AWAITING_REVIEW))
            .order_by(Home.urn, Inspection.id)
        ).all()
    return [(row.urn, row.id) for row in rows]


def export_report(kind: str, urn: str, inspection_id: int, out: Path, db: str | None, pdf: bool = False) -> bool:
    """Export one report (and its PDF if `pdf`) into ``out/<URN>/`` (the layout `workbench serve` serves);
    False if refused."""
    try:
        made: Produced = produce(plan_report(urn, inspection_id, db), out / safe(urn), pdf=pdf)
    except UserError as error:
        print(f"{kind} report of {urn}: {error.message}", file=sys.stderr)
        return False
    print(f"{kind} report of {urn} (inspection {inspection_id}, {made.plan.status}): {made.html_path.resolve()}"
          f" ({made.html_bytes:,} bytes, {made.seconds:.1f} s)")
    if made.pdf_path is not None:
        print(f"  PDF: {made.pdf_path.resolve()} ({made.pdf_path.stat().st_size:,} bytes)")
    return True


def main(argv: list[str] | None = None) -> int:
    """Write the demo reports; exit 1 if the store has no current inspection of a kind."""
    parser = argparse.ArgumentParser(prog="python -m workbench.report.demo", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("build/demo/reports"))
    parser.add_argument("--db", default=None)
    args = parser.parse_args(argv)
    examples = current_examples(args.db)
    no_pdf = unavailable()
    if no_pdf:
        print(f"reports without PDF: {no_pdf}", file=sys.stderr)
    status = 0
    for kind in REPORT_KINDS:
        if kind not in examples:
            print(f"no demo home has a current {kind} inspection; no {kind} report", file=sys.stderr)
            status = 1
            continue
        urn, inspection_id = examples[kind]
        if not export_report(kind, urn, inspection_id, args.out, args.db, pdf=no_pdf is None):
            status = 1
    # the reports already awaiting QA, exported from their content, so the manager's queue links them
    shown = set(examples.values())
    for urn, inspection_id in awaiting_review(args.db):
        if (urn, inspection_id) not in shown:
            export_report("awaiting-QA", urn, inspection_id, args.out, args.db)
    return status


if __name__ == "__main__":
    sys.exit(main())
