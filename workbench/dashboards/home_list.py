"""The inspector's list of homes to work from, most urgent first.

For each home the person may open: when its next inspection is due (paras 7-8), its open
inspection and status (a report returned by QA is called out), its latest overall grade, and an
urgency: overdue, due this week, returned by QA, in progress, then the rest by days left. The
list is one escaped HTML table the page filters in the browser (search by URN, name or local
authority; local authority; urgency).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy import select

from workbench import html
from workbench.dashboards.access import HomeChoice
from workbench.rules import label_of
from workbench.rules.timings import next_inspection_due
from workbench.store.db import session_scope
from workbench.store.models import Home, Inspection, Judgement

#: urgency key -> (rank, label); lower rank first
URGENCY = {
    "overdue": (0, "Overdue"),
    "due-week": (1, "Due this week"),
    "returned": (2, "Returned by QA"),
    "in-progress": (3, "In progress"),
    "later": (4, "Not due yet"),
}
STATUS_TEXT = {"draft": "Draft", "submitted": "Submitted for QA", "qa_approved": "QA approved",
               "published": "Published"}
OPEN = ("draft", "submitted")


@dataclass(frozen=True)
class HomeRow:
    """One line of the list."""

    urn: str
    name: str
    local_authority: str
    due: dt.date | None
    days_left: int | None
    open_id: int | None
    open_status: str | None
    returned: bool
    grade: str | None
    graded_on: dt.date | None
    urgency: str

    @property
    def rank(self) -> tuple[int, int, str]:
        """Sort key: urgency, then days left (soonest first), then URN."""
        days = self.days_left if self.days_left is not None else -10_000
        return URGENCY[self.urgency][0], days, self.urn


def _urgency(days: int | None, open_status: str | None, returned: bool) -> str:
    if days is None or days < 0:
        return "overdue"
    if days <= 7:
        return "due-week"
    if returned:
        return "returned"
    if open_status in OPEN:
        return "in-progress"
    return "later"


def rows(db: str, homes: list[HomeChoice], today: dt.date | None = None) -> list[HomeRow]:
    """The person's homes with due dates, open inspections and grades, most urgent first."""
    today = today or dt.date.today()
    if not homes:
        return []
    urns = [h.urn for h in homes]
    with session_scope(db) as session:
        ids: dict[str, int] = {u: i for u, i in session.execute(select(Home.urn, Home.id).where(Home.urn.in_(urns)))}
        overall = select(Judgement.inspection_id, Judgement.grade).where(Judgement.area == "overall").subquery()
        found = session.execute(
            select(Inspection.home_id, Inspection.id, Inspection.inspection_type, Inspection.start_date,
                   Inspection.status, Inspection.qa_reviewer, overall.c.grade)
            .outerjoin(overall, overall.c.inspection_id == Inspection.id)
            .where(Inspection.home_id.in_(ids.values()))
            .order_by(Inspection.start_date, Inspection.id)
        ).all()
    by_home: dict[int, list] = {}
    for record in found:
        by_home.setdefault(record.home_id, []).append(record)
    made = []
    for home in homes:
        history = by_home.get(ids.get(home.urn, -1), [])
        happened = [r for r in history if r.start_date <= today]
        full = [r for r in happened if r.inspection_type == "full"]
        judged = [r for r in full if r.grade and r.status in ("qa_approved", "published")]
        last_full = full[-1].start_date if full else None
        last_any = happened[-1].start_date if happened else None
        due, _reason = next_inspection_due(last_full, last_any, full[-1].grade if full else None)
        days = (due - today).days if due else None
        current = [r for r in history if r.status in OPEN]
        open_one = current[-1] if current else None
        returned = bool(open_one and open_one.status == "draft" and open_one.qa_reviewer)
        made.append(HomeRow(
            urn=home.urn, name=home.name, local_authority=home.local_authority, due=due, days_left=days,
            open_id=open_one.id if open_one else None, open_status=open_one.status if open_one else None,
            returned=returned, grade=judged[-1].grade if judged else None,
            graded_on=judged[-1].start_date if judged else None,
            urgency=_urgency(days, open_one.status if open_one else None, returned),
        ))
    return sorted(made, key=lambda r: r.rank)


def _due_text(row: HomeRow) -> str:
    if row.due is None:
        return "Now (no inspection on record)"
    if row.days_left is not None and row.days_left < 0:
        return f"{row.due.isoformat()} ({-row.days_left} days overdue)"
    return f"{row.due.isoformat()} (in {row.days_left} days)"


def _open_text(row: HomeRow) -> str:
    if row.open_id is None:
        return "None open"
    status = "Returned by QA: draft" if row.returned else STATUS_TEXT.get(row.open_status or "", row.open_status)
    return f"Inspection {row.open_id}: {status}"


def listing(found: list[HomeRow]) -> html.Fragment:
    """The filter controls and the table (filtered in the browser; every value escaped)."""
    if not found:
        return html.paragraph("No homes are assigned to you.", class_="wb-empty")
    authorities = sorted({r.local_authority for r in found if r.local_authority})
    la_options = html.join([html.tag("option", "All local authorities", value=""),
                            *[html.tag("option", la, value=la) for la in authorities]])
    urgency_options = html.join([html.tag("option", "Any urgency", value=""),
                                 *[html.tag("option", label, value=key) for key, (_rank, label) in URGENCY.items()]])
    tools = html.tag("div", html.join([
        html.tag("div", html.join([html.tag("label", "Search by URN, name or local authority", for_="wb-home-search"),
                                   html.tag("input", "", id="wb-home-search", type="search", size="30")])),
        html.tag("div", html.join([html.tag("label", "Local authority", for_="wb-home-la"),
                                   html.tag("select", la_options, id="wb-home-la")])),
        html.tag("div", html.join([html.tag("label", "Urgency", for_="wb-home-urgency"),
                                   html.tag("select", urgency_options, id="wb-home-urgency")])),
        html.tag("p", f"{len(found)} of {len(found)} homes shown", id="wb-home-count", role="status",
                 class_="wb-hint"),
    ]), class_="wb-home-tools")
    body = []
    for row in found:
        label = URGENCY[row.urgency][1]
        link = html.tag("a", f"{row.urn}: {row.name}", href="?" + urlencode({"urn": row.urn}), class_="wb-home-link")
        grade = (html.join([html.grade_tag(row.grade, label_of(row.grade)),
                            f" ({row.graded_on.isoformat()})" if row.graded_on else ""])
                 if row.grade else "None yet")
        cells = html.join([
            html.tag("th", link, scope="row"), html.tag("td", row.local_authority),
            html.tag("td", html.tag("span", label, class_=f"wb-urgency wb-urgency--{row.urgency}")),
            html.tag("td", _due_text(row)), html.tag("td", _open_text(row)), html.tag("td", grade),
        ])
        search = " ".join([row.urn, row.name, row.local_authority]).lower()
        body.append(html.tag("tr", cells, **{"data_search": search, "data_la": row.local_authority,
                                             "data_urgency": row.urgency}))
    head = html.join(html.tag("th", h, scope="col") for h in
                     ("Home", "Local authority", "Urgency", "Next inspection due (paras 7-8)", "Open inspection",
                      "Latest overall grade"))
    table = html.tag("table", html.join([
        html.tag("caption", "Your homes, most urgent first: overdue, due this week, returned by QA, in progress"),
        html.tag("thead", html.tag("tr", head)), html.tag("tbody", html.join(body))]),
        class_="wb-table wb-home-table")
    return html.join([tools, table])
