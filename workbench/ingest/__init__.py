"""Ingest: bring exports (CSV, XLSX, JSON, Ofsted's provider-level release) into the store safely.

Public API: `ingest_file(kind, path, db, strict=, dry_run=, sheet=)` returns a `FileResult`;
`SPECS` describes every kind's columns (the source of docs/data-formats.md);
`rejected_rows(db, kind)` lists rows kept aside.
"""

from __future__ import annotations

from workbench.ingest.loader import ingest_file
from workbench.ingest.rejected import rejected_rows
from workbench.ingest.result import FileResult, Rejection
from workbench.ingest.specs import SPECS, KindSpec, spec_for

__all__ = ["SPECS", "FileResult", "KindSpec", "Rejection", "ingest_file", "rejected_rows", "spec_for"]
