"""Where the store, the notebooks and the templates are, and who is using the workbench."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from workbench import settings

#: The package's notebooks, wherever it is installed (package data).
NOTEBOOKS_DIR = Path(str(resources.files("workbench") / "notebooks"))
#: A Jupyter data folder inside the package: nbconvert/templates/workbench and voila/templates/workbench.
#: The wheel also installs both under <prefix>/share/jupyter (data-files, as Voila does), so the stock
#: `jupyter nbconvert --template workbench` and `voila --template workbench` find them with no flags.
JUPYTER_DATA_DIR = Path(str(resources.files("workbench") / "share" / "jupyter"))
NBCONVERT_TEMPLATES_DIR = JUPYTER_DATA_DIR / "nbconvert" / "templates"


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

