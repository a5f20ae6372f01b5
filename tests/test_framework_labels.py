"""framework.yaml is the only source of the framework's names: no module outside `workbench.rules`
spells out an area title, a grade or progress label, or an order of area, grade or progress keys."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK = yaml.safe_load((ROOT / "workbench" / "rules" / "framework.yaml").read_text(encoding="utf-8"))

LABELS = (
    {g["label"] for g in FRAMEWORK["scale"]["grades"]}
    | {p["label"] for p in FRAMEWORK["interim"]["progress_scale"]}
    | {a["title"] for a in FRAMEWORK["areas"]}
    | {a["short_title"] for a in FRAMEWORK["areas"]}
)
KEY_FAMILIES = {
    "grade": {g["key"] for g in FRAMEWORK["scale"]["grades"]},
    "area": {a["key"] for a in FRAMEWORK["areas"]},
    "progress": {p["key"] for p in FRAMEWORK["interim"]["progress_scale"]},
}


def _strings(nodes: list[ast.expr | None]) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def spelled_out(source: str) -> list[tuple[int, str]]:
    """(line, what) for each framework label, and each tuple/list/set of two or more keys of one family
    or mapping of them to numbers (a grade order or ranking), in Python source."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in LABELS:
            found.append((node.lineno, f"the label {node.value!r}"))
        keys: list[str] = []
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            keys = _strings(list(node.elts))
        elif isinstance(node, ast.Dict) and node.values and all(
                isinstance(v, ast.Constant) and isinstance(v.value, int | float) for v in node.values):
            keys = _strings(list(node.keys))
        for family, members in KEY_FAMILIES.items():
            named = sorted(set(keys) & members)
            if len(named) >= 2:
                found.append((node.lineno, f"{family} keys {', '.join(named)} (an order or ranking)"))
    return found


def test_the_check_finds_what_it_looks_for() -> None:
    sample = ('LABELS = {"good": "Good"}\nORDER = ("outstanding", "good")\nRANK = {"good_progress": 1, '
              '"limited_progress": 2}\nTITLE = "Working in partnership"\nfine = grade == "good"\n'
              'PROSE = {"good": "text", "inadequate": "more"}\n')
    assert sorted(line for line, _what in spelled_out(sample)) == [1, 2, 3, 4]


def test_no_module_outside_rules_spells_out_the_framework() -> None:
    problems = []
    for path in sorted((ROOT / "workbench").rglob("*.py")):
        if (ROOT / "workbench" / "rules") in path.parents:
            continue
        problems += [f"{path.relative_to(ROOT)}:{line}: {what}; read it from workbench.rules"
                     for line, what in spelled_out(path.read_text(encoding="utf-8"))]
    assert not problems, "\n".join(problems)
