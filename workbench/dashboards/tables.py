"""A long table for the dashboards: column headers sort, rows are paged, in the kernel (no page reload).

Only the current page of rows is sent to the browser (a 3,000-home store has thousands of rows).
A column header is a button; the page's script (templates/voila/.../workbench-page.js) passes
the click to the kernel through the table's hidden ``.wb-sort-request`` text box; a second
click on the same header reverses the order. A column may sort by another field (``sort``),
e.g. a status by its urgency rather than alphabetically. Dates sort as dates. Cells are escaped;
a cell may be a `Fragment` built by our escaped builders (a link, a grade tag).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbench import html

PAGE_SIZE = 25


@dataclass(frozen=True)
class Column:
    """One column: the DataFrame field, its heading, how a value is shown (escaped), what it sorts by."""

    field: str
    label: str
    show: Callable[[Any, Any], Any] | None = None  # (value, row) -> text or Fragment
    sort: str | None = None  # the field to sort by instead of `field`


def _text(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return value


class SortableTable(widgets.VBox):
    """An escaped HTML table with sorting headers and pages; `update(frame)` replaces the rows (filters)."""

    def __init__(self, columns: Sequence[Column], caption: str, css: str, sort_by: str | None = None,
                 descending: bool = False, empty: str = "Nothing to show for these filters.",
                 name: str = "the table", page_size: int = PAGE_SIZE) -> None:
        self.columns = list(columns)
        self.caption = caption
        self.empty = empty
        self.name = name
        self.page_size = page_size
        self.frame = pd.DataFrame()
        self.sort_field = sort_by or self.columns[0].field
        self.descending = descending
        self.page = 0
        self.request = widgets.Text(description=f"Sort {name} by", layout={"display": "none"})
        self.request.add_class("wb-sort-request")
        self.request.observe(self._requested, names="value")
        self.body = widgets.HTML()
        self.previous = widgets.Button(description=f"Previous page of {name}", layout={"width": "auto"})
        self.next = widgets.Button(description=f"Next page of {name}", layout={"width": "auto"})
        self.position = widgets.HTML()
        self.previous.add_class("wb-page-previous")
        self.next.add_class("wb-page-next")
        self.position.add_class("wb-page-position")
        self.previous.on_click(lambda _b: self.go(self.page - 1))
        self.next.on_click(lambda _b: self.go(self.page + 1))
        self.pager = widgets.HBox([self.previous, self.position, self.next])
        self.pager.add_class("wb-pager")
        super().__init__([self.request, self.body, self.pager])
        self.add_class(css)
        self.add_class("wb-sortable")

    # ------------------------------------------------------------ state
    def update(self, frame: pd.DataFrame) -> None:
        """Show these rows (from the first page), kept in the chosen order."""
        self.frame = frame
        self.page = 0
        self._render()

    def sort(self, field: str, descending: bool | None = None) -> None:
        """Sort by `field`; without a direction, a second sort by the same field reverses it."""
        if field not in {c.field for c in self.columns}:
            return
        if descending is None:
            descending = (not self.descending) if field == self.sort_field else False
        self.sort_field, self.descending, self.page = field, descending, 0
        self._render()

    def go(self, page: int) -> None:
        """Show page `page` (0-based, clamped)."""
        self.page = max(0, min(page, self.pages - 1))
        self._render()

    @property
    def pages(self) -> int:
        """How many pages the rows fill (at least one)."""
        return max(1, -(-len(self.frame) // self.page_size))

    def _requested(self, change: Any) -> None:
        value = str(change["new"] or "")
        if value:
            self.sort(value.split("|", 1)[0])

    def sorted_frame(self) -> pd.DataFrame:
        """All the rows in the chosen order (blanks last)."""
        if self.frame.empty:
            return self.frame
        column = next(c for c in self.columns if c.field == self.sort_field)
        key = column.sort or column.field
        values = self.frame[key].map(lambda v: ", ".join(v) if isinstance(v, list) else v)
        order = values.sort_values(ascending=not self.descending, na_position="last", kind="stable").index
        return self.frame.loc[order]

    # ------------------------------------------------------------ drawing
    def _head(self) -> html.Fragment:
        cells = []
        for column in self.columns:
            sorted_here = column.field == self.sort_field
            state = ("descending" if self.descending else "ascending") if sorted_here else "none"
            label = html.join([column.label, html.tag("span", f" (sorted {state})" if sorted_here else
                                                      " (select to sort)", class_="wb-visually-hidden")])
            arrow = (" \u25bc" if self.descending else " \u25b2") if sorted_here else ""
            button = html.tag("button", html.join([label, html.tag("span", arrow, **{"aria_hidden": "true"})]),
                              type="button", class_="wb-sort-header", **{"data_field": column.field})
            cells.append(html.tag("th", button, scope="col", **{"aria_sort": state}))
        return html.tag("thead", html.tag("tr", html.join(cells)))

    def html(self) -> html.Fragment:
        """The current page of the table as escaped HTML."""
        frame = self.sorted_frame()
        if frame.empty:
            return html.paragraph(self.empty, class_="wb-empty")
        shown = frame.iloc[self.page * self.page_size:(self.page + 1) * self.page_size]
        rows = []
        for row in shown.to_dict("records"):
            cells = [c.show(row[c.field], row) if c.show else _text(row[c.field]) for c in self.columns]
            rows.append(html.tag("tr", html.join(html.tag("td", v) for v in cells)))
        caption = f"{self.caption} ({len(frame)})"
        return html.tag("table", html.join([html.tag("caption", caption), self._head(),
                                            html.tag("tbody", html.join(rows))]), class_="wb-table")

    def _render(self) -> None:
        self.body.value = str(self.html())
        first = self.page * self.page_size + 1
        last = min(len(self.frame), (self.page + 1) * self.page_size)
        self.position.value = str(html.tag("span", f"Page {self.page + 1} of {self.pages} (rows {first}-{last} of "
                                                   f"{len(self.frame)})" if len(self.frame) else "",
                                           role="status"))
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= self.pages - 1
        self.pager.layout.display = "flex" if self.pages > 1 else "none"
