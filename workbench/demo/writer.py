"""Write demo rows to the store with bulk inserts, replacing earlier demo data when asked.

Demo homes are recognised by their URNs (``SC9`` + 5 digits, or 7 digits starting with 9: ranges
Ofsted does not use), so replacing them never touches homes imported from Ofsted files.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, func, or_, select, text

from workbench.demo.homes import MANAGERS
from workbench.errors import UserError
from workbench.store import models as m

BATCH = 20_000
_MODELS = {
    "homes": m.Home, "users": m.User, "assignments": m.Assignment, "staff": m.StaffMember, "children": m.Child,
    "inspections": m.Inspection, "judgements": m.Judgement, "descriptor_assessments": m.DescriptorAssessment,
    "inspection_notes": m.InspectionNote, "requirements": m.Requirement, "recommendations": m.Recommendation,
    "notifications": m.Notification, "independent_visits": m.IndependentVisit, "quality_reviews": m.QualityReview,
    "complaints": m.Complaint, "survey_responses": m.SurveyResponse,
}
_BY_INSPECTION = (m.Judgement, m.DescriptorAssessment, m.InspectionNote, m.Requirement, m.Recommendation,
                  m.LineOfEnquiry)
_BY_HOME = (m.LineOfEnquiry, m.Assignment, m.StaffMember, m.Child, m.Notification, m.IndependentVisit,
            m.QualityReview, m.Complaint, m.SurveyResponse, m.Inspection)


def demo_home_filter() -> Any:
    """SQL condition selecting demo homes by URN range."""
    urn = m.Home.urn
    return or_(and_(urn.like("SC9%"), func.length(urn) == 8), and_(urn.like("9%"), func.length(urn) == 7))


def count_demo_homes(connection: Connection) -> int:
    """How many demo homes the store holds."""
    return int(connection.scalar(select(func.count()).select_from(m.Home).where(demo_home_filter())) or 0)


def first_free_ids(connection: Connection) -> dict[str, int]:
    """For each table, one more than its largest id (so ids never reuse an earlier row's)."""
    return {name: int(connection.scalar(select(func.max(model.id))) or 0) + 1 for name, model in _MODELS.items()}


def remove_demo(connection: Connection, usernames: list[str]) -> None:
    """Delete the demo homes with everything that hangs off them, and the demo users."""
    homes = select(m.Home.id).where(demo_home_filter()).scalar_subquery()
    inspections = select(m.Inspection.id).where(m.Inspection.home_id.in_(homes)).scalar_subquery()
    for model in _BY_INSPECTION:
        connection.execute(delete(model).where(model.inspection_id.in_(inspections)))
    for model in _BY_HOME:
        connection.execute(delete(model).where(model.home_id.in_(homes)))
    connection.execute(delete(m.Home).where(demo_home_filter()))
    connection.execute(delete(m.User).where(m.User.username.in_(usernames)))


def demo_usernames(rows: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The usernames the demo data owns."""
    return sorted({u["username"] for u in rows["users"]} | {name for name, _ in MANAGERS})


def write(engine: Engine, rows: dict[str, list[dict[str, Any]]], order: tuple[str, ...]) -> None:
    """Insert all rows in one transaction (executemany in batches), then move PostgreSQL sequences on."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":  # one big transaction: keep pages in memory, sync once at commit
            connection.exec_driver_sql("PRAGMA cache_size=-400000")
            connection.exec_driver_sql("PRAGMA temp_store=MEMORY")
        for name in order:
            table = _MODELS[name].__table__
            batch = rows.get(name, [])
            for start in range(0, len(batch), BATCH):
                connection.execute(table.insert(), batch[start:start + BATCH])
        if engine.dialect.name == "postgresql":
            for name in order:
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {name}), 1))"))


def check_replace(connection: Connection, replace: bool) -> int:
    """Refuse to add demo data on top of demo data unless replacing; returns how many demo homes exist."""
    existing = count_demo_homes(connection)
    if existing and not replace:
        raise UserError(
            f"the store already holds {existing} demo homes (URNs SC9xxxxx / 9xxxxxx); run again with --replace "
            "to delete them (with their inspections, evidence and the demo users) and generate afresh")
    return existing
