"""Lists an inspector adds to: requirements (with due dates), recommendations, the previous
inspection's requirements marked met / not met, areas of outstanding practice and priorities
for improvement (para 18)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from workbench.errors import UserError
from workbench.judgements import Loaded, add_note, add_recommendation, add_requirement, remove
from workbench.widgets.binding import blank_to_none, none_to_blank
from workbench.widgets.common import (
    button,
    datepicker,
    dropdown,
    esc,
    heading,
    para,
    section,
    textarea,
    textbox,
)

if TYPE_CHECKING:  # pragma: no cover
    from workbench.widgets.editor import InspectionEditor

REVIEW_OPTIONS = [("Not yet reviewed", ""), ("Met", "met"), ("Not met", "not_met")]
NOTE_TITLES = {
    "outstanding_practice": "Areas of outstanding practice (para 18)",
    "priority_for_improvement": "Priorities for improvement (para 18)",
}


def feedback_badge(editor: InspectionEditor, due: dt.date | None) -> str:
    """'To be stated at feedback' for a due date on or before the publication deadline (para 9)."""
    deadline = editor.state.inspection.get("publication_deadline")
    if due is None:
        return "<span>No due date yet.</span>"
    if deadline is not None and due <= deadline:
        return (f"<span class=\"wb-feedback\"><strong>To be stated at feedback</strong>: due {due:%d %B %Y}, "
                f"before the report is published (deadline {deadline:%d %B %Y}, para 9).</span>")
    return f"<span>Due {due:%d %B %Y}.</span>"


def _add_job(editor: InspectionEditor, what: str, create: Callable[[], Any], done: Callable[[Any], None]) -> None:
    """Add a record through the saver (kept and retried if the store is unavailable)."""
    def job() -> None:
        try:
            result = create()
        except UserError as mistake:
            editor.report("refused", f"Not added: {mistake}")
            return
        done(result)
        editor.report("saved", f"Added {what}.")

    editor.saver.run(("add", what, id(job)), f"adding {what}", job)


def _remove_button(editor: InspectionEditor, kind: str, record_id: Any, version_of: Callable[[], int],
                   row: w.Widget, box: w.VBox, css: str) -> w.Button:
    remove_button = button(f"Remove this {kind.replace('_', ' ')}", css)

    def job() -> None:
        try:
            remove(editor.db, editor.inspection_id, kind, record_id, version_of(), editor.user)
        except UserError as refusal:
            editor.report("refused", str(refusal))
            return
        box.children = tuple(c for c in box.children if c is not row)
        editor.report("saved", f"Removed the {kind.replace('_', ' ')}.")

    remove_button.on_click(lambda _b: editor.saver.run(("remove", kind, str(record_id)), f"removing a {kind}", job))
    return remove_button


def requirements_section(editor: InspectionEditor) -> w.VBox:
    """Requirements: regulation, what must be done, due date; add, edit (saved as typed), remove."""
    rows = w.VBox()
    rows.add_class("wb-requirements")
    for item in editor.state.requirements:
        rows.children += (_requirement_row(editor, item, rows),)
    regulation = textbox("Regulation", "wb-req-new-regulation", placeholder="e.g. 12 (the protection of children)")
    text = textarea("What must be done", "wb-req-new-text", rows=3)
    due = datepicker("Due date", "wb-req-new-due")
    add = button("Add requirement", "wb-req-add")
    editor.requirement_form = {"regulation": regulation, "text": text, "due_date": due, "add": add}

    def _add(_b: w.Button) -> None:
        values = (regulation.value, text.value, due.value)

        def create() -> int:
            return add_requirement(editor.db, editor.inspection_id, values[0], values[1], values[2], editor.user)

        def done(new_id: int) -> None:
            regulation.value, text.value, due.value = "", "", None
            item = {"id": new_id, "regulation": values[0].strip(), "text": values[1], "due_date": values[2],
                    "version": 1}
            rows.children += (_requirement_row(editor, item, rows),)

        _add_job(editor, "a requirement", create, done)

    add.on_click(_add)
    return section([
        heading("Requirements: what the home must do", editor.level + 1),
        para("A due date on or before the publication deadline is allowed and is stated at feedback.", small=True),
        rows, heading("Add a requirement", editor.level + 2), regulation, text, due, add,
    ], "wb-requirements-section")


def _requirement_row(editor: InspectionEditor, item: dict[str, Any], box: w.VBox) -> w.VBox:
    ident = int(item["id"])
    regulation = textbox(f"Regulation (requirement {ident})", f"wb-req-{ident}-regulation")
    text = textarea(f"What must be done (requirement {ident})", f"wb-req-{ident}-text", rows=3)
    due = datepicker(f"Due date (requirement {ident})", f"wb-req-{ident}-due")
    badge = w.HTML(feedback_badge(editor, item.get("due_date")))
    badge.add_class(f"wb-req-{ident}-badge")
    b1 = editor.bind(regulation, "requirement", ident, "regulation", base=_base(item, "regulation"))
    b2 = editor.bind(text, "requirement", ident, "text", base=_base(item, "text"))
    b3 = editor.bind(due, "requirement", ident, "due_date", base=_base(item, "due_date"),
                     after=lambda b: setattr(badge, "value", feedback_badge(editor, b.base.value)))
    editor.requirement_rows[ident] = {"regulation": regulation, "text": text, "due_date": due, "badge": badge}
    row = w.VBox(layout=w.Layout(margin="0 0 0.8em 1em"))
    versions = lambda: max(b.base.version for b in (b1, b2, b3))  # noqa: E731 - the record's latest version
    row.children = [regulation, text, due, badge,
                    _remove_button(editor, "requirement", ident, versions, row, box, f"wb-req-{ident}-remove")]
    return row


def _base(item: dict[str, Any], name: str) -> Loaded:
    """What a row was built from: its record's version and the field's value."""
    return Loaded(item["version"], item.get(name))


def recommendations_section(editor: InspectionEditor) -> w.VBox:
    """Recommendations (optionally citing a national minimum standard): add, edit, remove."""
    rows = w.VBox()
    rows.add_class("wb-recommendations")
    for item in editor.state.recommendations:
        rows.children += (_recommendation_row(editor, item, rows),)
    standard = textbox("Standard (optional)", "wb-rec-new-standard", placeholder="e.g. NMS 3.1")
    text = textarea("Recommendation", "wb-rec-new-text", rows=3)
    add = button("Add recommendation", "wb-rec-add")
    editor.recommendation_form = {"standard": standard, "text": text, "add": add}

    def _add(_b: w.Button) -> None:
        values = (text.value, standard.value)

        def create() -> int:
            return add_recommendation(editor.db, editor.inspection_id, values[0], values[1], editor.user)

        def done(new_id: int) -> None:
            standard.value, text.value = "", ""
            item = {"id": new_id, "standard": values[1].strip() or None, "text": values[0], "version": 1}
            rows.children += (_recommendation_row(editor, item, rows),)

        _add_job(editor, "a recommendation", create, done)

    add.on_click(_add)
    return section([heading("Recommendations", editor.level + 1), rows, heading("Add a recommendation", editor.level + 2), standard, text, add],
                   "wb-recommendations-section")


def _recommendation_row(editor: InspectionEditor, item: dict[str, Any], box: w.VBox) -> w.VBox:
    ident = int(item["id"])
    standard = textbox(f"Standard (recommendation {ident})", f"wb-rec-{ident}-standard")
    text = textarea(f"Recommendation {ident}", f"wb-rec-{ident}-text", rows=3)
    b1 = editor.bind(standard, "recommendation", ident, "standard", base=_base(item, "standard"),
                     to_store=blank_to_none, to_widget=none_to_blank)
    b2 = editor.bind(text, "recommendation", ident, "text", base=_base(item, "text"))
    editor.recommendation_rows[ident] = {"standard": standard, "text": text}
    row = w.VBox(layout=w.Layout(margin="0 0 0.8em 1em"))
    row.children = [standard, text, _remove_button(editor, "recommendation", ident,
                                                   lambda: max(b1.base.version, b2.base.version), row, box,
                                                   f"wb-rec-{ident}-remove")]
    return row


def previous_section(editor: InspectionEditor) -> w.VBox:
    """The previous inspection's requirements and recommendations, each marked met / not met with evidence."""
    children: list[w.Widget] = [heading("The last inspection's requirements and recommendations", editor.level + 1)]
    items = ([("requirement", r) for r in editor.state.previous_requirements]
             + [("recommendation", r) for r in editor.state.previous_recommendations])
    if not items:
        children.append(para("The last inspection made no requirements or recommendations (or there was none)."))
    for kind, item in items:
        ident = int(item["id"])
        label = f"{kind.capitalize()} {ident}"
        due = item.get("due_date")
        detail = f"Regulation {item['regulation']}: " if kind == "requirement" else (
            f"Standard {item['standard']}: " if item.get("standard") else "")
        due_text = f" (due {due:%d %B %Y})" if isinstance(due, dt.date) else ""
        text = w.HTML(f"<p><strong>{esc(label)}</strong> — {esc(detail)}{esc(item['text'])}{esc(due_text)}</p>",
                      layout=w.Layout(width="100%", max_width="60em"))
        status = dropdown(f"{label}: met or not met", REVIEW_OPTIONS, f"wb-prev-{kind}-{ident}-status")
        evidence = textarea(f"{label}: evidence", f"wb-prev-{kind}-{ident}-evidence", rows=2)
        editor.bind(status, kind, ident, "status", to_store=blank_to_none, to_widget=none_to_blank)
        editor.bind(evidence, kind, ident, "status_evidence", to_store=blank_to_none, to_widget=none_to_blank)
        editor.previous[(kind, ident)] = {"status": status, "evidence": evidence}
        children.append(w.VBox([text, status, evidence], layout=w.Layout(margin="0 0 0.8em 1em")))
    return section(children, "wb-previous-section")


def notes_section(editor: InspectionEditor, section_key: str) -> w.VBox:
    """A list of short notes under one heading (outstanding practice, priorities for improvement)."""
    rows = w.VBox()
    rows.add_class(f"wb-notes-{section_key}")
    title = NOTE_TITLES[section_key]
    editor.notes[section_key] = {}
    for item in editor.state.notes.get(section_key, []):
        rows.children += (_note_row(editor, section_key, item, rows),)
    new = textarea(f"New: {title}", f"wb-note-new-{section_key}", rows=2)
    add = button(f"Add to {title}", f"wb-note-add-{section_key}", tooltip=f"Add to {title}")
    editor.note_form[section_key] = {"text": new, "add": add}

    def _add(_b: w.Button) -> None:
        body = new.value

        def create() -> str:
            return add_note(editor.db, editor.inspection_id, section_key, body, editor.user)

        def done(key: str) -> None:
            new.value = ""
            rows.children += (_note_row(editor, section_key, {"key": key, "text": body, "version": 1}, rows),)

        _add_job(editor, f"a note to {title}", create, done)

    add.on_click(_add)
    return section([heading(title, editor.level + 1), rows, new, add], f"wb-notes-section-{section_key}")


def _note_row(editor: InspectionEditor, section_key: str, item: dict[str, Any], box: w.VBox) -> w.VBox:
    key = str(item["key"])
    text = textarea(f"{NOTE_TITLES[section_key].split(' (')[0]} {key}", f"wb-note-{section_key}-{key}", rows=2)
    binding = editor.bind(text, "note", (section_key, key), "text", base=Loaded(item["version"], item["text"]),
                          to_store=blank_to_none, to_widget=none_to_blank)
    editor.notes[section_key][key] = text
    row = w.VBox(layout=w.Layout(margin="0 0 0.5em 1em"))
    row.children = [text, _remove_button(editor, "note", (section_key, key), lambda: binding.base.version, row, box,
                                         f"wb-note-{section_key}-{key}-remove")]
    return row
