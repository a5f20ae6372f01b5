"""The manager dashboard's view of evidence challenges (issue 16): each report's answered challenges
beside it in the QA queue, and how often grades meet a challenge and change, per inspector and region."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbench import html
from workbench.challenges import ledger
from workbench.dashboards.tables import Column, SortableTable
from workbench.store.db import session_scope

OUTCOMES = {"stands": "grade stands", "changed": "grade changed"}


def entries(db: str | None, inspections: pd.DataFrame) -> pd.DataFrame:
    """The challenges that reached the inspectors of these inspections (QA or later)."""
    counted = inspections[inspections["status"].isin(ledger.COUNTED_STATUSES)]
    with session_scope(db) as session:
        return ledger.ledger(session, counted["inspection_id"])


def cached_entries(page: Any) -> pd.DataFrame:
    """The page's ledger, read once per load of the page's data."""
    if getattr(page, "_challenge_source", None) is not page.data:
        page._challenge_entries = entries(page.db, page.data.inspections)
        page._challenge_source = page.data
    return page._challenge_entries


def answers_cell(found: pd.DataFrame, inspection_id: int) -> Any:
    """The answered challenges of one report, as a short escaped list (or 'No challenge answered')."""
    from workbench.rules import load_framework

    mine = found[found["inspection_id"] == inspection_id] if not found.empty else found
    if mine.empty:  # not "None": the data may still challenge a grade the inspector has not answered
        return "No challenge answered"
    framework = load_framework()
    items = [html.tag("li", f"{framework.area(r.area).short_title} ({r.rule.replace('_', ' ')}): "
                            f"{OUTCOMES[r.outcome]}: {r.text}") for r in mine.itertuples()]
    return html.tag("ul", html.join(items), class_="wb-qa-challenges")


def with_answers(queue: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """The QA queue with the number of challenges answered per report (column ``challenges``)."""
    queue = queue.copy()
    per = found.groupby("inspection_id").size() if not found.empty else pd.Series(dtype=int)
    queue["challenges"] = [int(per.get(i, 0)) for i in queue["inspection_id"]] if len(queue) else []
    return queue


QA_COLUMN = Column("challenges", "Challenges to grades (answers)")


def _share(value: Any, _row: Any) -> str:
    return f"{value:.0%}"


def count_table(by: str, label: str) -> SortableTable:
    """A table of challenge counts per inspector or region."""
    return SortableTable(
        [Column(by, label), Column("inspections", "Full inspections (QA or later)"),
         Column("challenged", "Met a challenge"), Column("challenged_share", "Share met", _share),
         Column("challenges", "Challenges"), Column("stood", "Grade stood (answered)"),
         Column("changed", "Grade changed"), Column("changed_share", "Share changed", _share)],
        caption=f"Challenges to grades by {label.lower()}", css=f"wb-table-challenges-{by}", sort_by=by,
        empty="No inspection has reached QA for these filters.", name=f"challenges by {label.lower()}")


def count_frames(inspections: pd.DataFrame, homes: pd.DataFrame, found: pd.DataFrame,
                 bys: list[str]) -> dict[str, pd.DataFrame]:
    """The counts of the filtered inspections, per ``by`` (a page keeps them per filter choice)."""
    frame = inspections.merge(homes[["home_id", "region"]], on="home_id", how="left")
    return {by: ledger.counts(frame, found, by) for by in bys}


def section(tables: dict[str, SortableTable]) -> widgets.Widget:
    """The counts, headed."""
    return widgets.VBox([widgets.HTML(str(html.heading("Challenges to grades"))),
                         widgets.HTML(str(html.paragraph(
                             "How often grades met an evidence challenge, and how often the inspector changed the "
                             "grade rather than answer why it stands.", class_="wb-caption"))),
                         *tables.values()])
