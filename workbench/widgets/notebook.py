"""What `notebooks/judgements.ipynb` calls: parameters in, the editor out."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from workbench.errors import UserError
from workbench.judgements import open_inspection
from workbench.judgements.inspections import find_inspection
from workbench.store.db import session_scope
from workbench.store.identity import acting_username
from workbench.widgets.common import esc
from workbench.widgets.editor import InspectionEditor


def open_editor(urn: str | None = None, inspection_id: int | str | None = None,
                visit_date: str | dt.date | None = None, db: str | None = None,
                user: str | None = None, inspection_type: str | None = None) -> InspectionEditor:
    """The editor for `inspection_id` (checked against `urn`), else the home's inspection on `visit_date`.

    Without an id, the home's open inspection is reopened, or created for `visit_date` (today if not given).
    """
    who = acting_username(db, user, "inspect")
    if inspection_id not in (None, ""):
        with session_scope(db) as session:
            inspection = find_inspection(session, urn, inspection_id)
            key = inspection.id
    else:
        if not urn:
            raise UserError("give the home's URN (parameter urn) or an inspection id (parameter inspection_id)")
        key = open_inspection(db, urn, who, visit_date, inspection_type).inspection_id
    return InspectionEditor(db, key, who)


def show_editor(urn: str | None = None, inspection_id: int | str | None = None,
                visit_date: str | dt.date | None = None, db: str | None = None,
                user: str | None = None, inspection_type: str | None = None) -> InspectionEditor | w.HTML:
    """`open_editor`, or a clear message (no traceback) when the parameters are wrong."""
    try:
        return open_editor(urn, inspection_id, visit_date, db, user, inspection_type)
    except UserError as mistake:
        message = w.HTML(f"<p role=\"alert\"><strong>Cannot open the judgements:</strong> {esc(mistake)}</p>")
        message.add_class("wb-error")
        return message
