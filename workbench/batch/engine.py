"""The papermill engine ``warm``: runs a notebook in a kernel forked from a warm process.

Registered through the ``papermill.engine`` entry point, so
``papermill.execute_notebook(..., engine_name="warm")`` (and ``papermill --engine warm``)
use it. Papermill keeps doing everything else: parameters cell, metadata, per-cell
timings, the error banner and link to the failing cell. The engine's own ``notebook_timeout``
is the notebook's whole time budget in seconds (``--timeout``); papermill's ``execution_timeout``
keeps its meaning, a limit per cell. Past either, the kernel is killed.
"""

from __future__ import annotations

import platform
import time
from typing import Any

from nbformat import NotebookNode, from_dict
from papermill.engines import Engine

from workbench.batch.kernel import ForkedKernel, KernelDied, KernelTimeout


def _error_output(ename: str, evalue: str) -> NotebookNode:
    return from_dict({"output_type": "error", "ename": ename, "evalue": evalue, "traceback": [f"{ename}: {evalue}"]})


class WarmEngine(Engine):
    """Executes each code cell in a `ForkedKernel` made for this notebook only."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, execution_timeout=None,  # noqa: ANN001
                                 notebook_timeout: float | None = None, **kwargs: Any) -> NotebookNode:
        nb = nb_man.nb
        language = nb.metadata.get("kernelspec", {}).get("language", "python")
        if language != "python":
            raise ValueError(f"the warm engine runs Python notebooks; this one is {language!r} ({kernel_name})")
        nb.metadata["language_info"] = {"name": "python", "version": platform.python_version(),
                                        "mimetype": "text/x-python", "file_extension": ".py"}
        deadline = time.monotonic() + notebook_timeout if notebook_timeout else None
        kernel = ForkedKernel()
        try:
            for index, cell in enumerate(nb.cells):
                nb_man.cell_start(cell, index)
                failed = False
                try:
                    if cell.cell_type == "code":
                        failed = cls._run_code_cell(kernel, cell, deadline, notebook_timeout, execution_timeout)
                finally:
                    if failed:
                        nb_man.cell_exception(cell, cell_index=index)
                    nb_man.cell_complete(cell, cell_index=index)
                if failed:
                    break
        finally:
            kernel.close()
        return nb

    @staticmethod
    def _run_code_cell(kernel: ForkedKernel, cell: NotebookNode, deadline: float | None,
                       budget: float | None, per_cell: float | None) -> bool:
        """Run one cell, store its outputs; True if it failed (error, death or timeout)."""
        cell.outputs = []
        remaining = None if deadline is None else max(deadline - time.monotonic(), 0.0)
        whole_notebook = per_cell is None or (remaining is not None and remaining <= per_cell)
        limit = remaining if whole_notebook else per_cell
        try:
            ok, count, outputs = kernel.run(cell.source, limit)
        except KernelTimeout:
            what = (f"notebook ran past its {budget:g} s time limit (--timeout)" if whole_notebook
                    else f"cell ran past its {per_cell:g} s time limit (execution_timeout)")
            cell.outputs = [_error_output("CellTimeoutError", f"{what}; kernel killed")]
            return True
        except KernelDied as error:
            cell.outputs = [_error_output("DeadKernelError", str(error))]
            return True
        cell.execution_count = count
        cell.outputs = [from_dict(output) for output in outputs]
        return not ok
