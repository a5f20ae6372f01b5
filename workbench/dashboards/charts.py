"""Charts for the dashboards (matplotlib's Agg canvas through `Figure`, no pyplot state; PNG with alt text)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from workbench import html
from workbench.rules import grade_labels

#: GOV.UK colours of the grades (as the wb-tag--<grade> classes of the templates).
_COLOURS = {"outstanding": "#00703c", "good": "#1d70b8", "requires_improvement": "#f47738", "inadequate": "#d4351c"}


def grade_distribution(table: pd.DataFrame, by_label: str) -> html.Fragment:
    """A stacked horizontal bar chart of homes by `by_label` and overall grade, with a text alternative."""
    if table.empty or int(table.to_numpy().sum()) == 0:
        return html.paragraph(f"No judged homes to chart by {by_label.lower()} for these filters.", class_="wb-empty")
    height = max(1.6, 0.32 * len(table.index) + 0.9)
    fig = Figure(figsize=(5.2, height))
    ax = fig.add_subplot()
    colours = {grade_labels()[key]: colour for key, colour in _COLOURS.items()}
    left = pd.Series(0, index=table.index)
    for grade in table.columns:
        ax.barh(table.index.astype(str), table[grade], left=left, label=grade, color=colours.get(grade, "#505a5f"))
        left = left + table[grade]
    ax.invert_yaxis()
    ax.set_xlabel("Homes")
    ax.spines[["top", "right"]].set_visible(False)
    # the legend outside the axes (above them), so it never covers a bar (the saved image is cropped to fit it)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.02), ncols=2, fontsize="small", frameon=False,
              borderaxespad=0.0)
    summary = "; ".join(
        f"{index}: " + ", ".join(f"{int(row[g])} {g.lower()}" for g in table.columns if int(row[g]))
        for index, row in table.iterrows()
    )
    alt = f"Latest overall judgements by {by_label.lower()}. {summary}"
    numbers = [[str(index), *[int(row[g]) for g in table.columns], int(row.sum())] for index, row in table.iterrows()]
    return html.join([html.figure(fig, alt=alt, caption=f"Latest overall judgement by {by_label.lower()}"),
                      numbers_table(numbers, [by_label, *[str(g) for g in table.columns], "Total"],
                                    f"Latest overall judgement by {by_label.lower()}")])


def numbers_table(rows: list[list[object]], headers: list[str], title: str) -> html.Fragment:
    """A chart's numbers as a table, folded under the chart (open it to read or copy them)."""
    return html.tag("details", html.join([
        html.tag("summary", f"{title}: the numbers as a table"),
        html.table(rows, headers, caption=title, row_headers=True, class_="wb-table"),
    ]), class_="wb-chart-table")
