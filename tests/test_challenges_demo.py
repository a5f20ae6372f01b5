"""The demo keeps inspections whose grades the data contradicts (issue 16): a current full inspection
graded good or better for helped and protected while missing episodes surge, answered when in QA."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from workbench.challenges import for_inspection
from workbench.demo import generate, profiles
from workbench.demo.inspections import CHALLENGE_ANSWER
from workbench.store import models as m
from workbench.store.db import session_scope

AS_OF = dt.date(2026, 11, 20)


def test_demo_grades_the_data_contradicts(db_url: str) -> None:
    homes, seed = 60, 5
    stories = profiles.assign(seed, homes)
    contradicted = [i for i, story in enumerate(stories) if story.has("contradicted")]
    assert len(contradicted) >= 2 and all(stories[i].has("current_full") for i in contradicted)
    generate(db_url, homes=homes, seed=seed, as_of=AS_OF)
    with session_scope(db_url) as session:
        home_ids = list(session.scalars(select(m.Home.id).order_by(m.Home.id)))
        answered = unanswered = 0
        for index in contradicted:
            current = session.scalars(select(m.Inspection).where(
                m.Inspection.home_id == home_ids[index], m.Inspection.status.in_(("draft", "submitted")))).one()
            found = {c.key: c for c in for_inspection(session, current)}
            challenge = found["helped_missing:helped_protected"]
            assert challenge.grade in ("good", "outstanding") and "missing-from-home notifications" in challenge.text
            if current.status == "submitted":
                assert challenge.answer == CHALLENGE_ANSWER
                answered += 1
            else:
                assert challenge.answer is None
                unanswered += 1
        assert answered and unanswered  # one to show in QA, one to answer in the widgets
        others = [i for i, story in enumerate(stories) if story.has("current_full") and i not in contradicted]
        assert others  # and the other current inspections are not all contradicted by construction
