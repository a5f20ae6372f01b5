"""Saves that survive a briefly unavailable store: queued in order and retried with backoff.

A job is a callable that performs one save and updates its widget; it raises a database
error when the store is locked or unreachable (see `is_transient`). Such a job is kept,
never dropped: the status says "not saved yet — retrying", a background timer retries with
backoff, and any later change first retries everything still waiting, in order.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from workbench.judgements.errors import is_transient

log = logging.getLogger(__name__)

#: Seconds between retries (the last one repeats until the store answers).
BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0)

Status = Callable[[str, str], None]  # (kind: saved | pending | refused | error, message)


def _brief(error: BaseException) -> str:
    """The error's kind and first line, without the SQL parameters (which hold what people typed)."""
    original = getattr(error, "orig", None) or error
    first = str(original).strip().splitlines()[0] if str(original).strip() else ""
    return f"{original.__class__.__name__}: {first}"[:300]


class Saver:
    """Runs save jobs now, or keeps them and retries until the store takes them."""

    def __init__(self, on_status: Status, backoff: tuple[float, ...] = BACKOFF, background: bool = True) -> None:
        self._on_status = on_status
        self._backoff = backoff
        self._background = background
        self._pending: OrderedDict[Hashable, tuple[str, Callable[[], None]]] = OrderedDict()
        self._lock = threading.RLock()
        self._timer: threading.Timer | None = None
        self._attempts = 0
        self.closed = False

    @property
    def pending(self) -> list[str]:
        """What is waiting to be saved, in order (descriptions)."""
        with self._lock:
            return [what for what, _ in self._pending.values()]

    def run(self, key: Hashable, what: str, job: Callable[[], None]) -> bool:
        """Run `job` now (after anything still waiting); keep it for retry if the store is unavailable.

        A newer job with the same key replaces a waiting one (the latest value of a field wins),
        keeping its place in the queue. Returns True when nothing is left waiting.
        """
        with self._lock:
            self._pending[key] = (what, job)  # an existing key keeps its place in the queue
            return self.flush()

    def flush(self) -> bool:
        """Try every waiting job in order; True when all are saved."""
        with self._lock:
            while self._pending:
                key, (what, job) = next(iter(self._pending.items()))
                try:
                    job()
                except Exception as error:
                    if not is_transient(error):
                        self._pending.pop(key, None)
                        log.error("saving %s failed: %s", what, _brief(error), exc_info=error)
                        self._on_status("error", f"Not saved: {what}: {_brief(error)}")
                        continue
                    self._attempts += 1
                    log.info("store unavailable while saving %s (attempt %d): %s", what, self._attempts,
                                _brief(error))
                    count = len(self._pending)
                    self._on_status("pending", f"Not saved yet — retrying: {what}"
                                    + (f" and {count - 1} more change(s)" if count > 1 else "")
                                    + " (the store is busy or unavailable; nothing you entered is lost)")
                    self._schedule()
                    return False
                self._pending.pop(key, None)
            self._attempts = 0
            return True

    def _schedule(self) -> None:
        if not self._background or self.closed or (self._timer is not None and self._timer.is_alive()):
            return
        delay = self._backoff[min(self._attempts - 1, len(self._backoff) - 1)]
        self._timer = threading.Timer(delay, self._retry)
        self._timer.daemon = True
        self._timer.start()

    def _retry(self) -> None:
        with self._lock:
            self._timer = None
            if self._pending and not self.closed:
                self.flush()

    def wait(self, timeout: float = 30.0, interval: float = 0.05) -> bool:
        """Block until nothing is waiting (or `timeout` seconds); True when all saved."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._pending:
                    return True
            time.sleep(interval)
        with self._lock:
            return not self._pending

    def close(self) -> None:
        """Stop background retries after one last attempt (what is left stays listed in `pending`)."""
        self.closed = True
        if self._timer is not None:
            self._timer.cancel()
        self.flush()
