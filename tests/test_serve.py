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
    config_dir = serving.prepare(settings)
    config = json.loads((config_dir / "voila.json").read_text())
    root = Path(config["Voila"]["root_dir"])
    assert sorted(p.name for p in root.iterdir()) == ["inspector.ipynb", "manager.ipynb"]  # nothing else served
    assert config["Voila"]["ip"] == "127.0.0.1" and config["Voila"]["token"] == settings.token
    assert config["WorkbenchVoila"]["workbench_owner"] == "insp_a" and not config["WorkbenchVoila"]["behind_hub"]
    assert config["WorkbenchVoila"]["page_limits"]["inspector.ipynb"] >= 1
    assert config["VoilaConfiguration"]["file_denylist"] == [".*"]
    assert len(settings.token) >= 32
    voila = config["VoilaConfiguration"]
    assert voila["show_tracebacks"] is False and voila["preheat_kernel"] is True and voila["template"] == "workbench"
    assert config["VoilaKernelManager"]["kernel_pools_config"]["inspector.ipynb"]["pool_size"] >= 1
    assert stat.S_IMODE((config_dir / "voila.json").stat().st_mode) == 0o600  # the token is not readable by others
    assert (root / "inspector.ipynb").resolve() == serving.NOTEBOOKS_DIR / "dashboards" / "inspector.ipynb"
    env = serving.environment(settings)
    assert env["WORKBENCH_USER"] == "insp_a" and env["WORKBENCH_DB"] == "sqlite:///x.sqlite"
    assert str(serving.JUPYTER_DATA_DIR) in env["JUPYTER_PATH"]
    assert (serving.JUPYTER_DATA_DIR / "voila" / "templates" / "workbench" / "index.html.j2").exists()
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


def test_refuses_no_token_outside_a_hub_and_unsafe_options(sqlite_url: str, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    seed(sqlite_url)
    for name in serving.HUB_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("WORKBENCH_USER", raising=False)
    assert main(["serve", "--db", sqlite_url, "--user", "insp_a", "--no-token"]) == 2
    assert "--no-token is refused" in capsys.readouterr().err
    # JUPYTERHUB_USER alone (anyone can set it) is not a hub: still refused, and it names nobody
    monkeypatch.setenv("JUPYTERHUB_USER", "mgr")
    assert main(["serve", "--db", sqlite_url, "--no-token"]) == 2
    assert "say who the server is for" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:  # refused by argparse, before anything else
        main(["serve", "--db", sqlite_url, "--user", "insp_a", "--base-url", "javascript:alert(1)"])
    assert usage.value.code == 2 and "--base-url" in capsys.readouterr().err
    assert main(["serve", "--db", sqlite_url, "--user", "insp_a", "--public-host", "evil.example/x"]) == 2
    assert "--public-host" in capsys.readouterr().err
    assert main(["serve", "--db", sqlite_url, "--user", "insp_a", "--max-pages", "-1"]) == 2
    assert "--max-pages -1" in capsys.readouterr().err


def test_behind_a_hub_the_hub_user_is_the_owner(sqlite_url: str, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.commands import serve

    seed(sqlite_url)
    for name in serving.HUB_VARIABLES:
        monkeypatch.setenv(name, "x")
    monkeypatch.setenv("JUPYTERHUB_USER", "insp_a")
    assert serve.owner(None) == ("insp_a", True)
    assert main(["serve", "--db", sqlite_url, "--user", "mgr", "--no-token"]) == 2
    assert "differs from the JupyterHub user insp_a" in capsys.readouterr().err
