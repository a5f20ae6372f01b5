"""Engines, sessions and schema upgrades for any SQLAlchemy URL (SQLite by default)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from workbench.config import resolve_db_url
from workbench.errors import UserError, one_line, store_refusal

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_engines: dict[str, Engine] = {}
_upgraded: set[str] = set()
_lock = threading.Lock()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def engine_for(db: str | None = None) -> Engine:
    """A cached engine for the store URL (see `resolve_db_url`)."""
    url = resolve_db_url(db)
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                path = url.split("///", 1)[-1]
                if path and path != ":memory:":
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                engine = _create(url, connect_args={"timeout": 5})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = _create(url, pool_pre_ping=True)
            _engines[url] = engine
    return engine


def _create(url: str, **options: object) -> Engine:
    """`create_engine`, with a URL naming no database SQLAlchemy knows refused in one line."""
    try:
        return create_engine(url, **options)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as error:
        raise UserError(f"cannot open the store at {_safe(url)}: {one_line(error)}; use a SQLite path or URL "
                        "(sqlite:///PATH) or a PostgreSQL URL (postgresql+psycopg://USER@HOST/DBNAME)") from None


def alembic_config(url: str) -> Config:
    """An Alembic configuration pointing at our migrations and the given store."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(db: str | None = None) -> str:
    """Apply every pending migration to the store; returns the resolved URL."""
    url = resolve_db_url(db)
    engine = engine_for(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except Exception as error:  # a store we cannot reach or open is the user's to fix
        if isinstance(error, UserError):
            raise
        raise UserError(f"cannot open the store at {_safe(url)}: {error.__class__.__name__}: {one_line(error)}"
                        ) from None
    _upgraded.add(url)
    return url


def connect(db: str | None = None) -> Engine:
    """The engine for the store, upgrading a new or old store on first use in this process."""
    url = resolve_db_url(db)
    if url not in _upgraded:
        upgrade(url)
    return engine_for(url)


def check_writable(db: str | None = None) -> None:
    """Refuse (exit 1) a store this process cannot write, before work that saves to it; nothing is changed.

    A write that changes nothing (the schema version set to itself), rolled back: a read-only file,
    a read-only role or a standby server refuses it as it would refuse the real write.
    """
    engine = connect(db)
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            connection.execute(text("UPDATE alembic_version SET version_num = version_num"))
            transaction.rollback()
    except SQLAlchemyError as error:
        raise UserError(store_refusal(error.__class__.__name__, getattr(error, "orig", None) or error),
                        exit_code=1) from None


def sessions(db: str | None = None) -> sessionmaker[Session]:
    """A session factory bound to the (upgraded) store."""
    return sessionmaker(bind=connect(db), expire_on_commit=False)


@contextlib.contextmanager
def session_scope(db: str | None = None) -> Iterator[Session]:
    """A session committed on success and rolled back on any error."""
    session = sessions(db)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def table_names(db: str | None = None) -> list[str]:
    """The tables the store has (for checks and tests)."""
    return sorted(inspect(connect(db)).get_table_names())


def _safe(url: str) -> str:
    """The URL with any password hidden."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url
