"""Build demo rows in a forked worker process while this process writes them (two cores, two jobs).

The worker runs :func:`workbench.demo.generator.iter_build` and hands each chunk over a queue;
rows and ids are exactly those of a single-process build, so the data stays deterministic.
Where ``fork`` is unavailable the chunks are built in this process instead.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections.abc import Iterator
from typing import Any

from workbench.demo.generator import Options, iter_build

_DONE = "done"


def _produce(options: Options, first_ids: dict[str, int], out: Any) -> None:
    try:
        for chunk in iter_build(options, first_ids):
            out.put(("chunk", chunk))
        out.put((_DONE, None))
    except BaseException:  # report to the writer, which raises it
        out.put(("error", traceback.format_exc()))


def chunks(options: Options, first_ids: dict[str, int], parallel: bool = True) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """The demo rows chunk by chunk, built in a worker process when ``parallel`` and fork is available."""
    if not parallel or "fork" not in multiprocessing.get_all_start_methods():
        yield from iter_build(options, first_ids)
        return
    context = multiprocessing.get_context("fork")
    out = context.Queue(maxsize=3)
    worker = context.Process(target=_produce, args=(options, first_ids, out), name="demo-data-builder",
                             daemon=True)
    worker.start()
    try:
        while True:
            try:
                kind, payload = out.get(timeout=5)
            except queue.Empty:
                if not worker.is_alive():
                    raise RuntimeError(f"the demo-data builder process stopped (exit code {worker.exitcode})") \
                        from None
                continue
            if kind == _DONE:
                break
            if kind == "error":
                raise RuntimeError(f"building demo data failed in the builder process:\n{payload}")
            yield payload
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join(timeout=10)
