"""The manager dashboard's sector panel: homes consistently outstanding, durability, transitions.

The picture reads every home's full inspections (about half a second on a 3,000-home store), so it
is computed once per store mark (`workbench.dashboards.freshness.mark`) in each kernel: a preheated
kernel computes it before any request, and a page loaded after a change to the store recomputes it.
"""

from __future__ import annotations

import datetime as dt
import threading

import ipywidgets as widgets

from workbench import html
from workbench.analysis.sector_view import SectorView

_lock = threading.Lock()
_cache: dict[tuple[str | None, dt.date], tuple[tuple[object, ...], str]] = {}


def panel_html(db: str | None, today: dt.date, mark: tuple[object, ...]) -> str:
    """The panel's HTML for the store under `mark` (reused while the mark holds)."""
    with _lock:
        cached = _cache.get((db, today))
        if cached is not None and cached[0] == mark:
            return cached[1]
        view = SectorView.open(db, today)
        body = str(html.join([html.heading("The sector"), view.panel()]))
        _cache[(db, today)] = (mark, body)
        return body


def sector_panel(db: str | None, today: dt.date, mark: tuple[object, ...] | None = None,
                 body: str | None = None) -> widgets.Widget:
    """The sector picture of the store on `today` as one HTML widget (`body`: its HTML, made already)."""
    if body is None:
        if mark is None:
            from workbench.dashboards.freshness import mark as store_mark

            mark = store_mark(db)
        body = panel_html(db, today, mark)
    panel = widgets.HTML(body)
    panel.add_class("wb-sector")
    return panel
