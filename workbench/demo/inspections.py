"""Inspection history and current inspections of one demo home, graded within the framework's caps.

Homes are inspected twice a year, one full and one interim inspection (para 7); a home judged
inadequate overall has a further full inspection within six to eight weeks (para 8); reports are
published within about 20 working days (para 9). Every full inspection's grades are clamped to
``workbench.rules.caps`` given the facts of the day (paras 13, 25, 37, 42-43; footnotes 11-12, 19-20).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from workbench.demo import prose, staffing, vocab
from workbench.demo.profiles import Profile
from workbench.demo.rand import Rand
from workbench.rules import below_good, published_wording

DEMO_USER = "demo-data"


@lru_cache(maxsize=4096)
def _caps(grades: tuple[tuple[str, str], ...], facts: tuple[tuple[str, Any], ...]) -> dict[str, str]:
    from workbench.rules import caps

    return {area: cap.max_grade for area, cap in caps(dict(grades), dict(facts)).items()}


def within_caps(grades: dict[str, str], facts: dict[str, Any]) -> dict[str, str]:
    """The grades lowered, where needed, to the highest the rules allow (re-checked until stable)."""
    from workbench.rules import grade_rank

    grades = dict(grades)
    for _ in range(4):
        limits = _caps(tuple(sorted(grades.items())), tuple(sorted(facts.items())))
        changed = False
        for area, grade in grades.items():
            if grade_rank(grade) < grade_rank(limits[area]):
                grades[area], changed = limits[area], True
        if not changed:
            return grades
    return grades


def facts_on(day: dt.date, managers: list[staffing.Person], staff: list[staffing.Person],
             consecutive: int) -> dict[str, Any]:
    """The limiting facts of para 37 on ``day`` (vacancy weeks, qualification deadlines, consecutive RI)."""
    return {
        "registered_manager_vacancy_weeks": staffing.vacancy_weeks(managers, day),
        "manager_qualification_overdue": staffing.manager_overdue(managers, day),
        "staff_qualification_overdue": staffing.staff_overdue(staff, day),
        "consecutive_ri_or_inadequate_progress": consecutive,
    }


@dataclass
class Context:
    """What the inspection generator needs to know about one home."""

    rng: Rand
    home: dict[str, Any]
    profile: Profile
    first: dt.date
    as_of: dt.date
    managers: list[staffing.Person]
    staff: list[staffing.Person]
    inspector: str
    inspectors: list[str]
    next_id: dict[str, Any]
    now: dt.datetime
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    level: int = 2
    seq: int = 0

    def add(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        """Append a row (with its precomputed id) to ``table``."""
        row["id"] = self.next_id[table]()
        self.rows.setdefault(table, []).append(row)
        return row

    def versioned(self, row: dict[str, Any]) -> dict[str, Any]:
        """The columns of a versioned record set explicitly (deterministic, fast bulk insert)."""
        row.update(version=1, updated_at=self.now, updated_by=DEMO_USER)
        return row


def _schedule(ctx: Context) -> list[tuple[dt.date, str]]:
    rng, profile = ctx.rng, ctx.profile
    if profile.has("new_home"):
        return []
    current = profile.has("current_full") or profile.has("current_interim")
    phase = int(rng.integers(2, 13)) if current else int(rng.integers(21, 183))
    day, dates = ctx.as_of - dt.timedelta(days=phase), []
    while day >= ctx.first + dt.timedelta(days=20):
        dates.append(day)
        day -= dt.timedelta(days=182 + int(rng.integers(-25, 26)))
    latest = "interim" if profile.has("current_interim") else "full" if profile.has("current_full") else \
        ("full" if rng.random() < 0.5 else "interim")
    other = {"full": "interim", "interim": "full"}
    kinds = [latest if k % 2 == 0 else other[latest] for k in range(len(dates))]
    return list(zip(reversed(dates), reversed(kinds), strict=True))


def _step(ctx: Context, end: dt.date) -> None:
    rng = ctx.rng
    if ctx.profile.has("deteriorating") and end > ctx.as_of - dt.timedelta(days=240):
        ctx.level = max(0, ctx.level - 1 - int(ctx.level == 3))
        return
    up = {0: 0.7, 1: 0.35, 2: 0.07, 3: 0.0}[ctx.level]
    down = {0: 0.0, 1: 0.04, 2: 0.07, 3: 0.2}[ctx.level]
    roll = rng.random()
    ctx.level = min(3, ctx.level + 1) if roll < up else max(0, ctx.level - 1) if roll < up + down else ctx.level


def _grades(ctx: Context, facts: dict[str, Any]) -> dict[str, str]:
    rng = ctx.rng

    def near(level: int, down: float = 0.08) -> int:
        roll = rng.random()
        return min(3, max(0, level - 1 if roll < down else level + 1 if roll > 0.9 else level))

    helped, leadership, partnership = near(ctx.level, 0.05), near(ctx.level), near(max(ctx.level, 1))
    overall = min(3, max(0, round((2 * ctx.level + helped + leadership) / 4)))
    raw = {"overall": overall, "helped_protected": helped, "leadership": leadership, "partnership": partnership}
    return within_caps({area: vocab.GRADES[value] for area, value in raw.items()}, facts)


def _progress(ctx: Context, end: dt.date) -> str:
    rng = ctx.rng
    if ctx.profile.has("deteriorating") and end > ctx.as_of - dt.timedelta(days=400):
        return "inadequate_progress" if rng.random() < 0.6 else "limited_progress"
    p = {0: (0.5, 0.5, 0.0), 1: (0.1, 0.5, 0.4)}.get(ctx.level, (0.02, 0.18, 0.8))
    return vocab.PROGRESS[int(rng.choice(3, p=p))]


def generate(ctx: Context) -> None:
    """All inspections of the home: published history, reports in QA, and the current one if any."""
    rng = ctx.rng
    ctx.level = int(rng.choice(4, p=(0.02, 0.18, 0.68, 0.12)))
    schedule = _schedule(ctx)
    consecutive, previous = 0, None
    last_full: dict[str, Any] | None = None
    k = 0
    while k < len(schedule):
        end, kind = schedule[k]
        is_current = k == len(schedule) - 1 and bool(ctx.profile.tags & {"current_full", "current_interim"})
        inspection = _inspection(ctx, end, kind, is_current)
        unpublished = inspection["status"] != "published"  # current, or its report in QA: full text
        facts = facts_on(end, ctx.managers, ctx.staff, consecutive)
        if kind == "full":
            _step(ctx, end)
            grades = _grades(ctx, facts)
            if is_current and ctx.profile.has("contradicted"):
                grades = _contradicted(ctx, inspection, grades, facts)
            _judgements(ctx, inspection, grades, with_text=unpublished)
            if inspection["status"] == "published":
                last_full = inspection
            consecutive = consecutive + 1 if grades["overall"] == "requires_improvement" else 0
            if grades["overall"] == "inadequate":
                inspection["enforcement_action"] = "Compliance notice issued (regulation 12)" \
                    if rng.random() < 0.5 else None
                nxt = schedule[k + 1][0] if k + 1 < len(schedule) else ctx.as_of
                again = end + dt.timedelta(days=int(rng.integers(42, 57)))  # para 8: six to eight weeks
                if (nxt - again).days > 70 and again < ctx.as_of - dt.timedelta(days=21):
                    schedule.insert(k + 1, (again, "full"))
            severity = vocab.GRADES.index(grades["overall"])
        else:
            progress = _progress(ctx, end)
            inspection["progress_judgement"] = progress
            if progress == "inadequate_progress":  # para 48
                inspection["service_of_concern"] = True
                inspection["case_review_note"] = ("Inadequate progress (para 48): case review to consider "
                                                  "enforcement action; home monitored as a service of concern.")
            consecutive = consecutive + 1 if progress == "inadequate_progress" else 0
            severity = vocab.PROGRESS.index(progress) + 1
            if unpublished:
                _focus_notes(ctx, inspection, progress)
        if previous is not None and not (is_current and inspection["status"] == "draft"):
            _review_previous(ctx, previous, inspection)
        _requirements(ctx, inspection, kind, severity)
        if unpublished and kind == "full":
            _descriptors(ctx, inspection, grades)
            _para18_notes(ctx, inspection, grades)
        previous = inspection
        k += 1
    if last_full is not None:  # the latest published full report has its text
        for row in ctx.rows["judgements"]:
            if row["inspection_id"] == last_full["id"]:
                row["evidence_summary"] = prose.evidence_summary(rng, row["area"], row["grade"])


#: The answer a demo inspector gave to the challenge of a contradicted home's grade (issue 16).
CHALLENGE_ANSWER = ("Missing episodes rose because of one child new to the home; the return-home interviews, "
                    "the police and the child's social worker confirm a plan that has reduced them since January.")


def _contradicted(ctx: Context, inspection: dict[str, Any], grades: dict[str, str],
                  facts: dict[str, Any]) -> dict[str, str]:
    """Helped and protected at least good while missing episodes surge (the evidence side is in
    ``evidence.notifications``); a report already in QA carries the inspector's answer."""
    if below_good(grades["helped_protected"]):
        grades = within_caps({**grades, "helped_protected": "good"}, facts)
    if inspection["status"] == "submitted":
        ctx.add("inspection_notes", ctx.versioned({"inspection_id": inspection["id"], "section": "challenge",
                                                   "key": "helped_missing:helped_protected",
                                                   "text": CHALLENGE_ANSWER}))
    return grades


def _inspection(ctx: Context, end: dt.date, kind: str, is_current: bool) -> dict[str, Any]:
    rng = ctx.rng
    days_on_site = int(rng.integers(2, 4)) if kind == "full" else int(rng.integers(1, 3))
    lead = ctx.inspector if (is_current or rng.random() < 0.6) else \
        ctx.inspectors[int(rng.integers(len(ctx.inspectors)))]
    team = [lead]
    if kind == "full" and rng.random() < 0.3:
        other = ctx.inspectors[int(rng.integers(len(ctx.inspectors)))]
        if other != lead:
            team.append(other)
    age = (ctx.as_of - end).days
    publication, qa = None, None
    if is_current:
        status = "submitted" if ctx.profile.submitted else "draft"
    elif age > 30:
        status, qa = "published", "manager"
        publication = min(end + dt.timedelta(days=int(rng.integers(14, 29))), ctx.as_of)
    else:
        status = "qa_approved" if rng.random() < 0.5 else "submitted"
        qa = "manager" if status == "qa_approved" else None
    row = ctx.add("inspections", ctx.versioned({
        "home_id": ctx.home["id"], "inspection_type": kind,
        "start_date": end - dt.timedelta(days=days_on_site - 1), "end_date": end,
        "publication_date": publication, "status": status, "source": "demo", "lead_inspector": lead,
        "inspectors": team, "progress_judgement": None, "service_of_concern": False, "case_review_note": None,
        "enforcement_action": None, "qa_reviewer": qa,
        "qa_notes": "Checked against the evidence base; approved for publication." if qa else None,
        "created_at": ctx.now,
    }))
    ctx.seq += 1  # event number: the URN's digits and a two-digit sequence (unique, id-independent)
    row["reference"] = f"{ctx.home['urn'].removeprefix('SC')}{ctx.seq:02d}"
    return row


def _judgements(ctx: Context, inspection: dict[str, Any], grades: dict[str, str], with_text: bool) -> None:
    for area in vocab.AREAS:
        grade = grades[area]
        ctx.add("judgements", ctx.versioned({
            "inspection_id": inspection["id"], "area": area, "grade": grade, "wording": published_wording(grade),
            "evidence_summary": prose.evidence_summary(ctx.rng, area, grade) if with_text else None,
        }))


#: (fixed part, Poisson mean) of the number of requirements / recommendations, by type and severity
_REQ_COUNTS = {"full": {0: (3, 2.0), 1: (1, 1.5), 2: (0, 0.6), 3: (0, 0.1)},
               "interim": {1: (2, 1.5), 2: (1, 0.8), 3: (0, 0.3)}}
_REC_COUNTS = {"full": {0: (1, 1.0), 1: (2, 1.0), 2: (1, 1.0), 3: (0, 0.5)},
               "interim": {1: (1, 1.0), 2: (1, 1.0), 3: (0, 1.0)}}


def _requirements(ctx: Context, inspection: dict[str, Any], kind: str, severity: int) -> None:
    """Requirements and recommendations; ``severity`` 0 (inadequate) .. 3 (outstanding) for full,
    1 (inadequate progress) .. 3 (good progress) for interim."""
    rng = ctx.rng
    req_base, req_lam = _REQ_COUNTS[kind][severity]
    rec_base, rec_lam = _REC_COUNTS[kind][severity]
    n_req, n_rec = req_base + rng.poisson(req_lam), rec_base + rng.poisson(rec_lam)
    end = inspection["end_date"]
    for n, i in enumerate(rng.choice(len(vocab.REQUIREMENTS), size=min(n_req, 6), replace=False)):
        regulation, text = vocab.REQUIREMENTS[int(i)]
        ctx.add("requirements", ctx.versioned({
            "inspection_id": inspection["id"], "reference": f"{inspection['reference']}-R{n + 1}",
            "regulation": regulation, "text": text, "due_date": end + dt.timedelta(days=int(rng.integers(14, 85))),
            "status": None, "status_evidence": None, "reviewed_at_inspection_id": None,
        }))
    for n, i in enumerate(rng.choice(len(vocab.RECOMMENDATIONS), size=min(n_rec, 5),
                                     replace=False)):
        standard, text = vocab.RECOMMENDATIONS[int(i)]
        ctx.add("recommendations", ctx.versioned({
            "inspection_id": inspection["id"], "reference": f"{inspection['reference']}-A{n + 1}",
            "standard": standard, "text": text, "status": None, "status_evidence": None,
            "reviewed_at_inspection_id": None,
        }))


def _review_previous(ctx: Context, previous: dict[str, Any], inspection: dict[str, Any]) -> None:
    """The next inspection marks each requirement and recommendation of the previous one met or not met."""
    rng = ctx.rng
    p_met = 0.45 if ctx.profile.has("deteriorating") and inspection["end_date"] > ctx.as_of - dt.timedelta(400) \
        else 0.8
    for table in ("requirements", "recommendations"):
        for row in reversed(ctx.rows.get(table, [])):
            if row["inspection_id"] != previous["id"]:
                if row["inspection_id"] < previous["id"]:
                    break
                continue
            met = bool(rng.random() < p_met)
            row["status"] = "met" if met else "not_met"
            row["status_evidence"] = ("Records and discussion with staff show this has been addressed."
                                      if met else "Not yet addressed: shortfalls seen again at this inspection.")
            row["reviewed_at_inspection_id"] = inspection["id"]


def _descriptors(ctx: Context, inspection: dict[str, Any], grades: dict[str, str]) -> None:
    """Descriptor checklist (met / not met / not seen) consistent with the grade given (best fit, para 17)."""
    from workbench.rules import load_framework

    rng = ctx.rng
    for area in load_framework().areas:
        given = vocab.GRADES.index(grades[area.key])  # 0 inadequate .. 3 outstanding
        for descriptor in area.all_descriptors():
            level = vocab.GRADES.index(descriptor.grade)
            if below_good(descriptor.grade):
                met = level == given and rng.random() < 0.9
                status = "met" if met else ("not_met" if rng.random() < 0.85 else "not_seen")
            elif descriptor.grade == "good":
                p = {3: 0.97, 2: 0.85, 1: 0.35, 0: 0.15}[given]
                status = "met" if rng.random() < p else ("not_met" if rng.random() < 0.8 else "not_seen")
            else:
                p = 0.95 if given == 3 else 0.15
                status = "met" if rng.random() < p else ("not_met" if rng.random() < 0.6 else "not_seen")
            if given == 3 and not below_good(descriptor.grade) and status != "met":
                status = "met"
            ctx.add("descriptor_assessments", ctx.versioned({
                "inspection_id": inspection["id"], "area": area.key, "descriptor_id": descriptor.id,
                "status": status, "note": None,
            }))


def _focus_notes(ctx: Context, inspection: dict[str, Any], progress: str) -> None:
    from workbench.rules import load_framework

    for focus in load_framework().focus_areas:
        ctx.add("inspection_notes", ctx.versioned({
            "inspection_id": inspection["id"], "section": "focus_area", "key": focus.key,
            "text": prose.focus_note(ctx.rng, focus.key, progress),
        }))


def _para18_notes(ctx: Context, inspection: dict[str, Any], grades: dict[str, str]) -> None:
    if grades["overall"] == "outstanding":
        section, key, text = "outstanding_practice", "op1", (
            "Staff use children's own goals to plan every placement, and children can describe the progress "
            "they have made.")
    elif below_good(grades["overall"]):
        section, key, text = "priority_for_improvement", "pi1", (
            "Improve the quality and timeliness of risk assessments after incidents, and check that staff "
            "follow them.")
    else:
        return
    ctx.add("inspection_notes", ctx.versioned({"inspection_id": inspection["id"], "section": section, "key": key,
                                               "text": text}))
