"""The interim inspection report's own sections (paras 45-48), as escaped fragments.

An interim report opens and closes like the full one (information about the home, dates,
last inspection, information about the inspection, home details: see
:mod:`workbench.report.content`) and in between shows the progress judgement (para 47),
the four focus areas (para 46), the response to the last inspection's requirements and,
after inadequate progress, that the home is a service of concern (para 48).
"""

from __future__ import annotations

from workbench.html import (
    Fragment,
    heading,
    join,
    paragraph,
    summary_list,
    table,
    tag,
    user_text,
)
from workbench.report.content import (
    about_home,
    about_inspection,
    banner,
    date_text,
    home_details,
    improvements,
    last_inspection,
    progress_label,
    title,
)
from workbench.report.data import ReportData
from workbench.rules import load_framework

_STATUS_TEXT = {"met": "Met", "not_met": "Not met"}
_PROGRESS_CLASS = {"good_progress": "good", "limited_progress": "requires_improvement",
                   "inadequate_progress": "inadequate"}


#: The standardised sentence of each progress judgement, from para 47's meaning of the three points.
PROGRESS_SENTENCES = {
    "good_progress": "The home has made good progress: children and young people's lives are improving, or "
    "continuing to improve, as a consequence of the work of the home (paragraph 47).",
    "limited_progress": "The home has made some progress since the last inspection, but not enough for "
    "children and young people's lives to be improving as they should (paragraph 47).",
    "inadequate_progress": "The home is failing to help children and young people to make progress, or its "
    "care has declined since the last inspection (paragraph 47).",
}


def progress_sentence(key: str | None) -> str:
    """The standardised sentence of a progress judgement (para 47)."""
    return PROGRESS_SENTENCES.get(key or "", "The progress judgement has not been made yet.")


def progress_judgement(data: ReportData) -> Fragment:
    """Inspection dates and the progress judgement on the three-point scale (para 47)."""
    key = data.progress_judgement
    label = progress_label(key)
    dates = date_text(data.start_date) if data.last_day_on_site == data.start_date else (
        f"{date_text(data.start_date)} to {date_text(data.last_day_on_site)}")
    return join([
        heading("Inspection date and judgement", 2),
        summary_list([("Inspection date" if data.last_day_on_site == data.start_date else "Inspection dates", dates)]),
        table(
            [["Progress since the last inspection", tag("span", label,
                                                         class_=f"wb-tag wb-tag--{_PROGRESS_CLASS.get(key or '', 'none')}")]],
            ["Judgement", "Outcome"], caption="Judgement at this interim inspection", row_headers=True,
        ),
        tag("div", paragraph(progress_sentence(key)), class_="wb-inset"),
    ])


def service_of_concern(data: ReportData) -> Fragment:
    """After inadequate progress the home becomes a service of concern (para 48); empty otherwise."""
    if data.progress_judgement != "inadequate_progress" and not data.service_of_concern:
        return Fragment("")
    return tag("div", join([
        heading("Service of concern", 2),
        paragraph(
            "The home has made inadequate progress. It is a service of concern: Ofsted will monitor its "
            "progress and the action it takes closely, and considers whether to hold a case review and take "
            "enforcement action (framework paragraph 48)."
        ),
    ]), class_="wb-banner wb-banner--concern")


def focus_areas(data: ReportData) -> Fragment:
    """The four focus areas of an interim inspection (para 46), each with the inspector's evidence."""
    notes = data.notes.get("focus_area", {})
    parts = [heading("Findings", 2)]
    for area in load_framework().focus_areas:
        parts += [heading(area.title, 3), user_text(notes.get(area.key), empty="No findings have been written for this area.")]
    return join(parts)


def previous_requirements(data: ReportData) -> Fragment:
    """The home's response to the last inspection's requirements and recommendations (para 46)."""
    parts = [heading("Requirements and recommendations of the last inspection", 2)]
    if data.previous_requirements:
        rows = [
            [r.regulation, user_text(r.text), date_text(r.due_date),
             _STATUS_TEXT.get(r.status or "", "Not yet reviewed"), user_text(r.status_evidence, empty="None recorded.")]
            for r in data.previous_requirements
        ]
        parts.append(table(rows, ["Regulation", "Requirement", "Due date", "Outcome", "Evidence"],
                           caption="Requirements made at the last inspection"))
    else:
        parts.append(paragraph("The last inspection made no requirements."))
    if data.previous_recommendations:
        rows = [
            [r.standard or "None cited", user_text(r.text), _STATUS_TEXT.get(r.status or "", "Not yet reviewed"),
             user_text(r.status_evidence, empty="None recorded.")]
            for r in data.previous_recommendations
        ]
        parts.append(table(rows, ["Standard", "Recommendation", "Outcome", "Evidence"],
                           caption="Recommendations made at the last inspection"))
    return join(parts)


def interim_report(data: ReportData) -> list[Fragment]:
    """Every section of the interim report in order (the notebook shows them one cell each)."""
    return [title(data), banner(data), about_home(data), progress_judgement(data), service_of_concern(data),
            last_inspection(data), focus_areas(data), previous_requirements(data), improvements(data),
            about_inspection(data), home_details(data)]


def interim_page(data: ReportData) -> Fragment:
    """The whole interim report as one fragment (one notebook output: cheap in a batch)."""
    return join(interim_report(data))
