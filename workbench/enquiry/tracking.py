"""Children to track on the visit (framework para 10 and footnote 5), each with the reason.

Rule (stated in the visit plan and the README):
- a *small* home - up to ``SMALL_HOME_MAX`` (4) children living there on the visit date - has
  every child tracked;
- a larger home has a sample of ``max(SAMPLE_MIN, ceil(n / 3))`` children living there, chosen
  in order: newly admitted since the last inspection (para 46), out of education (para 30),
  then the longest resident (to see the difference the home has made), ties by reference;
- always every child who has been missing in the period, living here or not (footnote 5);
- always every child who left since the last inspection, to understand why they moved and the
  home's contribution (paras 10, 46).
Children appear only by pseudonymous reference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from workbench.analysis.evidence import Evidence
from workbench.analysis.periods import long_date

SMALL_HOME_MAX = 4
SAMPLE_MIN = 4
SAMPLE_SHARE = 1 / 3


@dataclass
class TrackedChild:
    """A child to track, by pseudonymous reference, with every reason for tracking them."""

    reference: str
    living_here: bool
    reasons: list[str] = field(default_factory=list)


def sample_size(children_living_here: int) -> int:
    """How many children of a larger home to sample."""
    return min(children_living_here, max(SAMPLE_MIN, math.ceil(children_living_here * SAMPLE_SHARE)))


def children_to_track(evidence: Evidence) -> list[TrackedChild]:
    """The children to track and why (footnote 5), in the order the rules add them."""
    chosen: dict[str, TrackedChild] = {}

    def add(reference: str, living: bool, reason: str) -> None:
        child = chosen.setdefault(reference, TrackedChild(reference, living))
        if reason not in child.reasons:
            child.reasons.append(reason)

    living = evidence.living_here
    since = long_date(evidence.periods.current.start)
    n = len(living)
    if n and n <= SMALL_HOME_MAX:
        for ref in living["reference"]:
            add(ref, True, f"small home ({n} child(ren) living here): every child is tracked (footnote 5)")
    elif n:
        size = sample_size(n)
        admitted = set(evidence.admissions["reference"])
        out = set(evidence.out_of_education["reference"])
        ordered = living.assign(
            is_new=living["reference"].isin(admitted), is_out=living["reference"].isin(out)
        ).sort_values(["is_new", "is_out", "admission_date", "reference"], ascending=[False, False, True, True])
        for row in ordered.head(size).itertuples():
            why = ("new since the last inspection: planning and transition (para 46)" if row.is_new else
                   "out of education or under 25 hours of alternative provision (para 30)" if row.is_out else
                   f"longest resident (since {long_date(row.admission_date)}): the difference the home makes")
            add(row.reference, True, f"sample {size} of {n} children living here (footnote 5): {why}")
    living_refs = set(living["reference"]) if n else set()
    for row in evidence.children_missing.itertuples():
        times = f"reported missing {row.episodes} time(s) since {since}" if row.episodes else \
            f"{int(row.recorded)} missing episode(s) on their record"
        add(row.child_ref, row.child_ref in living_refs, f"{times}: always tracked (footnote 5)")
    for row in evidence.endings.itertuples():
        planned = {True: "planned move", False: "unplanned ending"}.get(row.ending_planned, "ending")
        add(row.reference, False, f"left on {long_date(row.leaving_date)} ({planned}: {row.leaving_reason or 'reason not recorded'}): "
            "why they moved and the home's contribution (para 10)")
    return list(chosen.values())
