"""The one production path of every document the workbench writes: reports, interim reports, visit plans,
the sector picture.

:func:`plan_report`, :func:`plan_visit` and :func:`plan_sector` check what was asked (clear `UserError`s, nothing run)
and return a :class:`DocumentPlan`: the notebook, its parameters, the file stem
(`workbench.report.names`) and what the privacy guard must not find (`workbench.report.privacy_inputs`).
:func:`produce` takes a report's content fingerprint (:func:`content_before`), executes a plan
(papermill) and hands the notebook to :func:`deliver`, which renders it (nbconvert), guards it
(`workbench.report.privacy.check`), prints that guarded HTML to PDF if asked (`workbench.report.pdf`,
Chromium), writes the executed notebook, the HTML and the PDF atomically side by side and records a
report's export (`workbench.report.fingerprint`: the fingerprint is of the content, so the PDF printed
from the same HTML is as current as the HTML).
`workbench report`, the dashboards' report button, `workbench prepare` and `workbench sector` call
:func:`produce`; `workbench batch` builds the same plans and its warm workers execute them, calling
:func:`content_before` and :func:`deliver` around the run.
Nothing is written until every check has passed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from workbench.config import resolve_db_url
from workbench.errors import STORE_ERRORS, UserError, one_line, store_refusal
from workbench.files import write_bytes_atomic, write_text_atomic
from workbench.report.names import pdf_beside, report_stem, sector_stem, visit_plan_stem
from workbench.report.privacy_inputs import PrivacyInputs
from workbench.settings import USER

REPORT, INTERIM, VISIT_PLAN, SECTOR = "report", "interim", "visit-plan", "sector"
#: The notebook (in notebooks/) of each kind of document.
NOTEBOOKS = {REPORT: "report", INTERIM: "interim_report", VISIT_PLAN: "pre_visit", SECTOR: "sector"}
#: The report kind of each inspection type.
REPORT_KINDS = {"full": REPORT, "interim": INTERIM}


@dataclass(frozen=True)
class DocumentPlan:
    """One document to produce: which notebook with which parameters, its file stem, what to guard.

    Plain values only, so a plan travels to a batch worker (pickle, Dask).
    """

    kind: str  # report | interim | visit-plan | sector
    urn: str  # "" for the sector picture (no one home)
    parameters: dict[str, Any]
    stem: str
    privacy: PrivacyInputs | None = None  # None: not published (a visit plan is the inspector's own)
    inspection_id: int | None = None
    status: str = ""
    title: str | None = None
    acts_as: str | None = None  # the notebook saves to the store as a user who may do this action

    @property
    def notebook(self) -> str:
        """The notebook that writes this document."""
        return NOTEBOOKS[self.kind]

    @property
    def inspection_type(self) -> str:
        """A report's inspection type (``full`` or ``interim``)."""
        return "full" if self.kind == REPORT else self.kind

    @property
    def is_report(self) -> bool:
        """A report of an inspection (its export is recorded; the guard checks it)."""
        return self.kind in (REPORT, INTERIM)

    @property
    def saves(self) -> bool:
        """Producing it writes to the store (the notebook saves, or the export is recorded)."""
        return self.is_report or self.acts_as is not None

    @property
    def failure(self) -> str:
        """How a failed run is reported (followed by the error)."""
        if self.is_report:
            return f"the {self.notebook} notebook failed for {self.urn} inspection {self.inspection_id}"
        if self.kind == VISIT_PLAN:
            return f"the visit plan of {self.urn} could not be produced"
        return f"the {self.notebook} notebook failed"

    @property
    def source(self) -> str:
        """How the privacy guard and the PDF printer name the document."""
        if self.is_report:
            return f"the report of {self.urn} inspection {self.inspection_id}"
        return f"the visit plan of {self.urn}"

    def paths(self, out_dir: Path) -> tuple[Path, Path]:
        """(HTML, executed notebook) in `out_dir`."""
        return out_dir / f"{self.stem}.html", out_dir / f"{self.stem}.ipynb"


@dataclass(frozen=True)
class Produced:
    """What `produce` wrote."""

    plan: DocumentPlan
    html_path: Path
    notebook_path: Path
    html_bytes: int
    seconds: float
    pdf_path: Path | None = None


def report_document(urn: str, inspection_id: int, inspection_type: str, db: str, privacy: PrivacyInputs,
                    status: str = "") -> DocumentPlan:
    """The plan of one inspection's report (no checks: see `plan_report`)."""
    return DocumentPlan(
        kind=REPORT_KINDS[inspection_type], urn=urn, stem=report_stem(urn, inspection_id, inspection_type),
        parameters={"urn": urn, "inspection_id": inspection_id, "db": db}, privacy=privacy,
        inspection_id=inspection_id, status=status)


def visit_plan_document(urn: str, visit_date: dt.date | str, inspection_type: str, db: str) -> DocumentPlan:
    """The plan of a home's visit plan (no checks: see `plan_visit`)."""
    day = visit_date.isoformat() if isinstance(visit_date, dt.date) else visit_date
    return DocumentPlan(
        kind=VISIT_PLAN, urn=urn, stem=visit_plan_stem(urn, day), title=f"Visit plan {urn} ({day})",
        parameters={"urn": urn, "visit_date": day, "db": db, "inspection_type": inspection_type},
        acts_as="enquire")


def plan_report(urn: str, inspection_id: int | None, db: str | None) -> DocumentPlan:
    """Check the URN and inspection strictly (clear errors) and read what the guard needs."""
    from workbench.report.data import find_home, find_inspection
    from workbench.report.privacy_inputs import privacy_inputs
    from workbench.store.db import session_scope

    url = resolve_db_url(db)
    with session_scope(url) as session:
        home = find_home(session, urn)
        inspection = find_inspection(session, home, inspection_id)
        if inspection.inspection_type not in REPORT_KINDS:
            raise UserError(
                f"inspection {inspection.id} has type {inspection.inspection_type!r}; reports exist for "
                f"{', '.join(REPORT_KINDS)} inspections"
            )
        return report_document(home.urn, inspection.id, inspection.inspection_type, url,
                               privacy_inputs(session, home), inspection.status)


def plan_visit(urn: str, visit_date: str = "", inspection_type: str = "full", db: str | None = None) -> DocumentPlan:
    """Refuse an unknown URN or a visit date before registration; the plan of the visit plan."""
    from workbench.analysis.history import find_home, parse_as_of
    from workbench.analysis.periods import long_date
    from workbench.store.db import session_scope

    url = resolve_db_url(db)
    urn = urn.strip()
    as_of = parse_as_of(visit_date)
    with session_scope(url) as session:
        home = find_home(session, urn)
        if home.registration_date and as_of < home.registration_date:
            raise UserError(f"visit date {as_of.isoformat()} is before home {home.urn} was registered "
                            f"({long_date(home.registration_date)})")
    return visit_plan_document(urn, as_of, inspection_type, url)


def plan_sector(as_of: dt.date, db: str | None = None) -> DocumentPlan:
    """The plan of the sector picture of the store on `as_of` (it reads the store, saves nothing)."""
    return DocumentPlan(kind=SECTOR, urn="", stem=sector_stem(as_of),
                        parameters={"db": resolve_db_url(db), "as_of": as_of.isoformat()})


def check_out_dir(out: Path) -> None:
    """Refuse an output folder that is a file, or that cannot be made or written, before anything runs."""
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} is a file, not a folder; nothing was run or saved")
    existing = next((p for p in (out, *out.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        raise UserError(f"--out {out}: {existing} is a file, not a folder; nothing was run or saved")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UserError(f"--out {out}: {existing} cannot be written; nothing was run or saved")


def content_before(plan: DocumentPlan | None) -> str | None:
    """A report's content fingerprint, taken before its notebook runs (of the content it reads); None
    for any other document. :func:`deliver` records the export with it."""
    if plan is None or not plan.is_report:
        return None
    from workbench.report import fingerprint
    from workbench.store.db import session_scope
    from workbench.store.models import Inspection

    with session_scope(str(plan.parameters["db"])) as session:
        return fingerprint.content_fingerprint(session, session.get_one(Inspection, plan.inspection_id))


def deliver(nb: nbformat.NotebookNode, html_path: Path, notebook_path: Path,
            plan: DocumentPlan | None = None, content: str | None = None, *, pdf: bool = False) -> Path:
    """Render `nb`, guard it (a report names no home, address or child), then write the files atomically;
    with a report's `content` (:func:`content_before`), record its export (`report_exports`).

    With `pdf`, the guarded HTML is printed (Chromium) before anything is written, and the PDF is
    written beside the HTML (`names.pdf_beside`); without, an older PDF there is removed, so a PDF
    beside an HTML is always that HTML printed. Raises `UserError` (the guard's `PrivacyViolation`,
    no Chromium, a failed print) with nothing written. Returns the HTML path.
    """
    from workbench.jupyter.export import render_html
    from workbench.report import fingerprint, privacy
    from workbench.store.db import session_scope

    if plan is not None and plan.title:
        nb.metadata["title"] = plan.title
    html_text = render_html(nb)
    if plan is not None and plan.privacy is not None:
        privacy.check(html_text, source=plan.source, **plan.privacy.as_kwargs())
    printed = None
    if pdf:
        from workbench.report.pdf import print_pdf

        printed = print_pdf(html_text, plan.source if plan is not None else html_path.name)
    write_text_atomic(nbformat.writes(nb), notebook_path)
    written = write_text_atomic(html_text, html_path)
    if printed is not None:
        write_bytes_atomic(printed, pdf_beside(html_path))
    else:
        pdf_beside(html_path).unlink(missing_ok=True)
    if plan is not None and plan.is_report and content is not None:
        with session_scope(str(plan.parameters["db"])) as session:  # the gates compare it at submit/approve
            fingerprint.record_export(session, int(plan.inspection_id or 0), content, written.resolve())
    return written


@contextlib.contextmanager
def _kernel_user(user: str | None) -> Iterator[None]:
    """WORKBENCH_USER set to `user` for the kernels started inside (they inherit it), then restored."""
    previous = os.environ.get(USER.env)
    if user:
        os.environ[USER.env] = user
    try:
        yield
    finally:
        if user:
            if previous is None:
                os.environ.pop(USER.env, None)
            else:
                os.environ[USER.env] = previous


def execute_plan(plan: DocumentPlan, timeout: float | None = None, user: str | None = None) -> nbformat.NotebookNode:
    """Execute the plan's notebook (papermill) in a scratch folder; a failed run is one `UserError`."""
    from papermill.exceptions import PapermillExecutionError

    from workbench.jupyter.execute import execute

    try:
        with _kernel_user(user), tempfile.TemporaryDirectory(prefix="wb-produce-") as scratch:
            return execute(plan.notebook, plan.parameters, timeout=timeout, cwd=Path(scratch))
    except PapermillExecutionError as error:
        if error.ename in STORE_ERRORS:  # e.g. a read-only store: refused (exit 1), never SQL or parameters
            raise UserError(store_refusal(error.ename, error.evalue), exit_code=1) from None
        raise UserError(f"{plan.failure}: {error.ename}: {one_line(error.evalue)}") from None


def produce(plan: DocumentPlan, out_dir: Path, *, timeout: float | None = None,
            user: str | None = None, pdf: bool = False) -> Produced:
    """Execute, render, guard and write the document (and its PDF if `pdf`); a report's export is recorded
    (:func:`deliver`).

    `user` (a plan that saves to the store: who saves; `workbench.store.identity`) is checked before
    the kernel starts and reaches it as WORKBENCH_USER for this run only. Raises `UserError` with
    nothing written on failure.
    """
    from workbench.store.db import check_writable
    from workbench.store.identity import acting_username

    started = time.perf_counter()
    out_dir = Path(out_dir)
    url = str(plan.parameters["db"])
    check_out_dir(out_dir)  # before the notebook saves anything to the store
    if pdf:
        from workbench.report.pdf import chromium

        try:
            chromium()  # no browser to print with: refused before anything runs
        except UserError as error:
            raise UserError(f"{error.message}; nothing was run or saved", error.exit_code) from None
    if plan.acts_as:
        user = acting_username(url, user, plan.acts_as)  # before the kernel starts: exit 2, not a failed run
    if plan.saves:  # the notebook saves, or the export is recorded: a read-only store is refused first
        check_writable(url)
    content = content_before(plan)
    nb = execute_plan(plan, timeout, user)
    html_path, notebook_path = plan.paths(out_dir)
    deliver(nb, html_path, notebook_path, plan, content, pdf=pdf)
    return Produced(plan, html_path, notebook_path, html_path.stat().st_size, time.perf_counter() - started,
                    pdf_beside(html_path) if pdf else None)
