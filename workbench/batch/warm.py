"""The warm process: imports once, then executes one home's notebook per request.

`python -m workbench.batch.warm FD` serves requests on the socket FD. It pre-imports the
libraries reports use (and the modules the notebook imports), builds the IPython shell and
the nbconvert exporter once, then for each request runs papermill with the ``warm`` engine
(each notebook in its own forked kernel, see `workbench.batch.kernel`) and delivers the document as
every document is (`workbench.report.documents.deliver`: the executed notebook and the HTML written
once each, under temporary names renamed into place, and a report's export recorded).

`WarmWorker` is the client side: it starts such a process and sends it jobs; if the
process itself dies it is restarted and the job is reported failed.
"""

from __future__ import annotations

import ast
import gc
import importlib
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from workbench.batch.messages import Job, JobResult, Warmed

#: Imported by every warm process before the first notebook (paid once, not per home).
PREWARM_MODULES = (
    "ctypes",
    "pandas",
    "numpy",
    "sqlalchemy",
    "matplotlib",
    "matplotlib.pyplot",
    "workbench.store.db",
    "workbench.store.models",
    "workbench.html",
    "workbench.jupyter.export",
    "workbench.rules.timings",
)


def notebook_imports(notebook: str | Path) -> list[str]:
    """The top-level modules a notebook's code cells import (to import them before forking)."""
    import nbformat

    names: list[str] = []
    for cell in nbformat.read(str(notebook), as_version=4).cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
                names += [f"{node.module}.{alias.name}" for alias in node.names]  # may be submodules
    return list(dict.fromkeys(names))


def prewarm(notebooks: list[str], db: str | None, warmups: Sequence[tuple[str, dict[str, Any]]] = ()) -> Warmed:
    """Import everything a report needs, build the shell and the exporter, open the store once.

    `warmups` are package functions ("module:function", kwargs) called once and their results
    discarded, e.g. the report's data loader for one sample home: SQLAlchemy configures its
    mappers and compiles its statements, lazy imports happen, YAML rules load, all before any
    fork. They run package code only, never a notebook, so no notebook state is inherited.
    """
    started = time.perf_counter()
    failed: list[str] = []
    modules = list(PREWARM_MODULES)
    for notebook in notebooks:
        modules += notebook_imports(notebook)
    for name in dict.fromkeys(modules):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:  # `from package import function`: not a module, nothing to do
            pass
        except Exception:  # noqa: BLE001 - the notebook itself will report a broken module
            failed.append(name)
    import matplotlib.pyplot as plt

    from workbench.batch.shell import make_shell, run_cell
    from workbench.jupyter.export import exporter

    shell = make_shell()
    run_cell(shell, "pass")  # IPython's first cell loads its input transformers; do it here, once
    shell.execution_count = 1
    exporter()
    figure = plt.figure(figsize=(1, 1))  # loads fonts and the Agg backend once
    figure.savefig(io.BytesIO(), format="png")
    plt.close("all")
    if db:
        from sqlalchemy import text

        from workbench.store.db import connect

        engine = connect(db)  # checks/upgrades the schema once per process
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        for target, kwargs in warmups:
            module, function = target.split(":")
            try:
                target_object: Any = importlib.import_module(module)
                for attribute in function.split("."):
                    target_object = getattr(target_object, attribute)
                target_object(**kwargs)
            except Exception as error:  # noqa: BLE001 - warming is an optimisation; the run reports real errors
                failed.append(f"{target}: {error}")
        engine.dispose()  # kernels open their own connections (the compiled-statement cache stays warm)
    gc.collect()
    gc.freeze()  # what is imported now is shared copy-on-write; keep the collector off those pages
    return Warmed(time.perf_counter() - started, failed)


class _Kept:
    """Papermill I/O for ``wb-kept://`` paths: what papermill writes of a run is kept in memory, not on
    disk (the job writes the notebook once: `deliver`, or the failed run with papermill's error banner)."""

    SCHEME = "wb-kept://"
    notebooks: dict[str, str] = {}
    registered = False

    @classmethod
    def register(cls) -> None:
        """Make papermill send ``wb-kept://`` paths here (once per process)."""
        if not cls.registered:
            from papermill.iorw import papermill_io

            papermill_io.register(cls.SCHEME, cls)
            cls.registered = True

    @classmethod
    def write(cls, buf: str, path: str) -> None:
        cls.notebooks[path] = buf

    @classmethod
    def read(cls, path: str) -> str:
        return cls.notebooks[path]

    @classmethod
    def pretty_path(cls, path: str) -> str:
        return path

    @classmethod
    def listdir(cls, path: str) -> list[str]:
        raise NotImplementedError("wb-kept:// holds notebooks, not folders")


def run_job(job: Job) -> JobResult:
    """Execute one home's notebook through papermill here, then render, guard and write it and record a
    report's export as every document is (`workbench.report.documents.deliver`); never raises."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from workbench.errors import one_line
    from workbench.files import write_text_atomic
    from workbench.report.documents import content_before, deliver

    started = time.perf_counter()
    out_ipynb, out_html = Path(job.out_ipynb), Path(job.out_html)
    out_ipynb.parent.mkdir(parents=True, exist_ok=True)
    kept = f"{_Kept.SCHEME}{os.getpid()}/{job.key}.ipynb"
    _Kept.register()
    result = JobResult(job.key, "done", ipynb=str(out_ipynb), html=str(out_html))
    try:
        content = content_before(job.document)  # a report's content as its notebook reads it
        nb = papermill.execute_notebook(
            job.notebook, kept, parameters=job.parameters, engine_name="warm",
            request_save_on_cell_execute=False, progress_bar=False, cwd=job.cwd,
            notebook_timeout=job.timeout,
        )
        nb.metadata.papermill["output_path"] = str(out_ipynb)  # where it is written (papermill's was in memory)
        deliver(nb, out_html, out_ipynb, job.document, content)  # a published report names no home, address or child
    except PapermillExecutionError as error:
        if kept in _Kept.notebooks:  # the failed run, with papermill's error banner and link
            write_text_atomic(_Kept.notebooks[kept], out_ipynb)
        out_html.unlink(missing_ok=True)  # never leave an older report that looks current
        where = f"In [{error.exec_count}]" if error.exec_count else f"cell index {error.cell_index}"
        result.status, result.error, result.html = "failed", f"{error.ename}: {one_line(error.evalue)} ({where})", ""
    except Exception as error:  # noqa: BLE001 - one home's failure must not stop the batch
        out_html.unlink(missing_ok=True)
        message = getattr(error, "message", None) or f"{type(error).__name__}: {one_line(error)}"
        result.status, result.error, result.html = "failed", message, ""
        if not out_ipynb.exists():
            result.ipynb = ""
    finally:
        _Kept.notebooks.pop(kept, None)
    result.seconds = round(time.perf_counter() - started, 4)
    return result


def _exit_with_parent() -> None:
    """End this process if the batch that started it disappears (e.g. ``kill -9``).

    A daemon thread polls the parent pid; kernels forked from here die with us (see
    `workbench.batch.kernel`), so an interrupted batch leaves no process behind.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="wb-parent-watch", daemon=True).start()


def serve(fd: int) -> None:
    """The warm process's loop: ("warm", notebooks, db) and ("run", job) requests; None ends it."""
    from workbench.batch import kernel

    conn = Connection(fd)
    kernel.INHERITED_FDS_TO_CLOSE.add(fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle: it stops us cleanly
    _exit_with_parent()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # stray prints go to stderr, never into the protocol
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        if request[0] == "warm":
            conn.send(prewarm(*request[1:]))
        elif request[0] == "run":
            conn.send(run_job(request[1]))


class WarmWorker:
    """Client of one warm process (started on first use, restarted if it dies)."""

    def __init__(self, notebooks: list[str], db: str | None, warmups: Sequence[tuple[str, dict[str, Any]]] = ()) -> None:
        self.notebooks, self.db, self.warmups = notebooks, db, list(warmups)
        self.process: subprocess.Popen | None = None
        self.conn: Connection | None = None
        self.lock = threading.Lock()
        self.warm_seconds = 0.0
        self.warm_problems: list[str] = []

    def start(self) -> None:
        """Start the process and wait until it is warm."""
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workbench.batch.warm", str(theirs.fileno())],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.conn.send(("warm", self.notebooks, self.db, self.warmups))
        warmed = self.conn.recv()
        self.warm_seconds, self.warm_problems = warmed.seconds, warmed.not_imported

    def run(self, job: Job, slack: float = 120.0) -> JobResult:
        """Run a job; a dead or hung warm process fails the job and is replaced next time."""
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self.start()
            assert self.conn is not None
            limit = (job.timeout or 3600.0) + slack
            try:
                self.conn.send(("run", job))
                if self.conn.poll(limit):
                    return self.conn.recv()
                reason = f"worker process gave no answer within {limit:g} s"
            except (EOFError, OSError) as error:
                reason = f"worker process died ({type(error).__name__})"
            self.stop(kill=True)
            return JobResult.failed(job.key, reason)

    def stop(self, kill: bool = False) -> None:
        """End the warm process."""
        if self.process is None:
            return
        try:
            if not kill and self.conn is not None:
                self.conn.send(None)
                self.process.wait(10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.conn is not None:
            self.conn.close()
        self.process, self.conn = None, None


if __name__ == "__main__":
    serve(int(sys.argv[1]))
