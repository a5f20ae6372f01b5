"""Who is asking, on every request to `workbench serve`: the token's owner or the hub's user, checked in the store.

The server runs for one person, its *owner*: the person the token was issued to (the user
`workbench serve` was started for), or, behind JupyterHub, the hub user whose single-user server
it is (``JUPYTERHUB_USER``, set by the hub's spawner). Each request is authenticated by the token
(`TokenOwnerIdentity`) or by the hub's OAuth (`HubOwnerIdentity`: a hub login cookie whose user
has the server's access scope), and then the owner is looked up in the store's users *on that
request* (`access.viewer`): someone removed from the store, or whose role is no longer inspector
or manager, is refused at once. Nothing the browser sends (a header, a query parameter) names
the user.

Also here: the request log line without the token (`log_request`) and the text used to redact it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from jupyter_server.auth.identity import IdentityProvider, PasswordIdentityProvider, User
from tornado import web

from workbench.dashboards import access
from workbench.dashboards.errors import AccessRefused

log = logging.getLogger("workbench.serve")
_SECRET = re.compile(r"(?i)((?:token|_xsrf|code|state)=)[^&\s\"']+")


def redact(text: str) -> str:
    """`text` with the values of token-like query parameters replaced by ``[hidden]``."""
    return _SECRET.sub(r"\1[hidden]", text)


class RedactFilter(logging.Filter):
    """Hides tokens in every record a handler writes (tornado's warnings quote the request's URI)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = redact(message)
        if hidden != message:
            record.msg, record.args = hidden, None
        return True


def redact_logs() -> None:
    """Put `RedactFilter` on every log handler configured so far (Voila's, tornado's, the root's).

    Records of loggers without a handler (tornado's, ours) go to one root handler on stderr, also filtered.
    """
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[workbench serve] %(levelname)s %(message)s"))
        root.addHandler(handler)
    log.setLevel(logging.INFO)
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if not any(isinstance(f, RedactFilter) for f in handler.filters):
                handler.addFilter(RedactFilter())


def log_request(handler: web.RequestHandler) -> None:
    """Tornado's request log line (status, method, path, time) with tokens hidden."""
    status = handler.get_status()
    if status < 400:
        level = logging.INFO if handler.request.method != "GET" or status >= 300 else logging.DEBUG
    elif status < 500:
        level = logging.WARNING
    else:
        level = logging.ERROR
    request = handler.request
    millis = 1000.0 * request.request_time()
    log.log(level, "%d %s %s (%s) %.1fms", status, request.method, redact(request.uri or ""), request.remote_ip,
            millis)


def store_user(handler: web.RequestHandler, username: str) -> User:
    """The owner as the store knows them now; 403 with the reason if unknown or without a dashboard role."""
    db = handler.settings["workbench_db"]
    try:
        person = access.viewer(db, username)
    except AccessRefused as refusal:
        raise web.HTTPError(403, refusal.message) from None
    return User(username=person.username, name=person.display_name, display_name=person.display_name)


def owner(handler: web.RequestHandler) -> str:
    """The user this server was started for."""
    return str(handler.settings["workbench_owner"])


class TokenOwnerIdentity(PasswordIdentityProvider):
    """Token (or the login cookie it sets) authenticates; the identity is the token's owner, checked in the store."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        from workbench.dashboards.server_login import WorkbenchLoginHandler

        self.login_handler_class = WorkbenchLoginHandler  # Voila passes its own; ours says where the token is

    def generate_anonymous_user(self, handler: web.RequestHandler) -> User:
        """A token identifies its owner, not an anonymous visitor."""
        return User(username=owner(handler))

    async def get_user(self, handler: web.RequestHandler) -> User | None:
        """The owner when the request carries the token or its cookie; None (log in) otherwise."""
        if getattr(handler, "_workbench_user", None) is not None:
            return handler._workbench_user  # type: ignore[attr-defined]
        user = await self._get_user(handler)
        if user is None:
            return None
        handler._workbench_user = store_user(handler, owner(handler))  # type: ignore[attr-defined]
        return handler._workbench_user  # type: ignore[attr-defined]


def hub_identity_class() -> type[IdentityProvider]:
    """The hub's OAuth identity provider with the owner and store checks (imported only behind a hub)."""
    from jupyterhub.singleuser.extension import JupyterHubIdentityProvider

    class HubOwnerIdentity(JupyterHubIdentityProvider):
        """JupyterHub OAuth: the hub user must have access to this server AND be its owner, known to the store."""

        async def get_user(self, handler: web.RequestHandler) -> Any:
            hub_user = await super().get_user(handler)
            if hub_user is None:
                return None
            if hub_user.username != owner(handler):
                # e.g. a hub admin allowed into another person's server: never act as someone else
                raise web.HTTPError(403, f"This is {owner(handler)}'s workbench; sign in to your own.")
            store_user(handler, hub_user.username)
            return hub_user

    return HubOwnerIdentity
