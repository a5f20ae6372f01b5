"""The demo store a benchmark runs on: `workbench demo-data` into --db, unless it already holds the homes.

Shared by `benchmarks/challenges.py` and `benchmarks/previsit.py` (run as scripts: this folder is
on their import path).
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import func, select

from workbench.cli import main as workbench
from workbench.config import resolve_db_url
from workbench.store.db import connect, session_scope
from workbench.store.models import Home


def demo_store(db: str, homes: int, years: int, seed: int, as_of: str = "") -> str:
    """The store's URL, with at least `homes` demo homes of `years` history (generated if fewer)."""
    url = resolve_db_url(db)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    connect(url)
    with session_scope(url) as session:
        have = session.scalar(select(func.count(Home.id))) or 0
    if have >= homes:
        return url
    started = time.perf_counter()
    argv = ["demo-data", "--homes", str(homes), "--seed", str(seed), "--years", str(years), "--replace", "--db", url]
    code = workbench(argv + (["--as-of", as_of] if as_of else []))
    if code:
        raise SystemExit(f"demo-data failed with exit status {code}")
    print(f"generated {homes} homes x {years} years in {time.perf_counter() - started:.1f} s")
    return url
