"""A kernel forked from a pre-imported ("warm") process, used for exactly one notebook.

Isolation comes from the operating system: each notebook runs in a fresh `fork()` of a
process that has imported pandas, SQLAlchemy, matplotlib and the workbench but never ran a
notebook. Whatever a run changes (variables, module attributes, `os.environ`, the working
directory, open connections) lives in that child's copy-on-write memory and disappears
with it. Forking costs milliseconds, where starting a Jupyter kernel and importing pandas
costs about a second. Cells and outputs travel over a socket pair (pickled), not ZeroMQ.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from multiprocessing.connection import Connection
from typing import Any

#: File descriptors of the warm process that a kernel must not keep open (e.g. its own
#: request channel), closed right after the fork.
INHERITED_FDS_TO_CLOSE: set[int] = set()


class KernelDied(RuntimeError):
    """The kernel process ended while running a cell."""


class KernelTimeout(RuntimeError):
    """The notebook ran past its time budget; the kernel was killed."""


def _die_with_parent() -> None:
    """Linux: have the kernel killed when the process that forked it exits."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


def _child_main(conn: Connection, cwd: str) -> None:
    from workbench.batch import shell as shell_module

    _die_with_parent()
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)  # stray C-level writes must not reach any protocol pipe
    for fd in INHERITED_FDS_TO_CLOSE:
        try:
            os.close(fd)
        except OSError:
            pass
    _forget_inherited_connections()
    os.chdir(cwd)
    shell = shell_module.make_shell()
    while True:
        try:
            code = conn.recv()
        except EOFError:
            return
        if code is None:
            return
        conn.send(shell_module.run_cell(shell, code))


def _forget_inherited_connections() -> None:
    """Drop (without closing) database connections pooled in the parent (SQLAlchemy's fork advice)."""
    import sys

    store_db = sys.modules.get("workbench.store.db")
    for engine in list(getattr(store_db, "_engines", {}).values()):
        engine.dispose(close=False)


class ForkedKernel:
    """A one-notebook kernel: `run(code)` per cell, then `close()`."""

    def __init__(self, cwd: str | None = None) -> None:
        parent_sock, child_sock = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # the kernel
            parent_sock.close()
            status = 0
            try:
                _child_main(Connection(child_sock.detach()), cwd or os.getcwd())
            except BaseException:  # noqa: BLE001 - a kernel must never return into the parent's code
                status = 70
            finally:
                os._exit(status)
        child_sock.close()
        self.pid = pid
        self.conn = Connection(parent_sock.detach())
        self.exit_status: int | None = None

    def run(self, code: str, timeout: float | None = None) -> tuple[bool, int, list[dict[str, Any]]]:
        """Execute one cell; raises KernelDied or KernelTimeout (the kernel is then gone)."""
        try:
            self.conn.send(code)
            if timeout is not None and not self.conn.poll(max(timeout, 0.0)):
                self.kill()
                raise KernelTimeout(f"timed out after {timeout:g} s")
            return self.conn.recv()
        except (EOFError, OSError) as error:
            raise KernelDied(f"kernel died: {self._describe_exit()}") from error

    def _describe_exit(self) -> str:
        status = self.wait(2.0)
        if status is None:
            return "no reply from the kernel"
        if status < 0:
            return f"killed by signal {signal.Signals(-status).name}"
        return f"exit status {status}"

    def wait(self, timeout: float) -> int | None:
        """Reap the kernel process; returns its exit status (negative: signal), None if still running."""
        if self.exit_status is not None:
            return self.exit_status
        deadline = time.monotonic() + timeout
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_status = os.waitstatus_to_exitcode(status)
                return self.exit_status
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.005)

    def kill(self) -> None:
        """Kill the kernel at once and reap it."""
        if self.exit_status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.wait(5.0)

    def close(self) -> None:
        """Ask the kernel to exit (it is never reused); it is reaped later, without waiting now."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.conn.close()
        if self.wait(0.0) is None:
            _EXITING[self.pid] = time.monotonic()
        reap_exited()


#: Kernels asked to exit and not reaped yet: pid -> when asked.
_EXITING: dict[int, float] = {}


def reap_exited(grace: float = 10.0) -> None:
    """Reap kernels that have exited; kill those still running `grace` seconds after close()."""
    for pid, asked in list(_EXITING.items()):
        try:
            done, _status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if not done and time.monotonic() - asked > grace:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            continue
        if done:
            del _EXITING[pid]
