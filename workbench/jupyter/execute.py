"""Run one of our notebooks through papermill: read -> check parameters -> execute -> write.

Papermill only warns about parameters the notebook does not declare; we refuse them
(and values of the wrong type) before anything runs, so a mistake writes nothing.
"""

from __future__ import annotations

import ast
import datetime as dt
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
import papermill
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir
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
        runtime = Path(jupyter_runtime_dir())
        runtime.mkdir(parents=True, exist_ok=True)
        return str(runtime / f"wb-{uuid.uuid4().hex[:12]}-ipc")


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

    Returns the executed notebook, which keeps papermill's metadata (parameters, timings).
    Raises papermill's `PapermillExecutionError` if a cell fails (the written notebook then
    carries papermill's error cell, as papermill tools expect).
    """
    notebook = Path(name_or_path) if str(name_or_path).endswith(".ipynb") else notebook_path(str(name_or_path))
    checked = check_parameters(notebook, parameters)
    with tempfile.TemporaryDirectory(prefix="wb-run-") as scratch:
        scratch_out = Path(scratch) / "out.ipynb"
        extra: dict[str, Any] = {}
        if timeout is not None:
            extra["execution_timeout"] = timeout
        if engine_name in (None, "nbclient"):
            extra["kernel_manager_class"] = IPCKernelManager
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
        finally:
            if output_path is not None and scratch_out.exists():
                atomic_write_notebook(nbformat.read(scratch_out, as_version=4), Path(output_path))
    return result
