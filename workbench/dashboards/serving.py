"""The Voila set-up `workbench serve` generates: a runtime folder, ``voila.json``, the environment.

The runtime folder (``~/.workbench/serve/<port>``, private to the user) links the dashboard
notebooks of ``notebooks/dashboards/`` and the exported-reports folder, and holds the generated
``voila.json`` (with the token, so it never appears in ``ps``). Voila runs in server mode on
127.0.0.1 with token authentication, preheated kernels (``preheat_kernel`` + a pool per
notebook), our ``workbench`` template (Voila's ``lab`` template styled like the reports), and
tracebacks hidden from the page (``show_tracebacks=False``; Voila logs them on the server).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

from workbench.config import NOTEBOOKS_DIR, TEMPLATES_DIR
from workbench.dashboards.reports import reports_dir
from workbench.errors import UserError
from workbench.settings import DASHBOARD_CACHE, DB, HOME, REPORTS, USER

DASHBOARDS = ("inspector", "manager")
HOST = "127.0.0.1"
DEFAULT_PORT = 8866
TEMPLATE = "workbench"
#: preheated kernels kept ready per dashboard (2 cores: a small pool)
POOL_SIZES = {"inspector": 2, "manager": 1}


@dataclass
class ServeSettings:
    """What `workbench serve` was asked for, resolved."""

    port: int
    user: str
    db: str
    token: str | None
    pool_sizes: dict[str, int] = field(default_factory=lambda: dict(POOL_SIZES))
    base_url: str = "/"

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
        "VoilaConfiguration": {
            "template": TEMPLATE,
            "theme": "light",
            "show_tracebacks": False,
            "strip_sources": True,
            "preheat_kernel": any(settings.pool_sizes.values()),
            "default_pool_size": 0,
            "file_allowlist": [r"reports/.*\.html$"],
            "file_denylist": [r".*\.ipynb$", r".*voila\.json$", r"(^|/)\..*"],
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
    """Create the runtime folder: notebook links, the reports link, a private voila.json."""
    root = runtime_dir(settings.port)
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    for name in DASHBOARDS:
        link = root / f"{name}.ipynb"
        target = NOTEBOOKS_DIR / "dashboards" / f"{name}.ipynb"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(target)
    reports = reports_dir()
    reports.mkdir(parents=True, exist_ok=True)
    link = root / "reports"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(reports, target_is_directory=True)
    config = root / "voila.json"
    fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(voila_config(settings, root), handle, indent=2)
    return root


def environment(settings: ServeSettings) -> dict[str, str]:
    """The server's environment, inherited by every kernel: identity, store, template path."""
    env = dict(os.environ)
    env[USER.env] = settings.user
    env[DB.env] = settings.db
    env[REPORTS.env] = str(reports_dir())
    env[DASHBOARD_CACHE.env] = str(runtime_dir(settings.port) / "cache")
    # Voila finds templates under <JUPYTER_PATH entry>/voila/templates/<name>.
    extra = str(TEMPLATES_DIR)
    env["JUPYTER_PATH"] = os.pathsep.join([extra, *[p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]])
    env.setdefault("MPLBACKEND", "Agg")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def command(root: Path) -> list[str]:
    """The Voila command line (configuration comes from ``voila.json`` in `root`)."""
    return [sys.executable, "-m", "voila", str(root), "--no-browser", f"--Voila.config_file_paths={root}"]
