"""JupyterHub for a team: each person signs in to the hub and gets their own `workbench serve`.

    WORKBENCH_DB=postgresql+psycopg://workbench:…@db/workbench jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

What it sets up (tests/test_jupyterhub.py runs exactly this file):
- the hub and its proxy (`configurable-http-proxy`, from npm) on ``WORKBENCH_HUB_IP`` (default
  127.0.0.1) port ``WORKBENCH_HUB_PORT`` (8000); put TLS in front for anything beyond one machine;
- who may sign in: the store's inspectors and managers (read from the store when the hub starts;
  restart the hub after adding someone); the hub's authenticator decides how they prove it:
  set ``c.JupyterHub.authenticator_class`` below to your organisation's (e.g. oauthenticator's
  Azure AD); ``WORKBENCH_HUB_SHARED_PASSWORD`` selects JupyterHub's shared-password
  authenticator, for trials and the tests only;
- each person's server is `workbench serve --no-token` started by the hub as the hub's own OS
  user (``SimpleLocalProcessSpawner``): it authenticates every request with the hub's OAuth,
  admits only its owner, and checks the owner's role in the store on every request;
- the store's URL (with its password) is in the spawner's environment, set here from the hub's
  own ``WORKBENCH_DB``: the people never hold it (the dashboards give them no shell, no files,
  no code execution);
- at most ``WORKBENCH_HUB_MAX_SERVERS`` (default 40) servers at once, servers idle for an hour
  are stopped by the hub when ``jupyterhub-idle-culler`` is installed (optional).
"""

import os
import shutil
import sys
from pathlib import Path

from workbench.dashboards.access import dashboard_users

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file
env = os.environ
state = Path(env.get("WORKBENCH_HUB_STATE", ".")).resolve()
state.mkdir(parents=True, exist_ok=True)
store = env["WORKBENCH_DB"]  # the service's store credentials: only the hub and the servers it starts see them

# the hub, its proxy, its own state
c.JupyterHub.ip = env.get("WORKBENCH_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(env.get("WORKBENCH_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env.get("WORKBENCH_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env.get('WORKBENCH_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [env.get("WORKBENCH_CHP") or shutil.which("configurable-http-proxy")
                                   or "configurable-http-proxy"]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.active_server_limit = int(env.get("WORKBENCH_HUB_MAX_SERVERS", "40"))
c.JupyterHub.concurrent_spawn_limit = 10
c.JupyterHub.default_url = "/hub/home"

# who may sign in: the store's inspectors and managers
c.Authenticator.allowed_users = set(dashboard_users(store))
# hub administrators (IT staff; need not be in the store): they may manage servers, but a person's
# workbench server still admits only its owner
c.Authenticator.admin_users = set(env.get("WORKBENCH_HUB_ADMINS", "").split())
if env.get("WORKBENCH_HUB_SHARED_PASSWORD"):
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = env["WORKBENCH_HUB_SHARED_PASSWORD"]
    c.SharedPasswordAuthenticator.admin_password = env.get("WORKBENCH_HUB_SHARED_ADMIN_PASSWORD")

# each person's server: `workbench serve` behind the hub, started as the hub's OS user
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(state / "homes" / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).parent / "workbench"), "serve", "--no-token"]
c.Spawner.args = ["--pool-size", env.get("WORKBENCH_HUB_POOL_SIZE", "1")]
c.Spawner.default_url = "/voila/render/inspector.ipynb"
c.Spawner.env_keep = ["PATH", "PYTHONPATH", "LANG", "LC_ALL", "TZ"]
c.Spawner.environment = {
    "WORKBENCH_DB": store,
    "WORKBENCH_REPORTS": env.get("WORKBENCH_REPORTS", str(state / "reports")),
    "WORKBENCH_PLANS": env.get("WORKBENCH_PLANS", str(state / "visit-plans")),
    "MPLBACKEND": "Agg",
}
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120

if shutil.which("jupyterhub-idle-culler"):
    c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
                                "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]
    c.JupyterHub.services = [{"name": "idle-culler", "command": [
        sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"]}]
