"""The one file-name rule of the documents the workbench writes (reports, visit plans, the sector picture).

Every document is planned by `workbench.report.documents`, which names its file here, so a report
written by `workbench report`, the dashboards' button or `workbench batch` is found by the others.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path


def safe(urn: str) -> str:
    """A URN as it may stand in a file name (anything but letters, digits, - and _ becomes _)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", urn.strip())


def report_stem(urn: str, inspection_id: int, inspection_type: str) -> str:
    """``<URN>-inspection-<id>-<type>``: the report of one inspection (without suffix)."""
    return f"{safe(urn)}-inspection-{int(inspection_id)}-{inspection_type}"


def report_pattern(urn: str, inspection_id: int) -> str:
    """A glob matching the report files of one inspection, whatever its type."""
    return f"{safe(urn)}-inspection-{int(inspection_id)}-*"


def visit_plan_stem(urn: str, visit_date: dt.date | str) -> str:
    """``visit-plan-<URN>-<YYYY-MM-DD>``: a home's visit plan for a visit date (without suffix)."""
    day = visit_date.isoformat() if isinstance(visit_date, dt.date) else visit_date
    return f"visit-plan-{safe(urn)}-{day}"


def sector_stem(as_of: dt.date) -> str:
    """``sector-<YYYY-MM-DD>``: the sector picture on a date (without suffix)."""
    return f"sector-{as_of.isoformat()}"


def pdf_beside(html_path: Path) -> Path:
    """The PDF of a document: beside its HTML, with the same stem (``--pdf``, the dashboards' button)."""
    return Path(html_path).with_suffix(".pdf")
