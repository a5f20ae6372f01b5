"""The dashboards end to end: a real `workbench serve` (Voila, token, preheated kernels) in headless Chromium.

One store and two servers per module (an inspector's and a manager's), shared by a few scenarios;
screenshots of each step go to test-artifacts/.
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_browser import Served, chromium, serving, shot, start
from dashboard_store import HOSTILE, seed
from sqlalchemy import select

from workbench.store import db as store_db
from workbench.store.db import session_scope
from workbench.store.models import AuditEntry, Inspection, Judgement, LineOfEnquiry

pytestmark = pytest.mark.timeout(900)
WAIT = 120_000  # ms: the machine is shared; kernels may be slow to start


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, object]]]:
    folder = tmp_path_factory.mktemp("dashboards")
    url = f"sqlite:///{folder / 'store.sqlite'}"
    store_db.upgrade(url)
    ids = seed(url)
    yield url, ids
    engine = store_db._engines.pop(url, None)
    if engine is not None:
        engine.dispose()


@pytest.fixture(scope="module")
def servers(store: tuple[str, dict], tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, ...]]:
    """An inspector's and a manager's server, started together (kernels warm up in parallel)."""
    inspector = start(store[0], "insp_a", tmp_path_factory.mktemp("serve-inspector"))
    manager = start(store[0], "mgr", tmp_path_factory.mktemp("serve-manager"))
    with serving(inspector, manager) as both:
        yield both


@pytest.fixture(scope="module")
def inspector_server(servers: tuple[Served, ...]) -> Served:
    return servers[0]


@pytest.fixture(scope="module")
def manager_server(servers: tuple[Served, ...]) -> Served:
    return servers[1]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs
    yield opened
    context.close()
    assert not dialogs, f"a dialog opened (script ran from user text?): {dialogs}"


def _status_without_redirect(served: Served, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    location = response.getheader("Location") or ""
    response.read()
    connection.close()
    return response.status, location


def test_token_is_required(inspector_server: Served, page: object, artifacts_dir: Path) -> None:
    for path in ("/voila/render/inspector.ipynb", "/voila/render/inspector.ipynb?token=wrong",
                 "/voila/render/manager.ipynb", "/workbench/files/reports/SC100001/SC100001-inspection-1-full.html"):
        status, location = _status_without_redirect(inspector_server, path)
        assert status in (302, 403), (path, status)
        assert status == 403 or "/login" in location
    page.goto(inspector_server.url("inspector", token=False))
    assert "/login" in page.url
    assert page.locator(".wb-home-link").count() == 0
    shot(page, artifacts_dir, "00-no-token-login")


def test_inspector_records_work_and_it_is_kept(inspector_server: Served, page: object, store: tuple[str, dict],
                                               artifacts_dir: Path) -> None:
    url, ids = store
    page.goto(inspector_server.url("inspector"), timeout=WAIT)
    links = page.locator("a.wb-home-link")
    links.first.wait_for(timeout=WAIT)
    assert sorted(re.findall(r"SC10000\d", page.inner_text(".wb-home-list"))) == ["SC100001", "SC100002", "SC100003"]
    shot(page, artifacts_dir, "01-inspector-homes")

    page.click("a.wb-home-link >> text=SC100001")
    page.wait_for_selector(".wb-home-summary", timeout=WAIT)
    assert "urn=SC100001" in page.url
    page.wait_for_selector(".wb-evidence img.wb-figure", timeout=WAIT)
    page.wait_for_selector(".wb-tracking", timeout=WAIT)
    page.wait_for_selector("button.wb-loe-accept", timeout=WAIT)
    # user text is shown as text: the hostile question appears literally, no script ran
    assert HOSTILE in page.inner_text(".wb-enquiries")
    shot(page, artifacts_dir, "02-inspector-home")

    with session_scope(url) as session:
        line = session.scalars(select(LineOfEnquiry).where(LineOfEnquiry.key == "a")).one()
        line_id = line.id
    page.click(f".wb-loe-{line_id} button.wb-loe-accept")
    page.wait_for_selector(".wb-loe-message .wb-success", timeout=WAIT)
    page.locator(".wb-grade-leadership select").select_option(label="Good")
    page.wait_for_function("() => document.querySelector('.wb-status').innerText.includes('Saved')", timeout=WAIT)
    shot(page, artifacts_dir, "03-accepted-and-graded")

    # a grade above the cap is refused, with its reason and paragraph
    page.locator(".wb-grade-overall select").select_option(label="Good")
    page.wait_for_function("() => document.querySelector('.wb-status').innerText.includes('Not saved')",
                           timeout=WAIT)
    status = page.inner_text(".wb-status")
    assert "Para 13" in status and "Inadequate" in status
    assert "Para 13" in page.inner_text(".wb-cap-overall")
    shot(page, artifacts_dir, "04-capped-grade-refused")

    page.reload(timeout=WAIT)
    page.wait_for_selector(f".wb-loe-{line_id} .wb-loe-status", timeout=WAIT)
    assert page.inner_text(f".wb-loe-{line_id} .wb-loe-status") == "Accepted"
    page.wait_for_selector(".wb-grade-leadership select", timeout=WAIT)
    chosen = page.locator(".wb-grade-leadership select").evaluate("s => s.options[s.selectedIndex].textContent")
    assert chosen.replace("\xa0", " ") == "Good"
    overall = page.locator(".wb-grade-overall select").evaluate("s => s.options[s.selectedIndex].textContent")
    assert overall.replace("\xa0", " ") != "Good"
    shot(page, artifacts_dir, "05-after-reload")

    with session_scope(url) as session:
        assert session.get(LineOfEnquiry, line_id).status == "accepted"
        grades = dict(session.execute(select(Judgement.area, Judgement.grade)
                                      .where(Judgement.inspection_id == ids["current"])).all())
        assert grades["leadership"] == "good" and grades.get("overall") is None
        who = set(session.scalars(select(AuditEntry.username).where(AuditEntry.inspection_id == ids["current"])))
        assert who == {"insp_a"}


def test_unassigned_home_is_refused_and_nothing_shown(inspector_server: Served, page: object,
                                                      artifacts_dir: Path) -> None:
    page.goto(inspector_server.url("inspector", "urn=SC100004"), timeout=WAIT)
    page.wait_for_selector(".wb-refusal", timeout=WAIT)
    page.wait_for_load_state("load")
    text = page.inner_text("body")
    assert "not assigned to home SC100004" in text
    for leak in ("Fictional House 4", "short_breaks", "Short breaks", "Evidence picture", "Children to track"):
        assert leak not in text
    assert page.locator(".wb-home-summary, .wb-evidence, .wb-enquiries, .wb-inspection-editor").count() == 0
    shot(page, artifacts_dir, "06-unassigned-refused")


def test_inspector_cannot_open_the_manager_dashboard(inspector_server: Served, page: object,
                                                     artifacts_dir: Path) -> None:
    page.goto(inspector_server.url("manager"), timeout=WAIT)
    page.wait_for_selector(".wb-refusal", timeout=WAIT)
    assert "managers only" in page.inner_text(".wb-refusal")
    assert page.locator(".wb-table-qa, .wb-filters, .wb-charts").count() == 0
    shot(page, artifacts_dir, "07-manager-refused")


def _rows(page: object, table: str) -> list[str]:
    return page.locator(f".{table} tbody tr").all_inner_texts()  # type: ignore[attr-defined]


def test_manager_filters_sorts_and_reviews(manager_server: Served, page: object, store: tuple[str, dict],
                                           artifacts_dir: Path) -> None:
    url, ids = store
    page.goto(manager_server.url("manager"), timeout=WAIT)
    page.wait_for_selector(".wb-table-qa tbody tr", timeout=WAIT)
    page.wait_for_selector(".wb-charts img.wb-figure", timeout=WAIT)
    queue = _rows(page, "wb-table-qa")
    assert [row.split("\t")[0] for row in queue] == ["SC100004", "SC100005"]  # overdue first (para 9)
    assert "overdue" in queue[0]
    due = _rows(page, "wb-table-due")
    assert due[0].startswith("SC100002") and "Overdue" in due[0]  # inadequate: 6-8 weeks (para 8)
    assert [row.split("\t")[0] for row in _rows(page, "wb-table-concern")] == ["SC100003"]  # para 48
    shot(page, artifacts_dir, "08-manager")

    page.locator(".wb-filter-region select").select_option(label="London")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.wb-table-judgements tbody tr')).length === 2", timeout=WAIT)
    assert sorted(r.split("\t")[0] for r in _rows(page, "wb-table-judgements")) == ["SC100003", "SC100004"]
    page.wait_for_function("() => document.querySelector('.wb-match-count').innerText.startsWith('2 homes match')",
                           timeout=WAIT)
    page.locator(".wb-table-judgements .wb-sort-order button", has_text="Descending").click()
    page.wait_for_function(
        "() => document.querySelector('.wb-table-judgements tbody tr').innerText.startsWith('SC100004')",
        timeout=WAIT)
    shot(page, artifacts_dir, "09-manager-filtered-sorted")

    page.locator(".wb-filter-region select").select_option(label="All")
    page.wait_for_function("() => document.querySelector('.wb-match-count').innerText.startsWith('6 homes match')",
                           timeout=WAIT)

    # the QA queue emptied by a filter, then refilled: a report chosen afterwards is the one reviewed
    page.locator(".wb-filter-inspector select").select_option(label="insp_a")
    page.wait_for_selector(".wb-table-qa .wb-empty", timeout=WAIT)
    _wait_choices(page, 1)
    shot(page, artifacts_dir, "10-manager-qa-filtered-empty")
    page.locator(".wb-filter-inspector select").select_option(label="All")
    page.wait_for_function("() => document.querySelector('.wb-match-count').innerText.startsWith('6 homes match')",
                           timeout=WAIT)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.wb-table-qa tbody tr')).length === 2", timeout=WAIT)
    _choose(page, "SC100005")
    page.locator(".wb-qa-notes textarea").fill(f"Tighten the safeguarding section. {HOSTILE}")
    page.click("button.wb-qa-approve")
    page.wait_for_function("() => document.querySelector('.wb-qa-message').innerText.trim() !== ''", timeout=WAIT)
    shot(page, artifacts_dir, "11-manager-approve-clicked")
    message = page.inner_text(".wb-qa-message")
    assert "SC100005" in message and "approved" in message, message
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.wb-table-qa tbody tr')).length === 1", timeout=WAIT)
    assert [row.split("\t")[0] for row in _rows(page, "wb-table-qa")] == ["SC100004"]
    _wait_choices(page, 2)
    shot(page, artifacts_dir, "12-manager-approved")

    # and again after the approval rebuilt the queue: empty it, refill it, return the other report
    page.locator(".wb-filter-inspector select").select_option(label="insp_a")
    page.wait_for_selector(".wb-table-qa .wb-empty", timeout=WAIT)
    _wait_choices(page, 1)
    page.locator(".wb-filter-inspector select").select_option(label="All")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.wb-table-qa tbody tr')).length === 1", timeout=WAIT)
    _choose(page, "SC100004")
    page.locator(".wb-qa-notes textarea").fill("Evidence for para 9 is missing.")
    page.click("button.wb-qa-return")
    page.wait_for_function("() => document.querySelector('.wb-qa-message').innerText.includes('SC100004')",
                           timeout=WAIT)
    message = page.inner_text(".wb-qa-message")
    assert "returned" in message, message
    page.wait_for_selector(".wb-table-qa .wb-empty", timeout=WAIT)
    _wait_choices(page, 1)
    shot(page, artifacts_dir, "13-manager-returned")

    with session_scope(url) as session:
        approved = session.get(Inspection, ids["SC100005-qa"])
        assert approved.status == "qa_approved" and approved.qa_reviewer == "mgr"
        assert approved.qa_notes.endswith(HOSTILE)
        returned = session.get(Inspection, ids["SC100004-qa"])
        assert returned.status != "submitted" and returned.qa_reviewer == "mgr"
        assert returned.qa_notes == "Evidence for para 9 is missing."


def _wait_choices(page: object, count: int) -> None:
    """Wait until the page shows one QA choice with this many options (the first is "Choose a report")."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "n => document.querySelectorAll('.wb-qa-choice select').length === 1 && "
        "document.querySelector('.wb-qa-choice select').options.length === n", arg=count, timeout=WAIT)


def _choose(page: object, urn: str) -> None:
    """Pick the queued report of this home in the QA choice, as soon as it is offered (as a person would)."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "urn => Array.from(document.querySelectorAll('.wb-qa-choice select option'))"
        ".some(o => o.textContent.startsWith(urn))", arg=urn, timeout=WAIT)
    choice = page.locator(".wb-qa-choice select")  # type: ignore[attr-defined]
    label = choice.evaluate("(s, urn) => Array.from(s.options).map(o => o.textContent).find(t => t.startsWith(urn))",
                            urn)
    assert label, f"{urn} is not among the QA choices"
    choice.select_option(label=label)
