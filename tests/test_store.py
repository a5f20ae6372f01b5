"""The store: migrations, models and constraints on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from workbench.store import session_scope
from workbench.store.db import sessions, table_names
from workbench.store.models import Home, Inspection, Judgement


def test_upgrade_creates_every_table(db_url: str) -> None:
    names = set(table_names(db_url))
    for expected in ("homes", "inspections", "judgements", "requirements", "recommendations", "notifications",
                     "independent_visits", "quality_reviews", "complaints", "survey_responses", "children",
                     "staff", "assignments", "users", "lines_of_enquiry", "audit_log", "rejected_rows"):
        assert expected in names


def test_urns_are_opaque_strings_and_unique(db_url: str) -> None:
    with session_scope(db_url) as session:
        session.add_all([
            Home(urn="SC123456", provision_type="Children's home"),
            Home(urn="2611190", provision_type="Children's home"),
            Home(urn="EY000123", provision_type="Other", is_childrens_home=False),
        ])
    with session_scope(db_url) as session:
        urns = sorted(session.scalars(select(Home.urn)))
    assert urns == ["2611190", "EY000123", "SC123456"]
    with pytest.raises(IntegrityError), session_scope(db_url) as session:
        session.add(Home(urn="SC123456", provision_type="Children's home"))


def test_stale_judgement_save_is_refused(db_url: str) -> None:
    with session_scope(db_url) as session:
        home = Home(urn="SC000001", provision_type="Children's home")
        inspection = Inspection(home=home, inspection_type="full", start_date=dt.date(2026, 1, 5))
        session.add(Judgement(inspection=inspection, area="overall", grade="good"))
    factory = sessions(db_url)
    first, second = factory(), factory()
    mine = first.scalars(select(Judgement)).one()
    theirs = second.scalars(select(Judgement)).one()
    mine.grade = "outstanding"
    first.commit()
    theirs.grade = "inadequate"
    with pytest.raises(StaleDataError):
        second.commit()
    second.rollback()
    with session_scope(db_url) as session:
        assert session.scalars(select(Judgement.grade)).one() == "outstanding"
    first.close()
    second.close()
