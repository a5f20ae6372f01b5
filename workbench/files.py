"""The one way the workbench writes a file: whole or not at all.

The bytes go to a temporary file in the same folder, which is then renamed over the target, so a
reader never sees half a file and a failure leaves the old file (or none) in place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text_atomic(text: str, path: Path | str, *, private: bool = False) -> Path:
    """Write `text` (UTF-8) to `path` atomically; returns the path (see `write_bytes_atomic`)."""
    return write_bytes_atomic(text.encode("utf-8"), path, private=private)


def write_bytes_atomic(data: bytes, path: Path | str, *, private: bool = False) -> Path:
    """Write `data` to `path` atomically; returns the path.

    The file gets mode 0666 less the umask, or 0600 in a folder created 0700 if `private`
    (saves waiting for the store, the dashboards' shared cache).
    """
    path = Path(path)
    if private:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o600 if private else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
