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
          extra: list[str] | None = None, env: dict[str, str] | None = None) -> Served:
    """Start `workbench serve` on a free port (not waiting for it)."""
    port = free_port()
    home.mkdir(parents=True, exist_ok=True)
    log = home / f"serve-{port}.log"
    env = {**os.environ, "WORKBENCH_HOME": str(home), "WORKBENCH_SERVE_TOKEN": token,
           "WORKBENCH_REPORTS": str(home / "reports"), **(env or {})}
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


def shot(page: object, artifacts: Path, name: str) -> Path:
    """Save a full-page screenshot as a test artifact."""
    path = artifacts / f"dashboard-{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path
