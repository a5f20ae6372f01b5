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
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbench import html
from workbench.dashboards import (
    access,
    charts,
    freshness,
    kernel,
    manager_data,
    request,
    sector_panel,
    shared_cache,
)
from workbench.dashboards import challenges as challenge_view
from workbench.dashboards.errors import AccessRefused
from workbench.dashboards.reports import pdf_link, report_address, report_file
from workbench.dashboards.review_action import reasons_list, take_action
from workbench.dashboards.tables import Column, SortableTable

log = logging.getLogger(__name__)
ALL = "All"
_chart_lock = threading.Lock()
_charts: dict[tuple[str, str], html.Fragment] = {}


def _chart(table: pd.DataFrame, by_label: str) -> html.Fragment:
    """A grade distribution chart, drawn once per distinct table (filters come back to the same ones)."""
    key = (by_label, table.to_json())
    if key not in _charts:
        if len(_charts) > 200:
            _charts.clear()
        _charts[key] = charts.grade_distribution(table, by_label)
    return _charts[key]


def _date(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


def _report_link(row: Any) -> Any:
    path = report_file(row["urn"], int(row["inspection_id"]))
    if path is not None:
        link = html.tag("a", f"Report of {row['urn']} (HTML, new tab)", href=report_address(path), target="_blank",
                        rel="noopener", class_="wb-report-link")
        pdf = pdf_link(path, f"{row['urn']}'s report")
        return link if pdf is None else html.join([link, " · ", pdf])
    return "Not exported yet"


def _date_cell(value: Any, _row: Any = None) -> Any:
    """A date in a table cell, kept on one line."""
    return html.tag("span", _date(value), class_="wb-date") if isinstance(value, dt.date) else ""


def _days(value: Any, _row: Any) -> Any:
    return "" if value is None or pd.isna(value) else int(value)


class ManagerDashboard:
    """The page's parts, each displayed by one notebook cell."""

    def __init__(self, db: str | None, person: access.Viewer, today: dt.date | None = None) -> None:
        self.db = db
        self.viewer = person
        self.mark = freshness.mark(db)
        self._read_store(today)
        self.loaded_at = time.monotonic()
        self.today = self.data.today
        self._latest_status = self._statuses()
        self.status_line = widgets.HTML()
        self.status_line.add_class("wb-match-count")
        self._build_filters()
        self._build_tables()
        self.chart_area = widgets.HTML()
        self.chart_area.add_class("wb-charts")
        self._build_qa()
        self.sector = sector_panel.sector_panel(db, self.today, self.mark)  # before any request when preheated
        self._counts: tuple[manager_data.ManagerData, dict[tuple[str, ...], dict[str, pd.DataFrame]]] | None = None
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
             Column("deadline", "Publish by (para 9)",
                    lambda v, r: html.tag("strong", f"{_date(v)} (overdue)") if r["overdue"] else _date_cell(v)),
             Column("working_days_left", "Working days left"), Column("lead_inspector", "Lead inspector"),
             Column("inspection_id", "Report", lambda v, r: _report_link(r)),
             Column("challenges", "Challenges to grades (answers)",
                    lambda v, r: challenge_view.answers_cell(self._challenges, r["inspection_id"]))],
            caption="Reports awaiting QA, overdue first", css="wb-table-qa", sort_by="deadline",
            empty="No report is awaiting QA for these filters.", name="reports awaiting QA")
        self.challenge_counts = {"lead_inspector": challenge_view.count_table("lead_inspector", "Inspector"),
                                 "region": challenge_view.count_table("region", "Region")}

    def _derive(self) -> None:
        """Every table for all homes, once per load: a filter then only picks rows by home (each is per home)."""
        data = self.data
        self._all_latest = manager_data.latest_judgements(data)
        self._all_due = manager_data.due_inspections(data)
        concern = manager_data.services_of_concern(data)
        concern["case_review"] = ""
        self._all_concern = concern
        self._all_queue = manager_data.qa_queue(data)

    def refresh(self, _change: Any = None) -> None:
        """Re-apply the filters: the match count and the due table first (what a person looks at), then
        the other tables and the challenge counts; the charts just after, off the critical path."""
        if getattr(self, "_all_due", None) is None:
            self._derive()
        homes = self.selected_homes()
        ids = homes["home_id"]

        def pick(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[frame["home_id"].isin(ids)] if len(ids) < len(self.data.homes) else frame

        latest, due = pick(self._all_latest), pick(self._all_due)
        queue = pick(self._all_queue).reset_index(drop=True)
        overdue = int((due["state"] == "Overdue").sum()) if len(homes) else 0
        self.status_line.value = str(html.paragraph(
            f"{len(homes)} homes match; {len(latest)} with a judgement; {overdue} inspection(s) overdue; "
            f"{len(queue)} report(s) awaiting QA.", class_="wb-filter-summary"))
        self.due_table.update(due)
        self.judgements_table.update(latest)
        self.concern_table.update(pick(self._all_concern))
        self._challenges = challenge_view.cached_entries(self)
        queue = challenge_view.with_answers(queue, self._challenges)
        self.qa_table.update(queue)
        self._queue = queue
        chosen = self.qa_choice.value
        options = [("Choose a report", 0)] + [
            (f"{row.urn} ({row.inspection_type}, publish by {_date(row.deadline)})", int(row.inspection_id))
            for row in queue.itertuples()
        ]
        if tuple(options) != tuple(self.qa_choice.options):
            # the same control throughout, its options and selection sent to the browser in one message:
            # a control swapped for a new one left the old one's view (and model) behind, where a choice
            # made in the browser was never seen by `review`
            keep = chosen if chosen in {value for _label, value in options} else 0
            with self.qa_choice.hold_sync():
                self.qa_choice.options = options
                self.qa_choice.value = keep
        self._update_counts(pick(self.data.inspections), homes)
        self._chart_later(latest)

    def _update_counts(self, inspections: pd.DataFrame, homes: pd.DataFrame) -> None:
        """The challenge counts for the filters, computed once per filter choice per load of the data."""
        key = (self.region.value, self.home_type.value, self.inspector.value, self.status.value)
        cache = self._counts
        if cache is None or cache[0] is not self.data:
            cache = self._counts = (self.data, {})
        if key not in cache[1]:
            cache[1][key] = challenge_view.count_frames(inspections, homes, self._challenges,
                                                        list(self.challenge_counts))
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
                    drawn = str(html.join([_chart(manager_data.distribution(latest, by), label) for by, label in
                                           (("region", "Region"), ("home_type", "Type"), ("sector", "Sector"))]))
                except Exception:
                    log.exception("drawing the manager's charts failed")
                    drawn = str(html.paragraph("The charts could not be drawn (logged on the server).",
                                               class_="wb-error"))
                if generation == self._chart_generation:
                    self.chart_area.value = drawn

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
        self.qa_choice.observe(lambda _c: self._hide_confirmation(""), names="value")

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
        """Wait for the browser's request (preheated kernels), then re-read the store if it has changed."""
        request.wait_for_request()
        if freshness.mark(self.db) != self.mark:
            self._reload()
        return html.Fragment("")

    def _read_store(self, today: dt.date | None) -> None:
        """The page's data and its challenge ledger: from another kernel of the server under the same
        store mark (`shared_cache`), else read from the store (and shared)."""
        key = ("manager", self.db, (today or dt.date.today()).isoformat(), self.mark)
        found = shared_cache.load(key)
        if found is None:
            data = manager_data.load(self.db, today)
            found = (data, challenge_view.entries(self.db, data.inspections))
            shared_cache.store(key, found)
        self.data, self._challenge_entries = found
        self._challenge_source = self.data

    def _reload(self) -> None:
        self.mark = freshness.mark(self.db)
        self._read_store(self.today)
        self.loaded_at = time.monotonic()
        self._latest_status = self._statuses()
        self._derive()
        self.sector.value = sector_panel.panel_html(self.db, self.today, self.mark)
        self.refresh()

    def header(self) -> html.Fragment:
        """Title and who is signed in."""
        return html.join([
            html.tag("h1", "Manager dashboard: inspections, judgements and QA across homes",
                     **{"data_wb_title": "Manager dashboard - inspector workbench"}),
            html.paragraph(f"Signed in as {self.viewer.display_name} ({self.viewer.role}). "
                           f"Figures as of {self.today.isoformat()}.", class_="wb-lead"),
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
                             challenge_view.section(self.challenge_counts)])

    def due(self) -> widgets.Widget:
        """Inspections due and overdue."""
        return widgets.VBox([widgets.HTML(str(html.heading("Inspections due"))), self.due_table])

    def concern(self) -> widgets.Widget:
        """Services of concern."""
        return widgets.VBox([widgets.HTML(str(html.heading("Services of concern"))), self.concern_table])

    def judgements(self) -> widgets.Widget:
        """Every home's latest judgement."""
        return widgets.VBox([widgets.HTML(str(html.heading("All homes"))), self.judgements_table])


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
