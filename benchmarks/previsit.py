"""Benchmark: one home's full evidence picture and lines of enquiry, without the notebook (issue 4).

Target: at most 200 ms at the median on a store of 3,000 homes with ten years of history
(the demo generator). Prints the store size and the timings; the rendering of the HTML
sections with charts is measured separately (it is not part of the target).

    .venv/bin/python benchmarks/previsit.py [--db URL] [--homes 3000] [--years 10] [--sample 50] [--render 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time
from pathlib import Path

from _store import demo_store
from sqlalchemy import func, select

from workbench.analysis.evidence import build_evidence
from workbench.analysis.sections import SECTIONS
from workbench.enquiry import children_to_track, drafts_from
from workbench.store.db import session_scope
from workbench.store.models import Home, Notification, StaffMember

DEFAULT_DB = Path("build/bench/previsit.sqlite")


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=f"sqlite:///{DEFAULT_DB.resolve()}")
    parser.add_argument("--homes", type=int, default=3000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--sample", type=int, default=50, help="homes timed")
    parser.add_argument("--render", type=int, default=10, help="homes whose HTML sections are also rendered")
    parser.add_argument("--visit-date", default="", help="ISO date (default: today)")
    args = parser.parse_args()
    url = demo_store(args.db, args.homes, args.years, args.seed)
    as_of = dt.date.fromisoformat(args.visit_date) if args.visit_date else dt.date.today()
    with session_scope(url) as session:
        ids = list(session.scalars(select(Home.id).where(Home.is_childrens_home.is_(True))))
        notes = session.scalar(select(func.count(Notification.id)))
        staff = session.scalar(select(func.count(StaffMember.id)))
    size = ""
    if url.startswith("sqlite:///"):
        size = f", {os.path.getsize(url.removeprefix('sqlite:///')) / 1e6:.0f} MB on disk"
    print(f"store: {len(ids)} homes, {notes:,} notifications, {staff:,} staff records{size} ({url.split('://')[0]})")
    chosen = random.Random(args.seed).sample(ids, min(args.sample, len(ids)))
    timings, cpu, lines = [], [], 0
    with session_scope(url) as session:  # warm-up: imports, statement caches
        drafts_from(build_evidence(session, chosen[0], as_of))
    for home_id in chosen:
        with session_scope(url) as session:
            started, started_cpu = time.perf_counter(), time.process_time()
            evidence = build_evidence(session, home_id, as_of)
            drafts = drafts_from(evidence)
            children_to_track(evidence)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            lines += len(drafts)
    timings_ms = sorted(t * 1000 for t in timings)
    median = statistics.median(timings_ms)
    print(f"evidence picture + lines of enquiry + children to track, {len(timings_ms)} homes: "
          f"median {median:.0f} ms, p90 {timings_ms[int(0.9 * (len(timings_ms) - 1))]:.0f} ms, "
          f"max {timings_ms[-1]:.0f} ms ({lines / len(timings_ms):.1f} lines per home); target median <= 200 ms: "
          f"{'met' if median <= 200 else 'NOT met'}")
    print(f"  CPU time of this process: median {statistics.median(cpu) * 1000:.0f} ms (the rest is waiting for "
          f"the CPU and the disk); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    rendering = []
    for home_id in chosen[: args.render]:
        with session_scope(url) as session:
            evidence = build_evidence(session, home_id, as_of)
        started = time.perf_counter()
        for _key, function in SECTIONS:
            function(evidence)
        rendering.append((time.perf_counter() - started) * 1000)
    if rendering:
        print(f"HTML sections with charts (not part of the target), {len(rendering)} homes: "
              f"median {statistics.median(rendering):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
