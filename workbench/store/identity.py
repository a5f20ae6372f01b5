"""Who is acting: resolved in one place for every command and page that changes the store.

The name comes from ``--user``, else ``WORKBENCH_USER``, else ``JUPYTERHUB_USER`` (never the
operating-system login); the person must be a user of the store whose role may take the action
(`workbench.store.lifecycle.ACTION_ROLES`). Anything else is `IdentityRefused` (exit 2).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.config import named_user
from workbench.errors import IdentityRefused
from workbench.store.lifecycle import ACTION_ROLES
from workbench.store.models import User

__all__ = ["IdentityRefused", "acting_user", "acting_username", "roles_for"]


def roles_for(action: str) -> tuple[str, ...]:
    """The roles that may take `action` (ValueError for an action the lifecycle does not know)."""
    try:
        return ACTION_ROLES[action]
    except KeyError:
        raise ValueError(f"unknown action {action!r}; known: {', '.join(ACTION_ROLES)}") from None


def acting_user(session: Session, explicit: str | None, action: str) -> User:
    """The store's user taking `action`: from `explicit`, else WORKBENCH_USER, else JUPYTERHUB_USER."""
    roles = roles_for(action)
    may = " or ".join(roles)
    name = named_user(explicit)
    if name is None:
        raise IdentityRefused(f"no user given to {action}: pass --user NAME or set WORKBENCH_USER "
                              f"(a user of the store with role {may}; the operating-system login is never used)")
    user = session.scalars(select(User).where(User.username == name)).one_or_none()
    if user is None:
        raise IdentityRefused(f"user {name!r} is not known to the workbench store, so cannot {action}; "
                              f"users with role {may} may (ask a manager to add you)")
    if user.role not in roles:
        raise IdentityRefused(f"user {name!r} has role {user.role!r} and cannot {action}; "
                              f"only role {may} may")
    return user


def acting_username(db: str | None, explicit: str | None, action: str) -> str:
    """`acting_user` in its own short session, for callers that pass the name on to a service."""
    from workbench.store.db import session_scope

    with session_scope(db) as session:
        return acting_user(session, explicit, action).username
