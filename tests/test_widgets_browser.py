"""The judgements notebook served by Voila (no code shown) in Debian's Chromium: labelled controls,
a grade chosen with the keyboard, a capped grade refused with its paragraph, text kept after a reload,
and axe-core's serious/critical checks."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import axe_violations, chromium_browser, recorded_page
from test_judgements import VISIT, seed_home

from workbench import judgements as J
from workbench.commands.inspect import prepare_notebook

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "judgements-test-token-0123456789"
pytestmark = pytest.mark.browser


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _voila(notebook: Path, spool: Path) -> Iterator[str]:
    port = _port()
    log = notebook.with_suffix(".log")
    command = [str(ROOT / ".venv" / "bin" / "voila"), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={TOKEN}", str(notebook)]
    env = dict(os.environ, WORKBENCH_SPOOL=str(spool))
    with log.open("w") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, cwd=notebook.parent, env=env,
                                   start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while "is running at" not in log.read_text(errors="replace"):
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/?token={TOKEN}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_judgements_in_voila(sqlite_url: str, tmp_path: Path, artifacts_dir: Path) -> None:
    seed_home(sqlite_url)
    iid = J.open_inspection(sqlite_url, "SC100001", "alice", VISIT, "full").inspection_id
    notebook = prepare_notebook(tmp_path, "SC100001", iid, sqlite_url, "alice")
    with _voila(notebook, tmp_path / "spool") as url, chromium_browser() as browser, \
            recorded_page(browser, allow=(url.split("?")[0],)) as recorded:
        page = recorded.page
        page.set_default_timeout(90_000)
        page.goto(url)
        grade = page.locator(".wb-grade-helped_protected select")
        grade.wait_for()
        assert page.locator(".jp-CodeCell .jp-InputArea:visible, .cm-editor:visible").count() == 0  # no code
        assert page.get_by_label("Grade: Helped and protected").count() == 1  # a real <label for=...>
        grade.focus()
        for _ in range(4):  # Not graded yet -> Outstanding -> Good -> Requires improvement -> Inadequate
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        page.locator(".wb-status", has_text="Saved the 'Helped and protected' grade").wait_for()
        page.locator(".wb-cap-overall", has_text="Para 13").wait_for()
        page.locator(".wb-grade-overall select").select_option(label="Good")
        page.locator(".wb-status", has_text="Not saved").wait_for()
        assert "Para 13" in page.locator(".wb-status").inner_text()
        assert page.locator(".wb-grade-overall select").input_value() != "Good"
        hostile = "Seen in the <b>log</b> <script>alert(1)</script>"
        page.locator(".wb-evidence-overall textarea").fill(hostile)
        page.keyboard.press("Tab")
        page.locator(".wb-status", has_text="evidence summary").wait_for()
        page.screenshot(path=str(artifacts_dir / "judgements-voila-entered.png"), full_page=True)
        violations = axe_violations(page)
        assert violations == [], violations
        page.reload()
        page.locator(".wb-grade-helped_protected select").wait_for()
        assert page.locator(".wb-grade-helped_protected select").input_value() == "Inadequate"
        assert page.locator(".wb-evidence-overall textarea").input_value() == hostile
        page.screenshot(path=str(artifacts_dir / "judgements-voila-reloaded.png"), full_page=True)
        assert not recorded.dialogs and not recorded.errors
        # stock Voila's template asks a CDN for its icon font (blocked here); nothing else leaves the machine
        assert [u for u in recorded.blocked if "fontawesome" not in u] == []
    state = J.load_state(sqlite_url, iid)
    assert state.grades["helped_protected"] == "inadequate" and state.grades["overall"] is None
