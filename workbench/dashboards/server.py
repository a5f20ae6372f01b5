"""The server `workbench serve` runs: Voila, cut down to the two dashboards, plus our file handler.

``python -m workbench.dashboards.server CONFIG_DIR`` starts `WorkbenchVoila` with the
``voila.json`` that `workbench.dashboards.serving` wrote. Compared with stock Voila serving a
folder, it answers only:

- ``<base>voila/render/inspector.ipynb`` and ``manager.ipynb`` (`DashboardHandler`: a kernel per
  page load within the dashboard's cap, else a "busy" page; failures as a short page);
- ``<base>workbench/files/<reports|plans>/<URN>/<file>`` (`FileHandler`): the person's own
  homes' reports and visit plans, checked before the file is opened, no link followed;
- what the pages need: Voila's static files, themes, lab extensions, the kernel websocket of
  a page's own kernel, the page's shutdown call, the preheated kernel's request socket, and the
  login (token) or OAuth callback (JupyterHub) of the identity provider.

No folder listing, no contents API, no other notebook, no other file. Every request is
authenticated by `workbench.dashboards.server_auth` (token owner or hub user, checked in the
store) and its Host header must be loopback, ``localhost`` or a configured public host.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import ioloop, web
from traitlets import Bool, Dict, Float, List, Unicode
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from workbench.dashboards import access, page_kernels, server_auth, server_pages
from workbench.dashboards.errors import AccessRefused
from workbench.dashboards.reports import NotServed, open_served

DASHBOARDS = ("inspector.ipynb", "manager.ipynb")
#: Voila's handlers we keep (matched on the route's pattern after the base URL)
KEEP = re.compile(r"^(api/kernels/|voila/(templates|static|api/themes|api/shutdown|query|labextensions)/)")


class DashboardHandler(TornadoVoilaHandler):
    """One of the two dashboards, within its kernel cap; errors as a short page."""

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")

    @web.authenticated
    async def get(self, path: str | None = None) -> None:
        if path == "manager.ipynb":
            try:
                access.require_manager(access.viewer(self.settings["workbench_db"], self.current_user.username))
            except AccessRefused as refusal:
                raise web.HTTPError(403, refusal.message) from None
        limiter: page_kernels.PageKernels = self.settings["workbench_page_kernels"]
        if not await limiter.admit(path or ""):
            self.set_status(503)
            self.set_header("Retry-After", "30")
            server_pages.write_message_page(self, 503, (
                f"Every place on this dashboard is in use ({limiter.limits.get(path or '', 0)} open pages). "
                "Close a tab you no longer need, or try again in a minute."))
            return
        # Voila's page posts the `_xsrf` cookie when it is left (a beacon that shuts its kernel down at
        # once); with the token in the address no login page ever set that cookie, the shutdown was
        # refused (403) and the kernel held its place until reclaimed: reading the token sets the cookie.
        _ = self.xsrf_token
        try:
            await super().get(path)
        finally:
            limiter.release()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        server_pages.write_message_page(self, status_code, server_pages.error_message(status_code,
                                                                                      kwargs.get("exc_info")))


class FileHandler(JupyterHandler):
    """An exported report or visit plan, for someone who may open that home."""

    auth_resource = "contents"

    @web.authenticated
    async def get(self, kind: str, urn: str, name: str) -> None:
        try:
            person = access.viewer(self.settings["workbench_db"], self.current_user.username)
            access.may_open(self.settings["workbench_db"], person, urn)
        except AccessRefused as refusal:
            raise web.HTTPError(403, refusal.message) from None
        try:
            fd, content_type = open_served(kind, urn, name)
        except NotServed:
            raise web.HTTPError(404, f"No such file for {urn}: {name}") from None
        server_pages.set_safe_headers(self)
        self.set_header("Content-Type", content_type)
        with os.fdopen(fd, "rb") as handle:
            while chunk := handle.read(256 * 1024):
                self.write(chunk)
                await self.flush()
        self.log.info("served %s %s/%s to %s", kind, urn, name, person.username)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        server_pages.write_message_page(self, status_code, server_pages.error_message(status_code,
                                                                                      kwargs.get("exc_info")))


class NotFoundHandler(JupyterHandler):
    """Everything else: a short 404 page (after the Host and identity checks of `prepare`)."""

    def get(self, *args: Any) -> None:
        raise web.HTTPError(404)

    post = put = delete = patch = get

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        server_pages.write_message_page(self, status_code, server_pages.error_message(status_code,
                                                                                      kwargs.get("exc_info")))


class HomeHandler(JupyterHandler):
    """The server's own address (where JupyterHub sends a person): on to the inspector dashboard."""

    def get(self) -> None:
        self.redirect(url_path_join(self.base_url, "voila/render/inspector.ipynb"))


class WorkbenchVoila(Voila):
    """Voila serving only the dashboards, with the workbench's identity, files and kernel cap."""

    workbench_db = Unicode("", help="the store's URL").tag(config=True)
    workbench_owner = Unicode("", help="the user this server is for").tag(config=True)
    behind_hub = Bool(False, help="authenticate with JupyterHub's OAuth instead of a token").tag(config=True)
    public_hosts = List(Unicode(), help="host names (besides loopback) the Host header may carry").tag(config=True)
    page_limits = Dict(help="notebook -> most page kernels at once").tag(config=True)
    abandoned_after = Float(20.0, help="seconds before an unconnected page kernel may be reclaimed").tag(config=True)
    idle_after = Float(1800.0, help="seconds without activity before a page kernel is culled").tag(config=True)

    def init_settings(self) -> dict:
        if self.behind_hub:
            self.identity_provider_class = server_auth.hub_identity_class()
        else:
            self.identity_provider_class = server_auth.TokenOwnerIdentity
        settings = super().init_settings()
        self.page_kernels = page_kernels.PageKernels(self.kernel_manager, dict(self.page_limits),
                                                     self.abandoned_after, self.idle_after)
        self.page_kernels.attach()
        settings.update(
            workbench_db=self.workbench_db,
            workbench_owner=self.workbench_owner,
            workbench_page_kernels=self.page_kernels,
            allow_remote_access=False,
            local_hostnames=["localhost", *self.public_hosts],
            # Voila serves the front end's extensions with ``no-cache``: every page load revalidated some
            # twenty files with the (busy) server before a widget could show. Their file names carry a
            # content hash (a new version is a new address), so the browser keeps them.
            static_immutable_cache=[*settings.get("static_immutable_cache", []),
                                    url_path_join(self.server_url, "voila/labextensions/")],
            log_function=server_auth.log_request,
        )
        return settings

    def init_handlers(self) -> list:
        base = self.server_url
        kept = []
        for route in super().init_handlers():
            pattern = route[0]
            relative = pattern[len(base):] if pattern.startswith(base) else pattern.lstrip("/")
            if KEEP.match(relative):
                kept.append(route)
        identity = [(url_path_join(self.base_url, route[0]), *route[1:])
                    for route in self.identity_provider.get_handlers()]
        names = "|".join(re.escape(n) for n in DASHBOARDS)
        render = url_path_join(base, rf"/voila/render/({names})")
        files = url_path_join(base, r"/workbench/files/(reports|plans)/([A-Za-z0-9_-]+)/([^/]+)")
        options = {"template_paths": self.template_paths, "config": self.config,
                   "voila_configuration": self.voila_configuration}
        return [*kept, *identity, (base, HomeHandler), (render, DashboardHandler, options), (files, FileHandler),
                (url_path_join(base, r"/(.*)"), NotFoundHandler)]

    def start(self) -> None:
        self.tornado_settings = {**self.tornado_settings, "log_function": server_auth.log_request}  # type: ignore[has-type]
        server_auth.redact_logs()
        culler = ioloop.PeriodicCallback(self._cull, 60_000)
        culler.start()
        super().start()

    async def _cull(self) -> None:
        await self.page_kernels.cull()


def main(argv: list[str] | None = None) -> None:
    """Start the server from the configuration folder given as the only argument."""
    args = sys.argv[1:] if argv is None else argv
    WorkbenchVoila.launch_instance([f"--Voila.config_file_paths={args[0]}", *args[1:]])


if __name__ == "__main__":
    main()
