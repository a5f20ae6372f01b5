"""Every top-level module of the package sits in a layer of the import-linter contract (`make lint`
checks the imports between layers; a module left out would not be checked)."""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path

import workbench

ROOT = Path(__file__).resolve().parent.parent


def test_every_top_level_module_is_in_a_layer() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    layered = {name.strip() for layer in contract["layers"] for name in layer.replace(":", "|").split("|")}
    modules = {f"workbench.{m.name}" for m in pkgutil.iter_modules(workbench.__path__)} - {"workbench.__main__"}
    missing = sorted(modules - layered)
    assert not missing, f"pyproject.toml [tool.importlinter] layers: place {', '.join(missing)} in a layer"
