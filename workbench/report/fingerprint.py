"""The fingerprint of an inspection's report content, and the record of each export (`report_exports`).

The fingerprint is a SHA-256 of everything the report shows (the `workbench.report.data` snapshot)
except what the review itself changes (status, QA reviewer and notes, publication date), so the
report exported before submission still matches at approval. Submission and approval need the
latest export to match the current content (`workbench.report.gates`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.report.data import snapshot
from workbench.store.models import Inspection, ReportExport

#: Snapshot fields the review changes: not part of the content.
REVIEW_FIELDS = ("status", "publication_date", "qa_reviewer", "qa_notes")


def content_fingerprint(session: Session, inspection: Inspection) -> str:
    """SHA-256 (hex) of the report content of `inspection` as the store holds it now."""
    data = dataclasses.asdict(snapshot(session, inspection.home, inspection, with_violations=False))
    for name in (*REVIEW_FIELDS, "violations"):
        data.pop(name, None)
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def latest_export(session: Session, inspection_id: int) -> ReportExport | None:
    """The inspection's most recent export, if any."""
    return session.scalars(select(ReportExport).where(ReportExport.inspection_id == inspection_id)
                           .order_by(ReportExport.exported_at.desc(), ReportExport.id.desc())).first()


def export_is_current(session: Session, inspection: Inspection) -> bool | None:
    """True when the latest export was made from the current content; False if not; None if never exported."""
    export = latest_export(session, inspection.id)
    if export is None:
        return None
    return export.fingerprint == content_fingerprint(session, inspection)


def record_export(session: Session, inspection_id: int, fingerprint: str, html_path: Path | str | None,
                  user: str | None = None) -> ReportExport:
    """Add the row saying this content was exported to `html_path`."""
    row = ReportExport(inspection_id=inspection_id, fingerprint=fingerprint,
                       html_path=str(html_path) if html_path is not None else None, exported_by=user)
    session.add(row)
    session.flush()
    return row
