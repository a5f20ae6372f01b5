"""Write demo rows to the store with bulk inserts, replacing earlier demo data when asked.

Demo homes are recognised by their URNs (``SC9`` + 5 digits, or 7 digits starting with 9: ranges
Ofsted does not use), so replacing them never touches homes imported from Ofsted files.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Table,
    and_,
    delete,
    func,
    or_,
    select,
    text,
)

from workbench.errors import UserError
from workbench.store import models as m

if TYPE_CHECKING:
    from typing_extensions import TypeIs

_MODELS: dict[str, type[m.Base]] = {
    "homes": m.Home, "users": m.User, "assignments": m.Assignment, "staff": m.StaffMember, "children": m.Child,
    "inspections": m.Inspection, "judgements": m.Judgement, "descriptor_assessments": m.DescriptorAssessment,
    "inspection_notes": m.InspectionNote, "requirements": m.Requirement, "recommendations": m.Recommendation,
    "notifications": m.Notification, "independent_visits": m.IndependentVisit, "quality_reviews": m.QualityReview,
    "complaints": m.Complaint, "survey_responses": m.SurveyResponse,
}
_BY_INSPECTION: tuple[type[m.Base], ...] = (m.Judgement, m.DescriptorAssessment, m.InspectionNote, m.Requirement, m.Recommendation,
                  m.LineOfEnquiry)
_BY_HOME: tuple[type[m.Base], ...] = (m.LineOfEnquiry, m.Assignment, m.StaffMember, m.Child, m.Notification, m.IndependentVisit,
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
    return {name: int(connection.scalar(select(func.max(model.__table__.c.id))) or 0) + 1
            for name, model in _MODELS.items()}


def remove_demo(connection: Connection, usernames: list[str]) -> None:
    """Delete the demo homes with everything that hangs off them, and the demo users."""
    homes = select(m.Home.id).where(demo_home_filter()).scalar_subquery()
    inspections = select(m.Inspection.id).where(m.Inspection.home_id.in_(homes)).scalar_subquery()
    for table in (model.__table__ for model in _BY_INSPECTION):
        connection.execute(delete(table).where(table.c.inspection_id.in_(inspections)))
    for table in (model.__table__ for model in _BY_HOME):
        connection.execute(delete(table).where(table.c.home_id.in_(homes)))
    connection.execute(delete(m.Home).where(demo_home_filter()))
    connection.execute(delete(m.User).where(m.User.username.in_(usernames)))


def _sqlite_converter(column_type: Any) -> Callable[[Any], Any] | None:
    """How SQLAlchemy's SQLite dialect stores a value of this column type (None: as is)."""
    if isinstance(column_type, DateTime):
        return lambda v: None if v is None else v.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(column_type, Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(column_type, JSON):
        return lambda v: None if v is None else json.dumps(v)
    if isinstance(column_type, Boolean):
        return lambda v: None if v is None else int(v)
    return None


#: a chunk of rows: table -> rows as dicts of column values
Rows = dict[str, list[dict[str, Any]]]
#: a chunk encoded for SQLite: table -> (column names, rows as tuples of stored values)
Encoded = dict[str, tuple[list[str], list[tuple[Any, ...]]]]
Chunk = Rows | Encoded


def is_encoded(chunk: Chunk) -> TypeIs[Encoded]:
    """Whether a chunk is already :func:`encode_sqlite`-d (its tables hold tuples, not lists of rows)."""
    return any(isinstance(value, tuple) for value in chunk.values())


def encode_sqlite(rows: Rows) -> Encoded:
    """Rows as tuples of the values SQLAlchemy's SQLite dialect stores (ISO dates, JSON text, 0/1).

    Done by the builder processes: tuples of plain values also travel between processes cheaply.
    """
    encoded: Encoded = {}
    for name, batch in rows.items():
        if not batch:
            continue
        table = _MODELS[name].__table__
        names = [c.name for c in table.columns if c.name in batch[0]]
        converters = [_sqlite_converter(table.columns[n].type) for n in names]
        if all(conv is None for conv in converters):
            params = [tuple(row[n] for n in names) for row in batch]
        else:
            pairs = list(zip(names, converters, strict=True))
            params = [tuple(row[n] if conv is None else conv(row[n]) for n, conv in pairs) for row in batch]
        encoded[name] = (names, params)
    return encoded


def renumber_encoded(encoded: Encoded, added: dict[str, int], references: tuple[str, ...]) -> None:
    """:func:`workbench.demo.generator.renumber` for an encoded chunk (ids first, then inspection references)."""
    for name, (names, params) in encoded.items():
        if name not in added:
            continue
        shift = [(names.index("id"), added[name])] + [
            (names.index(column), added["inspections"]) for column in references if column in names]
        out = []
        for row in params:
            values = list(row)
            for position, offset in shift:
                if values[position] is not None:
                    values[position] += offset
            out.append(tuple(values))
        encoded[name] = (names, out)


def _sqlite_insert(connection: Connection, table: Table, names: list[str], params: list[tuple[Any, ...]]) -> None:
    """executemany straight on the driver."""
    quoted = ", ".join(f'"{n}"' for n in names)
    connection.exec_driver_sql(
        f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" * len(names))})', params)


def write(engine: Engine, chunks: Iterable[Chunk], order: tuple[str, ...]) -> dict[str, int]:
    """Insert every chunk in one transaction (executemany), then move PostgreSQL sequences on.

    A chunk is either rows as dicts (written through SQLAlchemy Core's insert, or encoded here on
    SQLite) or already :func:`encode_sqlite`-d, which goes straight to the SQLite driver's
    executemany. Returns the number of rows written per table.
    """
    sqlite = engine.dialect.name == "sqlite"
    counts = dict.fromkeys(order, 0)
    with engine.begin() as connection:
        if sqlite:  # one big transaction: keep pages in memory, sync once at commit
            connection.exec_driver_sql("PRAGMA cache_size=-400000")
            connection.exec_driver_sql("PRAGMA temp_store=MEMORY")
        for chunk in chunks:
            if sqlite:
                encoded = chunk if is_encoded(chunk) else encode_sqlite(chunk)
                for name in order:
                    if name in encoded:
                        names, params = encoded[name]
                        counts[name] += len(params)
                        _sqlite_insert(connection, _MODELS[name].__table__, names, params)
            elif is_encoded(chunk):
                raise ValueError("a chunk encoded for SQLite cannot be written to another database")
            else:
                for name in order:
                    if chunk.get(name):
                        counts[name] += len(chunk[name])
                        connection.execute(_MODELS[name].__table__.insert(), chunk[name])
        if engine.dialect.name == "postgresql":
            for name in order:
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {name}), 1))"))
    return counts


def check_replace(connection: Connection, replace: bool) -> int:
    """Refuse to add demo data on top of demo data unless replacing; returns how many demo homes exist."""
    existing = count_demo_homes(connection)
    if existing and not replace:
        raise UserError(
            f"the store already holds {existing} demo homes (URNs SC9xxxxx / 9xxxxxx); run again with --replace "
            "to delete them (with their inspections, evidence and the demo users) and generate afresh")
    return existing
