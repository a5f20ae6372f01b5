"""Evidence challenges beside each judgement area (issue 16): the figures, records and paragraph
behind a grade the data questions, and a box for the inspector's answer.

The challenges are re-read from the evidence loaded with the inspection (``state.challenge_context``)
whenever a grade is saved: a changed grade the rule does not question makes the challenge go
away, and the change is recorded (note section ``challenge_changed``) for QA and the manager's
counts. Parts (CSS classes): ``wb-challenges-AREA`` per area, ``wb-challenge-RULE-AREA`` per
challenge, its answer box ``wb-challenge-answer-RULE-AREA``.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from workbench.challenges import (
    ANSWER_SECTION,
    CHANGED_SECTION,
    Challenge,
    challenges_from,
    describe,
    findings,
)
from workbench.judgements import Loaded, save_field
from workbench.widgets.binding import blank_to_none, none_to_blank
from workbench.widgets.common import esc, textarea

if TYPE_CHECKING:  # pragma: no cover
    from workbench.widgets.editor import InspectionEditor

log = logging.getLogger(__name__)


@dataclasses.dataclass
class ChallengeWidgets:
    """The challenge controls of one editor (rebuilt with the editor's state on reload)."""

    state: Any
    boxes: dict[str, w.VBox] = dataclasses.field(default_factory=dict)
    rows: dict[str, tuple[w.HTML, w.Textarea, Any]] = dataclasses.field(default_factory=dict)
    parts: dict[str, w.VBox] = dataclasses.field(default_factory=dict)
    shown: dict[str, Challenge] = dataclasses.field(default_factory=dict)
    changed_base: dict[str, Loaded] = dataclasses.field(default_factory=dict)


def widgets_of(editor: InspectionEditor) -> ChallengeWidgets:
    """The editor's challenge controls (new ones after a reload)."""
    mine = getattr(editor, "challenge_widgets", None)
    if mine is None or mine.state is not editor.state:
        mine = ChallengeWidgets(editor.state)
        editor.challenge_widgets = mine  # type: ignore[attr-defined]
    return mine


def current(editor: InspectionEditor) -> list[Challenge]:
    """The challenges for the grades and answers as saved from this editor."""
    context = editor.state.challenge_context
    if context is None:
        return []
    grades = editor.grades()
    closed = {ident for ident, control in editor.loe_close.items() if control.disabled}
    lines = [dict(line, status="closed") if line["id"] in closed else line for line in context.lines]
    context = dataclasses.replace(context, grades=grades, lines=lines)
    answers = {n["key"]: n["text"] for n in editor.state.notes.get(ANSWER_SECTION, []) if n.get("text")}
    for key, (_head, _box, binding) in widgets_of(editor).rows.items():
        if binding.base.value:
            answers[key] = binding.base.value
        else:
            answers.pop(key, None)
    return challenges_from(findings(context), grades, answers)


def _evidence_html(challenge: Challenge) -> str:
    from workbench.enquiry.render import anchor

    figures = [e for e in challenge.evidence if e["table"] == "figures"]
    records = [e for e in challenge.evidence if e["table"] != "figures"]
    out = "".join(f"<li>{esc(e['detail'])}</li>" for e in figures)
    out = f"<p>The figures:</p><ul>{out}</ul>" if out else ""
    if records:
        cell = "style=\"padding:0.1em 0.8em 0.1em 0;text-align:left;vertical-align:top\""
        rows = "".join(
            f"<tr><th scope=\"row\" {cell} id=\"ch-{esc(anchor(e))}\">{esc(e.get('reference') or '—')}</th>"
            f"<td {cell}>{esc(str(e['table']).replace('_', ' '))}</td><td {cell}>{esc(e.get('date') or '—')}</td>"
            f"<td {cell}>{esc(e.get('detail') or '')}</td></tr>" for e in records)
        out += ("<table class=\"wb-challenge-records\"><caption>The records behind it</caption><thead><tr>"
                f"<th scope=\"col\" {cell}>Record</th><th scope=\"col\" {cell}>Source</th><th scope=\"col\" {cell}>Date</th>"
                f"<th scope=\"col\" {cell}>Detail</th></tr></thead><tbody>{rows}</tbody></table>")
    return out


def _head_html(challenge: Challenge, level: int) -> str:
    state = ("<strong>Answered</strong>: the grade stands with your note below." if challenge.answer else
             "<strong>Not answered yet</strong>: say below why the grade stands, or change the grade. "
             "An unanswered challenge keeps the report from being ready.")
    return (f"<div style=\"border-left:5px solid #d4351c;padding:0 0.6em\">"
            f"<h{level}>The data questions this grade: {esc(describe(challenge))}</h{level}>"
            f"<p>{esc(challenge.text)}</p>{_evidence_html(challenge)}<p class=\"wb-challenge-state\">{state}</p></div>")


def _row(editor: InspectionEditor, challenge: Challenge) -> tuple[w.HTML, w.Textarea, Any]:
    key = challenge.key
    css = key.replace(":", "-")
    head = w.HTML(layout=w.Layout(width="100%", max_width="60em"))
    answer = textarea(f"Your answer: why the grade stands ({describe(challenge)})", f"wb-challenge-answer-{css}",
                      rows=3, placeholder="What you found on site that supports the grade despite these figures.")
    binding = editor.bind(answer, "note", (ANSWER_SECTION, key), "text", to_store=blank_to_none,
                          to_widget=none_to_blank, after=lambda _b: refresh(editor))
    return head, answer, binding


def challenge_panel(editor: InspectionEditor, area: str) -> w.VBox:
    """The challenges to one area's grade (empty when the data questions nothing)."""
    box = w.VBox(layout=w.Layout(width="100%"))
    box.add_class(f"wb-challenges-{area}")
    widgets_of(editor).boxes[area] = box
    refresh(editor, record_changes=False)
    return box


def _record_change(editor: InspectionEditor, challenge: Challenge, new_grade: str | None) -> None:
    """Note that the grade questioned by `challenge` was changed while it showed (for QA and the counts)."""
    from workbench.rules import load_framework

    framework = load_framework()
    mine = widgets_of(editor)
    key = challenge.key
    base = mine.changed_base.get(key) or editor.state.loaded("note", (CHANGED_SECTION, key), "text")
    after = framework.grade_label(new_grade) if new_grade else "not graded"
    text = f"{framework.grade_label(challenge.grade)} -> {after} (changed by {editor.user} while challenged)"
    saved = save_field(editor.db, editor.inspection_id, "note", (CHANGED_SECTION, key), "text", text, base,
                       editor.user)
    mine.changed_base[key] = Loaded(saved.version, saved.value)


def refresh(editor: InspectionEditor, record_changes: bool = True) -> None:
    """Re-read the challenges for the saved grades; show each beside its area; note grades changed."""
    mine = widgets_of(editor)
    now = {c.key: c for c in current(editor)}
    if record_changes:
        grades = editor.grades()
        for key, before in mine.shown.items():
            if key not in now and grades.get(before.area) != before.grade:
                try:  # already inside the saver's job for the grade: saved here, never queued again
                    _record_change(editor, before, grades.get(before.area))
                except Exception as error:  # the grade is saved; only the note for the counts is missing
                    log.warning("noting the changed grade under challenge %s failed: %s", key, error)
    mine.shown = now
    for area, box in mine.boxes.items():
        children: list[w.Widget] = []
        for challenge in (c for c in now.values() if c.area == area):
            if challenge.key not in mine.rows:
                mine.rows[challenge.key] = _row(editor, challenge)
                head, answer, _binding = mine.rows[challenge.key]
                part = w.VBox([head, answer], layout=w.Layout(margin="0 0 0.8em 0"))
                part.add_class(f"wb-challenge-{challenge.key.replace(':', '-')}")
                mine.parts[challenge.key] = part
            head, _answer, _binding = mine.rows[challenge.key]
            html = _head_html(challenge, editor.level + 2)
            if head.value != html:
                head.value = html
            children.append(mine.parts[challenge.key])
        if tuple(children) != tuple(box.children):  # the same controls stay on the page (no re-render)
            box.children = children
