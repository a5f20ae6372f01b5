"""The sector picture over the children's homes of a store (seed 001, paras 4 and 6).

- consistency: for N = 1..6, homes with at least N full inspections with an overall judgement,
  and how many of those were outstanding at each of their last N (para 6: 35 of 1,439 homes
  outstanding at every one of their last six);
- durability: of the homes outstanding at their latest full inspection on or before a date Y
  years before `as_of` (Y = 1, 2, 3), how many are not outstanding at their latest full inspection
  on or before `as_of`, and how many left the register (resigned, closed, cancelled) in between
  (para 4: 61% of homes outstanding three years earlier no longer were);
- transitions: overall judgement from one full inspection to the home's next, as counts, and
  the same by sector, provision type and region.

The overall judgement is compared across frameworks by its place on the four-point scale
(`workbench.rules.published`: 'Adequate' and 'Satisfactory' sit where requires improvement sits,
para 12). Only published full inspections on or before `as_of` count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.rules import GRADES, label_of, overall_areas, scale_place
from workbench.store import models as m
from workbench.store.registration import LEFT

LAST_N = (1, 2, 3, 4, 5, 6)
YEARS = (1, 2, 3)
GROUPS = {"sector": "sector", "provision_type": "provision type", "region": "region"}


@dataclass
class HomeRecord:
    """One children's home: its groups, overall grades at full inspections (oldest first), leaving dates."""

    home_id: int
    urn: str
    sector: str | None
    provision_type: str | None
    region: str | None
    grades: list[tuple[dt.date, str]] = field(default_factory=list)
    left: list[dt.date] = field(default_factory=list)

    def latest_on(self, day: dt.date) -> str | None:
        """The overall grade of the latest full inspection on or before `day`."""
        found = None
        for when, grade in self.grades:
            if when <= day:
                found = grade
        return found


def overall_grades(session: Session, home_ids: list[int] | None, as_of: dt.date) -> dict[int, list[tuple[dt.date, str]]]:
    """Per home, (date, grade) of its published full inspections with an overall judgement, oldest first.

    Where one inspection has both an `overall` and an `overall_effectiveness` judgement (two
    releases' columns), `overall` is used.
    """
    preference = {"overall": 0, "overall_effectiveness": 1}
    query = (select(m.Inspection.id, m.Inspection.home_id, m.Inspection.start_date, m.Judgement.area,
                    m.Judgement.grade)
             .join(m.Judgement, m.Judgement.inspection_id == m.Inspection.id)
             .where(m.Inspection.inspection_type == "full", m.Inspection.status == "published",
                    m.Inspection.start_date <= as_of, m.Judgement.area.in_(sorted(overall_areas())),
                    m.Judgement.grade.is_not(None)))
    if home_ids is not None:
        query = query.where(m.Inspection.home_id.in_(home_ids))
    chosen: dict[int, tuple[int, int, dt.date, str]] = {}
    for inspection_id, home_id, start, area, grade in session.execute(query):
        rank = preference.get(area, 9)
        if inspection_id not in chosen or rank < chosen[inspection_id][0]:
            chosen[inspection_id] = (rank, home_id, start, grade)
    out: dict[int, list[tuple[dt.date, str]]] = {}
    for _inspection, (_, home_id, start, grade) in sorted(chosen.items(), key=lambda i: (i[1][2], i[0])):
        out.setdefault(home_id, []).append((start, grade))
    return out


def load_records(session: Session, as_of: dt.date) -> list[HomeRecord]:
    """Every children's home of the store (as `workbench homes` lists them) with its grades."""
    homes = session.execute(select(m.Home.id, m.Home.urn, m.Home.sector, m.Home.provision_type, m.Home.region)
                            .where(m.Home.is_childrens_home.is_(True)).order_by(m.Home.urn)).all()
    grades = overall_grades(session, None, as_of)
    left: dict[int, list[dt.date]] = {}
    events = m.RegistrationEvent
    for home_id, when in session.execute(select(events.home_id, events.event_date)
                                         .where(events.event.in_(LEFT), events.event_date <= as_of)):
        left.setdefault(home_id, []).append(when)
    return [HomeRecord(h.id, h.urn, h.sector, h.provision_type, h.region, grades.get(h.id, []),
                       sorted(left.get(h.id, []))) for h in homes]


def consistency(records: list[HomeRecord]) -> list[dict[str, int]]:
    """For N = 1..6: homes with at least N graded full inspections, and those outstanding at each of the last N."""
    out = []
    for n in LAST_N:
        enough = [r for r in records if len(r.grades) >= n]
        every = [r for r in enough if all(g == "outstanding" for _, g in r.grades[-n:])]
        out.append({"last": n, "homes_with_at_least": len(enough), "outstanding_at_each": len(every)})
    return out


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def durability(records: list[HomeRecord], as_of: dt.date) -> list[dict[str, int]]:
    """For Y = 1, 2, 3: outstanding Y years before, not outstanding now, and left the register between."""
    out = []
    for years in YEARS:
        then = years_before(as_of, years)
        outstanding = [r for r in records if r.latest_on(then) == "outstanding"]
        out.append({
            "years": years,
            "outstanding_then": len(outstanding),
            "not_outstanding_now": sum(1 for r in outstanding if r.latest_on(as_of) != "outstanding"),
            "closed": sum(1 for r in outstanding if any(then < d <= as_of for d in r.left)),
        })
    return out


def transitions(records: list[HomeRecord]) -> list[dict[str, Any]]:
    """Counts of overall judgement from each full inspection to the home's next, every pair of grades."""
    counts = {(a, b): 0 for a in GRADES for b in GRADES}
    for record in records:
        for (_, before), (_, after) in zip(record.grades, record.grades[1:], strict=False):
            counts[(before, after)] += 1
    return [{"from": a, "to": b, "count": n} for (a, b), n in counts.items()]


def transitions_by(records: list[HomeRecord], attribute: str) -> list[dict[str, Any]]:
    """The transitions matrix for each value of `attribute` (sector, provision_type, region).

    Values differing only in case ("Local authority", "Local Authority": releases of different
    years) are one group, named by its most common spelling.
    """
    groups: dict[str, list[HomeRecord]] = {}
    spellings: dict[str, dict[str, int]] = {}
    for record in records:
        value = (getattr(record, attribute) or "").strip() or "Not recorded"
        key = value.casefold()
        groups.setdefault(key, []).append(record)
        spellings.setdefault(key, {}).setdefault(value, 0)
        spellings[key][value] += 1
    named = {max(spellings[k].items(), key=lambda s: (s[1], s[0]))[0]: members for k, members in groups.items()}
    return [{"value": value, "transitions": transitions(members)} for value, members in sorted(named.items())]


def picture(session: Session, as_of: dt.date) -> dict[str, Any]:
    """The whole sector picture as plain data (what `workbench sector --json` prints)."""
    records = load_records(session, as_of)
    return {
        "as_of": as_of.isoformat(),
        "homes": len(records),
        "consistently_outstanding": consistency(records),
        "durability": durability(records, as_of),
        "transitions": transitions(records),
        "transitions_by": {key: transitions_by(records, key) for key in GROUPS},
    }


def describe(grades: list[str]) -> str:
    """A home's record in one line, from its overall grades at full inspections (oldest first).

    E.g. "outstanding at 5 of its last 6 full inspections; declined from good to inadequate at the
    last full inspection".
    """
    if not grades:
        return "no full inspection with an overall judgement on record"
    last = grades[-6:]
    parts = []
    count = sum(1 for g in last if g == "outstanding")
    if count and len(last) == 1:
        parts.append("outstanding at its only full inspection")
    elif count:
        parts.append(f"outstanding at {count} of its last {len(last)} full inspections")
    if len(grades) >= 2:
        before, after = grades[-2], grades[-1]
        if scale_place(after) > scale_place(before):
            parts.append(f"declined from {_word(before)} to {_word(after)} at the last full inspection")
        elif scale_place(after) < scale_place(before):
            parts.append(f"improved from {_word(before)} to {_word(after)} at the last full inspection")
        elif not count:
            parts.append(f"{_word(after)} at each of its last two full inspections")
    elif not count:
        parts.append(f"{_word(grades[-1])} at its only full inspection")
    return "; ".join(parts)


def _word(grade: str) -> str:
    return label_of(grade).lower()


def home_line(session: Session, home_id: int, as_of: dt.date | None = None) -> str:
    """The line of one home's record at full inspections up to `as_of` (default: today)."""
    grades = overall_grades(session, [home_id], as_of or dt.date.today()).get(home_id, [])
    return describe([g for _, g in grades])
