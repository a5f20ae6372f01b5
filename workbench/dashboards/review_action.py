"""A review action (submit, approve, return) taken on a dashboard: the new status, or why not, as page HTML.

The change goes through `workbench.report.status.change` (gated, audited); a refusal becomes one
message for the page: the gate's reasons listed, a user error's line, or "the store could not be
reached" (the error logged on the server). Every text shown is escaped.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from workbench import html
from workbench.errors import UserError

if TYPE_CHECKING:
    from workbench.report.status import ReviewStatus

log = logging.getLogger(__name__)

#: How a refused action starts its message.
NOT_DONE = {"submit": "Not submitted", "approve": "Not approved", "return": "Not returned"}


def reasons_list(lead: str, reasons: Iterable[str]) -> html.Fragment:
    """An error line and the reasons under it (class ``wb-gate-reasons``)."""
    return html.join([html.paragraph(lead, class_="wb-error"),
                      html.tag("ul", html.join(html.tag("li", reason) for reason in reasons),
                               class_="wb-gate-reasons")])


def take_action(urn: str, inspection_id: int | None, action: str, user: str | None, db: str | None, *, notes: str | None = None,
          today: dt.date | None = None) -> tuple[ReviewStatus | None, str]:
    """Apply `action` if its gate allows: ``(new status, "")``, or ``(None, the refusal as HTML)``."""
    from workbench.report.status import GateRefused, change

    not_done = NOT_DONE.get(action, "Not saved")
    try:
        return change(urn, inspection_id, action, user, db, notes=notes, today=today), ""
    except GateRefused as refused:
        return None, str(reasons_list(f"{not_done}: {len(refused.reasons)} thing(s) to do first (nothing was "
                                      "changed):", refused.reasons))
    except UserError as error:
        return None, str(html.paragraph(f"{not_done}: {error.message}", class_="wb-error"))
    except Exception:
        log.exception("%s of %s inspection %s failed", action, urn, inspection_id)
        return None, str(html.paragraph(f"{not_done}: the store could not be reached (logged on the server); "
                                        "try again in a moment.", class_="wb-error"))
