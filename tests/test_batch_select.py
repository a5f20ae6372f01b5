"""`workbench batch --due-before DATE` picks the children's homes whose next inspection is due by then
(paras 7-8), and a home never inspected (no due date: due now), on SQLite and PostgreSQL."""

from __future__ import annotations

import previsit_builder as b

from workbench.batch.homes import select_homes
from workbench.store.db import session_scope


def test_due_before_selects_homes_due_by_the_date_and_homes_never_inspected(db_url: str) -> None:
    with session_scope(db_url) as session:
        b.home(session, urn="SC920001")  # never inspected: no due date
        due_in_july = b.home(session, urn="SC920002")
        b.inspection(session, due_in_july, "2024-01-10", grades={"overall": "good"})  # last day 11 January
        due_in_december = b.home(session, urn="SC920003")
        b.inspection(session, due_in_december, "2024-06-01", grades={"overall": "good"})
        session.flush()

        def due(day: str) -> list[str]:
            return [h.urn for h in select_homes(session, due_before=b.d(day))]

        assert due("2024-07-11") == ["SC920001", "SC920002"]  # six months after the last day (para 7)
        assert due("2024-07-10") == ["SC920001"]
        assert due("2024-12-02") == ["SC920001", "SC920002", "SC920003"]
        assert [h.urn for h in select_homes(session)] == ["SC920001", "SC920002", "SC920003"]
