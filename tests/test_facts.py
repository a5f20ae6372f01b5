"""Limiting facts from the store (para 37, footnotes 11-12, 19-20), both sides of every boundary, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from workbench.analysis.facts import explain_facts, limiting_facts
from workbench.rules import caps
from workbench.store import session_scope
from workbench.store.models import Home, Inspection, Judgement, StaffMember

AS_OF = dt.date(2024, 6, 3)


def _home(session, urn: str = "SC100001") -> int:
    home = Home(urn=urn, provision_type="Children's home")
    session.add(home)
    session.flush()
    return home.id


def _staff(session, home_id: int, ref: str, role: str, start: dt.date, end: dt.date | None = None,
           status: str = "none", enrolled: dt.date | None = None, achieved: dt.date | None = None) -> None:
    session.add(StaffMember(home_id=home_id, reference=ref, role=role, start_date=start, end_date=end,
                            qualification_status=status, qualification_enrolled_date=enrolled,
                            qualification_achieved_date=achieved))


def _facts_each(db_url: str, builders: list) -> list[dict]:
    """Build one home per builder in one store (keeps the PostgreSQL test count small); facts of each."""
    with session_scope(db_url) as session:
        ids = []
        for n, build in enumerate(builders):
            home_id = _home(session, f"SC1{n:05d}")
            build(session, home_id)
            ids.append(home_id)
        session.flush()
        return [limiting_facts(session, home_id, AS_OF) for home_id in ids]


VACANCY = [(182, 26, False), (183, 27, True), (1, 1, False)]  # days since the manager left, weeks, capped


def test_vacancy_boundary(db_url: str) -> None:
    def builder(days: int):
        def build(session, home_id):
            _staff(session, home_id, "M1", "registered_manager", dt.date(2018, 1, 1),
                   end=AS_OF - dt.timedelta(days=days), status="qualified")
        return build

    results = _facts_each(db_url, [builder(days) for days, _, _ in VACANCY])
    for (days, weeks, capped), facts in zip(VACANCY, results, strict=True):
        assert facts["registered_manager_vacancy_weeks"] == weeks, days
        assert (caps({}, facts)["leadership"].max_grade == "requires_improvement") is capped, days


def test_vacancy_zero_when_in_post_and_unknown_without_records(db_url: str) -> None:
    def build(session, home_id):
        _staff(session, home_id, "M1", "registered_manager", dt.date(2018, 1, 1), end=dt.date(2020, 1, 1))
        _staff(session, home_id, "M2", "registered_manager", dt.date(2020, 3, 1), end=AS_OF, status="qualified")

    assert _facts_each(db_url, [build])[0]["registered_manager_vacancy_weeks"] == 0
    with session_scope(db_url) as session:
        home_id = _home(session, "SC100002")
        _staff(session, home_id, "M9", "registered_manager", AS_OF + dt.timedelta(days=1))
        session.flush()
        explained = explain_facts(session, home_id, AS_OF)
    assert explained["registered_manager_vacancy_weeks"].value is None
    assert "not known" in explained["registered_manager_vacancy_weeks"].summary


MANAGER = [  # start, status, enrolled, achieved, overdue
    (AS_OF - relativedelta(months=6), "none", None, None, False),  # exactly six months: within
    (AS_OF - relativedelta(months=6) - dt.timedelta(days=1), "none", None, None, True),
    (AS_OF - relativedelta(months=8), "enrolled", AS_OF - relativedelta(months=3), None, False),
    (AS_OF - relativedelta(months=8), "enrolled", AS_OF + dt.timedelta(days=5), None, True),  # not yet enrolled then
    (AS_OF - relativedelta(years=3), "enrolled", AS_OF - relativedelta(years=2), None, False),  # exactly three years
    (AS_OF - relativedelta(years=3) - dt.timedelta(days=1), "enrolled", AS_OF - relativedelta(years=2), None, True),
    (AS_OF - relativedelta(years=5), "qualified", None, AS_OF - relativedelta(years=3), False),
    (AS_OF - relativedelta(years=5), "qualified", None, None, False),
]


def test_manager_qualification_deadlines(db_url: str) -> None:
    def builder(start, status, enrolled, achieved):
        def build(session, home_id):
            _staff(session, home_id, "M1", "registered_manager", start, status=status, enrolled=enrolled,
                   achieved=achieved)
        return build

    results = _facts_each(db_url, [builder(*case[:4]) for case in MANAGER])
    for case, facts in zip(MANAGER, results, strict=True):
        assert facts["manager_qualification_overdue"] is case[4], case
        assert facts["registered_manager_vacancy_weeks"] == 0


STAFF = [  # start, status, enrolled, end, overdue
    (AS_OF - relativedelta(months=6), "none", None, None, False),
    (AS_OF - relativedelta(months=6) - dt.timedelta(days=1), "none", None, None, True),
    (AS_OF - relativedelta(years=2), "working_towards", AS_OF - relativedelta(years=1), None, False),
    (AS_OF - relativedelta(years=2), "qualified", None, None, False),
    (AS_OF - relativedelta(years=2), "none", None, AS_OF - dt.timedelta(days=1), False),  # left: not counted
    (AS_OF - relativedelta(years=2), "none", None, AS_OF, True),  # last day in post is as_of
]


def test_staff_qualification_deadline(db_url: str) -> None:
    def builder(start, status, enrolled, end):
        def build(session, home_id):
            _staff(session, home_id, "M1", "registered_manager", dt.date(2015, 1, 1), status="qualified")
            _staff(session, home_id, "S1", "care_staff", AS_OF - relativedelta(years=1), status="qualified")
            _staff(session, home_id, "S2", "care_staff", start, end=end, status=status, enrolled=enrolled)
        return build

    results = _facts_each(db_url, [builder(*case[:4]) for case in STAFF])
    for case, facts in zip(STAFF, results, strict=True):
        assert facts["staff_qualification_overdue"] is case[4], case
        assert (caps({}, facts)["leadership"].max_grade == "requires_improvement") is case[4], case


def _inspection(session, home_id: int, ref: str, kind: str, start: dt.date, overall: str | None = None,
                progress: str | None = None) -> None:
    inspection = Inspection(home_id=home_id, reference=ref, inspection_type=kind, start_date=start,
                            end_date=min(start + dt.timedelta(days=2), max(start, AS_OF)), progress_judgement=progress, status="published")
    if overall:
        inspection.judgements.append(Judgement(area="overall", grade=overall))
        inspection.judgements.append(Judgement(area="leadership", grade="good"))
    session.add(inspection)


HISTORIES = [  # (oldest first: (type, overall or progress)), expected run
    # oldest first: (type, overall or progress)
    ([("full", "good")], 0),
    ([("full", "requires_improvement")], 1),
    ([("full", "good"), ("interim", "inadequate_progress"), ("full", "requires_improvement")], 2),
    ([("full", "requires_improvement"), ("interim", "inadequate_progress"), ("full", "requires_improvement")], 3),
    ([("full", "requires_improvement"), ("interim", "good_progress"), ("full", "requires_improvement")], 1),
    ([("full", "requires_improvement"), ("interim", "limited_progress")], 0),
    ([("full", "requires_improvement"), ("full", None), ("interim", "inadequate_progress")], 2),  # no judgement: skipped
    ([("full", "requires_improvement"), ("full", "inadequate")], 0),
]


def test_consecutive_inspections(db_url: str) -> None:
    def builder(history):
        def build(session, home_id):
            for n, (kind, outcome) in enumerate(history):
                start = dt.date(2021, 1, 10) + relativedelta(months=6 * n)
                ref = f"EV{home_id}-{n}"
                if kind == "full":
                    _inspection(session, home_id, ref, kind, start, overall=outcome)
                else:
                    _inspection(session, home_id, ref, kind, start, progress=outcome)
            # inspections under way on as_of (ending on or after it) are not counted
            _inspection(session, home_id, f"EV{home_id}-now", "full", AS_OF - dt.timedelta(days=2),
                        overall="requires_improvement")
            _inspection(session, home_id, f"EV{home_id}-next", "interim", AS_OF, progress="inadequate_progress")
        return build

    results = _facts_each(db_url, [builder(history) for history, _ in HISTORIES])
    for (history, expected), facts in zip(HISTORIES, results, strict=True):
        assert facts["consecutive_ri_or_inadequate_progress"] == expected, history
        assert (caps({}, facts)["leadership"].max_grade == "requires_improvement") is (expected >= 2), history


def test_explain_facts_names_the_records(db_url: str) -> None:
    with session_scope(db_url) as session:
        home_id = _home(session)
        _staff(session, home_id, "M1", "registered_manager", dt.date(2019, 1, 1), end=dt.date(2023, 9, 1))
        _staff(session, home_id, "S7", "care_staff", dt.date(2023, 1, 1))
        _inspection(session, home_id, "EV1", "full", dt.date(2023, 5, 1), overall="requires_improvement")
        _inspection(session, home_id, "EV2", "interim", dt.date(2023, 11, 1), progress="inadequate_progress")
        session.flush()
        explained = explain_facts(session, home_id, AS_OF)
    vacancy = explained["registered_manager_vacancy_weeks"]
    assert vacancy.value == 40 and vacancy.records[0]["reference"] == "M1" and "2023-09-01" in vacancy.summary
    staff = explained["staff_qualification_overdue"]
    assert staff.value is True and [r["reference"] for r in staff.records] == ["S7"]
    run = explained["consecutive_ri_or_inadequate_progress"]
    assert run.value == 2 and [r["reference"] for r in run.records] == ["EV2", "EV1"]
    assert explained["manager_qualification_overdue"].value is False
    doc = vacancy.to_dict()
    assert doc["records"][0]["end_date"] == "2023-09-01" and doc["paragraph"] == "37"
    limited = caps({}, {k: v.value for k, v in explained.items()})["leadership"]
    assert limited.max_grade == "requires_improvement" and len(limited.reasons) == 3


def test_many_homes_at_once_match_one_by_one(db_url: str) -> None:
    from workbench.analysis.facts import limiting_facts_many

    with session_scope(db_url) as session:
        ids = []
        for n in range(3):
            home_id = _home(session, f"SC20000{n}")
            ids.append(home_id)
            _staff(session, home_id, "M1", "registered_manager", dt.date(2018, 1, 1),
                   end=AS_OF - dt.timedelta(days=100 * n) if n else None, status="qualified")
            _staff(session, home_id, "S1", "care_staff", dt.date(2023, 1, 1), status="none" if n == 1 else "qualified")
            _inspection(session, home_id, f"EV{n}a", "full", dt.date(2023, 1, 5), overall="requires_improvement")
            _inspection(session, home_id, f"EV{n}b", "interim", dt.date(2023, 8, 5),
                        progress="inadequate_progress" if n == 2 else "good_progress")
        session.flush()
        many = limiting_facts_many(session, ids, AS_OF)
        assert many == {i: limiting_facts(session, i, AS_OF) for i in ids}
    assert [many[i]["registered_manager_vacancy_weeks"] for i in ids] == [0, 15, 29]
    assert [many[i]["staff_qualification_overdue"] for i in ids] == [False, True, False]
    assert [many[i]["consecutive_ri_or_inadequate_progress"] for i in ids] == [0, 0, 2]
