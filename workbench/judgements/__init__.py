"""The judgements service: UI-free, used by the widgets, the CLI, the dashboards and tests.

- `open_inspection(db, urn, user, visit_date, inspection_type)` creates or reopens an inspection.
- `load_state(db, inspection_id)` reads everything recorded, with each record's version;
  `summary(state)` turns it into JSON-ready data.
- `save_field(db, inspection_id, kind, key, field, value, base, user)` saves one field
  (kinds: inspection, judgement, descriptor, note, requirement, recommendation, line_of_enquiry)
  with optimistic concurrency (`StaleEdit`), the framework's caps (`CapRefused`) and an audit row.
- `add_requirement`, `add_recommendation`, `add_note`, `remove`, `close_line_of_enquiry`.
"""

from workbench.judgements.errors import CapRefused, NotFound, SaveRefused, StaleEdit, is_transient
from workbench.judgements.fields import DESCRIPTOR_STATUSES, KINDS, Loaded, Saved, save_field
from workbench.judgements.inspections import Opened, find_inspection, open_inspection
from workbench.judgements.records import (
    add_note,
    add_recommendation,
    add_requirement,
    close_line_of_enquiry,
    remove,
)
from workbench.judgements.state import InspectionState, load_state, summary

__all__ = [
    "DESCRIPTOR_STATUSES", "KINDS", "CapRefused", "InspectionState", "Loaded", "NotFound", "Opened", "SaveRefused",
    "Saved", "StaleEdit", "add_note", "add_recommendation", "add_requirement", "close_line_of_enquiry",
    "find_inspection", "is_transient", "load_state", "open_inspection", "remove", "save_field", "summary",
]
