"""Where the dashboards keep exported report HTML, and the address Voila serves it under.

Reports go to ``WORKBENCH_REPORTS`` (default ``~/.workbench/reports``) as
``<URN>/<stem>.html`` with the stem of `workbench.report.names.report_stem`
(``<URN>-inspection-<id>-<type>``). `workbench serve` links that folder into the directory it
serves, so a page links to ``/voila/files/reports/<URN>/<file>`` (allowed by its file allow-list).
"""

from __future__ import annotations

import os
from pathlib import Path

from workbench import settings
from workbench.report.names import report_pattern, safe


def reports_dir() -> Path:
    """The folder exported reports are written to."""
    return Path(settings.REPORTS.value() or "").expanduser().resolve()


def report_file(urn: str, inspection_id: int) -> Path | None:
    """The exported HTML of one inspection's report, if it has been produced."""
    folder = reports_dir() / safe(urn)
    found = sorted(folder.glob(f"{report_pattern(urn, inspection_id)}.html"))
    return found[-1] if found else None


def report_address(path: Path) -> str:
    """The address of an exported report under `workbench serve` (relative to the server's root)."""
    base = os.environ.get("VOILA_BASE_URL", "/")
    relative = path.relative_to(reports_dir()).as_posix()
    return f"{base}voila/files/reports/{relative}"


def produce_report(db: str | None, urn: str, inspection_id: int) -> Path:
    """Execute the report notebook (papermill) and export its HTML (nbconvert) into the reports folder."""
    from workbench.report.produce import produce

    produced = produce(urn, inspection_id, reports_dir() / safe(urn), db)
    return Path(produced.html_path)
