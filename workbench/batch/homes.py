"""Which homes a batch covers, and what each home's notebook gets as parameters.

Selection: explicit URNs, homes due for inspection before a date (paras 7-8, through
`workbench.rules.timings.next_inspection_due`), or every children's home. Everything is read
in a few grouped queries, so choosing 2,800 homes does not cost 2,800 round trips.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.errors import UserError
from workbench.report import documents
from workbench.report.documents import DocumentPlan, report_document, visit_plan_document
from workbench.report.privacy_inputs import all_child_references, privacy_inputs
from workbench.rules import label_of
from workbench.rules.timings import next_inspection_due, publication_deadline
from workbench.store import lifecycle
from workbench.store.models import Child, Home, Inspection, Judgement
from workbench.store.registration import left_register

#: The notebook (in notebooks/) each batch kind runs: the notebook of its kind of document.
NOTEBOOKS = {"interim": documents.NOTEBOOKS[documents.INTERIM], "previsit": documents.NOTEBOOKS[documents.VISIT_PLAN]}



@dataclass
class HomeTask:
    """One home of a batch: what to run for it, or why it is skipped, and what the index shows."""

    urn: str
    home_id: int
    name: str
    provision_type: str
    region: str
    judgement: str = ""
    report_status: str = ""
    deadline: dt.date | None = None
    due: dt.date | None = None
    document: DocumentPlan | None = None  # what to produce (`workbench.report.documents`); None if skipped
    skip_reason: str = ""

    @property
    def parameters(self) -> dict[str, Any]:
        """The notebook's parameters (none for a skipped home)."""
        return self.document.parameters if self.document is not None else {}

    @property
    def stem(self) -> str:
        """The output file name without suffix (`workbench.report.names`)."""
        return self.document.stem if self.document is not None else ""


def select_homes(
    session: Session,
    *,
    urns: list[str] | None = None,
    due_before: dt.date | None = None,
    all_homes: bool = False,
) -> list[Home]:
    """The homes of the batch, in URN order; unknown URNs are a usage error naming them."""
    if urns:
        found = {h.urn: h for h in session.scalars(select(Home).where(Home.urn.in_(urns)))}
        missing = [u for u in urns if u not in found]
        if missing:
            raise UserError(f"unknown URN(s): {', '.join(missing)} (not in the store)")
        return [found[u] for u in dict.fromkeys(urns)]
    homes = list(session.scalars(select(Home).where(Home.is_childrens_home.is_(True)).order_by(Home.urn)))
    if all_homes or due_before is None:
        return homes
    left = left_register(session, dt.date.today())  # resigned, closed or cancelled homes are not due
    homes = [h for h in homes if h.id not in left]
    due = due_dates(session, [h.id for h in homes])
    return [h for h in homes if _due_by(due.get(h.id), due_before)]


def _due_by(due: dt.date | None, day: dt.date) -> bool:
    """Whether a home whose next inspection is due on `due` (None: never inspected, due now) is due by `day`."""
    return due is None or due <= day


def _inspections_by_home(session: Session, home_ids: list[int]) -> dict[int, list[Inspection]]:
    by_home: dict[int, list[Inspection]] = defaultdict(list)
    for chunk in _chunks(home_ids):
        for inspection in session.scalars(
            select(Inspection).where(Inspection.home_id.in_(chunk)).order_by(Inspection.start_date, Inspection.id)
        ):
            by_home[inspection.home_id].append(inspection)
    return by_home


def _overall_grades(session: Session, inspection_ids: list[int]) -> dict[int, str | None]:
    grades: dict[int, str | None] = {}
    for chunk in _chunks(inspection_ids):
        for inspection_id, grade in session.execute(
            select(Judgement.inspection_id, Judgement.grade).where(
                Judgement.inspection_id.in_(chunk), Judgement.area == "overall")
        ):
            grades[inspection_id] = grade
    return grades


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)] or [[]]


def due_dates(session: Session, home_ids: list[int]) -> dict[int, dt.date | None]:
    """When each home's next inspection is due (paras 7-8), from its completed inspections."""
    inspections = _inspections_by_home(session, home_ids)
    full_ids = [i.id for rows in inspections.values() for i in rows if i.inspection_type == "full"]
    grades = _overall_grades(session, full_ids)
    due: dict[int, dt.date | None] = {}
    for home_id in home_ids:
        done = [i for i in inspections.get(home_id, []) if lifecycle.is_published(i.status)]
        fulls = [i for i in done if i.inspection_type == "full"]
        last_full = fulls[-1] if fulls else None
        last_any = done[-1] if done else None
        due[home_id], _reason = next_inspection_due(
            _last_day(last_full) if last_full else None,
            _last_day(last_any) if last_any else None,
            grades.get(last_full.id) if last_full else None,
        )
    return due


def _last_day(inspection: Inspection) -> dt.date:
    return inspection.end_date or inspection.start_date


def plan(session: Session, kind: str, homes: list[Home], db_url: str, visit_date: dt.date) -> list[HomeTask]:
    """The task of each home: parameters and output name, or a skip reason; index columns filled in."""
    if kind not in NOTEBOOKS:
        raise UserError(f"unknown batch kind {kind!r}; choose one of {', '.join(NOTEBOOKS)}")
    home_ids = [h.id for h in homes]
    inspections = _inspections_by_home(session, home_ids)
    grades = _overall_grades(session, [i.id for rows in inspections.values() for i in rows])
    children: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(home_ids):
        for home_id, reference in session.execute(select(Child.home_id, Child.reference).where(Child.home_id.in_(chunk))):
            children[home_id].append(reference)
    due = due_dates(session, home_ids)
    every_child: tuple[str, ...] | None = None  # the privacy guard looks for every child in the store
    tasks = []
    for home in homes:
        rows = inspections.get(home.id, [])
        task = HomeTask(urn=home.urn, home_id=home.id, name=home.name or "", provision_type=home.provision_type,
                        region=home.region or "", due=due.get(home.id))
        fulls = [i for i in rows if i.inspection_type == "full" and grades.get(i.id)]
        if kind == "interim":
            current = lifecycle.pick_report([i for i in rows if i.inspection_type == "interim"])
            if current is None:
                task.skip_reason = "no interim inspection on record for this home"
            else:
                task.judgement = label_of(current.progress_judgement, "Not yet judged")
                task.report_status = current.status
                task.deadline = publication_deadline(_last_day(current))
                if every_child is None:
                    every_child = all_child_references(session)
                task.document = report_document(
                    home.urn, current.id, "interim", db_url,
                    privacy_inputs(session, home, every_child, tuple(children.get(home.id, ()))), current.status)
        else:
            last = rows[-1] if rows else None
            task.judgement = label_of(grades.get(fulls[-1].id)) if fulls else "No full inspection"
            task.report_status = "visit plan"
            next_type = "interim" if last is not None and last.inspection_type == "full" else "full"
            task.document = visit_plan_document(home.urn, visit_date, next_type, db_url)
        tasks.append(task)
    return tasks
