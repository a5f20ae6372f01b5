"""The 2014 inspection framework as data (``framework.yaml``) and the ONLY place grade logic lives.

Public API: the keys (``AREAS``, ``GRADES``, ``PROGRESS_GRADES``, ``FACTS``) and their labels
(``grade_labels``, ``progress_labels``, ``area_titles``, ``label_of``), all read from the yaml; the framework
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
    area_titles,
    below_good,
    grade_labels,
    grade_rank,
    label_of,
    normalise_grade,
    parse_fact,
    progress_labels,
    progress_rank,
    published_wording,
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
    "ProgressGrade", "Reason", "Rule", "allowed", "area_titles", "below_good", "best_fit", "caps", "grade_labels",
    "grade_rank", "label_of", "load_framework", "normalise_grade", "parse_fact", "progress_labels", "progress_rank",
    "published_wording", "framework_at", "framework_label", "framework_note", "is_not_judged", "overall_areas",
    "scale_place", "validate_facts", "validate_grades", "violations",
]
