"""Which demo homes get which storyline: current inspections, vacancies, missed deadlines, decline.

Each storyline takes a share of the homes, and at least one home once there are enough homes,
so that small demo stores (and tests) still contain every case later features rely on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: storyline -> (share of homes, minimum number of homes when N >= 12)
SHARES: dict[str, tuple[float, int]] = {
    "current_full": (0.06, 1),
    "current_interim": (0.06, 1),
    "deteriorating": (0.08, 1),
    "vacancy_long": (0.04, 1),
    "vacancy_short": (0.04, 1),
    "manager_overdue": (0.04, 1),
    "staff_overdue": (0.08, 1),
    "reg44_missing": (0.15, 1),
    "reg44_negative": (0.07, 1),
    "reg45_late": (0.12, 1),
    "new_home": (0.02, 1),
}
#: storylines that exclude each other (a home has at most one of them)
EXCLUSIVE = ("current_full", "current_interim", "new_home")
#: of the homes with a current inspection, how many are already submitted for QA
SUBMITTED_SHARE, SUBMITTED_MIN = 0.25, 2
#: homes whose grades the data questions (issue 16: helped and protected good or better while missing
#: episodes surge): every CONTRADICTED_EVERY-th current full inspection already in QA and every
#: CONTRADICTED_EVERY-th draft one (at least one of each where there are any)
CONTRADICTED_EVERY = 3


@dataclass
class Profile:
    """The storylines of one home."""

    tags: set[str] = field(default_factory=set)
    submitted: bool = False

    def has(self, tag: str) -> bool:
        """Whether the home follows this storyline."""
        return tag in self.tags


def _count(n: int, share: float, minimum: int) -> int:
    return max(minimum if n >= 12 else 0, int(round(share * n)))


def assign(seed: int, n: int) -> list[Profile]:
    """Storylines for ``n`` homes, deterministic for the seed."""
    rng = np.random.default_rng([seed, 7_000_001])
    profiles = [Profile() for _ in range(n)]
    order = rng.permutation(n)
    cursor = 0
    for tag in EXCLUSIVE:  # disjoint slices of one permutation
        k = _count(n, *SHARES[tag])
        for i in order[cursor:cursor + k]:
            profiles[int(i)].tags.add(tag)
        cursor += k
    for tag, (share, minimum) in SHARES.items():
        if tag in EXCLUSIVE:
            continue
        blocked = {"new_home", "vacancy_long"} if tag in ("manager_overdue", "vacancy_short") else {"new_home"}
        candidates = [i for i in rng.permutation(n) if not profiles[int(i)].tags & blocked]
        for i in candidates[:_count(n, share, minimum)]:
            profiles[int(i)].tags.add(tag)
    current = [i for i in order if profiles[int(i)].tags & {"current_full", "current_interim"}]
    k = min(len(current), max(SUBMITTED_MIN if n >= 12 else 0, int(round(SUBMITTED_SHARE * len(current)))))
    for i in current[:k]:
        profiles[int(i)].submitted = True
    full = [int(i) for i in current if profiles[int(i)].has("current_full")]
    submitted = [i for i in full if profiles[i].submitted][::CONTRADICTED_EVERY]
    drafts = [i for i in full if not profiles[i].submitted][::CONTRADICTED_EVERY]
    for i in submitted + drafts:  # no random draw: the other storylines stay as they were
        profiles[i].tags.add("contradicted")
    return profiles
