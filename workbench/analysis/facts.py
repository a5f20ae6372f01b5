"""The limiting facts (para 37, footnotes 11-12 and 19-20) computed from the store, with the records behind them.

``limiting_facts`` gives the four ``workbench.rules.FACTS`` for a home as of a date, ready for
``workbench.rules.caps``; ``explain_facts`` gives, for each fact, its value, a sentence and the
records that produced it, so that a screen can show why leadership is capped.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from workbench.rules import load_framework
from workbench.store.models import Inspection, Judgement, StaffMember

MANAGER_ROLE = "registered_manager"


@dataclass(frozen=True)
class FactExplanation:
    """One fact's value, why, and the records (as plain dicts, no names) that produced it."""

    fact: str
    value: object
    paragraph: str
    summary: str
    records: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (dates as ISO strings)."""
        return {
            "fact": self.fact, "value": self.value, "paragraph": self.paragraph, "summary": self.summary,
            "records": [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items()}
                        for r in self.records],
        }


@lru_cache(maxsize=65536)
def _after(start: dt.date, months: int) -> dt.date:
    """The date ``months`` calendar months after ``start`` (end of month clamped)."""
    return start + relativedelta(months=months)


def _in_post(member: Any, day: dt.date) -> bool:
    return member.start_date <= day and (member.end_date is None or member.end_date >= day)


def _qualified_by(member: Any, day: dt.date) -> bool:
    if member.qualification_achieved_date is not None:
        return member.qualification_achieved_date <= day
    return member.qualification_status == "qualified"


def _enrolled_by(member: Any, day: dt.date) -> bool:
    if member.qualification_enrolled_date is not None:
        return member.qualification_enrolled_date <= day
    return member.qualification_status in ("enrolled", "working_towards")


def _staff_record(member: Any, **extra: Any) -> dict[str, Any]:
    return {
        "table": "staff", "id": member.id, "reference": member.reference, "role": member.role,
        "start_date": member.start_date, "end_date": member.end_date,
        "qualification_status": member.qualification_status,
        "enrolled_date": member.qualification_enrolled_date, "achieved_date": member.qualification_achieved_date,
        **extra,
    }


def _vacancy(managers: list[Any], as_of: dt.date) -> FactExplanation:
    name = "registered_manager_vacancy_weeks"
    in_post = [m for m in managers if _in_post(m, as_of)]
    if in_post:
        return FactExplanation(name, 0, "37", f"A registered manager is in post on {as_of.isoformat()}.",
                               tuple(_staff_record(m, finding="in post") for m in in_post))
    before = [m for m in managers if m.start_date <= as_of]
    if not before:
        return FactExplanation(
            name, None, "37",
            "No registered manager on record before this date, so the length of any vacancy is not known.",
        )
    last = max(before, key=lambda m: m.end_date or dt.date.min)
    days = (as_of - last.end_date).days
    weeks = math.ceil(days / 7)  # a part week counts: weeks > 26 exactly when days > 182
    over = " (more than 26 weeks)" if weeks > 26 else ""
    return FactExplanation(
        name, weeks, "37",
        f"No registered manager since {last.end_date.isoformat()}: {days} days, {weeks} weeks counting a part"
        f" week{over}.",
        (_staff_record(last, finding=f"last registered manager; left {last.end_date.isoformat()}"),),
    )


def _manager_qualification(managers: list[Any], as_of: dt.date) -> FactExplanation:
    name = "manager_qualification_overdue"
    rule = load_framework().qualifications["manager"]
    enrol_months, qualify_years = int(rule["enrol_within_months"]), int(rule["qualify_within_years"])
    records = []
    overdue = False
    for member in (m for m in managers if _in_post(m, as_of)):
        enrol_by = _after(member.start_date, enrol_months)
        qualify_by = _after(member.start_date, 12 * qualify_years)
        if _qualified_by(member, as_of):
            finding, late = "qualified", False
        elif as_of > qualify_by:
            finding, late = f"not qualified within {qualify_years} years of appointment (by {qualify_by.isoformat()})", True
        elif as_of > enrol_by and not _enrolled_by(member, as_of):
            finding, late = f"not enrolled within {enrol_months} months of appointment (by {enrol_by.isoformat()})", True
        else:
            finding, late = f"within the deadlines (enrol by {enrol_by.isoformat()}, qualify by {qualify_by.isoformat()})", False
        overdue = overdue or late
        records.append(_staff_record(member, finding=finding, overdue=late))
    if not records:
        summary = "No registered manager in post, so no manager qualification deadline applies (see the vacancy)."
    elif overdue:
        summary = "The registered manager has missed a qualification deadline (footnotes 11, 19)."
    else:
        summary = "The registered manager meets the qualification deadlines (footnotes 11, 19)."
    return FactExplanation(name, overdue, "37", summary, tuple(records))


def _staff_qualification(staff: list[Any], as_of: dt.date) -> FactExplanation:
    name = "staff_qualification_overdue"
    months = int(load_framework().qualifications["staff"]["working_towards_within_months"])
    records = []
    in_post = [m for m in staff if _in_post(m, as_of)]
    for member in in_post:
        deadline = _after(member.start_date, months)
        if _qualified_by(member, as_of) or _enrolled_by(member, as_of) or as_of <= deadline:
            continue
        records.append(_staff_record(
            member, finding=f"not working towards the qualification {months} months after starting"
                            f" (by {deadline.isoformat()})", overdue=True))
    if records:
        summary = (f"{len(records)} of {len(in_post)} staff in post are not working towards the required"
                   f" qualification within {months} months of confirmation of employment (footnotes 12, 20;"
                   " the start date is taken as confirmation of employment).")
    else:
        summary = f"All {len(in_post)} staff in post are qualified, working towards it, or within {months} months of starting."
    return FactExplanation(name, bool(records), "37", summary, tuple(records))


def _outcome(inspection: Any) -> str | None:
    if inspection.inspection_type == "interim":
        return inspection.progress_judgement
    return inspection.overall


def _consecutive(inspections: list[Any]) -> FactExplanation:
    name = "consecutive_ri_or_inadequate_progress"
    count = 0
    records = []
    for inspection in inspections:  # most recent first
        outcome = _outcome(inspection)
        record = {"table": "inspections", "id": inspection.id, "reference": inspection.reference,
                  "inspection_type": inspection.inspection_type, "start_date": inspection.start_date,
                  "outcome": outcome}
        if outcome is None:
            records.append(record | {"counted": False, "finding": "no judgement recorded; skipped"})
            continue
        if outcome in ("requires_improvement", "inadequate_progress"):
            count += 1
            records.append(record | {"counted": True, "finding": "counts"})
            continue
        records.append(record | {"counted": False, "finding": "ends the run"})
        break
    summary = (f"{count} consecutive most recent inspection(s) judged 'requires improvement' overall or"
               " 'inadequate progress' (para 37).")
    return FactExplanation(name, count, "37", summary, tuple(records))


def _explain(staff: list[Any], inspections: list[Any], as_of: dt.date) -> dict[str, FactExplanation]:
    managers = [m for m in staff if m.role == MANAGER_ROLE]
    others = [m for m in staff if m.role != MANAGER_ROLE]
    return {
        "registered_manager_vacancy_weeks": _vacancy(managers, as_of),
        "manager_qualification_overdue": _manager_qualification(managers, as_of),
        "staff_qualification_overdue": _staff_qualification(others, as_of),
        "consecutive_ri_or_inadequate_progress": _consecutive(inspections),
    }


_STAFF_COLUMNS = (
    StaffMember.id, StaffMember.home_id, StaffMember.reference, StaffMember.role, StaffMember.start_date,
    StaffMember.end_date, StaffMember.qualification_status, StaffMember.qualification_enrolled_date,
    StaffMember.qualification_achieved_date,
)


def _staff_query(home_ids: list[int], as_of: dt.date) -> Select:
    """Every registered manager (for the vacancy) and the other staff in post on as_of."""
    in_post = and_(StaffMember.start_date <= as_of,
                   or_(StaffMember.end_date.is_(None), StaffMember.end_date >= as_of))
    return (select(*_STAFF_COLUMNS)
            .where(StaffMember.home_id.in_(home_ids), or_(StaffMember.role == MANAGER_ROLE, in_post))
            .order_by(StaffMember.start_date, StaffMember.id))


def _inspections_query(home_ids: list[int], as_of: dt.date) -> Select:
    """Inspections whose last day on site is before as_of, most recent first, with the overall grade."""
    overall = and_(Judgement.inspection_id == Inspection.id, Judgement.area == "overall")
    return (
        select(Inspection.id, Inspection.home_id, Inspection.reference, Inspection.inspection_type,
               Inspection.start_date, Inspection.progress_judgement, Judgement.grade.label("overall"))
        .outerjoin(Judgement, overall)
        .where(Inspection.home_id.in_(home_ids),
               func.coalesce(Inspection.end_date, Inspection.start_date) < as_of)
        .order_by(Inspection.home_id, Inspection.start_date.desc(), Inspection.id.desc())
    )


def explain_facts(session: Session, home_id: int, as_of: dt.date) -> dict[str, FactExplanation]:
    """Each limiting fact for the home as of ``as_of``, with the records that produced it.

    Staff count when in post on ``as_of`` (start on or before, end on or after). Inspections
    count when their last day on site (else their first) is before ``as_of``, so an inspection
    read as of its own last day on site does not count itself. ``registered_manager_vacancy_weeks``
    is None when no registered manager is on record before ``as_of`` (unknown, so no cap).
    """
    return explain_facts_many(session, [home_id], as_of)[home_id]


def explain_facts_many(
    session: Session, home_ids: list[int], as_of: dt.date, chunk: int = 500
) -> dict[int, dict[str, FactExplanation]]:
    """:func:`explain_facts` for many homes with two queries per ``chunk`` homes (for batch work)."""
    out: dict[int, dict[str, FactExplanation]] = {}
    ids = list(dict.fromkeys(home_ids))
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        staff: dict[int, list[Any]] = {i: [] for i in part}
        for member in session.execute(_staff_query(part, as_of)):
            staff[member.home_id].append(member)
        inspections: dict[int, list[Any]] = {i: [] for i in part}
        for inspection in session.execute(_inspections_query(part, as_of)):
            inspections[inspection.home_id].append(inspection)
        for home_id in part:
            out[home_id] = _explain(staff[home_id], inspections[home_id], as_of)
    return out


def limiting_facts(session: Session, home_id: int, as_of: dt.date) -> dict[str, object]:
    """The four ``workbench.rules.FACTS`` for a home as of a date, for ``workbench.rules.caps``."""
    return {name: explanation.value for name, explanation in explain_facts(session, home_id, as_of).items()}


def limiting_facts_many(session: Session, home_ids: list[int], as_of: dt.date) -> dict[int, dict[str, object]]:
    """:func:`limiting_facts` for many homes at once (home id -> facts)."""
    return {
        home_id: {name: e.value for name, e in explained.items()}
        for home_id, explained in explain_facts_many(session, home_ids, as_of).items()
    }
