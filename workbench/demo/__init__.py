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

from workbench.demo.generator import TABLES, Options, build, iter_build

__all__ = ["Options", "Summary", "build", "generate", "iter_build"]

#: below this many homes, building in a second process is not worth starting it
PARALLEL_FROM = 300


@dataclass
class Summary:
    """Rows written per table, how long it took, and how many demo homes were replaced."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    replaced: int = 0
    as_of: dt.date | None = None


def generate(db: str | None, homes: int, seed: int, as_of: dt.date | None = None, years: int = 3,
             replace: bool = False, parallel: bool | None = None) -> Summary:
    """Generate demo data for ``homes`` homes into the store ``db`` (see the module docstring).

    ``parallel``: build in a worker process while writing (default: from 300 homes on).
    """
    from workbench.demo import pipeline
    from workbench.demo.homes import demo_usernames
    from workbench.demo.writer import check_replace, first_free_ids, remove_demo, write
    from workbench.errors import UserError
    from workbench.store.db import connect

    if homes < 1:
        raise UserError(f"--homes must be at least 1, got {homes}")
    if not 1 <= years <= 15:
        raise UserError(f"--years must be between 1 and 15, got {years}")
    options = Options(homes=homes, seed=seed, as_of=as_of or dt.date.today(), years=years)
    started = time.perf_counter()
    engine = connect(db)
    with engine.begin() as connection:
        replaced = check_replace(connection, replace)
        first_ids = first_free_ids(connection)
        remove_demo(connection, demo_usernames(homes))  # demo users are the demo's own: never kept twice
    use_worker = homes >= PARALLEL_FROM if parallel is None else parallel
    encode = engine.dialect.name == "sqlite"
    counts = write(engine, pipeline.chunks(options, first_ids, parallel=use_worker, encode=encode), TABLES)
    return Summary(counts=counts, seconds=time.perf_counter() - started, replaced=replaced, as_of=options.as_of)
