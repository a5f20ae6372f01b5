"""The messages of a batch run: what a worker is asked to do, and what it answers (picklable
dataclasses, sent over the warm process's socket and through Dask)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.report.documents import DocumentPlan


@dataclass(frozen=True)
class Job:
    """One home's notebook to execute, export and guard."""

    key: str  # the output stem, unique in the run
    notebook: str
    parameters: dict[str, Any]
    out_ipynb: str
    out_html: str
    timeout: float | None = None  # the whole notebook's time limit, seconds (--timeout)
    cwd: str | None = None
    document: DocumentPlan | None = None  # the plan: what the privacy guard must not find, the title


@dataclass
class JobResult:
    """What became of a job: done or failed (with the reason), and the files in place."""

    key: str
    status: str  # "done" or "failed"
    error: str = ""
    ipynb: str = ""
    html: str = ""
    seconds: float = 0.0

    @classmethod
    def failed(cls, key: str, error: str) -> JobResult:
        """A job that produced nothing."""
        return cls(key, "failed", error)


@dataclass(frozen=True)
class Warmed:
    """A warm process's answer to warming: how long it took and what it could not import."""

    seconds: float
    not_imported: list[str]
