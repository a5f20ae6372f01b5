"""Benchmark: limiting facts (para 37) for every home of a store, one by one and in bulk; caps() per call.

Builds a demo store of N homes (default 3,000) unless --db names an existing one, then prints
the time to compute the four facts for every home with ``limiting_facts`` (one home at a time,
as a screen does) and ``limiting_facts_many`` (batch), and the cost of one ``caps`` call.

    .venv/bin/python benchmarks/limiting_facts.py [--homes 3000] [--seed 1] [--db URL] [--as-of 2026-01-01]
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from workbench.analysis.facts import limiting_facts, limiting_facts_many
from workbench.rules import caps
from workbench.store import session_scope
from workbench.store.models import Home


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--homes", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", default=None, help="an existing store (default: build a demo store)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args()
    db = args.db
    if db is None:
        db = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite'}"
        exe = Path(sys.executable).with_name("workbench")
        started = time.perf_counter()
        subprocess.run([str(exe), "demo-data", "--homes", str(args.homes), "--seed", str(args.seed), "--db", db],
                       check=True, stdout=subprocess.DEVNULL)
        print(f"demo store of {args.homes} homes built in {time.perf_counter() - started:.1f} s")
    with session_scope(db) as session:
        ids = list(session.scalars(select(Home.id)))
        started = time.perf_counter()
        one_by_one = {i: limiting_facts(session, i, args.as_of) for i in ids}
        single = time.perf_counter() - started
        started = time.perf_counter()
        bulk = limiting_facts_many(session, ids, args.as_of)
        batch = time.perf_counter() - started
    assert bulk == one_by_one, "bulk and one-by-one facts differ"
    capped = sum(caps({}, facts)["leadership"].max_grade != "outstanding" for facts in bulk.values())
    print(f"limiting_facts one by one: {len(ids)} homes in {single:.2f} s ({1000 * single / len(ids):.2f} ms/home)")
    print(f"limiting_facts_many:       {len(ids)} homes in {batch:.2f} s ({1000 * batch / len(ids):.2f} ms/home)")
    print(f"leadership capped by the facts for {capped} homes as of {args.as_of.isoformat()}")
    started = time.perf_counter()
    for _ in range(10_000):
        caps({"helped_protected": "inadequate", "leadership": "good"}, {"registered_manager_vacancy_weeks": 30})
    print(f"caps(): {(time.perf_counter() - started) / 10_000 * 1e6:.1f} µs per call")
    return 0


if __name__ == "__main__":
    sys.exit(main())
