"""Benchmark: ingest N notification rows (default 1,000,000) into a fresh SQLite store, then again.

Targets (issue 3): the million rows in at most 30 s; re-ingesting the same file (all
unchanged) in at most 30 s. Prints wall and CPU time and rows per second for both runs, with
the machine's load average (on a shared machine the wall time includes waiting for a core).

    .venv/bin/python benchmarks/ingest.py [--rows 1000000] [--homes 1000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from workbench.ingest import ingest_file
from workbench.ingest.specs import NOTIFICATION_CATEGORIES

TARGET_SECONDS = 30.0


def write_providers(path: Path, homes: int) -> list[str]:
    """A small providers file of `homes` children's homes; returns their URNs."""
    urns = [f"SC{100000 + i:06d}" for i in range(homes)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["URN", "Provision type", "Name", "Sector", "Places", "Local authority"])
        for urn in urns:
            writer.writerow([urn, "Children's home", "REDACTED", "Private", "4", "Leeds"])
    return urns


def write_notifications(path: Path, rows: int, urns: list[str], seed: int = 7) -> None:
    """`rows` notifications over three years, UK dates, short free-text summaries."""
    rng = random.Random(seed)
    start = dt.date(2021, 1, 1)
    days = [(start + dt.timedelta(days=d)).strftime("%d/%m/%Y") for d in range(3 * 365)]
    summaries = ["Child returned after two hours; police informed.", "Restraint used for under a minute.",
                 "Allegation made against a member of staff; LADO informed.", "Minor injury at school.",
                 "Missing overnight, found by police at a friend's house."]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Reference", "URN", "Event date", "Category", "Summary", "Child reference"])
        for i in range(rows):
            writer.writerow([f"N{i:08d}", rng.choice(urns), rng.choice(days), rng.choice(NOTIFICATION_CATEGORIES),
                             rng.choice(summaries), f"C-{rng.randrange(16**4):04X}"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--homes", type=int, default=1_000)
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.dir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        db = f"sqlite:///{work / 'bench.sqlite'}"
        for leftover in work.glob("bench.sqlite*"):
            leftover.unlink()
        providers, notifications = work / "providers.csv", work / "notifications.csv"
        t0 = time.perf_counter()
        urns = write_providers(providers, args.homes)
        write_notifications(notifications, args.rows, urns)
        print(f"generated {args.rows:,} notification rows for {args.homes:,} homes in "
              f"{time.perf_counter() - t0:.1f} s ({notifications.stat().st_size / 1e6:.0f} MB)")
        ingest_file("providers", providers, db, progress=False)
        ok = True
        for label in ("first ingest", "re-ingest (unchanged)"):
            t0, c0 = time.perf_counter(), time.process_time()
            result = ingest_file("notifications", notifications, db, progress=False)
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
            met = seconds <= TARGET_SECONDS and not result.rejected and not result.refused
            ok = ok and met
            print(f"{label}: {result.summary()}")
            load = os.getloadavg()[0]
            print(f"{label}: {seconds:.1f} s wall ({cpu:.1f} s CPU), {args.rows / seconds:,.0f} rows/s "
                  f"(target {TARGET_SECONDS:.0f} s: {'met' if met else 'NOT met'}; machine load average "
                  f"{load:.1f} on {os.cpu_count()} cores)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
