"""Evidence between inspections for one demo home: children, notifications, reg 33/44 visits,
reg 34/45 reviews, complaints and survey responses (the inputs of para 11's lines of enquiry).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from workbench.demo import vocab
from workbench.demo.homes import person_name
from workbench.demo.rand import Rand

REG44_FROM = dt.date(2015, 4, 1)  # regulation 33/34 became 44/45 of the 2015 regulations
HEX = "0123456789ABCDEF"


@dataclass
class Kid:
    """A child's stay (pseudonymous reference only)."""

    ref: str
    admitted: int  # ordinal
    left: int | None
    missing_weight: float
    missing: int = 0


def month_starts(first: dt.date, as_of: dt.date) -> list[dt.date]:
    """First days of the months from ``first``'s month up to ``as_of``'s month."""
    out, day = [], first.replace(day=1)
    while day <= as_of:
        out.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return out


def children(rng: Rand, category: str, places: int, first: dt.date, as_of: dt.date,
             deteriorating: bool) -> list[Kid]:
    """Stays in the home's places from before ``first`` to ``as_of`` (short breaks: a pool of children)."""
    refs: set[str] = set()

    def new_ref() -> str:
        while True:
            ref = "C-" + "".join(HEX[int(i)] for i in rng.integers(0, 16, 5))
            if ref not in refs:
                refs.add(ref)
                return ref

    end, kids = as_of.toordinal(), []
    if category == "short_breaks":
        for _ in range(places * 4):
            admitted = first.toordinal() - int(rng.integers(0, 900)) if rng.random() < 0.6 else \
                int(rng.integers(first.toordinal(), end - 10))
            left = int(rng.integers(admitted + 30, admitted + 1500))
            kids.append(Kid(new_ref(), admitted, None if left >= end else left, float(rng.gamma(0.5, 1.0))))
        return kids
    median = {"secure": 120, "specialist": 500}.get(category, 300)
    for _ in range(places):
        start = first.toordinal() - int(rng.integers(0, 400))
        while start < end:
            stay = max(7, int(rng.lognormal(np.log(median), 0.7)))
            if deteriorating and start > end - 365:
                stay = max(7, stay // 2)
            left = start + stay
            kids.append(Kid(new_ref(), start, None if left >= end else left, float(rng.gamma(0.5, 1.0))))
            if left >= end:
                break
            start = left + int(rng.integers(3, 60))
    return kids


def child_rows(rng: Rand, kids: list[Kid], home_id: int, next_id: Any, short_breaks: bool,
               deteriorating: bool, as_of: dt.date) -> list[dict[str, Any]]:
    """Rows of the ``children`` table (after notifications have counted missing episodes)."""
    rows = []
    edu_keys = list(vocab.EDUCATION)
    edu_p = list(vocab.EDUCATION.values())
    for kid in kids:
        planned = None
        reason = None
        if kid.left is not None:
            planned = bool(rng.random() < (0.5 if deteriorating else 0.72))
            pool = vocab.LEAVING_PLANNED if planned else vocab.LEAVING_UNPLANNED
            reason = pool[int(rng.integers(len(pool)))]
        age = vocab.AGE_BANDS[int(rng.choice(4, p=[0.08, 0.3, 0.35, 0.27]))]
        education = edu_keys[int(rng.choice(len(edu_keys), p=edu_p))]
        if education == "employment" and age != "16-17":
            education = "in_school"
        hours = None
        if education == "alternative_provision":
            hours = float(rng.integers(6, 25)) if rng.random() < 0.55 else float(rng.integers(25, 31))
        rows.append({
            "id": next_id(), "home_id": home_id, "reference": kid.ref,
            "admission_date": dt.date.fromordinal(kid.admitted),
            "leaving_date": dt.date.fromordinal(kid.left) if kid.left is not None else None,
            "leaving_reason": reason, "ending_planned": planned, "education_status": education,
            "alternative_provision_hours": hours, "missing_episodes": kid.missing, "short_breaks": short_breaks,
            "age_band": age,
        })
    return rows


_CATEGORY_FACTORS = {
    "secure": (0.03, 3.0, 0.6, 1.2, 1.0, 1.0, 1.0, 1.0),
    "short_breaks": (0.08, 0.6, 0.2, 0.8, 0.6, 0.6, 1.5, 0.8),
    "specialist": (0.5, 1.6, 0.6, 1.2, 1.0, 1.0, 1.5, 1.0),
    "general": (1.0,) * 8,
}


def notifications(rng: Rand, home: dict[str, Any], kids: list[Kid], first: dt.date,
                  as_of: dt.date, deteriorating: bool, next_id: Any,
                  missing_surge: bool = False) -> list[dict[str, Any]]:
    """Regulation 40 notifications by category, monthly, with rising rates in a deteriorating home.

    ``missing_surge``: children go missing three times as often (at least 2.5 episodes a month) in the
    last five months (a home whose grades the data contradicts, issue 16).

    Counts are Poisson per month and category; each event names a child living in the home that
    day (children who go missing are concentrated on a few, through each child's missing weight).
    """
    months = month_starts(first, as_of)
    if not months or not kids:
        return []
    rates = np.array(vocab.NOTIFICATION_RATES) * np.array(_CATEGORY_FACTORS[home["home_category"]])
    level = rng.lognormal(0.0, 0.45) * home["places"]
    mult = np.ones(len(months))
    if deteriorating:
        mult[-6:] = np.linspace(1.8, 4.0, 6)[-min(6, len(months)):]
    lam = np.outer(mult * level, rates)
    if missing_surge:
        lam[-5:, 0] = np.maximum(lam[-5:, 0] * 3, 2.5)
    counts = rng.poisson(lam)
    n_cat = len(vocab.NOTIFICATION_CATEGORIES)
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    if not len(cell):
        return []
    month_idx, category = cell // n_cat, cell % n_cat
    starts = np.array([mo.toordinal() for mo in months])
    ends = np.append(starts[1:], as_of.toordinal() + 1)
    ends[-1] = min(ends[-1], as_of.toordinal() + 1)
    days = starts[month_idx] + (rng.np.random(len(cell)) * (ends - starts)[month_idx]).astype(np.int64)
    admitted = np.array([k.admitted for k in kids])
    left = np.array([k.left if k.left is not None else 10**7 for k in kids])
    present = (admitted[None, :] <= days[:, None]) & (left[None, :] >= days[:, None])
    weight = np.where(category[:, None] == 0, np.array([k.missing_weight for k in kids])[None, :] + 1e-3, 1.0)
    cumulative = np.cumsum(present * weight, axis=1)
    total = cumulative[:, -1]
    pick = np.minimum((cumulative < (rng.np.random(len(cell)) * total)[:, None]).sum(axis=1), len(kids) - 1)
    texts = rng.np.integers(0, 6, len(cell))
    for k in pick[(category == 0) & (total > 0)]:
        kids[int(k)].missing += 1
    rows, seq = [], 0
    for day, cat, k, t, ok in zip(days.tolist(), category.tolist(), pick.tolist(), texts.tolist(),
                                  (total > 0).tolist(), strict=True):
        if not ok:
            continue  # nobody living in the home that day
        seq += 1
        name = vocab.NOTIFICATION_CATEGORIES[cat]
        summaries = vocab.NOTIFICATION_SUMMARIES[name]
        rows.append({"id": next_id(), "home_id": home["id"], "reference": f"N-{home['urn']}-{seq:05d}",
                     "event_date": dt.date.fromordinal(day), "category": name,
                     "summary": summaries[t % len(summaries)], "child_ref": kids[k].ref})
    return rows


def independent_visits(rng: Rand, home: dict[str, Any], first: dt.date, as_of: dt.date,
                       missing: bool, negative: bool, deteriorating: bool, next_id: Any) -> list[dict[str, Any]]:
    """Monthly independent person's reports (reg 33, reg 44 from April 2015), some months missing."""
    months = month_starts(first, as_of)
    skip = set()
    if missing and len(months) > 2:
        recent = list(range(max(0, len(months) - 13), len(months) - 1))
        skip = {int(i) for i in rng.choice(recent, size=min(len(recent), int(rng.integers(1, 5))), replace=False)}
    bad = set()
    if negative and len(months) > 2:
        recent = [i for i in range(max(0, len(months) - 13), len(months) - 1) if i not in skip]
        bad = {int(i) for i in rng.choice(recent, size=min(len(recent), int(rng.integers(1, 4))), replace=False)}
    visitor, rows = person_name(rng), []
    for m, month in enumerate(months):
        if m in skip or rng.random() < 0.015:
            continue
        day = month + dt.timedelta(days=int(rng.integers(2, 26)))
        received = day + dt.timedelta(days=int(rng.integers(3, 28)))
        if received > as_of:
            continue
        if rng.random() < 0.04:
            visitor = person_name(rng)
        late = deteriorating and m >= len(months) - 7
        if m in bad or rng.random() < (0.3 if late else 0.01):
            opinion = "negative"
        else:
            opinion = "not_stated" if rng.random() < 0.03 else "positive"
        recs = vocab.REG44_RECOMMENDATIONS
        rows.append({"id": next_id(), "home_id": home["id"], "reference": f"V-{home['urn']}-{day.year}{day.month:02d}",
                     "regulation": "44" if day >= REG44_FROM else "33", "visit_date": day, "visitor": visitor,
                     "safeguarding_opinion": opinion,
                     "recommendations": recs[int(rng.integers(len(recs) - (0 if opinion == "positive" else 1)))],
                     "received_date": received})
    return rows


def quality_reviews(rng: Rand, home: dict[str, Any], first: dt.date, as_of: dt.date, late: bool,
                    next_id: Any) -> list[dict[str, Any]]:
    """Six-monthly reviews of the quality of care (reg 34, reg 45 from April 2015): due 28 days after the period.

    A review not received is absent; ``late`` homes have one or two received late and may miss one.
    """
    ends = []
    day = first + dt.timedelta(days=int(rng.integers(90, 182)))
    while day + dt.timedelta(days=28) <= as_of:
        ends.append(day)
        day += dt.timedelta(days=182)
    trouble = set()
    if late and ends:
        trouble = {int(i) for i in rng.choice(len(ends), size=min(len(ends), int(rng.integers(1, 3))), replace=False)}
    rows = []
    for k, end in enumerate(ends):
        due = end + dt.timedelta(days=28)
        if k in trouble and rng.random() < 0.35:
            continue  # never received
        submitted = due + dt.timedelta(days=int(rng.integers(10, 70))) if k in trouble else \
            due - dt.timedelta(days=int(rng.integers(0, 21)))
        if submitted > as_of:
            continue
        rows.append({"id": next_id(), "home_id": home["id"], "reference": f"Q-{home['urn']}-{end.year}{end.month:02d}",
                     "regulation": "45" if end >= REG44_FROM else "34", "period_end": end, "due_date": due,
                     "submitted_date": submitted,
                     "summary": vocab.REG45_SUMMARIES[int(rng.integers(len(vocab.REG45_SUMMARIES)))]})
    return rows


def complaints(rng: Rand, home: dict[str, Any], first: dt.date, as_of: dt.date,
               deteriorating: bool, next_id: Any) -> list[dict[str, Any]]:
    """Complaints (about three a year in an average home) with themes and outcomes."""
    months = month_starts(first, as_of)
    lam = np.full(len(months), 0.06 * home["places"] + 0.05)
    if deteriorating:
        lam[-6:] *= 2.5
    counts = rng.poisson(lam)
    outcomes, o_p = list(vocab.COMPLAINT_OUTCOMES), list(vocab.COMPLAINT_OUTCOMES.values())
    who, w_p = list(vocab.COMPLAINANTS), list(vocab.COMPLAINANTS.values())
    rows, seq, last = [], 0, as_of.toordinal()
    for m, month in enumerate(months):
        for _ in range(int(counts[m])):
            day = min(month.toordinal() + int(rng.integers(0, 28)), last)
            outcome = outcomes[int(rng.choice(len(outcomes), p=o_p))]
            if outcome == "open" and day < last - 60:
                outcome = "not_upheld"
            theme = vocab.COMPLAINT_THEMES[int(rng.integers(len(vocab.COMPLAINT_THEMES)))]
            complainant = who[int(rng.choice(len(who), p=w_p))]
            closed = None if outcome == "open" else min(day + int(rng.integers(5, 45)), last)
            seq += 1
            rows.append({"id": next_id(), "home_id": home["id"], "reference": f"K-{home['urn']}-{seq:04d}",
                         "received_date": dt.date.fromordinal(day), "complainant": complainant, "theme": theme,
                         "summary": f"Complaint from a {complainant.replace('_', ' ')} about "
                                    f"{theme.lower()}; investigated by the registered manager.",
                         "outcome": outcome, "closed_date": dt.date.fromordinal(closed) if closed else None})
    return rows


def surveys(rng: Rand, home: dict[str, Any], first: dt.date, as_of: dt.date, level: int,
            deteriorating: bool, next_id: Any) -> list[dict[str, Any]]:
    """A yearly survey of children, parents, social workers and staff; some answers negative."""
    rows, seq = [], 0
    sentiments = ("positive", "neutral", "negative")
    k = 0
    while True:
        day = as_of - dt.timedelta(days=365 * k + int(rng.integers(30, 120)))
        if day < first:
            break
        bad = deteriorating and k == 0
        p = (0.35, 0.25, 0.40) if bad else ((0.55, 0.25, 0.20) if level <= 1 else (0.72, 0.2, 0.08))
        groups = {"child": min(int(home["places"]), 3), "parent": int(rng.integers(1, 3)),
                  "social_worker": int(rng.integers(1, 4)), "staff": int(rng.integers(2, 5))}
        for kind, n in groups.items():
            questions = vocab.SURVEY_QUESTIONS[kind]
            for _ in range(n):
                for q in rng.choice(len(questions), size=1 + int(rng.random() < 0.4), replace=False):
                    sentiment = sentiments[int(rng.choice(3, p=p))]
                    comments = vocab.SURVEY_COMMENTS[sentiment]
                    comment = comments[int(rng.integers(len(comments)))] if rng.random() < 0.4 else None
                    seq += 1
                    rows.append({"id": next_id(), "home_id": home["id"], "reference": f"S-{home['urn']}-{seq:04d}",
                                 "survey_date": day, "respondent_type": kind, "question": questions[int(q)],
                                 "answer": vocab.SURVEY_ANSWERS[sentiment], "sentiment": sentiment,
                                 "comment": comment})
        k += 1
    return rows
