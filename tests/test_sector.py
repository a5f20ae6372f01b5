"""The sector picture on a small hand-made store whose answers are worked out by hand (seed 001 paras 4, 6)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import nbformat
import pytest
from browser import axe_violations, chromium_browser, recorded_page

from workbench.analysis import sector
from workbench.analysis.evidence import build_evidence
from workbench.analysis.sections import at_a_glance, judgement_history
from workbench.cli import main
from workbench.dashboards import access, manager
from workbench.dashboards.sector_panel import sector_panel
from workbench.store import models as m
from workbench.store.db import sessions

AS_OF = dt.date(2023, 6, 30)
OUT, G, RI, INAD = "outstanding", "good", "requires_improvement", "inadequate"
NOTEBOOK = Path(__file__).resolve().parent.parent / "workbench" / "notebooks" / "sector.ipynb"


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


#: urn -> (sector, [(date, area, grade, wording, type, status)], leaving events)
HOMES = {
    "SC100001": ("Private", [("2013-05-01", "overall_effectiveness", OUT, "Outstanding"), ("2015-05-01", "overall", OUT, None),
                             ("2017-05-01", "overall", OUT, None), ("2019-05-01", "overall", OUT, None),
                             ("2021-05-01", "overall", OUT, None), ("2022-05-01", "overall", OUT, None)], []),
    "SC100002": ("Local Authority", [("2013-03-01", "overall_effectiveness", RI, "Satisfactory"),
                                     ("2016-01-01", "overall", G, None), ("2019-01-01", "overall", OUT, None),
                                     ("2020-07-01", "overall", OUT, None), ("2022-09-01", "overall", INAD, None)], []),
    "SC100003": ("Local authority", [("2021-01-01", "overall", G, None), ("2023-01-01", "overall", OUT, None)], []),
    "SC100004": ("Private", [("2019-06-01", "overall", OUT, None), ("2022-01-10", "overall", OUT, None)],
                 [("closed", "2022-12-01")]),
    "SC100005": ("Private", [], []),
    "SC100006": ("Voluntary", [("2020-09-01", "overall", OUT, None), ("2024-01-01", "overall", G, None)], []),
}


@pytest.fixture
def store(db_url: str) -> str:
    """Six children's homes (answers worked out by hand below) and an agency that must not count."""
    with sessions(db_url)() as session:
        ids = {}
        for urn, (sector_name, inspections, events) in HOMES.items():
            home = m.Home(urn=urn, provision_type="Children's home", is_childrens_home=True, sector=sector_name,
                          region="London")
            session.add(home)
            session.flush()
            ids[urn] = home.id
            for day, area, grade, wording in inspections:
                inspection = m.Inspection(home_id=home.id, inspection_type="full", start_date=d(day),
                                          status="published", source="ofsted",
                                          framework="2011" if day < "2014-04-01" else "sccif")
                inspection.judgements.append(m.Judgement(area=area, grade=grade,
                                                         wording=wording or grade.replace("_", " ").capitalize()))
                session.add(inspection)
            for event, day in events:
                session.add(m.RegistrationEvent(home_id=home.id, event=event, event_date=d(day)))
        third = ids["SC100003"]
        draft = m.Inspection(home_id=third, inspection_type="full", start_date=d("2023-05-01"), status="draft")
        draft.judgements.append(m.Judgement(area="overall", grade=INAD))
        session.add(draft)  # a draft does not count
        session.add(m.Inspection(home_id=third, inspection_type="interim", start_date=d("2023-03-01"),
                                 status="published", progress_judgement="good_progress"))
        agency = m.Home(urn="SC900001", provision_type="Independent Fostering Agency", is_childrens_home=False)
        session.add(agency)
        session.flush()
        for year in range(2016, 2023):
            inspection = m.Inspection(home_id=agency.id, inspection_type="full", start_date=dt.date(year, 2, 1),
                                      status="published")
            inspection.judgements.append(m.Judgement(area="overall", grade=OUT))
            session.add(inspection)
        session.commit()
    return db_url


EXPECTED_CONSISTENCY = [
    {"last": 1, "homes_with_at_least": 5, "outstanding_at_each": 4},
    {"last": 2, "homes_with_at_least": 4, "outstanding_at_each": 2},
    {"last": 3, "homes_with_at_least": 2, "outstanding_at_each": 1},
    {"last": 4, "homes_with_at_least": 2, "outstanding_at_each": 1},
    {"last": 5, "homes_with_at_least": 2, "outstanding_at_each": 1},
    {"last": 6, "homes_with_at_least": 1, "outstanding_at_each": 1},
]
EXPECTED_DURABILITY = [
    {"years": 1, "outstanding_then": 4, "not_outstanding_now": 1, "closed": 1},
    {"years": 2, "outstanding_then": 4, "not_outstanding_now": 1, "closed": 1},
    {"years": 3, "outstanding_then": 3, "not_outstanding_now": 1, "closed": 1},
]
EXPECTED_PAIRS = {(OUT, OUT): 7, (RI, G): 1, (G, OUT): 2, (OUT, INAD): 1}


def test_sector_json_answers_the_seeds_questions(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sector", "--json", "--as-of", AS_OF.isoformat(), "--db", store]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["homes"] == 6
    assert data["consistently_outstanding"] == EXPECTED_CONSISTENCY
    assert data["durability"] == EXPECTED_DURABILITY
    grades = [OUT, G, RI, INAD]
    assert data["transitions"] == [{"from": a, "to": b, "count": EXPECTED_PAIRS.get((a, b), 0)}
                                   for a in grades for b in grades]
    by_sector = {g["value"]: {(t["from"], t["to"]): t["count"] for t in g["transitions"] if t["count"]}
                 for g in data["transitions_by"]["sector"]}
    assert by_sector == {"Local authority": {(RI, G): 1, (G, OUT): 2, (OUT, OUT): 1, (OUT, INAD): 1},
                         "Private": {(OUT, OUT): 6}, "Voluntary": {}}


def test_home_lines(store: str) -> None:
    assert sector.describe([G, INAD]) == "declined from good to inadequate at the last full inspection"
    assert sector.describe([G, OUT, OUT, OUT, OUT, OUT, G]) == "outstanding at 5 of its last 6 full inspections; " \
        "declined from outstanding to good at the last full inspection"
    assert sector.describe([INAD, G]) == "improved from inadequate to good at the last full inspection"
    with sessions(store)() as session:
        ids = {h.urn: h.id for h in session.query(m.Home)}
        assert sector.home_line(session, ids["SC100001"], AS_OF) == "outstanding at 6 of its last 6 full inspections"
        assert sector.home_line(session, ids["SC100002"], AS_OF) == (
            "outstanding at 2 of its last 5 full inspections; declined from outstanding to inadequate at the last "
            "full inspection")
        assert sector.home_line(session, ids["SC100005"], AS_OF) == "no full inspection with an overall judgement on record"
        evidence = build_evidence(session, ids["SC100002"], AS_OF)
        glance = str(at_a_glance(evidence))
        assert "declined from outstanding to inadequate at the last full inspection" in glance
        history = str(judgement_history(evidence))
        assert "Satisfactory" in history and "2011 evaluation schedule" in history
        assert "limiting rules and descriptors are not applied" in history


def test_sector_page_and_manager_panel(store: str, tmp_path: Path, artifacts_dir: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    if "sqlite" not in store:
        pytest.skip("the notebook run is checked once, on SQLite")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
    assert code and all(len([x for x in c.source.splitlines() if x.strip()]) <= 3 for c in code)  # thin
    read_only = f"sqlite:///file:{store.removeprefix('sqlite:///')}?mode=ro&uri=true"  # it only reads
    assert main(["sector", "--as-of", AS_OF.isoformat(), "--db", read_only, "--out", str(tmp_path)]) == 0
    page = (tmp_path / f"sector-{AS_OF.isoformat()}.html").read_text(encoding="utf-8")
    executed = nbformat.read(tmp_path / f"sector-{AS_OF.isoformat()}.ipynb", as_version=4)
    assert executed.metadata.papermill.parameters["as_of"] == AS_OF.isoformat()
    assert "Consistently outstanding" in page and "Durability of outstanding" in page
    assert "SC100001" not in page  # the sector page names no home
    with chromium_browser() as browser, recorded_page(browser) as rec:
        rec.page.goto((tmp_path / f"sector-{AS_OF.isoformat()}.html").as_uri())
        rec.page.screenshot(path=str(artifacts_dir / "sector-page.png"), full_page=True)
        assert rec.page.locator("caption", has_text="Homes outstanding at every one").count() == 1
        assert axe_violations(rec.page) == [] and not rec.blocked and not rec.errors
    page_file = tmp_path / "a-file"
    page_file.write_text("x", encoding="utf-8")
    assert main(["sector", "--as-of", AS_OF.isoformat(), "--db", store, "--out", str(page_file)]) == 2
    assert "is a file, not a folder; nothing was run" in capsys.readouterr().err
    panel = sector_panel(store, AS_OF).value
    assert "Homes outstanding at every one of their last N full inspections" in panel
    dashboard = manager.ManagerDashboard(store, access.Viewer("m", "manager", "M"), AS_OF)
    assert any("The sector" in getattr(child, "value", "") for child in dashboard.charts().children)


def test_rules_are_not_applied_to_an_inspection_under_another_framework(store: str) -> None:
    from workbench.judgements.state import load_state

    with sessions(store)() as session:
        old = session.query(m.Inspection).filter(m.Inspection.framework == "2011").first()
        new = session.query(m.Inspection).filter(m.Inspection.status == "draft").one()
        old_id, new_id = old.id, new.id
    state = load_state(store, old_id)
    assert state.framework_note and "2011 evaluation schedule" in state.framework_note
    assert state.caps == {} and state.violations == []
    assert load_state(store, new_id).framework_note is None
