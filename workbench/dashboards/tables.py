"""A table that sorts: a "sort by" choice and a direction, re-rendered in the kernel (no page reload).

Cells are escaped by `workbench.html.table`; a cell may be a `Fragment` built by our
escaped builders (a link, a grade tag).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbench import html


@dataclass(frozen=True)
class Column:
    """One column: the DataFrame field, its heading, and how a value is shown (escaped)."""

    field: str
    label: str
    show: Callable[[Any, Any], Any] | None = None  # (value, row) -> text or Fragment


def _text(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return value


class SortableTable(widgets.VBox):
    """An escaped HTML table with sort controls; `update(frame)` replaces the rows (filters)."""

    def __init__(self, columns: Sequence[Column], caption: str, css: str, sort_by: str | None = None,
                 descending: bool = False, empty: str = "Nothing to show for these filters.") -> None:
        self.columns = list(columns)
        self.caption = caption
        self.empty = empty
        self.frame = pd.DataFrame()
        options = [(c.label, c.field) for c in self.columns]
        self.sort_by = widgets.Dropdown(options=options, value=sort_by or self.columns[0].field,
                                        description="Sort by", style={"description_width": "initial"})
        self.direction = widgets.ToggleButtons(options=[("Ascending", False), ("Descending", True)],
                                               value=descending, description="Order",
                                               style={"description_width": "initial", "button_width": "auto"})
        self.sort_by.add_class("wb-sort-by")
        self.direction.add_class("wb-sort-order")
        self.body = widgets.HTML()
        self.sort_by.observe(self._render, names="value")
        self.direction.observe(self._render, names="value")
        super().__init__([widgets.HBox([self.sort_by, self.direction]), self.body])
        self.add_class(css)
        self.add_class("wb-sortable")

    def update(self, frame: pd.DataFrame) -> None:
        """Show these rows, kept in the chosen order."""
        self.frame = frame
        self._render()

    def sorted_frame(self) -> pd.DataFrame:
        """The rows in the chosen order (blanks last)."""
        if self.frame.empty:
            return self.frame
        key = self.sort_by.value
        values = self.frame[key].map(lambda v: ", ".join(v) if isinstance(v, list) else v)
        order = values.sort_values(ascending=not self.direction.value, na_position="last", kind="stable").index
        return self.frame.loc[order]

    def html(self) -> html.Fragment:
        """The table as escaped HTML."""
        frame = self.sorted_frame()
        if frame.empty:
            return html.paragraph(self.empty, class_="wb-empty")
        rows = []
        for _, row in frame.iterrows():
            rows.append([c.show(row[c.field], row) if c.show else _text(row[c.field]) for c in self.columns])
        return html.table(rows, [c.label for c in self.columns], caption=f"{self.caption} ({len(frame)})",
                          class_="wb-table")

    def _render(self, _change: Any = None) -> None:
        self.body.value = str(self.html())
