"""A challenge beside its area in the judgements notebook served by Voila, in Chromium (issue 16):
grading helped and protected 'Good' on a home whose missing episodes surged shows the figures,
records and paragraph; the answer is typed and saved; axe-core finds no serious problem."""

from __future__ import annotations

from pathlib import Path

import previsit_builder as b
import pytest
from browser import axe_violations, chromium_browser, recorded_page
from report_fixtures import add_users
from test_widgets_browser import _voila

from workbench import judgements as J
from workbench.commands.inspect import prepare_notebook
from workbench.store.db import session_scope

pytestmark = pytest.mark.browser


def test_challenge_shown_and_answered_in_voila(sqlite_url: str, tmp_path: Path, artifacts_dir: Path) -> None:
    with session_scope(sqlite_url) as session:
        add_users(session, {"alice": "inspector", "bob": "inspector"})
        b.troubled_home(session, urn="SC900301")
    iid = J.open_inspection(sqlite_url, "SC900301", "alice", b.AS_OF, "full").inspection_id
    notebook = prepare_notebook(tmp_path, "SC900301", iid, sqlite_url, "alice")
    with _voila(notebook, tmp_path / "spool") as url, chromium_browser() as browser, \
            recorded_page(browser, allow=(url.split("?")[0],)) as recorded:
        page = recorded.page
        page.set_default_timeout(90_000)
        page.goto(url)
        page.locator(".wb-grade-helped_protected select").select_option(label="Good")
        panel = page.locator(".wb-challenges-helped_protected")
        panel.locator(".wb-challenge-helped_missing-helped_protected", has_text="para 31").wait_for()
        text = panel.inner_text()
        assert "12 missing-from-home notifications" in text and "Not answered yet" in text and "C-T1" in text
        answer = page.get_by_label("Your answer: why the grade stands (Helped and protected graded 'Good' "
                                   "(para 31))").first
        answer.fill("Episodes fell after the new protocol; the police confirm it.")
        page.keyboard.press("Tab")
        panel.locator(".wb-challenge-helped_missing-helped_protected", has_text="Answered").wait_for()
        panel.evaluate("element => element.scrollIntoView({block: 'start'})")  # the panel stays; its HTML re-renders
        page.screenshot(path=str(artifacts_dir / "challenges-voila-answered.png"), full_page=True)
        violations = axe_violations(page)
        assert violations == [], violations
        assert not recorded.dialogs and not recorded.errors
    answers = J.load_state(sqlite_url, iid).notes["challenge"]
    assert [(n["key"], n["text"]) for n in answers] == [
        ("helped_missing:helped_protected", "Episodes fell after the new protocol; the police confirm it.")]
