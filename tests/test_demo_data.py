"""Demo data: deterministic, realistic, fictional, and containing every case later features rely on."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from workbench.cli import main
from workbench.demo import Options, build, generate, staffing, vocab
from workbench.demo.homes import is_demo_urn
from workbench.errors import UserError
from workbench.rules import published_wording, violations
from workbench.store import models as m
from workbench.store.db import session_scope

AS_OF = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def rows() -> dict:
    """A mid-sized demo set built in memory (no store)."""
    return build(Options(homes=400, seed=11, as_of=AS_OF), {})


def _by_home(rows: dict, table: str) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = defaultdict(list)
    for row in rows[table]:
        out[row["home_id"]].append(row)
    return out


def test_same_seed_same_data_and_other_seed_differs() -> None:
    a = build(Options(homes=25, seed=3, as_of=AS_OF), {})
    b = build(Options(homes=25, seed=3, as_of=AS_OF), {})
    c = build(Options(homes=25, seed=4, as_of=AS_OF), {})
    assert a == b
    assert a["homes"] != c["homes"]
    assert a["notifications"] != c["notifications"]


def test_realistic_proportions(rows: dict) -> None:
    homes = rows["homes"]
    n = len(homes)
    sectors = Counter(h["sector"] for h in homes)
    assert 0.65 <= sectors["Private"] / n <= 0.85
    assert 0.12 <= sectors["Local Authority"] / n <= 0.30
    assert 0.01 <= sectors["Voluntary"] / n <= 0.10
    regions = Counter(h["government_office_region"] for h in homes)
    assert set(regions) <= set(vocab.REGIONS) and len(regions) == 9
    top_two = {r for r, _ in regions.most_common(2)}
    assert "North West" in top_two and regions["North West"] > regions["London"] * 2
    for h in homes:  # local authority consistent with the region
        assert h["local_authority"] in dict(vocab.REGIONS[h["government_office_region"]][2])
        assert h["region"] == vocab.REGIONS[h["government_office_region"]][1]
    places = [h["places"] for h in homes]
    assert all(1 <= p <= 20 for p in places)
    assert sum(2 <= p <= 6 for p in places) / n >= 0.65
    categories = Counter(h["home_category"] for h in homes)
    assert categories["general"] > n * 0.7 and categories["specialist"] and categories["short_breaks"]
    for h in homes:
        assert is_demo_urn(h["urn"]) and re.fullmatch(r"SC\d{6}|\d{7}", h["urn"])
        assert h["short_break_only"] == (h["home_category"] == "short_breaks")
        expected = {"secure": {vocab.PROVISION_SECURE}, "specialist": {vocab.PROVISION_CHILDRENS_HOME,
                    vocab.PROVISION_RSS}}.get(h["home_category"], {vocab.PROVISION_CHILDRENS_HOME})
        assert h["provision_type"] in expected
        assert h["name"].split()[-1] in vocab.NAME_SECOND and h["address1"] and h["postcode"].startswith("ZZ")
    assert len({h["urn"] for h in homes}) == n
    assert any(len(h["urn"]) == 7 for h in homes) and any(h["urn"].startswith("SC") for h in homes)
    published_full = {i["id"] for i in rows["inspections"] if i["inspection_type"] == "full"}
    overall = Counter(j["grade"] for j in rows["judgements"]
                      if j["area"] == "overall" and j["inspection_id"] in published_full)
    total = sum(overall.values())
    assert 0.55 <= overall["good"] / total <= 0.8
    assert overall["inadequate"] / total <= 0.06 and overall["outstanding"] and overall["requires_improvement"]


def test_history_twice_a_year_with_wording_and_requirements(rows: dict) -> None:
    by_home = _by_home(rows, "inspections")
    typical = [len(v) for v in by_home.values()]
    assert 5 <= sorted(typical)[len(typical) // 2] <= 7  # three years, twice a year (para 7)
    for inspections in by_home.values():
        kinds = [i["inspection_type"] for i in sorted(inspections, key=lambda i: i["end_date"])]
        assert "full" in kinds or len(kinds) <= 1
    for j in rows["judgements"]:
        assert j["wording"] == published_wording(j["grade"])
    assert any(j["wording"] == "Requires improvement to be good" for j in rows["judgements"])
    published = [i for i in rows["inspections"] if i["status"] == "published"]
    assert all(i["publication_date"] and i["publication_date"] > i["end_date"] for i in published)
    interims = [i for i in rows["inspections"] if i["inspection_type"] == "interim"]
    assert {i["progress_judgement"] for i in interims} == set(vocab.PROGRESS)
    assert all(i["service_of_concern"] for i in interims if i["progress_judgement"] == "inadequate_progress")
    statuses = Counter(r["status"] for r in rows["requirements"])
    assert statuses["met"] and statuses["not_met"] and statuses[None]
    assert all(re.fullmatch(r"Regulation \d+ \(\d+\)(\(\w+\))*", r["regulation"]) for r in rows["requirements"])
    assert all(r["due_date"] > next(i["end_date"] for i in rows["inspections"] if i["id"] == r["inspection_id"])
               for r in rows["requirements"][:200])
    assert rows["recommendations"]
    inspectors = {u["username"] for u in rows["users"] if u["role"] == "inspector"}
    assert all(i["lead_inspector"] in inspectors for i in rows["inspections"])


def _people(rows: dict, home_id: int) -> tuple[list[staffing.Person], list[staffing.Person]]:
    people = [staffing.Person(s["role"], s["start_date"], s["end_date"], s["qualification_status"],
                              s["qualification_enrolled_date"], s["qualification_achieved_date"])
              for s in rows["staff"] if s["home_id"] == home_id]
    return ([p for p in people if p.role == "registered_manager"],
            [p for p in people if p.role != "registered_manager"])


def test_leadership_storylines_present(rows: dict) -> None:
    long_vacancies = short_vacancies = manager_late = staff_late = 0
    for home in rows["homes"]:
        managers, staff = _people(rows, home["id"])
        weeks = staffing.vacancy_weeks(managers, AS_OF)
        long_vacancies += weeks > 26
        short_vacancies += 0 < weeks <= 26
        manager_late += staffing.manager_overdue(managers, AS_OF)
        staff_late += staffing.staff_overdue(staff, AS_OF)
    n = len(rows["homes"])
    assert 0.02 * n <= long_vacancies <= 0.08 * n
    assert short_vacancies and manager_late and staff_late
    assert staff_late < 0.2 * n  # missed deadlines are the exception


def test_deteriorating_homes_and_monitoring_gaps(rows: dict) -> None:
    notes = _by_home(rows, "notifications")
    rising = 0
    for home in rows["homes"]:
        recent = sum(AS_OF - dt.timedelta(days=182) < n["event_date"] for n in notes[home["id"]])
        before = sum(AS_OF - dt.timedelta(days=364) < n["event_date"] <= AS_OF - dt.timedelta(days=182)
                     for n in notes[home["id"]])
        rising += before >= 5 and recent >= 2 * before
    assert rising >= 0.04 * len(rows["homes"])
    categories = Counter(n["category"] for n in rows["notifications"])
    assert set(categories) == set(vocab.NOTIFICATION_CATEGORIES)
    assert categories["missing"] > categories["restraint"] > categories["serious_illness"]
    visits = _by_home(rows, "independent_visits")
    gaps = 0
    for home in rows["homes"]:
        months = {v["visit_date"].replace(day=1) for v in visits[home["id"]]}
        year = {(AS_OF.replace(day=1) - dt.timedelta(days=30 * k)).replace(day=1) for k in range(2, 12)}
        gaps += bool(year - months) and home["registration_date"] < AS_OF - dt.timedelta(days=400)
    assert gaps >= 0.1 * len(rows["homes"])
    assert any(v["safeguarding_opinion"] == "negative" for v in rows["independent_visits"])
    assert all(v["regulation"] == "44" for v in rows["independent_visits"])  # all after April 2015
    late = [q for q in rows["quality_reviews"] if q["submitted_date"] > q["due_date"]]
    assert late and len(late) < 0.2 * len(rows["quality_reviews"])
    outcomes = Counter(c["outcome"] for c in rows["complaints"])
    assert outcomes["upheld"] and outcomes["not_upheld"] and len({c["theme"] for c in rows["complaints"]}) > 5
    sentiments = Counter((s["respondent_type"], s["sentiment"]) for s in rows["survey_responses"])
    assert all(sentiments[(kind, "negative")] for kind in ("child", "parent", "social_worker", "staff"))


def test_children_are_pseudonymous_and_referenced(rows: dict) -> None:
    names = set(vocab.PERSON_FIRST) | set(vocab.PERSON_LAST)
    refs = defaultdict(set)
    for child in rows["children"]:
        assert re.fullmatch(r"C-[0-9A-F]{5}", child["reference"])
        for value in child.values():
            assert not (isinstance(value, str) and names & set(re.findall(r"[A-Z][a-z]+", value)))
        refs[child["home_id"]].add(child["reference"])
    for n in rows["notifications"]:
        assert n["child_ref"] in refs[n["home_id"]]
        assert not names & set(re.findall(r"[A-Z][a-z]+", n["summary"]))
    ended = [c for c in rows["children"] if c["leaving_date"]]
    assert {c["ending_planned"] for c in ended} == {True, False} and all(c["leaving_reason"] for c in ended)
    education = Counter(c["education_status"] for c in rows["children"])
    assert education["not_in_education"] and education["alternative_provision"]
    assert any((c["alternative_provision_hours"] or 99) < 25 for c in rows["children"])  # para 30
    short = {h["id"] for h in rows["homes"] if h["short_break_only"]}
    assert all(c["short_breaks"] == (c["home_id"] in short) for c in rows["children"])
    missing = Counter(n["child_ref"] for n in rows["notifications"] if n["category"] == "missing")
    assert sum(c["missing_episodes"] for c in rows["children"]) == sum(missing.values())


def test_current_inspections_for_report_and_widgets(rows: dict) -> None:
    from workbench.rules import load_framework

    current = [i for i in rows["inspections"] if i["status"] in ("draft", "submitted")
               and (AS_OF - i["end_date"]).days <= 14]
    kinds = Counter(i["inspection_type"] for i in current)
    assert kinds["full"] and kinds["interim"]
    assert sum(i["status"] == "submitted" for i in current) >= 2
    assert all(i["source"] == "demo" for i in rows["inspections"])
    ids = {i["id"] for i in current}
    judgements = [j for j in rows["judgements"] if j["inspection_id"] in ids]
    assert judgements and all(len(j["evidence_summary"]) > 200 and "\n\n" in j["evidence_summary"]
                              for j in judgements)
    focus_keys = {f.key for f in load_framework().focus_areas}
    for i in current:
        if i["inspection_type"] == "interim":
            notes = {n["key"] for n in rows["inspection_notes"] if n["inspection_id"] == i["id"]
                     and n["section"] == "focus_area"}
            assert notes == focus_keys and i["progress_judgement"]
        else:
            statuses = {d["status"] for d in rows["descriptor_assessments"] if d["inspection_id"] == i["id"]}
            assert "met" in statuses
    in_qa = {i["id"]: i for i in rows["inspections"] if i["status"] != "published"}
    assert len(in_qa) > len(current) and {"qa_approved", "submitted", "draft"} <= {i["status"] for i in in_qa.values()}
    texts = {j["inspection_id"] for j in rows["judgements"] if j["evidence_summary"]}
    noted = {n["inspection_id"] for n in rows["inspection_notes"] if n["section"] == "focus_area"}
    for i in in_qa.values():  # every report a manager may open in QA has its text
        assert i["id"] in (texts if i["inspection_type"] == "full" else noted)
    current_homes = {i["home_id"] for i in current}
    last = {}
    for i in rows["inspections"]:
        last[i["home_id"]] = max(last.get(i["home_id"], i["end_date"]), i["end_date"])
    due = [h for h, day in last.items() if h not in current_homes and (AS_OF - day).days > 120]
    assert len(due) > 0.1 * len(rows["homes"])  # left due for the batch run


def test_every_full_inspection_within_caps(rows: dict) -> None:
    """Grades respect workbench.rules.caps given the facts of the day (paras 13, 25, 37, 42-43)."""
    grades: dict[int, dict[str, str]] = defaultdict(dict)
    for j in rows["judgements"]:
        grades[j["inspection_id"]][j["area"]] = j["grade"]
    by_home = _by_home(rows, "inspections")
    capped = 0
    for home_id, inspections in by_home.items():
        managers, staff = _people(rows, home_id)
        run = 0
        for i in sorted(inspections, key=lambda i: (i["end_date"], i["id"])):
            facts = {"registered_manager_vacancy_weeks": staffing.vacancy_weeks(managers, i["end_date"]),
                     "manager_qualification_overdue": staffing.manager_overdue(managers, i["end_date"]),
                     "staff_qualification_overdue": staffing.staff_overdue(staff, i["end_date"]),
                     "consecutive_ri_or_inadequate_progress": run}
            if i["inspection_type"] == "full":
                assert violations(grades[i["id"]], facts) == [], (i, facts)
                capped += facts["registered_manager_vacancy_weeks"] > 26
                run = run + 1 if grades[i["id"]]["overall"] == "requires_improvement" else 0
            else:
                run = run + 1 if i["progress_judgement"] == "inadequate_progress" else 0
    assert capped  # some leadership judgements were actually limited by a vacancy


def test_store_round_trip_caps_and_replace(db_url: str) -> None:
    """On SQLite and PostgreSQL: written rows, caps checked with the store's own facts, rerun rules."""
    from workbench.analysis.facts import limiting_facts

    summary = generate(db_url, homes=14, seed=5, as_of=AS_OF)
    assert summary.counts["homes"] == 14 and summary.counts["notifications"] > 100
    expected = build(Options(homes=14, seed=5, as_of=AS_OF), {})
    with session_scope(db_url) as session:
        homes = session.execute(select(m.Home.urn, m.Home.name, m.Home.places).order_by(m.Home.id)).all()
        assert [tuple(h) for h in homes] == [(h["urn"], h["name"], h["places"]) for h in expected["homes"]]
        for table, model in (("inspections", m.Inspection), ("notifications", m.Notification),
                             ("children", m.Child), ("staff", m.StaffMember), ("survey_responses", m.SurveyResponse)):
            assert session.scalar(select(func.count()).select_from(model)) == len(expected[table])
        users = {u.username: u.role for u in session.scalars(select(m.User))}
        assert users["manager"] == "manager" and users["inspector1"] == "inspector"
        assigned = set(session.scalars(select(m.Assignment.home_id)))
        assert assigned == set(session.scalars(select(m.Home.id)))
        for inspection in session.scalars(select(m.Inspection).where(m.Inspection.inspection_type == "full")):
            grades = {j.area: j.grade for j in inspection.judgements}
            facts = limiting_facts(session, inspection.home_id, inspection.end_date)
            assert violations(grades, facts) == [], (inspection.reference, grades, facts)
        # later features insert rows with database-assigned ids: sequences must have moved on
        session.add(m.User(username="someone-new", role="inspector"))
        session.flush()
    with pytest.raises(UserError, match="--replace"):
        generate(db_url, homes=14, seed=5, as_of=AS_OF)
    again = generate(db_url, homes=14, seed=5, as_of=AS_OF, replace=True, parallel=True)  # builder processes
    assert again.replaced == 14 and again.counts == summary.counts
    with session_scope(db_url) as session:  # the worker-built (and, on SQLite, driver-encoded) rows read back
        assert session.scalar(select(func.count()).select_from(m.Home)) == 14
        assert session.scalar(select(func.count()).select_from(m.Notification)) == summary.counts["notifications"]
        urns = list(session.scalars(select(m.Home.urn).order_by(m.Home.urn)))
        assert urns == sorted(h["urn"] for h in expected["homes"])
        columns = ("reference", "inspection_type", "start_date", "end_date", "publication_date", "status",
                   "inspectors", "service_of_concern", "progress_judgement", "created_at", "version")
        stored = [tuple(getattr(i, c) for c in columns)
                  for i in session.scalars(select(m.Inspection).order_by(m.Inspection.id))]
        assert stored == [tuple(i[c] for c in columns) for i in expected["inspections"]]
        columns = ("reference", "admission_date", "leaving_date", "ending_planned", "short_breaks",
                   "alternative_provision_hours", "missing_episodes")
        stored = [tuple(getattr(c, k) for k in columns) for c in session.scalars(select(m.Child).order_by(m.Child.id))]
        assert stored == [tuple(c[k] for k in columns) for c in expected["children"]]
        reviewed = session.scalars(select(m.Requirement).where(m.Requirement.reviewed_at_inspection_id.is_not(None)))
        for requirement in reviewed:  # renumbered references still point at the next inspection of the home
            later = session.get(m.Inspection, requirement.reviewed_at_inspection_id)
            assert later.home_id == requirement.inspection.home_id
            assert later.start_date > requirement.inspection.start_date


def test_cli_prints_summary_and_rejects_bad_input(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo-data", "--homes", "12", "--seed", "2", "--as-of", "2026-11-20", "--db", sqlite_url]) == 0
    out = capsys.readouterr().out
    assert re.search(r"homes\s+12\b", out) and "notifications" in out and re.search(r"done in \d+\.\d s", out)
    assert main(["demo-data", "--homes", "0", "--db", sqlite_url]) == 2
    assert "--homes must be at least 1" in capsys.readouterr().err
    assert main(["demo-data", "--homes", "12", "--seed", "2", "--db", sqlite_url]) == 2
    assert "already holds 12 demo homes" in capsys.readouterr().err


def test_worker_processes_build_the_same_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.demo import generator, pipeline

    options = Options(homes=30, seed=9, as_of=AS_OF)
    expected = build(options, {"homes": 5, "inspections": 100})  # one chunk, one process
    monkeypatch.setattr(generator, "CHUNK", 7)  # five chunks over two builder processes
    merged: dict[str, list] = defaultdict(list)
    for chunk in pipeline.chunks(options, {"homes": 5, "inspections": 100}, parallel=True):
        for table, rows in chunk.items():
            merged[table].extend(rows)
    assert {t: r for t, r in merged.items() if r} == {t: r for t, r in expected.items() if r}
    assert expected["homes"][0]["id"] == 5 and expected["inspections"][0]["id"] == 100
    ids = [r["id"] for r in merged["requirements"]]
    assert ids == list(range(1, len(ids) + 1))
    # encoded for SQLite by the builders: renumbered the same (ids, then references to inspections)
    from workbench.demo.writer import encode_sqlite, is_encoded

    encoded: dict[str, list] = defaultdict(list)
    for chunk in pipeline.chunks(options, {"homes": 5, "inspections": 100}, parallel=True, encode=True):
        assert is_encoded(chunk)
        for table, (_names, params) in chunk.items():
            encoded[table].extend(params)
    assert dict(encoded) == {t: params for t, (_names, params) in encode_sqlite(expected).items()}


def test_history_before_april_2015_uses_regulations_33_and_34() -> None:
    rows = build(Options(homes=12, seed=1, as_of=dt.date(2016, 6, 30), years=4), {})
    visits = Counter(v["regulation"] for v in rows["independent_visits"])
    reviews = Counter(q["regulation"] for q in rows["quality_reviews"])
    assert visits["33"] and visits["44"] and reviews["34"] and reviews["45"]
    assert all((v["regulation"] == "44") == (v["visit_date"] >= dt.date(2015, 4, 1))
               for v in rows["independent_visits"])
