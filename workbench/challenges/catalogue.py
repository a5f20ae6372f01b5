"""The catalogue of challenge rules: each compares a grade with the evidence picture (issue 16).

A rule is its data in ``rules.yaml`` (areas, grades questioned, paragraph, thresholds) plus the
function here of the same id. A function reads the :class:`Context` (the home's
:class:`~workbench.analysis.evidence.Evidence` on the first day on site, the inspection's lines
of enquiry and its grades) and returns a :class:`~workbench.challenges.model.Finding` citing the
figures and the records behind it, or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from workbench.analysis.evidence import Evidence
from workbench.analysis.follow_up import current_notifications, notification_records, record
from workbench.analysis.notifications import compare_rate
from workbench.analysis.periods import long_date
from workbench.challenges.model import ChallengeRule, Finding, load_rules
from workbench.rules import label_of

MAX_RECORDS = 12  # records cited per challenge (the most recent); the counts are always in the text


@dataclass
class Context:
    """What the rules read: the evidence picture, the inspection's lines of enquiry and its grades."""

    evidence: Evidence
    lines: list[dict[str, Any]] = field(default_factory=list)  # id, area, status, question, evidence
    grades: dict[str, str | None] = field(default_factory=dict)

    @property
    def since(self) -> str:
        """The start of the current period in words."""
        return long_date(self.evidence.periods.current.start)


def _figure(ctx: Context, detail: str) -> dict[str, Any]:
    """A figure from the evidence picture, as an evidence record (no table row behind it)."""
    return record("figures", None, ctx.evidence.as_of, detail)


def _questioned(ctx: Context, rule: ChallengeRule, area: str, facts: list[str], why: str,
                records: list[dict[str, Any]], detail: str = "") -> Finding:
    """The finding of a rule whose evidence questions the grade: the facts (each also a figure), the
    `detail` after them, why the grade needs otherwise (its paragraph), then the records behind it."""
    text = f"{'; '.join(facts)}{detail}. {why}: say why the grade stands, or change it."
    return rule.finding(area, text, [_figure(ctx, fact) for fact in facts] + records[:MAX_RECORDS])


def _notifications(ctx: Context, categories: tuple[str, ...]) -> list[dict[str, Any]]:
    """The current period's notifications of these categories as evidence records, newest first."""
    return notification_records(current_notifications(ctx.evidence, categories))


# ------------------------------------------------------------------ helped and protected (para 31)


def rising(ctx: Context, rule: ChallengeRule, area: str) -> Finding | None:
    """Missing episodes or restraint rising on the previous period, or above similar homes."""
    p = rule.params
    category = p["category"]
    compared = compare_rate(ctx.evidence.rate_rows, ctx.evidence.peers, category, min_events=p["min_events"],
                            rise=p["rise"], peer_factor=p["peer_factor"], min_peers=p["min_peers"])
    if compared is None:
        return None
    facts = compared.facts(ctx.since)
    need = ("incidents of missing children and the associated risks are clearly reducing" if category == "missing"
            else "the use of any restraint reduces or ceases over time")
    text = (f"{' '.join(facts)}. A grade of good or better needs evidence that {need} (para 31): "
            "say why the grade stands, or change it.")
    figures = [_figure(ctx, f) for f in facts]
    return rule.finding(area, text, figures + _notifications(ctx, (category,))[:MAX_RECORDS])


# ------------------------------------------------------------------ leaders and managers (paras 34-35)


def reg44(ctx: Context, rule: ChallengeRule, area: str) -> Finding | None:
    """Independent person's monthly reports missing, or not positive about safeguarding."""
    months = ctx.evidence.months_without_report
    negative = ctx.evidence.negative_reports
    negative = negative[negative["safeguarding_opinion"].isin(rule.params["opinions"])]
    if len(months) < rule.params["min_missing_months"] and len(negative) < rule.params["min_negative"]:
        return None
    named = ", ".join(pd.Period(m, freq="M").strftime("%B %Y") for m in months[:6])
    more = f" and {len(months) - 6} more" if len(months) > 6 else ""
    facts = []
    if months:
        facts.append(f"{len(months)} month(s) since {ctx.since} with no independent person's report ({named}{more})")
    if len(negative):
        opinions = " or ".join(o.replace("_", " ") for o in rule.params["opinions"])
        facts.append(f"{len(negative)} report(s) whose opinion on safeguarding children was {opinions}")
    records = [record("independent_visits", r.reference, r.visit_date,
                      f"regulation {r.regulation} report; safeguarding opinion {str(r.safeguarding_opinion).replace('_', ' ')}")
               for r in negative.sort_values("visit_date", ascending=False).itertuples()]
    records += [record("independent_visits", None, f"{m}-01", f"no regulation 44 report for {m}")
                for m in reversed(months)]
    return _questioned(ctx, rule, area, facts, "Good leadership monitors the quality of care regularly, using the "
                       "independent person's reports (para 34, footnote 16)", records)


def reg45(ctx: Context, rule: ChallengeRule, area: str) -> Finding | None:
    """Quality-of-care reviews late, not received or missing."""
    problems = ctx.evidence.review_problems
    if len(problems) < rule.params["min_problems"]:
        return None
    fact = f"{len(problems)} quality-of-care review(s) late or missing since {ctx.since}"
    records = [record("quality_reviews", p.reference, p.date, p.detail) for p in problems]
    return _questioned(ctx, rule, area, [fact], "Good leadership reviews the quality of care at least every six "
                       "months (regulation 45; para 34, footnote 16)", records,
                       detail=f" ({'; '.join(p.detail for p in problems[:4])})")


def turnover(ctx: Context, rule: ChallengeRule, area: str) -> Finding | None:
    """Staff turnover high since the last full inspection."""
    now = ctx.evidence.turnover
    if now is None or now.annual_rate is None or now.leavers < rule.params["min_leavers"] \
            or now.annual_rate < rule.params["annual_rate"]:
        return None
    fact = (f"{now.leavers} staff left since {ctx.since} (average team {now.average_headcount:g}): a turnover of "
            f"about {now.annual_rate:.0%} a year")
    staff = ctx.evidence.history.staff
    period = ctx.evidence.periods.current
    gone = staff[(staff["role"] != "registered_manager") & staff["end_date"].notna()]
    gone = gone[(gone["end_date"] >= period.start) & (gone["end_date"] <= period.end)]
    records = [record("staff", r.reference, r.end_date, f"{str(r.role).replace('_', ' ')} left")
               for r in gone.sort_values("end_date", ascending=False).itertuples()]
    return _questioned(ctx, rule, area, [fact], "Good leadership has a staff team that is sufficient, stable, "
                       "qualified and competent (para 34)", records)


def requirements(ctx: Context, rule: ChallengeRule, area: str) -> Finding | None:
    """Requirements of the last inspection recorded as not met."""
    reqs, _recs = ctx.evidence.follow_up
    not_met = reqs[reqs["status"] == "not_met"] if not reqs.empty else reqs
    if len(not_met) < rule.params["min_not_met"]:
        return None
    fact = f"{len(not_met)} requirement(s) of the last inspection recorded as not met"
    records = [record("requirements", r.reference, r.made, f"{r.regulation}: {r.text} (not met)")
               for r in not_met.itertuples()]
    return _questioned(ctx, rule, area, [fact], "Good leadership meets the previous inspection's requirements in "
                       "full (para 34); outstanding leaders show improvement over a sustained period (para 35)",
                       records)


# ------------------------------------------------------------------ overall experiences (para 30)


def education(ctx: Context, rule: ChallengeRule, area: str) -> Finding | None:
    """Children out of education or with under 25 hours of alternative provision."""
    kids = ctx.evidence.out_of_education
    if len(kids) < rule.params["min_children"]:
        return None
    fact = f"{len(kids)} child(ren) living here not in education or with under 25 hours a week of provision"
    records = []
    for r in kids.itertuples():
        hours = "" if pd.isna(r.alternative_provision_hours) else f", {r.alternative_provision_hours:g} hours a week"
        records.append(record("children", r.reference, None, f"{str(r.education_status).replace('_', ' ')}{hours}"))
    return _questioned(ctx, rule, area, [fact], "A grade of good or better needs children who are not in school to "
                       "have at least 25 hours of good-quality provision, with the home challenging for a full-time "
                       "place (para 30)", records)


# ------------------------------------------------------------------ any area


def open_enquiry(ctx: Context, rule: ChallengeRule, area: str) -> Finding | None:
    """Outstanding while a line of enquiry the inspector accepted for the area is still open."""
    lines = [line for line in ctx.lines if line["area"] == area and line["status"] in rule.params["statuses"]]
    if not lines:
        return None
    fact = f"{len(lines)} accepted line(s) of enquiry for this area still open"
    text = (f"{fact}. 'Outstanding' means the home exceeds 'good' on secure evidence (paras 17, 32, 35): close "
            "each line with its finding, or say why the grade stands.")
    records = []
    for line in lines:
        records.append(record("lines_of_enquiry", line["id"], None, str(line["question"])[:200]))
        records += list(line.get("evidence") or [])[:3]
    return rule.finding(area, text, [_figure(ctx, fact)] + records[:MAX_RECORDS])


def _harm(ctx: Context, rule: ChallengeRule) -> list[str]:
    ev = ctx.evidence
    events = _notifications(ctx, tuple(rule.params["harm_categories"]))
    found = []
    if len(events) >= rule.params["min_harm_events"]:
        found.append(f"{len(events)} notification(s) of missing, restraint, police, injury, allegation or "
                     "child protection events")
    if len(ev.negative_reports):
        found.append(f"{len(ev.negative_reports)} independent person's report(s) without a positive safeguarding opinion")
    if len(ev.children_missing):
        found.append(f"{len(ev.children_missing)} child(ren) who have been missing")
    return found


def _leadership(ctx: Context, rule: ChallengeRule) -> list[str]:
    ev = ctx.evidence
    facts = ev.facts.values if ev.facts else {}
    found = []
    weeks = facts.get("registered_manager_vacancy_weeks")
    if weeks and int(str(weeks)) > 26:
        found.append(f"no registered manager for {weeks} weeks")
    if facts.get("manager_qualification_overdue"):
        found.append("the registered manager missed a qualification deadline")
    if facts.get("staff_qualification_overdue"):
        found.append("staff not working towards the required qualification")
    if int(str(facts.get("consecutive_ri_or_inadequate_progress") or 0)) >= 2:
        found.append("two or more consecutive inspections at requires improvement or inadequate progress")
    if len(ev.months_without_report) >= rule.params["min_missing_months"]:
        found.append(f"{len(ev.months_without_report)} month(s) with no independent person's report")
    if ev.review_problems:
        found.append(f"{len(ev.review_problems)} late or missing quality-of-care review(s)")
    reqs, _recs = ev.follow_up
    if not reqs.empty and (reqs["status"] == "not_met").any():
        found.append("requirements of the last inspection not met")
    for other, grade in ctx.grades.items():  # another area inadequate at this inspection (paras 13, 33, 37)
        if other != "leadership" and grade == "inadequate":
            found.append(f"'{label_of(other)}' judged inadequate at this inspection")
    return found


def _overall(ctx: Context, rule: ChallengeRule) -> list[str]:
    from workbench.analysis.placements import unplanned

    ev = ctx.evidence
    found = _harm(ctx, rule)
    if len(ev.out_of_education):
        found.append(f"{len(ev.out_of_education)} child(ren) out of education or under 25 hours")
    ended = unplanned(ev.endings)
    if len(ended):
        found.append(f"{len(ended)} unplanned ending(s)")
    if ctx.grades.get("helped_protected") == "inadequate":
        found.append(f"'{label_of('helped_protected')}' judged inadequate at this inspection (para 13)")
    return found


_INADEQUATE = {
    "helped_protected": (_harm, "32", "failures which leave children harmed or at risk of harm (para 32)"),
    "leadership": (_leadership, "37", "a vacancy over 26 weeks, missed qualification deadlines, repeated "
                   "requires improvement, or failures leaders do not understand (para 37)"),
    "overall": (_overall, "30", "children not protected, their welfare not promoted, or poor care and no "
                "progress (para 30)"),
}


def inadequate_unsupported(ctx: Context, rule: ChallengeRule, area: str) -> Finding | None:
    """Inadequate while the store holds none of the evidence the inadequate descriptors name."""
    check, paragraph, names = _INADEQUATE[area]
    if check(ctx, rule):
        return None
    text = (f"Judged inadequate, but the store holds none of the evidence the inadequate descriptors name "
            f"since {ctx.since}: {names}. Record the evidence behind the judgement in the evidence summary and "
            "say why the grade stands, or change it.")
    figure = _figure(ctx, f"no evidence found of {names}")
    return Finding(rule.id, area, rule.grades, paragraph, text, (figure,))


FUNCTIONS: dict[str, Callable[[Context, ChallengeRule, str], Finding | None]] = {
    "helped_missing": rising,
    "helped_restraint": rising,
    "leadership_reg44": reg44,
    "leadership_reg45": reg45,
    "leadership_turnover": turnover,
    "leadership_requirements": requirements,
    "overall_education": education,
    "open_enquiry": open_enquiry,
    "inadequate_unsupported": inadequate_unsupported,
}


def catalogue() -> tuple[ChallengeRule, ...]:
    """Every rule, in the order of ``rules.yaml``; a rule without a function (or the reverse) is an error."""
    data = load_rules()
    missing = set(data) ^ set(FUNCTIONS)
    if missing:
        raise ValueError(f"challenge rules and functions do not match: {', '.join(sorted(missing))}")
    return tuple(ChallengeRule(rule_id, entry["title"], tuple(entry["areas"]), tuple(entry["grades"]),
                               str(entry["paragraph"]), dict(entry.get("params") or {}), FUNCTIONS[rule_id])
                 for rule_id, entry in data.items())


def findings(ctx: Context) -> list[Finding]:
    """Every finding of every rule for every area it reads (whatever the grades)."""
    return [found for rule in catalogue() for area in rule.areas if (found := rule.find(ctx, area)) is not None]
