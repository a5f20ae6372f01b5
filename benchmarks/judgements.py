"""How quickly the judgement widgets open and save, on SQLite and PostgreSQL (figures, not a test).

    .venv/bin/python benchmarks/judgements.py [--saves N] [--pg URL] [--exported]

Prints the time to build `InspectionEditor` for a full inspection (first and warm), and the
latency of a change made in a control until it is in the store with its audit row (median and
95th percentile over N saves, alternating a grade and an evidence summary). `--exported`: the
report has been exported first (each save then also tells whether the export is still current).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from workbench import judgements as J  # noqa: E402
from workbench.store import session_scope  # noqa: E402
from workbench.store.db import upgrade  # noqa: E402
from workbench.store.models import Home, StaffMember, User  # noqa: E402


def _seed(url: str) -> int:
    upgrade(url)
    with session_scope(url) as session:
        home = Home(urn="SC800001", provision_type="Children's home", places=4)
        session.add_all([home, User(username="bench", role="inspector")])  # the acting user must be known
        session.flush()
        session.add(StaffMember(home_id=home.id, reference="M1", role="registered_manager",
                                start_date=dt.date(2018, 1, 1), qualification_status="qualified"))
    return J.open_inspection(url, "SC800001", "bench", dt.date(2026, 1, 5), "full").inspection_id


def _measure(url: str, saves: int, exported: bool = False) -> dict[str, float]:
    from workbench.report import fingerprint
    from workbench.store.models import Inspection
    from workbench.widgets import InspectionEditor

    inspection_id = _seed(url)
    if exported:
        with session_scope(url) as session:
            content = fingerprint.content_fingerprint(session, session.get_one(Inspection, inspection_id))
            fingerprint.record_export(session, inspection_id, content, "bench.html")
    start = time.perf_counter()
    editor = InspectionEditor(url, inspection_id, "bench", background_retry=False)
    first = time.perf_counter() - start
    start = time.perf_counter()
    InspectionEditor(url, inspection_id, "bench", background_retry=False)
    warm = time.perf_counter() - start
    grades = ["good", "requires_improvement"]
    latencies = []
    for n in range(saves):
        start = time.perf_counter()
        if n % 2:
            editor.evidence["partnership"].value = f"Evidence, version {n}"
        else:
            editor.grade["partnership"].value = grades[(n // 2) % 2]
        latencies.append(time.perf_counter() - start)
        assert editor.last_status[0] == "saved", editor.last_status
    latencies.sort()
    return {"first": first, "warm": warm, "median": statistics.median(latencies),
            "p95": latencies[int(0.95 * (len(latencies) - 1))]}


def main() -> int:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--exported", action="store_true", help="export the report before the saves")
    parser.add_argument("--pg", default=os.environ.get("WORKBENCH_TEST_PG"),
                        help="admin URL of a PostgreSQL server (default: scripts/pg.sh url)")
    args = parser.parse_args()
    os.environ.setdefault("WORKBENCH_SPOOL", tempfile.mkdtemp(prefix="wb-spool-"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(("SQLite", _measure(f"sqlite:///{tmp}/bench.sqlite", args.saves, args.exported)))
    admin = args.pg or subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "start"], check=True,
                                      capture_output=True, text=True).stdout.strip()
    name = f"wb_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(admin).set(database=name).render_as_string(hide_password=False)
        rows.append(("PostgreSQL", _measure(url, args.saves, args.exported)))
        from workbench.store import db as store_db

        store_db.engine_for(url).dispose()
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
    exported = ", after an export" if args.exported else ""
    print(f"judgement widgets: {args.saves} saves each (grade / evidence alternately{exported}), times in ms")
    print(f"{'store':<11} {'editor first':>12} {'editor warm':>12} {'save median':>12} {'save p95':>10}")
    for label, figures in rows:
        print(f"{label:<11} {figures['first'] * 1000:>12.0f} {figures['warm'] * 1000:>12.0f} "
              f"{figures['median'] * 1000:>12.1f} {figures['p95'] * 1000:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
