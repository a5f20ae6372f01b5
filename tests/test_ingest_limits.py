"""Bounded import (issue 14 point 5): small hostile files are refused before they cost memory or the store.

Each case goes through the real `workbench ingest` command in a subprocess, which reports its own
peak memory, so a regression to reading everything first shows as a failure, not a slow run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hostile_files import deep_json, xlsx_rows
from sqlalchemy import create_engine, func, select

from workbench.ingest import ingest_file
from workbench.ingest.limits import Limits, from_settings, json_depth
from workbench.store.models import Notification, RejectedRow

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
#: the command's own peak: VmHWM of its address space. Not getrusage's ru_maxrss, which Linux carries over
#: from the forked copy of the parent across exec: a pytest worker of 400 MB made every child "peak" at 400 MB.
_RUN = ("import sys; from workbench.cli import main; code = main(sys.argv[1:]); "
        "hwm = [line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:')][0]; "
        "print('peak-kb', hwm, file=sys.stderr); sys.exit(code)")


def _ingest(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, int]:
    """(exit status, stderr without the memory line, peak memory in MB) of `workbench ingest ...`."""
    done = subprocess.run([sys.executable, "-c", _RUN, "ingest", *args, "--no-progress"], capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})
    lines = done.stderr.splitlines()
    peak = int(lines.pop().split()[1]) // 1024 if lines and lines[-1].startswith("peak-kb") else -1
    return done.returncode, "\n".join(lines) + done.stdout, peak


def _counts(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = (conn.scalar(select(func.count()).select_from(RejectedRow)),
                  conn.scalar(select(func.count()).select_from(Notification)))
    engine.dispose()
    return counts


def test_four_million_row_xlsx_is_refused_from_its_dimension(tmp_path: Path, sqlite_url: str) -> None:
    path = xlsx_rows(tmp_path / "four-million.xlsx", 4_000_000)
    assert path.stat().st_size < 4_000_000
    code, err, peak = _ingest("notifications", str(path), "--dry-run", "--db", sqlite_url)
    assert code == 2 and "Traceback" not in err
    assert "declares 4,000,001 rows, over the limit of 2,000,000 rows" in err and "--max-rows N" in err
    assert "WORKBENCH_INGEST_MAX_ROWS" in err
    assert peak < 400, f"peak memory {peak} MB"  # was 4.7 GB


def test_rows_are_counted_as_they_stream_when_the_sheet_declares_nothing(tmp_path: Path, sqlite_url: str) -> None:
    path = xlsx_rows(tmp_path / "no-dimension.xlsx", 25_000, dimension=False)
    code, err, _ = _ingest("notifications", str(path), "--dry-run", "--max-rows", "5000", "--db", sqlite_url)
    assert code == 2 and "the file has more than 5,000 rows, over the limit of 5,000 rows" in err
    assert "Traceback" not in err


def test_a_small_file_of_rejected_rows_does_not_fill_the_store(tmp_path: Path, sqlite_url: str) -> None:
    path = xlsx_rows(tmp_path / "rejected.xlsx", 400_015)
    assert path.stat().st_size < 400_000
    store = Path(sqlite_url.removeprefix("sqlite:///"))
    before = store.stat().st_size
    code, err, peak = _ingest("notifications", str(path), "--db", sqlite_url)
    assert code == 2 and "Traceback" not in err
    assert "more than 10,000 rows were rejected (the first: row 2, column 'URN', value 'SC999999'" in err
    assert "--max-rejected N" in err
    assert _counts(sqlite_url) == (0, 0)
    assert store.stat().st_size < before + 1_000_000  # was 3 MB -> 138 MB
    assert peak < 400, f"peak memory {peak} MB"


def test_the_rejected_limit_is_overridable_and_kept_rows_stay_below_it(db_url: str, tmp_path: Path) -> None:
    path = xlsx_rows(tmp_path / "fifty.xlsx", 50)
    refused = ingest_file("notifications", path, db_url, limits=Limits(rejected=10))
    assert refused.exit_code == 2 and "over the limit of 10 rejected rows" in (refused.refused or "")
    assert refused.rejected == [] and _counts(db_url) == (0, 0)
    taken = ingest_file("notifications", path, db_url, limits=Limits(rejected=50))
    assert taken.exit_code == 1 and len(taken.rejected) == 50 and _counts(db_url) == (50, 0)


def test_json_nested_a_thousand_deep_is_refused_before_parsing(tmp_path: Path, sqlite_url: str) -> None:
    path = deep_json(tmp_path / "deep.json")
    code, err, _ = _ingest("notifications", str(path), "--db", sqlite_url)
    assert code == 2 and "Traceback" not in err and "RecursionError" not in err
    assert "nests values more than 20 levels deep, over the limit of 20 levels of JSON nesting" in err
    assert "--max-depth N" in err
    raised, err, _ = _ingest("notifications", str(path), "--max-depth", "100000", "--db", sqlite_url)
    assert raised == 2 and "more than the JSON reader can follow" in err and "Traceback" not in err
    assert _counts(sqlite_url) == (0, 0)


def test_json_depth_ignores_brackets_inside_strings() -> None:
    assert json_depth('[{"a": "[[[[[[", "b": "\\"]]{{"}]', 5) == 2
    assert json_depth("[" * 50 + "]" * 50, 10) == 11  # stops as soon as it is over


def test_unpacked_size_and_cells_are_checked_before_reading(tmp_path: Path, sqlite_url: str) -> None:
    path = xlsx_rows(tmp_path / "rows.xlsx", 200_000)
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(m.file_size for m in archive.infolist())
    assert unpacked > 2_000_000
    code, err, _ = _ingest("notifications", str(path), "--max-unpacked-mb", "1", "--db", sqlite_url)
    assert code == 2 and f"the workbook unpacks to {unpacked / 1e6:,.0f} MB" in err and "--max-unpacked-mb N" in err
    code, err, _ = _ingest("notifications", str(path), "--max-cells", "5000", "--db", sqlite_url)
    assert code == 2 and "declares 200,001 rows of 5 columns (1,000,005 cells)" in err and "--max-cells N" in err


def test_limits_from_settings_and_a_bad_setting(tmp_path: Path, sqlite_url: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_INGEST_MAX_CELLS", "1_000")
    assert from_settings().cells == 1000
    code, err, _ = _ingest("notifications", str(EXAMPLES / "notifications.csv"), "--dry-run", "--db", sqlite_url,
                           env={"WORKBENCH_INGEST_MAX_ROWS": "3"})
    assert code == 2 and "the file has more than 3 rows, over the limit of 3 rows" in err
    code, err, _ = _ingest("notifications", str(EXAMPLES / "notifications.csv"), "--dry-run", "--db", sqlite_url,
                           env={"WORKBENCH_INGEST_MAX_REJECTED": "lots"})
    assert code == 2 and "WORKBENCH_INGEST_MAX_REJECTED='lots' is not a positive whole number" in err
    code, err, _ = _ingest("notifications", "x.csv", "--max-rows", "0")
    assert code == 2 and "expected a positive whole number, got '0'" in err


def test_ordinary_nesting_is_accepted() -> None:
    assert json_depth(json.dumps([{"URN": "SC1", "Reference": {"deep": [1, [2]]}}]), 20) == 5
