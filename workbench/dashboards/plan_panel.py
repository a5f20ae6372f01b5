"""The inspector dashboard's visit plan section: the home's latest visit plan, and a button that prepares it.

Preparing is `workbench prepare URN [--pdf]` from the page: the same production path
(`reports.produce_plan` -> `documents.plan_visit` -> `produce`: the pre-visit notebook through
papermill, its drafted lines of enquiry saved to the store as the person signed in, the HTML written
under ``WORKBENCH_PLANS``), for a visit today, of the open inspection's type (else full), with the PDF
when Chromium is there (`workbench.report.pdf.unavailable`; else the HTML alone, saying why). It
takes 10-20 seconds, so it runs in a thread: the page stays usable and says "Preparing…" meanwhile.
The accepted lines of enquiry go into the plan (para 11). A refusal is its one line; any other
failure one line on the page and the traceback in the server's log.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbench import html
from workbench.dashboards.reports import document_links, plan_file, produce_plan
from workbench.errors import UserError

log = logging.getLogger(__name__)
HEADING_ID = "wb-plan-heading"


class PlanPanel(widgets.VBox):
    """The latest visit plan of a home (links to its HTML and PDF) and the button that prepares it.

    `on_prepared` is called after a plan is prepared (the page's lines of enquiry redraw: preparing
    saves the drafted lines, as `workbench prepare` does).
    """

    def __init__(self, db: str, urn: str, user: str, on_prepared: Callable[[], None] | None = None) -> None:
        self.db, self.urn, self.user, self.on_prepared = db, urn, user, on_prepared
        self.worker: threading.Thread | None = None
        heading = widgets.HTML(str(html.tag("h2", "Visit plan", id=HEADING_ID)))
        intro = widgets.HTML(str(html.paragraph(
            f"The plan of a visit to {urn} today: the evidence picture, the lines of enquiry (accepted lines "
            "first, para 11) and the children to track, to read before the visit or print for use on site.",
            class_="wb-hint")))
        self.button = widgets.Button(description=f"Prepare the visit plan of {urn}", button_style="primary",
                                     tooltip="Run the pre-visit notebook and export the plan (HTML and PDF)",
                                     layout={"width": "auto"})
        self.button.add_class("wb-prepare-plan")
        self.button.on_click(lambda _b: self.start())
        self.latest = widgets.HTML()
        self.latest.add_class("wb-plan-latest")
        self.status = widgets.HTML()
        self.status.add_class("wb-plan-status")
        super().__init__([heading, intro, self.latest, widgets.HBox([self.button]), self.status])
        self.add_class("wb-plan-panel")
        self.show_latest()

    def show_latest(self, note: str = "") -> None:
        """The latest visit plan of the home (its visit date and links), or that there is none yet."""
        path = plan_file(self.urn)
        if path is None:
            self.latest.value = str(html.paragraph(f"No visit plan of {self.urn} has been prepared yet.",
                                                   class_="wb-empty"))
            return
        when = _visit_date(path)
        parts: list[Any] = [f"Latest visit plan (visit on {when}): ",
                            document_links(path, f"Visit plan of {self.urn} (HTML, opens in a new tab)",
                                           f"{self.urn}'s visit plan", kind="plans", css="wb-plan-link")]
        if note:
            parts.append(f" ({note})")
        self.latest.value = str(html.paragraph(html.join(parts)))

    def start(self) -> None:
        """Prepare the plan in a thread (the kernel keeps answering the page); "Preparing…" meanwhile."""
        if self.worker is not None and self.worker.is_alive():
            return
        self.button.disabled = True
        self.status.value = _status(f"Preparing the visit plan of {self.urn}… (about 10 to 20 seconds)")
        self.worker = threading.Thread(target=self.prepare, name=f"visit-plan-{self.urn}", daemon=True)
        self.worker.start()

    def prepare(self) -> Path | None:
        """Prepare the plan now, as `workbench prepare` does; the outcome is shown in one line."""
        self.button.disabled = True
        from workbench.report.pdf import unavailable

        no_pdf = unavailable()
        try:
            path = produce_plan(self.db, self.urn, self.user, pdf=no_pdf is None)
        except UserError as error:
            self.status.value = _status(f"No visit plan: {error.message}", "wb-error")
            return None
        except Exception:
            log.exception("preparing the visit plan of %s failed", self.urn)
            self.status.value = _status("No visit plan: it failed on the server (logged).", "wb-error")
            return None
        finally:
            self.button.disabled = False
        self.status.value = _status(f"Visit plan of {self.urn} prepared at {dt.datetime.now():%H:%M}; "
                                    "its lines of enquiry are saved.", "wb-success")
        self.show_latest(f"no PDF: {no_pdf}" if no_pdf else "")
        if self.on_prepared is not None:
            try:
                self.on_prepared()
            except Exception:  # the plan is there; the lines show on the next load
                log.exception("could not redraw the lines of enquiry of %s", self.urn)
        return path


def _status(text: str, class_: str = "") -> str:
    """A line announced to screen readers (role status)."""
    return str(html.tag("p", text, role="status", class_=class_ or None))


def _visit_date(path: Path) -> str:
    """The visit date of a plan's file (``visit-plan-<URN>-<YYYY-MM-DD>.html``) as people write it."""
    from workbench.analysis.periods import long_date

    try:
        return long_date(dt.date.fromisoformat(path.stem[-10:]))
    except ValueError:
        return path.stem[-10:]
