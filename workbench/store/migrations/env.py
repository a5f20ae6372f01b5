"""Alembic environment: runs migrations on the connection the workbench hands it."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from workbench.errors import UserError
from workbench.store.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise UserError("no store to migrate: Alembic was given neither a connection nor sqlalchemy.url "
                        "(use workbench.store.db.alembic_config)")
    engine = create_engine(url)
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
