"""The store: SQLAlchemy models, engine/session helpers and Alembic migrations."""

from workbench.store.db import connect, session_scope, upgrade

__all__ = ["connect", "session_scope", "upgrade"]
