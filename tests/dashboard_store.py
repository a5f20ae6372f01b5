"""A small store for the dashboard tests: two inspectors, a manager, six homes with history.

Written through the ORM into a real (upgraded) store. Facts the tests rely on:
- ``insp_a`` is assigned SC100001-SC100003, ``insp_b`` SC100004-SC100006; ``mgr`` is a manager;
- SC100001 has a current draft full inspection with ``helped_protected`` judged inadequate (so
  the overall grade is capped at inadequate, para 13), draft lines of enquiry and children;
- SC100002 was judged inadequate 10 weeks ago (re-inspection overdue, para 8);
- SC100003's latest interim found inadequate progress (service of concern, para 48);
- SC100004's report was submitted long ago (QA overdue, para 9); SC100005's recently.
"""

from __future__ import annotations

import datetime as dt

from report_fixtures import mark_exported

from workbench.store.db import session_scope
from workbench.store.models import (
    Assignment,
    Child,
    Home,
    Inspection,
    Judgement,
    LineOfEnquiry,
    Notification,
    User,
)

TODAY = dt.date.today()
HOMES = [
    # urn, region, category, sector, last full weeks ago, overall grade
    ("SC100001", "North West", "general", "Private", 30, "good"),
    ("SC100002", "North West", "specialist", "Local Authority", 10, "inadequate"),
    ("SC100003", "London", "general", "Voluntary", 40, "requires_improvement"),
    ("SC100004", "London", "short_breaks", "Private", 12, "good"),
    ("SC100005", "South East", "general", "Private", 4, "outstanding"),
    ("SC100006", "South East", "secure", "Local Authority", 20, "good"),
]
HOSTILE = "<script>alert('x')</script> & <b>bold</b>"


def seed(url: str) -> dict[str, object]:
    """Fill the store; returns ids the tests use."""
    ids: dict[str, object] = {}
    with session_scope(url) as session:
        session.add_all([
            User(username="insp_a", display_name="Ann Inspector", role="inspector", region="North West"),
            User(username="insp_b", display_name="Ben Inspector", role="inspector", region="London"),
            User(username="mgr", display_name="Mia Manager", role="manager"),
        ])
        for index, (urn, region, category, sector, weeks, grade) in enumerate(HOMES):
            home = Home(urn=urn, name=f"Fictional House {index + 1}", provision_type="Children's home",
                        home_category=category, sector=sector, places=4 + index, local_authority="Demo Borough",
                        region=region, registration_date=TODAY - dt.timedelta(days=3000),
                        address1=f"{index + 1} Secret Street", postcode="ZZ1 1ZZ")
            session.add(home)
            session.flush()
            ids[urn] = home.id
            session.add(Assignment(home_id=home.id, username="insp_a" if index < 3 else "insp_b",
                                   start_date=TODAY - dt.timedelta(days=400)))
            start = TODAY - dt.timedelta(weeks=weeks)
            past = Inspection(home_id=home.id, inspection_type="full", start_date=start,
                              end_date=start + dt.timedelta(days=2), status="published", source="demo",
                              lead_inspector="insp_a" if index < 3 else "insp_b",
                              publication_date=start + dt.timedelta(days=20))
            past.judgements = [Judgement(area="overall", grade=grade)]
            session.add(past)
        session.flush()
        # SC100003: interim with inadequate progress (para 47-48)
        session.add(Inspection(home_id=ids["SC100003"], inspection_type="interim",
                               start_date=TODAY - dt.timedelta(weeks=8), end_date=TODAY - dt.timedelta(weeks=8),
                               status="published", source="demo", progress_judgement="inadequate_progress",
                               service_of_concern=True))
        # QA queue: SC100004 submitted long ago (overdue), SC100005 recently.
        for urn, days_ago in (("SC100004", 45), ("SC100005", 3)):
            end = TODAY - dt.timedelta(days=days_ago)
            inspection = Inspection(home_id=ids[urn], inspection_type="interim", start_date=end - dt.timedelta(days=1),
                                    end_date=end, status="submitted", source="demo", lead_inspector="insp_b")
            session.add(inspection)
            session.flush()
            ids[f"{urn}-qa"] = inspection.id
        # SC100001: the current inspection being recorded.
        current = Inspection(home_id=ids["SC100001"], inspection_type="full", start_date=TODAY - dt.timedelta(days=1),
                             status="draft", source="workbench", lead_inspector="insp_a", inspectors=["insp_a"])
        current.judgements = [Judgement(area="helped_protected", grade="inadequate", updated_by="insp_a")]
        session.add(current)
        session.flush()
        ids["current"] = current.id
        for n in range(3):
            session.add(Child(home_id=ids["SC100001"], reference=f"C-00{n + 1}",
                              admission_date=TODAY - dt.timedelta(days=200 + 50 * n), missing_episodes=n,
                              education_status="in_school"))
        for n in range(24):
            session.add(Notification(home_id=ids["SC100001"], reference=f"N-{n:03d}",
                                     event_date=TODAY - dt.timedelta(days=15 * n + 3),
                                     category=("missing", "restraint", "police_involvement")[n % 3],
                                     child_ref=f"C-00{n % 3 + 1}"))
        for key, question in (("a", "How does the home respond when C-002 goes missing?"),
                              ("b", f"Why did restraint rise? {HOSTILE}")):
            session.add(LineOfEnquiry(home_id=ids["SC100001"], inspection_id=current.id, rule_id="test_rule", key=key,
                                      area="helped_protected", priority="high", question=question, status="draft",
                                      evidence=[{"table": "notifications", "reference": "N-001",
                                                 "date": TODAY.isoformat(), "detail": "test evidence"}]))
    for urn in ("SC100004", "SC100005"):  # their reports were exported before submission (the approve gate)
        mark_exported(url, ids[f"{urn}-qa"])
    return ids
