"""What the browser asked for: the query string Voila hands to the kernel.

Voila puts the page's query string in the kernel's ``QUERY_STRING`` environment variable. A
preheated kernel (``preheat_kernel``) starts before any request, so `wait_for_request` first
blocks until Voila sends the request's details; without preheating it returns at once.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs


def preheated() -> bool:
    """True in a kernel Voila started ahead of a request (its pool of preheated kernels)."""
    return os.environ.get("VOILA_PREHEAT", "False") == "True"


_received = False


def wait_for_request() -> None:
    """Block a preheated kernel until the request arrives (a no-op elsewhere, and once it has arrived).

    Voila hands the request over once: a second wait would block for ever, so later calls return.
    """
    global _received
    if preheated() and not _received:
        from voila.utils import wait_for_request as voila_wait

        voila_wait()
        _received = True


def query_parameters() -> dict[str, str]:
    """The request's query parameters (first value of each), after waiting for the request."""
    wait_for_request()
    parsed = parse_qs(os.environ.get("QUERY_STRING", ""), keep_blank_values=True)
    return {key: values[0] for key, values in parsed.items() if values}


def requested_urn() -> str:
    """The ``urn`` of the address (``?urn=SC123456``), or "" when none was given."""
    return query_parameters().get("urn", "").strip()
