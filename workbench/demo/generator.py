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


#: foreign-key columns that point at rows generated chunk by chunk (renumbered with the chunk)
INSPECTION_REFS = ("inspection_id", "reviewed_at_inspection_id")
FIXED = ("homes", "users")  # ids given once for the whole run


@dataclass
class Plan:
    """What every chunk shares: homes (with their ids), users, storylines and assignments."""

    options: Options
    homes: list[dict[str, Any]]
    users: list[dict[str, Any]]
    stories: list[profiles.Profile]
    assigned: dict[int, str]
    rngs: list[Rand]
    now: dt.datetime

    @property
    def inspector_names(self) -> list[str]:
        """Usernames of the demo inspectors."""
        return [u["username"] for u in self.users if u["role"] == "inspector"]


def plan(options: Options, first_ids: dict[str, int]) -> Plan:
    """The homes, users and storylines of a run (cheap; the bulk is built per chunk)."""
    now = dt.datetime.combine(options.as_of, dt.time(6, 0))
    stories = profiles.assign(options.seed, options.homes)
    rngs = [Rand([options.seed, i]) for i in range(options.homes)]
    first_home = first_ids.get("homes", 1)
    all_homes = [homes.home_row(rngs[i], i, first_home + i, options.as_of, stories[i].has("new_home"),
                                options.window_start, now) for i in range(options.homes)]
    users, assigned = homes.inspectors_for(options.seed, all_homes)
    for k, user in enumerate(users):
        user["id"] = first_ids.get("users", 1) + k
    return Plan(options, all_homes, users, stories, assigned, rngs, now)


def build_chunk(p: Plan, start: int, stop: int) -> dict[str, list[dict[str, Any]]]:
    """Rows of homes ``start``..``stop-1``, with ids local to the chunk (see :func:`renumber`)."""
    counters: dict[str, Callable[[], int]] = {t: itertools.count(1).__next__ for t in TABLES}
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    rows["homes"] = p.homes[start:stop]
    if start == 0:
        rows["users"] = p.users
    names = p.inspector_names
    for i in range(start, stop):
        _home(p.rngs[i], p.homes[i], p.stories[i], p.assigned[i], names, p.options, counters, rows, p.now)
    return rows


def offsets(rows: dict[str, Any], next_ids: dict[str, int]) -> dict[str, int]:
    """What to add to a chunk's local ids, and move ``next_ids`` past the chunk.

    ``rows`` maps tables to lists of rows, or to (names, tuples) once encoded for SQLite.
    """
    added = {}
    for table in TABLES:
        if table in FIXED:
            continue
        batch = rows.get(table, [])
        count = len(batch[1]) if isinstance(batch, tuple) else len(batch)
        added[table] = next_ids.get(table, 1) - 1
        next_ids[table] = next_ids.get(table, 1) + count
    return added


def renumber(rows: dict[str, list[dict[str, Any]]], added: dict[str, int]) -> None:
    """Turn a chunk's local ids (and references to its inspections) into store ids, in place."""
    inspection_offset = added["inspections"]
    for table, batch in rows.items():
        if table in FIXED or not batch:
            continue
        offset = added[table]
        refs = [c for c in INSPECTION_REFS if c in batch[0]]
        for row in batch:
            row["id"] += offset
            for column in refs:
                if row[column] is not None:
                    row[column] += inspection_offset


def chunk_bounds(homes_: int, chunk: int | None = None) -> list[tuple[int, int]]:
    """(start, stop) of each chunk of homes (``CHUNK`` homes by default)."""
    chunk = chunk or CHUNK
    return [(start, min(start + chunk, homes_)) for start in range(0, homes_, chunk)]


def iter_build(options: Options, first_ids: dict[str, int],
               chunk: int | None = None) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """All rows, chunk by chunk in order, with store ids counted from ``first_ids``.

    Each chunk holds everything of its homes, so writing chunks in order keeps every foreign key
    satisfied; the ids are those of one pass over all homes.
    """
    p = plan(options, first_ids)
    next_ids = dict(first_ids)
    for start, stop in chunk_bounds(options.homes, chunk):
        rows = build_chunk(p, start, stop)
        renumber(rows, offsets(rows, next_ids))
        yield rows


def build(options: Options, first_ids: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    """Every row of the demo store, ids counted from ``first_ids`` (table -> first free id)."""
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for chunk in iter_build(options, first_ids):
        for table, new in chunk.items():
            rows[table].extend(new)
    return rows


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
        evidence.notifications(rng, home, kids, first, as_of, deteriorating, counters["notifications"],
                               missing_surge=story.has("contradicted")))
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
