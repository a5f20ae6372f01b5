"""The fingerprint of an inspection's report content, and the record of each export (`report_exports`).

The fingerprint is a SHA-256 of everything the report shows (the `workbench.report.data` snapshot)
except what the review itself changes (status, QA reviewer and notes, publication date), so the
report exported before submission still matches at approval. Submission and approval need the
latest export to match the current content (`workbench.report.gates`).

The readiness checklist asks after every save whether the export is still current. A fingerprint
determines the judgements it was taken of, so each one computed here is remembered with those
judgements (`_JUDGEMENTS_OF`): when the inspection's judgements now differ from those of the
export's fingerprint, the export is stale, read in one small query; otherwise (the same
judgements, or a fingerprint not seen in this process) the whole content is fingerprinted again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.report.data import own_judgements, snapshot
from workbench.store.models import Inspection, Judgement, ReportExport

#: Snapshot fields the review changes: not part of the content.
REVIEW_FIELDS = ("status", "publication_date", "qa_reviewer", "qa_notes")
#: Fingerprint -> the judgements of the content it was taken of (the newest few hundred).
_JUDGEMENTS_OF: dict[str, Any] = {}
_REMEMBERED = 256
_lock = threading.Lock()


def content_fingerprint(session: Session, inspection: Inspection) -> str:
    """SHA-256 (hex) of the report content of `inspection` as the store holds it now."""
    data = dataclasses.asdict(snapshot(session, inspection.home, inspection, with_violations=False))
    for name in (*REVIEW_FIELDS, "violations"):
        data.pop(name, None)
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=True)
    digest = hashlib.sha256(text.encode()).hexdigest()
    with _lock:
        _JUDGEMENTS_OF.pop(digest, None)
        _JUDGEMENTS_OF[digest] = data["judgements"]
        while len(_JUDGEMENTS_OF) > _REMEMBERED:
            del _JUDGEMENTS_OF[next(iter(_JUDGEMENTS_OF))]
    return digest


def latest_export(session: Session, inspection_id: int) -> ReportExport | None:
    """The inspection's most recent export, if any."""
    return session.scalars(select(ReportExport).where(ReportExport.inspection_id == inspection_id)
                           .order_by(ReportExport.exported_at.desc(), ReportExport.id.desc())).first()


def export_is_current(session: Session, inspection: Inspection) -> bool | None:
    """True when the latest export was made from the current content; False if not; None if never exported."""
    export = latest_export(session, inspection.id)
    if export is None:
        return None
    exported = _JUDGEMENTS_OF.get(export.fingerprint)
    if exported is not None:
        now = session.scalars(select(Judgement).where(Judgement.inspection_id == inspection.id)
                              .execution_options(populate_existing=True))
        if own_judgements(now, inspection.id) != exported:
            return False  # a grade, wording or evidence summary differs from the exported content
    return export.fingerprint == content_fingerprint(session, inspection)


def record_export(session: Session, inspection_id: int, fingerprint: str, html_path: Path | str | None,
                  user: str | None = None) -> ReportExport:
    """Add the row saying this content was exported to `html_path`."""
    row = ReportExport(inspection_id=inspection_id, fingerprint=fingerprint,
                       html_path=str(html_path) if html_path is not None else None, exported_by=user)
    session.add(row)
    session.flush()
    return row
