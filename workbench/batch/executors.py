"""Where jobs run: local warm worker processes, or the workers of a Dask distributed cluster.

Both run the same function on the same jobs (`workbench.batch.warm.run_job` inside a
warm process) and yield results as they finish, so outputs are the same either way.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

from workbench.batch.messages import Job, JobResult
from workbench.batch.warm import WarmWorker

Warmup = list[tuple[str, dict[str, Any]]]


class LocalExecutor:
    """`workers` warm processes on this machine, each running one job at a time."""

    def __init__(self, workers: int, notebooks: list[str], db: str | None, warmups: Warmup) -> None:
        self.workers = [WarmWorker(notebooks, db, warmups) for _ in range(max(1, workers))]
        self.idle: queue.Queue[WarmWorker] = queue.Queue()
        for worker in self.workers:
            self.idle.put(worker)

    def _run(self, job: Job) -> JobResult:
        worker = self.idle.get()
        try:
            return worker.run(job)
        finally:
            self.idle.put(worker)

    def run(self, jobs: list[Job]) -> Iterator[JobResult]:
        """Run all jobs; yields each result as it finishes."""
        with ThreadPoolExecutor(max_workers=len(self.workers), thread_name_prefix="wb-batch") as pool:
            futures = [pool.submit(self._run, job) for job in jobs]
            try:
                for future in as_completed(futures):
                    yield future.result()
            except BaseException:
                for future in futures:
                    future.cancel()
                self.close()
                raise

    def close(self) -> None:
        """Stop the warm processes."""
        for worker in self.workers:
            worker.stop(kill=True)


# --- Dask -----------------------------------------------------------------------------------

_DASK_WORKERS: dict[str, WarmWorker] = {}
_DASK_LOCK = threading.Lock()


def run_on_dask_worker(job: Job, notebooks: list[str], db: str | None, warmups: Warmup) -> JobResult:
    """The task each Dask worker runs: the job in that worker's own warm process (kept between tasks)."""
    key = json.dumps([notebooks, db, warmups], sort_keys=True, default=str)
    with _DASK_LOCK:
        worker = _DASK_WORKERS.get(key)
        if worker is None:
            worker = _DASK_WORKERS[key] = WarmWorker(notebooks, db, warmups)
    return worker.run(job)


class DaskExecutor:
    """Sends each job to an existing Dask distributed cluster (``tcp://HOST:PORT``)."""

    def __init__(self, address: str, notebooks: list[str], db: str | None, warmups: Warmup) -> None:
        from distributed import Client

        from workbench.errors import UserError

        try:
            self.client = Client(address, timeout="20s")
        except OSError as error:
            raise UserError(f"cannot reach the Dask scheduler at {address}: {error}") from None
        self.args = (notebooks, db, warmups)

    def run(self, jobs: list[Job]) -> Iterator[JobResult]:
        """Submit all jobs; yields each result as it finishes (a lost task is a failed home)."""
        from distributed import as_completed as dask_completed

        futures = {self.client.submit(run_on_dask_worker, job, *self.args, pure=False,
                                      key=f"workbench-batch-{job.key}-{id(job)}"): job for job in jobs}
        for future in dask_completed(futures):
            job = futures[future]
            try:
                yield future.result()
            except Exception as error:  # noqa: BLE001 - a worker lost mid-task fails that home only
                yield JobResult.failed(job.key, f"Dask task failed: {error}")

    def close(self) -> None:
        """Disconnect from the cluster (the cluster keeps running)."""
        self.client.close()
