"""`workbench serve`: the inspector and manager dashboards through Voila, on 127.0.0.1 with a token."""

from __future__ import annotations

import argparse
import os
import sys

from workbench.commands import add_db_option, add_user_option, base_url
from workbench.config import resolve_db_url
from workbench.dashboards import access, serving
from workbench.dashboards.errors import AccessRefused
from workbench.errors import UserError
from workbench.settings import SERVE_TOKEN


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `serve` sub-command."""
    parser = subparsers.add_parser(
        "serve",
        help="serve the inspector and manager dashboards (Voila, 127.0.0.1, token)",
        description="Start Voila for notebooks/dashboards/ on 127.0.0.1 with token authentication, preheated "
        "kernels and the workbench template. Who is using it comes from --user, WORKBENCH_USER or "
        "JUPYTERHUB_USER; their role (inspector or manager) from the store.",
    )
    parser.add_argument("--port", type=int, default=None,
                        help="TCP port on 127.0.0.1 (default: the port of JUPYTERHUB_SERVICE_URL, else 8866)")
    parser.add_argument("--base-url", type=base_url, default=None,
                        help="URL prefix (default: JUPYTERHUB_SERVICE_PREFIX, else /)")
    parser.add_argument("--no-token", action="store_true",
                        help="no token authentication (only behind a proxy that authenticates, e.g. JupyterHub)")
    parser.add_argument("--pool-size", type=int, default=None, metavar="N",
                        help="preheated kernels kept ready per dashboard (default: 2 inspector, 1 manager; 0 = off)")
    add_db_option(parser)
    add_user_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check the user and the port, write the Voila configuration, print the addresses, then become Voila."""
    db = resolve_db_url(args.db)
    try:
        person = access.viewer(db, args.user)
    except AccessRefused as refusal:
        raise UserError(refusal.message) from None
    port, base_url = serving.hub_defaults(args.port, args.base_url)
    serving.check_port(port)
    if args.pool_size is not None and args.pool_size < 0:
        raise UserError(f"--pool-size {args.pool_size} must be 0 or more")
    token = None if args.no_token else (SERVE_TOKEN.value() or serving.new_token())
    pools = dict(serving.POOL_SIZES)
    if args.pool_size is not None:
        pools = {name: args.pool_size for name in pools}
    settings = serving.ServeSettings(port=port, user=person.username, db=db, token=token, pool_sizes=pools,
                                     base_url=base_url)
    root = serving.prepare(settings)
    print(f"workbench serve: {person.display_name} ({person.role}) on store {_safe(db)}")
    print(f"  inspector dashboard: {settings.address('inspector')}")
    print(f"  one home:            {settings.address('inspector', 'urn=URN')}")
    if person.is_manager:
        print(f"  manager dashboard:   {settings.address('manager')}")
    if token is None:
        print("  token authentication is OFF (--no-token): only run this behind an authenticating proxy")
    print("  stop with Ctrl-C", flush=True)
    sys.stdout.flush()
    sys.stderr.flush()
    command = serving.command(root)
    os.execve(command[0], command, serving.environment(settings))
    return 0  # pragma: no cover - execve does not return


def _safe(url: str) -> str:
    """The store URL without a password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url
