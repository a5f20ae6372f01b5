"""`--pdf`: the guarded HTML printed by Debian's Chromium (real papermill, real Chromium, real PDF read by pypdf).

The report's PDF from a clean environment carries the report's headings and nothing of the store's
home name, address or child references; a refusal by the privacy guard writes neither HTML nor PDF;
a missing Chromium is one line, exit 2, nothing run; the visit plan prints too.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import previsit_builder as b
import pytest
from pypdf import PdfReader
from report_fixtures import HOME_NAME, build_home

from workbench.cli import main
from workbench.report.documents import deliver, plan_report
from workbench.store.db import session_scope
from workbench.store.models import Child, Home, Judgement

ROOT = Path(__file__).resolve().parent.parent
WORKBENCH = Path(sys.executable).parent / "workbench"
HEADINGS = ("Children's home inspection report", "Information about this children's home",
            "Inspection dates and judgements", "Recommendations")


@pytest.fixture
def shell_env() -> Iterator[dict[str, str]]:
    """Only what a person's shell would have: PATH, a fresh HOME, the code under test; no WORKBENCH_* setting.

    The HOME is short: the kernels' IPC sockets live under it and a socket path has at most 107 bytes.
    """
    home = tempfile.mkdtemp(prefix="wbh-")
    yield {"PATH": os.environ["PATH"], "HOME": home, "LANG": "C.UTF-8",
           "PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT))}
    shutil.rmtree(home, ignore_errors=True)


def pdf_text(path: Path) -> tuple[int, str]:
    """(pages, all text with whitespace collapsed) of a PDF file."""
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


def forbidden(db: str, urn: str) -> list[str]:
    """What the store holds that no report may show: the home's name and address, its children's references."""
    with session_scope(db) as session:
        home = session.query(Home).filter_by(urn=urn).one()
        refs = [c.reference for c in session.query(Child).filter_by(home_id=home.id)]
        return [home.name, home.address1, home.address2, home.postcode, *refs]


def test_report_pdf_from_a_clean_environment_shows_the_report_and_no_one(
        sqlite_url: str, tmp_path: Path, shell_env: dict[str, str], artifacts_dir: Path) -> None:
    built = build_home(sqlite_url)
    out = tmp_path / "out"
    started = time.perf_counter()
    done = subprocess.run([str(WORKBENCH), "report", built.urn, "--db", sqlite_url, "--out", str(out), "--pdf"],
                          env=shell_env, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    stem = f"{built.urn}-inspection-{built.full_id}-full"
    pdf = out / f"{stem}.pdf"
    assert f"PDF: {pdf}" in done.stdout
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    pages, text = pdf_text(pdf)
    assert pages >= 1
    for heading in HEADINGS:
        assert heading in text, heading
    assert f"Page 1 of {pages}" in text  # the footer's page numbers
    html = (out / f"{stem}.html").read_text(encoding="utf-8")
    for secret in forbidden(sqlite_url, built.urn):
        assert secret and secret not in text and secret not in html, secret
    assert "Children's homes inspection workbench" not in text  # the page's header bar is not printed
    print(f"workbench report --pdf: {seconds:.1f} s")  # noqa: T201  (the figure in the report)

    # the first page as a picture, by Chromium's own PDF viewer (poppler's pdftoppm is not installed)
    from browser import chromium_browser

    with chromium_browser() as browser:
        page = browser.new_page(viewport={"width": 900, "height": 1250})
        page.goto(pdf.as_uri())
        page.wait_for_timeout(2500)
        page.screenshot(path=str(artifacts_dir / "report-pdf-page1.png"))
        page.close()

    # produced again without --pdf: the PDF of the older HTML goes, so a PDF beside an HTML is that HTML printed
    nb = nbformat.read(out / f"{stem}.ipynb", as_version=4)
    deliver(nb, out / f"{stem}.html", out / f"{stem}.ipynb", plan_report(built.urn, built.full_id, sqlite_url))
    assert (out / f"{stem}.html").exists() and not pdf.exists()


def test_privacy_refusal_writes_neither_html_nor_pdf(
        sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    built = build_home(sqlite_url)
    with session_scope(sqlite_url) as s:
        judgement = s.query(Judgement).filter_by(inspection_id=built.full_id, area="helped_protected").one()
        judgement.evidence_summary = f"Children at {HOME_NAME} feel safe."
    out = tmp_path / "out"
    assert main(["report", built.urn, "--db", sqlite_url, "--out", str(out), "--pdf"]) == 2
    err = capsys.readouterr().err
    assert "privacy check failed" in err and "the home's name" in err
    assert not out.exists()


def test_missing_chromium_is_one_line_exit_2_before_anything_runs(sqlite_url: str, tmp_path: Path,
                                                                 shell_env: dict[str, str]) -> None:
    built = build_home(sqlite_url)
    out = tmp_path / "out"
    env = {**shell_env, "WORKBENCH_CHROMIUM": str(tmp_path / "no-such-chromium")}
    for command in (["report", built.urn], ["prepare", built.urn, "--user", "insp"]):
        started = time.perf_counter()
        done = subprocess.run([str(WORKBENCH), *command, "--db", sqlite_url, "--out", str(out), "--pdf"],
                              env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert done.returncode == 2, (command, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
        assert "WORKBENCH_CHROMIUM" in lines[0] and "no-such-chromium" in lines[0]
        assert "nothing was run or saved" in lines[0]
        assert time.perf_counter() - started < 60  # refused before a kernel started
        assert not out.exists()
    with session_scope(sqlite_url) as s:  # nothing saved: the visit plan's lines of enquiry were not drafted
        from workbench.store.models import LineOfEnquiry

        assert s.query(LineOfEnquiry).count() == 0


def test_report_rejects_pdf_with_status(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    built = build_home(sqlite_url)
    assert main(["report", built.urn, "--status", "--pdf", "--db", sqlite_url]) == 2
    assert "--pdf goes with writing the report" in capsys.readouterr().err


@pytest.mark.slow
def test_visit_plan_pdf(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with session_scope(sqlite_url) as session:
        b.troubled_home(session)
    out = tmp_path / "plans"
    assert main(["prepare", "SC900002", "--visit-date", "2025-03-01", "--out", str(out), "--db", sqlite_url,
                 "--user", "inspector1", "--pdf"]) == 0
    pdf = out / "visit-plan-SC900002-2025-03-01.pdf"
    assert f"PDF: {pdf}" in capsys.readouterr().out
    pages, text = pdf_text(pdf)
    assert pages >= 2
    for expected in ("Visit plan: SC900002", "The home at a glance", "Children to track"):
        assert expected in text, expected
    for absent in ("Test House", "1 Test Lane", "ZZ1 1ZZ"):
        assert absent not in text


def test_a_failed_print_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Chromium that will not start (here /bin/false) is one line, exit 1, and no file of the three."""
    from workbench.errors import UserError

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A page")])
    monkeypatch.setenv("WORKBENCH_CHROMIUM", "/bin/false")
    with pytest.raises(UserError) as refused:
        deliver(nb, tmp_path / "page.html", tmp_path / "page.ipynb", pdf=True)
    assert refused.value.exit_code == 1 and "\n" not in refused.value.message
    assert refused.value.message.startswith("Chromium (/bin/false) could not print page.html to PDF")
    assert sorted(tmp_path.iterdir()) == []
