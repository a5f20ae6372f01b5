"""The sign-in page of `workbench serve`: ours, not Jupyter's (which tells a person to run
``jupyter server list``). Same form, same checks (jupyter_server's `LoginFormHandler`); only the
page differs: it says where this server's token is. Template: ``voila/templates/workbench/login.html``.
"""

from __future__ import annotations

from functools import cache

import jinja2
from voila.voila_identity_provider import VoilaLoginHandler

from workbench.config import JUPYTER_DATA_DIR

TEMPLATES = JUPYTER_DATA_DIR / "voila" / "templates" / "workbench"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)


class WorkbenchLoginHandler(VoilaLoginHandler):
    """Jupyter's token form, rendered with the workbench's page."""

    def get_template(self, name: str) -> jinja2.Template:
        if name == "login.html":
            return _environment().get_template(name)
        return super().get_template(name)
