"""Resumable batches: a per-home manifest recording what inputs produced which outputs.

A home is complete when its manifest exists, its input fingerprint (notebook file hash +
parameters + the home's data fingerprint) equals the current one and the output files it
names exist with the recorded sizes. Manifests are written last, under a temporary name
then renamed, so an interrupted run (Ctrl-C, ``kill -9``) never leaves a home that looks
complete but is not; re-running the same command redoes exactly the incomplete homes.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.files import write_text_atomic
from workbench.store.models import Base, Inspection

MANIFEST_DIR = ".manifests"
#: Tables a run writes about its own output and no document shows: not inputs (a batch's recorded
#: export must not make its report look out of date).
NOT_INPUTS = frozenset({"report_exports"})


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def data_fingerprints(session: Session, home_ids: list[int]) -> dict[int, str]:
    """Per home, a hash of (row count, max id, max updated_at) of each table holding its records.

    Tables with a ``home_id`` are grouped directly; tables with an ``inspection_id`` through the
    inspection's home. Any insert, delete or update of a home's rows changes its fingerprint
    (but rows of `NOT_INPUTS`).
    """
    parts: dict[int, list[Any]] = defaultdict(list)
    wanted = set(home_ids)
    for table in sorted(Base.metadata.tables.values(), key=lambda t: t.name):
        if table.name in NOT_INPUTS:
            continue
        cols = table.c
        aggregates = [func.count(), func.max(cols.id) if "id" in cols else func.count()]
        if "updated_at" in cols:
            aggregates.append(func.max(cols.updated_at))
        inspections = Inspection.__table__
        if table.name == "homes":
            key = cols.id
            query = select(key, *aggregates).group_by(key)
        elif "home_id" in cols:
            key = cols.home_id
            query = select(key, *aggregates).group_by(key)
        elif "inspection_id" in cols:
            key = inspections.c.home_id
            query = (select(key, *aggregates).join(inspections, inspections.c.id == cols.inspection_id)
                     .group_by(key))
        else:
            continue
        if len(wanted) <= 500:  # a few homes: ask for those only (e.g. one home after its run)
            query = query.where(key.in_(sorted(wanted)))
        for home_id, *values in session.execute(query):
            if home_id in wanted:
                parts[home_id].append([table.name, *[str(v) for v in values]])
    return {h: hashlib.sha256(json.dumps(parts.get(h, []), sort_keys=True).encode()).hexdigest() for h in home_ids}


def fingerprint(notebook_hash: str, parameters: dict[str, Any], data_fingerprint: str) -> str:
    """The input fingerprint of one home's run."""
    payload = json.dumps({"notebook": notebook_hash, "parameters": parameters, "data": data_fingerprint},
                         sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def manifest_path(out_dir: Path, stem: str) -> Path:
    """Where a home's manifest lives."""
    return Path(out_dir) / MANIFEST_DIR / f"{stem}.json"


def read_manifest(out_dir: Path, stem: str) -> dict[str, Any] | None:
    """The manifest of a home's last run, or None (missing or unreadable counts as not run)."""
    try:
        return json.loads(manifest_path(out_dir, stem).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_complete(out_dir: Path, stem: str, input_fingerprint: str) -> dict[str, Any] | None:
    """The manifest if this home's outputs are complete for exactly these inputs, else None."""
    manifest = read_manifest(out_dir, stem)
    if not manifest or manifest.get("fingerprint") != input_fingerprint or manifest.get("status") != "done":
        return None
    for key in ("ipynb", "html"):
        name, size = manifest.get(key), manifest.get(f"{key}_bytes")
        path = Path(out_dir) / str(name or "")
        if not name or not path.is_file() or path.stat().st_size != size:
            return None
    return manifest


def write_manifest(out_dir: Path, stem: str, record: dict[str, Any]) -> Path:
    """Record a finished home (written atomically, after its outputs)."""
    record = dict(record)
    for key in ("ipynb", "html"):
        name = record.get(key)
        if name and (Path(out_dir) / name).is_file():
            record[f"{key}_bytes"] = (Path(out_dir) / name).stat().st_size
    return write_text_atomic(json.dumps(record, indent=1, sort_keys=True, default=str), manifest_path(out_dir, stem))
