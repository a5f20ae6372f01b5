"""Saving drafted lines is idempotent and never overrides the inspector; accept/edit/reject/add are
audited; children to track follow footnote 5. SQLite and PostgreSQL."""

from __future__ import annotations

import previsit_builder as b
import pytest
from sqlalchemy import func, select

from workbench.analysis.evidence import build_evidence
from workbench.enquiry import (
    accept,
    add,
    children_to_track,
    drafts_from,
    edit,
    lines,
    reject,
    sample_size,
    save_drafts,
)
from workbench.errors import UserError
from workbench.store.db import session_scope
from workbench.store.models import AuditEntry, LineOfEnquiry


def test_save_drafts_is_idempotent_and_keeps_decisions(db_url: str) -> None:
    with session_scope(db_url) as session:
        home = b.troubled_home(session)
        drafts = drafts_from(build_evidence(session, home.id, b.AS_OF))
        first = save_drafts(session, home.id, drafts, "inspector1")
        assert first.created == len(drafts) > 10
        again = save_drafts(session, home.id, drafts, "inspector1")
        assert (again.created, again.updated, again.unchanged) == (0, 0, len(drafts))
        stored = lines(session, home.id)
        assert len(stored) == len(drafts)
        target = next(line for line in stored if line.rule_id == "restraint_rising")
        other = next(line for line in stored if line.rule_id == "reg44_missing")
        accept(session, target.id, "inspector1")
        reject(session, other.id, "inspector1", reason="Reports were received late, not missing.")
        edited = edit(session, stored[0].id, "inspector1", question="Reworded by the inspector?", priority="low")
        manual = add(session, home.id, "inspector1", "How do children spend their weekends?", "overall")
        # drafts change: the rules run again on the same data; decisions survive, nothing duplicates
        changed = [d if d.rule_id != "restraint_rising" else type(d)(**{**d.__dict__, "question": "changed?"})
                   for d in drafts]
        third = save_drafts(session, home.id, changed, "inspector1")
        assert third.created == 0 and third.kept == 3
        assert session.get(LineOfEnquiry, target.id).question != "changed?"
        assert session.get(LineOfEnquiry, target.id).status == "accepted"
        assert session.get(LineOfEnquiry, other.id).status == "rejected"
        assert session.get(LineOfEnquiry, edited.id).question == "Reworded by the inspector?"
        # a rule that no longer fires drops its undecided draft, never a decided or manual line
        fourth = save_drafts(session, home.id, [d for d in drafts if d.rule_id != "out_of_education"], "inspector1")
        assert fourth.removed == 1
        remaining = lines(session, home.id)
        assert len(remaining) == len(drafts)  # one removed, one manual added
        assert manual.id in {line.id for line in remaining} and manual.status == "accepted"
        count = session.scalar(select(func.count()).select_from(LineOfEnquiry).where(LineOfEnquiry.home_id == home.id))
        assert count == len(drafts)
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "lines_of_enquiry")).all()
        updates = {(a.entity_id, a.field, a.new_value) for a in audit if a.action == "update"}
        assert (str(target.id), "status", "accepted") in updates
        assert (str(other.id), "status", "rejected") in updates
        assert (str(edited.id), "question", "Reworded by the inspector?") in updates
        assert any(a.action == "create" and a.entity_id == str(manual.id) for a in audit)
        assert any(a.action == "delete" for a in audit)
        assert all(a.username == "inspector1" for a in audit)


def test_stale_and_invalid_edits_are_refused(db_url: str) -> None:
    with session_scope(db_url) as session:
        home = b.troubled_home(session)
        save_drafts(session, home.id, drafts_from(build_evidence(session, home.id, b.AS_OF)), "inspector1")
        line = lines(session, home.id)[0]
        version = line.version
        accept(session, line.id, "inspector2", version=version)
        session.flush()
        with pytest.raises(UserError, match="changed by inspector2"):
            edit(session, line.id, "inspector1", question="Mine?", version=version)
        with pytest.raises(UserError, match="area 'safety'"):
            edit(session, line.id, "inspector1", area="safety")
        with pytest.raises(UserError, match="needs a question"):
            add(session, home.id, "inspector1", "  ", "overall")
        with pytest.raises(UserError, match="no line of enquiry 999999"):
            accept(session, 999999, "inspector1")


def test_children_to_track_small_home_every_child_and_missing_leavers(db_url: str) -> None:
    with session_scope(db_url) as session:
        home = b.troubled_home(session)
        tracked = {c.reference: c for c in children_to_track(build_evidence(session, home.id, b.AS_OF))}
    assert set(tracked) == {"C-T1", "C-T2", "C-T3", "C-T4", "C-T5"}
    assert any("small home" in r for r in tracked["C-T4"].reasons)
    assert any("footnote 5" in r and "missing" in r for r in tracked["C-T3"].reasons)
    assert not tracked["C-T3"].living_here
    assert any("para 10" in r for r in tracked["C-T5"].reasons)
    assert len(tracked["C-T1"].reasons) == 2  # small home and missing


def test_children_to_track_larger_home_samples_but_always_missing(db_url: str) -> None:
    with session_scope(db_url) as session:
        home = b.home(session, urn="SC940001", places=12)
        b.inspection(session, home, "2024-03-04", grades={"overall": "good"})
        for i in range(10):
            b.child(session, home, f"2020-0{1 + i % 9}-01", reference=f"C-L{i:02d}")
        b.child(session, home, "2024-09-01", reference="C-NEW")
        b.child(session, home, "2021-01-01", education="not_in_education", reference="C-OUT")
        b.notification(session, home, "2024-10-01", "missing", child_ref="C-L09")
        session.flush()
        tracked = {c.reference: c for c in children_to_track(build_evidence(session, home.id, b.AS_OF))}
    assert sample_size(12) == 4
    sampled = [r for r, c in tracked.items() if any(x.startswith("sample 4 of 12") for x in c.reasons)]
    assert len(sampled) == 4
    assert {"C-NEW", "C-OUT"} <= set(sampled)  # new admission and out of education first
    assert "C-L09" in tracked  # missing: always tracked, sampled or not
    assert any("always tracked" in r for r in tracked["C-L09"].reasons)
    assert len(tracked) <= 5


def test_lines_drafted_before_the_inspection_record_move_onto_it(db_url: str) -> None:
    from workbench.store.models import Inspection

    with session_scope(db_url) as session:
        home = b.troubled_home(session)
        drafts = drafts_from(build_evidence(session, home.id, b.AS_OF))
        save_drafts(session, home.id, drafts, "inspector1")  # before any inspection record: inspection NULL
        early = lines(session, home.id)
        accept(session, early[0].id, "inspector1")
        add(session, home.id, "inspector1", "Own question before the visit?", "overall")
        visit = Inspection(home_id=home.id, inspection_type="full", start_date=b.AS_OF, status="draft")
        session.add(visit)
        session.flush()
        add(session, home.id, "inspector1", "Own question on the inspection?", "leadership", inspection_id=visit.id)
        result = save_drafts(session, home.id, drafts, "inspector1", inspection_id=visit.id)
        assert result.created == 0
        assert lines(session, home.id, None) == []
        attached = lines(session, home.id, visit.id)
        assert len(attached) == len(drafts) + 2
        assert next(line for line in attached if line.id == early[0].id).status == "accepted"
        manual = sorted(line.key for line in attached if line.rule_id == "manual")
        assert manual == ["1", "2"]
