"""User errors end in one clear line and the right exit status, never a traceback, and leave the store as it was
(issue 14 point 6). Every case runs the real `workbench` command in a subprocess."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_files import deep_json
from report_fixtures import CHILD_REFS, add_users, build_home
from sqlalchemy import func, select

from workbench.store.db import session_scope
from workbench.store.models import Inspection, LineOfEnquiry

EXE = str(Path(sys.executable).parent / "workbench")
URN = "SC900001"
INSPECTOR = f"insp-{URN}"


def _run(*args: str, timeout: float = 300) -> tuple[int, str]:
    done = subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout)
    return done.returncode, done.stderr + done.stdout


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store with a home, its draft full inspection submitted, an inspector and a manager."""
    path = tmp_path_factory.mktemp("store") / "store.sqlite"
    url = f"sqlite:///{path}"
    built = build_home(url, URN)
    with session_scope(url) as session:
        add_users(session, {"mgr": "manager"})
        session.get(Inspection, built.full_id).status = "submitted"
    from workbench.store import db as store_db

    store_db._engines.pop(url).dispose()  # the file is complete on disk (no WAL left behind)
    return path


def _read_only(path: Path) -> str:
    return f"sqlite:///file:{path}?mode=ro&uri=true"


READ_ONLY_CASES = [
    ("inspect", URN, "--user", INSPECTOR, "--visit-date", "2026-12-01"),  # a new inspection for that day
    ("report", URN, "--status", "return", "--notes", "Tighten the evidence.", "--user", "mgr"),
    ("demo-data", "--homes", "2", "--seed", "1", "--replace"),
    ("prepare", URN, "--user", INSPECTOR),
    ("report", URN, "--user", INSPECTOR),
]


@pytest.mark.parametrize("args", READ_ONLY_CASES, ids=[" ".join(a[:4]) for a in READ_ONLY_CASES])
def test_a_read_only_store_is_one_line_exit_1_and_unchanged(store: Path, tmp_path: Path, args: tuple[str, ...]
                                                             ) -> None:
    before = _digest(store)
    extra = ("--out", str(tmp_path / "out")) if args[0] in ("prepare", "report", "inspect") and "--status" not in args else ()
    code, output = _run(*args, *extra, "--db", _read_only(store))
    assert "Traceback" not in output and "[SQL:" not in output and "parameters" not in output
    assert not any(ref in output for ref in CHILD_REFS)
    lines = output.strip().splitlines()
    assert code == 1 and len(lines) == 1, output
    assert "the store is read-only (attempt to write a readonly database); nothing was changed" in lines[0], output
    assert _digest(store) == before
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def _lines_of_enquiry(url: str) -> int:
    with session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(LineOfEnquiry)) or 0


def test_prepare_out_a_file_refuses_before_saving_any_line(store: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'copy.sqlite'}"
    (tmp_path / "copy.sqlite").write_bytes(store.read_bytes())
    target = tmp_path / "a-file"
    target.write_text("not a folder")
    before = _lines_of_enquiry(url)
    code, output = _run("prepare", URN, "--user", INSPECTOR, "--out", str(target), "--db", url)
    assert code == 2 and output.strip() == f"workbench prepare: --out {target} is a file, not a folder; nothing was run or saved"
    assert _lines_of_enquiry(url) == before and target.read_text() == "not a folder"


USAGE_CASES = [
    (("homes", "--db", "foo://bar"), "cannot open the store at foo://bar: Can't load plugin: sqlalchemy.dialects:foo"),
    (("report", URN, "--inspection", "99999999999999999999"),
     "argument --inspection: expected an inspection id from 1 to 2,147,483,647, got '99999999999999999999'"),
    (("judgements", URN, "--inspection", "99999999999999999999"), "expected an inspection id from 1 to 2,147,483,647"),
    (("serve", "--base-url", "javascript:alert(document.cookie)//"),
     "argument --base-url: expected a URL path such as /user/ann/"),
    (("serve", "--base-url", "//evil.example/"), "argument --base-url: expected a URL path"),
    (("prepare", URN, "--timeout", "0"), "argument --timeout: expected a positive number of seconds, got '0'"),
    (("prepare", URN, "--timeout", "-5"), "argument --timeout: expected a positive number of seconds, got '-5'"),
    (("batch", "interim", "--all", "--timeout", "0"), "argument --timeout: expected a positive number, got '0'"),
    (("batch", "previsit", "--all", "--visit-date", "9999-12-31"),
     "visit date 9999-12-31 is more than 366 days ahead"),
]


@pytest.mark.parametrize(("args", "message"), USAGE_CASES, ids=[" ".join(a[:3]) for a, _ in USAGE_CASES])
def test_usage_errors_are_one_line_exit_2(store: Path, args: tuple[str, ...], message: str) -> None:
    before = _digest(store)
    code, output = _run(*args, *(() if "--db" in args else ("--db", f"sqlite:///{store}")))
    assert code == 2 and message in output and "Traceback" not in output, output
    assert [line for line in output.splitlines() if not line.startswith(("usage:", " "))] == [
        next(line for line in output.splitlines() if message in line)]
    assert _digest(store) == before


def test_a_visit_date_far_ahead_is_refused_at_once(store: Path) -> None:
    started = time.perf_counter()
    code, output = _run("prepare", URN, "--user", INSPECTOR, "--visit-date", "9999-12-31", "--db", f"sqlite:///{store}")
    assert code == 2 and "visit date 9999-12-31 is more than 366 days ahead" in output and "para 7" in output
    assert len(output.strip().splitlines()) == 1 and time.perf_counter() - started < 60


def test_batch_with_a_file_that_is_not_a_notebook(store: Path, tmp_path: Path) -> None:
    for name, text in (("notes.ipynb", "not json at all"), ("cells.ipynb", '{"cells": 3}')):
        (tmp_path / name).write_text(text)
        code, output = _run("batch", "interim", "--all", "--notebook", str(tmp_path / name), "--out",
                            str(tmp_path / "out"), "--db", f"sqlite:///{store}")
        assert code == 2 and f"{tmp_path / name} is not a Jupyter notebook (" in output, output
        assert len(output.strip().splitlines()) == 1 and "Traceback" not in output


def test_json_nested_a_thousand_deep(store: Path, tmp_path: Path) -> None:
    before = _digest(store)
    code, output = _run("ingest", "notifications", str(deep_json(tmp_path / "deep.json")), "--db", f"sqlite:///{store}")
    assert code == 2 and "over the limit of 20 levels of JSON nesting" in output and "Traceback" not in output
    assert _digest(store) == before
