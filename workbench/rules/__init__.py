"""The 2014 inspection framework as data (``framework.yaml``) and the ONLY place grade logic lives.

Public API: the stable keys (``AREAS``, ``GRADES``, ``PROGRESS_GRADES``, ``FACTS``), the framework
(``load_framework``), the limiting rules (``caps``, ``violations``, ``allowed``; paras 13, 24-25,
37, 39-43), grade wording (``grade_rank``, ``normalise_grade``), best-fit advice (``best_fit``,
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

__all__ = [
    "AREAS", "FACTS", "GRADES", "PROGRESS_GRADES", "Area", "Cap", "Descriptor", "FocusArea", "Framework",
    "ProgressGrade", "Reason", "Rule", "allowed", "best_fit", "caps", "grade_rank", "load_framework",
    "normalise_grade", "parse_fact", "validate_facts", "validate_grades", "violations",
]
