"""An IPython shell that records a cell's outputs as nbformat output dicts (no wire protocol).

It is what runs inside a forked kernel (see `workbench.batch.kernel`): the same IPython
machinery as ipykernel (display hook, display publisher, rich formatters, the inline
matplotlib backend, IPython tracebacks), but outputs are collected in memory and handed
back over a pipe instead of being sent over ZeroMQ.
"""

from __future__ import annotations

import base64
import io
import sys
from typing import Any

from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config


class OutputSink:
    """The outputs of the cell being executed, in the order they were produced."""

    def __init__(self) -> None:
        self.outputs: list[dict[str, Any]] = []

    def stream(self, name: str, text: str) -> None:
        """Append stream text, merging with the previous output of the same stream."""
        if not text:
            return
        if self.outputs and self.outputs[-1].get("output_type") == "stream" and self.outputs[-1]["name"] == name:
            self.outputs[-1]["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})

    def reset(self) -> list[dict[str, Any]]:
        """Return the collected outputs and start a new list."""
        outputs, self.outputs = self.outputs, []
        return outputs


SINK = OutputSink()


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    """Mime bundle values as nbformat stores them (binary data base64-encoded)."""
    clean: dict[str, Any] = {}
    for mime, value in data.items():
        if isinstance(value, bytes):
            value = base64.b64encode(value).decode("ascii")
        clean[mime] = value
    return clean


class _Stream:
    """A text stream that records what is written as a notebook stream output."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, name: str) -> None:
        self.name = name

    def write(self, text: str) -> int:
        SINK.stream(self.name, str(text))
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise io.UnsupportedOperation("captured stream has no file descriptor")


class RecordingDisplayHook(DisplayHook):
    """Records `execute_result` outputs (the value of a cell's last expression)."""

    def write_output_prompt(self) -> None:
        return None

    def write_format_data(self, format_dict: dict[str, Any], md_dict: dict[str, Any] | None = None) -> None:
        SINK.outputs.append({
            "output_type": "execute_result",
            "execution_count": self.prompt_count,
            "data": _jsonable(format_dict),
            "metadata": md_dict or {},
        })

    def finish_displayhook(self) -> None:
        return None


class RecordingDisplayPublisher(DisplayPublisher):
    """Records `display_data` outputs and honours `clear_output`."""

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:  # noqa: ANN001
        SINK.outputs.append({"output_type": "display_data", "data": _jsonable(data), "metadata": metadata or {}})

    def clear_output(self, wait: bool = False) -> None:
        SINK.outputs.clear()


class RecordingShell(InteractiveShell):
    """An InteractiveShell whose tracebacks become `error` outputs."""

    def _showtraceback(self, etype, evalue, stb) -> None:  # noqa: ANN001
        SINK.outputs.append({
            "output_type": "error",
            "ename": getattr(etype, "__name__", str(etype)),
            "evalue": str(evalue),
            "traceback": list(stb),
        })


def make_shell() -> RecordingShell:
    """The process's shell, configured like a kernel's (inline matplotlib, no colours off)."""
    config = Config()
    config.HistoryManager.enabled = False  # no history database (nor its writer thread) to share across forks
    shell = RecordingShell.instance(
        config=config,
        displayhook_class=RecordingDisplayHook,
        display_pub_class=RecordingDisplayPublisher,
        colors="nocolor",
    )
    try:
        shell.enable_matplotlib("inline")
    except Exception:  # pragma: no cover - matplotlib is a dependency, but keep shells usable without it
        pass
    return shell


def run_cell(shell: RecordingShell, code: str) -> tuple[bool, int, list[dict[str, Any]]]:
    """Execute one cell; returns (succeeded, execution_count, outputs)."""
    SINK.reset()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Stream("stdout"), _Stream("stderr")
    try:
        result = shell.run_cell(code, store_history=True)
    finally:
        sys.stdout, sys.stderr = saved
    count = result.execution_count or shell.execution_count - 1
    return bool(result.success), count, SINK.reset()
