"""An interim inspection: the four focus areas (para 46) and the progress judgement (para 47);
inadequate progress makes the home a service of concern and asks for a case-review note (para 48)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from workbench.widgets.binding import FieldBinding, blank_to_none, none_to_blank
from workbench.widgets.common import dropdown, esc, heading, para, section, textarea

if TYPE_CHECKING:  # pragma: no cover
    from workbench.widgets.editor import InspectionEditor

CONCERN_HTML = ("<p class=\"wb-concern-flag\" role=\"alert\"><strong>Service of concern</strong> (para 48): "
                "inadequate progress. Consider whether to hold a case review and take enforcement action; "
                "record the case-review note below. Inspectors will monitor the home's progress closely.</p>")


def focus_section(editor: InspectionEditor) -> w.VBox:
    """The four focus areas of an interim inspection, each with an evidence box."""
    from workbench.rules import load_framework

    children: list[w.Widget] = [heading("Focus areas of the interim inspection (para 46)", editor.level + 1)]
    for focus in load_framework().focus_areas:
        box = textarea(f"Evidence: {focus.title}", f"wb-focus-{focus.key}", rows=5)
        editor.focus[focus.key] = box
        editor.bind(box, "note", ("focus_area", focus.key), "text", to_store=blank_to_none, to_widget=none_to_blank)
        children += [heading(f"{focus.title} (para {focus.paragraph})", editor.level + 2), para(focus.text, small=True), box]
    return section(children, "wb-focus-section")


def progress_section(editor: InspectionEditor) -> w.VBox:
    """The progress judgement on the three-point scale, the service-of-concern flag and case-review note."""
    from workbench.rules import load_framework

    framework = load_framework()
    options = [("Not judged yet", "")] + [(p.label, p.key) for p in framework.progress_scale]
    progress = dropdown("Progress judgement", options, "wb-progress")
    editor.progress = progress
    concern = w.HTML()
    concern.add_class("wb-service-of-concern")
    editor.service_of_concern = concern
    note = textarea("Case-review note (para 48)", "wb-case-review", rows=4,
                    placeholder="Whether a case review is needed, and any enforcement action to consider.")
    editor.case_review_note = note

    def _after(binding: FieldBinding) -> None:
        inadequate = binding.base.value == "inadequate_progress"
        concern.value = CONCERN_HTML if inadequate else ""
        note.layout.display = None if inadequate or note.value else "none"

    editor.bind(note, "inspection", editor.inspection_id, "case_review_note", to_store=blank_to_none,
                to_widget=none_to_blank)
    binding = editor.bind(progress, "inspection", editor.inspection_id, "progress_judgement",
                          to_store=blank_to_none, to_widget=none_to_blank, after=_after)
    _after(binding)
    items = "".join(f"<li><strong>{esc(p.label)}</strong>: {esc(p.meaning)}</li>" for p in framework.progress_scale)
    scale = w.HTML(f"<ul style=\"font-size:90%\">{items}</ul>", layout=w.Layout(width="100%", max_width="60em"))
    return section([heading("Progress judgement (para 47)", editor.level + 1), scale, progress, concern, note],
                   "wb-progress-section")


__all__ = ["focus_section", "progress_section"]
