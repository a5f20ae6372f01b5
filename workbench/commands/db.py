"""`workbench db upgrade|tables`: schema migrations of the store."""

from __future__ import annotations

import argparse

from workbench.commands import add_db_option
from workbench.store import db as store_db


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="manage the store's schema")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    up = actions.add_parser("upgrade", help="apply pending Alembic migrations")
    add_db_option(up)
    up.set_defaults(func=run_upgrade)
    tables = actions.add_parser("tables", help="list the store's tables")
    add_db_option(tables)
    tables.set_defaults(func=run_tables)


def run_upgrade(args: argparse.Namespace) -> int:
    url = store_db.upgrade(args.db)
    print(f"store at {store_db._safe(url)} is at the latest schema")
    return 0


def run_tables(args: argparse.Namespace) -> int:
    for name in store_db.table_names(args.db):
        print(name)
    return 0
