"""`python -m workbench.report.demo`: a full and an interim report of demo homes (the end of `make demo`).

Picks the first home (by URN) whose current inspection is full, and the first whose current one is
interim, runs `workbench report` for each and prints where the HTML is.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import select

from workbench.config import resolve_db_url
from workbench.errors import UserError
from workbench.report.documents import REPORT_KINDS, Produced, plan_report, produce
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


def mark_queue_exported(db: str | None) -> int:
    """Record an export of each demo report already in review (submitted or approved before the gates existed).

    In the demo's story those reports were exported before submission; the row (no HTML file) lets a
    manager approve them from the dashboard. Returns how many rows were added.
    """
    from workbench.report import fingerprint

    added = 0
    with session_scope(resolve_db_url(db)) as session:
        waiting = session.scalars(select(Inspection).where(
            Inspection.source == "demo", Inspection.status.in_(lifecycle.AWAITING_REVIEW))).all()
        for inspection in waiting:
            if fingerprint.latest_export(session, inspection.id) is None:
                fingerprint.record_export(session, inspection.id, fingerprint.content_fingerprint(session, inspection),
                                          None, user=inspection.lead_inspector)
                added += 1
    return added


def main(argv: list[str] | None = None) -> int:
    """Write the demo reports; exit 1 if the store has no current inspection of a kind."""
    parser = argparse.ArgumentParser(prog="python -m workbench.report.demo", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("build/demo/reports"))
    parser.add_argument("--db", default=None)
    args = parser.parse_args(argv)
    examples = current_examples(args.db)
    print(f"{mark_queue_exported(args.db)} demo report(s) awaiting QA marked as exported from their content")
    status = 0
    for kind in REPORT_KINDS:
        if kind not in examples:
            print(f"no demo home has a current {kind} inspection; no {kind} report", file=sys.stderr)
            status = 1
            continue
        urn, inspection_id = examples[kind]
        try:
            made: Produced = produce(plan_report(urn, inspection_id, args.db), args.out)
        except UserError as error:
            print(f"{kind} report of {urn}: {error.message}", file=sys.stderr)
            status = 1
            continue
        print(f"{kind} report of {urn} (inspection {inspection_id}, {made.plan.status}): {made.html_path.resolve()}"
              f" ({made.html_bytes:,} bytes, {made.seconds:.1f} s)")
    return status


if __name__ == "__main__":
    sys.exit(main())
