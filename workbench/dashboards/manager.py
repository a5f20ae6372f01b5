"""The manager dashboard: judgements across homes, inspections due, services of concern, the QA queue.

Managers only (`access.require_manager`). Filters (region, type, inspector, report status) and
sort controls update the page in the kernel, without reloading it. QA approve/return goes
through `workbench.report.status.change` (audited).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbench import html
from workbench.dashboards import (
    access,
    freshness,
    kernel,
    manager_data,
    request,
    sector_panel,
    shared_cache,
)
from workbench.dashboards import challenges as challenge_view
from workbench.dashboards.errors import AccessRefused
from workbench.dashboards.reports import document_links, report_file
from workbench.dashboards.review_action import reasons_list, take_action
from workbench.dashboards.tables import Column, SortableTable

log = logging.getLogger(__name__)
ALL = "All"
_chart_lock = threading.Lock()
_charts: dict[tuple[str, str], html.Fragment] = {}


def _chart(table: pd.DataFrame, by_label: str) -> html.Fragment:
    """A grade distribution chart, drawn once per distinct table (filters come back to the same ones)."""
    from workbench.dashboards import (
        charts,  # matplotlib: imported when a chart is drawn, not by every kernel
    )

    key = (by_label, table.to_json())
    if key not in _charts:
        if len(_charts) > 200:
            _charts.clear()
        _charts[key] = charts.grade_distribution(table, by_label)
    return _charts[key]


def _charts_html(latest: pd.DataFrame) -> str:
    """The three grade distribution charts of these latest judgements."""
    return str(html.join([_chart(manager_data.distribution(latest, by), label) for by, label in
                          (("region", "Region"), ("home_type", "Type"), ("sector", "Sector"))]))


@dataclass
class _Shared:
    """What the page shows before any filter, computed alike by every kernel under one store mark: read
    once and shared through `shared_cache` (a preheated kernel then only unpickles it)."""

    data: manager_data.ManagerData
    challenges: pd.DataFrame
    latest: pd.DataFrame
    due: pd.DataFrame
    concern: pd.DataFrame
    queue: pd.DataFrame
    charts: str  # the charts of all homes
    sector: str  # the sector panel's HTML
    counts: dict[str, pd.DataFrame]  # the challenge counts of all homes


#: the filters' values when nothing is filtered
UNFILTERED = (ALL, ALL, ALL, ALL)
COUNTS_BY = ("lead_inspector", "region")


def _compute(db: str | None, today: dt.date | None, mark: tuple[object, ...]) -> _Shared:
    """Read the store and derive every table for all homes (a filter then only picks rows by home)."""
    data = manager_data.load(db, today)
    latest = manager_data.latest_judgements(data)
    concern = manager_data.services_of_concern(data)
    concern["case_review"] = ""
    found = challenge_view.entries(db, data.inspections)
    return _Shared(data, found, latest, manager_data.due_inspections(data), concern, manager_data.qa_queue(data),
                   _charts_html(latest), sector_panel.panel_html(db, data.today, mark),
                   challenge_view.count_frames(data.inspections, data.homes, found, list(COUNTS_BY)))


def _date(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


def _report_link(row: Any) -> Any:
    path = report_file(row["urn"], int(row["inspection_id"]))
    if path is not None:
        return document_links(path, f"Report of {row['urn']} (HTML, new tab)", f"{row['urn']}'s report")
    return "No report file on this server"


def _date_cell(value: Any, _row: Any = None) -> Any:
    """A date in a table cell, kept on one line."""
    return html.tag("span", _date(value), class_="wb-date") if isinstance(value, dt.date) else ""


def _deadline_cell(value: Any, row: Any) -> Any:
    """A publication deadline (para 9), in bold and said when it has passed."""
    return html.tag("strong", f"{_date(value)} (overdue)") if row["overdue"] else _date_cell(value)


def _days(value: Any, _row: Any) -> Any:
    return "" if value is None or pd.isna(value) else int(value)


class ManagerDashboard:
    """The page's parts, each displayed by one notebook cell."""

    #: the challenge counts per filter choice, for the data they were counted from
    _counts: tuple[manager_data.ManagerData, dict[tuple[str, ...], dict[str, pd.DataFrame]]]

    def __init__(self, db: str | None, person: access.Viewer, today: dt.date | None = None) -> None:
        started = time.monotonic()
        self.db = db
        self.viewer = person
        self._fixed_today = today
        self.mark = freshness.mark(db, today)
        self._read_store()
        self.loaded_at = time.monotonic()
        self.build_seconds = self.loaded_at - started  # reading (or unpickling) the store's data
        self._latest_status = self._statuses()
        self.status_line = widgets.HTML()
        self.status_line.add_class("wb-match-count")
        self._build_filters()
        self._build_tables()
        self.chart_area = widgets.HTML()
        self.chart_area.add_class("wb-charts")
        self._build_qa()
        self.sector = sector_panel.sector_panel(db, self.today, self.mark, self._sector_html)
        self.refresh()

    # ------------------------------------------------------------ filters
    def _statuses(self) -> dict[int, str]:
        frame = self.data.inspections.sort_values(["home_id", "start_date", "inspection_id"])
        return dict(zip(frame["home_id"], frame["status"], strict=True))

    def _options(self, values: Any) -> list[str]:
        return [ALL, *sorted({str(v) for v in values if v is not None and v == v})]

    def _build_filters(self) -> None:
        homes = self.data.homes
        style = {"description_width": "initial"}
        self.region = widgets.Dropdown(options=self._options(homes["region"]), description="Region", style=style)
        self.home_type = widgets.Dropdown(options=self._options(homes["home_type"]), description="Type", style=style)
        self.inspector = widgets.Dropdown(options=[ALL, *self.data.inspectors()], description="Inspector",
                                          style=style)
        statuses = [(ALL, ALL)] + [(label, key) for key, label in manager_data.STATUS_LABELS.items()]
        self.status = widgets.Dropdown(options=statuses, description="Report status", style=style)
        for name, control in (("region", self.region), ("type", self.home_type), ("inspector", self.inspector),
                              ("status", self.status)):
            control.add_class(f"wb-filter-{name}")
            control.observe(self.refresh, names="value")

    def selected_homes(self) -> pd.DataFrame:
        """The homes matching the filters."""
        homes = self.data.homes
        keep = pd.Series(True, index=homes.index)
        if self.region.value != ALL:
            keep &= homes["region"] == self.region.value
        if self.home_type.value != ALL:
            keep &= homes["home_type"] == self.home_type.value
        if self.inspector.value != ALL:
            keep &= homes["inspectors"].map(lambda names: self.inspector.value in names)
        if self.status.value != ALL:
            keep &= homes["home_id"].map(lambda h: self._latest_status.get(h) == self.status.value)
        return homes[keep]

    # ------------------------------------------------------------ tables
    def _build_tables(self) -> None:
        grade = Column("grade", "Overall judgement",
                       lambda value, row: html.grade_tag(row["overall_grade"], value))
        inspectors = Column("inspectors", "Inspectors")
        self.judgements_table = SortableTable(
            [Column("urn", "URN"), Column("region", "Region"), Column("home_type", "Type"), Column("sector", "Sector"),
             Column("start_date", "Inspected", _date_cell), grade, inspectors,
             Column("status_label", "Report status"), Column("inspection_id", "Report", lambda v, r: _report_link(r))],
            caption="Latest judgements", css="wb-table-judgements", sort_by="urn", name="latest judgements")
        self.due_table = SortableTable(
            [Column("urn", "URN"), Column("state", "Status", sort="state_rank"),
             Column("due", "Due by", _date_cell), Column("days_left", "Days left", _days),
             Column("last_inspection", "Last inspected", _date_cell), Column("region", "Region"),
             inspectors, Column("reason", "Why (framework)")],
            caption="Inspections due and overdue, most urgent first (paras 7-8)", css="wb-table-due",
            sort_by="state", name="inspections due")
        self.concern_table = SortableTable(
            [Column("urn", "URN"), Column("start_date", "Interim inspection", _date_cell),
             Column("progress_judgement", "Progress (para 47)",
                    lambda v, r: (v or "").replace("_", " ").capitalize()),
             Column("region", "Region"), inspectors,
             Column("case_review", "Para 48", lambda v, r: "Consider a case review and enforcement action")],
            caption="Services of concern (para 48)", css="wb-table-concern", sort_by="start_date", descending=True,
            empty="No service of concern for these filters.", name="services of concern")
        self.qa_table = SortableTable(
            [Column("urn", "URN"), Column("inspection_type", "Type of inspection"),
             Column("last_day_on_site", "Last day on site", _date_cell),
             Column("deadline", "Publish by (para 9)", _deadline_cell),
             Column("working_days_left", "Working days left"), Column("lead_inspector", "Lead inspector"),
             Column("inspection_id", "Report", lambda v, r: _report_link(r)),
             Column("challenges", "Challenges to grades (answers)",
                    lambda v, r: challenge_view.answers_cell(self._challenges, r["inspection_id"]))],
            caption="Reports ready for QA (exported), overdue first", css="wb-table-qa", sort_by="deadline",
            empty="No report is ready for QA for these filters.", name="reports awaiting QA")
        self.unready_table = SortableTable(
            [Column("urn", "URN"), Column("inspection_type", "Type of inspection"),
             Column("deadline", "Publish by (para 9)", _deadline_cell), Column("lead_inspector", "Lead inspector"),
             Column("ready", "Why it cannot be approved",
                    lambda v, r: "Its report was never exported: return it so the inspector produces it")],
            caption="Submitted, but never exported: return to the inspector", css="wb-table-unready",
            sort_by="deadline", name="submitted reports never exported")
        labels = {"lead_inspector": "Inspector", "region": "Region"}
        self.challenge_counts = {by: challenge_view.count_table(by, labels[by]) for by in COUNTS_BY}

    def refresh(self, _change: Any = None) -> None:
        """Re-apply the filters: the match count and the due table first (what a person looks at), then
        the other tables and the challenge counts; the charts just after, off the critical path."""
        homes = self.selected_homes()
        ids = homes["home_id"]

        def pick(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[frame["home_id"].isin(ids)] if len(ids) < len(self.data.homes) else frame

        latest, due = pick(self._all_latest), pick(self._all_due)
        queue = pick(self._all_queue).reset_index(drop=True)
        overdue = int((due["state"] == "Overdue").sum()) if len(homes) else 0
        ready = int(queue["ready"].sum())
        self.status_line.value = str(html.paragraph(
            f"{len(homes)} homes match; {len(latest)} with a judgement; {overdue} inspection(s) overdue; "
            f"{ready} report(s) ready for QA" + (f" and {len(queue) - ready} submitted but never exported"
                                                 if len(queue) > ready else "")
            + f". Figures as of {self.today.isoformat()}.", class_="wb-filter-summary"))
        self.due_table.update(due)
        self.judgements_table.update(latest)
        self.concern_table.update(pick(self._all_concern))
        self._challenges = challenge_view.cached_entries(self)
        queue = challenge_view.with_answers(queue, self._challenges)
        self.qa_table.update(queue[queue["ready"]])
        unready = queue[~queue["ready"]]
        self.unready_table.update(unready)
        self.unready_table.layout.display = "none" if unready.empty else None  # shown only when there are some
        self._queue = queue
        chosen = self.qa_choice.value
        options = [("Choose a report", 0)] + [
            (f"{row.urn} ({row.inspection_type}, publish by {_date(row.deadline)})"
             + ("" if row.ready else ": never exported, return only"), int(row.inspection_id))
            for row in queue.sort_values("ready", ascending=False, kind="stable").itertuples()
        ]
        if tuple(options) != tuple(self.qa_choice.options):
            # the same control throughout, its options and selection sent to the browser in one message:
            # a control swapped for a new one left the old one's view (and model) behind, where a choice
            # made in the browser was never seen by `review`
            keep = chosen if chosen in {value for _label, value in options} else 0
            with self.qa_choice.hold_sync():
                self.qa_choice.options = options
                self.qa_choice.value = keep
            self._chose()
        self._update_counts(pick(self.data.inspections), homes)
        self._chart_later(latest)

    def _update_counts(self, inspections: pd.DataFrame, homes: pd.DataFrame) -> None:
        """The challenge counts for the filters, computed once per filter choice per load of the data."""
        key = (self.region.value, self.home_type.value, self.inspector.value, self.status.value)
        cache = self._counts
        if cache[0] is not self.data:
            cache = self._counts = (self.data, {})
        if key not in cache[1]:
            cache[1][key] = challenge_view.count_frames(inspections, homes, self._challenges, list(COUNTS_BY))
        for by, table in self.challenge_counts.items():
            table.update(cache[1][key][by])

    def _chart_later(self, latest: pd.DataFrame) -> None:
        """Draw the charts of these rows in a moment (matplotlib takes a while); a newer filter supersedes."""
        self._chart_generation = getattr(self, "_chart_generation", 0) + 1
        generation = self._chart_generation

        def draw() -> None:
            with _chart_lock:
                if generation != self._chart_generation:
                    return
                try:
                    drawn = _charts_html(latest)
                except Exception:
                    log.exception("drawing the manager's charts failed")
                    drawn = str(html.paragraph("The charts could not be drawn (logged on the server).",
                                               class_="wb-error"))
                if generation == self._chart_generation:
                    self.chart_area.value = drawn

        if latest is self._all_latest:  # no filter: the charts drawn with the page's data
            self.chart_area.value = self._all_charts
            return
        if not self.chart_area.value:
            draw()  # the first drawing is part of building the page
            return
        timer = threading.Timer(0.0, draw)
        timer.daemon = True
        timer.start()

    # ------------------------------------------------------------ QA
    def _build_qa(self) -> None:
        self.qa_choice = widgets.Dropdown(options=[("Choose a report", 0)], value=0,
                                          description="Report to review", style={"description_width": "initial"},
                                          layout={"width": "36em"})
        self.qa_notes = widgets.Textarea(placeholder="What should the inspector change? (required to return)",
                                         description="QA notes on the chosen report",
                                         style={"description_width": "initial"},
                                         layout={"width": "44em", "height": "6em"})
        self.approve = widgets.Button(description="Approve the chosen report", button_style="success",
                                      layout={"width": "auto"})
        self.send_back = widgets.Button(description="Return the chosen report to the inspector",
                                        button_style="warning", layout={"width": "auto"})
        self.confirm_text = widgets.HTML()
        self.confirm = widgets.Button(description="Yes, approve it", button_style="success", layout={"width": "auto"})
        self.cancel = widgets.Button(description="No, do not approve", layout={"width": "auto"})
        self.confirm_box = widgets.VBox([self.confirm_text, widgets.HBox([self.confirm, self.cancel])],
                                        layout={"display": "none"})
        self.qa_message = widgets.HTML()
        for control, css in ((self.qa_choice, "wb-qa-choice"), (self.qa_notes, "wb-qa-notes"),
                             (self.approve, "wb-qa-approve"), (self.send_back, "wb-qa-return"),
                             (self.qa_message, "wb-qa-message"), (self.confirm, "wb-qa-confirm"),
                             (self.cancel, "wb-qa-cancel"), (self.confirm_box, "wb-confirm")):
            control.add_class(css)
        self.approve.on_click(lambda _b: self.ask_approval())
        self.confirm.on_click(lambda _b: self.review("approve"))
        self.cancel.on_click(lambda _b: self._hide_confirmation("Not approved."))
        self.send_back.on_click(lambda _b: self.review("return"))
        self.qa_choice.observe(self._chose, names="value")
        self._chose()

    def _chose(self, _change: Any = None) -> None:
        """A report chosen (or none): approve and return act on it only once the kernel has the choice.

        The browser may send a click before a pending change of the choice (ipywidgets holds state
        updates back while one is in flight, not custom messages such as clicks), so the buttons are
        enabled from here, after the choice has arrived, never before.
        """
        chosen = bool(self.qa_choice.value)
        self.approve.disabled = self.send_back.disabled = not chosen
        self._hide_confirmation("")

    def _chosen(self) -> Any:
        inspection_id = self.qa_choice.value
        if not inspection_id:
            return None
        found = self._queue[self._queue["inspection_id"] == inspection_id]
        return found.iloc[0] if len(found) else None

    def _hide_confirmation(self, said: str) -> None:
        self.confirm_box.layout.display = "none"
        if said:
            self.qa_message.value = str(html.paragraph(said))

    def ask_approval(self) -> None:
        """Approve asks first: the report must have been exported, then "Yes, approve it"."""
        row = self._chosen()
        if row is None:
            self.qa_message.value = str(html.paragraph("Choose a report first.", class_="wb-error"))
            return
        reasons = self.approval_reasons(int(row["inspection_id"]))
        if reasons:
            self.qa_message.value = str(reasons_list(
                f"Not approved: the report of {row['urn']} cannot be approved yet (return it to the inspector "
                "with notes):", reasons))
            return
        self.qa_message.value = ""
        self.confirm_text.value = str(html.paragraph(
            f"Approve the report of {row['urn']} (inspection {int(row['inspection_id'])}, publish by "
            f"{_date(row['deadline'])})? It can then be published.", class_="wb-confirm-question"))
        self.confirm_box.layout.display = "flex"

    def approval_reasons(self, inspection_id: int) -> list[str]:
        """Every reason the lifecycle's gate would refuse approval now (asked before the confirmation)."""
        from sqlalchemy import select

        from workbench.report.status import gate_reasons
        from workbench.store.db import session_scope
        from workbench.store.models import Inspection, User

        with session_scope(self.db) as session:
            person = session.scalars(select(User).where(User.username == self.viewer.username)).one()
            inspection = session.get(Inspection, inspection_id)
            if inspection is None:
                return [f"inspection {inspection_id} is no longer in the store"]
            return gate_reasons(session, inspection, "approve", person, None)

    def review(self, action: str) -> None:
        """Approve or return the chosen report with the typed notes (audited); the message is escaped."""
        self.confirm_box.layout.display = "none"
        row = self._chosen()
        if row is None:
            self.qa_message.value = str(html.paragraph("Choose a report first.", class_="wb-error"))
            return
        if action == "return" and not self.qa_notes.value.strip():
            self.qa_message.value = str(html.paragraph(
                "Not returned: write QA notes saying what the inspector should change.", class_="wb-error"))
            return
        inspection_id = int(row["inspection_id"])
        result, refusal = take_action(row["urn"], inspection_id, action, self.viewer.username, self.db,
                                        notes=self.qa_notes.value or None, today=self.today)
        if result is None:
            self.qa_message.value = refusal
            return
        done = "approved" if action == "approve" else "returned to the inspector"
        self.qa_message.value = str(html.paragraph(
            f"Report of {result.urn} (inspection {result.inspection_id}) {done}; status now {result.status}.",
            class_="wb-success"))
        self.qa_notes.value = ""
        self._reload()

    # ------------------------------------------------------------ cells
    def ready(self) -> html.Fragment:
        """The notebook's last cell: every other cell was rendered ahead, in the preheated kernel (the page
        has no request parameter). Wait for the browser's request, then re-read the store if it has
        changed meanwhile (a grade saved, a status changed): the widgets are updated before the browser
        asks for their state, which it does only once this cell has run."""
        if request.preheated():
            log.info("manager page rendered ahead in %.1f s; waiting for a request", time.monotonic() - self.loaded_at
                     + self.build_seconds)
        request.wait_for_request()
        if freshness.mark(self.db, self._fixed_today) != self.mark:
            log.info("the store changed since the manager page was rendered: reading it again")
            self._reload()
        return html.Fragment("")

    def _read_store(self) -> None:
        """The page's data, derived tables, charts and sector panel: from another kernel of the server under
        the same store mark (`shared_cache`), else computed from the store (and shared)."""
        today = self._fixed_today or dt.date.today()
        key = ("manager", self.db, today.isoformat(), self.mark)
        found = shared_cache.load(key)
        if not isinstance(found, _Shared):  # absent, or an older kind of object
            found = _compute(self.db, today, self.mark)
            shared_cache.store(key, found)
        self.data, self._challenge_entries, self.today = found.data, found.challenges, found.data.today
        self._challenge_source = self.data
        self._all_latest, self._all_due, self._all_concern = found.latest, found.due, found.concern
        self._all_queue, self._all_charts, self._sector_html = found.queue, found.charts, found.sector
        self._counts = (self.data, {UNFILTERED: found.counts})

    def _reload(self) -> None:
        self.mark = freshness.mark(self.db, self._fixed_today)
        self._read_store()
        self.loaded_at = time.monotonic()
        self._latest_status = self._statuses()
        self.sector.value = self._sector_html
        self.refresh()

    def header(self) -> html.Fragment:
        """Title and who is signed in."""
        return html.join([
            html.tag("h1", "Manager dashboard: inspections, judgements and QA across homes",
                     **{"data_wb_title": "Manager dashboard - inspector workbench"}),
            html.paragraph(f"Signed in as {self.viewer.display_name} ({self.viewer.role}).", class_="wb-lead"),
        ])

    def filters(self) -> widgets.Widget:
        """The filter controls and a one-line summary of what matches."""
        box = widgets.VBox([widgets.HBox([self.region, self.home_type, self.inspector, self.status],
                                         layout={"flex_flow": "row wrap"}), self.status_line])
        box.add_class("wb-filters")
        return box

    def charts(self) -> widgets.Widget:
        """Distribution of the latest overall judgements by region, type and sector; the sector panel."""
        return widgets.VBox([widgets.HTML(str(html.heading("Latest judgements by region, type and sector"))),
                             self.chart_area, self.sector])

    def qa(self) -> widgets.Widget:
        """The QA queue with approve/return."""
        actions = widgets.VBox([self.qa_choice, self.qa_notes, widgets.HBox([self.approve, self.send_back]),
                                self.confirm_box, self.qa_message])
        actions.add_class("wb-qa-actions")
        return widgets.VBox([widgets.HTML(str(html.heading("Reports awaiting QA"))), self.qa_table, actions,
                             self.unready_table, challenge_view.section(self.challenge_counts)])

    def due(self) -> _Section:
        """Inspections due and overdue."""
        return _Section("Inspections due", self.due_table)

    def concern(self) -> _Section:
        """Services of concern."""
        return _Section("Services of concern", self.concern_table)

    def judgements(self) -> _Section:
        """Every home's latest judgement."""
        return _Section("All homes", self.judgements_table)


class _Section:
    """A heading and a widget: the heading as plain HTML (in the page as it arrives, and one widget fewer
    for the browser to build), then the widget."""

    def __init__(self, heading: str, widget: widgets.Widget) -> None:
        self.heading = heading
        self.widget = widget

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        # bold, as the headings inside widgets are (the page's plain-output headings are not)
        display(HTML(str(html.tag("h2", self.heading, style="font-weight: bold"))))
        display(self.widget)


class RefusedPage:
    """What a person who may not see the page gets: the reason, and nothing else."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def header(self) -> html.Fragment:
        """The refusal."""
        return html.join([html.tag("h1", "Not available"),
                          html.tag("div", html.paragraph(self.reason), class_="wb-refusal", role="alert")])

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: html.Fragment("")


def open_page(db: str | None = None, user: str | None = None, today: dt.date | None = None) -> Any:
    """The manager dashboard for this person, or a refusal page (non-managers, unknown users)."""
    from workbench.config import resolve_db_url

    kernel.setup()
    url = resolve_db_url(db or None)
    try:
        person = access.viewer(url, user or None)
        access.require_manager(person)
    except AccessRefused as refusal:
        return RefusedPage(refusal.message)
    return ManagerDashboard(url, person, today)
