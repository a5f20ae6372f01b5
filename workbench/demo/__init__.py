"""Deterministic, fictional demo data for the workbench: ``generate(db, homes=..., seed=...)``.

Same (seed, homes, as_of, years) gives the same rows. Demo homes use URNs ``SC9xxxxx`` and
``9xxxxxx``; users ``inspector1``..``inspectorN`` (inspectors) and ``manager``, ``manager2``
(managers). Running again on a store with demo homes is refused unless ``replace=True``, which
deletes the previous demo homes (and all their records) and the demo users first.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from workbench.demo.generator import TABLES, Options, build
from workbench.demo.writer import check_replace, demo_usernames, first_free_ids, remove_demo, write

__all__ = ["Options", "Summary", "build", "generate"]


@dataclass
class Summary:
    """Rows written per table, how long it took, and how many demo homes were replaced."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    build_seconds: float = 0.0
    replaced: int = 0
    as_of: dt.date | None = None


def generate(db: str | None, homes: int, seed: int, as_of: dt.date | None = None, years: int = 3,
             replace: bool = False) -> Summary:
    """Generate demo data for ``homes`` homes into the store ``db`` (see the module docstring)."""
    from workbench.errors import UserError
    from workbench.store.db import connect

    if homes < 1:
        raise UserError(f"--homes must be at least 1, got {homes}")
    if not 1 <= years <= 15:
        raise UserError(f"--years must be between 1 and 15, got {years}")
    options = Options(homes=homes, seed=seed, as_of=as_of or dt.date.today(), years=years)
    started = time.perf_counter()
    engine = connect(db)
    with engine.connect() as connection:
        replaced = check_replace(connection, replace)
        first_ids = first_free_ids(connection)
    rows = build(options, first_ids)
    built = time.perf_counter()
    if replaced:
        with engine.begin() as connection:
            remove_demo(connection, demo_usernames(rows))
    else:
        with engine.begin() as connection:  # demo users are the demo's own: replace any left over
            remove_demo(connection, demo_usernames(rows))
    write(engine, rows, TABLES)
    return Summary(counts={t: len(rows[t]) for t in TABLES}, seconds=time.perf_counter() - started,
                   build_seconds=built - started, replaced=replaced, as_of=options.as_of)
