"""Short pages the server itself answers with (refused, not found, busy, failed) and the headers it always sends."""

from __future__ import annotations

from html import escape
from http.client import responses

from tornado import web

#: sent with every file and message page: no sniffing, no caching, no scripts, no framing elsewhere
FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
    ),
}

TITLES = {400: "Not understood", 403: "Not available", 404: "Not found", 503: "Busy", 500: "Something failed"}
MESSAGES = {
    400: "That address is not one this server answers.",
    403: "You may not open this.",
    404: "Nothing here: check the address, or go back to your dashboard.",
    503: "The server is busy; try again in a minute.",
    500: "Something failed on the server (it is in the server's log). Reload the page; if it fails again, "
         "tell whoever runs the workbench.",
}


def page(title: str, message: str) -> str:
    """A small, self-contained HTML page (no scripts, no external requests)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} - Inspector workbench</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;margin:0}"
        "header{background:#0b0c0c;color:#fff;padding:.6rem 1rem;font-weight:bold}"
        "main{max-width:40rem;margin:2rem auto;padding:0 1rem}"
        ".wb-refusal{border-left:6px solid #d4351c;padding:.8rem 1rem;background:#fdf0ee}</style>"
        '</head><body><header role="banner">Inspector workbench</header><main>'
        f'<div class="wb-refusal" role="alert"><h1>{escape(title)}</h1><p>{escape(message)}</p></div>'
        "</main></body></html>\n"
    )


def set_safe_headers(handler: web.RequestHandler) -> None:
    """The headers every answer of ours carries."""
    for name, value in FILE_HEADERS.items():
        handler.set_header(name, value)


def write_message_page(handler: web.RequestHandler, status_code: int, message: str = "") -> None:
    """Answer with a short page: the refusal's own message when it has one (never a traceback)."""
    handler.clear_header("Content-Security-Policy")
    set_safe_headers(handler)
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    title = TITLES.get(status_code) or responses.get(status_code, "Error")
    handler.finish(page(title, message or MESSAGES.get(status_code, MESSAGES[500])))


def error_message(status_code: int, exc_info: object) -> str:
    """The message of an `HTTPError` we raised (a refusal that says why), else the generic one."""
    exception = exc_info[1] if isinstance(exc_info, tuple) else None
    if isinstance(exception, web.HTTPError) and exception.log_message and status_code < 500:
        try:
            return str(exception.log_message % exception.args)
        except (TypeError, ValueError):
            return str(exception.log_message)
    return ""
