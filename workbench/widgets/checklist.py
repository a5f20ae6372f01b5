"""The readiness checklist beside the form ("3 things before you can submit") and the return notes.

Both are read from the store after every save (`workbench.judgements.readiness.checklist`), so they
follow what everyone has entered and any change of the store's facts.
"""

from __future__ import annotations

from workbench.judgements.readiness import Checklist
from workbench.widgets.common import esc


def readiness_html(found: Checklist, level: int) -> str:
    """The checklist: what is still needed before submission, or where the report is in its review."""
    h = min(level + 1, 6)
    if found.readiness is None:
        label = found.status.replace("_", " ")
        return (f"<div class=\"wb-readiness wb-readiness--frozen\" data-wb-bar=\"Report {esc(label)}\" "
                "role=\"status\" aria-live=\"polite\" "
                f"style=\"border-left:5px solid #505a5f;padding:0 0.6em\"><h{h}>Report {esc(label)}</h{h}>"
                "<p>The record is frozen while the report is reviewed; a manager may return it with notes.</p></div>")
    ready = found.readiness
    colour = "#00703c" if ready.ready else "#b58800"
    items = "".join(f"<li>{esc(reason)}</li>" for reason in ready.reasons)
    body = f"<ul>{items}</ul>" if items else "<p>Everything the submission gate checks is in place.</p>"
    return (f"<div class=\"wb-readiness\" data-wb-bar=\"{esc(ready.headline())}\" role=\"status\" aria-live=\"polite\" "
            f"style=\"border-left:5px solid {colour};padding:0 0.6em\"><h{h}>{esc(ready.headline())}</h{h}>"
            f"{body}</div>")


def return_notes_html(found: Checklist) -> str:
    """The notes of the manager's return, shown until the report is submitted again ('' if none)."""
    event = found.returned
    if event is None:
        return ""
    return (f"<div class=\"wb-return-notes\" role=\"note\" style=\"border-left:5px solid #d4351c;padding:0 0.6em\">"
            f"<p><strong>Returned by {esc(event.by)} on {event.at:%d %B %Y at %H:%M} UTC:</strong></p>"
            f"<p>{esc(event.notes or '(no notes)')}</p></div>")
