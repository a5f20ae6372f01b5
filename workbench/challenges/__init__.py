"""Evidence challenges (issue 16): when the data questions a grade.

Rules (``rules.yaml`` + ``catalogue.py``) compare an inspection's grades with the evidence
picture; each challenge carries its paragraph, figures and records, and the inspector's answer.
Public API: `catalogue`, `findings`, `Context`, `Challenge`, `Finding`, `for_inspection`,
`challenges_from`, `context_for`, `answers_of`, `unanswered`, `answer_key`, the note sections.
Layer: imports store, rules, analysis and enquiry only.
"""

from workbench.challenges.catalogue import Context, catalogue, findings
from workbench.challenges.model import (
    ANSWER_SECTION,
    CHANGED_SECTION,
    Challenge,
    ChallengeRule,
    Finding,
    answer_key,
    split_key,
)
from workbench.challenges.service import (
    answers_of,
    challenges_from,
    context_for,
    describe,
    for_inspection,
    unanswered,
)

__all__ = [
    "ANSWER_SECTION", "CHANGED_SECTION", "Challenge", "ChallengeRule", "Context", "Finding", "answer_key",
    "answers_of", "catalogue", "challenges_from", "context_for", "describe", "findings", "for_inspection",
    "split_key", "unanswered",
]
