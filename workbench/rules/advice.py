"""Best-fit advice from descriptor assessments (para 17): advice only, the inspector decides."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from workbench.rules.framework import load_framework

STATUSES = ("met", "not_met", "not_seen")


def best_fit(statuses: Mapping[str, str], area: str) -> tuple[str | None, str]:
    """An advised grade for ``area`` from descriptor statuses (met | not_met | not_seen), with why.

    'Good' is the benchmark (para 17): any 'inadequate' descriptor met advises inadequate; any
    'requires improvement' descriptor met, or more 'good' descriptors not met than met, advises
    requires improvement; otherwise good, or outstanding when every 'good' descriptor seen is met
    and every 'outstanding' descriptor is met. None when nothing has been assessed yet.
    """
    framework = load_framework()
    area_ = framework.area(area)
    ids = {d.id: d for d in area_.all_descriptors()}
    for descriptor_id, status in statuses.items():
        if status not in STATUSES:
            raise ValueError(f"descriptor {descriptor_id}: status {status!r} is not one of {', '.join(STATUSES)}")
    tally: dict[str, Counter[str]] = {g: Counter() for g in area_.descriptors}
    for descriptor_id, descriptor in ids.items():
        tally[descriptor.grade][statuses.get(descriptor_id, "not_seen")] += 1
    good = tally["good"]
    counts = (f"'good' descriptors (para {area_.paragraph}): {good['met']} met, {good['not_met']} not met,"
              f" {good['not_seen']} not yet seen")
    tail = " Advice only: the inspector weighs the evidence and decides the best fit (para 17)."
    if sum(t["met"] + t["not_met"] for t in tally.values()) == 0:
        return None, f"No descriptor assessed yet; {counts}.{tail}"
    if tally["inadequate"]["met"]:
        return "inadequate", f"{tally['inadequate']['met']} 'inadequate' descriptor(s) met; {counts}.{tail}"
    if tally["requires_improvement"]["met"]:
        return "requires_improvement", (
            f"{tally['requires_improvement']['met']} 'requires improvement' descriptor(s) met; {counts}.{tail}")
    if good["not_met"] > good["met"]:
        return "requires_improvement", f"More 'good' descriptors not met than met; {counts}.{tail}"
    outstanding = tally["outstanding"]
    total_outstanding = sum(outstanding.values())
    if good["not_met"] == 0 and good["met"] and total_outstanding and outstanding["met"] == total_outstanding:
        return "outstanding", f"Every 'outstanding' descriptor met and no 'good' descriptor not met; {counts}.{tail}"
    if good["met"] == 0:
        return None, f"No 'good' descriptor met yet; {counts}.{tail}"
    extra = ""
    if total_outstanding == 0:
        extra = " The framework gives no 'outstanding' descriptors for this area; judge it against 'good'."
    return "good", f"The evidence sits most appropriately with 'good'; {counts}.{extra}{tail}"
