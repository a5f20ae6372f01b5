"""`workbench notebooks [NAME]`: where the installed package's notebooks are (for the stock tools).

``papermill "$(workbench notebooks report)" out.ipynb -r urn SC123456 ...`` runs the same notebook
`workbench report` runs, wherever the package is installed.
"""

from __future__ import annotations

import argparse

from workbench.config import NOTEBOOKS_DIR
from workbench.jupyter.execute import notebook_path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "notebooks", help="list the package's notebooks, or print the path of one (for papermill, Jupyter, Voila)",
        description="Without NAME: every notebook the package carries, by name, with its path. With NAME "
        "(e.g. report, interim_report, pre_visit, dashboards/inspector): only that notebook's path.")
    parser.add_argument("name", nargs="?", metavar="NAME", help="a notebook's name, e.g. report")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print one path, or a name and path a line."""
    if args.name:
        print(notebook_path(args.name))
        return 0
    for path in sorted(NOTEBOOKS_DIR.rglob("*.ipynb")):
        if ".ipynb_checkpoints" not in path.parts:
            print(f"{path.relative_to(NOTEBOOKS_DIR).with_suffix('').as_posix():24} {path}")
    return 0
