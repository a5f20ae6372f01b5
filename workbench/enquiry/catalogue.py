"""The catalogue of rules that draft lines of enquiry (para 11): each rule is data plus a function.

A rule reads the home's :class:`~workbench.analysis.evidence.Evidence` and returns zero or
more drafts, each citing the records (reference and date) that triggered it and the framework
paragraph it relates to. Thresholds live in each rule's ``params`` so they can be read and tuned.
The wording follows what the *Outstanding children's homes* survey (Ofsted, 2011) describes as
strong practice: stability, a trusted adult, careful admissions, education as a committed parent
would, learning from complaints and incidents, and leaders who know their home.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from workbench.analysis.evidence import Evidence
from workbench.analysis.follow_up import (
    current_notifications,
    notification_records,
    record,
    requirement_signals,
)
from workbench.analysis.notifications import compare_rate
from workbench.analysis.periods import long_date
from workbench.enquiry.model import Draft

RuleFunction = Callable[[Evidence, "Rule"], list[Draft]]
MAX_EVIDENCE = 12  # records cited per line (the most recent); the count is always given in words
MIN_PEERS = 3  # fewer homes of the same type than this: no comparison with similar homes


@dataclass(frozen=True)
class Rule:
    """One rule: its id, what it looks for, the area and paragraph, thresholds, and its function."""

    id: str
    title: str
    area: str
    paragraph: str
    function: RuleFunction
    params: dict[str, Any] = field(default_factory=dict)
    focus: str = "experiences_overview"  # the interim inspection's focus area it serves (para 46)

    def draft(self, evidence: Evidence, key: str, question: str, priority: str,
              records: list[dict[str, Any]], area: str | None = None) -> Draft:
        """A draft of this rule."""
        return Draft(self.id, key, area or self.area, priority, question, self.paragraph,
                     tuple(records[:MAX_EVIDENCE]))

    def __call__(self, evidence: Evidence) -> list[Draft]:
        return self.function(evidence, self)


def _refs(values: list[str], limit: int = 6) -> str:
    values = [v for v in values if v]
    if len(values) <= limit:
        return ", ".join(values)
    return ", ".join(values[:limit]) + f" and {len(values) - limit} more"


# ------------------------------------------------------------------ notifications and incidents


def rising(evidence: Evidence, rule: Rule) -> list[Draft]:
    """Notifications (all, or one category) rising against the previous period or above similar homes."""
    category = rule.params.get("category")
    compared = compare_rate(evidence.rate_rows, evidence.peers, category, min_events=rule.params["min_events"],
                            rise=rule.params["rise"], peer_factor=rule.params["peer_factor"], min_peers=MIN_PEERS)
    if compared is None:
        return []
    summary = " ".join(compared.facts(long_date(evidence.periods.current.start)))
    events = current_notifications(evidence, None if category is None else (category,))
    question = rule.params["question"].format(summary=summary)
    priority = "high" if compared.risen and compared.above_peers else "medium"
    return [rule.draft(evidence, category or "all", question, priority, notification_records(events))]


def child_missing(evidence: Evidence, rule: Rule) -> list[Draft]:
    """One line per child who has been missing in the period (footnote 5: always track them)."""
    drafts = []
    by_child: dict[str, list[dict[str, Any]]] = {}
    for row in current_notifications(evidence, ("missing",)):
        by_child.setdefault(row["child_ref"], []).append(row)
    for child in evidence.children_missing.itertuples():
        records = notification_records(by_child.get(child.child_ref, []))
        recorded = None if pd.isna(child.recorded) else int(child.recorded)
        if recorded:
            records.append(record("children", child.child_ref, None,
                                  f"{recorded} missing episode(s) on the child's record"))
        count = (f"has been reported missing {child.episodes} time(s) since "
                 f"{long_date(evidence.periods.current.start)}" if child.episodes else
                 "has been missing (no notification since the last full inspection)")
        if recorded and recorded != child.episodes:
            count += f", {recorded} episode(s) on their record in all"
        question = (
            f"Track {child.child_ref}, who {count}. Does the home understand why they go missing and what risks "
            "they face (including exploitation)? Were return-home interviews held and acted on, were the placing "
            "and host authorities and the police told promptly, and is there a clear plan that is reducing the "
            "episodes? Does the child have a trusted adult in the home they talk to?")
        priority = "high" if max(child.episodes, recorded or 0) >= rule.params["high_at"] else "medium"
        drafts.append(rule.draft(evidence, str(child.child_ref), question, priority, records))
    return drafts


# ------------------------------------------------------------------ monitoring (reg 33/44, 34/45)


def reg44_negative(evidence: Evidence, rule: Rule) -> list[Draft]:
    """Independent person's reports with a negative (or no) safeguarding opinion."""
    frame = evidence.negative_reports
    if frame.empty:
        return []
    negative = frame[frame["safeguarding_opinion"] == "negative"]
    records = [record("independent_visits", r.reference, r.visit_date,
                      f"regulation {r.regulation} report; safeguarding opinion {r.safeguarding_opinion.replace('_', ' ')}")
               for r in frame.sort_values("visit_date", ascending=False).itertuples()]
    months = _refs([f"{r.visit_date:%B %Y}" for r in frame.itertuples()])
    question = (
        f"The independent person's reports for {months} did not give a positive opinion that children are "
        "effectively safeguarded. What concerns did the visitor raise, what did the registered manager and the "
        "responsible individual do in response, and is that action complete and making a difference for "
        "children? Consider interviewing the responsible individual (para 11).")
    return [rule.draft(evidence, "", question, "high" if not negative.empty else "medium", records)]


def reg44_missing(evidence: Evidence, rule: Rule) -> list[Draft]:
    """Months with no independent person's report."""
    months = evidence.months_without_report
    if len(months) < rule.params["min_months"]:
        return []
    records = [record("independent_visits", None, f"{m}-01", f"no regulation 33/44 report for {m}")
               for m in reversed(months)]
    names = _refs([pd.Period(m, freq="M").strftime("%B %Y") for m in months])
    if evidence.history.visits.empty:
        question = (
            f"The store holds no independent person's report for this home since "
            f"{long_date(evidence.periods.current.start)} ({len(months)} month(s)). Check first whether reports were "
            "received but not recorded; if none exist, how has the responsible individual monitored the quality of "
            "care and safeguarding (para 34, footnote 16)?")
        return [rule.draft(evidence, "", question, "high", records)]
    question = (
        f"No independent person's monthly report is on record for {len(months)} month(s) ({names}). Why not, "
        "and how did the responsible individual assure themselves of the quality of care and safeguarding in "
        "those months? Do leaders use the monthly reports to identify and act on shortfalls (para 34)?")
    priority = "high" if len(months) >= rule.params["high_at"] else "medium"
    return [rule.draft(evidence, "", question, priority, records)]


def reg45_late(evidence: Evidence, rule: Rule) -> list[Draft]:
    """Late or missing quality-of-care reviews."""
    problems = evidence.review_problems
    if not problems:
        return []
    records = [record("quality_reviews", p.reference, p.date, p.detail) for p in problems]
    question = (
        "The manager's reviews of the quality of care were late or missing (" + "; ".join(p.detail for p in problems)
        + "). How do leaders monitor the home between reviews, do they know its strengths and weaknesses, and "
        "what has changed for children as a result of the reviews that were done?")
    priority = "high" if any(p.kind != "late" for p in problems) else "medium"
    return [rule.draft(evidence, "", question, priority, records)]


# ------------------------------------------------------------------ the last inspection


def requirements_not_met(evidence: Evidence, rule: Rule) -> list[Draft]:
    """Each requirement of the last inspection not yet evidenced as met."""
    requirements, _recommendations = evidence.follow_up
    drafts = []
    for req in requirements.itertuples():
        if req.status == "met":
            continue
        words, records = requirement_signals(evidence, req.regulation)
        due = f", due {long_date(req.due_date)}" if pd.notna(req.due_date) and req.due_date else ""
        status = " It was recorded as not met when last reviewed." if req.status == "not_met" else ""
        question = (
            f"At the inspection of {long_date(req.made)} the home was required ({req.regulation}{due}) to: "
            f"\"{req.text}\"{status} What evidence shows this has been met in full and is sustained? Since then: "
            + "; ".join(words) + ".")
        overdue = pd.notna(req.due_date) and req.due_date is not None and req.due_date < evidence.as_of
        priority = "high" if req.status == "not_met" or (overdue and records) else "medium"
        cited = [record("requirements", req.reference, req.made, f"{req.regulation}: not evidenced as met"), *records]
        drafts.append(rule.draft(evidence, str(req.reference or req.id), question, priority, cited))
    return drafts


def recommendations_open(evidence: Evidence, rule: Rule) -> list[Draft]:
    """Recommendations of the last inspection not yet evidenced as met (one line)."""
    _requirements, recommendations = evidence.follow_up
    open_recs = recommendations[recommendations["status"].ne("met")] if not recommendations.empty else recommendations
    if open_recs.empty:
        return []
    records = [record("recommendations", r.reference, r.made, f"{r.standard or 'recommendation'}: {r.text}")
               for r in open_recs.itertuples()]
    question = (
        f"{len(open_recs)} recommendation(s) from the last inspection are not yet evidenced as met. Has the home "
        "acted on each, and can leaders show the difference it has made for children (para 46, fourth focus area)?")
    return [rule.draft(evidence, "", question, "low", records)]


def consecutive_weak(evidence: Evidence, rule: Rule) -> list[Draft]:
    """The last inspection(s) were requires improvement or inadequate/limited progress."""
    if evidence.facts is None:
        return []
    count = evidence.facts.number("consecutive_ri_or_inadequate_progress")
    if count < rule.params["min_count"]:
        return []
    records = [record("inspections", r.get("reference"), r.get("start_date"), f"{r.get('inspection_type')}: "
                      f"{str(r.get('outcome') or 'not judged').replace('_', ' ')}")
               for r in evidence.facts.records("consecutive_ri_or_inadequate_progress") if r.get("counted")]
    question = (
        f"The home's last {count} inspection(s) found it requiring improvement or making inadequate progress. "
        "Do leaders know the home's strengths and weaknesses, and what has demonstrably improved for children "
        "since? Another such outcome makes an 'inadequate' judgement for leaders and managers likely (para 37).")
    return [rule.draft(evidence, "", question, "high" if count >= 2 else "medium", records)]


# ------------------------------------------------------------------ complaints and surveys


def complaint_themes(evidence: Evidence, rule: Rule) -> list[Draft]:
    """Each complaint theme raised repeatedly or upheld."""
    from workbench.analysis.complaints import of_theme

    drafts = []
    for theme in evidence.complaint_themes.itertuples():
        if theme.current < rule.params["min_count"] and theme.upheld == 0:
            continue
        rows = of_theme(evidence.history, theme.theme)
        records = [record("complaints", r.reference, r.received_date,
                          f"{r.complainant or 'complainant'}: {r.outcome.replace('_', ' ')}")
                   for r in rows.sort_values("received_date", ascending=False).itertuples()]
        question = (
            f"There were {theme.current} complaint(s) about \"{theme.theme}\" since the last inspection "
            f"({theme.upheld} upheld or partly upheld, {theme.open} still open). Do children and families know how "
            "to complain and what happened as a result? Were complaints taken seriously, answered clearly, and has "
            "practice changed because of them?")
        priority = "high" if theme.upheld >= 2 else "medium" if theme.upheld or theme.current >= 3 else "low"
        drafts.append(rule.draft(evidence, str(theme.theme), question, priority, records))
    return drafts


def survey_negatives(evidence: Evidence, rule: Rule) -> list[Draft]:
    """Negative survey answers, per kind of respondent."""
    from workbench.analysis.surveys import RESPONDENT_LABELS

    drafts = []
    negatives = evidence.survey_negatives
    for row in evidence.survey_table.itertuples():
        mine = negatives[negatives["respondent_type"] == row.respondent_type]
        safety = mine["question"].str.contains("safe", case=False, na=False).any()
        if row.negative < rule.params["min_count"] and not (safety and row.respondent_type == "child"):
            continue
        if row.share_negative < rule.params["min_share"] and not safety:
            continue
        records = [record("survey_responses", r.reference, r.survey_date, f"{r.question} - {r.answer}")
                   for r in mine.itertuples()]
        who = RESPONDENT_LABELS.get(row.respondent_type, row.respondent_type).lower()
        question = (
            f"{row.negative} of {row.answers} answers from {who} were negative"
            + (", including about feeling safe" if safety else "") + ". What lies behind these views, and how have "
            "leaders responded? Test them when meeting children, parents and professionals (para 11).")
        area = "helped_protected" if safety else ("leadership" if row.respondent_type == "staff" else "overall")
        drafts.append(rule.draft(evidence, str(row.respondent_type), question,
                                 "high" if safety and row.respondent_type == "child" else "medium", records, area=area))
    return drafts


# ------------------------------------------------------------------ leadership and staffing


def manager_vacancy(evidence: Evidence, rule: Rule) -> list[Draft]:
    """No registered manager now, or a change of manager in the period."""
    weeks = evidence.facts.number("registered_manager_vacancy_weeks") if evidence.facts else 0
    period = evidence.periods.current
    managers = evidence.managers
    new = managers[(managers["start_date"] >= period.start) & (managers["start_date"] <= period.end)] \
        if not managers.empty else managers
    left = managers[managers["end_date"].notna() & (managers["end_date"] >= period.start)
                    & (managers["end_date"] <= period.end)] if not managers.empty else managers
    records = [record("staff", r.reference, r.start_date, "registered manager started") for r in new.itertuples()]
    records += [record("staff", r.reference, r.end_date, "registered manager left") for r in left.itertuples()]
    if weeks:
        question = (
            f"There has been no registered manager for {weeks} week(s). More than 26 weeks makes an 'inadequate' "
            "judgement for leaders and managers likely (para 37). Who is leading the home day to day, what has the "
            "provider done to recruit and register a manager, and how has consistency of care been kept for "
            "children? Interview the responsible individual (para 11).")
        return [rule.draft(evidence, "vacancy", question, "high" if weeks > 26 else "medium", records)]
    if not new.empty or not left.empty:
        question = (
            "The registered manager changed since the last inspection. How was the handover managed, how quickly "
            "has the new manager come to know the children and the home's strengths and weaknesses, and has the "
            "change unsettled children or staff (para 34: a permanent, suitably experienced and qualified manager)?")
        return [rule.draft(evidence, "change", question, "medium", records)]
    return []


def manager_qualification(evidence: Evidence, rule: Rule) -> list[Draft]:
    """The registered manager's qualification deadlines (footnotes 11, 19)."""
    overdue = bool(evidence.facts and evidence.facts.values.get("manager_qualification_overdue"))
    mine = [d for d in evidence.deadlines if d.role == "registered_manager" and d.status in ("overdue", "due_soon")]
    if not overdue and not mine:
        return []
    records = [record("staff", d.reference, d.due, f"{d.what}: {d.status.replace('_', ' ')}") for d in mine]
    if evidence.facts:
        records += [record("staff", r.get("reference"), r.get("start_date"), str(r.get("finding")))
                    for r in evidence.facts.records("manager_qualification_overdue") if r.get("overdue")]
    if overdue:
        question = (
            "The registered manager has missed a qualification deadline (enrol within six months and qualify within "
            "three years of appointment: footnotes 11, 19). This limits leaders and managers to 'requires "
            "improvement' at best and is likely to mean 'inadequate' (para 37): why was it missed, what is the plan, "
            "and what is the impact on the quality of care?")
        return [rule.draft(evidence, "", question, "high", records)]
    question = (
        "The registered manager's qualification deadline falls within the next three months (footnotes 11, 19). Are "
        "they on course to meet it, and what support does the provider give?")
    return [rule.draft(evidence, "", question, "low", records)]


def staff_qualification(evidence: Evidence, rule: Rule) -> list[Draft]:
    """Staff not working towards the required qualification within six months (footnotes 12, 20)."""
    overdue = bool(evidence.facts and evidence.facts.values.get("staff_qualification_overdue"))
    soon = [d for d in evidence.deadlines if d.role != "registered_manager" and d.status == "due_soon"]
    if not overdue and len(soon) < rule.params["min_due_soon"]:
        return []
    records = []
    if evidence.facts:
        records += [record("staff", r.get("reference"), r.get("start_date"), str(r.get("finding")))
                    for r in evidence.facts.records("staff_qualification_overdue")]
    records += [record("staff", d.reference, d.due, f"{d.what}: due soon") for d in soon]
    if overdue:
        question = (
            f"{evidence.facts.summary('staff_qualification_overdue') if evidence.facts else ''} Missing this "
            "requirement limits the leadership and management judgement (para 37). How are these staff supported "
            "and supervised meanwhile, and what training plan is in place?").strip()
        return [rule.draft(evidence, "", question, "high", records)]
    question = (f"{len(soon)} member(s) of staff must be working towards the required qualification within the "
                "next three months (footnotes 12, 20). Are they enrolled, and is the training plan realistic?")
    return [rule.draft(evidence, "", question, "low", records)]


def staff_turnover(evidence: Evidence, rule: Rule) -> list[Draft]:
    """High or rising staff turnover."""
    now, before = evidence.turnover, evidence.turnover_previous
    if now is None or now.annual_rate is None or now.leavers < rule.params["min_leavers"]:
        return []
    high = now.annual_rate >= rule.params["annual_rate"]
    risen = before is not None and before.annual_rate is not None and now.annual_rate >= \
        max(before.annual_rate * rule.params["rise_factor"], 0.1)
    if not (high or risen):
        return []
    staff = evidence.history.staff
    period = evidence.periods.current
    gone = staff[(staff["role"] != "registered_manager") & staff["end_date"].notna()
                 & (staff["end_date"] >= period.start) & (staff["end_date"] <= period.end)]
    records = [record("staff", r.reference, r.end_date, f"{r.role.replace('_', ' ')} left")
               for r in gone.sort_values("end_date", ascending=False).itertuples()]
    compare = "" if before is None or before.annual_rate is None else \
        f" (previous period {before.annual_rate:.0%} a year)"
    question = (
        f"{now.leavers} staff left since the last inspection, a turnover of about {now.annual_rate:.0%} a year"
        f"{compare}. Why are staff leaving? How has the manager kept consistency of care, so that each child still "
        "has a trusted adult who knows them well, and how are new staff recruited, inducted and supervised (para 34)?")
    return [rule.draft(evidence, "", question, "high" if high and risen else "medium", records)]


# ------------------------------------------------------------------ placements


def unplanned_endings(evidence: Evidence, rule: Rule) -> list[Draft]:
    """Placements that ended without planning (breakdowns, emergency moves)."""
    from workbench.analysis.placements import unplanned

    ended = unplanned(evidence.endings)
    if ended.empty:
        return []
    records = [record("children", r.reference, r.leaving_date, str(r.leaving_reason or "unplanned ending"))
               for r in ended.sort_values("leaving_date", ascending=False).itertuples()]
    question = (
        f"{len(ended)} placement(s) ended without planning since the last inspection ({_refs(list(ended['reference']))}). "
        "Why did each end, what progress had the child made, and what did the home contribute to the move and to "
        "the child's future home (para 10)? What have leaders learned from the breakdowns, and has it changed how "
        "they decide on admissions (para 34)?")
    return [rule.draft(evidence, "", question, "high" if len(ended) >= rule.params["high_at"] else "medium",
                       records)]


def new_admissions(evidence: Evidence, rule: Rule) -> list[Draft]:
    """Children admitted since the last inspection (planning and transition, paras 10, 46)."""
    admitted = evidence.admissions
    if len(admitted) < rule.params["min_count"]:
        return []
    records = [record("children", r.reference, r.admission_date, "admitted")
               for r in admitted.sort_values("admission_date", ascending=False).itertuples()]
    question = (
        f"{len(admitted)} child(ren) moved in since the last inspection ({_refs(list(admitted['reference']))}). How "
        "well was each move planned: did the child visit first, did the home get full information from the placing "
        "authority, and was the impact on the children already living here assessed? Were their needs met quickly "
        "after arrival, and have they settled (paras 10, 31, 46)?")
    return [rule.draft(evidence, "", question, "medium", records)]


def out_of_education(evidence: Evidence, rule: Rule) -> list[Draft]:
    """Children not in education or with under 25 hours of alternative provision (para 30)."""
    kids = evidence.out_of_education
    if kids.empty:
        return []
    records = []
    for r in kids.itertuples():
        hours = "" if pd.isna(r.alternative_provision_hours) else f", {r.alternative_provision_hours:g} hours a week"
        records.append(record("children", r.reference, None, f"{str(r.education_status).replace('_', ' ')}{hours}"))
    question = (
        f"{len(kids)} child(ren) living here are not in school or have fewer than 25 hours a week of alternative "
        f"provision ({_refs(list(kids['reference']))}). What is the home doing, as a committed parent would, to get "
        "them back into full-time education: who is challenging the school and the local authority, how do staff "
        "support learning at home, and is there at least 25 hours of good-quality registered provision "
        "meanwhile (para 30)?")
    priority = "high" if (kids["education_status"] == "not_in_education").any() else "medium"
    return [rule.draft(evidence, "", question, priority, records)]


def short_break_continuity(evidence: Evidence, rule: Rule) -> list[Draft]:
    """Short-break services: continuity of care during and between stays (footnote 13)."""
    if not evidence.is_short_breaks:
        return []
    signals: list[dict[str, Any]] = []
    rate = evidence.turnover.annual_rate if evidence.turnover else None
    if rate is not None and rate >= rule.params["turnover"]:
        signals.append(record("staff", None, evidence.as_of, f"staff turnover about {rate:.0%} a year"))
    parents = evidence.survey_negatives
    parents = parents[parents["respondent_type"] == "parent"] if not parents.empty else parents
    signals += [record("survey_responses", r.reference, r.survey_date, f"parent: {r.question} - {r.answer}")
                for r in parents.itertuples()]
    kids = evidence.living_here
    users = kids[kids["short_breaks"].fillna(False).astype(bool)] if not kids.empty else kids
    records = signals + [record("children", r.reference, r.admission_date, "uses short breaks")
                         for r in users.itertuples()]
    question = (
        "This home provides short breaks. Do children know the staff and feel welcomed each time they stay? What "
        "systems keep continuity of care between stays (handover from parents and school, up-to-date care and health "
        "plans, consistent key workers), and how does the home plan each stay for the mix of children "
        "(footnote 13, para 46)?")
    return [rule.draft(evidence, "", question, "medium" if signals else "low", records)]


# ------------------------------------------------------------------ the catalogue

_RISE = {"min_events": 4, "rise": 0.25, "peer_factor": 1.5}

CATALOGUE: tuple[Rule, ...] = (
    Rule("notifications_rising", "Notifications rising or above similar homes", "helped_protected", "31, 46",
         rising, {**_RISE, "category": None, "min_events": 6, "question": (
             "Notifications have risen or are higher than in similar homes: {summary}. What lies behind the "
             "pattern? Do leaders analyse incidents, learn from them and act, and are children safer as a result "
             "(para 46, third focus area)?")}),
    Rule("missing_rising", "Missing episodes rising", "helped_protected", "31", rising, {**_RISE, "category": "missing",
         "question": ("Children going missing has increased or is higher than in similar homes: {summary}. Is "
                      "the home's response well co-ordinated with the police and the placing and host authorities, "
                      "are risks understood, and are episodes clearly reducing (para 31)?")}),
    Rule("restraint_rising", "Restraint rising", "helped_protected", "31", rising, {**_RISE, "category": "restraint",
         "question": ("Use of restraint has increased or is higher than in similar homes: {summary}. Is restraint "
                      "used only to prevent harm, is every incident reviewed with the child's views recorded, do "
                      "staff use de-escalation that works for each child, and is its use reducing over time "
                      "(para 31)?")}),
    Rule("child_missing", "A child who has been missing", "helped_protected", "10, 31; footnote 5", child_missing,
         {"high_at": 3}),
    Rule("reg44_negative", "Independent person's report not positive about safeguarding", "leadership",
         "34 (footnote 16), 11", reg44_negative, focus="leaders_monitoring"),
    Rule("reg44_missing", "Months with no independent person's report", "leadership", "34 (footnote 16), 11",
         reg44_missing, {"min_months": 1, "high_at": 3}, focus="leaders_monitoring"),
    Rule("reg45_late", "Quality-of-care reviews late or missing", "leadership", "34 (footnote 16), 46", reg45_late, focus="leaders_monitoring"),
    Rule("requirement_not_met", "Requirement of the last inspection not evidenced as met", "leadership", "34, 46",
         requirements_not_met, focus="previous_requirements"),
    Rule("recommendations_open", "Recommendations of the last inspection not evidenced as met", "leadership", "46",
         recommendations_open, focus="previous_requirements"),
    Rule("consecutive_weak", "Requires improvement or inadequate progress at the last inspection(s)", "leadership",
         "37", consecutive_weak, {"min_count": 1}, focus="leaders_monitoring"),
    Rule("complaint_theme", "A complaint theme", "overall", "30, 34", complaint_themes, {"min_count": 2}),
    Rule("survey_negative", "Negative survey answers", "overall", "11, 31", survey_negatives,
         {"min_count": 2, "min_share": 0.25}),
    Rule("manager_vacancy", "Registered manager vacancy or change", "leadership", "34, 37", manager_vacancy, focus="leaders_monitoring"),
    Rule("manager_qualification", "Registered manager's qualification deadlines", "leadership",
         "37; footnotes 11, 19", manager_qualification, focus="leaders_monitoring"),
    Rule("staff_qualification", "Staff qualification deadlines", "leadership", "37; footnotes 12, 20",
         staff_qualification, {"min_due_soon": 2}, focus="leaders_monitoring"),
    Rule("staff_turnover", "Staff turnover", "leadership", "34", staff_turnover,
         {"min_leavers": 2, "annual_rate": 0.3, "rise_factor": 1.5}, focus="leaders_monitoring"),
    Rule("unplanned_endings", "Unplanned endings and placement breakdowns", "overall", "10, 34, 46",
         unplanned_endings, {"high_at": 2}, focus="children_progress"),
    Rule("new_admissions", "New admissions: planning and transition", "overall", "10, 31, 46", new_admissions,
         {"min_count": 1}, focus="children_progress"),
    Rule("out_of_education", "Children out of education", "overall", "30", out_of_education, focus="children_progress"),
    Rule("short_break_continuity", "Short breaks: continuity between stays", "overall", "46; footnote 13",
         short_break_continuity, {"turnover": 0.3}, focus="children_progress"),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in CATALOGUE}
