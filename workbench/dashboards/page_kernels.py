"""A cap on the kernels a dashboard's pages hold, and the culling of the ones nobody uses.

Every page load of a dashboard takes a kernel (about 170 MB) that lives until the page is left.
`PageKernels` counts, per dashboard notebook, the kernels handed to page loads (a preheated one
from Voila's pool, or one started for the request) and admits a new page only below the cap.
At the cap it first reclaims kernels that were handed out but whose page never connected
(``abandoned_after`` seconds: a script, a closed tab); if the cap still holds, the caller shows
a "busy" page. `cull` (called periodically) shuts down page kernels idle for ``idle_after`` seconds
even when a tab is still connected (a page left open overnight).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("workbench.serve")


@dataclass
class _Slot:
    notebook: str
    kernel_id: str | None = None


_slot: contextvars.ContextVar[_Slot | None] = contextvars.ContextVar("workbench_page_slot", default=None)


@dataclass
class PageKernels:
    """Kernels held by page loads, per notebook, with the cap and the idle limits."""

    manager: Any
    limits: dict[str, int]
    abandoned_after: float = 20.0
    idle_after: float = 1800.0
    pages: dict[str, dict[str, float]] = field(default_factory=dict)
    pending: dict[str, int] = field(default_factory=dict)

    def attach(self) -> None:
        """Record which kernel each page load gets (wraps the two ways Voila's handler obtains one)."""
        manager = self.manager
        rendered = getattr(manager, "get_rendered_notebook", None)  # only with preheated kernels
        start = manager.start_kernel

        async def get_rendered_notebook(*args: Any, **kwargs: Any) -> Any:
            assert rendered is not None  # installed below only when the manager has it
            result = await rendered(*args, **kwargs)
            self._record(result[2])
            return result

        async def start_kernel(*args: Any, **kwargs: Any) -> Any:
            kernel_id = await start(*args, **kwargs)
            self._record(kernel_id)
            return kernel_id

        if rendered is not None:
            manager.get_rendered_notebook = get_rendered_notebook
        manager.start_kernel = start_kernel

    def _record(self, kernel_id: str) -> None:
        slot = _slot.get()
        if slot is None or slot.kernel_id is not None:
            return
        slot.kernel_id = kernel_id
        self.pending[slot.notebook] = max(0, self.pending.get(slot.notebook, 0) - 1)
        self.pages.setdefault(slot.notebook, {})[kernel_id] = time.monotonic()

    def _prune(self, notebook: str) -> dict[str, float]:
        alive = set(self.manager.list_kernel_ids())
        held = {k: t for k, t in self.pages.get(notebook, {}).items() if k in alive}
        self.pages[notebook] = held
        return held

    def in_use(self, notebook: str) -> int:
        """Kernels held by pages of `notebook`, plus page loads admitted and still getting theirs."""
        return len(self._prune(notebook)) + self.pending.get(notebook, 0)

    def connections(self, kernel_id: str) -> int:
        """Open websocket connections to a kernel (its page's widgets)."""
        return int(getattr(self.manager, "_kernel_connections", {}).get(kernel_id, 0))

    async def admit(self, notebook: str) -> bool:
        """Take a slot for a page load of `notebook` (True), or False when the cap holds even after reclaiming."""
        limit = self.limits.get(notebook, 0)
        if limit > 0 and self.in_use(notebook) >= limit:
            now = time.monotonic()
            for kernel_id, started in sorted(self._prune(notebook).items(), key=lambda item: item[1]):
                if now - started > self.abandoned_after and self.connections(kernel_id) == 0:
                    log.info("reclaiming a %s kernel whose page never connected", notebook)
                    await self._shutdown(notebook, kernel_id)
                    break
            if self.in_use(notebook) >= limit:
                return False
        self.pending[notebook] = self.pending.get(notebook, 0) + 1
        _slot.set(_Slot(notebook))
        return True

    def release(self) -> None:
        """End of a page load: give back the slot if no kernel was taken for it (an error, a refusal)."""
        slot = _slot.get()
        if slot is not None and slot.kernel_id is None:
            self.pending[slot.notebook] = max(0, self.pending.get(slot.notebook, 0) - 1)
            slot.kernel_id = ""
        _slot.set(None)

    async def cull(self) -> None:
        """Shut down page kernels idle longer than ``idle_after`` (connected or not)."""
        now = dt.datetime.now(dt.UTC)
        for notebook in list(self.pages):
            for kernel_id in list(self._prune(notebook)):
                kernel = self.manager.get_kernel(kernel_id)
                last = getattr(kernel, "last_activity", None)
                if last is not None and (now - last).total_seconds() > self.idle_after:
                    log.info("culling an idle %s kernel (%.0f s without activity)", notebook,
                             (now - last).total_seconds())
                    await self._shutdown(notebook, kernel_id)

    async def _shutdown(self, notebook: str, kernel_id: str) -> None:
        self.pages.get(notebook, {}).pop(kernel_id, None)
        try:
            await self.manager.shutdown_kernel(kernel_id)
        except Exception:  # already gone
            log.debug("kernel %s was already gone", kernel_id)
