"""Where the store lives and who is using the workbench."""

from __future__ import annotations

import os
from pathlib import Path

from workbench import settings

#: The project root when running from a checkout (notebooks/ and templates/ live there).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
TEMPLATES_DIR = PROJECT_ROOT / "templates"


def resolve_db_url(db: str | None = None) -> str:
    """The store URL: explicit `db`, else WORKBENCH_DB, else the embedded SQLite file.

    A plain file path is accepted and turned into a SQLite URL.
    """
    url = db or settings.DB.value() or ""
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def named_user(explicit: str | None = None) -> str | None:
    """Who says they are working: --user, else WORKBENCH_USER, else JUPYTERHUB_USER; None if nobody.

    Never the operating-system login: a person acts only under a name the store knows
    (`workbench.store.identity.acting_user` checks it).
    """
    for candidate in (explicit, settings.USER.value(), os.environ.get("JUPYTERHUB_USER")):
        if candidate and str(candidate).strip():
            return str(candidate).strip()
    return None


def current_user(explicit: str | None = None) -> str:
    """The name from `named_user`, or `IdentityRefused` (exit 2) when none is given."""
    from workbench.errors import IdentityRefused

    name = named_user(explicit)
    if name is None:
        raise IdentityRefused("no user given: pass --user NAME or set WORKBENCH_USER "
                              "(the operating-system login is never used)")
    return name
