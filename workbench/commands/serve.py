"""`workbench serve`: the inspector and manager dashboards for one person, on 127.0.0.1 with a token or behind JupyterHub.

Two ways to run, and only two:
- **token** (default): the server is for the person named by ``--user`` (else ``WORKBENCH_USER``);
  the random token printed (or written to a private file) is theirs, and every request carrying
  it acts as them, re-checked in the store's users on each request.
- **behind JupyterHub**: when the hub's spawner started it (``JUPYTERHUB_API_TOKEN``,
  ``JUPYTERHUB_API_URL``, ``JUPYTERHUB_USER``, ``JUPYTERHUB_CLIENT_ID``), requests authenticate
  with the hub's OAuth, only the server's owner (``JUPYTERHUB_USER``) gets in, and the store is the
  service's (from the spawner's environment, never the person's).
``--no-token`` outside a hub is refused: no request would be authenticated.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

from workbench.commands import add_db_option, add_user_option, base_url
from workbench.config import resolve_db_url
from workbench.dashboards import access, serving
from workbench.dashboards.errors import AccessRefused
from workbench.errors import UserError
from workbench.settings import SERVE_TOKEN, USER

HOST_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `serve` sub-command."""
    parser = subparsers.add_parser(
        "serve",
        help="serve the inspector and manager dashboards (127.0.0.1, token or JupyterHub)",
        description="Serve notebooks/dashboards/ for one person on 127.0.0.1: with a token issued to the person "
        "named by --user (else WORKBENCH_USER), or, when JupyterHub started it, with the hub's login (OAuth) "
        "for the hub user whose server it is. Their role (inspector or manager) comes from the store and is "
        "checked on every request.",
    )
    parser.add_argument("--port", type=int, default=None,
                        help="TCP port on 127.0.0.1 (default: the port of JUPYTERHUB_SERVICE_URL, else 8866)")
    parser.add_argument("--base-url", type=base_url, default=None,
                        help="URL prefix (default: JUPYTERHUB_SERVICE_PREFIX, else /)")
    parser.add_argument("--no-token", action="store_true",
                        help="no token: only accepted when JupyterHub started the server (it then uses the hub's "
                             "login); refused otherwise")
    parser.add_argument("--public-host", action="append", default=[], metavar="NAME",
                        help="a host name the server is reached by besides 127.0.0.1/localhost (e.g. the hub's "
                             "public name); other Host headers are refused. Repeatable")
    parser.add_argument("--pool-size", type=int, default=None, metavar="N",
                        help="preheated kernels kept ready per dashboard (default: 2 inspector, 1 manager; 0 = off)")
    parser.add_argument("--max-pages", type=int, default=None, metavar="N",
                        help="most pages open at once per dashboard, each holding a kernel (default: 4 inspector, "
                             "3 manager; 0 = no cap); more get a 'busy' page")
    parser.add_argument("--reclaim-after", type=float, default=None, metavar="SECONDS",
                        help="at the cap, a page's kernel whose page has not connected after this long is reclaimed "
                             f"(default: {serving.ABANDONED_AFTER:.0f})")
    add_db_option(parser)
    add_user_option(parser)
    parser.set_defaults(func=run)


def owner(explicit: str | None) -> tuple[str, bool]:
    """Who the server is for and whether the hub authenticates: JUPYTERHUB_USER behind a hub, else --user."""
    if serving.behind_hub():
        hub_user = os.environ["JUPYTERHUB_USER"]
        if explicit and explicit != hub_user:
            raise UserError(f"--user {explicit} differs from the JupyterHub user {hub_user} this server is for")
        return hub_user, True
    name = explicit or USER.value()
    if not name:
        raise UserError("say who the server is for: --user NAME (or WORKBENCH_USER), a user in the store")
    return name, False


def run(args: argparse.Namespace) -> int:
    """Check who it is for, the port and options, write the configuration, print the addresses, become the server."""
    db = resolve_db_url(args.db)
    name, hub = owner(args.user)
    if args.no_token and not hub:
        raise UserError("--no-token is refused: nothing would authenticate the requests. It is only for a server "
                        "JupyterHub starts (JUPYTERHUB_API_TOKEN, _API_URL, _USER and _CLIENT_ID set), which then "
                        "uses the hub's login")
    try:
        person = access.viewer(db, name)
    except AccessRefused as refusal:
        raise UserError(refusal.message) from None
    for host in args.public_host:
        if not HOST_NAME.match(host):
            raise UserError(f"--public-host {host!r} is not a host name")
    for option, value in (("--pool-size", args.pool_size), ("--max-pages", args.max_pages),
                          ("--reclaim-after", args.reclaim_after)):
        if value is not None and value < 0:
            raise UserError(f"{option} {value} must be 0 or more")
    port, base_url = serving.hub_defaults(args.port, args.base_url)
    serving.check_port(port)  # last: the options are wrong whatever else runs on the machine
    token = None if hub else (SERVE_TOKEN.value() or serving.new_token())
    pools = dict(serving.POOL_SIZES)
    if args.pool_size is not None:
        pools = {dashboard: args.pool_size for dashboard in pools}
    limits = dict(serving.PAGE_LIMITS)
    if args.max_pages is not None:
        limits = {dashboard: args.max_pages for dashboard in limits}
    settings = serving.ServeSettings(port=port, user=person.username, db=db, token=token, pool_sizes=pools,
                                     base_url=base_url, behind_hub=hub, public_hosts=list(args.public_host),
                                     page_limits=limits)
    if args.reclaim_after is not None:
        settings.abandoned_after = args.reclaim_after
    config_dir = serving.prepare(settings)
    _announce(settings, person, config_dir)
    command = serving.command(config_dir)
    os.execve(command[0], command, serving.environment(settings))
    return 0  # pragma: no cover - execve does not return


def _announce(settings: serving.ServeSettings, person: access.Viewer, config_dir: object) -> None:
    """Print who and where; the token only to a terminal (never into a log file)."""
    show_token = sys.stdout.isatty()
    shown = settings if show_token or settings.token is None else serving.ServeSettings(
        **{**settings.__dict__, "token": "TOKEN"})
    print(f"workbench serve: for {person.display_name} ({person.role}) on store {_safe(settings.db)}")
    print(f"  inspector dashboard: {shown.address('inspector')}")
    print(f"  one home:            {shown.address('inspector', 'urn=URN')}")
    if person.is_manager:
        print(f"  manager dashboard:   {shown.address('manager')}")
    if settings.behind_hub:
        print("  sign-in: JupyterHub (OAuth); only the hub user this server is for gets in")
    elif not show_token:
        print(f"  TOKEN: in {config_dir}/voila.json (Voila.token), readable only by you")
    print("  stop with Ctrl-C", flush=True)
    sys.stderr.flush()


def _safe(url: str) -> str:
    """The store URL without a password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url
