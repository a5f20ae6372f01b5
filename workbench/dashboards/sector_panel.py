"""The manager dashboard's sector panel: homes consistently outstanding, durability, transitions."""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets

from workbench import html
from workbench.analysis.sector_view import SectorView


def sector_panel(db: str | None, today: dt.date) -> widgets.Widget:
    """The sector picture of the store on `today` as one HTML widget (computed once per page)."""
    view = SectorView.open(db, today)
    body = html.join([html.heading("The sector"), view.panel()])
    panel = widgets.HTML(str(body))
    panel.add_class("wb-sector")
    return panel
