"""Report content from the store (SQLite and PostgreSQL): order, anonymity, deadline, review status, privacy."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from report_fixtures import ADDRESS1, CHILD_REFS, HOME_NAME, POSTCODE, build_home, mark_exported
from sqlalchemy import select

from workbench.errors import UserError
from workbench.report import content, interim, privacy, status
from workbench.report.data import load_report
from workbench.store.db import session_scope
from workbench.store.models import AuditEntry, Inspection

FULL_ORDER = [
    "Information about this children's home",
    "Inspection dates and judgements",
    "Last inspection",
    "Recent inspection history",
    "What does the children's home need to do to improve?",
    "Inspection judgements",
    "Information about this inspection",
    "Children's home details",
]


def _h2(html: str) -> list[str]:
    return [re.sub("<[^>]+>", "", h) for h in re.findall(r"<h2>(.*?)</h2>", html)]


def test_full_report_sections_in_ofsted_order_without_name_or_address(db_url: str) -> None:
    built = build_home(db_url)
    data = load_report(built.urn, built.full_id, db_url, kind="full")
    html = "".join(str(f) for f in content.full_report(data))
    assert [h.replace("&#39;", "'") for h in _h2(html)] == FULL_ORDER
    assert html.count("<h1>") == 1
    for secret in (HOME_NAME, ADDRESS1, POSTCODE, "Headingley", *CHILD_REFS):
        assert secret not in html
    # judgement table and the standardised sentence for 'good'
    assert "The children&#39;s home provides effective services that meet the requirements for good" in html
    assert "wb-tag--requires_improvement" in html and "wb-tag--outstanding" in html
    # last inspection = the interim of September 2025, its para 47 label; enforcement since
    assert "16 September 2025" in html and "Inadequate progress and/or declined" in html
    assert "Compliance notice issued on 2 October 2025." in html
    # history (three earlier inspections, most recent first)
    history = html[html.index("Recent inspection history"):html.index("What does the children")]
    assert history.index("16 September 2025") < history.index("5 March 2025") < history.index("8 October 2024")
    # requirements table: regulation | requirement | due date; a due date before publication is from feedback
    assert "<th scope=\"col\">Regulation</th><th scope=\"col\">Requirement</th><th scope=\"col\">Due date</th>" in html
    assert "5 January 2026 (stated at feedback)" in html and "1 March 2026</td>" in html
    assert "NMS 15.1: Share plans with schools." in html
    assert "Evidence for leadership: staff know the children well.\nSecond line." in html
    assert "Excellent partnership with the virtual school." in html and "Supervision must be regular." in html
    # home details
    for detail in ("SC900001", "Northern Care Partnerships Ltd", "Alex Morgan", "Jordan Ellis", "Sam Patel"):
        assert detail in html
    # publication deadline: 23 Dec 2025 + 20 working days, skipping 25, 26 Dec and 1 Jan (para 9)
    assert data.deadline == dt.date(2026, 1, 23)
    assert "Must be published by 23 January 2026" in html and "Draft report, not for publication" in html


def test_interim_report_shape(db_url: str) -> None:
    built = build_home(db_url)
    data = load_report(built.urn, built.interim_id, db_url, kind="interim")
    html = "".join(str(f) for f in interim.interim_report(data)).replace("&#39;", "'")
    assert html.count("<h1>") == 1 and "interim inspection report" in html
    assert "Inadequate progress and/or declined" in html
    assert "failing to help children and young people to make progress" in html
    assert "Service of concern" in html and "paragraph 48" in html
    assert "Case review booked." not in html  # the case-review note is internal
    for key in ("children_progress", "leaders_monitoring", "experiences_overview", "previous_requirements"):
        assert f"Findings on {key}." in html
    response = html[html.index("Requirements and recommendations of the last inspection"):]
    assert "Review risk assessments." in response and "Met" in response and "All reviewed in May." in response
    assert "Improve records." in response and "Not met" in response
    assert HOME_NAME not in html and POSTCODE not in html


def test_wrong_notebook_kind_unknown_urn_and_other_homes_inspection_are_refused(db_url: str) -> None:
    one = build_home(db_url, urn="SC900001", seq=1)
    two = build_home(db_url, urn="SC900002", seq=2)
    with pytest.raises(UserError, match="interim inspection; this is the full report"):
        load_report(one.urn, one.interim_id, db_url, kind="full")
    with pytest.raises(UserError, match="no home with URN 'SC999999'"):
        load_report("SC999999", None, db_url)
    with pytest.raises(UserError, match=f"inspection {two.full_id} is of home SC900002, not of SC900001"):
        load_report(one.urn, two.full_id, db_url)
    # without an id: the current inspection (latest unpublished) -> the full one of December
    assert load_report(one.urn, 0, db_url).inspection_id == one.full_id


def test_review_status_flow_with_qa_notes_and_audit(db_url: str) -> None:
    built = build_home(db_url)
    day = dt.date(2026, 1, 5)
    with pytest.raises(UserError, match="(?s)cannot approve .* its report is draft"):
        status.change(built.urn, built.full_id, "approve", "qa1", db_url, today=day)
    with pytest.raises(UserError, match="(?s)cannot submit.*Produce the report"):
        status.change(built.urn, built.full_id, "submit", "insp", db_url, today=day)
    mark_exported(db_url, built.full_id)
    status.change(built.urn, built.full_id, "submit", "insp", db_url, today=day)
    with pytest.raises(UserError, match="needs notes"):
        status.change(built.urn, built.full_id, "return", "qa1", db_url)
    back = status.change(built.urn, built.full_id, "return", "qa1", db_url, notes="Tighten <b>evidence</b>.")
    assert back.status == "draft"
    data = load_report(built.urn, built.full_id, db_url)
    banner = str(content.banner(data))
    assert "Status: Draft" in banner and "Tighten &lt;b&gt;evidence&lt;/b&gt;." in banner and "(qa1)" in banner
    status.change(built.urn, built.full_id, "submit", "insp", db_url, today=day)
    approved = status.change(built.urn, built.full_id, "approve", "qa2", db_url, notes="Fine now.", today=day)
    assert approved.status == "qa_approved" and approved.working_days_left == 14
    assert "Quality assured, awaiting publication" in str(content.banner(load_report(built.urn, built.full_id, db_url)))
    published = status.change(built.urn, built.full_id, "publish", "mgr", db_url, today=dt.date(2026, 1, 20))
    assert published.publication_date == dt.date(2026, 1, 20)
    banner = str(content.banner(load_report(built.urn, built.full_id, db_url)))
    assert "Draft" not in banner and "Published on 20 January 2026" in banner
    with session_scope(db_url) as s:
        inspection = s.get(Inspection, built.full_id)
        assert (inspection.status, inspection.qa_reviewer, inspection.qa_notes) == ("published", "qa2", "Fine now.")
        rows = s.scalars(select(AuditEntry).where(AuditEntry.inspection_id == built.full_id).order_by(AuditEntry.id))
        trail = [(r.username, r.field, r.old_value, r.new_value) for r in rows]
    assert ("insp", "status", "draft", "submitted") in trail
    assert ("qa1", "qa_notes", None, "Tighten <b>evidence</b>.") in trail
    assert ("qa2", "status", "submitted", "qa_approved") in trail
    assert ("mgr", "status", "qa_approved", "published") in trail
    assert ("mgr", "publication_date", None, "2026-01-20") in trail
    # a published report is no longer the home's current one
    assert status.show(built.urn, None, db_url).inspection_id == built.interim_id


def test_privacy_guard_finds_name_address_postcode_and_child_references() -> None:
    page = (
        "<html><head><title>t</title><style>.x{}</style></head><body><main><h2>Section one</h2>"
        "<p>Fine text.</p><h2>Inspection judgements</h2><p>At larkspur\n house the child C-9B11 said</p>"
        "<p>Post to ls62qt please</p><img alt='14 Quarry  Lane' src='data:,'></main></body></html>"
    )
    hits = privacy.find(page, name=HOME_NAME, address_lines=[ADDRESS1], postcode=POSTCODE,
                        child_references=CHILD_REFS)
    assert {(h.what, h.section) for h in hits} == {
        ("the home's name", "Inspection judgements"),
        ("address line 1 of the home", "Inspection judgements"),
        ("the home's postcode", "Inspection judgements"),
        ("the reference of a child of the home (C-9B11)", "Inspection judgements"),
    }
    with pytest.raises(UserError, match="privacy check failed.*the home's name in section 'Inspection judgements'"):
        privacy.check(page, name=HOME_NAME, address_lines=[ADDRESS1], postcode=POSTCODE, child_references=CHILD_REFS)
    # whole words only; a redacted name is not a name; no false hit on other words
    assert privacy.find("<p>Larkspur Houses and SC-4F2AB</p>", name=HOME_NAME, child_references=["C-4F2A"]) == []
    assert privacy.find("<p>REDACTED</p>", name="REDACTED") == []
