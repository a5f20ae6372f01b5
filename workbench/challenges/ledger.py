"""What QA and the manager see of the challenges: each inspection's answered challenges, and counts
per inspector and region of how often grades met a challenge and how often they changed.

Read from the notes alone (no evidence is rebuilt, so it is quick over many inspections): an
answer (section ``challenge``) where the grade still stands, a change (section
``challenge_changed``) where the grade is no longer one the rule questions. An inspection
submitted for QA has an answer for every challenge its grades met (the readiness check), so
the notes are the record of challenges that reached the inspector.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.challenges.model import ANSWER_SECTION, CHANGED_SECTION, load_rules, split_key
from workbench.store.models import InspectionNote, Judgement

LEDGER_COLUMNS = ["inspection_id", "rule", "area", "grade", "outcome", "text"]
#: Inspections counted on the manager dashboard: those that reached QA or later.
COUNTED_STATUSES = ("submitted", "qa_approved", "published")


def ledger(session: Session, inspection_ids: Iterable[int], chunk: int = 900) -> pd.DataFrame:
    """One row per challenge that reached the inspector: outcome ``stands`` (with the answer) or ``changed``."""
    ids = sorted({int(i) for i in inspection_ids})
    rules = load_rules()
    notes: dict[tuple[int, str], dict[str, str]] = {}
    grades: dict[tuple[int, str], str | None] = {}
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        for iid, section, key, text in session.execute(
                select(InspectionNote.inspection_id, InspectionNote.section, InspectionNote.key, InspectionNote.text)
                .where(InspectionNote.inspection_id.in_(part),
                       InspectionNote.section.in_((ANSWER_SECTION, CHANGED_SECTION)))):
            if text and text.strip():
                notes.setdefault((iid, key), {})[section] = text
        for iid, area, grade in session.execute(select(Judgement.inspection_id, Judgement.area, Judgement.grade)
                                                .where(Judgement.inspection_id.in_(part))):
            grades[(iid, area)] = grade
    rows = []
    for (iid, key), texts in sorted(notes.items()):
        rule, area = split_key(key)
        grade = grades.get((iid, area))
        questioned = rule in rules and grade in rules[rule]["grades"]
        if questioned and ANSWER_SECTION in texts:
            rows.append([iid, rule, area, grade, "stands", texts[ANSWER_SECTION]])
        elif not questioned and CHANGED_SECTION in texts:
            rows.append([iid, rule, area, grade, "changed", texts[CHANGED_SECTION]])
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def counts(inspections: pd.DataFrame, entries: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per ``by`` (``lead_inspector`` or ``region``): full inspections that reached QA, how many met a
    challenge, challenges met, grades that stood and that changed, and the shares."""
    columns = [by, "inspections", "challenged", "challenges", "stood", "changed", "challenged_share",
               "changed_share"]
    done = inspections[(inspections["inspection_type"] == "full") & inspections["status"].isin(COUNTED_STATUSES)]
    if done.empty:
        return pd.DataFrame(columns=columns)
    mine = entries[entries["inspection_id"].isin(done["inspection_id"])] if not entries.empty else entries
    keyed = done[["inspection_id", by]].fillna({by: "Not recorded"})
    merged = mine.merge(keyed, on="inspection_id", how="inner") if not mine.empty else \
        pd.DataFrame(columns=[*LEDGER_COLUMNS, by])
    rows = []
    for value, group in keyed.groupby(by):
        met = merged[merged[by] == value]
        challenged = met["inspection_id"].nunique()
        changed = int((met["outcome"] == "changed").sum())
        rows.append({by: value, "inspections": len(group), "challenged": challenged, "challenges": len(met),
                     "stood": int((met["outcome"] == "stands").sum()), "changed": changed,
                     "challenged_share": challenged / len(group),
                     "changed_share": changed / len(met) if len(met) else 0.0})
    return pd.DataFrame(rows, columns=columns).sort_values(by).reset_index(drop=True)
