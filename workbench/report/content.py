"""The full inspection report's sections, in the order Ofsted publishes them, as escaped fragments.

Each public function takes a :class:`~workbench.report.data.ReportData` snapshot and returns
one :class:`~workbench.html.Fragment`; the notebook displays them one cell each.
The report never shows the home's name or address (published reports are anonymised); the
privacy guard (:mod:`workbench.report.privacy`) checks that before export.
"""

from __future__ import annotations

import datetime as dt

from workbench.html import (
    Fragment,
    grade_tag,
    heading,
    join,
    paragraph,
    summary_list,
    table,
    tag,
    user_text,
)
from workbench.report.data import PastInspection, ReportData
from workbench.rules import framework_label, framework_note, load_framework
from workbench.store import lifecycle

#: Status keys of the review (Inspection.status) and how the banner names them.
STATUS_LABELS = {
    "draft": "Draft",
    "submitted": "Submitted for quality assurance",
    "qa_approved": "Quality assured, awaiting publication",
    "published": "Published",
}

#: The standardised sentence for each overall grade, in our words from the framework's
#: descriptors of the overall judgement (paras 16-17 and 37; requires improvement and
#: inadequate follow the framework's own definitions of those grades).
OVERALL_SENTENCES = {
    "outstanding": "The children's home provides highly effective services that consistently exceed the "
    "standard of good; the work of the home makes a sustained, significant difference to the lives of the "
    "children and young people who live there.",
    "good": "The children's home provides effective services that meet the requirements for good: children "
    "and young people are safe, protected and well cared for, and they make progress.",
    "requires_improvement": "The children's home is not yet delivering good help, care and protection for "
    "children and young people. There are no serious failures that leave their welfare unsafeguarded or "
    "unpromoted.",
    "inadequate": "There are serious failures: children and young people are not protected, or their welfare "
    "is not promoted or safeguarded, or their care and experiences are poor and they are not making progress.",
}

_CATEGORY_LABELS = {
    "general": "Provides care and accommodation for children and young people",
    "specialist": "Provides care and accommodation for children and young people with specialist needs",
    "short_breaks": "Provides short breaks for children and young people",
    "secure": "A secure children's home",
}

_TYPE_LABELS = {"full": "Full", "interim": "Interim"}


def date_text(day: dt.date | None) -> str:
    """A date as GOV.UK writes it: 3 March 2025."""
    return f"{day.day} {day:%B %Y}" if day else "Not recorded"


def grade_label(grade: str | None) -> str:
    """The framework's label of a grade key (para 16)."""
    if not grade:
        return "Not judged"
    try:
        return load_framework().grade_label(grade)
    except KeyError:
        return grade.replace("_", " ").capitalize()


def progress_label(key: str | None) -> str:
    """The framework's label of an interim progress judgement (para 47)."""
    if not key:
        return "Not judged"
    try:
        return load_framework().progress_label(key)
    except KeyError:
        return key.replace("_", " ").capitalize()


def _places(places: float | None) -> str:
    if places is None:
        return "Not recorded"
    return str(int(places)) if float(places).is_integer() else f"{places:g}"


def _dates(data: ReportData) -> str:
    start, end = data.start_date, data.last_day_on_site
    if end == start:
        return date_text(start)
    return f"{date_text(start)} to {date_text(end)}"


def _past_judgement(past: PastInspection) -> str:
    if past.inspection_type == "interim":
        return progress_label(past.progress_judgement)
    said = past.overall_wording or grade_label(past.overall_grade)
    if past.framework and framework_note(past.framework):  # made under another framework: say which
        said = f"{said} ({framework_label(past.framework)})"
    return said


# ---------------------------------------------------------------- heading and review status


def title(data: ReportData) -> Fragment:
    """The single h1 and the caption naming the URN (never the home's name)."""
    text = "Children's home interim inspection report" if data.inspection_type == "interim" else (
        "Children's home inspection report")
    return join([tag("span", f"Unique reference number {data.home.urn}", class_="wb-caption"), heading(text, 1)])


def banner(data: ReportData) -> Fragment:
    """The review status and the publication deadline (para 9); a draft banner until published."""
    deadline = f"{date_text(data.deadline)} (20 working days after the last day on site, para 9)"
    if lifecycle.is_published(data.status):
        return tag("div", join([
            paragraph(f"Published on {date_text(data.publication_date)}.", class_="wb-banner__title"),
            paragraph(f"Publication deadline: {deadline}."),
        ]), class_="wb-banner")
    parts = [
        paragraph(f"Draft report, not for publication. Status: {STATUS_LABELS.get(data.status, data.status)}.",
                  class_="wb-banner__title"),
        paragraph(f"Must be published by {deadline}."),
    ]
    if data.violations:
        parts += [paragraph("Grades above the framework's caps (this report cannot be submitted until they are "
                            "lowered):", class_="wb-banner__violations"),
                  tag("ul", join([tag("li", line) for line in data.violations]))]
    if data.qa_notes:
        who = f" ({data.qa_reviewer})" if data.qa_reviewer else ""
        parts += [paragraph(f"Quality assurance notes{who}:"), user_text(data.qa_notes)]
    return tag("div", join(parts), class_="wb-banner wb-banner--draft", role="note", aria_label="Report status")


# ---------------------------------------------------------------- 1. information about the home


def about_home(data: ReportData) -> Fragment:
    """1. Information about this children's home: type, places, sector, local authority (no name/address)."""
    home = data.home
    described = _CATEGORY_LABELS.get(home.home_category or "", f"Provides care as a {home.provision_type.lower()}")
    return join([
        heading("Information about this children's home", 2),
        paragraph(f"{described}."),
        summary_list([
            ("Type of provision", home.provision_type),
            ("Registered places", _places(home.places)),
            ("Sector", home.sector or "Not recorded"),
            ("Local authority area", home.local_authority or "Not recorded"),
        ]),
    ])


# ---------------------------------------------------------------- 2. dates and judgements


def judgement_table(data: ReportData) -> Fragment:
    """2. Inspection dates and the judgement table, with the standardised overall sentence."""
    framework = load_framework()
    rows = []
    for area in framework.areas:
        grade, wording, _ = data.judgements.get(area.key, (None, None, None))
        rows.append([area.title, grade_tag(grade, wording or grade_label(grade))])
    overall = data.judgements.get("overall", (None, None, None))[0]
    sentence = OVERALL_SENTENCES.get(overall or "", "The overall judgement has not been made yet.")
    return join([
        heading("Inspection dates and judgements", 2),
        summary_list([("Inspection dates", _dates(data))]),
        table(rows, ["Judgement area", "Judgement"], caption="Judgements at this inspection", row_headers=True),
        tag("div", paragraph(sentence), class_="wb-inset"),
    ])


# ---------------------------------------------------------------- 3. last inspection, enforcement


def last_inspection(data: ReportData) -> Fragment:
    """3. Date and judgement of the last inspection, and enforcement action since."""
    if data.previous is None:
        items = [("Date of last inspection", "No earlier inspection is recorded"), ("Judgement", "Not applicable")]
    else:
        items = [
            ("Date of last inspection", date_text(data.previous.end_date or data.previous.start_date)),
            ("Type", _TYPE_LABELS.get(data.previous.inspection_type, data.previous.inspection_type)),
            ("Judgement", _past_judgement(data.previous)),
        ]
    items.append(("Enforcement action since last inspection", data.enforcement_action or "None"))
    return join([heading("Last inspection", 2), summary_list(items)])


# ---------------------------------------------------------------- 4. history


def history(data: ReportData) -> Fragment:
    """4. Recent inspection history: date, type, judgement."""
    if not data.history:
        return join([heading("Recent inspection history", 2), paragraph("No earlier inspections are recorded.")])
    rows = [
        [date_text(p.end_date or p.start_date), _TYPE_LABELS.get(p.inspection_type, p.inspection_type),
         _past_judgement(p)]
        for p in data.history
    ]
    return join([
        heading("Recent inspection history", 2),
        table(rows, ["Inspection date", "Inspection type", "Inspection judgement"],
              caption="Inspections before this one, most recent first", row_headers=True),
    ])


# ---------------------------------------------------------------- 5. what the home needs to do


def due_text(due: dt.date | None, data: ReportData) -> str:
    """A requirement's due date; one before the report's publication was set at feedback."""
    if due is None:
        return "Not set"
    published_by = data.publication_date or data.deadline
    if published_by is not None and due <= published_by:
        return f"{date_text(due)} (stated at feedback)"
    return date_text(due)


def improvements(data: ReportData) -> Fragment:
    """5. What the home needs to do to improve: requirements table, recommendations, priorities (paras 18-19)."""
    parts = [heading("What does the children's home need to do to improve?", 2), heading("Statutory requirements", 3)]
    if data.requirements:
        parts += [
            paragraph("The registered person must comply with the following regulations within the timescales set."),
            table(
                [[r.regulation, user_text(r.text), due_text(r.due_date, data)] for r in data.requirements],
                ["Regulation", "Requirement", "Due date"],
                caption="Requirements made at this inspection",
            ),
        ]
    else:
        parts.append(paragraph("This inspection made no requirements."))
    parts.append(heading("Recommendations", 3))
    if data.recommendations:
        items = [
            tag("li", join([f"{r.standard}: " if r.standard else "", r.text]), class_="wb-user-text")
            for r in data.recommendations
        ]
        parts.append(tag("ul", join(items), class_="wb-list"))
    else:
        parts.append(paragraph("This inspection made no recommendations."))
    priorities = data.notes.get("priority_for_improvement", {})
    if priorities:
        parts += [
            heading("Priorities for improvement", 3),
            tag("ul", join(tag("li", text, class_="wb-user-text") for text in priorities.values()), class_="wb-list"),
        ]
    return join(parts)


# ---------------------------------------------------------------- 6. judgement texts


def area_texts(data: ReportData) -> Fragment:
    """6. Each judgement area's text, from the inspector's evidence summary, and outstanding practice (para 18)."""
    parts = [heading("Inspection judgements", 2)]
    for area in load_framework().areas:
        grade, wording, evidence = data.judgements.get(area.key, (None, None, None))
        parts += [
            heading(area.title, 3),
            paragraph(join(["Judgement: ", grade_tag(grade, wording or grade_label(grade))])),
            user_text(evidence, empty="No evidence summary has been written for this area."),
        ]
    outstanding = data.notes.get("outstanding_practice", {})
    if outstanding:
        parts += [
            heading("Areas of outstanding practice", 3),
            tag("ul", join(tag("li", t, class_="wb-user-text") for t in outstanding.values()), class_="wb-list"),
        ]
    return join(parts)


# ---------------------------------------------------------------- 7. information about this inspection


def about_inspection(data: ReportData) -> Fragment:
    """7. Information about this inspection: the framework's paras 15-18 (and 45-47 for interims), in our words."""
    if data.inspection_type == "interim":
        texts = [
            "This was an unannounced interim inspection. Interim inspections look at the progress the home has "
            "made since its last inspection in improving the care, planning and experiences of children and "
            "young people (framework paragraphs 14 and 45).",
            "The inspector looked at four areas: the progress of children and young people and the difference "
            "the home makes; how well leaders and managers monitor and improve the home; children and young "
            "people's experiences since the last inspection, including incidents, notifications, complaints and "
            "restraint; and the home's response to the last inspection's requirements and recommendations "
            "(paragraph 46).",
            "The judgement is made on a three-point scale: inadequate progress and/or declined, limited progress, "
            "or good progress (paragraph 47).",
        ]
    else:
        texts = [
            "This was an unannounced full inspection. The experiences and progress of children and young "
            "people in every area of their lives are at the centre of it; inspectors use their professional "
            "judgement to weigh the significance of what they find (framework paragraph 15).",
            "Judgements are made on a four-point scale: outstanding, good, requires improvement and inadequate "
            "(paragraph 16).",
            "The descriptors of 'good' are the benchmark. Inspectors weigh the evidence in each area against "
            "the criteria for every grade and choose the grade the evidence fits best overall ('best fit', "
            "paragraph 17).",
        ]
    texts.append(
        "Inspectors also identify areas of outstanding practice and priorities for improvement, and expect care "
        "to respond to each child's age, disability, ethnicity, faith or belief, gender, gender identity, "
        "language, race and sexual orientation (paragraph 18). Where the home does not meet the regulations, "
        "the report sets requirements; it may also make recommendations (paragraph 19)."
    )
    return join([heading("Information about this inspection", 2), *(paragraph(t) for t in texts)])


# ---------------------------------------------------------------- 8. home details


def home_details(data: ReportData) -> Fragment:
    """8. Children's home details: URN, type, provider, responsible individual, manager, inspectors."""
    home = data.home
    inspectors = ", ".join(data.inspectors) if data.inspectors else "Not recorded"
    return join([
        heading("Children's home details", 2),
        summary_list([
            ("Unique reference number", home.urn),
            ("Provision type", home.provision_type),
            ("Registered provider", home.registered_provider or "Not recorded"),
            ("Responsible individual", home.responsible_individual or "Not recorded"),
            ("Registered manager", home.registered_manager or "No registered manager in post"),
            ("Inspectors" if len(data.inspectors) > 1 else "Inspector", inspectors),
        ]),
    ])


def full_report(data: ReportData) -> list[Fragment]:
    """Every section of the full report in order (the notebook shows them one cell each)."""
    return [title(data), banner(data), about_home(data), judgement_table(data), last_inspection(data),
            history(data), improvements(data), area_texts(data), about_inspection(data), home_details(data)]


def full_page(data: ReportData) -> Fragment:
    """The whole full report as one fragment (one notebook output: cheap to execute and export)."""
    return join(full_report(data))
