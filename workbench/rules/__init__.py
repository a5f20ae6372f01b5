"""The 2014 inspection framework as data (``framework.yaml``) and the ONLY place grade logic lives.

Public API: the stable keys (``AREAS``, ``GRADES``, ``PROGRESS_GRADES``, ``FACTS``), the framework
(``load_framework``), the limiting rules (``caps``, ``violations``, ``allowed``; paras 13, 24-25,
37, 39-43), grade wording (``grade_rank``, ``normalise_grade``; every published wording and the frameworks
of Ofsted's releases in :mod:`workbench.rules.published`), best-fit advice (``best_fit``,
para 17) and parsing of command-line pairs (``validate_grades``, ``validate_facts``).
Timings (paras 7-9) are in :mod:`workbench.rules.timings`.
"""

from __future__ import annotations

from workbench.rules.advice import best_fit
from workbench.rules.framework import (
    Area,
    Descriptor,
    FocusArea,
    Framework,
    ProgressGrade,
    Rule,
    load_framework,
)
from workbench.rules.keys import (
    AREAS,
    FACTS,
    GRADES,
    PROGRESS_GRADES,
    grade_rank,
    normalise_grade,
    parse_fact,
    validate_facts,
    validate_grades,
)
from workbench.rules.limits import Cap, Reason, allowed, caps, violations
from workbench.rules.published import (
    framework_at,
    framework_label,
    framework_note,
    is_not_judged,
    overall_areas,
    scale_place,
)

__all__ = [
    "AREAS", "FACTS", "GRADES", "PROGRESS_GRADES", "Area", "Cap", "Descriptor", "FocusArea", "Framework",
    "ProgressGrade", "Reason", "Rule", "allowed", "best_fit", "caps", "framework_at", "framework_label",
    "framework_note", "grade_rank", "is_not_judged", "load_framework", "normalise_grade", "overall_areas",
    "scale_place", "parse_fact", "validate_facts", "validate_grades", "violations",
]
