"""docs/data-formats.md matches the kind specs, and every kind has its example file."""

from __future__ import annotations

from pathlib import Path

from workbench.ingest import SPECS
from workbench.ingest.docs import render

ROOT = Path(__file__).resolve().parent.parent


def test_data_formats_doc_is_generated_from_the_specs() -> None:
    written = (ROOT / "docs" / "data-formats.md").read_text(encoding="utf-8")
    assert written == render(), "regenerate: .venv/bin/python -m workbench.ingest.docs > docs/data-formats.md"


def test_every_kind_is_documented_with_an_existing_example_and_all_its_columns() -> None:
    doc = render()
    for kind, spec in SPECS.items():
        assert f"## `{kind}`" in doc
        assert (ROOT / "examples" / spec.example).is_file(), spec.example
        assert f"examples/{spec.example}" in doc
        for column in spec.columns:
            assert f"| `{column.field}` | {'yes' if column.required else 'no'} |" in doc
            for synonym in column.synonyms:
                assert f"`{synonym}`" in doc
