"""Where the store lives and who is using the workbench."""

from __future__ import annotations

import getpass
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


def current_user(explicit: str | None = None) -> str:
    """Who is working: --user, else WORKBENCH_USER, else JupyterHub's JUPYTERHUB_USER, else the login."""
    for candidate in (explicit, settings.USER.value(), os.environ.get("JUPYTERHUB_USER")):
        if candidate:
            return candidate
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no login name in some containers
        return "unknown"
