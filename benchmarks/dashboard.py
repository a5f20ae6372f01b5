"""Benchmark: how fast the inspector dashboard opens under `workbench serve` vs stock Voila, in Chromium.

Builds a demo store (`workbench demo-data`), starts `workbench serve` (preheated kernels, our
template, shared evidence cache) and stock `voila` on the SAME notebook (lab template, no
preheating, no cache of ours), then loads the page of one of the inspector's homes N times in each
(after one warm-up load, so the browser cache is warm: an inspector coming back to the page) and
prints median and worst of:
  - first content: the home's summary and its charts visible;
  - interactive: the first widget control (lines of enquiry) rendered and enabled;
both measured in the page from navigation start (performance.now(), checked every animation frame).
Targets (2-core machine): first content <= 1.0 s at the median; interactive <= 0.4 x stock median.

    .venv/bin/python benchmarks/dashboard.py [--loads 10] [--homes 60] [--gap 15]
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
BIN = ROOT / ".venv" / "bin"
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


def measure(browser, url: str, loads: int, gap: float, label: str) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(PROBE)
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


def summary(results: list[tuple[float, float]]) -> dict[str, float]:
    content = [r[0] for r in results]
    interactive = [r[1] for r in results]
    return {"content_median": statistics.median(content), "content_worst": max(content),
            "interactive_median": statistics.median(interactive), "interactive_worst": max(interactive)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=10)
    parser.add_argument("--homes", type=int, default=60)
    parser.add_argument("--gap", type=float, default=15.0, help="seconds between loads (the pool refills)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="wb-dash-bench-"))
    db = f"sqlite:///{work / 'store.sqlite'}"
    subprocess.run([str(BIN / "workbench"), "demo-data", "--homes", str(args.homes), "--seed", "7", "--db", db],
                   check=True, stdout=subprocess.DEVNULL)
    user, urn = pick_home(db)
    env = dict(os.environ, WORKBENCH_HOME=str(work / "home"), WORKBENCH_REPORTS=str(work / "reports"),
               WORKBENCH_DB=db, WORKBENCH_USER=user)
    env.pop("JUPYTERHUB_USER", None)
    ours_port, stock_port = free_port(), free_port()
    token = "benchmark-token-0123456789abcdef"
    ours = subprocess.Popen([str(BIN / "workbench"), "serve", "--port", str(ours_port), "--user", user, "--db", db],
                            env=dict(env, WORKBENCH_SERVE_TOKEN=token), stdout=(work / "ours.log").open("w"),
                            stderr=subprocess.STDOUT, start_new_session=True)
    stock_env = {k: v for k, v in env.items() if k != "WORKBENCH_DASHBOARD_CACHE"}
    stock = subprocess.Popen([str(BIN / "voila"), str(ROOT / "workbench" / "notebooks" / "dashboards" / "inspector.ipynb"),
                              "--no-browser", f"--port={stock_port}", "--Voila.ip=127.0.0.1"],
                             env=stock_env, cwd=work, stdout=(work / "stock.log").open("w"),
                             stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{ours_port}/login")
        wait_http(f"http://127.0.0.1:{stock_port}/")
        time.sleep(args.gap)  # let the preheated kernels finish their work
        print(f"store: {args.homes} demo homes; inspector {user}; home {urn}; {args.loads} loads each "
              f"(+1 warm-up), {args.gap:.0f} s apart; load average {os.getloadavg()[0]:.1f}", flush=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=FLAGS)
            ours_url = f"http://127.0.0.1:{ours_port}/voila/render/inspector.ipynb?urn={urn}&token={token}"
            stock_url = f"http://127.0.0.1:{stock_port}/?urn={urn}"
            mine = summary(measure(browser, ours_url, args.loads, args.gap, "workbench serve"))
            theirs = summary(measure(browser, stock_url, args.loads, 2.0, "stock voila"))
            browser.close()
    finally:
        for process in (ours, stock):
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)
    print()
    print(f"{'':18}{'first content':>28}{'interactive':>28}")
    for label, figures in (("workbench serve", mine), ("stock voila", theirs)):
        print(f"{label:18}{figures['content_median']:>12.2f} s median {figures['content_worst']:>5.2f} worst"
              f"{figures['interactive_median']:>10.2f} s median {figures['interactive_worst']:>5.2f} worst")
    content_ok = mine["content_median"] <= 1.0
    ratio = mine["interactive_median"] / theirs["interactive_median"]
    print(f"first content median {mine['content_median']:.2f} s vs target 1.00 s: "
          f"{'MET' if content_ok else 'NOT MET'} (ratio {mine['content_median'] / 1.0:.2f})")
    print(f"interactive median {mine['interactive_median']:.2f} s = {ratio:.2f} x stock "
          f"({theirs['interactive_median']:.2f} s) vs target 0.40 x: {'MET' if ratio <= 0.4 else 'NOT MET'}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
