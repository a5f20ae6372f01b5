"""`workbench serve`: the Voila configuration it writes and its refusals (the browser tests run it for real)."""

from __future__ import annotations

import json
import socket
import stat
from pathlib import Path

import pytest
from dashboard_store import seed

from workbench.cli import main
from workbench.dashboards import serving


def test_configuration_is_safe_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    monkeypatch.setenv("WORKBENCH_REPORTS", str(tmp_path / "reports"))
    settings = serving.ServeSettings(port=18999, user="insp_a", db="sqlite:///x.sqlite", token=serving.new_token())
    root = serving.prepare(settings)
    config = json.loads((root / "voila.json").read_text())
    assert config["Voila"]["ip"] == "127.0.0.1" and config["Voila"]["token"] == settings.token
    assert len(settings.token) >= 32
    voila = config["VoilaConfiguration"]
    assert voila["show_tracebacks"] is False and voila["preheat_kernel"] is True and voila["template"] == "workbench"
    assert config["VoilaKernelManager"]["kernel_pools_config"]["inspector.ipynb"]["pool_size"] >= 1
    assert stat.S_IMODE((root / "voila.json").stat().st_mode) == 0o600  # the token is not readable by others
    assert (root / "inspector.ipynb").resolve() == serving.NOTEBOOKS_DIR / "dashboards" / "inspector.ipynb"
    assert (root / "reports").resolve() == (tmp_path / "reports").resolve()
    env = serving.environment(settings)
    assert env["WORKBENCH_USER"] == "insp_a" and env["WORKBENCH_DB"] == "sqlite:///x.sqlite"
    assert str(serving.TEMPLATES_DIR) in env["JUPYTER_PATH"]
    assert (serving.TEMPLATES_DIR / "voila" / "templates" / "workbench" / "index.html.j2").exists()
    assert settings.address("manager").endswith(f"/voila/render/manager.ipynb?token={settings.token}")
    assert "token" not in serving.ServeSettings(18999, "u", "d", None).address("inspector")


def test_refuses_unknown_user_and_busy_port(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    seed(sqlite_url)
    assert main(["serve", "--db", sqlite_url, "--user", "nobody"]) == 2
    assert "'nobody' is not known" in capsys.readouterr().err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--db", sqlite_url, "--user", "insp_a", "--port", str(port)]) == 2
    assert f"port {port}" in capsys.readouterr().err
    assert main(["serve", "--db", sqlite_url, "--user", "insp_a", "--port", "70000"]) == 2
