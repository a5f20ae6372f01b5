"""The package installed the way users install it: build the wheel, `pip install` it (not editable)
into a clean virtual environment, and from a folder outside the checkout run demo-data -> prepare ->
report -> batch -> the stock papermill + `jupyter nbconvert --template workbench` line.

Packages come from pip's cache and the machine's configured indexes (as `make venv`)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 900) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """(a folder outside the checkout, the environment of the clean venv with the wheel installed)."""
    work = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH")
           and not k.startswith("WORKBENCH_")}
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work / "dist"), str(ROOT)],
         cwd=work, env=env)
    (wheel,) = (work / "dist").glob("workbench-*.whl")
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(work / "venv")
    bin_dir = work / "venv" / "bin"
    _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], cwd=work, env=env, timeout=1800)
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(work / "venv"),
               WORKBENCH_HOME=str(work / "home"), WORKBENCH_USER="inspector1", MPLBACKEND="Agg")
    return work, env


def test_installed_wheel_runs_every_command_and_the_stock_tools(installed: tuple[Path, dict[str, str]]) -> None:
    work, env = installed
    bin_dir = work / "venv" / "bin"
    wb = str(bin_dir / "workbench")
    location = _run([str(bin_dir / "python"), "-c", "import workbench; print(workbench.__file__)"], work, env)
    assert str(work / "venv") in location and str(ROOT) not in location  # not the checkout
    db = f"sqlite:///{work / 'store.sqlite'}"
    _run([wb, "demo-data", "--homes", "8", "--seed", "7", "--db", db], work, env)
    homes = json.loads(_run([wb, "homes", "--json", "--db", db], work, env))
    assert len(homes) == 8

    urn = homes[0]["urn"]
    plan = _run([wb, "prepare", urn, "--out", "plans", "--user", "inspector1", "--db", db], work, env)
    assert "visit-plan" in plan and list((work / "plans").glob("visit-plan-*.html"))

    with sqlite3.connect(work / "store.sqlite") as connection:
        latest = "select h.urn, i.id from inspections i join homes h on h.id = i.home_id " \
                 "where i.inspection_type = ? order by i.start_date desc, i.id desc limit 1"
        full_urn, full_id = connection.execute(latest, ("full",)).fetchone()
        interim_urn, _interim_id = connection.execute(latest, ("interim",)).fetchone()
    _run([wb, "report", full_urn, "--inspection", str(full_id), "--out", "reports", "--db", db], work, env)
    (ours,) = (work / "reports").glob(f"*-inspection-{full_id}-*.html")

    _run([wb, "batch", "interim", "--homes", interim_urn, "--out", "batch", "--workers", "1", "--quiet",
          "--db", db], work, env)
    assert (work / "batch" / "index.html").exists() and list((work / "batch").glob(f"{interim_urn}-*.html"))

    # the stock line of the README, from here: papermill on the installed notebook, nbconvert with no flags
    notebook = _run([wb, "notebooks", "report"], work, env).strip()
    assert notebook.startswith(str(work / "venv"))
    _run([str(bin_dir / "papermill"), notebook, "out.ipynb", "-r", "urn", full_urn, "-p", "inspection_id",
          str(full_id), "-r", "db", db, "--log-level", "WARNING"], work, env)
    _run([str(bin_dir / "jupyter"), "nbconvert", "--to", "html", "--template", "workbench", "out.ipynb"], work, env)
    assert (work / "out.html").read_text(encoding="utf-8") == ours.read_text(encoding="utf-8")

    # Voila finds the workbench template in the environment's share/jupyter, with no extra path
    found = _run([str(bin_dir / "python"), "-c", "from voila.paths import collect_template_paths as c; "
                  "print('\\n'.join(c(['voila', 'nbconvert'], 'workbench', prune=True)))"], work, env)
    assert str(work / "venv" / "share" / "jupyter" / "voila" / "templates" / "workbench") in found
