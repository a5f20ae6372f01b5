"""Playwright (Python) helpers driving Debian's Chromium for the browser tests.

``chromium_page()`` opens a headless page in Debian's ``chromium`` (found on PATH; Playwright's
own browser downloads are not used) and records every request, every request it blocked (any URL
outside the allowed prefixes; by default only ``file:`` and ``data:``), every dialog (dismissed)
and every page error. ``axe_violations(page)`` runs axe-core (``node_modules/axe-core``,
installed by ``scripts/system-deps.sh``) in the page and returns the violations at the given impacts.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, Route, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@dataclass
class Recorded:
    """A page and what happened in it."""

    page: Page
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def chromium_executable() -> str:
    """Debian's Chromium on PATH (``make test`` installs it; a missing browser fails the test, never skips)."""
    path = shutil.which("chromium")
    if path is None:
        raise RuntimeError("chromium is not on PATH: run `bash scripts/system-deps.sh` (Debian package chromium)")
    return path


@contextmanager
def chromium_browser() -> Iterator[Browser]:
    """A headless Debian Chromium driven by Playwright."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def recorded_page(browser: Browser, allow: Sequence[str] = ("file:", "data:")) -> Iterator[Recorded]:
    """A fresh context and page whose requests outside `allow` are aborted and recorded."""
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    recorded = Recorded(page)

    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith(tuple(allow)):
            route.continue_()
        else:
            recorded.blocked.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("request", lambda request: recorded.requests.append(request.url))
    page.on("dialog", lambda dialog: (recorded.dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: recorded.errors.append(str(error)))
    page.on("popup", lambda popup: recorded.dialogs.append(f"popup: {popup.url}"))
    try:
        yield recorded
    finally:
        context.close()


@contextmanager
def chromium_page(allow: Sequence[str] = ("file:", "data:")) -> Iterator[Recorded]:
    """One recorded page in its own headless Chromium (see `recorded_page`)."""
    with chromium_browser() as browser, recorded_page(browser, allow) as recorded:
        yield recorded


def axe_violations(page: Page, impacts: Sequence[str] = ("serious", "critical")) -> list[dict[str, Any]]:
    """axe-core's violations in the page at `impacts` (id, impact, help, targets), run without adding a script tag."""
    if not AXE_JS.exists():
        raise RuntimeError(f"{AXE_JS} is missing: run `npm install` (scripts/system-deps.sh does)")
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]
