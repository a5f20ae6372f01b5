"""Small helpers shared by the judgement widgets: escaped HTML, headings, labelled controls."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

LABEL_STYLE = {"description_width": "initial"}


def stacked(width: str = "100%") -> w.Layout:
    """Label above its control (long labels stay whole; works the same in JupyterLab and Voila)."""
    return w.Layout(width=width, max_width="60em", height="auto", flex_flow="column", align_items="stretch")


def wide() -> w.Layout:
    """A block as wide as the reading column."""
    return w.Layout(width="100%", max_width="60em")


def esc(text: Any) -> str:
    """Text a person typed, made safe to show as HTML (never interpreted)."""
    return html.escape("" if text is None else str(text), quote=True)


def heading(text: str, level: int = 2, css: str | None = None) -> w.HTML:
    """An HTML heading (screen readers navigate by these)."""
    widget = w.HTML(f"<h{level}>{esc(text)}</h{level}>")
    if css:
        widget.add_class(css)
    return widget


def para(text: str, css: str | None = None, small: bool = False) -> w.HTML:
    """A paragraph of escaped text."""
    style = ' style="font-size:90%"' if small else ""
    widget = w.HTML(f"<p{style}>{esc(text)}</p>", layout=wide())
    if css:
        widget.add_class(css)
    return widget


def textarea(description: str, css: str, rows: int = 4, placeholder: str = "") -> w.Textarea:
    """A labelled multi-line box saved when it loses focus (not on every key)."""
    widget = w.Textarea(description=description, placeholder=placeholder, rows=rows, continuous_update=False,
                        layout=stacked(), style=LABEL_STYLE, tooltip=description)
    widget.add_class(css)
    return widget


def textbox(description: str, css: str, placeholder: str = "") -> w.Text:
    """A labelled one-line box saved on Enter or when it loses focus."""
    widget = w.Text(description=description, placeholder=placeholder, continuous_update=False,
                    layout=stacked(), style=LABEL_STYLE, tooltip=description)
    widget.add_class(css)
    return widget


def dropdown(description: str, options: list[tuple[str, Any]], css: str) -> w.Dropdown:
    """A labelled choice (a native select: arrow keys and type-ahead work)."""
    widget = w.Dropdown(description=description, options=options, layout=stacked("32em"),
                        style=LABEL_STYLE, tooltip=description)
    widget.add_class(css)
    return widget


def datepicker(description: str, css: str) -> w.DatePicker:
    """A labelled date (the browser's own date control)."""
    widget = w.DatePicker(description=description, style=LABEL_STYLE, tooltip=description,
                          layout=stacked("32em"))
    widget.add_class(css)
    return widget


def button(description: str, css: str, tooltip: str | None = None) -> w.Button:
    """A labelled button (Tab to reach, Enter or Space to press)."""
    widget = w.Button(description=description, tooltip=tooltip or description,
                      layout=w.Layout(width="auto", align_self="flex-start"))
    widget.add_class(css)
    return widget


def section(children: list[w.Widget], css: str) -> w.VBox:
    """A block of the page with a stable CSS class for tests and styling."""
    box = w.VBox(children, layout=w.Layout(margin="0 0 1.5em 0", padding="0.5em",
                                           border="1px solid #b1b4b6"))
    box.add_class("wb-section")
    box.add_class(css)
    return box
