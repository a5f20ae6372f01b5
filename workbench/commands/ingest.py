"""`workbench ingest KIND FILE...` and `workbench ingest rejected [--kind K]`."""

from __future__ import annotations

import argparse
import sys

from workbench.commands import add_db_option, positive
from workbench.errors import UserError
from workbench.ingest import SPECS, FileResult, ingest_file, rejected_rows
from workbench.ingest.joiners import KIND as JOINERS
from workbench.ingest.joiners import ingest_joiners
from workbench.ingest.limits import LIMITS, Limits, from_settings

#: Rejected rows printed per file; the rest are listed by `workbench ingest rejected`.
SHOWN_PER_FILE = 1_000


def register(subparsers: argparse._SubParsersAction) -> None:
    kinds = ", ".join([*SPECS, "joiners-leavers"])
    parser = subparsers.add_parser(
        "ingest",
        help="import CSV, XLSX or JSON exports (and Ofsted's provider-level release) into the store",
        description=f"Import files of one kind into the store. Kinds: {kinds}. "
        "`workbench ingest rejected [--kind K]` lists rows kept aside. Columns of each kind: "
        "docs/data-formats.md. Exit status: 0 every row taken, 1 some rows rejected, "
        "2 a file refused as a whole.",
    )
    parser.add_argument("kind", metavar="KIND", help=f"one of: {kinds}; or 'rejected'")
    parser.add_argument("files", metavar="FILE", nargs="*", help="CSV, XLSX or JSON files")
    add_db_option(parser)
    parser.add_argument("--strict", action="store_true", help="any rejected row refuses the whole file")
    parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    parser.add_argument("--sheet", default=None, help="XLSX sheet to read (default: the first)")
    parser.add_argument("--kind", dest="only_kind", default=None, metavar="K",
                        help="with 'rejected': list only this kind")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    defaults = Limits()
    for field, limit in LIMITS.items():
        parser.add_argument(limit.option, dest=f"max_{field}", type=positive(int, "a positive whole number"),
                            default=None, metavar="N",
                            help=f"refuse a file with more than N {limit.what} (default {getattr(defaults, field):,}, "
                                 f"or the setting {limit.setting.env})")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.kind == "rejected":
        return _list_rejected(args)
    if args.kind == JOINERS:
        return _joiners(args)
    if args.kind not in SPECS:
        raise UserError(f"unknown kind {args.kind!r}; the kinds are: {', '.join(SPECS)}, {JOINERS} "
                        "(or 'rejected')")
    if args.only_kind:
        raise UserError("--kind applies to `workbench ingest rejected` only")
    if not args.files:
        raise UserError(f"give at least one file to import as {args.kind}")
    limits = from_settings().with_overrides(**{field: getattr(args, f"max_{field}") for field in LIMITS})
    status = 0
    for name in args.files:
        result = ingest_file(args.kind, name, args.db, strict=args.strict, dry_run=args.dry_run,
                             sheet=args.sheet, progress=False if args.no_progress else None, limits=limits)
        status = max(status, _report(result, args.kind))
    return status


def _joiners(args: argparse.Namespace) -> int:
    """`workbench ingest joiners-leavers FILE...`: Ofsted's Leavers and joiners releases."""
    if args.only_kind:
        raise UserError("--kind applies to `workbench ingest rejected` only")
    if not args.files:
        raise UserError(f"give at least one file to import as {JOINERS}")
    status = 0
    for name in args.files:
        result = ingest_joiners(name, args.db, strict=args.strict, dry_run=args.dry_run, sheet=args.sheet)
        status = max(status, _report(result, JOINERS))
    return status


def _report(result: FileResult, kind: str) -> int:
    """Print a file's warnings, rejected rows and summary; its exit status."""
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for rejection in result.rejected[:SHOWN_PER_FILE]:
        print(f"rejected: {rejection.describe(result.file, result.unit)}", file=sys.stderr)
    hidden = len(result.rejected) - SHOWN_PER_FILE
    if hidden > 0:
        print(f"rejected: ... and {hidden:,} more rows; `workbench ingest rejected --kind {kind}` "
              "lists them all", file=sys.stderr)
    print(result.summary(), file=sys.stderr if result.refused else sys.stdout)
    return result.exit_code


def _list_rejected(args: argparse.Namespace) -> int:
    if args.files:
        raise UserError("`workbench ingest rejected` takes no files (use --kind K to choose a kind)")
    if args.only_kind and args.only_kind not in SPECS and args.only_kind != JOINERS:
        raise UserError(f"unknown kind {args.only_kind!r}; the kinds are: {', '.join(SPECS)}, {JOINERS}")
    rows = rejected_rows(args.db, args.only_kind)
    for row in rows:
        where = f"{row.kind}: {row.file}, line {row.line}"
        if row.column:
            where += f", column {row.column!r}, value {row.value!r}" if row.value else \
                f", column {row.column!r} (empty)"
        print(f"{where}: {row.reason}")
    what = f"of kind {args.only_kind} " if args.only_kind else ""
    print(f"{len(rows):,} rejected row(s) {what}waiting to be fixed and imported again")
    return 0
