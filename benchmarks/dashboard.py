"""Benchmark: the dashboards at England scale under `workbench serve` vs stock Voila, in Chromium.

Builds a demo store (`workbench demo-data --homes 3000 --years 10` by default; or reuses --store),
then, one server at a time so they do not compete for the two cores:
  1. `workbench serve` (its default pools of preheated kernels) as an inspector: the page of one of their homes (one with an open inspection)
     loaded N times (after one warm-up load: the browser cache is warm): first content (the home's
     summary and a chart visible) and interactive (the first line-of-enquiry button rendered and
     enabled);
  2. `workbench serve` as a manager: the manager dashboard loaded N times: interactive (the
     filters and the first page of the due table rendered, a filter enabled); then, on one loaded
     page, N filter changes (a region chosen): from the change event to the filtered tables and
     the match count shown;
  3. stock `voila` (lab template, no preheating, no caches of ours) on the same two notebooks.
Every time is measured in the page (performance.now(), checked every animation frame) from
navigation start, or from the filter's change event. Prints median and worst of each.
Targets: inspector one home interactive <= 1.0 s; manager interactive <= 1.5 s; filter <= 0.2 s.
``--only manager`` (or ``inspector``) measures one dashboard (ours and stock Voila), nothing of the other.
The store is only read; the servers' caches live in a temporary folder. Chromium is Debian's; the
programs (`workbench`, `voila`) are those beside the running Python.

    .venv/bin/python benchmarks/dashboard.py [--loads 10] [--homes 3000] [--years 10] [--store PATH]
        [--only manager|inspector]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the virtualenv running this script (a worktree has none of its own)
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync"]
PROBE = """
(() => {
  const t = {};
  const shown = (el) => !!el && el.getBoundingClientRect().height > 0 && el.checkVisibility();
  function tick() {
    if (!t.content) {
      const summary = document.querySelector('.wb-home-summary');
      const chart = document.querySelector('.wb-evidence img.wb-figure');
      if (shown(summary) && chart && chart.complete && shown(chart)) t.content = performance.now();
    }
    if (!t.interactive) {
      const control = document.querySelector('.wb-enquiries button');
      if (control && !control.disabled && shown(control)) t.interactive = performance.now();
    }
    window.__wb_timings = t;
    if (!(t.content && t.interactive)) requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})();
"""
MANAGER_PROBE = """
(() => {
  const t = {};
  const shown = (el) => !!el && el.getBoundingClientRect().height > 0 && el.checkVisibility();
  function tick() {
    const row = document.querySelector('.wb-table-due tbody tr');
    if (!t.content && shown(row)) t.content = performance.now();
    if (!t.interactive) {
      const filter = document.querySelector('.wb-filter-region select');
      if (filter && !filter.disabled && shown(filter) && shown(row)) t.interactive = performance.now();
    }
    window.__wb_timings = t;
    if (!(t.content && t.interactive)) requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})();
"""
#: choose a region in the page and time until the match count and the due table show the new rows
FILTER = """
(label) => new Promise((resolve) => {
  const select = document.querySelector('.wb-filter-region select');
  const count = document.querySelector('.wb-match-count');
  const due = document.querySelector('.wb-table-due');
  const before = count.innerText, table = due.innerText;
  const option = Array.from(select.options).find((o) => o.textContent === label);
  const start = performance.now();
  select.value = option.value;
  select.dispatchEvent(new Event('change', {bubbles: true}));
  function tick() {
    if (count.innerText !== before && due.innerText !== table) resolve(performance.now() - start);
    else requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"server at {url} did not answer in {timeout:.0f} s")


def pick_home(db: str) -> tuple[str, str]:
    """The first inspector with assignments, and their first home that has an open inspection."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import select

    from workbench.store.db import session_scope
    from workbench.store.models import Assignment, Home, Inspection, User

    with session_scope(db) as session:
        rows = session.execute(
            select(Assignment.username, Home.urn).join(Home, Home.id == Assignment.home_id)
            .join(User, User.username == Assignment.username).where(User.role == "inspector")
            .join(Inspection, Inspection.home_id == Home.id).where(Inspection.status == "draft")
            .order_by(Assignment.username, Home.urn)
        ).first()
        if rows is None:
            rows = session.execute(select(Assignment.username, Home.urn).join(Home, Home.id == Assignment.home_id)
                                   .order_by(Assignment.username, Home.urn)).first()
    return rows[0], rows[1]


def measure(browser, url: str, loads: int, gap: float, label: str,  # type: ignore[no-untyped-def]
            probe: str = PROBE) -> list[tuple[float, float]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(probe)
    page = context.new_page()
    results = []
    for index in range(loads + 1):  # the first load warms the browser cache and is not counted
        page.goto(url, wait_until="commit", timeout=180_000)
        try:
            page.wait_for_function("() => window.__wb_timings && window.__wb_timings.content && "
                                   "window.__wb_timings.interactive", timeout=600_000, polling=100)
        except Exception:
            page.screenshot(path=f"/tmp/wb-dashboard-bench-{label.replace(' ', '-')}-{index}.png", full_page=True)
            raise
        timings = page.evaluate("() => window.__wb_timings")
        content, interactive = timings["content"] / 1000, timings["interactive"] / 1000
        if index:
            results.append((content, interactive))
        print(f"  {label} load {index}{' (warm-up)' if not index else ''}: first content {content:.2f} s, "
              f"interactive {interactive:.2f} s", flush=True)
        page.goto("about:blank")  # Voila shuts the page's kernel down; the pool refills meanwhile
        time.sleep(gap)
    context.close()
    return results


def start_server(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(args, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def wait_pool(log: Path, notebook: str, timeout: float = 600) -> None:
    """Until `workbench serve` has filled the pool of preheated kernels of this notebook."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if f"Kernel pool of {notebook} is filled" in log.read_text(errors="replace"):
            return
        time.sleep(0.5)
    raise SystemExit(f"the pool of {notebook} was not filled in {timeout:.0f} s; see {log}")


def filter_changes(browser, url: str, changes: int) -> list[float]:  # type: ignore[no-untyped-def]
    """On one loaded manager page, `changes` region filters (alternating regions), each timed in the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(MANAGER_PROBE)
    page = context.new_page()
    page.goto(url, wait_until="commit", timeout=180_000)
    page.wait_for_function("() => window.__wb_timings && window.__wb_timings.interactive", timeout=600_000,
                           polling=100)
    page.wait_for_selector(".wb-charts img.wb-figure", timeout=600_000)
    regions = [o for o in page.eval_on_selector_all(".wb-filter-region select option", "os => os.map(o => o.textContent)")
               if o != "All"]
    results = []
    for index in range(changes + 1):  # the first change is a warm-up, not counted
        label = regions[index % len(regions)]
        seconds = page.evaluate(FILTER, label) / 1000
        if index:
            results.append(seconds)
        print(f"  filter change {index}{' (warm-up)' if not index else ''}: region {label}: {seconds:.3f} s",
              flush=True)
        time.sleep(1.0)
    context.close()
    return results


def pick_manager(db: str) -> str:
    from sqlalchemy import select

    from workbench.store.db import session_scope
    from workbench.store.models import User

    with session_scope(db) as session:
        return session.scalars(select(User.username).where(User.role == "manager").order_by(User.username)).first()


def line(label: str, values: list[float]) -> str:
    return f"{label:46}{statistics.median(values):>8.2f} s median {max(values):>6.2f} s worst  (n={len(values)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=10)
    parser.add_argument("--stock-loads", type=int, default=None, help="loads of stock Voila (default: --loads)")
    parser.add_argument("--homes", type=int, default=3000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--store", default="", help="an existing demo store (SQLite file) instead of building one")
    parser.add_argument("--gap", type=float, default=15.0, help="seconds between loads (the pool refills)")
    parser.add_argument("--manager-gap", type=float, default=30.0,
                        help="seconds between manager loads (its preheated kernel reads the whole store)")
    parser.add_argument("--only", choices=["manager", "inspector"], default=None,
                        help="measure one dashboard only (ours and stock Voila)")
    args = parser.parse_args()
    stock_loads = args.stock_loads or args.loads
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="wb-dash-bench-"))
    if args.store:
        db = f"sqlite:///{Path(args.store).resolve()}"
        print(f"store: {args.store} (reused)", flush=True)
    else:
        db = f"sqlite:///{work / 'store.sqlite'}"
        started = time.monotonic()
        subprocess.run([str(BIN / "workbench"), "demo-data", "--homes", str(args.homes), "--years", str(args.years),
                        "--seed", "7", "--db", db], check=True, stdout=subprocess.DEVNULL)
        print(f"store: {args.homes} demo homes, {args.years} years, built in {time.monotonic() - started:.0f} s",
              flush=True)
    user, urn = pick_home(db)
    boss = pick_manager(db)
    env = dict(os.environ, WORKBENCH_HOME=str(work / "home"), WORKBENCH_REPORTS=str(work / "reports"), WORKBENCH_DB=db)
    env.pop("JUPYTERHUB_USER", None)
    token = "benchmark-token-0123456789abcdef"
    figures: dict[str, list[float]] = {}
    print(f"inspector {user}, home {urn}; manager {boss}; {args.loads} loads each (+1 warm-up), {args.gap:.0f} s "
          f"apart; load average {os.getloadavg()[0]:.1f} (2 cores)", flush=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=FLAGS)
        wanted = {"inspector.ipynb", "manager.ipynb"} if args.only is None else {f"{args.only}.ipynb"}
        for who, pool in ((user, "inspector.ipynb"), (boss, "manager.ipynb")):
            if pool not in wanted:
                continue
            port = free_port()
            log = work / f"ours-{who}.log"
            server = start_server([str(BIN / "workbench"), "serve", "--port", str(port), "--user", who, "--db", db],
                                  dict(env, WORKBENCH_SERVE_TOKEN=token, WORKBENCH_USER=who), log)
            try:
                wait_http(f"http://127.0.0.1:{port}/login")
                wait_pool(log, pool)
                time.sleep(args.gap)
                base = f"http://127.0.0.1:{port}/voila/render"
                if pool == "inspector.ipynb":
                    found = measure(browser, f"{base}/inspector.ipynb?urn={urn}&token={token}", args.loads, args.gap,
                                    "workbench serve, inspector")
                    figures["ours inspector content"] = [r[0] for r in found]
                    figures["ours inspector interactive"] = [r[1] for r in found]
                else:
                    found = measure(browser, f"{base}/manager.ipynb?token={token}", args.loads, args.manager_gap,
                                    "workbench serve, manager", MANAGER_PROBE)
                    figures["ours manager interactive"] = [r[1] for r in found]
                    figures["ours manager filter change"] = filter_changes(browser, f"{base}/manager.ipynb?token={token}",
                                                                           args.loads)
            finally:
                stop(server)
        for who, notebook, probe, query in ((user, "inspector.ipynb", PROBE, f"?urn={urn}"),
                                            (boss, "manager.ipynb", MANAGER_PROBE, "")):
            if notebook not in wanted:
                continue
            port = free_port()
            stock_env = {k: v for k, v in env.items() if k != "WORKBENCH_DASHBOARD_CACHE"}
            stock = start_server([str(BIN / "voila"), str(ROOT / "workbench" / "notebooks" / "dashboards" / notebook), "--no-browser",
                                  f"--port={port}", "--Voila.ip=127.0.0.1"],
                                 dict(stock_env, WORKBENCH_USER=who), work / f"stock-{notebook}.log")
            try:
                wait_http(f"http://127.0.0.1:{port}/")
                found = measure(browser, f"http://127.0.0.1:{port}/{query}", stock_loads, 2.0,
                                f"stock voila, {notebook}", probe)
                figures[f"stock {notebook.split('.')[0]} interactive"] = [r[1] for r in found]
            finally:
                stop(stock)
        browser.close()
    print()
    for label, key in (("inspector, one home: first content (ours)", "ours inspector content"),
                       ("inspector, one home: interactive (ours)", "ours inspector interactive"),
                       ("inspector, one home: interactive (stock Voila)", "stock inspector interactive"),
                       ("manager: interactive (ours)", "ours manager interactive"),
                       ("manager: interactive (stock Voila)", "stock manager interactive"),
                       ("manager: a filter change applied (ours)", "ours manager filter change")):
        if key in figures:
            print(line(label, figures[key]))
    for label, key, target in (("inspector one home interactive", "ours inspector interactive", 1.0),
                               ("manager interactive", "ours manager interactive", 1.5),
                               ("filter change applied", "ours manager filter change", 0.2)):
        if key not in figures:
            continue
        median = statistics.median(figures[key])
        print(f"{label}: median {median:.2f} s vs target {target:.2f} s: {'MET' if median <= target else 'NOT MET'}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
