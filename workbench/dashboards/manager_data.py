"""The manager's tables, read from the store as DataFrames (no widgets here).

- `latest_judgements`: each home's latest overall judgement (region, type, sector, inspectors).
- `due_inspections`: when each home's next inspection is due (paras 7-8) and whether it is overdue.
- `services_of_concern`: homes whose latest interim found inadequate progress (para 48).
- `qa_queue`: reports awaiting QA with their publication deadline (20 working days, para 9),
  overdue first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select

from workbench.rules import grade_labels, label_of
from workbench.rules.timings import next_inspection_due, publication_deadline, working_days_between
from workbench.store import lifecycle
from workbench.store.db import session_scope
from workbench.store.models import Assignment, Home, Inspection, Judgement, ReportExport
from workbench.store.registration import left_register

STATUS_LABELS = {
    "draft": "Draft",
    "submitted": "Awaiting QA",
    "qa_approved": "QA approved",
    "published": "Published",
}
DUE_SOON_DAYS = 28


@dataclass
class ManagerData:
    """Everything the manager dashboard shows, as of `today`."""

    today: dt.date
    homes: pd.DataFrame
    inspections: pd.DataFrame
    left: dict[int, tuple[str, dt.date]] = field(default_factory=dict)  # homes off the register by today
    exported: set[int] = field(default_factory=set)  # inspections awaiting review whose report was exported

    def inspectors(self) -> list[str]:
        """Every inspector assigned to a home, sorted."""
        names: set[str] = set()
        for value in self.homes["inspectors"]:
            names.update(value)
        return sorted(names)


def load(db: str | None, today: dt.date | None = None) -> ManagerData:
    """Read homes (with assigned inspectors) and inspections (with the overall grade) from the store."""
    today = today or dt.date.today()
    with session_scope(db) as session:
        homes = pd.DataFrame(
            session.execute(
                select(
                    Home.id.label("home_id"), Home.urn, Home.region, Home.sector, Home.local_authority,
                    Home.provision_type, Home.home_category, Home.is_childrens_home,
                )
            ).all(),
            columns=["home_id", "urn", "region", "sector", "local_authority", "provision_type", "home_category",
                     "is_childrens_home"],
        )
        assignments = session.execute(
            select(Assignment.home_id, Assignment.username).where(
                (Assignment.end_date.is_(None)) | (Assignment.end_date >= today)
            )
        ).all()
        overall = (
            select(Judgement.inspection_id, Judgement.grade).where(Judgement.area == "overall").subquery()
        )
        inspections = pd.DataFrame(
            session.execute(
                select(
                    Inspection.id.label("inspection_id"), Inspection.home_id, Inspection.inspection_type,
                    Inspection.start_date, Inspection.end_date, Inspection.publication_date, Inspection.status,
                    Inspection.lead_inspector, Inspection.progress_judgement, Inspection.service_of_concern,
                    Inspection.qa_reviewer, Inspection.qa_notes, overall.c.grade.label("overall_grade"),
                ).outerjoin(overall, overall.c.inspection_id == Inspection.id)
            ).all(),
            columns=["inspection_id", "home_id", "inspection_type", "start_date", "end_date", "publication_date",
                     "status", "lead_inspector", "progress_judgement", "service_of_concern", "qa_reviewer",
                     "qa_notes", "overall_grade"],
        )
        left = left_register(session, today)
        exported = set(session.scalars(
            select(ReportExport.inspection_id).distinct().join(Inspection, Inspection.id == ReportExport.inspection_id)
            .where(Inspection.status.in_(lifecycle.AWAITING_REVIEW))))
    by_home: dict[int, list[str]] = {}
    for home_id, username in assignments:
        by_home.setdefault(home_id, []).append(username)
    homes["inspectors"] = [sorted(by_home.get(h, [])) for h in homes["home_id"]]
    homes["home_type"] = homes["home_category"].fillna(homes["provision_type"]).map(_type_label)
    homes["region"] = homes["region"].fillna("Unknown")
    homes["sector"] = homes["sector"].fillna("Unknown")
    homes = homes[homes["is_childrens_home"].fillna(True).astype(bool)].reset_index(drop=True)
    inspections = inspections[inspections["home_id"].isin(homes["home_id"])].reset_index(drop=True)
    return ManagerData(today, homes, inspections, left, exported)


def _type_label(value: str | None) -> str:
    labels = {"general": "General", "specialist": "Specialist", "short_breaks": "Short breaks", "secure": "Secure"}
    return labels.get(value or "", value or "Unknown")


def _on_site(data: ManagerData) -> pd.DataFrame:
    """Inspections that have started by `today` (the ones that count as having happened)."""
    frame = data.inspections
    return frame[frame["start_date"] <= data.today]


def latest_judgements(data: ManagerData) -> pd.DataFrame:
    """Per home, its latest full inspection with an overall grade, with region, type, sector, inspectors."""
    graded = _on_site(data)
    graded = graded[(graded["inspection_type"] == "full") & graded["overall_grade"].notna()]
    latest = graded.sort_values(["home_id", "start_date", "inspection_id"]).groupby("home_id").tail(1)
    merged = data.homes.merge(latest, on="home_id", how="inner")
    merged["grade"] = merged["overall_grade"].map(lambda g: label_of(g) if isinstance(g, str) else g)
    merged["status_label"] = merged["status"].map(lambda s: STATUS_LABELS.get(s, s))
    return merged.sort_values(["urn"]).reset_index(drop=True)


#: the due table's status, most urgent first (it sorts by this rank, not alphabetically)
STATE_RANK = {"Overdue": 0, "Due soon": 1, "On track": 2}


def due_inspections(data: ManagerData) -> pd.DataFrame:
    """Per home: next inspection due date and reason (paras 7-8), days left, and overdue/due soon/on track.

    Most urgent first: overdue (longest overdue first), then due soon, then on track (soonest first).
    """
    happened = _on_site(data).sort_values(["home_id", "start_date", "inspection_id"])
    full = happened[happened["inspection_type"] == "full"].groupby("home_id").tail(1)
    full = full[["home_id", "start_date", "overall_grade"]].rename(
        columns={"start_date": "last_full", "overall_grade": "full_grade"})
    # the last row of each home (sorted by date) is its latest; a groupby max of date objects runs in Python
    last_any = happened.groupby("home_id").tail(1)[["home_id", "start_date"]].rename(
        columns={"start_date": "last_inspection"})
    homes = data.homes[~data.homes["home_id"].isin(list(data.left))]  # resigned, closed, cancelled: not due
    frame = homes.merge(full, on="home_id", how="left").merge(last_any, on="home_id", how="left")
    dues, reasons, days_left, states = [], [], [], []
    for last_full, last_seen, grade in zip(frame["last_full"], frame["last_inspection"], frame["full_grade"],
                                           strict=True):
        due, reason = next_inspection_due(last_full if isinstance(last_full, dt.date) else None,
                                          last_seen if isinstance(last_seen, dt.date) else None,
                                          grade if isinstance(grade, str) else None)
        days = (due - data.today).days if due else None
        dues.append(due)
        reasons.append(reason)
        days_left.append(days)
        states.append(_state(days))
    frame["due"] = dues
    frame["reason"] = reasons
    frame["days_left"] = pd.array(days_left, dtype="Int64")
    frame["state"] = states
    frame["state_rank"] = frame["state"].map(STATE_RANK)
    frame["last_inspection"] = [v if isinstance(v, dt.date) else None for v in frame["last_inspection"]]
    frame = frame[["home_id", "urn", "region", "home_type", "sector", "inspectors", "last_inspection", "due",
                   "days_left", "state", "state_rank", "reason"]]
    return frame.sort_values(["state_rank", "days_left", "urn"], na_position="first").reset_index(drop=True)


def _state(days_left: int | None) -> str:
    """Overdue (or no due date: never inspected), due soon, or on track."""
    if days_left is None or days_left < 0:
        return "Overdue"
    return "Due soon" if days_left <= DUE_SOON_DAYS else "On track"


def services_of_concern(data: ManagerData) -> pd.DataFrame:
    """Homes whose latest interim inspection judged inadequate progress, or flagged of concern (para 48)."""
    interim = _on_site(data)
    interim = interim[interim["inspection_type"] == "interim"]
    latest = interim.sort_values(["home_id", "start_date", "inspection_id"]).groupby("home_id").tail(1)
    concern = latest[
        (latest["progress_judgement"] == "inadequate_progress") | latest["service_of_concern"].fillna(False).astype(bool)
    ]
    merged = data.homes.merge(concern, on="home_id", how="inner")
    return merged.sort_values(["start_date", "urn"], ascending=[False, True]).reset_index(drop=True)


def qa_queue(data: ManagerData) -> pd.DataFrame:
    """Reports awaiting QA (submitted) with their publication deadline (para 9); overdue first, then soonest.

    ``ready``: the report was exported, so a manager can read and approve it. A submitted record is frozen
    and submission needs an export of the current content, so an exported submission is current; one never
    exported (recorded outside the lifecycle, e.g. imported) can only be returned.
    """
    waiting = data.inspections[data.inspections["status"].isin(lifecycle.AWAITING_REVIEW)]
    merged = data.homes.merge(waiting, on="home_id", how="inner")
    merged["ready"] = merged["inspection_id"].isin(data.exported)
    last_days = [
        end if isinstance(end, dt.date) else start
        for end, start in zip(merged["end_date"], merged["start_date"], strict=True)
    ]
    merged["last_day_on_site"] = last_days
    merged["deadline"] = [publication_deadline(day) for day in last_days]
    merged["working_days_left"] = [working_days_between(data.today, d) for d in merged["deadline"]]
    merged["overdue"] = merged["deadline"] < data.today
    return merged.sort_values(["deadline", "urn"]).reset_index(drop=True)


def distribution(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Counts of homes by `by` (region, home_type or sector) and overall grade, grades in framework order."""
    order = list(grade_labels().values())
    if frame.empty:
        return pd.DataFrame(columns=order)
    table = pd.crosstab(frame[by], frame["grade"])
    return table.reindex(columns=[g for g in order if g in table.columns] or order, fill_value=0)
