"""Kernels talk over IPC sockets; a socket's path has a hard limit (107 bytes on Linux).

Under a deep HOME the Jupyter runtime folder is too long for one: kernels then failed with
"File name too long" (or FileNotFoundError) and a traceback. They now use a private temporary folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from workbench.jupyter import execute as execution

HELLO = Path(__file__).parent / "notebooks" / "hello.ipynb"


@pytest.fixture()
def deep_runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    deep = tmp_path / ("d" * 100) / "runtime"
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(deep))
    execution._socket_folder.cache_clear()
    yield deep
    execution._socket_folder.cache_clear()


def test_a_short_runtime_folder_is_used_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "rt"))
    execution._socket_folder.cache_clear()
    try:
        assert execution._socket_folder() == tmp_path / "rt"
    finally:
        execution._socket_folder.cache_clear()


def test_a_deep_runtime_folder_gives_a_private_short_one(deep_runtime: Path) -> None:
    folder = execution._socket_folder()
    assert folder != deep_runtime and len(os.fsencode(folder)) <= execution._SOCKET_PATH_MAX
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and folder.stat().st_uid == os.getuid()


def test_a_notebook_runs_under_a_deep_runtime_folder(deep_runtime: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.ipynb"
    execution.execute(HELLO, {"name": "deep"}, out)
    assert out.exists() and not deep_runtime.exists()  # the deep folder was not used
