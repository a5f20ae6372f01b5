"""Benchmark: time per `workbench report` (the command, as a user runs it) and the size of the HTML.

Usage: .venv/bin/python benchmarks/report.py [--homes 30] [--runs 3] [--db URL]
Builds a demo store (or uses --db), picks a home with a current full and one with a current
interim inspection, runs `workbench report URN --inspection ID` --runs times each and prints the
median and worst wall time of the whole command, the in-process time the command reports for
itself (notebook execution + export + privacy guard), the HTML size in bytes, and the load average
(the 2-core machine may be shared). Also times the in-process `produce()` call alone (no CLI start).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKBENCH = Path(sys.executable).parent / "workbench"


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--homes", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()

    from workbench.report.demo import current_examples
    from workbench.report.documents import plan_report, produce

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        if args.db is None:
            subprocess.run([str(WORKBENCH), "demo-data", "--homes", str(args.homes), "--seed", "7", "--db", db],
                           check=True, capture_output=True)
        examples = current_examples(db)
        print(f"machine: {os.cpu_count()} cores; load average before {os.getloadavg()[0]:.2f}")
        for kind, (urn, inspection_id) in sorted(examples.items()):
            walls, inner, sizes = [], [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                done = subprocess.run(
                    [str(WORKBENCH), "report", urn, "--inspection", str(inspection_id), "--db", db,
                     "--out", str(Path(tmp) / "out")],
                    check=True, capture_output=True, text=True,
                )
                walls.append(time.perf_counter() - start)
                match = re.search(r"\((\d+) bytes, ([\d.]+) s\)", done.stdout)
                if match:
                    sizes.append(int(match.group(1)))
                    inner.append(float(match.group(2)))
            start = time.perf_counter()
            produced = produce(plan_report(urn, inspection_id, db), Path(tmp) / "out2")
            in_process = time.perf_counter() - start
            print(f"{kind:8s} {urn} inspection {inspection_id}: `workbench report` median {statistics.median(walls):.2f} s,"
                  f" worst {max(walls):.2f} s over {len(walls)} runs; inside the command median "
                  f"{statistics.median(inner):.2f} s; produce() in-process {in_process:.2f} s; "
                  f"HTML {produced.html_bytes:,} bytes")
        print(f"load average after {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
