"""Reports in a real browser (Debian Chromium via Playwright): hostile text stays text, axe-core passes.

Every free-text field of a home and its inspections is set to a hostile string (script, an
image with onerror, javascript: links in HTML and Markdown, a closing style tag, an external
image and iframe); the exported full and interim reports must show it as text, run no script,
open no dialog and make no request outside file:/data:. axe-core must find no serious or
critical violation in any report this suite produces.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Recorded, axe_violations, chromium_browser, recorded_page
from report_fixtures import build_home

from workbench.report.documents import plan_report, produce
from workbench.store import db as store_db

HOSTILE = (
    "<script>alert('xss-script')</script>"
    "<img src=x onerror=\"alert('xss-onerror')\">"
    "<a href=\"javascript:alert('xss-link')\">click</a> [md link](javascript:alert('xss-md')) **bold** "
    "</style><style>body{display:none}</style>"
    "<img src=\"http://198.51.100.7/track.png\"><iframe src=\"https://198.51.100.7/\"></iframe>"
)


def _reports(tmp_path_factory: pytest.TempPathFactory, name: str, text: str | None) -> Iterator[dict[str, Path]]:
    base = tmp_path_factory.mktemp(name)
    url = f"sqlite:///{base / 'store.sqlite'}"
    store_db.upgrade(url)
    built = build_home(url, urn="SC900011" if text else "SC900010", text=text, seq=2 if text else 1)
    out = base / "out"
    yield {
        f"{name}-full": produce(plan_report(built.urn, built.full_id, url), out).html_path,
        f"{name}-interim": produce(plan_report(built.urn, built.interim_id, url), out).html_path,
    }
    engine = store_db._engines.pop(url, None)
    if engine is not None:
        engine.dispose()
    store_db._upgraded.discard(url)


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Full and interim reports of a home whose every text is hostile."""
    yield from _reports(tmp_path_factory, "hostile", HOSTILE)


@pytest.fixture(scope="module")
def plain_reports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Full and interim reports of an ordinary home."""
    yield from _reports(tmp_path_factory, "plain", None)


def _check_file(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    assert path.stat().st_size < 1_000_000, path
    # no element fetching anything (the hostile text's tags appear escaped, as &lt;img ...)
    assert not re.search(r"<(link|script|iframe|img|object|embed|base)\b", html, re.IGNORECASE), path
    assert html.count("<h1") == 1, path


def _axe(rec: Recorded, key: str, artifacts_dir: Path) -> None:
    violations = axe_violations(rec.page)
    (artifacts_dir / f"report-{key}-axe.json").write_text(json.dumps(violations, indent=2))
    assert violations == [], key


def test_hostile_text_is_shown_as_text_nothing_runs_or_leaves_and_axe_passes(
    hostile_reports: dict[str, Path], artifacts_dir: Path
) -> None:
    with chromium_browser() as browser:
        for key, path in hostile_reports.items():
            _check_file(path)
            with recorded_page(browser) as rec:
                rec.page.goto(path.as_uri())
                rec.page.wait_for_load_state("load")
                rec.page.wait_for_timeout(300)  # let any (wrongly) injected handler fire
                rec.page.screenshot(path=str(artifacts_dir / f"report-{key}.png"), full_page=True)
                assert rec.dialogs == [], key
                assert rec.blocked == [], key
                assert rec.requests and all(u.startswith(("file:", "data:")) for u in rec.requests), rec.requests
                assert rec.errors == [], key
                counts = rec.page.evaluate(
                    "() => ({scripts: document.scripts.length, iframes: document.querySelectorAll('iframe').length,"
                    " imgs: document.querySelectorAll('img').length,"
                    " handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length,"
                    " jslinks: document.querySelectorAll('a[href^=\"javascript:\"]').length,"
                    " styles: document.querySelectorAll('style').length})"
                )
                assert counts == {"scripts": 0, "iframes": 0, "imgs": 0, "handlers": 0, "jslinks": 0, "styles": 1}
                assert rec.page.is_visible("main")  # the hostile </style><style> did not hide the page
                text = rec.page.inner_text("main")
                assert text.count(HOSTILE) >= 3, key  # evidence, requirements, notes... all shown literally
                assert "**bold**" in text and "[md link](javascript:" in text
                _axe(rec, key, artifacts_dir)


def test_axe_core_finds_no_serious_or_critical_violation_in_ordinary_reports(
    plain_reports: dict[str, Path], artifacts_dir: Path
) -> None:
    with chromium_browser() as browser:
        for key, path in plain_reports.items():
            _check_file(path)
            with recorded_page(browser) as rec:
                rec.page.goto(path.as_uri())
                rec.page.screenshot(path=str(artifacts_dir / f"report-{key}.png"), full_page=True)
                assert rec.blocked == [] and rec.dialogs == [] and rec.errors == [], key
                _axe(rec, key, artifacts_dir)
