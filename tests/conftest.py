"""Shared fixtures: every store test runs on SQLite and on a real PostgreSQL server.

PostgreSQL comes from WORKBENCH_TEST_PG (set by `make test`, which starts the server);
when unset, `scripts/pg.sh start` is run here. If it cannot start, the run fails: no skip.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from workbench.settings import TEST_PG

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "test-artifacts"


def _pg_admin_url() -> str:
    url = TEST_PG.value()
    if not url:
        url = subprocess.run(
            ["bash", str(ROOT / "scripts" / "pg.sh"), "start"], check=True, capture_output=True, text=True
        ).stdout.strip()
        os.environ[TEST_PG.env] = url
    return url


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """URL of the maintenance database of the test PostgreSQL server."""
    url = _pg_admin_url()
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as error:  # the suite must fail, not skip, without PostgreSQL
        pytest.fail(f"PostgreSQL test server unreachable at {url}: {error}")
    finally:
        engine.dispose()
    return url


def _new_pg_database(admin_url: str) -> str:
    name = f"wb_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(admin_url: str, url: str) -> None:
    from workbench.store import db as store_db

    engine = store_db._engines.pop(url, None)
    if engine is not None:
        engine.dispose()
    store_db._upgraded.discard(url)
    name = make_url(url).database
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, upgraded store: a SQLite file, then a fresh PostgreSQL database."""
    from workbench.store import db as store_db

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.sqlite'}"
        store_db.upgrade(url)
        yield url
        engine = store_db._engines.pop(url, None)
        if engine is not None:
            engine.dispose()
        store_db._upgraded.discard(url)
    else:
        admin = request.getfixturevalue("pg_admin_url")
        url = _new_pg_database(admin)
        store_db.upgrade(url)
        yield url
        _drop_pg_database(admin, url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """An empty, upgraded SQLite store only (for tests about files, notebooks, browsers)."""
    from workbench.store import db as store_db

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store_db.upgrade(url)
    yield url
    engine = store_db._engines.pop(url, None)
    if engine is not None:
        engine.dispose()
    store_db._upgraded.discard(url)


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests keep screenshots and other artifacts a person may want to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _no_ambient_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests name their acting user: none comes from the environment running the suite."""
    monkeypatch.delenv("WORKBENCH_USER", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
