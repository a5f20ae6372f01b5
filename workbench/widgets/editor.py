"""`InspectionEditor`: the whole judgement form for one inspection, saved as it is filled in.

    editor = InspectionEditor(db, inspection_id, user)   # display(editor) in JupyterLab or Voila

Reachable parts (for tests, the dashboards and browser tests; CSS classes in brackets):
``grade[area]`` Dropdown (wb-grade-AREA), ``cap_message[area]`` HTML (wb-cap-AREA),
``advice[area]`` (wb-advice-AREA), ``evidence[area]`` Textarea (wb-evidence-AREA),
``checklist_toggle[area]`` and, once shown, ``descriptor_status[id]`` / ``descriptor_note[id]``,
``requirement_form`` / ``requirement_rows[id]`` (wb-req-*), ``recommendation_form`` /
``recommendation_rows[id]`` (wb-rec-*), ``previous[(kind, id)]`` (wb-prev-*), ``note_form`` /
``notes[section][key]`` (wb-note-*), ``loe_finding[id]`` / ``loe_close[id]`` (wb-loe-*); interim:
``focus[key]`` (wb-focus-KEY), ``progress`` (wb-progress), ``service_of_concern``
(wb-service-of-concern), ``case_review_note`` (wb-case-review). ``status`` (wb-status) says
what happened to the last change: ``last_status`` is ("saved" | "pending" | "refused" | "error", text).
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import ipywidgets as w

from workbench.judgements import InspectionState, Loaded, is_transient, load_state, summary
from workbench.judgements.caps import cap_text
from workbench.judgements.spool import Spool
from workbench.judgements.text import plain_summary
from workbench.store.identity import acting_username
from workbench.widgets.areas import area_panel, open_checklist
from workbench.widgets.binding import FieldBinding
from workbench.widgets.common import button, datepicker, esc, heading, section
from workbench.widgets.enquiries import enquiry_row
from workbench.widgets.interim import focus_section, progress_section
from workbench.widgets.lists import (
    notes_section,
    previous_section,
    recommendations_section,
    requirements_section,
)
from workbench.widgets.saver import Saver

#: Page styles scoped to the editor: labels read left to right above their control, and a
#: strong keyboard focus indicator (GOV.UK's yellow) on every control.
EDITOR_CSS = """<style>
.wb-inspection-editor .widget-label { text-align: left; font-weight: 600; width: auto; max-width: none;
  white-space: normal; line-height: 1.4; height: auto; margin-bottom: 2px; }
.wb-inspection-editor select, .wb-inspection-editor input, .wb-inspection-editor textarea,
.wb-inspection-editor button { font-size: 15px; }
.wb-inspection-editor .widget-dropdown > select, .wb-inspection-editor .widget-datepicker > input,
.wb-inspection-editor .widget-text > input { flex: 0 0 auto; height: 2.2em; }
.wb-inspection-editor :focus-visible, .wb-inspection-editor select:focus, .wb-inspection-editor textarea:focus,
.wb-inspection-editor input:focus, .wb-inspection-editor button:focus { outline: 3px solid #ffdd00;
  outline-offset: 0; box-shadow: inset 0 0 0 2px #0b0c0c; }
.wb-inspection-editor .wb-section { border-radius: 2px; }
</style>"""

STATUS_COLOURS = {"saved": "#00703c", "pending": "#b58800", "refused": "#d4351c", "error": "#d4351c",
                  "ready": "#505a5f"}


class InspectionEditor:
    """The judgement widgets of one inspection (full or interim), bound to the store."""

    def __init__(self, db: str | None, inspection_id: int, user: str | None = None,
                 background_retry: bool = True, heading_level: int = 1, spool_dir: Path | None = None) -> None:
        self.db = db
        self.level = max(1, min(int(heading_level), 4))  # 2 when embedded under a page's own h1
        self.inspection_id = int(inspection_id)
        self.user = acting_username(db, user, "edit")  # a user of the store, never the OS login
        self.saver = Saver(self.report, background=background_retry)
        self.spool = Spool(db, self.inspection_id, self.user, spool_dir)
        self.status = w.HTML(layout=w.Layout(width="100%", max_width="60em"))
        self.status.add_class("wb-status")
        self.last_status: tuple[str, str] = ("ready", "")
        self.reload_button = button("Reload from the store", "wb-reload",
                                    tooltip="Show what everyone has saved for this inspection")
        self.reload_button.on_click(lambda _b: self.reload())
        self.readiness = w.HTML(layout=w.Layout(width="100%", max_width="60em"))
        self.readiness.add_class("wb-readiness-box")
        self.return_notes = w.HTML(layout=w.Layout(width="100%", max_width="60em"))
        self.return_notes.add_class("wb-return-notes-box")
        self.widget = w.VBox(layout=w.Layout(width="100%"))
        self.widget.add_class("wb-inspection-editor")
        self.reload()
        self.replay()

    # ------------------------------------------------------------------ building
    def _reset(self) -> None:
        self.bindings: list[FieldBinding] = []
        self.grade: dict[str, w.Dropdown] = {}
        self.cap_message: dict[str, w.HTML] = {}
        self.advice: dict[str, w.HTML] = {}
        self.evidence: dict[str, w.Textarea] = {}
        self.checklist_toggle: dict[str, w.ToggleButton] = {}
        self.descriptor_status: dict[str, w.Dropdown] = {}
        self.descriptor_note: dict[str, w.Text] = {}
        self.loe_finding: dict[int, w.Textarea] = {}
        self.loe_close: dict[int, w.Button] = {}
        self.loe_status: dict[int, w.HTML] = {}
        self.requirement_form: dict[str, w.Widget] = {}
        self.requirement_rows: dict[int, dict[str, w.Widget]] = {}
        self.recommendation_form: dict[str, w.Widget] = {}
        self.recommendation_rows: dict[int, dict[str, w.Widget]] = {}
        self.previous: dict[tuple[str, int], dict[str, w.Widget]] = {}
        self.notes: dict[str, dict[str, w.Textarea]] = {}
        self.note_form: dict[str, dict[str, w.Widget]] = {}
        self.focus: dict[str, w.Textarea] = {}
        self.progress: w.Dropdown | None = None
        self.service_of_concern: w.HTML | None = None
        self.case_review_note: w.Textarea | None = None

    def reload(self) -> None:
        """Rebuild every control from the store (after any waiting saves have landed)."""
        if not self.saver.flush():
            self.report("pending", "Not reloaded: changes are still waiting to be saved (retrying).")
            return
        for binding in getattr(self, "bindings", []):
            binding.widget.unobserve_all("value")
        self._reset()
        self.state: InspectionState = load_state(self.db, self.inspection_id)
        head = self.state.inspection
        style = w.HTML(EDITOR_CSS, layout=w.Layout(height="0px", margin="0"))
        style.add_class("wb-style")
        self.header = self._header(head)
        self.end_date = datepicker("Last day on site (sets the publication deadline, para 9)", "wb-end-date")
        self.bind(self.end_date, "inspection", self.inspection_id, "end_date", after=self._end_date_saved)
        parts: list[w.Widget] = [style, self.header, self.return_notes, self.readiness, self.end_date, self.status,
                                 self.reload_button]
        if head["inspection_type"] == "interim":
            parts += [progress_section(self), focus_section(self)]
            enquiries = self.state.lines_of_enquiry
        else:
            from workbench.rules import AREAS, load_framework

            framework = load_framework()
            parts += [area_panel(self, framework.area(key)) for key in AREAS]
            enquiries = [loe for loe in self.state.lines_of_enquiry if loe["area"] not in AREAS]
            self.update_caps()
        if enquiries:
            title = "Lines of enquiry" if head["inspection_type"] == "interim" else "Other lines of enquiry"
            parts.append(section([heading(title, self.level + 1)] + [enquiry_row(self, loe) for loe in enquiries],
                                 "wb-enquiries-section"))
        parts += [requirements_section(self), recommendations_section(self), previous_section(self),
                  notes_section(self, "outstanding_practice"), notes_section(self, "priority_for_improvement")]
        self.widget.children = parts
        self.update_readiness()
        if self.last_status[0] == "ready":
            self.report("ready", "Every change is saved as you make it.")

    def _header(self, head: dict[str, Any]) -> w.HTML:
        kind = "Interim inspection" if head["inspection_type"] == "interim" else "Full inspection"
        dates = f"{head['start_date']:%d %B %Y}"
        if head.get("end_date") and head["end_date"] != head["start_date"]:
            dates += f" to {head['end_date']:%d %B %Y}"
        deadline = head.get("publication_deadline")
        due = f"; the report must be published by {deadline:%d %B %Y} (para 9)" if deadline else ""
        level = self.level
        bar = f"{kind} {head['id']}" + (f", publish by {deadline:%d %B %Y}" if deadline else "")
        header = w.HTML(f"<h{level} data-wb-bar=\"{esc(bar)}\">{esc(kind)}: URN {esc(head['urn'])}</h{level}>"
                        f"<p>Inspection {head['id']}, on site "
                        f"{esc(dates)}{esc(due)}. Working as <strong>{esc(self.user)}</strong>.</p>")
        header.add_class("wb-header")
        return header

    def _end_date_saved(self, binding: FieldBinding) -> None:
        """A new last day on site moves the publication deadline and the feedback marks."""
        from workbench.rules.timings import publication_deadline
        from workbench.widgets.lists import feedback_badge

        head = self.state.inspection
        head["end_date"] = binding.base.value
        head["publication_deadline"] = publication_deadline(binding.base.value or head["start_date"])
        self.header.value = self._header(head).value
        for row in self.requirement_rows.values():
            row["badge"].value = feedback_badge(self, row["due_date"].value)

    def bind(self, widget: w.ValueWidget, kind: str, key: Any, field: str, base: Loaded | None = None,
             **options: Any) -> FieldBinding:
        """Bind a control to a stored field (loaded from the state unless `base` is given)."""
        binding = FieldBinding(self, widget, kind, key, field,
                               base if base is not None else self.state.loaded(kind, key, field), **options)
        self.bindings.append(binding)
        return binding

    def replay(self) -> None:
        """Save what an earlier session left waiting for the store (after a kernel restart, say)."""
        entries = self.spool.entries()
        for entry in entries:
            ident = (entry["kind"], entry["key"], entry["field"])
            if entry["kind"] == "descriptor":  # show the checklist the change was made in
                area = self.state.descriptors.get(entry["key"], {}).get("area") or entry["key"].split(".")[0]
                if area in self.checklist_toggle:
                    self.open_checklist(area)
            binding = next((b for b in self.bindings if (b.kind, b.key, b.field) == ident), None)
            if binding is None:  # a control not on this page (e.g. removed since): saved all the same
                binding = FieldBinding(self, w.Text(description=entry["field"]), *ident, Loaded(0, None),
                                       to_widget=lambda v: "" if v is None else str(v))
            binding.base = Loaded(entry["base_version"], entry["base_value"])
            value = entry["value"]
            self.saver.run(binding.ident, f"{binding.what} (entered before a restart)",
                           functools.partial(binding.save_value, value))
        if entries and not self.saver.pending:
            self.report(self.last_status[0], f"{len(entries)} change(s) entered before a restart were handled. "
                        + self.last_status[1])

    # ------------------------------------------------------------------ live rules
    def grades(self) -> dict[str, str | None]:
        """The grades as saved from this editor (and loaded from the store)."""
        out = dict(self.state.grades)
        for binding in self.bindings:
            if binding.kind == "judgement" and binding.field == "grade":
                out[binding.key] = binding.base.value
        return out

    def update_caps(self) -> None:
        """Show every area's cap and reasons (paras 13, 24-25, 37, 40, 42-43) for the current grades."""
        from workbench.rules import caps, grade_rank, load_framework

        framework = load_framework()
        grades = self.grades()
        for area, cap in caps(grades, self.state.facts).items():
            if area not in self.cap_message:
                continue
            given = grades.get(area)
            paras = ", ".join(dict.fromkeys(r.paragraph for r in cap.reasons))
            warning = ""
            if given is not None and grade_rank(given) < grade_rank(cap.max_grade):
                warning = (f"<p role=\"alert\" class=\"wb-violation\"><strong>Violation: the saved grade "
                           f"'{esc(framework.grade_label(given))}' is above the highest grade allowed, "
                           f"'{esc(framework.grade_label(cap.max_grade))}' (para {esc(paras)}). Lower it: the "
                           "report cannot be submitted while a grade is above its cap.</strong></p>")
            css, style = (("wb-capped", "border-left:5px solid #b58800;padding:0 0.6em") if cap.reasons
                          else ("wb-uncapped", "padding:0 0.6em"))
            shows = "".join(f"<li>{esc(line)}</li>" for line in self.state.fact_evidence.get(area, []))
            shows = f"<p>What the store shows:</p><ul>{shows}</ul>" if shows and cap.reasons else ""
            self.cap_message[area].value = (f"<div class=\"{css}\" style=\"{style}\">"
                                            f"<p>{esc(cap_text(cap))}</p>{shows}{warning}</div>")

    def update_readiness(self) -> None:
        """Re-read the submission checklist and any return notes from the store (after every save)."""
        from workbench.judgements.readiness import checklist
        from workbench.widgets.checklist import readiness_html, return_notes_html

        try:
            found = checklist(self.db, self.inspection_id)
        except Exception as error:  # a store briefly away: the checklist waits for the next save
            if not is_transient(error):
                raise
            return
        self.readiness.value = readiness_html(found, self.level)
        self.return_notes.value = return_notes_html(found)

    def update_advice(self, area: str) -> None:
        """Best-fit advice from the descriptor checklist (para 17)."""
        from workbench.judgements.caps import advice
        from workbench.rules import load_framework

        statuses = {key: d["status"] for key, d in self.state.descriptors.items() if d["area"] == area}
        for binding in self.bindings:
            if binding.kind == "descriptor" and binding.field == "status" and binding.base.value:
                if binding.key in statuses or load_framework().descriptor(binding.key).area == area:
                    statuses[binding.key] = binding.base.value
        grade, explanation = advice(statuses, area)
        label = load_framework().grade_label(grade) if grade else "no advice yet"
        if area in self.advice:
            self.advice[area].value = (f"<p><strong>Best fit (advice only, para 17): {esc(label)}.</strong> "
                                       f"{esc(explanation)}</p>")

    # ------------------------------------------------------------------ status and display
    def report(self, kind: str, message: str) -> None:
        """Show what happened to the last change (announced politely to screen readers)."""
        self.last_status = (kind, message)
        if kind == "saved" and hasattr(self, "state"):
            self.update_readiness()
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        colour = STATUS_COLOURS.get(kind, "#0b0c0c")
        self.status.value = (f"<div role=\"status\" aria-live=\"polite\" class=\"wb-status-{kind}\" "
                             f"style=\"border-left:5px solid {colour};padding:0.3em 0.6em\">"
                             f"<span>{stamp}</span> {esc(message)}</div>")

    def open_checklist(self, area: str) -> None:
        """Show an area's descriptor checklist (as pressing its button does)."""
        open_checklist(self, area)

    def flush(self) -> bool:
        """Retry anything waiting for the store now; True when everything is saved."""
        return self.saver.flush()

    def close(self) -> None:
        """Stop background retries and close the controls."""
        self.saver.close()
        self.widget.close()

    def summary(self) -> dict[str, Any]:
        """What the store holds for this inspection (JSON-ready)."""
        return summary(load_state(self.db, self.inspection_id))

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = plain_summary(self.summary())
        return bundle
