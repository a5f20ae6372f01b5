"""Small builders of escaped HTML fragments for notebook outputs (reports, visit plans).

Every value is escaped with MarkupSafe unless it is already `Markup` built here, so text
a person typed (evidence, requirements, names) is shown as text, never run.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from markupsafe import Markup, escape


class Fragment(Markup):
    """HTML that displays as itself in Jupyter, Voila and nbconvert."""

    def _repr_html_(self) -> str:
        return str(self)


def join(parts: Iterable[Any]) -> Fragment:
    """Concatenate fragments and (escaped) texts."""
    return Fragment("").join(escape(part) for part in parts)


def tag(name: str, content: Any = "", **attributes: Any) -> Fragment:
    """An element; attribute names use ``class_`` for ``class``; content is escaped."""
    attrs = "".join(
        f' {key.rstrip("_").replace("_", "-")}="{escape(value)}"' for key, value in attributes.items() if value is not None
    )
    return Fragment(f"<{name}{attrs}>{escape(content)}</{name}>")


def heading(text: Any, level: int = 2) -> Fragment:
    """A heading h1..h4."""
    return tag(f"h{level}", text)


def paragraph(text: Any, class_: str | None = None) -> Fragment:
    """A paragraph; line breaks in user text are kept by CSS (wb-user-text)."""
    return tag("p", text, class_=class_)


def user_text(text: str | None, empty: str = "Not recorded.") -> Fragment:
    """Text a person typed, escaped, with its line breaks kept."""
    if not text or not str(text).strip():
        return paragraph(empty)
    return tag("div", text, class_="wb-user-text")


def table(
    rows: Sequence[Sequence[Any]],
    headers: Sequence[str],
    caption: str | None = None,
    row_headers: bool = False,
    class_: str | None = None,
) -> Fragment:
    """A table with header cells (scope=col; first cell of each row scope=row if `row_headers`)."""
    head = join(tag("th", h, scope="col") for h in headers)
    body_rows = []
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if row_headers and index == 0:
                cells.append(tag("th", value, scope="row"))
            else:
                cells.append(tag("td", value))
        body_rows.append(tag("tr", join(cells)))
    parts = [tag("caption", caption)] if caption else []
    parts += [tag("thead", tag("tr", head)), tag("tbody", join(body_rows))]
    return tag("table", join(parts), class_=class_)


def summary_list(items: Iterable[tuple[str, Any]]) -> Fragment:
    """A definition list of label/value pairs (the GOV.UK summary list)."""
    return tag("dl", join(join([tag("dt", k), tag("dd", v)]) for k, v in items), class_="wb-summary-list")


def grade_tag(grade: str | None, label: str | None = None) -> Fragment:
    """A coloured tag for a grade key (outstanding|good|requires_improvement|inadequate)."""
    if not grade:
        return tag("span", label or "Not judged", class_="wb-tag")
    return tag("span", label or grade.replace("_", " ").capitalize(), class_=f"wb-tag wb-tag--{grade}")


@contextmanager
def plain_text(fig: Any) -> Iterator[None]:
    """Every text of `fig` drawn as typed, never as mathtext: an imported value such as ``$\\x$``
    (a region, a sector, a category) must show as text, not break the chart or restyle it.

    Texts made so far are switched off one by one; texts matplotlib makes while drawing (tick
    labels) inherit ``text.parse_math`` off from the context. Every chart is saved through here.
    """
    import matplotlib
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_parse_math(False)
    with matplotlib.rc_context({"text.parse_math": False, "text.usetex": False}):
        yield


def figure(fig: Any, alt: str, caption: str | None = None) -> Fragment:
    """A matplotlib figure embedded as a PNG data URI with alt text (static in the HTML export)."""
    buffer = io.BytesIO()
    with plain_text(fig):
        fig.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    try:
        import matplotlib.pyplot as plt

        plt.close(fig)
    except Exception:  # pragma: no cover - matplotlib always present here
        pass
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    img = Fragment(f'<img class="wb-figure" src="data:image/png;base64,{data}" alt="{escape(alt)}">')
    if caption:
        return tag("figure", join([img, tag("figcaption", caption)]))
    return img
