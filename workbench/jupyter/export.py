"""Export an executed notebook to one self-contained HTML file with our nbconvert template."""

from __future__ import annotations

import functools
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from workbench.config import NBCONVERT_TEMPLATES_DIR
from workbench.files import write_text_atomic

#: The template every exported page uses (workbench/share/jupyter/nbconvert/templates/workbench/); the
#: wheel installs it under <prefix>/share/jupyter, so the stock ``jupyter nbconvert --to html --template
#: workbench`` finds it too.
TEMPLATE_NAME = "workbench"


@functools.lru_cache(maxsize=4)
def exporter(template_name: str = TEMPLATE_NAME) -> HTMLExporter:
    """A reusable HTML exporter (building one costs more than using it)."""
    html = HTMLExporter(
        template_name=template_name,
        extra_template_basedirs=[str(NBCONVERT_TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    return html


def render_html(nb: nbformat.NotebookNode | Path, template_name: str = TEMPLATE_NAME) -> str:
    """The HTML text of an executed notebook (object or path)."""
    node = nbformat.read(str(nb), as_version=4) if isinstance(nb, Path | str) else nb
    body, _resources = exporter(template_name).from_notebook_node(node)
    return body


def export_html(nb: nbformat.NotebookNode | Path, output_path: Path, template_name: str = TEMPLATE_NAME) -> Path:
    """Render and write the HTML file (atomically); returns its path."""
    return write_text_atomic(render_html(nb, template_name), Path(output_path))
