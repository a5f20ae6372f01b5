"""Readiness check: every evidence challenge to a grade is answered (issue 16).

Registered with `workbench.judgements.readiness` (listed in its `CHECK_MODULES`): a challenge the
data makes to a grade needs the inspector's note on why the grade stands, or a changed grade,
before the report is submitted (`workbench.challenges.unanswered`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from workbench.challenges import unanswered
from workbench.judgements.readiness import readiness_check
from workbench.store.models import Inspection


@readiness_check
def every_challenge_answered(session: Session, inspection: Inspection) -> list[str]:
    """One reason per challenge without an answer."""
    return unanswered(session, inspection)
