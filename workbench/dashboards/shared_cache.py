"""Objects shared between the kernels of `workbench serve` under one store mark (its private cache folder).

A newly preheated kernel reuses what another kernel read from the store, as long as the store's
mark (`workbench.dashboards.freshness`) is the same: the key holds the mark, so a change to the
store makes a new key and the object is read afresh. The folder (``WORKBENCH_DASHBOARD_CACHE``)
is the server's runtime folder, readable by the user only; without it nothing is shared.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from workbench import settings

log = logging.getLogger(__name__)


def _path(key: tuple[object, ...]) -> Path | None:
    folder = settings.DASHBOARD_CACHE.value()
    if not folder:
        return None
    return Path(folder) / f"{hashlib.sha256(repr(key).encode()).hexdigest()[:32]}.pickle"


def load(key: tuple[object, ...]) -> Any:
    """The object stored under `key`, or None."""
    path = _path(key)
    if path is None or not path.exists():
        return None
    try:
        return pickle.loads(path.read_bytes())  # noqa: S301 - written by this user's server, private folder
    except Exception:  # a half-written or outdated file: read afresh
        log.exception("could not read the shared cache %s", path)
        return None


def store(key: tuple[object, ...], value: Any) -> None:
    """Keep `value` under `key` for the server's other kernels (written atomically, private)."""
    path = _path(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
        _prune(path.parent)
    except OSError:
        log.exception("could not share %s", path)


#: objects kept in the folder (each store mark makes new ones; the older are of no use)
KEEP = 4


def _prune(folder: Path) -> None:
    """Remove all but the newest `KEEP` objects (a kernel reading one just removed reads the store)."""
    def made(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:  # removed meanwhile by another kernel
            return 0.0

    for old in sorted(folder.glob("*.pickle"), key=made, reverse=True)[KEEP:]:
        old.unlink(missing_ok=True)
