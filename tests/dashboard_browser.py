"""Helpers for the dashboard browser tests: a real `workbench serve` subprocess and headless Chromium.

Chromium is Debian's (`shutil.which("chromium")`), driven by Playwright's Python API with the
flags the project uses; no browser is downloaded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


@dataclass
class Served:
    """A running `workbench serve`."""

    process: subprocess.Popen
    port: int
    token: str
    log: Path
    pool_size: int = 1

    def url(self, dashboard: str, query: str = "", token: bool = True) -> str:
        """The address of a dashboard, with the token unless told otherwise."""
        params = [p for p in (query, f"token={self.token}" if token else "") if p]
        return f"http://127.0.0.1:{self.port}/voila/render/{dashboard}.ipynb" + ("?" + "&".join(params) if params else "")

    def get(self, path: str, token: bool = True, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
        """A plain HTTP GET (no redirect followed): status, headers, body; the token as an Authorization header."""
        import http.client

        sent = dict(headers or {})
        if token:
            sent.setdefault("Authorization", f"token {self.token}")
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path, headers=sent)
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def log_text(self) -> str:
        """What the server has logged so far."""
        return self.log.read_text(errors="replace")


def free_port() -> int:
    """A free port on 127.0.0.1."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(db: str, user: str, home: Path, token: str = "test-token-0123456789", pool_size: int = 1,
          extra: list[str] | None = None, env: dict[str, str] | None = None,
          reports: Path | None = None) -> Served:
    """Start `workbench serve` on a free port (not waiting for it); `reports` may be shared by servers."""
    port = free_port()
    home.mkdir(parents=True, exist_ok=True)
    log = home / f"serve-{port}.log"
    env = {**os.environ, "WORKBENCH_HOME": str(home), "WORKBENCH_SERVE_TOKEN": token,
           "WORKBENCH_REPORTS": str(reports or home / "reports"), **(env or {})}
    env.pop("WORKBENCH_USER", None)
    env.pop("JUPYTERHUB_USER", None)
    command = [str(Path(sys.executable).parent / "workbench"), "serve", "--port", str(port), "--user", user, "--db", db,
               "--pool-size", str(pool_size), *(extra or [])]
    with log.open("w") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT, env=env,
                                   start_new_session=True)
    return Served(process, port, token, log, pool_size)


@contextlib.contextmanager
def serving(*servers: Served, timeout: float = 240.0) -> Iterator[tuple[Served, ...]]:
    """Wait until every server answers with its kernel pools filled; stop them all afterwards."""
    try:
        for served in servers:
            _wait_ready(served, served.pool_size, timeout)
        yield servers
    finally:
        for served in servers:
            _stop(served.process)


@contextlib.contextmanager
def serve(db: str, user: str, home: Path, **options: object) -> Iterator[Served]:
    """One `workbench serve`, ready, stopped afterwards."""
    with serving(start(db, user, home, **options)) as (served,):  # type: ignore[arg-type]
        yield served


def _wait_ready(served: Served, pool_size: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise RuntimeError(f"workbench serve exited with {served.process.returncode}:\n{served.log_text()}")
        text = served.log_text()
        if pool_size == 0 or "Kernel pool of inspector.ipynb is filled" in text:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{served.port}/login", timeout=5).close()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
        time.sleep(0.5)
    raise RuntimeError(f"workbench serve not ready after {timeout:.0f} s:\n{served.log_text()}")


def _stop(process: subprocess.Popen) -> None:
    """Stop the server (its own process group: Voila and its kernels)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Debian Chromium through Playwright."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        raise RuntimeError("Debian's chromium is not on PATH (make test installs it: scripts/system-deps.sh)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def shot(page: object, artifacts: Path, name: str, full_page: bool = True, focus: str | None = None) -> Path:
    """Save a screenshot as a test artifact: what is in view around ``focus`` (a selector), or the full page.

    A full-page shot is taken from the top, so the fixed bar is painted where a person sees it (at the top),
    not across the middle of the page at the last scroll position.
    """
    path = artifacts / f"dashboard-{name}.png"
    if focus is not None:
        page.locator(focus).first.evaluate(  # type: ignore[attr-defined]
            "e => { e.scrollIntoView({block: 'start'}); window.scrollBy(0, -90); }")  # clear of the fixed bar
        full_page = False
    elif full_page:
        page.evaluate("() => window.scrollTo(0, 0)")  # type: ignore[attr-defined]
    page.screenshot(path=str(path), full_page=full_page)  # type: ignore[attr-defined]
    return path


#: every visible text against its actual background: the first ancestor (or itself) with a non-transparent
#: background colour (axe skips text whose background it cannot work out, e.g. a black header on black)
CONTRAST_JS = r"""
() => {
  const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(',').map(s => parseFloat(s)); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const blend = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
                                  b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const background = (el) => {
    const layers = [];
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const bg = parse(getComputedStyle(n).backgroundColor);
      if (bg && bg.a > 0) { layers.push(bg); if (bg.a >= 1) break; }
    }
    let colour = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) colour = blend(layers[i], colour);
    return colour;
  };
  const failures = [];
  let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || seen.has(el)) continue;
    seen.add(el);
    if (el.closest('script, style, option, noscript, [aria-hidden="true"], .wb-visually-hidden')) continue;
    if (el.closest('button:disabled, input:disabled, select:disabled, textarea:disabled, [disabled]')) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const box = el.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) continue;
    const style = getComputedStyle(el);
    const fg = parse(style.color);
    if (!fg) continue;
    const bg = background(el);
    const text = blend(fg, bg);
    const [hi, lo] = [lum(text), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    checked += 1;
    if (ratio < need) failures.push({text: node.textContent.trim().slice(0, 60), ratio: Math.round(ratio * 100) / 100,
      colour: style.color, background: `rgb(${Math.round(bg.r)}, ${Math.round(bg.g)}, ${Math.round(bg.b)})`,
      element: el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '')});
  }
  return {checked, failures};
}
"""

#: every visible control's accessible name as Chromium computes it (via aria-label, label, content, title)
CONTROL_NAMES_JS = r"""
() => Array.from(document.querySelectorAll('button, input, select, textarea, a[href]'))
  .filter(el => el.type !== 'hidden' && el.checkVisibility() && el.getBoundingClientRect().width > 0)
  .map(el => {
    let name = el.getAttribute('aria-label') || '';
    if (!name && el.labels && el.labels.length) name = Array.from(el.labels).map(l => l.textContent).join(' ');
    if (!name && el.getAttribute('aria-labelledby'))
      name = el.getAttribute('aria-labelledby').split(' ').map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
    if (!name && (el.tagName === 'BUTTON' || el.tagName === 'A')) name = el.textContent;
    if (!name) name = el.getAttribute('title') || '';
    return {tag: el.tagName.toLowerCase(), name: name.replace(/\s+/g, ' ').trim()};
  })
"""

#: names that do not say what the control acts on when several share them
VAGUE_NAMES = {"Edit", "Accept", "Reject", "Save", "Save edit", "Approve", "Return", "Report", "Question", "Area",
               "Priority", "Sort by", "Order", "Next", "Previous", "Remove", "Delete", "Close", "Add",
               "Close with this finding", "Evidence", "Status", "Notes"}


def readability_problems(page: object) -> list[str]:
    """Contrast failures (actual backgrounds), axe serious/critical violations, unnamed or vague controls."""
    from browser import axe_violations

    problems: list[str] = []
    contrast = page.evaluate(CONTRAST_JS)  # type: ignore[attr-defined]
    assert contrast["checked"] >= 3, "no text was checked: is the page empty?"
    problems += [f"contrast {f['ratio']} < AA: {f['text']!r} ({f['colour']} on {f['background']}, {f['element']})"
                 for f in contrast["failures"]]
    problems += [f"axe {v['impact']} {v['id']}: {v['help']} at {v['targets']}" for v in axe_violations(page)]
    names = page.evaluate(CONTROL_NAMES_JS)  # type: ignore[attr-defined]
    problems += [f"a {n['tag']} has no name" for n in names if not n["name"]]
    counted: dict[str, int] = {}
    for n in names:
        counted[n["name"]] = counted.get(n["name"], 0) + 1
    problems += [f"{count} controls are named only {name!r}" for name, count in counted.items()
                 if count > 1 and name in VAGUE_NAMES]
    return problems


def assert_readable(page: object, artifacts: Path, name: str, focus: str | None = None) -> None:
    """Screenshot the state (around ``focus`` if given), then fail on any readability problem (listing them all)."""
    shot(page, artifacts, name, focus=focus)
    problems = readability_problems(page)
    assert not problems, f"{name}: " + "\n".join(problems[:40])
