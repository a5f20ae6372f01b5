"""The dashboards for a team behind a real JupyterHub (issue 14 point 3), exactly as the README says to run them.

Starts ``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`` (JupyterHub from PyPI, its proxy
``configurable-http-proxy`` from npm) on loopback with the shared-password test authenticator,
then in Chromium signs in as an inspector and as a manager: each gets their own `workbench serve`
(spawned by the hub, authenticated by the hub's OAuth), sees what their role allows, and is kept
out of the other's server and of what their role does not allow.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_browser import ROOT, chromium, free_port, shot
from dashboard_store import seed

from workbench.store import db as store_db

pytestmark = pytest.mark.timeout(400)
WAIT = 120_000
PASSWORD = "hub-test-password-0123"
ADMIN_PASSWORD = "hub-admin-test-password-0123456789abcdef"
OWN = "SC100001-inspection-900-full.html"
OTHER = "SC100004-inspection-901-interim.html"


def proxy_command() -> str:
    """configurable-http-proxy: WORKBENCH_CHP, node_modules/.bin (scripts/system-deps.sh installs it), else PATH."""
    for candidate in (os.environ.get("WORKBENCH_CHP"), str(ROOT / "node_modules" / ".bin" / "configurable-http-proxy"),
                      shutil.which("configurable-http-proxy")):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("configurable-http-proxy is not installed: run `bash scripts/system-deps.sh` (npm install)")


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    folder = tmp_path_factory.mktemp("hub")
    url = f"sqlite:///{folder / 'store.sqlite'}"
    store_db.upgrade(url)
    seed(url)
    reports = folder / "reports"
    for urn, name, text in (("SC100001", OWN, "Own home's report"), ("SC100004", OTHER, "OTHER HOME DRAFT")):
        (reports / urn).mkdir(parents=True)
        (reports / urn / name).write_text(f"<h1>{text}</h1>")
    port = free_port()
    env = {**os.environ, "WORKBENCH_DB": url, "WORKBENCH_REPORTS": str(reports),
           "WORKBENCH_HUB_STATE": str(folder / "state"), "WORKBENCH_HUB_PORT": str(port),
           "WORKBENCH_HUB_API_PORT": str(free_port()), "WORKBENCH_PROXY_API_PORT": str(free_port()),
           "WORKBENCH_CHP": proxy_command(), "WORKBENCH_HUB_SHARED_PASSWORD": PASSWORD,
           "WORKBENCH_HUB_POOL_SIZE": "0", "WORKBENCH_HUB_ADMINS": "hubadmin",
           "WORKBENCH_HUB_SHARED_ADMIN_PASSWORD": ADMIN_PASSWORD}
    for name in ("WORKBENCH_USER", "JUPYTERHUB_USER", "JUPYTERHUB_API_TOKEN", "WORKBENCH_SERVE_TOKEN"):
        env.pop(name, None)
    log = folder / "hub.log"
    config = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
    with log.open("w") as handle:
        process = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
                                   stdout=handle, stderr=subprocess.STDOUT, cwd=folder, env=env,
                                   start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"jupyterhub exited:\n{log.read_text()}")
            try:
                urllib.request.urlopen(f"{base}/hub/login", timeout=5).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"jupyterhub not up after 60 s:\n{log.read_text()}") from None
                time.sleep(0.5)
        yield {"base": base, "log": log, "folder": folder}
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 15)  # the hub stops the servers it spawned and its proxy
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait(timeout=10)
        engine = store_db._engines.pop(url, None)
        if engine is not None:
            engine.dispose()


def _sign_in(browser: object, base: str, user: str, password: str = PASSWORD) -> object:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{base}/hub/login", timeout=WAIT)
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/hub/**", timeout=WAIT)
    return page


def _open(page: object, url: str) -> tuple[int, str]:
    response = page.goto(url, timeout=WAIT)  # type: ignore[attr-defined]
    return response.status, page.inner_text("body")  # type: ignore[attr-defined]


def test_each_person_sees_their_role_and_nothing_else(hub: dict, artifacts_dir: Path) -> None:
    base = str(hub["base"])
    started = time.monotonic()
    with chromium() as browser:
        inspector = _sign_in(browser, base, "insp_a")
        # the hub spawns insp_a's own server; the dashboard comes through the hub's OAuth
        inspector.goto(f"{base}/hub/spawn", timeout=WAIT)
        inspector.wait_for_url("**/user/insp_a/voila/render/inspector.ipynb**", timeout=WAIT)
        inspector.wait_for_selector("a.wb-home-link", timeout=WAIT)
        homes = inspector.inner_text(".wb-home-list")
        assert "SC100001" in homes and "SC100004" not in homes
        assert "Ann Inspector (inspector)" in inspector.inner_text("body")
        shot(inspector, artifacts_dir, "hub-inspector")

        status, text = _open(inspector, f"{base}/user/insp_a/workbench/files/reports/SC100001/{OWN}")
        assert status == 200 and "Own home's report" in text
        status, text = _open(inspector, f"{base}/user/insp_a/workbench/files/reports/SC100004/{OTHER}")
        assert status == 403 and "not assigned to home SC100004" in text and "OTHER HOME" not in text
        status, text = _open(inspector, f"{base}/user/insp_a/voila/render/manager.ipynb")
        assert status == 403 and "managers only" in text
        shot(inspector, artifacts_dir, "hub-inspector-manager-refused")

        manager = _sign_in(browser, base, "mgr")
        manager.goto(f"{base}/hub/spawn", timeout=WAIT)
        manager.wait_for_url("**/user/mgr/voila/render/inspector.ipynb**", timeout=WAIT)
        manager.goto(f"{base}/user/mgr/voila/render/manager.ipynb", timeout=WAIT)
        manager.wait_for_selector(".wb-table-qa tbody tr", timeout=WAIT)
        assert "Mia Manager (manager)" in manager.inner_text("body")
        shot(manager, artifacts_dir, "hub-manager")
        status, text = _open(manager, f"{base}/user/mgr/workbench/files/reports/SC100004/{OTHER}")
        assert status == 200 and "OTHER HOME DRAFT" in text

        # another person's server: the hub refuses to hand out its OAuth, nothing of it is shown
        status, text = _open(manager, f"{base}/user/insp_a/voila/render/inspector.ipynb")
        assert status == 403 and "SC100001" not in text and "Ann Inspector" not in text
        shot(manager, artifacts_dir, "hub-manager-in-inspectors-server")
        status, text = _open(inspector, f"{base}/user/mgr/voila/render/manager.ipynb")
        assert status == 403 and "SC100004" not in text
        status, text = _open(inspector, f"{base}/user/mgr/workbench/files/reports/SC100004/{OTHER}")
        assert status == 403 and "OTHER HOME" not in text

        # a hub administrator may reach any server through the hub; the server itself admits only its owner
        admin = _sign_in(browser, base, "hubadmin", ADMIN_PASSWORD)
        status, text = _open(admin, f"{base}/user/insp_a/voila/render/inspector.ipynb")
        assert "SC100001" not in text and "Ann Inspector" not in text
        assert status == 200 and "Authorize access" in text  # the hub lets an admin through, after confirming
        shot(admin, artifacts_dir, "hub-admin-authorize")
        admin.click("form button[type=submit], form input[type=submit]")
        admin.wait_for_load_state("load", timeout=WAIT)
        status, text = _open(admin, f"{base}/user/insp_a/voila/render/inspector.ipynb")
        assert status == 403 and "This is insp_a's workbench" in text and "SC100001" not in text
        status, text = _open(admin, f"{base}/user/insp_a/workbench/files/reports/SC100001/{OWN}")
        assert status == 403 and "Own home" not in text
        shot(admin, artifacts_dir, "hub-admin-in-inspectors-server")

    # no hub cookie: sent to the hub's login, never served
    request = urllib.request.Request(f"{base}/user/insp_a/workbench/files/reports/SC100001/{OWN}")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.build_opener(_NoRedirect()).open(request, timeout=30)
    assert refused.value.code == 302 and "/hub/api/oauth2/authorize" in refused.value.headers["Location"]
    assert time.monotonic() - started < 150


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
