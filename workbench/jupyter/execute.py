"""Run one of our notebooks through papermill: read -> check parameters -> execute -> write.

Papermill only warns about parameters the notebook does not declare; we refuse them
(and values of the wrong type) before anything runs, so a mistake writes nothing.
"""

from __future__ import annotations

import ast
import atexit
import datetime as dt
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import nbformat
import papermill
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir
from nbclient.exceptions import DeadKernelError
from traitlets import default

from workbench.config import NOTEBOOKS_DIR
from workbench.errors import UserError, one_line
from workbench.files import write_text_atomic

#: Papermill's inferred type names mapped to the Python types a value may have.
_ACCEPTED_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (float, int),
    "bool": (bool,),
}


class IPCKernelManager(AsyncKernelManager):
    """Kernels talk over IPC sockets in the user's runtime folder, not unencrypted loopback TCP."""

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"

    @default("ip")
    def _default_ip(self) -> str:
        # a socket-path prefix of its own, so kernels started at once never pick the same files
        return str(_socket_folder() / f"wb-{uuid.uuid4().hex[:12]}-ipc")


#: a Unix socket's path holds at most 107 bytes; ours add "/wb-<12 hex>-ipc-<port>" (about 30)
_SOCKET_PATH_MAX = 107 - 30


@lru_cache(maxsize=1)
def _socket_folder() -> Path:
    """The runtime folder, or (when its path is too long for a socket, e.g. under a deep HOME) a
    private folder (mode 0700) of this process in the temporary folder, removed at exit."""
    runtime = Path(jupyter_runtime_dir())
    if len(os.fsencode(runtime)) <= _SOCKET_PATH_MAX:
        runtime.mkdir(parents=True, exist_ok=True)
        return runtime
    private = Path(tempfile.mkdtemp(prefix="wb-ipc-"))
    atexit.register(shutil.rmtree, private, True)
    return private


class _Deadline:
    """The whole-notebook time limit of the nbclient path: past it, the kernel process is killed
    (nbclient then stops with a dead kernel, which `execute` reports as the time limit)."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.expired, self.done = seconds, threading.Event(), threading.Event()
        self.managers: list[AsyncKernelManager] = []
        self.thread = threading.Thread(target=self._watch, name="wb-notebook-deadline", daemon=True)

    def manager_class(self) -> type[IPCKernelManager]:
        """A kernel-manager class whose instances this deadline watches."""
        deadline = self

        class Limited(IPCKernelManager):
            def __init__(self, **kwargs: Any) -> None:
                super().__init__(**kwargs)
                deadline.managers.append(self)

        return Limited

    def _watch(self) -> None:
        if self.done.wait(self.seconds):
            return
        self.expired.set()
        while not self.done.is_set():  # the kernel may still be starting: kill it once it exists
            for manager in self.managers:
                process = getattr(manager.provisioner, "process", None)
                if process is not None and process.poll() is None:
                    process.kill()
            self.done.wait(0.2)


def notebook_path(name: str) -> Path:
    """The path of a notebook of ours, e.g. ``report`` or ``dashboards/manager``."""
    path = NOTEBOOKS_DIR / (name if name.endswith(".ipynb") else f"{name}.ipynb")
    if not path.exists():
        raise UserError(f"no notebook {path}")
    return path


def declared_parameters(notebook: Path) -> dict[str, dict[str, Any]]:
    """The notebook's parameters cell as papermill reads it: name -> {inferred_type_name, default, help}."""
    return papermill.inspect_notebook(str(notebook))


def check_notebook(path: Path) -> None:
    """Refuse a file that is not a valid Jupyter notebook, in one line (`UserError`)."""
    import nbformat

    try:
        nbformat.validate(nbformat.read(str(path), as_version=4))
    except Exception as error:  # nbformat raises many kinds: not JSON, bad schema, wrong types
        raise UserError(f"{path} is not a Jupyter notebook ({one_line(error, 200)})") from None


def check_parameters(notebook: Path, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Refuse unknown names and values of the wrong type; returns the parameters to pass.

    Dates are passed as ISO strings (notebook parameters are literals).
    """
    declared = declared_parameters(notebook)
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise UserError(
            f"{notebook.name}: unknown parameter(s) {', '.join(unknown)}; "
            f"it takes {', '.join(sorted(declared)) or 'none'}"
        )
    checked: dict[str, Any] = {}
    for name, value in parameters.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, Path):
            value = str(value)
        expected = _expected_type(declared[name])
        accepted = _ACCEPTED_TYPES.get(expected or "")
        if value is not None and accepted and (
            not isinstance(value, accepted) or (bool not in accepted and isinstance(value, bool))
        ):
            raise UserError(
                f"{notebook.name}: parameter {name} must be {expected}, got {type(value).__name__} {value!r}"
            )
        checked[name] = value
    return checked


def _expected_type(declared: Mapping[str, Any]) -> str | None:
    """The type a parameter takes: its annotation, else the type of its default literal."""
    annotated = str(declared.get("inferred_type_name") or "None")
    if annotated != "None":
        return annotated.replace("Optional[", "").rstrip("]").split("|")[0].strip()
    try:
        default = ast.literal_eval(str(declared.get("default")))
    except (ValueError, SyntaxError):
        return None
    if default is None:
        return None
    return type(default).__name__


def atomic_write_notebook(nb: nbformat.NotebookNode, path: Path) -> Path:
    """Write a notebook under a temporary name and rename it, so no half-file looks complete."""
    return write_text_atomic(nbformat.writes(nb), Path(path))


def execute(
    name_or_path: str | Path,
    parameters: Mapping[str, Any],
    output_path: Path | None = None,
    *,
    kernel_name: str = "python3",
    cwd: Path | None = None,
    engine_name: str | None = None,
    timeout: float | None = None,
) -> nbformat.NotebookNode:
    """Execute a notebook through papermill's API; writes `output_path` (atomically) if given.

    `timeout` is the whole notebook's time limit in seconds (as ``--timeout`` of prepare and batch):
    the ``warm`` engine enforces it itself, the nbclient path by killing the kernel; a notebook past
    it raises `UserError`. Returns the executed notebook, which keeps papermill's metadata
    (parameters, timings). Raises papermill's `PapermillExecutionError` if a cell fails (the written
    notebook then carries papermill's error cell, as papermill tools expect).
    """
    notebook = Path(name_or_path) if str(name_or_path).endswith(".ipynb") else notebook_path(str(name_or_path))
    checked = check_parameters(notebook, parameters)
    with tempfile.TemporaryDirectory(prefix="wb-run-") as scratch:
        scratch_out = Path(scratch) / "out.ipynb"
        extra: dict[str, Any] = {}
        deadline = None
        if engine_name == "warm":
            extra["notebook_timeout"] = timeout
        elif engine_name in (None, "nbclient"):
            extra["kernel_manager_class"] = IPCKernelManager
            if timeout is not None:
                deadline = _Deadline(timeout)
                extra["kernel_manager_class"] = deadline.manager_class()
                extra["execution_timeout"] = timeout + 60  # a backstop only: the deadline kills first
                deadline.thread.start()
        try:
            result = papermill.execute_notebook(
                str(notebook),
                str(scratch_out),
                parameters=checked,
                kernel_name=kernel_name,
                progress_bar=False,
                cwd=str(cwd or notebook.parent),
                engine_name=engine_name,
                **extra,
            )
        except DeadKernelError:
            if deadline is None or not deadline.expired.is_set():
                raise
            raise UserError(f"{notebook.name} ran past its {timeout:g} s time limit (--timeout); "
                            "the kernel was stopped") from None
        finally:
            if deadline is not None:
                deadline.done.set()
            if output_path is not None and scratch_out.exists():
                atomic_write_notebook(nbformat.read(scratch_out, as_version=4), Path(output_path))
    return result
