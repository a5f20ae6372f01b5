"""Inside a dashboard's kernel: errors go to the server's log, and the page says, briefly, that it failed.

Voila hides a failing cell's traceback (``show_tracebacks=False``), stops at that cell and logs
it; an error raised later in a widget callback would otherwise be sent to the browser by IPython.
`setup` sends those tracebacks, and the package's log messages, to the kernel process's own
stderr (the server's log), and puts a short message in the failing cell's place, so a page that
fails (the store unreadable, a bug) says so instead of ending blank.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from typing import Any

_done = False
FAILED = ("The page could not be completed: something failed on the server (the details are in the "
          "server's log, not here). Reload the page; if it fails again, tell whoever runs the workbench.")


def in_voila() -> bool:
    """True in a kernel started by Voila."""
    return any(name in os.environ for name in ("VOILA_KERNEL_ID", "VOILA_PREHEAT", "VOILA_BASE_URL"))


def _log_traceback(*_args: Any, **_kwargs: Any) -> None:
    kind, value, tb = sys.exc_info()
    text = "".join(traceback.format_exception(kind, value, tb)) if kind else "(no exception)"
    print(f"[workbench dashboard kernel {os.getpid()}] {text}", file=sys.__stderr__, flush=True)
    show_failure()


def show_failure(message: str = FAILED) -> None:
    """Display a short, escaped failure message as the current cell's output."""
    from html import escape

    from IPython.display import HTML, display

    display(HTML(f'<div class="wb-refusal wb-failed" role="alert"><h2>Not available</h2><p>{escape(message)}</p>'
                 "</div>"))


def setup() -> None:
    """Log the package's warnings and errors to the server's log; in Voila, keep tracebacks off the page."""
    global _done
    if _done:
        return
    _done = True
    handler = logging.StreamHandler(sys.__stderr__)
    handler.setFormatter(logging.Formatter(f"[workbench dashboard kernel {os.getpid()}] %(levelname)s %(name)s: "
                                           "%(message)s"))
    logger = logging.getLogger("workbench")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    if in_voila():
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - always there in a kernel
            return
        shell = get_ipython()
        if shell is not None:
            shell.showtraceback = _log_traceback
