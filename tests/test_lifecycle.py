"""The inspection lifecycle (one module says which inspection is current, open, editable, latest published)
and identity (the acting user is a user of the store whose role may act; never the OS login)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from report_fixtures import add_users

from workbench.cli import main
from workbench.errors import IdentityRefused, UserError
from workbench.store import lifecycle, session_scope
from workbench.store.identity import acting_user
from workbench.store.models import Home, Inspection


def _home(url: str) -> dict[str, int]:
    """A home with a published full, a QA-approved interim, and a draft full inspection."""
    with session_scope(url) as s:
        add_users(s, {"alice": "inspector", "mgr": "manager", "odd": "auditor"})
        home = Home(urn="SC700001", provision_type="Children's home")
        s.add(home)
        s.flush()
        rows = {
            "published": Inspection(home_id=home.id, inspection_type="full", start_date=dt.date(2024, 5, 1),
                                    status="published"),
            "approved": Inspection(home_id=home.id, inspection_type="interim", start_date=dt.date(2025, 2, 1),
                                   end_date=dt.date(2025, 2, 1), status="qa_approved"),
            "draft": Inspection(home_id=home.id, inspection_type="full", start_date=dt.date(2025, 11, 3),
                                end_date=dt.date(2025, 11, 4), status="draft"),
        }
        s.add_all(rows.values())
        s.flush()
        return {key: row.id for key, row in rows.items()} | {"home": home.id}


def test_statuses_and_transitions_are_one_consistent_definition() -> None:
    assert lifecycle.STATUSES == ("draft", "submitted", "qa_approved", "published")
    assert set(lifecycle.OPEN_STATUSES) | {"published"} == set(lifecycle.STATUSES)
    for transition in lifecycle.TRANSITIONS.values():
        assert set(transition.sources) <= set(lifecycle.STATUSES) and transition.target in lifecycle.STATUSES
        assert transition.roles and set(transition.roles) <= set(lifecycle.ROLES)
    assert lifecycle.TRANSITIONS["return"].target == "draft" and lifecycle.TRANSITIONS["return"].needs_notes
    assert lifecycle.TRANSITIONS["approve"].roles == ("manager",)
    assert [s for s in lifecycle.STATUSES if lifecycle.is_editable(s)] == ["draft"]
    assert [s for s in lifecycle.STATUSES if lifecycle.is_completed(s)] == ["submitted", "qa_approved", "published"]


def test_current_open_editable_and_latest_published(db_url: str) -> None:
    ids = _home(db_url)
    with session_scope(db_url) as s:
        home = s.get(Home, ids["home"])
        assert lifecycle.current(s, home).id == ids["draft"]
        assert [i.id for i in lifecycle.open_inspections(s, home)] == [ids["draft"], ids["approved"]]
        assert lifecycle.editable(s, home).id == ids["draft"]
        assert lifecycle.latest_published(s, home).id == ids["published"]
        assert lifecycle.latest_published(s, home, "interim") is None
        assert lifecycle.current(s, home, dt.date(2025, 2, 1)).id == ids["approved"]  # on a visit date
        assert lifecycle.current(s, home, dt.date(2025, 3, 1)) is None
        s.get(Inspection, ids["draft"]).status = "submitted"
        s.flush()
        assert lifecycle.current(s, home).id == ids["draft"] and lifecycle.editable(s, home) is None
        assert "frozen until a manager returns it" in lifecycle.not_editable_reason(s.get(Inspection, ids["draft"]))
        rows = [s.get(Inspection, ids[k]) for k in ("published", "approved", "draft")]
        assert lifecycle.pick_current(rows).id == ids["draft"]
        assert lifecycle.pick_report(rows[:1]).id == ids["published"]


def test_acting_user_comes_from_the_store_never_the_login(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _home(db_url)
    with session_scope(db_url) as s:
        assert acting_user(s, "alice", "submit").role == "inspector"
        with pytest.raises(IdentityRefused, match="no user given to submit.*operating-system login is never used"):
            acting_user(s, None, "submit")
        with pytest.raises(IdentityRefused, match="'root' is not known to the workbench store.*inspector or manager"):
            acting_user(s, "root", "edit")
        with pytest.raises(IdentityRefused, match="'alice' has role 'inspector' and cannot approve; only role manager"):
            acting_user(s, "alice", "approve")
        with pytest.raises(IdentityRefused, match="'odd' has role 'auditor'"):
            acting_user(s, "odd", "edit")
        monkeypatch.setenv("JUPYTERHUB_USER", "alice")
        assert acting_user(s, None, "edit").username == "alice"
        monkeypatch.setenv("WORKBENCH_USER", "mgr")  # WORKBENCH_USER wins over JUPYTERHUB_USER
        assert acting_user(s, None, "publish").username == "mgr"
        assert acting_user(s, "alice", "edit").username == "alice"  # --user wins over both
    assert issubclass(IdentityRefused, UserError)


def test_cli_refuses_unknown_or_missing_users_with_exit_2(db_url: str, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    ids = _home(db_url)
    base = ["inspect", "SC700001", "--db", db_url, "--out", str(tmp_path)]
    assert main(base) == 2
    assert "no user given to inspect" in capsys.readouterr().err
    assert main([*base, "--user", "root"]) == 2
    err = capsys.readouterr().err
    assert "'root' is not known" in err and "inspector or manager" in err
    assert main([*base, "--user", "alice", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["inspection_id"] == ids["draft"] and doc["urn"] == "SC700001" and doc["status"] == "draft"
    assert doc["created"] is False
    assert main(["report", "SC700001", "--status", "publish", "--user", "alice", "--db", db_url]) == 2
    assert "only role manager" in capsys.readouterr().err
    with session_scope(db_url) as s:
        assert s.get(Inspection, ids["draft"]).status == "draft"
        assert {i.lead_inspector for i in s.query(Inspection)} == {None}  # nobody became lead by default
