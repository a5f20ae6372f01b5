"""Benchmark: generate demo data for N homes (default 3,000) into a fresh store and print the time.

Usage: .venv/bin/python benchmarks/demo_data.py [--homes 3000] [--seed 7] [--db URL]
Prints wall time and this process's CPU time for building and writing, rows per second, the
store size and the machine's load (the 2-core machine may be shared while this runs).
Target (issue 2): 3,000 homes in under a minute.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import tempfile
import time
from pathlib import Path


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--homes", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", default="2026-11-20")
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--db", default=None, help="store URL (default: a new SQLite file in a temporary directory)")
    args = parser.parse_args()

    from workbench.demo import generate
    from workbench.rules import load_framework
    from workbench.store.db import upgrade

    load_framework()  # parsed once per process, as in the CLI
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        upgrade(db)
        load_before = os.getloadavg()[0]
        children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        summary = generate(db, homes=args.homes, seed=args.seed, as_of=dt.date.fromisoformat(args.as_of),
                           years=args.years)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        builder = (children1.ru_utime + children1.ru_stime) - (children0.ru_utime + children0.ru_stime)
        rows = sum(summary.counts.values())
        size = Path(db.split("///", 1)[1]).stat().st_size / 2**20 if db.startswith("sqlite") else float("nan")
        print(f"demo-data: {args.homes} homes, {args.years} years, seed {args.seed}, store {db.split(':', 1)[0]}")
        print(f"  rows written      {rows:,}")
        print(f"  wall time         {wall:.1f} s")
        print(f"  CPU time          {cpu:.1f} s writing process + {builder:.1f} s builder process")
        print(f"  rows per second   {rows / wall:,.0f}")
        print(f"  store size        {size:.0f} MB")
        print(f"  load average      {load_before:.1f} before, {os.getloadavg()[0]:.1f} after ({os.cpu_count()} cores)")
        print(f"  target            under 60 s: {'met' if wall < 60 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
