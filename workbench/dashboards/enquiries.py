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
        drafted = _drafted_wording(session, [r.id for r in rows])
        return [
            {"id": r.id, "area": r.area, "priority": r.priority, "question": r.question, "status": r.status,
             "evidence": list(r.evidence or []), "version": r.version, "rule_id": r.rule_id,
             "drafted": drafted.get(r.id) if drafted.get(r.id) != r.question else None}
            for r in rows
        ]


def _drafted_wording(session: Any, ids: list[int]) -> dict[int, str]:
    """Each line's wording before its first edit (the audit log's first old value of ``question``)."""
    from sqlalchemy import select

    from workbench.store.models import AuditEntry

    if not ids:
        return {}
    found = session.execute(
        select(AuditEntry.entity_id, AuditEntry.old_value)
        .where(AuditEntry.entity == "lines_of_enquiry", AuditEntry.field == "question",
               AuditEntry.entity_id.in_([str(i) for i in ids]))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).all()
    first: dict[int, str] = {}
    for entity_id, old in found:  # newest first: the last one written is the earliest
        if old:
            first[int(entity_id)] = old
    return first


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

                inspection = session.get(Inspection, self.inspection_id)
                if inspection is None:  # removed by someone else while the page was open
                    raise UserError(f"inspection {self.inspection_id} is no longer in the store; reload the page")
                kind = inspection.inspection_type
            drafts = service.draft_lines(session, self.home_id, dt.date.today(), kind)
            service.save_drafts(session, self.home_id, drafts, self.user, inspection_id=self.inspection_id)

    def add_line(self, area: str, priority: str, question: str) -> None:
        """Add the inspector's own line of enquiry (accepted from the start, audited)."""
        import workbench.enquiry as service

        with session_scope(self.db) as session:
            service.add(session, self.home_id, self.user, question, area, priority=priority,
                        inspection_id=self.inspection_id)

    def restore(self, row: dict[str, Any]) -> None:
        """Put back the drafted wording (an audited edit, so the change itself is on record)."""
        drafted = row.get("drafted")
        if not drafted:
            raise UserError("this line has no other drafted wording to restore")
        self.set_status(row, "edited", drafted)

    # ------------------------------------------------------------ drawing
    def _row(self, number: int, row: dict[str, Any]) -> widgets.Widget:
        evidence = ", ".join(
            " ".join(str(part) for part in (e.get("reference"), e.get("date")) if part) for e in row["evidence"][:6]
        )
        state = STATUS_LABELS.get(row["status"], row["status"])
        drafted = row.get("drafted")
        text = html.join([
            html.tag("h3", f"Line {number}: {state}", class_="wb-heading-s wb-loe-title"),
            html.tag("p", html.join([
                html.tag("strong", f"{row['priority'].capitalize()} priority"), " · ",
                label_of(row["area"]), " · ",
                html.tag("span", state, class_="wb-loe-status"),
            ])),
            html.tag("p", row["question"], class_="wb-loe-question wb-user-text"),
            html.tag("p", html.join([html.tag("strong", "Drafted wording: "),
                                     html.tag("span", drafted, class_="wb-user-text")]), class_="wb-loe-drafted")
            if drafted else html.Fragment(""),
            html.tag("p", f"Evidence: {evidence}", class_="wb-loe-evidence") if evidence else html.Fragment(""),
        ])
        accept = widgets.Button(description=f"Accept line {number}", tooltip=f"Accept line of enquiry {number}",
                                button_style="success")
        reject = widgets.Button(description=f"Reject line {number}", tooltip=f"Reject line of enquiry {number}")
        edited = widgets.Textarea(value=row["question"], description=f"Wording of line {number}",
                                  style={"description_width": "initial"}, layout={"width": "40em"})
        save = widgets.Button(description=f"Save the wording of line {number}",
                              tooltip=f"Accept line {number} with this wording", layout={"width": "auto"})
        controls = [accept, reject]
        if row["status"] in ("accepted", "edited"):
            accept.disabled = True
        if row["status"] == "rejected":
            reject.disabled = True
        for control, css in ((accept, "wb-loe-accept"), (reject, "wb-loe-reject"), (edited, "wb-loe-edit"),
                             (save, "wb-loe-save")):
            control.add_class(css)
        accept.on_click(lambda _b: self._act(f"Line {number} accepted.", lambda: self.set_status(row, "accepted")))
        reject.on_click(lambda _b: self._act(f"Line {number} rejected.", lambda: self.set_status(row, "rejected")))
        save.on_click(lambda _b: self._act(f"New wording of line {number} saved (the drafted wording is kept).",
                                           lambda: self.set_status(row, "edited", edited.value)))
        if drafted:
            restore = widgets.Button(description=f"Restore the drafted wording of line {number}",
                                     layout={"width": "auto"})
            restore.add_class("wb-loe-restore")
            restore.on_click(lambda _b: self._act(f"Drafted wording of line {number} restored.",
                                                  lambda: self.restore(row)))
            controls.append(restore)
        box = widgets.VBox([widgets.HTML(str(text)), widgets.HBox(controls, layout={"flex_flow": "row wrap"}),
                            widgets.HBox([edited, save], layout={"flex_flow": "row wrap"})])
        box.add_class("wb-loe")
        box.add_class(f"wb-loe--{row['status']}")
        box.add_class(f"wb-loe-{row['id']}")
        return box

    def _add_form(self) -> widgets.Widget:
        style = {"description_width": "initial"}
        area = widgets.Dropdown(options=[(t, k) for k, t in area_titles().items()], description="Area of the new line",
                                style=style)
        priority = widgets.Dropdown(options=[("High", "high"), ("Medium", "medium"), ("Low", "low")],
                                    value="medium", description="Priority of the new line", style=style)
        question = widgets.Textarea(description="Question of the new line", placeholder="What do you want to find out?",
                                    style=style, layout={"width": "40em"})
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
        heading = html.tag("h2", "Lines of enquiry", id="wb-enquiries-heading")
        self.children = [widgets.HTML(str(html.join([heading, intro]))), *top,
                         *[self._row(n, r) for n, r in enumerate(found, start=1)], self._add_form(), self.message]
