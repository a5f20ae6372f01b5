"""The set-up `workbench serve` generates: a runtime folder, ``voila.json``, the environment.

The runtime folder (``~/.workbench/serve/<port>``, private to the user) holds ``root/`` (links to
the two dashboard notebooks of ``workbench/notebooks/dashboards/`` and nothing else: Voila's root) and
``config/voila.json`` (with the token, so it never appears in ``ps``). The server
(`workbench.dashboards.server`, Voila cut down to the dashboards) runs on 127.0.0.1 with token
authentication or, behind JupyterHub, the hub's OAuth; preheated kernels (a pool per notebook), a
cap on the kernels page loads hold, our ``workbench`` template (Voila's ``lab`` template styled
like the reports), and tracebacks hidden from the page (``show_tracebacks=False``; logged on the
server). Exported reports are served by the server's own file handler, never from Voila's root.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

from workbench.config import JUPYTER_DATA_DIR, NOTEBOOKS_DIR
from workbench.dashboards.reports import folder, reports_dir
from workbench.errors import UserError
from workbench.settings import DASHBOARD_CACHE, DB, HOME, PLANS, REPORTS, USER

DASHBOARDS = ("inspector", "manager")
HOST = "127.0.0.1"
DEFAULT_PORT = 8866
TEMPLATE = "workbench"
#: preheated kernels kept ready per dashboard (2 cores: a small pool)
POOL_SIZES = {"inspector": 2, "manager": 1}
#: most kernels held by open pages per dashboard (each about 170 MB); more page loads get a "busy" page
PAGE_LIMITS = {"inspector": 4, "manager": 3}
#: seconds without activity after which a page's kernel is culled even with the page still open
IDLE_AFTER = 1800.0
#: seconds after which, at the cap, a page's kernel that nobody connected to may be reclaimed
ABANDONED_AFTER = 20.0


@dataclass
class ServeSettings:
    """What `workbench serve` was asked for, resolved."""

    port: int
    user: str
    db: str
    token: str | None
    pool_sizes: dict[str, int] = field(default_factory=lambda: dict(POOL_SIZES))
    base_url: str = "/"
    behind_hub: bool = False
    public_hosts: list[str] = field(default_factory=list)
    page_limits: dict[str, int] = field(default_factory=lambda: dict(PAGE_LIMITS))
    idle_after: float = IDLE_AFTER
    abandoned_after: float = ABANDONED_AFTER

    def address(self, dashboard: str, query: str = "") -> str:
        """The full address of a dashboard (with the token when there is one)."""
        params = [p for p in (query, f"token={self.token}" if self.token else "") if p]
        suffix = ("?" + "&".join(params)) if params else ""
        return f"http://{HOST}:{self.port}{self.base_url}voila/render/{dashboard}.ipynb{suffix}"


def new_token() -> str:
    """A random token for the server's authentication."""
    return secrets.token_hex(24)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def check_port(port: int) -> None:
    """Refuse a port that is taken or out of range, with a clear message."""
    if not 1 <= port <= 65535:
        raise UserError(f"--port {port} is not a TCP port (1-65535)")
    with socket.socket() as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            raise UserError(f"port {port} on {HOST} is in use; choose another with --port") from None


HUB_VARIABLES = ("JUPYTERHUB_API_TOKEN", "JUPYTERHUB_API_URL", "JUPYTERHUB_USER", "JUPYTERHUB_CLIENT_ID")


def behind_hub() -> bool:
    """True when JupyterHub started this process (its spawner sets the hub's API token, URL, user, client id)."""
    return all(os.environ.get(name) for name in HUB_VARIABLES)


def hub_defaults(port: int | None, base_url: str | None) -> tuple[int, str]:
    """Port and URL prefix: as given, else JupyterHub's (JUPYTERHUB_SERVICE_URL / _PREFIX), else 8866 and /."""
    from urllib.parse import urlparse

    if port is None:
        service_url = os.environ.get("JUPYTERHUB_SERVICE_URL")
        port = (urlparse(service_url).port if service_url else None) or DEFAULT_PORT
    prefix = base_url or os.environ.get("JUPYTERHUB_SERVICE_PREFIX") or "/"
    if not prefix.startswith("/"):
        prefix = "/" + prefix
    if not prefix.endswith("/"):
        prefix += "/"
    return port, prefix


def runtime_dir(port: int) -> Path:
    """The private folder this server runs from."""
    return Path(HOME.value() or "") / "serve" / str(port)


def voila_config(settings: ServeSettings, root: Path) -> dict[str, object]:
    """The traitlets configuration written as ``voila.json``."""
    pools = {f"{name}.ipynb": {"pool_size": size} for name, size in settings.pool_sizes.items()}
    return {
        "Voila": {
            "ip": HOST,
            "port": settings.port,
            "open_browser": False,
            "root_dir": str(root),
            "base_url": settings.base_url,
            "token": settings.token or "",
        },
        "WorkbenchVoila": {
            "workbench_db": settings.db,
            "workbench_owner": settings.user,
            "behind_hub": settings.behind_hub,
            "public_hosts": list(settings.public_hosts),
            "page_limits": {f"{name}.ipynb": size for name, size in settings.page_limits.items()},
            "idle_after": settings.idle_after,
            "abandoned_after": settings.abandoned_after,
        },
        "VoilaConfiguration": {
            "template": TEMPLATE,
            "theme": "light",
            "show_tracebacks": False,
            "strip_sources": True,
            "preheat_kernel": any(settings.pool_sizes.values()),
            "default_pool_size": 0,
            "file_allowlist": [],
            "file_denylist": [r".*"],
            # syntax colours for code cells, which the dashboards never show: three fewer files per page load
            "extension_denylist": ["jupyterlab_pygments"],
            "http_keep_alive_timeout": 10,
        },
        # No cell timeout: a preheated kernel waits in its `?urn=` cell until a request arrives.
        "VoilaKernelManager": {"kernel_pools_config": pools, "fill_delay": 0.2},
        # A page's kernel is shut down when the page is left; should that request not arrive, an idle
        # kernel nobody is connected to is culled (preheated kernels wait in a cell: busy, never culled).
        "MappingKernelManager": {"cull_idle_timeout": 120, "cull_interval": 30, "cull_connected": False},
        # Kernels talk to the server over private UNIX sockets, not TCP ports on 127.0.0.1 (no port races
        # with other processes, nothing another local user can connect to).
        "KernelManager": {"transport": "ipc"},
    }


def prepare(settings: ServeSettings) -> Path:
    """Create the runtime folder: ``root/`` with the two notebook links only, a private ``config/voila.json``.

    Returns the configuration folder.
    """
    base = runtime_dir(settings.port)
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(base, 0o700)
    root = base / "root"
    if root.is_symlink() or (root.exists() and not root.is_dir()):
        root.unlink()
    root.mkdir(exist_ok=True)
    for entry in root.iterdir():  # anything left from an older layout (the old `reports` link)
        if entry.is_symlink() or entry.is_file():
            entry.unlink()
    for name in DASHBOARDS:
        (root / f"{name}.ipynb").symlink_to(NOTEBOOKS_DIR / "dashboards" / f"{name}.ipynb")
    reports_dir().mkdir(parents=True, exist_ok=True)
    config_dir = base / "config"
    config_dir.mkdir(exist_ok=True)
    os.chmod(config_dir, 0o700)
    config = config_dir / "voila.json"
    fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(voila_config(settings, root), handle, indent=2)
    return config_dir


def environment(settings: ServeSettings) -> dict[str, str]:
    """The server's environment, inherited by every kernel: identity, store, template path."""
    env = dict(os.environ)
    env[USER.env] = settings.user
    env[DB.env] = settings.db
    env[REPORTS.env] = str(reports_dir())
    env[PLANS.env] = str(folder("plans"))
    env[DASHBOARD_CACHE.env] = str(runtime_dir(settings.port) / "cache")
    # Voila finds templates under <JUPYTER_PATH entry>/voila/templates/<name>.
    extra = str(JUPYTER_DATA_DIR)
    env["JUPYTER_PATH"] = os.pathsep.join([extra, *[p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]])
    env.setdefault("MPLBACKEND", "Agg")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def command(config_dir: Path) -> list[str]:
    """The server's command line (configuration comes from ``voila.json`` in `config_dir`)."""
    return [sys.executable, "-m", "workbench.dashboards.server", str(config_dir)]
