"""The dashboards' page objects driven in-process (as the notebook cells call them), on a real store."""

from __future__ import annotations

from pathlib import Path

import pytest
from dashboard_store import HOSTILE, seed
from sqlalchemy import select

from workbench.dashboards import inspector, manager
from workbench.store.db import session_scope
from workbench.store.models import AuditEntry, LineOfEnquiry


@pytest.fixture
def seeded(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict]:
    monkeypatch.setenv("WORKBENCH_REPORTS", str(tmp_path / "reports"))
    monkeypatch.delenv("WORKBENCH_DASHBOARD_CACHE", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    return sqlite_url, seed(sqlite_url)


def test_unassigned_home_shows_nothing_after_the_refusal(seeded: tuple[str, dict],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ids = seeded
    monkeypatch.setenv("QUERY_STRING", "urn=SC100005")  # as Voila passes it to the kernel
    page = inspector.prepare(db=url, user="insp_a")
    refusal = str(page.choose())
    assert "not assigned to home SC100005" in refusal and "Fictional House 5" not in refusal
    assert [page.evidence(), page.enquiries(), page.children(), page.plan(), page.judgements(),
            page.report()] == [""] * 6


def test_inspector_page_for_an_assigned_home(seeded: tuple[str, dict]) -> None:
    url, ids = seeded
    page = inspector.prepare(db=url, user="insp_a")
    assert "SC100002" in str(page.header()) and "SC100004" not in str(page.header())
    summary = str(page.choose("SC100001"))
    assert "wb-home-summary" in summary and "Secret Street" not in summary  # no address on the page
    assert "wb-figure" in str(page.evidence())
    assert "C-002" in str(page.children())  # a child who has been missing is tracked (footnote 5)
    panel = page.enquiries()
    assert HOSTILE not in str(panel.children[1].children[0].value)  # shown escaped, never as markup
    assert "&lt;script&gt;" in "".join(str(c.children[0].value) for c in panel.children[1:3])
    with session_scope(url) as session:
        line = session.scalars(select(LineOfEnquiry).where(LineOfEnquiry.key == "b")).one()
        row = {"id": line.id, "version": line.version}
    panel.set_status(row, "edited", "Why did restraint rise since the spring?")
    panel.add_line("leadership", "high", "How does the manager learn from restraint?")
    with session_scope(url) as session:
        edited = session.get(LineOfEnquiry, row["id"])
        assert (edited.status, edited.question) == ("edited", "Why did restraint rise since the spring?")
        added = session.scalars(select(LineOfEnquiry).where(LineOfEnquiry.rule_id == "manual")).one()
        assert added.inspection_id == ids["current"] and added.area == "leadership"
        assert session.scalars(select(AuditEntry).where(AuditEntry.username == "insp_a")).first() is not None
    assert len(page.enquiries().children) == 6  # heading, 3 lines, the add form, the message
    box = page.judgements(defer=False)
    assert page.editor is not None and box.children[1] is page.editor.widget


def test_manager_page_refuses_inspectors_and_filters(seeded: tuple[str, dict]) -> None:
    url, _ids = seeded
    refused = manager.open_page(db=url, user="insp_a")
    assert "managers only" in str(refused.header()) and str(refused.qa()) == ""
    page = manager.open_page(db=url, user="mgr")
    page.home_type.value = "Secure"
    assert list(page.judgements_table.frame["urn"]) == ["SC100006"]
    assert page.qa_table.frame.empty and "No report is ready for QA" in page.qa_table.body.value
    page.home_type.value = "All"
    page.status.value = "submitted"
    assert sorted(page.judgements_table.frame["urn"]) == ["SC100004", "SC100005"]
    page.status.value = "All"
    # the due table opens most urgent first: overdue before due soon before on track (not alphabetical)
    states = list(page.due_table.sorted_frame()["state"])
    assert states[0] == "Overdue" and states == sorted(states, key=["Overdue", "Due soon", "On track"].index)
    page.due_table.sort("urn", descending=True)
    assert page.due_table.body.value.index("SC100006") < page.due_table.body.value.index("SC100001")
    page.due_table.request.value = "urn|1"  # a click on the URN header, as the page's script sends it
    assert page.due_table.body.value.index("SC100001") < page.due_table.body.value.index("SC100006")
    assert 'aria-sort="ascending"' in page.due_table.body.value
    page.due_table.request.value = "due|2"  # dates sort as dates
    dues = [d for d in page.due_table.sorted_frame()["due"] if d is not None]
    assert dues == sorted(dues)
    page.qa_choice.value = page.qa_choice.options[1][1]
    page.review("return")  # returning needs notes
    assert "Not returned" in page.qa_message.value and "notes" in page.qa_message.value
    page.ask_approval()  # exported from its current content: approval asks for confirmation first
    assert page.confirm_box.layout.display == "flex" and "Approve the report of SC1000" in page.confirm_text.value
    page.cancel.click()
    assert page.confirm_box.layout.display == "none" and "Not approved" in page.qa_message.value
    page.qa_notes.value = "<img src=x onerror=alert(1)>"
    page.review("return")
    assert "returned" in page.qa_message.value and len(page.qa_table.frame) == 1


def test_report_button_produces_the_report_and_links_to_it(seeded: tuple[str, dict]) -> None:
    from workbench.dashboards.reports import report_file

    url, ids = seeded
    page = inspector.prepare(db=url, user="insp_a")
    page.choose("SC100001")
    panel = page.report()
    assert report_file("SC100001", ids["current"]) is None
    panel.button.click()  # as the inspector's click: runs the report notebook through papermill
    produced = report_file("SC100001", ids["current"])
    result = panel.result.value
    assert produced is not None and produced.name in result, result
    assert f'href="/workbench/files/reports/SC100001/{produced.name}"' in result
    text = produced.read_text()
    assert "<h1" in text and "Fictional House" not in text and "Secret Street" not in text
    assert not panel.button.disabled


def test_plan_button_prepares_the_visit_plan_as_workbench_prepare_does(
        seeded: tuple[str, dict], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt
    import json

    from markupsafe import escape as html_escape

    from workbench.dashboards.reports import open_inspection_type, plan_file
    from workbench.report.pdf import unavailable

    url, ids = seeded
    monkeypatch.setenv("WORKBENCH_PLANS", str(tmp_path / "plans"))
    page = inspector.prepare(db=url, user="insp_a")
    assert 'href="#wb-plan-heading"' in str(page.choose("SC100001"))  # in the home's contents list
    enquiries = page.enquiries()
    panel = page.plan()
    assert panel.button.description == "Prepare the visit plan of SC100001"
    assert "No visit plan of SC100001" in panel.latest.value and plan_file("SC100001") is None
    with session_scope(url) as session:
        before = session.scalars(select(AuditEntry.id).where(AuditEntry.entity == "lines_of_enquiry")).all()
    panel.button.click()  # as the inspector's click: a thread runs the pre-visit notebook (papermill)
    assert panel.button.disabled and "Preparing the visit plan of SC100001" in panel.status.value
    panel.worker.join(timeout=300)
    assert not panel.worker.is_alive() and not panel.button.disabled
    made = plan_file("SC100001")
    assert made is not None and made.name == f"visit-plan-SC100001-{dt.date.today().isoformat()}.html"
    assert "wb-success" in panel.status.value, panel.status.value
    links = panel.latest.value
    assert f'href="/workbench/files/plans/SC100001/{made.name}"' in links and 'target="_blank"' in links
    assert "Visit plan of SC100001 (HTML" in links
    if unavailable() is None:  # with Chromium: the PDF beside it, linked
        assert made.with_suffix(".pdf").is_file()
        assert f'href="/workbench/files/plans/SC100001/{made.stem}.pdf"' in links
        assert "PDF of SC100001&#39;s visit plan" in links
    else:
        assert "no PDF" in links
    text = made.read_text()
    assert "Visit plan: SC100001" in text and "Fictional House" not in text and "Secret Street" not in text
    # the same run as `workbench prepare`: a visit today, the open inspection's type, lines saved as the inspector
    executed = json.loads(made.with_suffix(".ipynb").read_text())
    assert '"inspection_type": "full"' in json.dumps(executed["metadata"]["papermill"]["parameters"])
    with session_scope(url) as session:
        new = session.scalars(select(AuditEntry).where(AuditEntry.entity == "lines_of_enquiry",
                                                       AuditEntry.id.not_in(before))).all()
        assert new and {e.username for e in new} == {"insp_a"}
        assert {e.inspection_id for e in new} == {ids["current"]}
        saved = session.scalars(select(LineOfEnquiry.question).where(LineOfEnquiry.inspection_id == ids["current"]))
        shown = str(enquiries.children[0].value) + "".join(str(c.children[0].value) for c in enquiries.children[1:-2])
        missing = [q for q in saved if html_escape(q) not in shown]
        assert not missing, (missing, shown)  # the page's lines redrawn with what was saved
    assert open_inspection_type(url, "SC100004") == "interim" and open_inspection_type(url, "SC100002") == "full"
    # a failure is one line on the page (the plans folder is a file): nothing written, the button usable again
    monkeypatch.setenv("WORKBENCH_PLANS", str(tmp_path / "a-file"))
    (tmp_path / "a-file").write_text("not a folder")
    assert panel.prepare() is None
    assert "No visit plan:" in panel.status.value and "Traceback" not in panel.status.value
    assert "wb-error" in panel.status.value and not panel.button.disabled


def test_home_list_is_most_urgent_first_and_a_chosen_home_replaces_it(seeded: tuple[str, dict],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.dashboards import home_list

    url, ids = seeded
    page = inspector.prepare(db=url, user="insp_a")
    found = home_list.rows(url, page.homes)
    # SC100002 judged inadequate 10 weeks ago: overdue (para 8); SC100001 has an open draft: in progress
    assert [r.urn for r in found][0] == "SC100002" and found[0].urgency == "overdue"
    current = next(r for r in found if r.urn == "SC100001")
    assert current.open_id == ids["current"] and current.open_status == "draft" and not current.returned
    ranks = [r.rank for r in found]
    assert ranks == sorted(ranks)
    listing = str(page.header())
    assert 'id="wb-home-search"' in listing and "data-urgency=\"overdue\"" in listing
    assert listing.index("SC100002") < listing.index("SC100001")
    monkeypatch.setenv("QUERY_STRING", "urn=SC100001")
    chosen = inspector.prepare(db=url, user="insp_a")
    top = str(chosen.header())
    assert "Back to your homes" in top and "wb-home-table" not in top  # the list is not repeated above the home
    opened = str(chosen.choose())
    assert 'data-wb-title="SC100001' in opened and 'class="wb-contents"' in opened
    assert 'href="#wb-ev-notifications"' in opened and 'href="#wb-judgements-heading"' in opened
    assert 'id="wb-ev-notifications"' in str(chosen.evidence())


def test_drafted_wording_is_kept_and_restorable(seeded: tuple[str, dict]) -> None:
    url, _ids = seeded
    page = inspector.prepare(db=url, user="insp_a")
    page.choose("SC100001")
    panel = page.enquiries()
    rows = {r["question"][:10]: r for r in __import__("workbench.dashboards.enquiries", fromlist=["lines"]).lines(
        url, page.home_id, page.inspection_id)}
    row = rows["How does t"]
    original = row["question"]
    panel.set_status(row, "edited", "A new wording")
    panel.render()
    names = [c.description for box in panel.children if hasattr(box, "children") for hbox in box.children
             if hasattr(hbox, "children") for c in hbox.children if hasattr(c, "description")]
    assert "Accept line 1" in names and "Wording of line 1" in names and "Edit" not in names
    again = {r["id"]: r for r in __import__("workbench.dashboards.enquiries", fromlist=["lines"]).lines(
        url, page.home_id, page.inspection_id)}[row["id"]]
    assert again["question"] == "A new wording" and again["drafted"] == original
    text = "".join(str(box.children[0].value) for box in panel.children[1:3])
    assert "Drafted wording" in text and "wb-loe--edited" in " ".join(c for b in panel.children[1:3]
                                                                       for c in b._dom_classes)
    panel.restore(again)
    with session_scope(url) as session:
        assert session.get(LineOfEnquiry, row["id"]).question == original


def test_start_submit_return_and_the_notes_reach_the_inspector(seeded: tuple[str, dict]) -> None:
    from workbench.dashboards.reports import reports_dir
    from workbench.store.models import Inspection

    url, ids = seeded
    page = inspector.prepare(db=url, user="insp_a")
    page.choose("SC100002")  # no open inspection
    box = page.judgements(defer=False)
    panel = page.report()
    start = next(c for c in box.children if "wb-start-inspection" in c._dom_classes)
    assert start.description == "Start an inspection of SC100002 today"
    start.click()
    assert page.inspection_id is not None and page.editor is not None
    assert panel.inspection_id == page.inspection_id
    panel.submit.click()  # nothing produced yet: refused, one line
    assert "produce the report first" in panel.message.value
    folder = reports_dir() / "SC100002"
    folder.mkdir(parents=True)
    (folder / f"SC100002-inspection-{page.inspection_id}-full.html").write_text("<h1>report</h1>")
    panel.submit.click()  # the lifecycle's readiness: every reason listed, nothing changed
    assert "Not submitted" in panel.message.value and "wb-gate-reasons" in panel.message.value
    assert "Grade" in panel.message.value and not panel.submit.disabled
    with session_scope(url) as session:
        assert session.get(Inspection, page.inspection_id).status == "draft"
    # the manager returns a submitted report (SC100004, insp_b's) with notes; insp_b sees them
    boss = manager.open_page(db=url, user="mgr")
    boss.qa_choice.value = ids["SC100004-qa"]
    boss.ask_approval()  # the gate allows it: a confirmation first; the manager returns it instead
    assert boss.confirm_box.layout.display == "flex"
    boss.send_back.click()
    assert "write QA notes" in boss.qa_message.value
    boss.qa_notes.value = "Say more about education <b>now</b>."
    boss.send_back.click()
    assert "returned" in boss.qa_message.value
    other = inspector.prepare(db=url, user="insp_b")
    notice = str(other.choose("SC100004"))
    assert "Returned by QA" in notice and "Say more about education &lt;b&gt;now&lt;/b&gt;." in notice
    history = str(other.report().history.value)
    assert "Returned by QA" in history and "mgr" in history
    listed = str(other.header())
    assert "Returned by QA: draft" in listed  # the home list shows the return


def test_a_saved_change_shows_on_the_next_load(seeded: tuple[str, dict]) -> None:
    from workbench.report.status import change

    url, ids = seeded
    first = manager.open_page(db=url, user="mgr")
    first.ready()
    assert "SC100004" in set(first.qa_table.frame["urn"])
    change("SC100004", ids["SC100004-qa"], "return", "mgr", url, notes="Redo it")
    first.ready()  # the same preheated page, asked for again: the store changed, so it re-reads
    assert "SC100004" not in set(first.qa_table.frame["urn"])
    # the inspector's home: a grade saved meanwhile changes the home's mark, so nothing cached is reused,
    # and the next load shows it
    from workbench.judgements.fields import Loaded, save_field

    page = inspector.prepare(db=url, user="insp_a")
    page.choose("SC100001")
    page.picture()
    save_field(url, ids["current"], "judgement", "leadership", "grade", "good", Loaded(0, None), "insp_a")
    later = inspector.prepare(db=url, user="insp_a")
    later.choose("SC100001")
    assert later.mark != page.mark
    later.judgements(defer=False)
    assert later.editor.grade["leadership"].value == "good"


def test_an_editor_built_ahead_is_used_only_while_the_store_is_unchanged(seeded: tuple[str, dict]) -> None:
    from workbench.judgements.fields import Loaded, save_field

    url, ids = seeded
    page = inspector.prepare(db=url, user="insp_a")
    page.prebuild("SC100001")  # as a preheated kernel does before the request
    ahead = page.prebuilt[3]
    page.choose("SC100001")
    page.judgements(defer=False)
    assert page.editor is ahead  # nothing changed: the editor built ahead is shown at once
    again = inspector.prepare(db=url, user="insp_a")
    again.prebuild("SC100001")
    stale = again.prebuilt[3]
    save_field(url, ids["current"], "judgement", "leadership", "grade", "good", Loaded(0, None), "insp_a")
    again.choose("SC100001")
    again.judgements(defer=False)
    assert again.editor is not stale and again.prebuilt is None
    assert again.editor.grade["leadership"].value == "good"  # a grade saved meanwhile shows: built afresh
    other = inspector.prepare(db=url, user="insp_a")
    other.prebuild("SC100001")
    other.choose("SC100002")  # another home than the one guessed: its own editor
    other.judgements(defer=False)
    assert other.editor is None or other.editor.inspection_id != ids["current"]


def test_manager_kernels_share_what_they_read_while_the_store_is_unchanged(
        seeded: tuple[str, dict], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.report.status import change

    url, ids = seeded
    monkeypatch.setenv("WORKBENCH_DASHBOARD_CACHE", str(tmp_path / "shared"))
    first = manager.open_page(db=url, user="mgr")  # reads the store and shares it
    assert len(list((tmp_path / "shared").glob("*.pickle"))) == 1
    second = manager.open_page(db=url, user="mgr")  # another kernel, same store mark: reuses it
    assert second.data is not first.data and second.data.inspections.equals(first.data.inspections)
    assert "SC100004" in set(second.qa_table.frame["urn"])
    change("SC100004", ids["SC100004-qa"], "return", "mgr", url, notes="Redo it")
    third = manager.open_page(db=url, user="mgr")  # the store changed: a new mark, read afresh
    assert "SC100004" not in set(third.qa_table.frame["urn"])
    assert len(list((tmp_path / "shared").glob("*.pickle"))) == 2


def test_long_tables_are_paged_in_the_kernel_and_sort_dates_as_dates() -> None:
    import datetime as dt

    import pandas as pd

    from workbench.dashboards.tables import Column, SortableTable

    frame = pd.DataFrame({"urn": [f"SC{n:06d}" for n in range(60)],
                          "due": [dt.date(2026, 1, 1) + dt.timedelta(days=(n * 37) % 400) for n in range(60)]})
    table = SortableTable([Column("urn", "URN"), Column("due", "Due", lambda v, r: v.isoformat())], "Due", "wb-x",
                          name="inspections due")
    table.update(frame)
    assert table.pages == 3 and table.body.value.count("<tr>") == 26  # the header row and 25 rows, not 60
    assert "Page 1 of 3 (rows 1-25 of 60)" in table.position.value and table.previous.disabled
    table.next.click()
    assert "SC000025" in table.body.value and "SC000024" not in table.body.value
    table.request.value = "due|1"  # a click on the "Due" header: by date, from the first page
    dues = list(table.sorted_frame()["due"])
    assert dues == sorted(dues) and table.page == 0
    table.request.value = "due|2"  # the same header again: the other way
    assert list(table.sorted_frame()["due"]) == sorted(dues, reverse=True)
    table.go(2)
    table.update(frame.head(30))  # a filter: back to the first page of what matches
    assert table.page == 0 and table.pages == 2
    assert table.previous.description == "Previous page of inspections due"


def test_a_review_action_from_a_page_is_its_new_status_or_one_escaped_refusal(seeded: tuple[str, dict]) -> None:
    from workbench.dashboards.review_action import take_action

    url, ids = seeded
    status, refusal = take_action("SC100001", ids["current"], "approve", "mgr", url)  # a draft: the gate says why
    assert status is None and refusal.startswith('<p class="wb-error">Not approved: 2 thing(s) to do first')
    assert refusal.count("<li>") == 2 and "never been exported" in refusal
    status, refusal = take_action("SC100001", ids["current"], "submit", "<b>nobody</b>", url)  # a user error, escaped
    assert status is None and "Not submitted: user" in refusal and "<b>" not in refusal and "&lt;b&gt;" in refusal
    status, refusal = take_action("SC100004", ids["SC100004-qa"], "return", "mgr", url, notes="More on education.")
    assert refusal == "" and status is not None and (status.status, status.qa_notes) == ("draft", "More on education.")


def test_a_submission_never_exported_is_kept_apart_and_can_only_be_returned(seeded: tuple[str, dict]) -> None:
    """The QA queue lists what is ready for review; a submission recorded without an export (e.g. seeded or
    imported) is listed apart, offered as "return only", and its approval is refused by the gate."""
    from sqlalchemy import delete

    from workbench.store.models import ReportExport

    url, ids = seeded
    page = manager.open_page(db=url, user="mgr")
    assert page.unready_table.layout.display == "none" and len(page.qa_table.frame) == 2  # both exported
    with session_scope(url) as session:
        session.execute(delete(ReportExport).where(ReportExport.inspection_id == ids["SC100005-qa"]))
    page = manager.open_page(db=url, user="mgr")
    assert list(page.qa_table.frame["urn"]) == ["SC100004"]
    assert list(page.unready_table.frame["urn"]) == ["SC100005"] and page.unready_table.layout.display is None
    assert "never exported" in page.unready_table.body.value
    labels = dict((value, label) for label, value in page.qa_choice.options)
    assert labels[ids["SC100005-qa"]].endswith("never exported, return only")
    assert "1 report(s) ready for QA and 1 submitted but never exported" in page.status_line.value
    assert page.approve.disabled and page.send_back.disabled  # nothing chosen yet
    page.qa_choice.value = ids["SC100005-qa"]
    assert not page.approve.disabled
    page.ask_approval()
    assert "never been exported" in page.qa_message.value and page.confirm_box.layout.display == "none"
