"""Build every demo row in memory, deterministically from (seed, homes, as_of, years).

Home ``i`` draws from its own generator ``numpy.random.default_rng([seed, i])``, so a home's
data does not depend on how many homes are generated after it; storylines (which homes have a
vacancy, a current inspection, ...) come from :mod:`workbench.demo.profiles`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from workbench.demo import evidence, homes, inspections, profiles, staffing
from workbench.demo.rand import Rand

CHUNK = 250  # homes per chunk handed from the builder to the writer
#: tables in insert order (parents first)
TABLES = ("homes", "users", "assignments", "staff", "children", "inspections", "judgements",
          "descriptor_assessments", "inspection_notes", "requirements", "recommendations", "notifications",
          "independent_visits", "quality_reviews", "complaints", "survey_responses")


@dataclass(frozen=True)
class Options:
    """What to generate: ``homes`` homes, ``years`` of history up to ``as_of``, from ``seed``."""

    homes: int
    seed: int
    as_of: dt.date
    years: int = 3

    @property
    def window_start(self) -> dt.date:
        """The first day of the generated history."""
        try:
            return self.as_of.replace(year=self.as_of.year - self.years)
        except ValueError:  # 29 February
            return self.as_of.replace(year=self.as_of.year - self.years, day=28)


def build(options: Options, first_ids: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    """Every row of the demo store, ids counted from ``first_ids`` (table -> first free id)."""
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for chunk in iter_build(options, first_ids):
        for table, new in chunk.items():
            rows[table].extend(new)
    return rows


def iter_build(options: Options, first_ids: dict[str, int],
               chunk: int = CHUNK) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """The rows of :func:`build` in chunks of ``chunk`` homes (users with the first chunk).

    Each chunk holds everything of its homes, so writing chunks in order keeps every foreign key
    satisfied; ids run on across chunks exactly as in one pass.
    """
    counters: dict[str, Callable[[], int]] = {t: itertools.count(first_ids.get(t, 1)).__next__ for t in TABLES}
    now = dt.datetime.combine(options.as_of, dt.time(6, 0))
    stories = profiles.assign(options.seed, options.homes)
    rngs = [Rand([options.seed, i]) for i in range(options.homes)]
    all_homes = [homes.home_row(rngs[i], i, counters["homes"](), options.as_of, stories[i].has("new_home"),
                                options.window_start, now) for i in range(options.homes)]
    users, assigned = homes.inspectors_for(options.seed, all_homes)
    for user in users:
        user["id"] = counters["users"]()
    inspector_names = [u["username"] for u in users if u["role"] == "inspector"]
    for start in range(0, options.homes, chunk):
        rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        rows["homes"] = all_homes[start:start + chunk]
        if start == 0:
            rows["users"] = users
        for i in range(start, min(start + chunk, options.homes)):
            _home(rngs[i], all_homes[i], stories[i], assigned[i], inspector_names, options, counters, rows, now)
        yield rows


def _home(rng: Rand, home: dict[str, Any], story: profiles.Profile, inspector: str,
          inspector_names: list[str], options: Options, counters: dict[str, Callable[[], int]],
          rows: dict[str, list[dict[str, Any]]], now: dt.datetime) -> None:
    as_of, registered = options.as_of, home["registration_date"]
    first = max(options.window_start, registered)
    places = int(home["places"])
    deteriorating = story.has("deteriorating")
    rows["assignments"].append({"id": counters["assignments"](), "home_id": home["id"], "username": inspector,
                                "start_date": as_of - dt.timedelta(days=int(rng.integers(30, 700))),
                                "end_date": None})
    vacancy = "long" if story.has("vacancy_long") else "short" if story.has("vacancy_short") else None
    manager_start = max(registered, options.window_start - dt.timedelta(days=int(rng.integers(0, 6 * 365))))
    managers = staffing.managers(rng, manager_start, as_of, vacancy, story.has("manager_overdue"))
    staff = [p for p in staffing.staff(rng, places, first, as_of, story.has("staff_overdue"))
             if p.end is None or p.end > registered]
    for person in staff:
        person.start = max(person.start, registered)
    for n, person in enumerate(managers + staff):
        prefix = "M" if person.role == "registered_manager" else "S"
        rows["staff"].append({
            "id": counters["staff"](), "home_id": home["id"], "reference": f"{prefix}-{n + 1:03d}",
            "name": homes.person_name(rng), "role": person.role, "start_date": person.start, "end_date": person.end,
            "qualification_status": person.status, "qualification_enrolled_date": person.enrolled,
            "qualification_achieved_date": person.achieved,
        })
    ctx = inspections.Context(rng=rng, home=home, profile=story, first=first, as_of=as_of, managers=managers,
                              staff=staff, inspector=inspector, inspectors=inspector_names,
                              next_id=counters, now=now)
    inspections.generate(ctx)
    for table, new in ctx.rows.items():
        rows[table].extend(new)
    kids = [k for k in evidence.children(rng, home["home_category"], places, first, as_of, deteriorating)
            if k.left is None or k.left > registered.toordinal()]
    for kid in kids:
        kid.admitted = max(kid.admitted, registered.toordinal())
    rows["notifications"].extend(
        evidence.notifications(rng, home, kids, first, as_of, deteriorating, counters["notifications"]))
    rows["children"].extend(evidence.child_rows(rng, kids, home["id"], counters["children"],
                                                home["short_break_only"], deteriorating, as_of))
    rows["independent_visits"].extend(evidence.independent_visits(
        rng, home, first, as_of, story.has("reg44_missing"), story.has("reg44_negative"), deteriorating,
        counters["independent_visits"]))
    rows["quality_reviews"].extend(
        evidence.quality_reviews(rng, home, first, as_of, story.has("reg45_late"), counters["quality_reviews"]))
    rows["complaints"].extend(evidence.complaints(rng, home, first, as_of, deteriorating, counters["complaints"]))
    rows["survey_responses"].extend(
        evidence.surveys(rng, home, first, as_of, ctx.level, deteriorating, counters["survey_responses"]))
