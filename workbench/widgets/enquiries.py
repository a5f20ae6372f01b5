"""A line of enquiry from the pre-visit step, shown beside the area it informs and closed with a finding."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from workbench.errors import UserError
from workbench.judgements import Loaded, SaveRefused, close_line_of_enquiry
from workbench.widgets.binding import blank_to_none, none_to_blank
from workbench.widgets.common import button, esc, textarea

if TYPE_CHECKING:  # pragma: no cover
    from workbench.widgets.editor import InspectionEditor


def _status_html(loe: dict[str, Any], status: str) -> str:
    return (f"<p><strong>Line of enquiry</strong> ({esc(loe.get('priority') or 'medium')} priority; "
            f"<span class=\"wb-loe-state\">{esc(status)}</span>): {esc(loe['question'])}</p>")


def enquiry_row(editor: InspectionEditor, loe: dict[str, Any]) -> w.VBox:
    """The question, a finding box (saved as typed) and a button closing the line with the finding."""
    ident = int(loe["id"])
    head = w.HTML(_status_html(loe, loe["status"]), layout=w.Layout(width="100%", max_width="60em"))
    finding = textarea(f"Finding (line of enquiry {ident})", f"wb-loe-finding-{ident}", rows=3)
    binding = editor.bind(finding, "line_of_enquiry", ident, "finding", to_store=blank_to_none,
                          to_widget=none_to_blank)
    close = button(f"Close line of enquiry {ident} with this finding", f"wb-loe-close-{ident}",
                   tooltip=f"Close line of enquiry {ident} with the finding above")
    close.disabled = loe["status"] == "closed"
    editor.loe_finding[ident] = finding
    editor.loe_close[ident] = close
    editor.loe_status[ident] = head

    def _close_now() -> None:
        try:
            saved = close_line_of_enquiry(editor.db, editor.inspection_id, ident, finding.value, binding.base,
                                          editor.user)
        except SaveRefused as refusal:
            editor.report("refused", str(refusal))
            return
        except UserError as mistake:
            editor.report("refused", f"Not closed: {mistake}")
            return
        binding.base = Loaded(saved.version, finding.value)
        head.value = _status_html(loe, "closed")
        close.disabled = True
        editor.report("saved", f"Closed line of enquiry {ident} with its finding.")

    close.on_click(lambda _b: editor.saver.run(("close", ident), f"closing line of enquiry {ident}", _close_now))
    return w.VBox([head, finding, close], layout=w.Layout(margin="0 0 0.8em 1em"))
