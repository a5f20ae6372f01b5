"""`workbench homes [--all-types] [--json]`: the homes in the store with their latest inspection."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy import select

from workbench.commands import add_db_option
from workbench.store import models as m
from workbench.store.db import sessions

#: Judgement areas read as "the overall grade": the 2014 framework's, then older frameworks'.
OVERALL_AREAS = ("overall", "overall_effectiveness")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("homes", help="list the homes in the store with their latest inspection")
    parser.add_argument("--all-types", action="store_true",
                        help="include provision types other than children's homes")
    parser.add_argument("--json", action="store_true", help="print a JSON list of objects")
    add_db_option(parser)
    parser.set_defaults(func=run)


def list_homes(db: str | None = None, all_types: bool = False) -> list[dict[str, Any]]:
    """One record per home (children's-home types unless `all_types`), ordered by URN.

    The latest inspection is the one with the latest start date; its overall grade is the
    ``overall`` judgement (or an older framework's ``overall_effectiveness``).
    """
    with sessions(db)() as session:
        query = select(m.Home).order_by(m.Home.urn)
        if not all_types:
            query = query.where(m.Home.is_childrens_home.is_(True))
        homes = list(session.scalars(query))
        latest: dict[int, m.Inspection] = {}
        for row in session.scalars(select(m.Inspection).order_by(m.Inspection.start_date, m.Inspection.id)):
            latest[row.home_id] = row
        overall: dict[int, tuple[str | None, str | None]] = {}
        ids = [row.id for row in latest.values()]
        for start in range(0, len(ids), 1000):
            chunk = ids[start:start + 1000]
            rows = session.execute(select(m.Judgement.inspection_id, m.Judgement.area, m.Judgement.grade,
                                          m.Judgement.wording)
                                   .where(m.Judgement.inspection_id.in_(chunk),
                                          m.Judgement.area.in_(OVERALL_AREAS)))
            for inspection_id, area, grade, wording in rows:
                if area == OVERALL_AREAS[0] or inspection_id not in overall:
                    overall[inspection_id] = (grade, wording)
        records = []
        for home in homes:
            inspection = latest.get(home.id)
            grade, wording = overall.get(inspection.id, (None, None)) if inspection else (None, None)
            records.append({
                "urn": home.urn,
                "name": home.name,
                "provision_type": home.provision_type,
                "is_childrens_home": home.is_childrens_home,
                "sector": home.sector,
                "local_authority": home.local_authority,
                "region": home.region or home.government_office_region,
                "places": home.places,
                "registration_status": home.registration_status,
                "latest_inspection_date": inspection.start_date.isoformat() if inspection else None,
                "latest_inspection_type": inspection.inspection_type if inspection else None,
                "latest_inspection_reference": inspection.reference if inspection else None,
                "latest_overall_grade": grade,
                "latest_overall_wording": wording,
            })
        return records


def _places(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else f"{value:g}"


def run(args: argparse.Namespace) -> int:
    records = list_homes(args.db, args.all_types)
    if args.json:
        print(json.dumps(records, indent=1, ensure_ascii=False))
        return 0
    what = "homes of every provision type" if args.all_types else "children's homes"
    if not records:
        print(f"no {what} in the store (import some with `workbench ingest providers FILE`)")
        return 0
    columns = ("URN", "Provision type", "Sector", "Local authority", "Places", "Latest inspection",
               "Overall (as published)")
    table = [columns] + [
        (r["urn"], r["provision_type"], r["sector"] or "", r["local_authority"] or "", _places(r["places"]),
         r["latest_inspection_date"] or "", r["latest_overall_wording"] or "")
        for r in records
    ]
    widths = [min(max(len(str(row[i])) for row in table), 40) for i in range(len(columns))]
    for row in table:
        print("  ".join(str(cell)[:40].ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    print(f"{len(records):,} {what}")
    return 0
