"""`workbench demo-data`: fill the store with deterministic, fictional demo data."""

from __future__ import annotations

import argparse

from workbench.commands import add_db_option, iso_date
from workbench.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``demo-data`` sub-command."""
    parser = subparsers.add_parser(
        "demo-data",
        help="generate deterministic, fictional demo homes with years of history",
        description=(
            "Generate demo data: N fictional homes (URNs SC9xxxxx / 9xxxxxx) with inspections, judgements "
            "within the framework's caps, notifications, reg 44 visits, reg 45 reviews, complaints, surveys, "
            "children by pseudonym and staff; users inspector1..K and manager, manager2. The same seed and "
            "--as-of give the same data. A store that already holds demo homes is refused unless --replace."),
    )
    parser.add_argument("--homes", type=int, default=60, help="number of homes (default 60)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--as-of", type=iso_date, default=None, metavar="DATE",
                        help="reference date the history runs up to (default: today)")
    parser.add_argument("--years", type=int, default=3, help="years of history before --as-of (default 3)")
    parser.add_argument("--replace", action="store_true",
                        help="delete the store's previous demo homes, their records and the demo users first")
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Generate, write and print a short summary."""
    from workbench.demo import generate

    if args.homes is None or args.homes < 1:
        raise UserError(f"--homes must be at least 1, got {args.homes}")
    summary = generate(args.db, homes=args.homes, seed=args.seed, as_of=args.as_of, years=args.years,
                       replace=args.replace)
    counts = summary.counts
    if summary.replaced:
        print(f"replaced {summary.replaced} earlier demo homes")
    print(f"demo data as of {summary.as_of} (seed {args.seed}, {args.years} years of history):")
    for table, label in (("homes", "homes"), ("users", "users"), ("inspections", "inspections"),
                         ("judgements", "judgements"), ("requirements", "requirements"),
                         ("recommendations", "recommendations"), ("notifications", "notifications"),
                         ("independent_visits", "reg 44 visits"), ("quality_reviews", "reg 45 reviews"),
                         ("complaints", "complaints"), ("survey_responses", "survey responses"),
                         ("children", "children"), ("staff", "staff")):
        print(f"  {label:<18}{counts.get(table, 0):>9,}")
    print(f"  {'total rows':<18}{sum(counts.values()):>9,}")
    print(f"done in {summary.seconds:.1f} s")
    return 0
