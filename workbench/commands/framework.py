"""`workbench framework`: check grades against the limiting rules, or show the framework."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import textwrap
from typing import Any

from workbench import rules
from workbench.commands import add_db_option, iso_date
from workbench.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `framework check` and `framework show`."""
    parser = subparsers.add_parser("framework", help="the 2014 inspection framework: limiting rules and descriptors")
    sub = parser.add_subparsers(dest="framework_command", metavar="ACTION")
    check = sub.add_parser(
        "check",
        help="the highest grade the rules allow for every area, with reasons",
        description=(
            "Print, for every judgement area, the highest grade the framework's limiting rules allow "
            "(paras 13, 24-25, 37, 39-43), citing the paragraph. Exit 1 if a given grade is above its cap."
        ),
    )
    check.add_argument("grades", nargs="*", metavar="AREA=GRADE",
                       help=f"areas: {', '.join(rules.AREAS)}; grades: {', '.join(rules.GRADES)}")
    check.add_argument("--fact", action="append", default=[], metavar="NAME=VALUE",
                       help="facts: " + ", ".join(f"{k} ({t.__name__})" for k, t in rules.FACTS.items()))
    check.add_argument("--json", action="store_true", help="print JSON")
    check.set_defaults(func=run_check)
    facts = sub.add_parser(
        "facts",
        help="the limiting facts of one home from the store, with the records behind them",
        description=(
            "Compute the four limiting facts (para 37; footnotes 11-12, 19-20) for a home from the store "
            "as of a date, show the records behind each, and the caps they put on leaders and managers."
        ),
    )
    facts.add_argument("urn", metavar="URN", help="the home's URN as Ofsted writes it, e.g. SC123456")
    facts.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD", help="date to compute at (default: today)")
    facts.add_argument("--json", action="store_true", help="print JSON")
    add_db_option(facts)
    facts.set_defaults(func=run_facts)
    show = sub.add_parser("show", help="list areas, grades, facts, descriptors and the interim scale")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=run_show)
    parser.set_defaults(func=lambda args: _usage(parser))




def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def check_result(grades: dict[str, str], facts: dict[str, object]) -> dict[str, Any]:
    """The JSON document of `framework check`: caps per area plus any violations."""
    limits = rules.caps(grades, facts)
    return {
        "areas": {
            area: {
                "max_grade": cap.max_grade,
                "reasons": [{"paragraph": r.paragraph, "text": r.text} for r in cap.reasons],
            }
            for area, cap in limits.items()
        },
        "violations": [
            {"area": area, "grade": grade, "max_grade": cap.max_grade}
            for area, grade, cap in rules.violations(grades, facts)
        ],
    }


def run_check(args: argparse.Namespace) -> int:
    """`framework check`: exit 0 if every given grade is within its cap, 1 otherwise."""
    if not args.grades and not args.fact:
        raise UserError(
            f"give at least one AREA=GRADE or --fact NAME=VALUE; areas: {', '.join(rules.AREAS)}; "
            f"grades: {', '.join(rules.GRADES)}"
        )
    grades = rules.validate_grades(args.grades)
    facts = rules.validate_facts(args.fact)
    result = check_result(grades, facts)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print_check(grades, facts, result)
    return 1 if result["violations"] else 0


def _print_check(grades: dict[str, str], facts: dict[str, object], result: dict[str, Any]) -> None:
    framework = rules.load_framework()
    if facts:
        print("Facts: " + ", ".join(f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in facts.items()))
    width = max(len(a) for a in rules.AREAS)
    print(f"{'AREA':<{width}}  {'GIVEN':<22}  {'HIGHEST ALLOWED':<22}  STATUS")
    bad = {v["area"] for v in result["violations"]}
    for area, entry in result["areas"].items():
        given = framework.grade_label(grades[area]) if area in grades else "-"
        status = "ABOVE CAP" if area in bad else ("ok" if area in grades else "")
        print(f"{area:<{width}}  {given:<22}  {framework.grade_label(entry['max_grade']):<22}  {status}".rstrip())
        for reason in entry["reasons"]:
            print(textwrap.fill(f"para {reason['paragraph']}: {reason['text']}", width=100,
                                initial_indent=" " * (width + 2) + "- ", subsequent_indent=" " * (width + 4)))
    for v in result["violations"]:
        print(f"violation: {v['area']} is {v['grade']} but the rules allow at best {v['max_grade']}")


def show_document() -> dict[str, Any]:
    """The framework as a JSON-ready document for `framework show --json`."""
    framework = rules.load_framework()
    return {
        "areas": [
            {
                "key": a.key, "title": a.title, "kind": a.kind, "paragraph": a.paragraph,
                "descriptors": {
                    grade: [{"id": d.id, "paragraph": d.paragraph, "text": d.text} for d in items]
                    for grade, items in a.descriptors.items()
                },
                "no_descriptors_in_framework": a.no_descriptors_note,
                "notes": [{"paragraph": p, "text": t} for p, t in a.notes],
            }
            for a in framework.areas
        ],
        "grades": [{"key": g["key"], "label": g["label"]} for g in framework.grades],
        "facts": [{"key": f["key"], "type": f["type"], "paragraph": str(f["paragraph"]),
                   "description": f["description"]} for f in framework.facts],
        "rules": [{"id": r.id, "when": r.condition, "area": r.target, "max_grade": r.max_grade,
                   "likely": r.likely, "paragraph": r.paragraph, "reason": r.reason} for r in framework.rules],
        "interim": {
            "focus_areas": [vars(f) for f in framework.focus_areas],
            "progress_scale": [vars(p) for p in framework.progress_scale],
        },
        "timings": framework.timings,
    }


def run_show(args: argparse.Namespace) -> int:
    """`framework show`: the framework in words, or as JSON."""
    doc = show_document()
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    wrap = textwrap.TextWrapper(width=100, initial_indent="    - ", subsequent_indent="      ")
    print("Grades (para 16): " + ", ".join(f"{g['key']} ({g['label']})" for g in doc["grades"]))
    print("Facts:")
    for fact in doc["facts"]:
        print(f"  {fact['key']} ({fact['type']}, para {fact['paragraph']}): {fact['description']}")
    print("Limiting rules:")
    for rule in doc["rules"]:
        likely = ", likely worse: inspector decides within the cap" if rule["likely"] else ""
        print(f"  if {rule['when']}: {rule['area']} at best {rule['max_grade']} (para {rule['paragraph']}{likely})")
    for area in doc["areas"]:
        print(f"\n{area['key']}: {area['title']} ({area['kind']})")
        for note in area["notes"]:
            print(textwrap.fill(f"({note['paragraph']}) {note['text']}", width=100,
                                initial_indent="  note ", subsequent_indent="       "))
        for grade, items in area["descriptors"].items():
            print(f"  {grade}:")
            if not items:
                print(wrap.fill(area["no_descriptors_in_framework"].get(grade, "no descriptors")))
            for d in items:
                print(wrap.fill(f"[{d['id']}, para {d['paragraph']}] {d['text']}"))
    print("\nInterim inspections: focus areas (para 46)")
    for focus in doc["interim"]["focus_areas"]:
        print(f"  {focus['key']}: {focus['title']}")
    print("Interim progress scale (para 47): " + ", ".join(
        f"{p['key']} ({p['label']})" for p in doc["interim"]["progress_scale"]))
    t = doc["timings"]
    print(f"Timings: {t['inspections_per_year']['value']} inspections a year (para 7); after inadequate overall, "
          f"full inspection within {t['reinspection_after_inadequate']['min_weeks']}-"
          f"{t['reinspection_after_inadequate']['max_weeks']} weeks (para 8); report published within "
          f"{t['publication']['working_days']} working days (para 9)")
    return 0


def run_facts(args: argparse.Namespace) -> int:
    """`framework facts URN`: the store's limiting facts for a home and the caps they produce."""
    from sqlalchemy import select

    from workbench.analysis.facts import explain_facts
    from workbench.store import session_scope
    from workbench.store.models import Home

    as_of = args.as_of or dt.date.today()
    with session_scope(args.db) as session:
        home_id = session.scalar(select(Home.id).where(Home.urn == args.urn))
        if home_id is None:
            raise UserError(f"no home with URN {args.urn!r} in the store")
        explained = explain_facts(session, home_id, as_of)
    values = {name: e.value for name, e in explained.items()}
    cap = rules.caps({}, values)["leadership"]
    if args.json:
        print(json.dumps({
            "urn": args.urn, "as_of": as_of.isoformat(),
            "facts": {name: e.to_dict() for name, e in explained.items()},
            "leadership": {"max_grade": cap.max_grade,
                           "reasons": [{"paragraph": r.paragraph, "text": r.text} for r in cap.reasons]},
        }, indent=2))
        return 0
    print(f"Limiting facts for {args.urn} as of {as_of.isoformat()}")
    for name, e in explained.items():
        value = "unknown" if e.value is None else (str(e.value).lower() if isinstance(e.value, bool) else e.value)
        print(f"  {name} = {value}")
        print(textwrap.fill(e.summary, width=100, initial_indent="      ", subsequent_indent="      "))
        for record in e.records:
            ref = record.get("reference") or f"id {record['id']}"
            print(f"      - {record['table']} {ref}: {record.get('finding', '')}")
    label = rules.load_framework().grade_label(cap.max_grade)
    print(f"Leaders and managers: highest grade the facts allow is {label}")
    for reason in cap.reasons:
        print(textwrap.fill(f"para {reason.paragraph}: {reason.text}", width=100,
                            initial_indent="  - ", subsequent_indent="    "))
    return 0
