"""The `workbench` command: a thin dispatcher over one module per sub-command.

Each module in `workbench.commands` defines ``register(subparsers)``, which adds its
parser and sets ``func`` (called with the parsed namespace, returning an exit code).
Adding a command is adding a file; nothing here changes.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from workbench import commands, settings
from workbench.errors import UserError, store_refusal


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered sub-command."""
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Inspector workbench for children's homes in England (Ofsted 2014 framework).",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debugging detail")
    parser.add_argument("--home", metavar="DIR",
                        help="the workbench folder for this run (sets WORKBENCH_HOME: the store, reports and visit "
                             "plans that sit in it), e.g. `workbench --home build/demo serve --user inspector1`")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"workbench.commands.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.home:  # before any setting is read; kernels and servers started below inherit it
        os.environ[settings.HOME.env] = str(Path(args.home).expanduser().resolve())
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UserError as error:
        print(f"workbench {args.command}: {error.message}", file=sys.stderr)
        return error.exit_code
    except SQLAlchemyError as error:  # e.g. a read-only store: one line, never SQL or its parameters
        reason = getattr(error, "orig", None) or error
        print(f"workbench {args.command}: {store_refusal(error.__class__.__name__, reason)}", file=sys.stderr)
        return 1
    except OSError as error:  # e.g. an output folder that cannot be written
        where = f" {error.filename}" if error.filename else ""
        print(f"workbench {args.command}: cannot use{where}: {error.strerror or error}; nothing more was done",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `workbench homes | head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
