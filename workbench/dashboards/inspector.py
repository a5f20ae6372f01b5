"""The inspector dashboard: the inspector's own homes; for the chosen one, everything for the visit.

Cells of ``notebooks/dashboards/inspector.ipynb`` call, in order: `prepare` (before any request in
a preheated kernel: imports, who is looking, their homes, each home's evidence picture), then
`header`, `choose` (waits for the request, reads ``?urn=``, refuses an unassigned home),
`evidence`, `enquiries`, `children`, `judgements` and `report`. After a refusal every later
cell shows nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from typing import Any
from urllib.parse import urlencode

import ipywidgets as widgets
from sqlalchemy import select

from workbench import html
from workbench.config import resolve_db_url
from workbench.dashboards import access, home_view, kernel, request
from workbench.dashboards.errors import AccessRefused
from workbench.dashboards.reports import produce_report, report_address, report_file
from workbench.errors import UserError
from workbench.store import lifecycle
from workbench.store.db import session_scope
from workbench.store.models import Home

log = logging.getLogger(__name__)
EMPTY = html.Fragment("")
#: seconds after the page is sent before the judgement editor is built (in a Voila kernel)
EDITOR_DELAY = 1.0


class InspectorDashboard:
    """One page view: the person, their homes and (after `choose`) the chosen home."""

    def __init__(self, db: str, person: access.Viewer | None, refusal: str | None = None) -> None:
        self.db = db
        self.viewer = person
        self.refusal = refusal
        self.homes = access.homes_for(db, person) if person else []
        self.urn: str | None = None
        self.home_id: int | None = None
        self.inspection_id: int | None = None
        self.editor: Any = None

    # ------------------------------------------------------------ state
    @property
    def open(self) -> bool:
        """True once a home the person may see has been chosen."""
        return self.urn is not None and self.refusal is None

    def _refusal(self) -> html.Fragment:
        return html.tag("div", html.join([html.tag("h2", "Not available"), html.paragraph(self.refusal)]),
                        class_="wb-refusal", role="alert")

    # ------------------------------------------------------------ cells
    def header(self) -> html.Fragment:
        """Title, who is signed in, and links to the person's homes (usable before any widget loads)."""
        if self.viewer is None:
            return html.join([html.tag("h1", "Inspector dashboard"), self._refusal()])
        links = [
            html.tag("li", html.tag("a", f"{h.urn}: {h.name} ({h.home_type})", href="?" + urlencode({"urn": h.urn}),
                                    class_="wb-home-link"))
            for h in self.homes
        ]
        listing = (html.tag("ul", html.join(links), class_="wb-home-list") if links
                   else html.paragraph("No homes are assigned to you.", class_="wb-empty"))
        return html.join([
            html.tag("h1", "Inspector dashboard"),
            html.paragraph(f"Signed in as {self.viewer.display_name} ({self.viewer.role}).", class_="wb-lead"),
            html.tag("nav", html.join([html.heading("Your homes", 2), listing]), class_="wb-homes",
                     **{"aria_label": "Your homes"}),
        ])

    def choose(self, urn: str = "") -> html.Fragment:
        """Open the home of ``urn`` (else ``?urn=`` of the address): its summary, or a refusal."""
        if self.viewer is None:
            return EMPTY
        wanted = urn or request.requested_urn()
        if not wanted:
            return html.paragraph("Choose one of your homes above.", class_="wb-hint")
        try:
            self.urn = access.may_open(self.db, self.viewer, wanted)
        except AccessRefused as refusal:
            self.refusal = refusal.message
            self.urn = None
            return self._refusal()
        with session_scope(self.db) as session:
            self.home_id = session.scalars(select(Home.id).where(Home.urn == self.urn)).one()
            from workbench.judgements.inspections import current_inspection

            home = session.get(Home, self.home_id)
            current = current_inspection(session, home, None)
            self.inspection_id = current.id if current else None
        return home_view.picture(self.db, self.urn).summary

    def evidence(self) -> html.Fragment:
        """The evidence picture with its charts."""
        if not self.open:
            return EMPTY
        return home_view.picture(self.db, self.urn).evidence

    def enquiries(self) -> Any:
        """Lines of enquiry: accept, edit, reject, add."""
        if not self.open:
            return EMPTY
        from workbench.dashboards.enquiries import EnquiryPanel

        return EnquiryPanel(self.db, self.viewer.username, self.home_id, self.urn, self.inspection_id)

    def children(self) -> html.Fragment:
        """The children to track, each with the reason it was selected (pseudonymous references only)."""
        if not self.open:
            return EMPTY
        return html.tag("section", html.join([html.heading("Children to track", 2),
                                              home_view.picture(self.db, self.urn).children]),
                        class_="wb-tracking")

    def judgements(self, defer: bool | None = None) -> Any:
        """The judgement widgets of the current inspection (saved as they change; caps enforced).

        In a Voila kernel the editor (hundreds of controls) is built just after the page has been
        sent (`defer`), so the page and its first controls are usable sooner; it appears in place
        when built. Elsewhere it is built at once.
        """
        if not self.open:
            return EMPTY
        if self.inspection_id is None:
            return html.join([html.heading("Judgements", 2), html.paragraph(
                f"{self.urn} has no open inspection. Start one with: workbench inspect {self.urn}")])
        heading = widgets.HTML(str(html.heading("Judgements", 2)))
        waiting = widgets.HTML(str(html.paragraph("Loading the judgement widgets...", class_="wb-hint")))
        box = widgets.VBox([heading, waiting])
        box.add_class("wb-judgements")
        if defer is None:
            defer = "VOILA_KERNEL_ID" in os.environ or request.preheated()
        if defer:
            # a moment after the page is sent: the browser's first widget handshake is not slowed down
            timer = threading.Timer(EDITOR_DELAY, self._build_editor, args=(box, heading))
            timer.daemon = True
            timer.start()
        else:
            self._build_editor(box, heading)
        return box

    def _build_editor(self, box: widgets.VBox, heading: widgets.Widget) -> None:
        from workbench.widgets import InspectionEditor

        try:
            self.editor = InspectionEditor(self.db, self.inspection_id, self.viewer.username)
        except Exception:
            log.exception("could not open the judgements of %s inspection %s", self.urn, self.inspection_id)
            box.children = [heading, widgets.HTML(str(html.paragraph(
                "The judgement widgets could not be opened (the error is in the server's log); reload the page.",
                class_="wb-error")))]
            return
        box.children = [heading, self.editor.widget]

    def report(self) -> Any:
        """A button that produces the report (papermill + nbconvert) and links to its HTML."""
        if not self.open or self.inspection_id is None:
            return EMPTY
        return ReportButton(self.db, self.urn, self.inspection_id)


class ReportButton(widgets.VBox):
    """Produce the report of an inspection and show a link to the exported HTML."""

    def __init__(self, db: str, urn: str, inspection_id: int) -> None:
        self.db, self.urn, self.inspection_id = db, urn, inspection_id
        self.button = widgets.Button(description="Produce the report", button_style="primary",
                                     tooltip="Run the report notebook and export its HTML")
        self.button.add_class("wb-produce-report")
        self.result = widgets.HTML()
        self.result.add_class("wb-report-result")
        self.button.on_click(lambda _b: self.produce())
        super().__init__([widgets.HTML(str(html.heading("Report", 2))), self.button, self.result])
        existing = report_file(urn, inspection_id)
        if existing is not None:
            self.result.value = str(self._link(existing, "Last exported report"))

    def _link(self, path: Any, label: str) -> html.Fragment:
        return html.paragraph(html.join([f"{label}: ", html.tag("a", path.name, href=report_address(path),
                                                                 target="_blank", rel="noopener",
                                                                 class_="wb-report-link")]))

    def produce(self) -> None:
        """Produce the report now; a refusal (privacy guard, parameters) is shown as its message."""
        self.button.disabled = True
        self.result.value = str(html.paragraph("Producing the report..."))
        try:
            path = produce_report(self.db, self.urn, self.inspection_id)
        except UserError as error:
            self.result.value = str(html.paragraph(f"No report: {error.message}", class_="wb-error"))
        except Exception:
            log.exception("producing the report of %s inspection %s failed", self.urn, self.inspection_id)
            self.result.value = str(html.paragraph("No report: it failed on the server (logged).", class_="wb-error"))
        else:
            self.result.value = str(self._link(path, f"Report produced {dt.datetime.now():%H:%M}"))
        finally:
            self.button.disabled = False


def prepare(db: str = "", user: str = "", warm: bool = True) -> InspectorDashboard:
    """Who is looking and their homes; in a preheated kernel also each home's evidence picture."""
    kernel.setup()
    url = resolve_db_url(db or None)
    try:
        person = access.viewer(url, user or None)
    except AccessRefused as refusal:
        return InspectorDashboard(url, None, refusal.message)
    page = InspectorDashboard(url, person)
    if warm and request.preheated():
        import workbench.dashboards.enquiries  # noqa: F401 - imported before the request arrives
        import workbench.widgets  # noqa: F401

        home_view.warm(url, _busy_first(url, [h.urn for h in page.homes]))
    return page


def _busy_first(db: str, urns: list[str]) -> list[str]:
    """The URNs with an active (draft or submitted) inspection first: the homes being inspected now."""
    from workbench.store.models import Inspection

    with session_scope(db) as session:
        busy = set(session.scalars(
            select(Home.urn).join(Inspection, Inspection.home_id == Home.id)
            .where(Home.urn.in_(urns), Inspection.status.in_(lifecycle.ACTIVE_STATUSES))
        ))
    return [u for u in urns if u in busy] + [u for u in urns if u not in busy]
