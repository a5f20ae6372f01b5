"""The chosen home's summary and evidence charts as escaped HTML, cached per home.

Computed once per kernel for each home (a preheated kernel computes them for the inspector's
homes before any request), so the page shows them the moment the address is known.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from workbench import html, settings
from workbench.analysis.sector import home_line
from workbench.files import write_text_atomic
from workbench.rules import label_of
from workbench.store import lifecycle
from workbench.store.db import session_scope
from workbench.store.models import Child, Home, Inspection, Judgement
from workbench.store.registration import timeline

log = logging.getLogger(__name__)

#: a cached picture older than this (seconds) is recomputed even under the same store mark
MAX_AGE = 3600.0


@dataclass(frozen=True)
class HomePicture:
    """What the page shows of a home before the widgets: summary, charts, evidence sections."""

    urn: str
    summary: html.Fragment
    evidence: html.Fragment
    children: html.Fragment
    made_at: float


_cache: dict[tuple[str, str], tuple[tuple[object, ...], HomePicture]] = {}


def _summary(db: str, urn: str, today: dt.date) -> html.Fragment:
    with session_scope(db) as session:
        home = session.scalars(select(Home).where(Home.urn == urn)).one()
        living = session.scalars(
            select(Child.reference).where(Child.home_id == home.id, Child.admission_date <= today,
                                          (Child.leaving_date.is_(None)) | (Child.leaving_date > today))
        ).all()
        last = session.execute(
            select(Inspection.start_date, Inspection.inspection_type, Judgement.grade)
            .join(Judgement, (Judgement.inspection_id == Inspection.id) & (Judgement.area == "overall"))
            .where(Inspection.home_id == home.id, Inspection.inspection_type == "full",
                   Inspection.status.in_(lifecycle.REVIEWED_STATUSES), Inspection.start_date <= today)
            .order_by(Inspection.start_date.desc())
        ).first()
        registered = home.registration_date.isoformat() if home.registration_date else "Not recorded"
        places = f"{home.places:g}" if home.places is not None else "Not recorded"
        items = [
            ("URN", home.urn), ("Type", home.home_category or home.provision_type), ("Sector", home.sector or ""),
            ("Places", places), ("Local authority", home.local_authority or ""), ("Region", home.region or ""),
            ("Registered", registered), ("Children living here now", str(len(living))),
            ("Last full inspection", f"{last[0].isoformat()}: {label_of(last[2])}" if last
             else "None on record (first inspection)"),
            ("Record at full inspections", home_line(session, home.id, today)),
        ]
        events = [e for e in timeline(session, home.id) if e["event_date"] <= today]
        if events:  # Ofsted's Leavers and joiners release
            items.append(("Registration", "; ".join(f"{e['event']} {e['event_date'].isoformat()}" for e in events)))
        name = home.name if home.name and home.name not in ("REDACTED", home.urn) else ""
        title = f"{home.urn}: {name}" if name else home.urn
    heading = html.tag("h1", title, **{"data_wb_title": f"{home.urn} - inspector dashboard - inspector workbench",
                                        "data_wb_bar": home.urn})
    return html.tag("section", html.join([heading, html.summary_list(items)]), class_="wb-home-summary",
                    id="wb-summary", **{"aria_label": "The home at a glance"})


def _evidence(db: str, urn: str, today: dt.date) -> tuple[Any, html.Fragment, html.Fragment]:
    """The home's `Evidence` (engineer D), its evidence picture (sections with charts) and children to track."""
    from workbench.analysis import sections
    from workbench.analysis.evidence import build_evidence
    from workbench.enquiry import children_to_track

    with session_scope(db) as session:
        home_id = session.scalars(select(Home.id).where(Home.urn == urn)).one()
        evidence = build_evidence(session, home_id, today)
    parts = [_folding(name, function(evidence)) for name, function in sections.SECTIONS]
    picture = html.tag("section", html.join([html.tag("h2", "Evidence picture", id="wb-evidence"), *parts]),
                       class_="wb-evidence")
    chosen = children_to_track(evidence)
    if chosen:
        rows = [[c.reference, "Lives here" if c.living_here else "Has left", "; ".join(c.reasons)] for c in chosen]
        tracked = html.table(rows, ["Child (reference)", "Now", "Why tracked"],
                             caption="Children to track (footnote 5)", class_="wb-table wb-children")
    else:
        tracked = html.paragraph("No child to track in this period.", class_="wb-empty")
    return evidence, picture, tracked


_FIRST_HEADING = re.compile(r"^<section><h2>(.*?)</h2>", re.S)


def _folding(name: str, part: html.Fragment) -> html.Fragment:
    """An evidence section that folds (open at first), its heading the summary, its id for the contents list."""
    text = str(part)
    found = _FIRST_HEADING.match(text)
    if not found:
        return part
    heading = html.Fragment(f'<h3 class="wb-fold-heading">{found.group(1)}</h3>')
    body = html.Fragment(text[found.end():].removesuffix("</section>"))
    return html.tag("details", html.join([html.tag("summary", heading), body]), open="open",
                    id=f"wb-ev-{name}", class_="wb-evidence-section")


def contents(made: HomePicture) -> html.Fragment:
    """A contents list of the long page: the evidence sections, then the working sections."""
    found = re.findall(r'<details open="open" id="(wb-ev-[a-z_]+)"[^>]*><summary><h3 class="wb-fold-heading">(.*?)</h3>',
                       str(made.evidence), re.S)
    items = [html.tag("li", html.tag("a", html.Fragment(title), href=f"#{anchor}")) for anchor, title in found]
    items += [html.tag("li", html.tag("a", label, href=f"#{anchor}")) for anchor, label in WORK_SECTIONS]
    return html.tag("nav", html.join([html.tag("h2", "Contents", class_="wb-heading-m"),
                                      html.tag("ol", html.join(items))]),
                    class_="wb-contents", **{"aria_label": "Contents of this home's page"})


#: the working sections below the evidence (their headings carry these ids)
WORK_SECTIONS = (("wb-enquiries-heading", "Lines of enquiry"), ("wb-tracking", "Children to track"),
                 ("wb-plan-heading", "Visit plan"), ("wb-judgements-heading", "Judgements"),
                 ("wb-report-heading", "Report and QA"))


def _disk_path(db: str, urn: str, day: dt.date, mark: tuple[object, ...] = ()) -> Path | None:
    """Where `workbench serve` shares pictures between its kernels (its private runtime folder), if set."""
    folder = settings.DASHBOARD_CACHE.value()
    if not folder:
        return None
    key = hashlib.sha256(f"{db}|{urn}|{day.isoformat()}|{mark!r}".encode()).hexdigest()[:32]
    return Path(folder) / f"{key}.json"


def _from_disk(path: Path | None, max_age: float) -> HomePicture | None:
    if path is None or not path.exists() or time.time() - path.stat().st_mtime >= max_age:
        return None
    try:
        data = json.loads(path.read_text())
        age = time.time() - path.stat().st_mtime
        return HomePicture(data["urn"], html.Fragment(data["summary"]), html.Fragment(data["evidence"]),
                           html.Fragment(data["children"]), time.monotonic() - age)
    except (OSError, ValueError, KeyError):
        return None


def _to_disk(path: Path | None, made: HomePicture) -> None:
    if path is None:
        return
    write_text_atomic(json.dumps({"urn": made.urn, "summary": str(made.summary), "evidence": str(made.evidence),
                                  "children": str(made.children)}), path, private=True)


def picture(db: str, urn: str, today: dt.date | None = None, max_age: float = MAX_AGE,
            mark: tuple[object, ...] | None = None) -> HomePicture:
    """The home's picture: from this kernel's cache, else the server's shared cache, else computed.

    A cached picture is used only under the same store mark (`freshness.home_mark`: nothing of
    the home has changed since), so a saved change shows on the next load. The shared cache
    (``WORKBENCH_DASHBOARD_CACHE``, set by `workbench serve` to a folder only the user can read)
    lets a newly preheated kernel reuse what another kernel computed.
    """
    day = today or dt.date.today()
    if mark is None:
        mark = current_mark(db, urn, day)
    key = (db, urn)
    cached = _cache.get(key)
    if cached is not None and cached[0] == mark and time.monotonic() - cached[1].made_at < max_age:
        return cached[1]
    path = _disk_path(db, urn, day, mark)
    made = _from_disk(path, max_age)
    if made is None:
        _evidence_object, evidence, children = _evidence(db, urn, day)
        made = HomePicture(urn, _summary(db, urn, day), evidence, children, time.monotonic())
        try:
            _to_disk(path, made)
        except OSError:
            log.exception("could not share the evidence picture of %s", urn)
    _cache[key] = (mark, made)
    return made


def current_mark(db: str, urn: str, day: dt.date | None = None) -> tuple[object, ...]:
    """The home's store mark now (see `workbench.dashboards.freshness`)."""
    from workbench.dashboards.freshness import home_mark

    with session_scope(db) as session:
        home_id = session.scalars(select(Home.id).where(Home.urn == urn)).one()
    return home_mark(db, home_id, day)


def warm(db: str, urns: list[str], limit: int = 8) -> None:
    """Compute the pictures of the first `limit` homes (a preheated kernel, before any request)."""
    for urn in urns[:limit]:
        try:
            picture(db, urn)
        except Exception:  # a home that fails is computed (and reported) when opened
            log.exception("could not prepare the evidence picture of %s", urn)
