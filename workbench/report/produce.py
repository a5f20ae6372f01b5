"""`workbench report`: pick the notebook, execute it through papermill, guard privacy, export HTML.

Nothing is written until every check has passed: the parameters (unknown URN, an inspection of
another home), the execution and the privacy guard. Then the executed notebook (with papermill's
metadata) and the HTML are written atomically side by side.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from papermill.exceptions import PapermillExecutionError

from workbench.config import resolve_db_url
from workbench.errors import UserError, one_line
from workbench.files import write_text_atomic
from workbench.jupyter.execute import atomic_write_notebook, execute
from workbench.jupyter.export import render_html
from workbench.report import fingerprint, privacy
from workbench.report.data import find_home, find_inspection
from workbench.report.names import report_stem
from workbench.report.privacy_inputs import PrivacyInputs, privacy_inputs
from workbench.store.db import check_writable, session_scope

#: The notebook of each inspection type (in notebooks/).
NOTEBOOKS = {"full": "report", "interim": "interim_report"}


@dataclass(frozen=True)
class Target:
    """The inspection a report is for, and what the privacy guard must not find in it."""

    urn: str
    inspection_id: int
    inspection_type: str
    status: str
    privacy: PrivacyInputs

    @property
    def notebook(self) -> str:
        """The notebook that writes this inspection's report."""
        return NOTEBOOKS[self.inspection_type]

    def private(self) -> dict[str, object]:
        """Keyword arguments of :func:`workbench.report.privacy.check`."""
        return self.privacy.as_kwargs()


@dataclass(frozen=True)
class Produced:
    """What `produce` wrote."""

    target: Target
    html_path: Path
    notebook_path: Path
    html_bytes: int
    seconds: float


def resolve_target(urn: str, inspection_id: int | None, db: str | None) -> Target:
    """Check the URN and inspection strictly (clear errors) and read what the guard needs."""
    with session_scope(resolve_db_url(db)) as session:
        home = find_home(session, urn)
        inspection = find_inspection(session, home, inspection_id)
        if inspection.inspection_type not in NOTEBOOKS:
            raise UserError(
                f"inspection {inspection.id} has type {inspection.inspection_type!r}; reports exist for "
                f"{', '.join(NOTEBOOKS)} inspections"
            )
        return Target(
            urn=home.urn, inspection_id=inspection.id, inspection_type=inspection.inspection_type,
            status=inspection.status, privacy=privacy_inputs(session, home),
        )


def _fingerprint(url: str, inspection_id: int) -> str:
    with session_scope(url) as session:
        from workbench.store.models import Inspection

        return fingerprint.content_fingerprint(session, session.get_one(Inspection, inspection_id))


def output_stem(target: Target) -> str:
    """The file name (without suffix) of a report: URN, inspection id and type."""
    return report_stem(target.urn, target.inspection_id, target.inspection_type)


def produce(urn: str, inspection_id: int | None, out_dir: Path, db: str | None) -> Produced:
    """Execute the right report notebook and export it; raises `UserError` with nothing written on failure."""
    started = time.perf_counter()
    url = resolve_db_url(db)
    target = resolve_target(urn, inspection_id, url)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(f"--out {out_dir} is a file, not a directory")
    check_writable(url)  # the export is recorded in the store: refuse a read-only one before writing files
    parameters = {"urn": target.urn, "inspection_id": target.inspection_id, "db": url}
    content = _fingerprint(url, target.inspection_id)  # of the content the notebook reads
    try:
        nb = execute(target.notebook, parameters)
    except PapermillExecutionError as error:
        raise UserError(
            f"the {target.notebook} notebook failed for {target.urn} inspection {target.inspection_id}: "
            f"{error.ename}: {one_line(error.evalue)}"
        ) from None
    html_text = render_html(nb)
    privacy.check(html_text, source=f"the report of {target.urn} inspection {target.inspection_id}",
                  **target.private())
    stem = output_stem(target)
    notebook_path = atomic_write_notebook(nb, out_dir / f"{stem}.ipynb")
    html_path = write_text_atomic(html_text, out_dir / f"{stem}.html")
    with session_scope(url) as session:  # the gates compare this with the content at submit/approve
        fingerprint.record_export(session, target.inspection_id, content, html_path.resolve())
    return Produced(target, html_path, notebook_path, html_path.stat().st_size, time.perf_counter() - started)
