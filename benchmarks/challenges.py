"""Benchmark: how many inspections meet each evidence challenge on a demo store (issue 16), and the time.

For every demo home, its latest full inspection with grades (the current one where there is one):
the evidence picture on its first day on site, every challenge rule, the answers. Prints per rule
how many inspections its evidence test fires on (whatever the grade) and how many it challenges
(the grade is one the rule questions), then the time per inspection, so thresholds
(`workbench/challenges/rules.yaml`) can be tuned.

    .venv/bin/python benchmarks/challenges.py [--db URL] [--homes 3000] [--years 3] [--seed 11] [--as-of DATE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import Counter
from pathlib import Path

from _store import demo_store
from sqlalchemy import select

from workbench.challenges import answers_of, catalogue, challenges_from, context_for, findings
from workbench.store.db import session_scope
from workbench.store.models import Inspection, Judgement

DEFAULT_DB = Path("build/bench/challenges.sqlite")


def latest_full(session) -> list[int]:  # type: ignore[no-untyped-def]
    """Each home's latest full inspection with at least one grade."""
    graded = select(Judgement.inspection_id).where(Judgement.grade.is_not(None))
    rows = session.execute(select(Inspection.id, Inspection.home_id, Inspection.start_date)
                           .where(Inspection.inspection_type == "full", Inspection.id.in_(graded))
                           .order_by(Inspection.home_id, Inspection.start_date, Inspection.id)).all()
    latest: dict[int, int] = {}
    for inspection_id, home_id, _start in rows:
        latest[home_id] = inspection_id
    return list(latest.values())


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=f"sqlite:///{DEFAULT_DB.resolve()}")
    parser.add_argument("--homes", type=int, default=3000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--as-of", default="", help="ISO date of the demo data (default: today)")
    args = parser.parse_args()
    url = demo_store(args.db, args.homes, args.years, args.seed, args.as_of)
    with session_scope(url) as session:
        ids = latest_full(session)
    rules = catalogue()
    fires: Counter[tuple[str, str]] = Counter()
    challenged: Counter[tuple[str, str]] = Counter()
    answered = with_any = 0
    timings = []
    started_all = time.perf_counter()
    for inspection_id in ids:
        with session_scope(url) as session:
            started = time.perf_counter()
            inspection = session.get(Inspection, inspection_id)
            ctx = context_for(session, inspection)
            found = findings(ctx)
            met = challenges_from(found, ctx.grades, answers_of(session, inspection_id))
            timings.append(time.perf_counter() - started)
        fires.update((f.rule, f.area) for f in found)
        challenged.update((c.rule, c.area) for c in met)
        answered += sum(1 for c in met if c.answer)
        with_any += bool(met)
    total = time.perf_counter() - started_all
    n = len(ids)
    print(f"store: {url.split('://')[0]}, {n} homes' latest graded full inspection")
    print(f"{'rule':26} {'area':18} {'evidence fires':>15} {'grade challenged':>17}")
    for rule in rules:
        for area in rule.areas:
            key = (rule.id, area)
            print(f"{rule.id:26} {area:18} {fires[key]:>9} ({fires[key] / n:4.0%}) "
                  f"{challenged[key]:>10} ({challenged[key] / n:4.0%})")
    print(f"inspections meeting at least one challenge: {with_any} of {n} ({with_any / n:.0%}); "
          f"challenges {sum(challenged.values())}, answered {answered}")
    ms = sorted(t * 1000 for t in timings)
    print(f"time: {total:.1f} s in all; per inspection median {statistics.median(ms):.0f} ms, "
          f"p90 {ms[int(0.9 * (n - 1))]:.0f} ms, max {ms[-1]:.0f} ms "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
