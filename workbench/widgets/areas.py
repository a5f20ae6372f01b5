"""One judgement area of a full inspection: grade with its live cap, best-fit advice from the
descriptor checklist (para 17), the evidence summary, and the lines of enquiry it informs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from workbench.widgets.binding import blank_to_none, none_to_blank
from workbench.widgets.challenges import challenge_panel
from workbench.widgets.challenges import refresh as refresh_challenges
from workbench.widgets.common import (
    button,
    dropdown,
    esc,
    heading,
    para,
    section,
    textarea,
    textbox,
)
from workbench.widgets.enquiries import enquiry_row

if TYPE_CHECKING:  # pragma: no cover
    from workbench.rules import Area
    from workbench.widgets.editor import InspectionEditor

STATUS_OPTIONS = [("Not seen", "not_seen"), ("Met", "met"), ("Not met", "not_met")]


def grade_options() -> list[tuple[str, str]]:
    """The four-point scale (para 16) with "not graded yet" first."""
    from workbench.rules import GRADES, load_framework

    framework = load_framework()
    return [("Not graded yet", "")] + [(framework.grade_label(g), g) for g in GRADES]


def area_panel(editor: InspectionEditor, area: Area) -> w.VBox:
    """The controls of one area; registers them on the editor (grade, cap_message, advice, evidence)."""
    key = area.key
    grade = dropdown(f"Grade: {area.short_title}", grade_options(), f"wb-grade-{key}")
    grade.add_class("wb-grade")
    editor.grade[key] = grade

    def after_grade(_saved: object) -> None:
        editor.update_caps()
        refresh_challenges(editor)

    editor.bind(grade, "judgement", key, "grade", to_store=blank_to_none, to_widget=none_to_blank,
                after=after_grade)
    cap = w.HTML(layout=w.Layout(width="100%", max_width="60em"))
    cap.add_class(f"wb-cap-{key}")
    cap.add_class("wb-cap")
    editor.cap_message[key] = cap
    advice = w.HTML(layout=w.Layout(width="100%", max_width="60em"))
    advice.add_class(f"wb-advice-{key}")
    editor.advice[key] = advice
    evidence = textarea(f"Evidence summary: {area.short_title}", f"wb-evidence-{key}", rows=8,
                        placeholder="What you found; this becomes the report text for this area.")
    editor.evidence[key] = evidence
    editor.bind(evidence, "judgement", key, "evidence_summary", to_store=blank_to_none, to_widget=none_to_blank)
    checklist = w.VBox()
    checklist.add_class(f"wb-checklist-{key}")
    count = len(area.all_descriptors())
    toggle = w.ToggleButton(value=False, description=f"Show the descriptor checklist ({count})",
                            tooltip=f"Evidence checklist: the framework's descriptors for {area.short_title}",
                            layout=w.Layout(width="auto", align_self="flex-start"))
    toggle.add_class(f"wb-checklist-toggle-{key}")
    editor.checklist_toggle[key] = toggle

    def _toggle(change: dict) -> None:
        if change["new"] and not checklist.children:
            checklist.children = build_checklist(editor, area)
        checklist.layout.display = None if change["new"] else "none"
        toggle.description = (f"Hide the descriptor checklist ({count})" if change["new"]
                              else f"Show the descriptor checklist ({count})")

    toggle.observe(_toggle, names="value")
    children: list[w.Widget] = [
        heading(f"{area.title} (para {area.paragraph})", editor.level + 1),
        grade, cap, challenge_panel(editor, key), advice, evidence, toggle, checklist,
    ]
    enquiries = [loe for loe in editor.state.lines_of_enquiry if loe["area"] == key]
    if enquiries:
        children.append(heading(f"Lines of enquiry informing {area.short_title}", editor.level + 2))
        children.extend(enquiry_row(editor, loe) for loe in enquiries)
    editor.update_advice(key)
    return section(children, f"wb-area-{key}")


def build_checklist(editor: InspectionEditor, area: Area) -> list[w.Widget]:
    """The area's descriptors, grade by grade, each with met / not met / not seen and a note."""
    from workbench.rules import load_framework

    framework = load_framework()
    rows: list[w.Widget] = [para("Evidence checklist. 'Good' is the benchmark; weigh the evidence against every "
                                 "grade's descriptors and decide the best fit (para 17).", small=True)]
    for grade, descriptors in area.descriptors.items():
        label = framework.grade_label(grade)
        paragraph = descriptors[0].paragraph if descriptors else ""
        rows.append(heading(f"'{label}' descriptors" + (f" (para {paragraph})" if paragraph else ""), editor.level + 2))
        if not descriptors and area.no_descriptors_note.get(grade):
            rows.append(para(area.no_descriptors_note[grade], small=True))
        for number, descriptor in enumerate(descriptors, start=1):
            name = f"{label} {number}"
            text = w.HTML(f"<p><strong>{esc(name)}</strong> (para {esc(descriptor.paragraph)}): "
                          f"{esc(descriptor.text)}</p>", layout=w.Layout(width="100%", max_width="60em"))
            status = dropdown(f"{name}: assessment", STATUS_OPTIONS, f"wb-descriptor-{descriptor.id}")
            status.add_class("wb-descriptor-status")
            note = textbox(f"{name}: note", f"wb-descriptor-note-{descriptor.id}")
            editor.descriptor_status[descriptor.id] = status
            editor.descriptor_note[descriptor.id] = note
            editor.bind(status, "descriptor", descriptor.id, "status",
                        to_widget=lambda v: v or "not_seen", after=lambda _b, a=area.key: editor.update_advice(a))
            editor.bind(note, "descriptor", descriptor.id, "note", to_store=blank_to_none, to_widget=none_to_blank)
            rows.append(w.VBox([text, status, note], layout=w.Layout(margin="0 0 0.8em 1em")))
    return rows


def open_checklist(editor: InspectionEditor, area_key: str) -> None:
    """Show (building if needed) an area's descriptor checklist, as pressing its button does."""
    editor.checklist_toggle[area_key].value = True


__all__ = ["area_panel", "build_checklist", "button", "open_checklist"]
