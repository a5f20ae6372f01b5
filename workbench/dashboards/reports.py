"""Where the dashboards keep exported reports and visit plans, their addresses, and reading them safely.

Reports go to ``WORKBENCH_REPORTS`` (default ``~/.workbench/reports``) as ``<URN>/<stem>.html``
with the stem of `workbench.report.names.report_stem` (``<URN>-inspection-<id>-<type>``);
visit plans to ``WORKBENCH_PLANS`` (default ``~/.workbench/visit-plans``) as
``<URN>/visit-plan-<URN>-<date>.html``. `workbench serve` serves them at
``<base>workbench/files/<kind>/<URN>/<file>`` through its own handler, which checks who is asking
and their assignment before calling `open_served` — never through Voila's file handler or a link.
A document's PDF (``<stem>.pdf``, printed from the guarded HTML when it is produced) sits beside its
HTML and is served the same way; `pdf_link` links it when it is there.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from workbench import html, settings
from workbench.report.names import pdf_beside, report_pattern, safe, visit_plan_stem

#: kind in the address -> (its folder's setting, how a file's name starts)
KINDS = {
    "reports": (settings.REPORTS, "{urn}-inspection-"),
    "plans": (settings.PLANS, "visit-plan-{urn}-"),
}
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,200}\.(html|pdf)$")
CONTENT_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


class NotServed(Exception):
    """The file does not exist, or is not one this server hands out (a link, a folder, another name)."""


def folder(kind: str) -> Path:
    """The folder files of `kind` (``reports`` or ``plans``) are written to."""
    return Path(KINDS[kind][0].value() or "").expanduser().resolve()


def reports_dir() -> Path:
    """The folder exported reports are written to."""
    return folder("reports")


def report_file(urn: str, inspection_id: int) -> Path | None:
    """The exported HTML of one inspection's report, if it has been produced."""
    home = reports_dir() / safe(urn)
    found = sorted(home.glob(f"{report_pattern(urn, inspection_id)}.html"))
    return found[-1] if found else None


def plan_file(urn: str) -> Path | None:
    """The latest visit plan (HTML) of a home, if one has been prepared (the latest visit date)."""
    home = folder("plans") / safe(urn)
    found = sorted(home.glob(f"{visit_plan_stem(urn, '????-??-??')}.html"))
    return found[-1] if found else None


def file_address(kind: str, urn: str, name: str) -> str:
    """The address of a served file under `workbench serve` (with the server's URL prefix)."""
    base = os.environ.get("VOILA_BASE_URL", "/")
    return f"{base}workbench/files/{kind}/{safe(urn)}/{name}"


def report_address(path: Path, kind: str = "reports") -> str:
    """The address of an exported report (a file of `report_file`), or of a visit plan with ``kind="plans"``."""
    return file_address(kind, path.parent.name, path.name)


def pdf_link(path: Path, subject: str, kind: str = "reports") -> html.Fragment | None:
    """A link to the PDF beside the HTML at `path` (a file of `kind`): "PDF of `subject`"; None if there is none."""
    pdf = pdf_beside(path)
    if not pdf.is_file():
        return None
    return html.tag("a", f"PDF of {subject} (opens in a new tab)", href=file_address(kind, path.parent.name, pdf.name),
                    target="_blank", rel="noopener", class_="wb-pdf-link")


def document_links(path: Path, text: str, subject: str, kind: str = "reports",
                   css: str = "wb-report-link") -> html.Fragment:
    """The link to a served HTML document (a report or a visit plan) and, when printed beside it, to its PDF."""
    link = html.tag("a", text, href=report_address(path, kind), target="_blank", rel="noopener", class_=css)
    pdf = pdf_link(path, subject, kind)
    return link if pdf is None else html.join([link, " · ", pdf])


def open_served(kind: str, urn: str, name: str) -> tuple[int, str]:
    """An open file descriptor of ``<folder>/<urn>/<name>`` and its content type, following no link.

    The name must look like a file of that kind for that home (``<URN>-inspection-…`` or
    ``visit-plan-<URN>-…``, ``.html`` or ``.pdf``); the home's folder and the file are opened with
    ``O_NOFOLLOW`` relative to the kind's folder, so neither a symlink nor ``..`` can lead out of it.
    """
    if kind not in KINDS or safe(urn) != urn or not FILE_NAME.match(name):
        raise NotServed(name)
    if not name.startswith(KINDS[kind][1].format(urn=urn)):
        raise NotServed(name)
    flags = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        root = os.open(folder(kind), flags | os.O_DIRECTORY)
    except OSError:
        raise NotServed(name) from None
    try:
        home = os.open(urn, flags | os.O_DIRECTORY, dir_fd=root)
    except OSError:
        raise NotServed(name) from None
    finally:
        os.close(root)
    try:
        fd = os.open(name, flags | os.O_NONBLOCK, dir_fd=home)
    except OSError:
        raise NotServed(name) from None
    finally:
        os.close(home)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotServed(name)
    return fd, CONTENT_TYPES[name.rsplit(".", 1)[1]]


def produce_report(db: str | None, urn: str, inspection_id: int, pdf: bool = False) -> Path:
    """Execute the report notebook (papermill) and export its HTML (nbconvert), and PDF if `pdf`, into the
    reports folder; returns the HTML's path."""
    from workbench.report.documents import plan_report, produce

    produced = produce(plan_report(urn, inspection_id, db), reports_dir() / safe(urn), pdf=pdf)
    return Path(produced.html_path)


def produce_plan(db: str | None, urn: str, user: str, pdf: bool = False) -> Path:
    """Prepare the home's visit plan for a visit today exactly as `workbench prepare URN [--pdf]` does
    (`documents.plan_visit` -> `produce`, the drafted lines of enquiry saved as `user`), into the plans
    folder; the inspection type is the open inspection's, else full. Returns the HTML's path."""
    from workbench.report.documents import plan_visit, produce

    produced = produce(plan_visit(urn, "", open_inspection_type(db, urn), db), folder("plans") / safe(urn),
                       user=user, pdf=pdf)
    return Path(produced.html_path)


def open_inspection_type(db: str | None, urn: str) -> str:
    """The type of the home's open inspection (``full`` or ``interim``), else ``full``."""
    from sqlalchemy import select

    from workbench.config import resolve_db_url
    from workbench.enquiry import INSPECTION_TYPES
    from workbench.store import lifecycle
    from workbench.store.db import session_scope
    from workbench.store.models import Home

    with session_scope(resolve_db_url(db)) as session:
        home = session.scalars(select(Home).where(Home.urn == urn.strip())).first()
        current = lifecycle.current(session, home) if home is not None else None
        found = current.inspection_type if current is not None else "full"
    return found if found in INSPECTION_TYPES else "full"
