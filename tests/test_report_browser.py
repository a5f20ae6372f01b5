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
from browser import axe_violations, chromium_browser, recorded_page
from report_fixtures import build_home

from workbench.report.produce import produce
from workbench.store import db as store_db

HOSTILE = (
    "<script>alert('xss-script')</script>"
    "<img src=x onerror=\"alert('xss-onerror')\">"
    "<a href=\"javascript:alert('xss-link')\">click</a> [md link](javascript:alert('xss-md')) **bold** "
    "</style><style>body{display:none}</style>"
    "<img src=\"http://198.51.100.7/track.png\"><iframe src=\"https://198.51.100.7/\"></iframe>"
)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Full and interim reports of an ordinary home and of a home whose every text is hostile."""
    base = tmp_path_factory.mktemp("browser-reports")
    url = f"sqlite:///{base / 'store.sqlite'}"
    store_db.upgrade(url)
    plain = build_home(url, urn="SC900010", seq=1)
    hostile = build_home(url, urn="SC900011", text=HOSTILE, seq=2)
    out = base / "out"
    made = {
        "plain-full": produce(plain.urn, plain.full_id, out, url).html_path,
        "plain-interim": produce(plain.urn, plain.interim_id, out, url).html_path,
        "hostile-full": produce(hostile.urn, hostile.full_id, out, url).html_path,
        "hostile-interim": produce(hostile.urn, hostile.interim_id, out, url).html_path,
    }
    yield made
    engine = store_db._engines.pop(url, None)
    if engine is not None:
        engine.dispose()
    store_db._upgraded.discard(url)


def test_hostile_text_is_shown_as_text_and_nothing_runs_or_leaves(
    reports: dict[str, Path], artifacts_dir: Path
) -> None:
    with chromium_browser() as browser:
        for key in ("hostile-full", "hostile-interim"):
            with recorded_page(browser) as rec:
                rec.page.goto(reports[key].as_uri())
                rec.page.wait_for_load_state("load")
                rec.page.wait_for_timeout(300)  # let any (wrongly) injected handler fire
                rec.page.screenshot(path=str(artifacts_dir / f"report-{key}.png"), full_page=True)
                assert rec.dialogs == [], key
                assert rec.blocked == [], key
                assert all(u.startswith(("file:", "data:")) for u in rec.requests), rec.requests
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


def test_axe_core_finds_no_serious_or_critical_violation_in_any_report(
    reports: dict[str, Path], artifacts_dir: Path
) -> None:
    found = {}
    with chromium_browser() as browser:
        for key, path in reports.items():
            with recorded_page(browser) as rec:
                rec.page.goto(path.as_uri())
                violations = axe_violations(rec.page)
                if violations:
                    found[key] = violations
    (artifacts_dir / "report-axe.json").write_text(json.dumps(found, indent=2))
    assert found == {}


def test_reports_are_self_contained_and_small(reports: dict[str, Path]) -> None:
    for key, path in reports.items():
        html = path.read_text(encoding="utf-8")
        assert path.stat().st_size < 1_000_000, key
        # no element fetching anything (the hostile text's tags appear escaped, as &lt;img ...)
        assert not re.search(r"<(link|script|iframe|img|object|embed|base)\b", html, re.IGNORECASE), key
        assert html.count("<h1") == 1, key
