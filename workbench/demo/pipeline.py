"""Build demo rows in forked worker processes while this process writes them.

The plan (homes, users, storylines) is made here and inherited by the workers through fork;
each worker builds every n-th chunk of homes with chunk-local ids, and this process takes the
chunks in order, gives them their store ids (:func:`workbench.demo.generator.renumber`) and writes
them. The rows and ids are exactly those of :func:`workbench.demo.generator.iter_build`, so the
data stays deterministic. Where ``fork`` is unavailable everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections.abc import Iterator
from typing import Any

from workbench.demo.generator import (
    INSPECTION_REFS,
    Options,
    Plan,
    build_chunk,
    chunk_bounds,
    iter_build,
    offsets,
    plan,
    renumber,
)
from workbench.demo.writer import Chunk, encode_sqlite, is_encoded, renumber_encoded

WORKERS = 2  # the machine has two cores: two builders, and this process mostly waits on SQLite


def _produce(p: Plan, bounds: list[tuple[int, int]], out: Any, encode: bool) -> None:
    try:
        for start, stop in bounds:
            rows = build_chunk(p, start, stop)
            out.put(("chunk", encode_sqlite(rows) if encode else rows))
    except BaseException:  # report to the writer, which raises it
        out.put(("error", traceback.format_exc()))


def _take(out: Any, worker: Any) -> Chunk:
    while True:
        try:
            kind, payload = out.get(timeout=5)
        except queue.Empty:
            if not worker.is_alive():
                raise RuntimeError(f"a demo-data builder process stopped (exit code {worker.exitcode})") from None
            continue
        if kind == "error":
            raise RuntimeError(f"building demo data failed in a builder process:\n{payload}")
        return payload


def chunks(options: Options, first_ids: dict[str, int], parallel: bool = True, workers: int = WORKERS,
           encode: bool = False) -> Iterator[Chunk]:
    """The demo rows chunk by chunk, in order, built by worker processes when ``parallel``.

    ``encode``: the workers also encode the rows for SQLite (:func:`workbench.demo.writer.encode_sqlite`).
    """
    if not parallel or "fork" not in multiprocessing.get_all_start_methods():
        yield from iter_build(options, first_ids)
        return
    p = plan(options, first_ids)
    bounds = chunk_bounds(options.homes)
    workers = max(1, min(workers, len(bounds)))
    context = multiprocessing.get_context("fork")
    queues = [context.Queue(maxsize=2) for _ in range(workers)]
    processes = [context.Process(target=_produce, args=(p, bounds[w::workers], queues[w], encode),
                                 name=f"demo-data-builder-{w}", daemon=True) for w in range(workers)]
    for process in processes:
        process.start()
    next_ids = dict(first_ids)
    try:
        for index in range(len(bounds)):
            rows = _take(queues[index % workers], processes[index % workers])
            if is_encoded(rows):  # the builders encoded it (``encode``)
                renumber_encoded(rows, offsets(rows, next_ids), INSPECTION_REFS)
            else:
                renumber(rows, offsets(rows, next_ids))
            yield rows
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join(timeout=10)
