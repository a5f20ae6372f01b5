"""Lines of enquiry on the inspector dashboard: accept, edit, reject or add, each saved with audit.

Every change goes through the enquiry service (`workbench.enquiry`: ``accept``, ``edit``,
``reject``, ``add``), which checks the version and writes the audit row. Every text shown is
escaped; nothing typed is evaluated.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workbench import html
from workbench.errors import UserError
from workbench.rules import area_titles, label_of
from workbench.store.db import session_scope

log = logging.getLogger(__name__)

STATUS_LABELS = {"draft": "Draft", "accepted": "Accepted", "edited": "Accepted (edited)", "rejected": "Rejected",
                 "closed": "Closed"}


def lines(db: str, home_id: int, inspection_id: int | None) -> list[dict[str, Any]]:
    """The home's lines of enquiry for its current inspection (and those drafted before it), by priority."""
    from workbench.enquiry import lines as stored_lines

    with session_scope(db) as session:
        rows = stored_lines(session, home_id, inspection_id)
        if inspection_id is not None:
            rows += stored_lines(session, home_id, None)
        return [
            {"id": r.id, "area": r.area, "priority": r.priority, "question": r.question, "status": r.status,
             "evidence": list(r.evidence or []), "version": r.version, "rule_id": r.rule_id}
            for r in rows
        ]


class EnquiryPanel(widgets.VBox):
    """The lines of enquiry of one home's current inspection, with their controls."""

    def __init__(self, db: str, user: str, home_id: int, urn: str, inspection_id: int | None) -> None:
        self.db, self.user, self.home_id, self.urn, self.inspection_id = db, user, home_id, urn, inspection_id
        self.message = widgets.HTML()
        self.message.add_class("wb-loe-message")
        super().__init__()
        self.add_class("wb-enquiries")
        self.render()

    # ------------------------------------------------------------ actions
    def _act(self, label: str, action: Callable[[], Any]) -> None:
        try:
            action()
        except UserError as error:
            self.message.value = str(html.paragraph(f"Not saved: {error.message}", class_="wb-error"))
            return
        except Exception:
            log.exception("line of enquiry action failed")
            self.message.value = str(html.paragraph(
                "Not saved: the store could not be reached; try again in a moment.", class_="wb-error"))
            return
        self.render()
        self.message.value = str(html.paragraph(label, class_="wb-success"))

    def set_status(self, row: dict[str, Any], status: str, question: str | None = None) -> None:
        """Accept, reject, or accept an edited question, through the enquiry service (audited)."""
        import workbench.enquiry as service

        with session_scope(self.db) as session:
            if status == "accepted":
                service.accept(session, row["id"], self.user, version=row["version"])
            elif status == "rejected":
                service.reject(session, row["id"], self.user, version=row["version"])
            else:
                service.edit(session, row["id"], self.user, question=question, version=row["version"])

    def draft(self) -> None:
        """Draft lines of enquiry from the home's evidence (the catalogue of rules) and save them."""
        import datetime as dt

        import workbench.enquiry as service

        with session_scope(self.db) as session:
            kind = "full"
            if self.inspection_id is not None:
                from workbench.store.models import Inspection

                kind = session.get(Inspection, self.inspection_id).inspection_type
            drafts = service.draft_lines(session, self.home_id, dt.date.today(), kind)
            service.save_drafts(session, self.home_id, drafts, self.user, inspection_id=self.inspection_id)

    def add_line(self, area: str, priority: str, question: str) -> None:
        """Add the inspector's own line of enquiry (accepted from the start, audited)."""
        import workbench.enquiry as service

        with session_scope(self.db) as session:
            service.add(session, self.home_id, self.user, question, area, priority=priority,
                        inspection_id=self.inspection_id)

    # ------------------------------------------------------------ drawing
    def _row(self, row: dict[str, Any]) -> widgets.Widget:
        evidence = ", ".join(
            " ".join(str(part) for part in (e.get("reference"), e.get("date")) if part) for e in row["evidence"][:6]
        )
        text = html.join([
            html.tag("p", html.join([
                html.tag("strong", f"{row['priority'].capitalize()} priority"), " · ",
                label_of(row["area"]), " · ",
                html.tag("span", STATUS_LABELS.get(row["status"], row["status"]), class_="wb-loe-status"),
            ])),
            html.tag("p", row["question"], class_="wb-loe-question wb-user-text"),
            html.tag("p", f"Evidence: {evidence}", class_="wb-loe-evidence") if evidence else html.Fragment(""),
        ])
        accept = widgets.Button(description="Accept", tooltip="Accept this line of enquiry", button_style="success")
        reject = widgets.Button(description="Reject", tooltip="Reject this line of enquiry")
        edited = widgets.Textarea(value=row["question"], description="Edit", layout={"width": "36em"})
        save = widgets.Button(description="Save edit", tooltip="Accept the line with this wording")
        for control, css in ((accept, "wb-loe-accept"), (reject, "wb-loe-reject"), (edited, "wb-loe-edit"),
                             (save, "wb-loe-save")):
            control.add_class(css)
        accept.on_click(lambda _b: self._act("Line of enquiry accepted.", lambda: self.set_status(row, "accepted")))
        reject.on_click(lambda _b: self._act("Line of enquiry rejected.", lambda: self.set_status(row, "rejected")))
        save.on_click(lambda _b: self._act("Edited line of enquiry saved.",
                                           lambda: self.set_status(row, "edited", edited.value)))
        box = widgets.VBox([widgets.HTML(str(text)), widgets.HBox([accept, reject]), widgets.HBox([edited, save])])
        box.add_class("wb-loe")
        box.add_class(f"wb-loe-{row['id']}")
        return box

    def _add_form(self) -> widgets.Widget:
        area = widgets.Dropdown(options=[(t, k) for k, t in area_titles().items()], description="Area")
        priority = widgets.Dropdown(options=[("High", "high"), ("Medium", "medium"), ("Low", "low")],
                                    value="medium", description="Priority")
        question = widgets.Textarea(description="Question", placeholder="What do you want to find out?",
                                    layout={"width": "36em"})
        add = widgets.Button(description="Add line of enquiry", button_style="primary")
        for control, css in ((area, "wb-loe-new-area"), (priority, "wb-loe-new-priority"),
                             (question, "wb-loe-new-question"), (add, "wb-loe-add")):
            control.add_class(css)
        add.on_click(lambda _b: self._act("Line of enquiry added.",
                                          lambda: self.add_line(area.value, priority.value, question.value)))
        return widgets.VBox([widgets.HTML(str(html.heading("Add a line of enquiry", 3))), area, priority, question,
                             add])

    def render(self) -> None:
        """Re-read the lines from the store and redraw."""
        found = lines(self.db, self.home_id, self.inspection_id)
        intro = html.paragraph(
            f"{len(found)} line(s) of enquiry. Accept, edit or reject each draft; accepted lines go into "
            "the visit plan (para 11).")
        top: list[widgets.Widget] = []
        if not found:
            draft = widgets.Button(description="Draft lines of enquiry", button_style="primary",
                                   tooltip="Draft lines of enquiry from this home's evidence",
                                   layout={"width": "auto"})
            draft.add_class("wb-loe-draft")
            draft.on_click(lambda _b: self._act("Lines of enquiry drafted from the evidence.", self.draft))
            top.append(draft)
        self.children = [widgets.HTML(str(html.join([html.heading("Lines of enquiry", 2), intro]))), *top,
                         *[self._row(r) for r in found], self._add_form(), self.message]
