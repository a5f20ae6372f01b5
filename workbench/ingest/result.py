"""What one file's import did: counts, rejected rows with reasons, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Rejection:
    """One rejected row: where it is, which cell, the value and why, in plain words."""

    line: int
    column: str | None
    value: str
    reason: str
    natural_key: str | None = None
    original: dict[str, Any] | None = None

    def describe(self, file: str, unit: str = "line") -> str:
        """``file, line N, column 'X', value 'V': reason``."""
        where = f"{file}, {unit} {self.line}"
        if self.column:
            where += f", column {self.column!r}"
            where += f", value {self.value!r}" if self.value != "" else " (empty)"
        return f"{where}: {self.reason}"


@dataclass
class FileResult:
    """The outcome of importing one file."""

    kind: str
    file: str
    unit: str = "line"
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused: str | None = None
    dry_run: bool = False
    strict: bool = False
    written: bool = False

    @property
    def exit_code(self) -> int:
        """0 every row taken, 1 some rejected, 2 the file refused (or --strict with rejections)."""
        if self.refused or (self.strict and self.rejected):
            return 2
        return 1 if self.rejected else 0

    def summary(self) -> str:
        """The one-line summary: rows read, inserted, updated, unchanged, rejected."""
        if self.refused:
            return f"{self.file}: refused, nothing imported: {self.refused}"
        counts = (f"{self.read:,} read, {self.inserted:,} inserted, {self.updated:,} updated, "
                  f"{self.unchanged:,} unchanged, {len(self.rejected):,} rejected")
        if self.dry_run:
            return f"{self.file}: dry run, nothing written: would be {counts}"
        if self.strict and self.rejected:
            return f"{self.file}: refused under --strict, nothing written: {counts}"
        return f"{self.file}: {counts}"
