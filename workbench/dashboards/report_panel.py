"""The inspector dashboard's report section: produce the report, submit it for QA, the review history.

Producing runs the report notebook (papermill + nbconvert), prints the guarded HTML to PDF when
Chromium is there (`workbench.report.pdf`; else the HTML alone, saying why) and links to both.
Submitting goes through `workbench.report.status.change` (audited); it needs a produced report,
so QA reviews what was exported. A refusal is shown as its one-line message.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workbench import html
from workbench.dashboards import review
from workbench.dashboards.reports import document_links, produce_report, report_file
from workbench.dashboards.review_action import take_action
from workbench.errors import UserError
from workbench.store.db import session_scope
from workbench.store.models import Inspection

log = logging.getLogger(__name__)


class ReportPanel(widgets.VBox):
    """Produce, submit for QA, history; `attach` binds it to an inspection started on the page."""

    def __init__(self, db: str, urn: str, user: str, inspection_id: int | None,
                 on_change: Callable[[], None] | None = None) -> None:
        self.db, self.urn, self.user = db, urn, user
        #: called after a report is produced or submitted (the page's readiness checklist reads the store again)
        self.on_change = on_change
        self.inspection_id: int | None = None
        heading = widgets.HTML(str(html.tag("h2", "Report and QA", id="wb-report-heading")))
        self.state = widgets.HTML()
        self.state.add_class("wb-report-state")
        self.button = widgets.Button(description=f"Produce the report of {urn}", button_style="primary",
                                     tooltip="Run the report notebook and export its HTML", layout={"width": "auto"})
        self.button.add_class("wb-produce-report")
        self.result = widgets.HTML()
        self.result.add_class("wb-report-result")
        self.submit = widgets.Button(description=f"Submit the report of {urn} for QA", button_style="success",
                                     layout={"width": "auto"})
        self.submit.add_class("wb-submit-qa")
        self.message = widgets.HTML()
        self.message.add_class("wb-submit-message")
        self.history = widgets.HTML()
        self.history.add_class("wb-history")
        self.button.on_click(lambda _b: self.produce())
        self.submit.on_click(lambda _b: self.submit_for_qa())
        super().__init__([heading, self.state])
        self.heading = heading
        self.add_class("wb-report-panel")
        if inspection_id is None:
            self.state.value = str(html.paragraph("Start an inspection (under Judgements) to produce its report.",
                                                  class_="wb-hint"))
        else:
            self.attach(inspection_id)

    def attach(self, inspection_id: int) -> None:
        """Show the controls of this inspection."""
        self.inspection_id = int(inspection_id)
        existing = report_file(self.urn, self.inspection_id)
        if existing is not None:
            self.result.value = str(self._link(existing, "Last exported report"))
        self.children = [self.heading, self.state, widgets.HBox([self.button]), self.result,
                         widgets.HBox([self.submit]), self.message, self.history]
        self.refresh()

    @property
    def ident(self) -> int:
        """The inspection shown (the controls exist only once one is attached)."""
        if self.inspection_id is None:
            raise RuntimeError("no inspection attached to the report panel")
        return self.inspection_id

    def _status(self) -> str:
        with session_scope(self.db) as session:
            found = session.get(Inspection, self.ident)
            return found.status if found is not None else "unknown"

    def refresh(self) -> None:
        """Re-read the status and the history."""
        status = self._status()
        label = review.STATUS_TEXT.get(status, status)
        self.state.value = str(html.paragraph(html.join([
            f"Inspection {self.inspection_id} of {self.urn}: ", html.tag("strong", label), "."])))
        self.submit.disabled = self.button.disabled = status != "draft"  # a submitted record is frozen
        self.history.value = str(review.history_table(self.db, self.ident))

    def _link(self, path: Any, label: str, note: str = "") -> html.Fragment:
        parts: list[Any] = [f"{label}: ", document_links(path, f"{path.name} (opens in a new tab)",
                                                         f"{self.urn}'s report")]
        if note:
            parts.append(f" ({note})")
        return html.paragraph(html.join(parts))

    def produce(self) -> None:
        """Produce the report now; a refusal (privacy guard, parameters) is shown as its message."""
        self.button.disabled = True
        self.result.value = str(html.paragraph("Producing the report..."))
        from workbench.report.pdf import unavailable

        no_pdf = unavailable()
        try:
            path = produce_report(self.db, self.urn, self.ident, pdf=no_pdf is None)
        except UserError as error:
            self.result.value = str(html.paragraph(f"No report: {error.message}", class_="wb-error"))
        except Exception:
            log.exception("producing the report of %s inspection %s failed", self.urn, self.inspection_id)
            self.result.value = str(html.paragraph("No report: it failed on the server (logged).", class_="wb-error"))
        else:
            self.result.value = str(self._link(path, f"Report produced {dt.datetime.now():%H:%M}",
                                               f"no PDF: {no_pdf}" if no_pdf else ""))
        finally:
            self.button.disabled = False
            self._changed()

    def _changed(self) -> None:
        if self.on_change is not None:
            try:
                self.on_change()
            except Exception:  # the checklist catches up at the next save
                log.exception("could not refresh after a change of the report of %s", self.urn)

    def submit_for_qa(self) -> None:
        """Submit the report for QA (a produced report is needed); the refusal is one line."""
        if report_file(self.urn, self.ident) is None:
            self.message.value = str(html.paragraph(
                "Not submitted: produce the report first, so QA reviews what you exported.", class_="wb-error"))
            return
        result, refusal = take_action(self.urn, self.inspection_id, "submit", self.user, self.db)
        if result is None:
            self.message.value = refusal
            return
        self.message.value = str(html.paragraph(
            f"Submitted for QA: the report of {result.urn} must be published by {result.deadline:%d %B %Y} "
            "(para 9).", class_="wb-success"))
        self.refresh()
        self._changed()
