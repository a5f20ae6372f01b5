"""Charts for the dashboards (matplotlib, embedded as PNG with alt text)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from workbench import html  # noqa: E402

GRADE_COLOURS = {
    "Outstanding": "#00703c",
    "Good": "#1d70b8",
    "Requires improvement": "#f47738",
    "Inadequate": "#d4351c",
}


def grade_distribution(table: pd.DataFrame, by_label: str) -> html.Fragment:
    """A stacked horizontal bar chart of homes by `by_label` and overall grade, with a text alternative."""
    if table.empty or int(table.to_numpy().sum()) == 0:
        return html.paragraph(f"No judged homes to chart by {by_label.lower()} for these filters.", class_="wb-empty")
    height = max(1.6, 0.32 * len(table.index) + 0.9)
    fig, ax = plt.subplots(figsize=(5.2, height))
    left = pd.Series(0, index=table.index)
    for grade in table.columns:
        ax.barh(table.index.astype(str), table[grade], left=left, label=grade, color=GRADE_COLOURS.get(grade, "#505a5f"))
        left = left + table[grade]
    ax.invert_yaxis()
    ax.set_xlabel("Homes")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower right", fontsize="small", frameon=False)
    summary = "; ".join(
        f"{index}: " + ", ".join(f"{int(row[g])} {g.lower()}" for g in table.columns if int(row[g]))
        for index, row in table.iterrows()
    )
    alt = f"Latest overall judgements by {by_label.lower()}. {summary}"
    return html.figure(fig, alt=alt, caption=f"Latest overall judgement by {by_label.lower()}")


def monthly_counts(frame: pd.DataFrame, title: str, alt_prefix: str) -> html.Fragment:
    """A column chart of counts per month (index: month start dates; one column per category)."""
    if frame.empty:
        return html.paragraph(f"{title}: none recorded in the period.", class_="wb-empty")
    fig, ax = plt.subplots(figsize=(6.4, 2.4))
    bottom = pd.Series(0, index=frame.index)
    labels = [d.strftime("%b %y") for d in frame.index]
    for column in frame.columns:
        ax.bar(labels, frame[column], bottom=bottom, label=str(column))
        bottom = bottom + frame[column]
    ax.set_ylabel("Count")
    ax.tick_params(axis="x", labelrotation=90, labelsize="small")
    ax.spines[["top", "right"]].set_visible(False)
    if len(frame.columns) > 1:
        ax.legend(fontsize="x-small", frameon=False, ncols=2)
    total = int(frame.to_numpy().sum())
    alt = f"{alt_prefix}: {total} in {len(frame.index)} months, " + ", ".join(
        f"{col} {int(frame[col].sum())}" for col in frame.columns
    )
    return html.figure(fig, alt=alt, caption=title)


def judgement_history(table: pd.DataFrame) -> html.Fragment:
    """Overall grades of past full inspections over time (a dot per inspection, grades on the y axis)."""
    ranks = {"inadequate": 1, "requires_improvement": 2, "good": 3, "outstanding": 4}
    rows = table[table["overall"].isin(ranks)]
    if rows.empty:
        return html.paragraph("No overall judgement on record yet.", class_="wb-empty")
    fig, ax = plt.subplots(figsize=(4.2, 2.4))
    dates = pd.to_datetime(rows["start_date"])
    values = rows["overall"].map(ranks)
    ax.plot(dates, values, marker="o", color="#1d70b8")
    ax.set_yticks(list(ranks.values()), ["Inadequate", "Requires impr.", "Good", "Outstanding"])
    ax.set_ylim(0.5, 4.5)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelrotation=45, labelsize="small")
    alt = "Overall judgements: " + "; ".join(
        f"{d.date().isoformat()} {g.replace('_', ' ')}" for d, g in zip(dates, rows["overall"], strict=True)
    )
    return html.figure(fig, alt=alt, caption="Overall judgement at each full inspection")
