"""Export an executed notebook to one self-contained HTML file with our nbconvert template."""

from __future__ import annotations

import functools
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from workbench.config import TEMPLATES_DIR
from workbench.files import write_text_atomic

#: The template every exported page uses (templates/workbench/); pass it to the stock CLI as
#: ``jupyter nbconvert --to html --TemplateExporter.extra_template_basedirs=templates --template workbench``.
TEMPLATE_NAME = "workbench"


@functools.lru_cache(maxsize=4)
def exporter(template_name: str = TEMPLATE_NAME) -> HTMLExporter:
    """A reusable HTML exporter (building one costs more than using it)."""
    html = HTMLExporter(
        template_name=template_name,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    return html


def render_html(nb: nbformat.NotebookNode | Path, template_name: str = TEMPLATE_NAME) -> str:
    """The HTML text of an executed notebook (object or path)."""
    if isinstance(nb, Path | str):
        nb = nbformat.read(str(nb), as_version=4)
    body, _resources = exporter(template_name).from_notebook_node(nb)
    return body


def export_html(nb: nbformat.NotebookNode | Path, output_path: Path, template_name: str = TEMPLATE_NAME) -> Path:
    """Render and write the HTML file (atomically); returns its path."""
    return write_text_atomic(render_html(nb, template_name), Path(output_path))
