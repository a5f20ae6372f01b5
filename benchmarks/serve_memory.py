"""Memory of `workbench serve` (server + kernels) before and after 8 page loads, with and without the page cap.

    python benchmarks/serve_memory.py [--loads 8]

Builds the small dashboard test store, starts `workbench serve --pool-size 1` twice (``--max-pages 0``:
no cap, as before issue 14; then the default cap), loads the inspector dashboard of one home
``--loads`` times over plain HTTP (as a script or many tabs would: pages that never connect), and
prints the resident memory (sum of RSS over the server and its descendants) before and after, and the
number of kernels.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from dashboard_browser import serving, start  # noqa: E402
from dashboard_store import seed  # noqa: E402

from workbench.store import db as store_db  # noqa: E402


def tree_rss_mb(root: int) -> tuple[float, int]:
    """Resident memory (MB) of a process and all its descendants (kernels start their own sessions), and kernels."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    total, kernels = 0, 0
    for pid in tree:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            kernels += b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024, kernels


def measure(url: str, home: Path, max_pages: int, loads: int) -> None:
    served = start(url, "insp_a", home, pool_size=1, extra=["--max-pages", str(max_pages)])
    with serving(served):
        time.sleep(3)
        before, kernels_before = tree_rss_mb(served.process.pid)
        statuses = []
        for _ in range(loads):
            statuses.append(served.get("/voila/render/inspector.ipynb?urn=SC100001")[0])
        time.sleep(3)
        after, kernels_after = tree_rss_mb(served.process.pid)
    label = "no cap" if max_pages == 0 else f"--max-pages {max_pages}"
    print(f"{label:>14}: {before:7.0f} MB ({kernels_before} kernels) -> after {loads} loads {after:7.0f} MB "
          f"({kernels_after} kernels), +{after - before:.0f} MB; statuses {statuses}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/store.sqlite"
        store_db.upgrade(url)
        seed(url)
        measure(url, Path(folder) / "uncapped", 0, args.loads)
        measure(url, Path(folder) / "capped", 4, args.loads)


if __name__ == "__main__":
    main()
