"""The inspection's review on the inspector dashboard: QA's return notes and the review history.

Both come from the lifecycle (`workbench.store.lifecycle.review_history` and `open_return`: the
audited transitions with their notes). Every text shown is escaped.
"""

from __future__ import annotations

from workbench import html
from workbench.store import lifecycle
from workbench.store.db import session_scope
from workbench.store.models import Inspection

STATUS_TEXT = {"draft": "Draft", "submitted": "Submitted for QA", "qa_approved": "QA approved",
               "published": "Published"}
ACTION_TEXT = {"submit": "Submitted for QA", "approve": "Approved", "return": "Returned by QA",
               "publish": "Published"}


def history(db: str, inspection_id: int) -> list[lifecycle.ReviewEvent]:
    """The inspection's review transitions, oldest first, with their notes."""
    with session_scope(db) as session:
        return lifecycle.review_history(session, inspection_id)


def returned(db: str, inspection_id: int | None) -> lifecycle.ReviewEvent | None:
    """The return whose notes the inspector still has to act on, if any."""
    if inspection_id is None:
        return None
    with session_scope(db) as session:
        inspection = session.get(Inspection, inspection_id)
        return lifecycle.open_return(session, inspection) if inspection is not None else None


def returned_notice(db: str, inspection_id: int | None, urn: str) -> html.Fragment:
    """A notice at the top of the home: the report was returned by QA, with the manager's notes."""
    event = returned(db, inspection_id)
    if event is None:
        return html.Fragment("")
    return html.tag("div", html.join([
        html.tag("h2", f"Returned by QA on {event.at:%d %B %Y}", class_="wb-heading-m"),
        html.paragraph(f"{event.by} returned the report of {urn} (inspection {inspection_id}) with these notes:"),
        html.tag("div", event.notes or "(no notes)", class_="wb-user-text wb-return-notes"),
        html.paragraph(html.join(["Make the changes, produce the report again and ",
                                  html.tag("a", "submit it for QA", href="#wb-report-heading"), "."])),
    ]), class_="wb-returned", role="region", **{"aria_label": "Returned by QA"})


def history_table(db: str, inspection_id: int) -> html.Fragment:
    """The review history as a table (escaped)."""
    events = history(db, inspection_id)
    if not events:
        return html.paragraph("No review yet: the report has not been submitted for QA.", class_="wb-hint")
    rows = [[f"{e.at:%Y-%m-%d %H:%M}", e.by, ACTION_TEXT.get(e.action, e.action),
             STATUS_TEXT.get(e.to_status, e.to_status), html.tag("span", e.notes or "", class_="wb-user-text")]
            for e in events]
    return html.table(rows, ["When", "Who", "What", "Status after", "Notes"], caption="Review history",
                      class_="wb-table wb-review-history")
