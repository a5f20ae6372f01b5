"""Static charts for the visit plan (matplotlib's Agg canvas; no pyplot state, no display side effects).

matplotlib is imported with this module (not in a cell), so a warm batch worker that has imported
the visit plan does not pay for it per home.

Each function returns an escaped HTML figure (PNG data URI with alt text) via
`workbench.html.figure`, or None when there is nothing to draw.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure  # no pyplot: no backend, no global figure state
from matplotlib.ticker import MaxNLocator

from workbench.analysis.notifications import label
from workbench.analysis.periods import Periods
from workbench.html import Fragment, figure
from workbench.rules import AREAS, GRADES, area_titles, grade_labels

PALETTE = ("#1d70b8", "#d4351c", "#f47738", "#4c2c92", "#00703c", "#b58840", "#5694ca", "#6f72af", "#505a5f")



def _figure(width: float = 8.0, height: float = 3.2):
    fig = Figure(figsize=(width, height))
    return fig, fig.add_subplot()


def _style(ax, integer: bool = True) -> None:
    if integer:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=9)


def _mark_inspection(ax, months: pd.PeriodIndex, periods: Periods) -> None:
    start = pd.Period(pd.Timestamp(periods.current.start), freq="M")
    if periods.previous is not None and start in months:
        x = list(months).index(start) - 0.5
        ax.axvline(x, color="#0b0c0c", linewidth=1, linestyle="--")
        ax.annotate("last full inspection", (x, ax.get_ylim()[1]), fontsize=7, ha="left", va="top",
                    xytext=(3, 0), textcoords="offset points")


def notifications_chart(monthly: pd.DataFrame, periods: Periods) -> Fragment | None:
    """Monthly notifications stacked by category, with the last full inspection marked."""
    if monthly.empty or monthly.to_numpy().sum() == 0:
        return None
    fig, ax = _figure()
    bottom = pd.Series(0, index=range(len(monthly)))
    for index, category in enumerate(monthly.columns):
        values = monthly[category].to_numpy()
        ax.bar(range(len(monthly)), values, bottom=bottom.to_numpy(), color=PALETTE[index % len(PALETTE)],
               label=label(category), width=0.85)
        bottom = bottom + values
    ticks = [i for i, m in enumerate(monthly.index) if m.month in (1, 4, 7, 10)]
    ax.set_xticks(ticks, [monthly.index[i].strftime("%b %Y") for i in ticks], rotation=0)
    ax.set_ylabel("Notifications per month", fontsize=8)
    ax.legend(fontsize=7, frameon=False, ncols=min(4, len(monthly.columns)), loc="upper left",
              bbox_to_anchor=(0, -0.12))
    _style(ax)
    _mark_inspection(ax, monthly.index, periods)
    total = int(monthly.to_numpy().sum())
    alt = (f"Bar chart of notifications per month from {monthly.index[0].strftime('%B %Y')} to "
           f"{monthly.index[-1].strftime('%B %Y')}, {total} in all, stacked by category: " +
           ", ".join(f"{label(c)} {int(monthly[c].sum())}" for c in monthly.columns) + ".")
    return figure(fig, alt, "Notifications per month by category; the dashed line marks the last full inspection.")


def incidents_chart(missing: pd.Series, restraint: pd.Series) -> Fragment | None:
    """Missing episodes and restraint per quarter."""
    if int(missing.sum()) == 0 and int(restraint.sum()) == 0:
        return None
    fig, ax = _figure(8.0, 2.6)
    x = range(len(missing))
    ax.plot(x, missing.to_numpy(), marker="o", color=PALETTE[0], label="Missing from the home")
    ax.plot(x, restraint.reindex(missing.index, fill_value=0).to_numpy(), marker="s", color=PALETTE[1],
            label="Restraint")
    ax.set_xticks(list(x), [f"Q{q.quarter} {q.year}" for q in missing.index], rotation=45, ha="right")
    ax.set_ylabel("Per quarter", fontsize=8)
    ax.legend(fontsize=7, frameon=False)
    _style(ax)
    alt = ("Line chart per quarter: missing episodes " + ", ".join(str(int(v)) for v in missing.to_numpy())
           + "; restraint " + ", ".join(str(int(v)) for v in restraint.reindex(missing.index, fill_value=0).to_numpy())
           + ".")
    return figure(fig, alt, "Missing episodes and restraint per quarter.")


def judgements_chart(table: pd.DataFrame) -> Fragment | None:
    """Grades of full inspections over time, one line per area."""
    fulls = table[table["inspection_type"] == "full"] if not table.empty else table
    if fulls.empty or not any(fulls[a].notna().any() for a in AREAS if a in fulls):
        return None
    fig, ax = _figure(8.0, 2.6)
    dates = pd.to_datetime(fulls["start_date"])
    levels_of = {grade: len(GRADES) - rank for rank, grade in enumerate(GRADES)}  # worst 1 .. best 4
    for index, (area, name) in enumerate(area_titles().items()):
        if area not in fulls:
            continue
        levels = fulls[area].map(levels_of)
        ax.plot(dates, levels + (index - 1.5) * 0.04, marker="o", color=PALETTE[index], label=name)
    ax.set_yticks(list(range(1, len(GRADES) + 1)), list(reversed(grade_labels().values())))
    ax.set_ylim(0.6, 4.4)
    pad = max(pd.Timedelta(days=120), (dates.max() - dates.min()) * 0.05)  # a lone inspection is not lost in years
    ax.set_xlim(dates.min() - pad, dates.max() + pad)
    ax.legend(fontsize=7, frameon=False, ncols=4, loc="upper left", bbox_to_anchor=(0, -0.12))
    _style(ax, integer=False)
    alt = "Chart of judgements at full inspections: " + "; ".join(
        f"{d:%B %Y} overall {str(g or 'not judged').replace('_', ' ')}" for d, g in zip(dates, fulls["overall"], strict=False)) + "."
    return figure(fig, alt, "Judgements at full inspections by area.")
