"""The visit plan's sections as escaped HTML fragments, one function per section.

Every function takes the home's :class:`~workbench.analysis.evidence.Evidence` and returns a
`Fragment` (tables built with `workbench.html`, charts from `charts`). Children appear
only by pseudonymous reference; the home's name and address are never shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from workbench.analysis import charts, staffing
from workbench.analysis.complaints import OUTCOME_LABELS
from workbench.analysis.evidence import Evidence
from workbench.analysis.follow_up import recommendation_signals, requirement_signals
from workbench.analysis.notifications import label
from workbench.analysis.periods import long_date
from workbench.analysis.placements import EDUCATION_LABELS, MIN_ALTERNATIVE_HOURS
from workbench.analysis.sector import describe
from workbench.analysis.surveys import RESPONDENT_LABELS
from workbench.html import (
    Fragment,
    grade_tag,
    heading,
    join,
    paragraph,
    summary_list,
    table,
    tag,
)
from workbench.rules import AREAS, area_titles, framework_label, framework_note, label_of

CATEGORY_NAMES = {"general": "Children's home", "specialist": "Specialist children's home",
                  "short_breaks": "Short-break children's home", "secure": "Secure children's home"}
FACT_LABELS = {
    "registered_manager_vacancy_weeks": "Weeks without a registered manager",
    "manager_qualification_overdue": "Registered manager's qualification overdue",
    "staff_qualification_overdue": "Staff qualification overdue",
    "consecutive_ri_or_inadequate_progress": "Consecutive inspections at requires improvement / inadequate progress",
}


def _d(day: Any) -> str:
    if day is None or (not isinstance(day, str) and pd.isna(day)):
        return "—"
    return long_date(day) if isinstance(day, dt.date) else str(day)


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _none(text: str) -> Fragment:
    return paragraph(text, class_="wb-text")


def _section(title: str, *parts: Any) -> Fragment:
    return tag("section", join([heading(title, 2), *[p for p in parts if p is not None]]))


def _weeks(start: dt.date, end: dt.date) -> str:
    days = (end - start).days
    years, rest = divmod(days, 365)
    return f"{years} year(s) {rest // 30} month(s)" if years else f"{rest // 30} month(s) ({days // 7} weeks)"


# ------------------------------------------------------------------ heading and at a glance


def title(evidence: Evidence, inspection_type: str) -> Fragment:
    """The plan's heading: URN, visit date, inspection type and the periods compared."""
    p = evidence.periods
    parts: list[Any] = [heading(f"Visit plan: {evidence.home['urn']}", 1),
                        paragraph(f"{inspection_type.capitalize()} inspection, visit on {long_date(evidence.as_of)}. "
                                  "Internal working document for the inspector: not for publication.",
                                  class_="wb-text")]
    compared = f"This plan covers {p.current.describe()} ({p.current.label.lower()})"
    compared += f", compared with {p.previous.describe()}." if p.previous else "."
    parts.append(paragraph(compared))
    if inspection_type == "interim":
        from workbench.rules import load_framework

        focus = load_framework().focus_areas
        parts.append(paragraph("An interim inspection focuses on (para 46): " + "; ".join(
            f"{index}. {f.title}" for index, f in enumerate(focus, 1)) + ". Each line of enquiry names the focus "
            "area it serves; the progress judgement uses the three-point scale of para 47."))
    for note in evidence.history.notes:
        parts.append(tag("div", paragraph(note), class_="wb-inset"))
    if evidence.facts_note:
        parts.append(tag("div", paragraph(evidence.facts_note), class_="wb-inset"))
    return join(parts)


def at_a_glance(evidence: Evidence) -> Fragment:
    """The home at a glance (no name or address)."""
    home = evidence.home
    kind = CATEGORY_NAMES.get(home.get("home_category") or "", home.get("provision_type") or "Not recorded")
    manager = evidence.manager
    if manager:
        who = f"{manager['name'] or manager['reference']} ({manager['reference']}), in post since " \
              f"{long_date(manager['start_date'])}: {_weeks(manager['start_date'], evidence.as_of)}"
    else:
        weeks = evidence.facts.values.get("registered_manager_vacancy_weeks") if evidence.facts else None
        who = "No registered manager in post" + (f" for {weeks} weeks" if weeks else "")
    living = evidence.living_here
    children = f"{len(living)}" + (f": {', '.join(living['reference'])}" if len(living) else "")
    places = home.get("places")
    items = [
        ("URN", home["urn"]),
        ("Type", kind + (" (short breaks only)" if home.get("short_break_only") else "")),
        ("Places", "Not recorded" if places is None else f"{places:g}"),
        ("Sector", home.get("sector") or "Not recorded"),
        ("Local authority", home.get("local_authority") or "Not recorded"),
        ("Ofsted region", home.get("region") or "Not recorded"),
        ("Registered", _d(home.get("registration_date"))),
        ("Registered provider", home.get("registered_provider") or "Not recorded"),
        ("Responsible individual", home.get("responsible_individual") or "Not recorded"),
        ("Registered manager", who),
        ("Children living here now (pseudonymous references)", children),
        ("Record at full inspections", record_line(evidence.judgements)),
    ]
    return _section("The home at a glance", summary_list(items))


def record_line(judgements: pd.DataFrame) -> str:
    """The home's line from its overall judgements at full inspections (`workbench.analysis.sector`)."""
    full = judgements[(judgements["inspection_type"] == "full") & judgements["overall"].notna()] \
        if not judgements.empty else judgements
    return describe([str(g) for g in full["overall"]]) if not judgements.empty else describe([])


# ------------------------------------------------------------------ inspection record


def judgement_history(evidence: Evidence) -> Fragment:
    """Judgements at every inspection (table and chart)."""
    table_ = evidence.judgements
    if table_.empty:
        return _section("Judgement history", _none("No inspection is on record before this visit."))
    rows = []
    for r in table_.iloc[::-1].itertuples():
        cells = [grade_tag(getattr(r, a), (r.overall_wording if a == "overall" else None) or label_of(getattr(r, a)))
                 if getattr(r, a) else "—" for a in AREAS]
        rows.append([_d(r.start_date), r.inspection_type.capitalize(), r.reference or "—",
                     framework_label(r.framework) or framework_label("2014"), *cells, label_of(r.progress, "—")])
    headers = ["Date", "Type", "Reference", "Framework", *area_titles().values(), "Interim progress"]
    notes = [paragraph(note) for note in dict.fromkeys(framework_note(f) for f in table_["framework"]) if note]
    return _section("Judgement history", table(rows, headers, caption="Inspections, most recent first "
                                               "(overall judgements as published)"),
                    *notes, charts.judgements_chart(table_))


def follow_up(evidence: Evidence) -> Fragment:
    """The last inspection's requirements and recommendations, with what the data says since."""
    requirements, recommendations = evidence.follow_up
    parts: list[Any] = []
    if requirements.empty:
        parts.append(_none("No requirements were made at the last full inspection or since."))
    else:
        rows = []
        for r in requirements.itertuples():
            words, _records = requirement_signals(evidence, r.regulation)
            status = {"met": "Met", "not_met": "Not met"}.get(r.status or "", "Not yet reviewed")
            rows.append([r.reference or "—", _d(r.made), r.regulation, r.text, _d(r.due_date), status,
                         "; ".join(words)])
        parts.append(table(rows, ["Reference", "Made", "Regulation", "Requirement", "Due", "Status",
                                  "What the data says since"], caption="Requirements"))
    if recommendations.empty:
        parts.append(_none("No recommendations were made at the last full inspection or since."))
    else:
        rows = [[r.reference or "—", _d(r.made), r.standard or "—", r.text,
                 {"met": "Met", "not_met": "Not met"}.get(r.status or "", "Not yet reviewed"),
                 "; ".join(recommendation_signals(evidence, r.text)[0])]
                for r in recommendations.itertuples()]
        parts.append(table(rows, ["Reference", "Made", "Standard", "Recommendation", "Status",
                                  "What the data says since"], caption="Recommendations"))
    return _section("Requirements and recommendations to follow up (para 46)", *parts)


# ------------------------------------------------------------------ notifications and incidents


def notifications(evidence: Evidence) -> Fragment:
    """Monthly notifications chart and rates per place against the previous period and similar homes."""
    peers = evidence.peers
    rows = []
    for r in evidence.rate_rows:
        change = r.change
        change_text = "—" if change is None else ("new" if change == float("inf") else f"{change:+.0%}")
        rows.append([label(r.category) if r.category else "All notifications", r.current, _rate(r.current_rate),
                     "—" if r.previous is None else r.previous, _rate(r.previous_rate), change_text,
                     _rate(r.peer_rate)])
    peer_text = ""
    if peers is not None:
        peer_text = (f"Similar homes: {peers.homes} {peers.group} home(s) in the store with {peers.places:g} places in "
                     "all, over the same period (this home included).")
        if peers.homes < 3:
            peer_text += " Too few homes of this type for a meaningful comparison."
    chart = charts.notifications_chart(evidence.monthly_notifications, evidence.periods)
    return _section(
        "Notifications of serious events",
        chart or _none("No notifications since the start of the previous period."),
        table(rows, ["Category", "Since last full inspection", "Per place per year", "Previous period",
                     "Per place per year (previous)", "Change in rate", "Similar homes per place per year"],
              caption="Notifications and rates per place per year") if rows else _none("No notifications."),
        paragraph(peer_text) if peer_text else None)


def incidents(evidence: Evidence) -> Fragment:
    """Children missing from the home and restraint: counts, children involved, trend."""
    from workbench.analysis.incidents import trend

    rows = []
    for s in (evidence.missing, evidence.restraint):
        rows.append([label(s.category), s.current, s.children_current,
                     "—" if s.previous is None else s.previous,
                     "—" if s.children_previous is None else s.children_previous, trend(evidence.history, s)])
    parts: list[Any] = [table(rows, ["Incident", "Since last full inspection", "Children involved",
                                     "Previous period", "Children involved (previous)", "Trend (per month)"],
                              caption="Missing and restraint")]
    parts.append(charts.incidents_chart(evidence.missing.quarterly, evidence.restraint.quarterly))
    missing = evidence.children_missing
    if not missing.empty:
        parts.append(table([[r.child_ref, r.episodes, "—" if pd.isna(r.recorded) else int(r.recorded), _d(r.last)]
                            for r in missing.itertuples()],
                           ["Child (reference)", "Notified missing since last full inspection",
                            "Episodes on the child's record", "Most recent"],
                           caption="Children who have been missing (always tracked, footnote 5)"))
    restraint = evidence.restraint.per_child
    if not restraint.empty:
        parts.append(table([[r.child_ref, r.episodes, _d(r.first), _d(r.last)] for r in restraint.itertuples()],
                           ["Child (reference)", "Restraints", "First", "Most recent"],
                           caption="Children restrained since the last full inspection"))
    return _section("Children missing from the home and restraint", *parts)


# ------------------------------------------------------------------ monitoring


def monitoring(evidence: Evidence) -> Fragment:
    """Regulation 33/44 reports (months without one, negative opinions) and 34/45 reviews (late or missing)."""
    parts: list[Any] = [heading("Independent person's monthly reports (regulation 33/44)", 3)]
    months = evidence.months_without_report
    previous = evidence.months_without_report_previous
    text = (f"{len(months)} month(s) without a report since the last full inspection"
            + (f": {', '.join(pd.Period(m, freq='M').strftime('%B %Y') for m in months)}." if months else ".")
            + (f" Previous period: {len(previous)} month(s)." if evidence.periods.previous else ""))
    parts.append(paragraph(text))
    negative = evidence.negative_reports
    if negative.empty:
        parts.append(_none("Every report since the last full inspection gave a positive safeguarding opinion."))
    else:
        parts.append(table([[r.reference, _d(r.visit_date), r.regulation,
                             r.safeguarding_opinion.replace("_", " ").capitalize(), r.recommendations or "—"]
                            for r in negative.itertuples()],
                           ["Reference", "Visit", "Regulation", "Safeguarding opinion", "Visitor's recommendations"],
                           caption="Reports without a positive safeguarding opinion"))
    parts.append(heading("Reviews of the quality of care (regulation 34/45)", 3))
    problems = evidence.review_problems
    if problems:
        parts.append(table([[p.reference or "—", p.kind.replace("_", " ").capitalize(), _d(p.date), p.detail]
                            for p in problems], ["Reference", "Problem", "Date", "Detail"],
                           caption="Late or missing reviews"))
    else:
        parts.append(_none("Every review since the last full inspection was received on time."))
    return _section("Monitoring by leaders (footnote 16)", *parts)


# ------------------------------------------------------------------ complaints and surveys


def complaints_and_surveys(evidence: Evidence) -> Fragment:
    """Complaint themes and outcomes; survey answers with the negative ones surfaced."""
    parts: list[Any] = [heading("Complaints", 3)]
    themes = evidence.complaint_themes
    if themes.empty:
        parts.append(_none("No complaints since the start of the previous period."))
    else:
        parts.append(table([[r.theme, r.current, r.upheld, r.open, "—" if pd.isna(r.previous) else int(r.previous)]
                            for r in themes.itertuples()],
                           ["Theme", "Since last full inspection", "Upheld or partly upheld", "Open",
                            "Previous period"], caption="Complaints by theme"))
        outcomes = evidence.complaint_outcomes
        if outcomes:
            parts.append(paragraph("Outcomes since the last full inspection: " + ", ".join(
                f"{OUTCOME_LABELS.get(k, k)} {v}" for k, v in outcomes.items()) + "."))
    parts.append(heading("Survey responses", 3))
    surveys = evidence.survey_table
    if surveys.empty:
        parts.append(_none("No survey responses since the last full inspection."))
    else:
        parts.append(table([[RESPONDENT_LABELS.get(r.respondent_type, r.respondent_type), r.answers, r.negative,
                             f"{r.share_negative:.0%}"] for r in surveys.itertuples()],
                           ["Respondents", "Answers", "Negative", "Share negative"], caption="Survey answers"))
        negatives = evidence.survey_negatives
        if not negatives.empty:
            parts.append(table([[r.reference, _d(r.survey_date), RESPONDENT_LABELS.get(r.respondent_type,
                                                                                       r.respondent_type),
                                 r.question, r.answer or "—", r.comment or "—"] for r in negatives.itertuples()],
                               ["Reference", "Date", "Respondent", "Question", "Answer", "Comment"],
                               caption="Negative answers"))
    return _section("Complaints and survey responses", *parts)


# ------------------------------------------------------------------ leadership and staffing


def leadership(evidence: Evidence) -> Fragment:
    """Limiting facts, managers, qualification deadlines and turnover."""
    parts: list[Any] = []
    if evidence.facts:
        rows = []
        for key, name in FACT_LABELS.items():
            value = evidence.facts.values.get(key)
            shown = "Not known" if value is None else ("Yes" if value is True else "No" if value is False else value)
            rows.append([name, shown, evidence.facts.summary(key)])
        parts.append(table(rows, ["Limiting fact (para 37)", "Value", "Why"],
                           caption="The framework's limiting facts on the visit date"))
    managers = evidence.managers
    if managers.empty:
        parts.append(_none("No registered manager is on record."))
    else:
        parts.append(table([[r.reference, r.name or "—", _d(r.start_date), _d(r.end_date),
                             str(r.qualification_status).replace("_", " ")]
                            for r in managers.iloc[::-1].itertuples()],
                           ["Reference", "Name", "Started", "Left", "Qualification"],
                           caption="Registered managers, most recent first"))
    deadlines = [d for d in evidence.deadlines if d.status != "met"]
    if deadlines:
        parts.append(table([[d.reference, d.role.replace("_", " "), d.what, _d(d.due),
                             d.status.replace("_", " "), d.footnote] for d in deadlines],
                           ["Staff reference", "Role", "Must", "By", "Status", "Footnotes"],
                           caption=f"Qualification deadlines of staff in post (due soon = within "
                                   f"{staffing.SOON_DAYS} days)"))
    else:
        parts.append(_none("Every member of staff in post is qualified or has met their qualification deadlines."))
    rows = []
    for name, t in (("Since last full inspection", evidence.turnover), ("Previous period", evidence.turnover_previous)):
        if t is not None:
            rate = t.annual_rate
            rows.append([name, t.joiners, t.leavers, f"{t.average_headcount:g}", "—" if rate is None else f"{rate:.0%}"])
    if rows:
        parts.append(table(rows, ["Period", "Joined", "Left", "Average team size", "Turnover a year"],
                           caption="Staff turnover (care staff and deputies)"))
    return _section("Leadership and staffing", *parts)


# ------------------------------------------------------------------ placements


def placements(evidence: Evidence) -> Fragment:
    """Admissions, planned and unplanned endings, and education (para 30)."""
    admitted, ended = evidence.admissions, evidence.endings
    unplanned = int(ended["ending_planned"].eq(False).sum()) if not ended.empty else 0
    before = evidence.endings_previous
    text = (f"Since the last full inspection: {len(admitted)} admission(s), {len(ended)} ending(s) of which "
            f"{unplanned} unplanned." + (f" Previous period: {len(before)} ending(s), "
                                         f"{int(before['ending_planned'].eq(False).sum()) if not before.empty else 0} "
                                         "unplanned." if evidence.periods.previous else ""))
    parts: list[Any] = [paragraph(text)]
    if not admitted.empty:
        parts.append(table([[r.reference, _d(r.admission_date), r.age_band or "—",
                             "Living here" if pd.isna(r.leaving_date) or r.leaving_date > evidence.as_of
                             else f"Left {_d(r.leaving_date)}"] for r in admitted.itertuples()],
                           ["Child (reference)", "Admitted", "Age band", "Now"], caption="Admissions"))
    if not ended.empty:
        parts.append(table([[r.reference, _d(r.admission_date), _d(r.leaving_date),
                             {True: "Planned", False: "Unplanned"}.get(r.ending_planned, "Not recorded"),
                             r.leaving_reason or "—"] for r in ended.itertuples()],
                           ["Child (reference)", "Admitted", "Left", "Ending", "Reason"],
                           caption="Endings since the last full inspection"))
    living = evidence.living_here
    if living.empty:
        parts.append(_none("No child is living in the home on the visit date."))
    else:
        flagged = set(evidence.out_of_education["reference"])
        rows = []
        for r in living.itertuples():
            hours = "—" if pd.isna(r.alternative_provision_hours) else f"{r.alternative_provision_hours:g}"
            rows.append([r.reference, EDUCATION_LABELS.get(r.education_status, r.education_status), hours,
                         "Yes (para 30)" if r.reference in flagged else "No"])
        parts.append(table(rows, ["Child (reference)", "Education", "Alternative provision hours a week",
                                  f"Not in school or under {MIN_ALTERNATIVE_HOURS:g} hours"],
                           caption="Education of children living here"))
    return _section("Children's placements", *parts)


#: Sections in the order of the visit plan: (key, function).
SECTIONS = (
    ("glance", at_a_glance),
    ("judgements", judgement_history),
    ("follow_up", follow_up),
    ("notifications", notifications),
    ("incidents", incidents),
    ("monitoring", monitoring),
    ("complaints", complaints_and_surveys),
    ("leadership", leadership),
    ("placements", placements),
)


def section(evidence: Evidence, key: str) -> Fragment:
    """One section by key (see `SECTIONS`)."""
    for name, function in SECTIONS:
        if name == key:
            return function(evidence)
    raise KeyError(f"no section {key!r}; sections: {', '.join(n for n, _f in SECTIONS)}")
