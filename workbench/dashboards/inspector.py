"""The inspector dashboard: the inspector's own homes; for the chosen one, everything for the visit.

Cells of ``notebooks/dashboards/inspector.ipynb`` call `prepare` (before any request in a preheated
kernel: imports, who is looking, their homes, each home's evidence picture), then `show`, which
shows in order `header`, `choose` (waits for the request, reads ``?urn=``, refuses an unassigned
home), `evidence`, `enquiries`, `children`, `plan`, `judgements` and `report`. After a refusal every later
section shows nothing.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

import ipywidgets as widgets
from sqlalchemy import select

from workbench import html
from workbench.config import resolve_db_url
from workbench.dashboards import access, home_view, kernel, request, review
from workbench.dashboards.errors import AccessRefused
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
        self.report_panel: Any = None
        self.enquiry_panel: Any = None
        self.mark: tuple[object, ...] | None = None
        #: (urn, inspection id, store mark when built, editor): built in a preheated kernel before the request
        self.prebuilt: tuple[str, int, tuple[object, ...], Any] | None = None

    # ------------------------------------------------------------ state
    def chosen(self) -> tuple[access.Viewer, str, int]:
        """Who is looking, the chosen home's URN and id: only called once `open` is true."""
        if self.viewer is None or self.urn is None or self.home_id is None:
            raise RuntimeError("no home has been chosen (or it was refused): check `open` first")
        return self.viewer, self.urn, self.home_id

    def picture(self) -> home_view.HomePicture:
        """The chosen home's picture (cached under the store mark read when the home was chosen)."""
        _viewer, urn, _home_id = self.chosen()
        return home_view.picture(self.db, urn, mark=self.mark)

    @property
    def open(self) -> bool:
        """True once a home the person may see has been chosen."""
        return self.urn is not None and self.refusal is None

    def _refusal(self) -> html.Fragment:
        return html.tag("div", html.join([html.tag("h2", "Not available"), html.paragraph(self.refusal)]),
                        class_="wb-refusal", role="alert")

    # ------------------------------------------------------------ cells
    def header(self, urn: str = "") -> html.Fragment:
        """The page's title; without a home chosen, the person's homes to work from (plain HTML, no widget).

        With a home chosen (``urn`` or ``?urn=``) the list is not repeated: a link back to it, and
        the home opens at the top of the view.
        """
        if self.viewer is None:
            return html.join([html.tag("h1", "Inspector dashboard: not available"), self._refusal()])
        wanted = urn or request.requested_urn()
        signed_in = html.paragraph(f"Signed in as {self.viewer.display_name} ({self.viewer.role}).", class_="wb-lead")
        if wanted:
            return html.join([
                html.tag("a", "\u2190 Back to your homes", href="?", class_="wb-back"),
                signed_in,
            ])
        from workbench.dashboards import home_list

        found = home_list.rows(self.db, self.homes)
        return html.join([
            html.tag("h1", "Your homes: inspector dashboard",
                     **{"data_wb_title": "Your homes - inspector dashboard - inspector workbench"}),
            signed_in,
            html.tag("nav", home_list.listing(found), class_="wb-homes", **{"aria_label": "Your homes"}),
        ])

    def choose(self, urn: str = "") -> html.Fragment:
        """Open the home of ``urn`` (else ``?urn=`` of the address): its summary, or a refusal."""
        if self.viewer is None:
            return EMPTY
        wanted = urn or request.requested_urn()
        if not wanted:
            return EMPTY
        try:
            urn = access.may_open(self.db, self.viewer, wanted)
        except AccessRefused as refusal:
            self.refusal = refusal.message
            self.urn = None
            return self._refusal()
        self.urn = urn
        self.home_id, self.inspection_id = _current(self.db, urn)
        self.mark = home_view.current_mark(self.db, urn)
        picture = self.picture()
        return html.join([
            review.returned_notice(self.db, self.inspection_id, urn),
            picture.summary,
            home_view.contents(picture),
        ])

    def evidence(self) -> html.Fragment:
        """The evidence picture with its charts."""
        if not self.open:
            return EMPTY
        return self.picture().evidence

    def enquiries(self) -> Any:
        """Lines of enquiry: accept, edit, reject, add."""
        if not self.open:
            return EMPTY
        from workbench.dashboards.enquiries import EnquiryPanel

        viewer, urn, home_id = self.chosen()
        self.enquiry_panel = EnquiryPanel(self.db, viewer.username, home_id, urn, self.inspection_id)
        return self.enquiry_panel

    def children(self) -> html.Fragment:
        """The children to track, each with the reason it was selected (pseudonymous references only)."""
        if not self.open:
            return EMPTY
        return html.tag("section", html.join([html.heading("Children to track", 2),
                                              self.picture().children]),
                        class_="wb-tracking")

    def judgements(self, defer: bool | None = None) -> Any:
        """The judgement widgets of the current inspection (saved as they change; caps enforced).

        Without an open inspection: a button that starts one (audited), then the editor in place.
        In a Voila kernel the editor (hundreds of controls) is built just after the page has been
        sent (`defer`), so the page and its first controls are usable sooner; it appears in place
        when built. Elsewhere it is built at once.
        """
        if not self.open:
            return EMPTY
        heading = widgets.HTML(str(html.tag("h2", "Judgements", id="wb-judgements-heading")))
        box = widgets.VBox([heading])
        box.add_class("wb-judgements")
        if self.inspection_id is None:
            box.children = [heading, *self._start_controls(box, heading)]
            return box
        box.children = [heading, widgets.HTML(str(html.paragraph("Loading the judgement widgets...",
                                                                     class_="wb-hint")))]
        ready = self._take_prebuilt()
        if ready is not None:
            self.editor = ready
            box.children = [heading, ready.widget]
            return box
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

    def prebuild(self, urn: str) -> None:
        """Build the judgement editor of `urn`'s open inspection ahead of the request (a preheated kernel
        has nothing else to do): the editor reads the whole store for its readiness checks (seconds on a
        3,000-home store), which would otherwise compete with the page's first widgets."""
        _home_id, inspection_id = _current(self.db, urn)
        if inspection_id is None or self.viewer is None:
            return
        from workbench.dashboards.freshness import mark
        from workbench.widgets import InspectionEditor

        before = mark(self.db)
        editor = InspectionEditor(self.db, inspection_id, self.viewer.username, heading_level=3)
        self.prebuilt = (urn, inspection_id, before, editor)

    def _take_prebuilt(self) -> Any:
        """The editor built ahead for this home and inspection, if nothing in the store has changed since."""
        if self.prebuilt is None:
            return None
        urn, inspection_id, before, editor = self.prebuilt
        self.prebuilt = None
        from workbench.dashboards.freshness import mark

        if (urn, inspection_id) != (self.urn, self.inspection_id) or mark(self.db) != before:
            editor.widget.close()  # a saved change since (or another home): built afresh below
            return None
        return editor

    def _start_controls(self, box: widgets.VBox, heading: widgets.Widget) -> list[widgets.Widget]:
        """"No open inspection" with a button that starts one today (audited)."""
        note = widgets.HTML(str(html.paragraph(f"{self.urn} has no open inspection.")))
        kind = widgets.Dropdown(options=[("Full inspection", "full"), ("Interim inspection", "interim")],
                                value="full", description=f"Type of inspection of {self.urn}",
                                style={"description_width": "initial"})
        kind.add_class("wb-start-type")
        start = widgets.Button(description=f"Start an inspection of {self.urn} today", button_style="primary",
                               layout={"width": "auto"})
        start.add_class("wb-start-inspection")
        message = widgets.HTML()
        message.add_class("wb-start-message")

        def started(_button: Any) -> None:
            start.disabled = True
            try:
                self.start_inspection(kind.value)
            except UserError as error:
                message.value = str(html.paragraph(f"Not started: {error.message}", class_="wb-error"))
                start.disabled = False
                return
            done = widgets.HTML(str(html.paragraph(f"Inspection {self.inspection_id} started.", class_="wb-success")))
            done.add_class("wb-start-message")
            self._build_editor(box, heading, keep=[done])
            if self.report_panel is not None:
                self.report_panel.attach(self.inspection_id)

        start.on_click(started)
        return [note, kind, start, message]

    def start_inspection(self, inspection_type: str = "full") -> int:
        """Open (or reopen) the home's inspection, audited as the person signed in."""
        from workbench.judgements import open_inspection

        viewer, urn, _home_id = self.chosen()
        opened = open_inspection(self.db, urn, viewer.username, inspection_type=inspection_type)
        self.inspection_id = opened.inspection_id
        return opened.inspection_id

    def _build_editor(self, box: widgets.VBox, heading: widgets.Widget, keep: list[widgets.Widget] | None = None) -> None:
        from workbench.widgets import InspectionEditor

        viewer, _urn, _home_id = self.chosen()
        try:
            if self.inspection_id is None:
                raise RuntimeError(f"{self.urn} has no open inspection")
            self.editor = InspectionEditor(self.db, self.inspection_id, viewer.username, heading_level=3)
        except Exception:
            log.exception("could not open the judgements of %s inspection %s", self.urn, self.inspection_id)
            box.children = [heading, widgets.HTML(str(html.paragraph(
                "The judgement widgets could not be opened (the error is in the server's log); reload the page.",
                class_="wb-error")))]
            return
        box.children = [heading, *(keep or []), self.editor.widget]

    def show(self, urn: str = "") -> None:
        """The whole page in one notebook cell: the header, then the chosen home's sections in order.

        One cell, not one per section: after the request arrives every cell costs Voila a round trip
        to the kernel (tens of milliseconds each, far more on a busy server), and the page is only
        interactive once the last one has been sent.
        """
        from IPython.display import display

        for part in (self.header(urn), self.choose(urn), self.evidence(), self.enquiries(), self.children(),
                     self.plan(), self.judgements(), self.report()):
            if part is not EMPTY:
                display(part)

    def plan(self) -> Any:
        """The home's latest visit plan and a button that prepares it (as `workbench prepare`; para 11)."""
        if not self.open:
            return EMPTY
        from workbench.dashboards.plan_panel import PlanPanel

        viewer, urn, _home_id = self.chosen()
        redraw = self.enquiry_panel.render if self.enquiry_panel is not None else None  # the lines it saved
        return PlanPanel(self.db, urn, viewer.username, on_prepared=redraw)

    def report(self) -> Any:
        """Produce the report, submit it for QA, and the review history (a start button opens it too)."""
        if not self.open:
            return EMPTY
        from workbench.dashboards.report_panel import ReportPanel

        viewer, urn, _home_id = self.chosen()
        self.report_panel = ReportPanel(self.db, urn, viewer.username, self.inspection_id,
                                        on_change=self._report_changed)
        return self.report_panel


    def _report_changed(self) -> None:
        """A report produced or submitted: the editor's readiness (and the bar) read the store again."""
        if self.editor is not None:
            self.editor.update_readiness()


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

        busy = _busy_first(url, [h.urn for h in page.homes])
        home_view.warm(url, busy)
        drafting = _drafting(url, busy)
        if drafting:
            try:
                page.prebuild(drafting[0])  # the report being written now is the likeliest to be opened
            except Exception:  # built (and reported) when opened
                log.exception("could not prepare the judgement widgets of %s", drafting[0])
    return page


def _drafting(db: str, urns: list[str]) -> list[str]:
    """The URNs with a draft inspection (the report still being written), the latest started first."""
    from workbench.store.models import Inspection

    with session_scope(db) as session:
        found = session.execute(
            select(Home.urn).join(Inspection, Inspection.home_id == Home.id)
            .where(Home.urn.in_(urns), Inspection.status.in_(lifecycle.EDITABLE_STATUSES))
            .order_by(Inspection.start_date.desc(), Home.urn)
        ).scalars().all()
    return list(dict.fromkeys(found))


def _current(db: str, urn: str) -> tuple[int, int | None]:
    """The home's id and its current inspection's id (None without one)."""
    from workbench.judgements.inspections import current_inspection

    with session_scope(db) as session:
        home = session.scalars(select(Home).where(Home.urn == urn)).one()
        current = current_inspection(session, home, None)
        return home.id, (current.id if current else None)


def _busy_first(db: str, urns: list[str]) -> list[str]:
    """The URNs with an active (draft or submitted) inspection first: the homes being inspected now."""
    from workbench.store.models import Inspection

    with session_scope(db) as session:
        busy = set(session.scalars(
            select(Home.urn).join(Inspection, Inspection.home_id == Home.id)
            .where(Home.urn.in_(urns), Inspection.status.in_(lifecycle.ACTIVE_STATUSES))
        ))
    return [u for u in urns if u in busy] + [u for u in urns if u not in busy]
