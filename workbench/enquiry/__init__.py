"""Lines of enquiry before a visit (framework para 11): rules that draft them, the store service, and
the children to track (footnote 5).

Public API: `Draft`, `CATALOGUE`/`RULES`, `draft_lines`, `drafts_from`, `save_drafts`, `lines`,
`accept`, `edit`, `reject`, `add`, `close`, `open_inspection_id`, `children_to_track`, `TrackedChild`.
"""

from __future__ import annotations

from workbench.enquiry.catalogue import CATALOGUE, RULES, Rule
from workbench.enquiry.drafting import INSPECTION_TYPES, draft_lines, drafts_from
from workbench.enquiry.model import PRIORITIES, Draft
from workbench.enquiry.service import (
    SaveResult,
    accept,
    add,
    close,
    edit,
    lines,
    open_inspection_id,
    reject,
    save_drafts,
)
from workbench.enquiry.tracking import SMALL_HOME_MAX, TrackedChild, children_to_track, sample_size

__all__ = [
    "CATALOGUE", "INSPECTION_TYPES", "PRIORITIES", "RULES", "SMALL_HOME_MAX", "Draft",
    "Rule", "SaveResult", "TrackedChild", "accept", "add", "children_to_track", "close", "draft_lines",
    "drafts_from", "edit", "lines", "open_inspection_id", "reject", "sample_size", "save_drafts",
]
