"""`workbench serve` answers only what a person's role and assignments allow (issue 14 point 1, issue 13's dead links).

A real server for an inspector (``insp_a``: SC100001-3) and one for a manager, plain HTTP for
every path an outsider tried (another home's report rendered as a notebook, the contents API,
traversal, symlinks out of the reports folder, another home's report, no or a wrong token, a
foreign Host header), the token kept out of the log, the store re-checked on each request; and in
Chromium the inspector's "Produce the report" link opening the report and its PDF. The PDFs beside
the HTML files are real ones, printed by `workbench.report.pdf`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_browser import Served, chromium, serving, shot, start
from dashboard_store import seed
from sqlalchemy import update

from workbench.report.pdf import print_pdf
from workbench.store import db as store_db
from workbench.store.db import session_scope
from workbench.store.models import User

pytestmark = pytest.mark.timeout(900)
WAIT = 120_000
OWN = "SC100001-inspection-900-full.html"
OTHER = "SC100004-inspection-901-interim.html"
OWN_PDF, OTHER_PDF = OWN.replace(".html", ".pdf"), OTHER.replace(".html", ".pdf")


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    folder = tmp_path_factory.mktemp("serve-access")
    url = f"sqlite:///{folder / 'store.sqlite'}"
    store_db.upgrade(url)
    ids = seed(url)
    reports = folder / "reports"  # one reports folder shared by both servers, as in the README's tour
    (reports / "SC100001").mkdir(parents=True)
    (reports / "SC100004").mkdir(parents=True)
    (reports / "SC100001" / OWN).write_text("<h1>Own home's report</h1>")
    (reports / "SC100004" / OTHER).write_text("<h1>OTHER HOME DRAFT</h1>")
    (reports / "SC100004" / "SC100004-inspection-901-interim.ipynb").write_text("{}")
    queued = f"SC100004-inspection-{ids['SC100004-qa']}-interim.html"  # the report awaiting QA
    (reports / "SC100004" / queued).write_text("<h1>Interim report awaiting QA</h1>")
    pdf = print_pdf("<h1>A printed report</h1>", "the test page")
    for path in (reports / "SC100001" / OWN_PDF, reports / "SC100004" / OTHER_PDF,
                 reports / "SC100004" / queued.replace(".html", ".pdf")):
        path.write_bytes(pdf)
    secret = folder / "outside"
    secret.mkdir()
    (secret / "SC100001-inspection-902-full.html").write_text("<h1>OUTSIDE SECRET</h1>")
    (secret / "SC100002-inspection-903-full.html").write_text("<h1>OUTSIDE SECRET</h1>")
    # links out of the folder: a file link in an assigned home's folder, and an assigned home's folder as a link
    (reports / "SC100001" / "SC100001-inspection-902-full.html").symlink_to(secret / "SC100001-inspection-902-full.html")
    (reports / "SC100002").symlink_to(secret, target_is_directory=True)
    plans = folder / "plans"
    (plans / "SC100002").mkdir(parents=True)
    (plans / "SC100002" / "visit-plan-SC100002-2026-12-01.html").write_text("<h1>Visit plan</h1>")
    (plans / "SC100002" / "visit-plan-SC100002-2026-12-01.pdf").write_bytes(pdf)
    (plans / "SC100005").mkdir(parents=True)
    (plans / "SC100005" / "visit-plan-SC100005-2026-12-01.html").write_text("<h1>OTHER HOME PLAN</h1>")
    env = {"WORKBENCH_REPORTS": str(reports), "WORKBENCH_PLANS": str(plans)}
    inspector = start(url, "insp_a", folder / "home-inspector", pool_size=1, env=env,
                      extra=["--public-host", "workbench.example"])
    manager = start(url, "mgr", folder / "home-manager", token="manager-token-0123456789", pool_size=0, env=env)
    try:
        with serving(inspector, manager):
            yield {"url": url, "ids": ids, "inspector": inspector, "manager": manager, "reports": reports}
    finally:
        engine = store_db._engines.pop(url, None)
        if engine is not None:
            engine.dispose()


def _body(served: Served, path: str, **options: object) -> tuple[int, str]:
    status, _headers, body = served.get(path, **options)  # type: ignore[arg-type]
    return status, body.decode(errors="replace")


def test_only_the_two_dashboards_are_served(setup: dict) -> None:
    inspector: Served = setup["inspector"]
    root = Path(inspector.log.parent) / "serve" / str(inspector.port) / "root"
    assert sorted(p.name for p in root.iterdir()) == ["inspector.ipynb", "manager.ipynb"]  # no reports folder
    for path in ("/voila/render/reports/SC100004/SC100004-inspection-901-interim.ipynb",
                 "/voila/render/../reports/SC100004/SC100004-inspection-901-interim.ipynb",
                 "/voila/render/root/inspector.ipynb", "/voila/render/other.ipynb",
                 "/voila/api/contents", "/voila/api/contents/reports", "/voila/api/contents/reports/SC100004",
                 "/voila/tree", "/voila/tree/reports", "/index.html", "/api/contents", "/api/kernels", "/api/sessions",
                 "/voila/files/reports/SC100004/" + OTHER, "/voila/files/voila.json", "/voila/files/inspector.ipynb"):
        status, body = _body(inspector, path)
        assert status == 404, (path, status)
        assert "OTHER HOME" not in body and "SC100004" not in body and "token" not in body.lower(), path
    status, headers, _body_bytes = inspector.get("/")
    assert status == 302 and headers["location"] == "/voila/render/inspector.ipynb"


def test_reports_by_role_and_assignment(setup: dict) -> None:
    inspector: Served = setup["inspector"]
    manager: Served = setup["manager"]
    status, headers, body = inspector.get(f"/workbench/files/reports/SC100001/{OWN}")
    assert status == 200 and b"Own home's report" in body
    assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store"
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["content-type"] == "text/html; charset=utf-8"
    status, body = _body(inspector, f"/workbench/files/reports/SC100004/{OTHER}")
    assert status == 403 and "not assigned to home SC100004" in body and "OTHER HOME" not in body
    status, body = _body(manager, f"/workbench/files/reports/SC100004/{OTHER}")
    assert status == 200 and "OTHER HOME DRAFT" in body
    status, body = _body(inspector, "/workbench/files/reports/SC100004/SC100004-inspection-901-interim.ipynb")
    assert status == 403  # the assignment is checked before anything about the file
    status, body = _body(manager, "/workbench/files/reports/SC100004/SC100004-inspection-901-interim.ipynb")
    assert status == 404  # only exported HTML (or PDF) is served, never a notebook
    # a file that exists but whose name is not this home's report
    status, body = _body(manager, f"/workbench/files/reports/SC100001/{OTHER}")
    assert status == 404


def test_pdfs_by_role_and_assignment(setup: dict) -> None:
    inspector: Served = setup["inspector"]
    manager: Served = setup["manager"]
    for served, path in ((inspector, f"reports/SC100001/{OWN_PDF}"), (manager, f"reports/SC100001/{OWN_PDF}"),
                         (manager, f"reports/SC100004/{OTHER_PDF}"),
                         (inspector, "plans/SC100002/visit-plan-SC100002-2026-12-01.pdf")):
        status, headers, body = served.get(f"/workbench/files/{path}")
        assert status == 200 and headers["content-type"] == "application/pdf", (path, status)
        assert body.startswith(b"%PDF-") and headers["x-content-type-options"] == "nosniff"
    status, headers, body = inspector.get(f"/workbench/files/reports/SC100004/{OTHER_PDF}")
    assert status == 403 and not body.startswith(b"%PDF") and "text/html" in headers["content-type"]
    status, _headers, body = inspector.get(f"/workbench/files/reports/SC100001/..%2FSC100004%2F{OTHER_PDF}")
    assert status in (403, 404) and not body.startswith(b"%PDF")


def test_visit_plans_by_assignment(setup: dict) -> None:
    inspector: Served = setup["inspector"]
    status, body = _body(inspector, "/workbench/files/plans/SC100002/visit-plan-SC100002-2026-12-01.html")
    assert status == 200 and "Visit plan" in body
    status, body = _body(inspector, "/workbench/files/plans/SC100005/visit-plan-SC100005-2026-12-01.html")
    assert status == 403 and "OTHER HOME" not in body
    status, body = _body(setup["manager"], "/workbench/files/plans/SC100005/visit-plan-SC100005-2026-12-01.html")
    assert status == 200 and "OTHER HOME PLAN" in body


@pytest.mark.parametrize("path", [
    "/workbench/files/reports/SC100001/..%2FSC100004%2F" + OTHER,
    "/workbench/files/reports/SC100001/..%2F..%2Foutside%2FSC100001-inspection-902-full.html",
    "/workbench/files/reports/SC100001/%2e%2e/SC100004/" + OTHER,
    "/workbench/files/reports/SC100001/SC100001-inspection-902-full.html",  # a symlink out of the folder
    "/workbench/files/reports/SC100002/SC100002-inspection-903-full.html",  # the home's folder is a symlink
    "/workbench/files/reports/SC100001%2F..%2FSC100004/" + OTHER,
    "/workbench/files/plans/SC100001/" + OWN,
    "/workbench/files/secrets/SC100001/" + OWN,
])
def test_traversal_and_symlinks_lead_nowhere(setup: dict, path: str) -> None:
    for served in (setup["inspector"], setup["manager"]):
        status, body = _body(served, path)
        assert status in (403, 404), (path, status)
        assert "SECRET" not in body and "OTHER HOME" not in body


def test_no_token_wrong_token_foreign_host(setup: dict) -> None:
    inspector: Served = setup["inspector"]
    for path in (f"/workbench/files/reports/SC100001/{OWN}", "/voila/render/inspector.ipynb"):
        status, headers, body = inspector.get(path, token=False)
        assert status == 302 and "/login" in headers["location"] and b"Own home" not in body
        status, headers, body = inspector.get(path, headers={"Authorization": "token wrong"})
        assert status == 302 and b"Own home" not in body
        status, _h, body = inspector.get(path, headers={"Host": "evil.example"})
        assert status == 403 and b"Own home" not in body
    for host in (f"localhost:{inspector.port}", "workbench.example"):  # loopback names and --public-host
        status, _h, _b = inspector.get(f"/workbench/files/reports/SC100001/{OWN}", headers={"Host": host})
        assert status == 200, host
    # the inspector's token does not open the manager's server
    status, _h, _b = setup["manager"].get(f"/workbench/files/reports/SC100004/{OTHER}",
                                          headers={"Authorization": f"token {inspector.token}"})
    assert status == 302


def test_manager_dashboard_refused_to_an_inspector_before_any_kernel(setup: dict) -> None:
    status, body = _body(setup["inspector"], "/voila/render/manager.ipynb")
    assert status == 403 and "managers only" in body


def test_role_is_checked_on_every_request(setup: dict) -> None:
    inspector: Served = setup["inspector"]
    url = setup["url"]
    with session_scope(url) as session:
        session.execute(update(User).where(User.username == "insp_a").values(role="former"))
    try:
        status, body = _body(inspector, f"/workbench/files/reports/SC100001/{OWN}")
        assert status == 403 and "role &#x27;former&#x27;" in body and "Own home" not in body
        status, body = _body(inspector, "/voila/render/inspector.ipynb")
        assert status == 403
    finally:
        with session_scope(url) as session:
            session.execute(update(User).where(User.username == "insp_a").values(role="inspector"))
    assert _body(inspector, f"/workbench/files/reports/SC100001/{OWN}")[0] == 200


def test_token_never_in_the_log(setup: dict) -> None:
    inspector: Served = setup["inspector"]
    for path in (f"/workbench/files/reports/SC100004/{OTHER}", "/nowhere", "/voila/render/manager.ipynb",
                 f"/workbench/files/reports/SC100001/{OWN}"):
        inspector.get(f"{path}?token={inspector.token}", token=False)
    log = inspector.log_text()
    assert "token=[hidden]" in log
    assert inspector.token not in log


def test_inspector_produces_the_report_and_opens_it(setup: dict, artifacts_dir: Path) -> None:
    inspector: Served = setup["inspector"]
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(inspector.url("inspector", "urn=SC100001"), timeout=WAIT)
        button = page.locator("button.wb-produce-report")
        button.wait_for(timeout=WAIT)
        button.click()
        link = page.locator(".wb-report-result a.wb-report-link", has_text="inspection-")
        page.wait_for_function(
            "() => (document.querySelector('.wb-report-result') || {}).innerText?.includes('Report produced')",
            timeout=300_000)
        href = link.first.get_attribute("href")
        assert href.startswith("/workbench/files/reports/SC100001/SC100001-inspection-"), href
        shot(page, artifacts_dir, "serve-report-link")
        with context.expect_page(timeout=WAIT) as opened:
            link.first.click()
        report = opened.value
        report.wait_for_load_state("load", timeout=WAIT)
        assert report.url.startswith(f"http://127.0.0.1:{inspector.port}/workbench/files/reports/SC100001/")
        text = report.inner_text("body")
        assert "Not available" not in text and "Not found" not in text and "inspection" in text.lower()
        assert report.locator("h1").count() >= 1
        shot(report, artifacts_dir, "serve-report-opened")
        # the PDF printed when the report was produced, linked beside it and opened in Chromium's viewer
        pdf_link = page.locator(".wb-report-result a.wb-pdf-link")
        assert pdf_link.inner_text() == "PDF of SC100001's report (opens in a new tab)"
        page.locator(".wb-report-result").screenshot(path=str(artifacts_dir / "dashboard-serve-report-pdf-link.png"))
        pdf_href = pdf_link.get_attribute("href")
        assert pdf_href == href.replace(".html", ".pdf"), pdf_href
        answer = context.request.get(f"http://127.0.0.1:{inspector.port}{pdf_href}")
        assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
        assert answer.body().startswith(b"%PDF-")
        with context.expect_page(timeout=WAIT) as opened_pdf:
            pdf_link.click()
        viewer = opened_pdf.value
        viewer.wait_for_load_state("load", timeout=WAIT)
        assert viewer.url == f"http://127.0.0.1:{inspector.port}{pdf_href}"
        viewer.wait_for_timeout(2500)  # the viewer draws the first page
        shot(viewer, artifacts_dir, "serve-report-pdf-opened", full_page=False)
        context.close()


def test_manager_opens_a_queued_report_from_the_qa_queue(setup: dict, artifacts_dir: Path) -> None:
    manager: Served = setup["manager"]
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(manager.url("manager"), timeout=WAIT)
        link = page.locator(".wb-table-qa a.wb-report-link")
        link.first.wait_for(timeout=WAIT)
        assert link.first.get_attribute("href").startswith("/workbench/files/reports/SC100004/")
        with context.expect_page(timeout=WAIT) as opened:
            link.first.click()
        report = opened.value
        report.wait_for_load_state("load", timeout=WAIT)
        assert "Interim report awaiting QA" in report.inner_text("body")
        pdf_link = page.locator(".wb-table-qa a.wb-pdf-link").first
        assert pdf_link.inner_text() == "PDF of SC100004's report (opens in a new tab)"
        assert pdf_link.get_attribute("href") == link.first.get_attribute("href").replace(".html", ".pdf")
        shot(report, artifacts_dir, "serve-manager-qa-report-opened")
        context.close()
