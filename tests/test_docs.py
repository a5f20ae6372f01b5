"""The README documents every setting and every command-line option (as datasette's docs tests do),
and the code reads settings only through `workbench.settings`."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.cli import build_parser
from workbench.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    """The text under `heading` up to the next heading of the same or a higher level ('' if absent)."""
    level = len(heading) - len(heading.lstrip("#"))
    start = text.find(f"\n{heading}\n")
    if start < 0:
        return ""
    rest = text[start + len(heading) + 2:]
    following = re.search(rf"^#{{1,{level}}} ", rest, flags=re.MULTILINE)
    return rest[: following.start()] if following else rest


def _commands(parser: argparse.ArgumentParser, prefix: str = "workbench") -> Iterator[tuple[str, list[str]]]:
    """(command line, its long options) for every leaf command of the parser."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield prefix, [o for a in parser._actions for o in a.option_strings if o.startswith("--") and o != "--help"]
        return
    for name, sub in subparsers[0].choices.items():
        yield from _commands(sub, f"{prefix} {name}")


COMMANDS = list(_commands(build_parser()))


def test_commands_are_found() -> None:
    names = [name for name, _options in COMMANDS]
    assert "workbench report" in names and "workbench db upgrade" in names and len(names) >= 15


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_in_the_readme(setting) -> None:
    table = _section(README, "### Settings")
    assert f"`{setting.env}`" in table, f"README.md, section 'Settings': add a row for {setting.env} ({setting.help})"


@pytest.mark.parametrize(("command", "options"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_option_is_in_the_readme(command: str, options: list[str]) -> None:
    section = _section(README, f"#### `{command}`")
    assert section, f"README.md, section 'Commands': add a heading #### `{command}`"
    missing = [o for o in options if not re.search(rf"`{re.escape(o)}[` ]", section)]
    assert not missing, f"README.md, #### `{command}`: document {', '.join(missing)}"


def test_settings_are_read_only_through_the_registry() -> None:
    declared = {s.env for s in SETTINGS}
    direct = re.compile(r"""(environ\.get\(|environ\[|getenv\()\s*["']WORKBENCH_""")
    problems = []
    for path in sorted((ROOT / "workbench").rglob("*.py")):
        if path.name == "settings.py" and path.parent.name == "workbench":
            continue
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            where = f"{path.relative_to(ROOT)}:{number}"
            if direct.search(line):
                problems.append(f"{where}: read it through workbench.settings")
            problems += [f"{where}: {name} is not declared in workbench/settings.py"
                         for name in re.findall(r"\bWORKBENCH_[A-Z_]+\b", line) if name not in declared]
    assert not problems, "\n".join(problems)


def test_a_setting_reads_the_environment_then_its_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from workbench import settings

    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    monkeypatch.delenv("WORKBENCH_REPORTS", raising=False)
    assert settings.REPORTS.path() == tmp_path / "reports"
    monkeypatch.setenv("WORKBENCH_REPORTS", "")  # empty counts as unset
    assert settings.REPORTS.path() == tmp_path / "reports"
    monkeypatch.setenv("WORKBENCH_REPORTS", str(tmp_path / "elsewhere"))
    assert settings.REPORTS.path() == tmp_path / "elsewhere"
    monkeypatch.delenv("WORKBENCH_USER", raising=False)
    assert settings.USER.value() is None
