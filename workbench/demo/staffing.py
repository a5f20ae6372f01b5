"""Registered managers and staff of a demo home, and the limiting facts they imply (para 37).

Qualification deadlines follow the national minimum standards as the framework quotes them:
a registered manager without the management qualification enrols within six months and
qualifies within three years of appointment (footnotes 11, 19); new care staff are working
towards the qualification within six months (footnotes 12, 20).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from workbench.demo.rand import Rand

SIX_MONTHS = relativedelta(months=6)
THREE_YEARS = relativedelta(years=3)


@lru_cache(maxsize=65536)
def six_months_after(day: dt.date) -> dt.date:
    """The date six calendar months after ``day`` (the enrol / working-towards deadline)."""
    return day + SIX_MONTHS


@lru_cache(maxsize=65536)
def three_years_after(day: dt.date) -> dt.date:
    """The date three years after ``day`` (the manager's qualify-by deadline)."""
    return day + THREE_YEARS


@dataclass
class Person:
    """One post-holder: registered manager, deputy or care staff."""

    role: str
    start: dt.date
    end: dt.date | None
    status: str = "none"  # qualified | enrolled | working_towards | none
    enrolled: dt.date | None = None
    achieved: dt.date | None = None

    def in_post(self, day: dt.date) -> bool:
        """Whether the person works at the home on ``day``."""
        return self.start <= day and (self.end is None or self.end >= day)


def _days(rng: Rand, low: float, high: float) -> dt.timedelta:
    return dt.timedelta(days=int(rng.integers(int(low), int(high) + 1)))


def _qualify(rng: Rand, person: Person, as_of: dt.date, manager: bool) -> None:
    """Qualification dates that meet the deadlines (the missed ones are made separately)."""
    if rng.random() < (0.6 if manager else 0.45):
        person.status, person.achieved = "qualified", person.start - _days(rng, 60, 2500)
        return
    person.enrolled = person.start + _days(rng, 10, 150)
    achieved = person.enrolled + _days(rng, 420, 870)
    if person.enrolled > as_of:  # appointed recently, within the six months allowed
        person.enrolled, person.status = None, "none"
    elif person.end is not None and person.enrolled > person.end:  # left before enrolling (within six months)
        person.enrolled, person.status = None, "none"
    elif achieved <= as_of and (person.end is None or achieved <= person.end):
        person.status, person.achieved = "qualified", achieved
    else:
        person.status = "enrolled" if manager else "working_towards"


def managers(rng: Rand, first: dt.date, as_of: dt.date, vacancy: str | None,
             manager_overdue: bool) -> list[Person]:
    """The home's registered managers from ``first`` to ``as_of``.

    ``vacancy``: None (a manager in post), "long" (none for 27-45 weeks) or "short" (3-20 weeks).
    ``manager_overdue``: the current manager has missed a qualification deadline.
    """
    people: list[Person] = []
    start = first
    while start <= as_of:
        end = start + dt.timedelta(days=max(150, int(rng.exponential(3.5 * 365))))
        if end >= as_of:
            people.append(Person("registered_manager", start, None))
            break
        people.append(Person("registered_manager", start, end))
        roll = rng.random()
        gap = _days(rng, 0, 42) if roll < 0.7 else _days(rng, 42, 150) if roll < 0.95 else _days(rng, 150, 250)
        start = end + gap
    last = people[-1]
    if last.end is not None and (as_of - last.end).days > 140:  # no long vacancy unless asked for
        people.append(Person("registered_manager", min(last.end + _days(rng, 14, 100), as_of - dt.timedelta(7)),
                             None))
    if vacancy is not None:
        weeks = int(rng.integers(28, 46)) if vacancy == "long" else int(rng.integers(3, 21))
        people = _vacate(rng, people, as_of - dt.timedelta(days=weeks * 7))
    for person in people:
        _qualify(rng, person, as_of, manager=True)
    if manager_overdue and people[-1].end is None:
        _miss_manager_deadline(rng, people, as_of)
    return people


def _vacate(rng: Rand, people: list[Person], vacant_from: dt.date) -> list[Person]:
    kept = [p for p in people if p.start < vacant_from - dt.timedelta(days=90)]
    if not kept:
        kept = [Person("registered_manager", vacant_from - _days(rng, 400, 1500), None)]
    if kept[-1].end is None or kept[-1].end > vacant_from:
        kept[-1].end = vacant_from
    return kept


def _miss_manager_deadline(rng: Rand, people: list[Person], as_of: dt.date) -> None:
    """The current manager: enrolled but not qualified after three years, or not enrolled after six months."""
    current = people[-1]
    if current.start + THREE_YEARS + dt.timedelta(days=60) < as_of:
        current.status, current.enrolled, current.achieved = "enrolled", current.start + _days(rng, 20, 150), None
        return
    if current.start + SIX_MONTHS + dt.timedelta(days=60) > as_of:
        new_start = as_of - _days(rng, 250, 520)
        people[:] = [p for p in people[:-1] if p.start < new_start - dt.timedelta(days=120)] + [current]
        if len(people) > 1 and (people[-2].end is None or people[-2].end >= new_start):
            people[-2].end = new_start - _days(rng, 1, 30)
        current.start = new_start
    current.status, current.enrolled, current.achieved = "none", None, None


def staff(rng: Rand, places: int, first: dt.date, as_of: dt.date, staff_overdue: bool) -> list[Person]:
    """Deputy and care staff posts with turnover; some homes with staff past the six-month deadline."""
    posts = int(round(places * 1.6)) + 3
    people: list[Person] = []
    for post in range(posts):
        role = "deputy_manager" if post == 0 else "care_staff"
        start = first - _days(rng, 0, 1800)
        while start <= as_of:
            end = start + dt.timedelta(days=max(60, int(rng.exponential(2.5 * 365))))
            person = Person(role, start, None if end >= as_of else end)
            _qualify(rng, person, as_of, manager=False)
            people.append(person)
            if person.end is None:
                break
            start = end + _days(rng, 0, 60)
    if staff_overdue:
        for _ in range(1 + int(rng.random() < 0.4)):
            person = Person("care_staff", as_of - _days(rng, 240, 600), None, "none")
            people.append(person)
    return people


def vacancy_weeks(managers_: list[Person], day: dt.date) -> int:
    """Weeks (a part week counts as a week) without a registered manager on ``day``; 0 if one is in post."""
    ended = [p.end for p in managers_ if p.start <= day and p.end is not None and p.end < day]
    if any(p.in_post(day) for p in managers_) or not ended:
        return 0
    return math.ceil((day - max(ended)).days / 7)


def manager_overdue(managers_: list[Person], day: dt.date) -> bool:
    """Footnotes 11, 19: the manager in post on ``day`` has missed the enrol or qualify deadline."""
    for person in managers_:
        if not person.in_post(day) or (person.achieved is not None and person.achieved <= day):
            continue
        if day > three_years_after(person.start):
            return True
        if day > six_months_after(person.start) and (person.enrolled is None or person.enrolled > day):
            return True
    return False


def staff_overdue(staff_: list[Person], day: dt.date) -> bool:
    """Footnotes 12, 20: someone in post on ``day`` is not working towards the qualification after six months."""
    return any(
        person.in_post(day) and day > six_months_after(person.start)
        and (person.achieved is None or person.achieved > day)
        and (person.enrolled is None or person.enrolled > day)
        for person in staff_
    )
