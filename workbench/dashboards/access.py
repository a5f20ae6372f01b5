"""Who is looking at a dashboard, and what they may open.

Identity comes from `--user`, ``WORKBENCH_USER`` or JupyterHub's ``JUPYTERHUB_USER``
(`workbench.store.identity.acting_user`, never the operating-system login); the role (``inspector`` | ``manager``) from the store's
``User.role``. An inspector opens only the homes assigned to them (``Assignment``); a manager
may open any home and is the only one who opens the manager dashboard.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import or_, select

from workbench.dashboards.errors import AccessRefused
from workbench.errors import IdentityRefused
from workbench.store import lifecycle
from workbench.store.db import session_scope
from workbench.store.identity import acting_user
from workbench.store.models import Assignment, Home, User

ROLES = lifecycle.ROLES
URN_PATTERN = re.compile(r"^[A-Za-z0-9]{1,20}$")


@dataclass(frozen=True)
class Viewer:
    """The person using a dashboard."""

    username: str
    role: str
    display_name: str

    @property
    def is_manager(self) -> bool:
        """True for the role that reviews reports and sees every home."""
        return self.role == "manager"


@dataclass(frozen=True)
class HomeChoice:
    """A home an inspector may open: what the picker shows (no address)."""

    urn: str
    name: str
    home_type: str
    local_authority: str


def viewer(db: str | None, username: str | None = None) -> Viewer:
    """The person named by `username` (else --user/WORKBENCH_USER/JUPYTERHUB_USER) as the store knows them."""
    with session_scope(db) as session:
        try:
            user = acting_user(session, username, "view")
        except IdentityRefused as refusal:
            raise AccessRefused(refusal.message) from None
        return Viewer(user.username, user.role, user.display_name or user.username)


def require_manager(person: Viewer) -> None:
    """Refuse anyone but a manager (the manager dashboard)."""
    if not person.is_manager:
        raise AccessRefused(
            f"The manager dashboard is for managers only; {person.username} has role {person.role}."
        )


def _current_assignment(today: dt.date):
    return (
        or_(Assignment.start_date.is_(None), Assignment.start_date <= today),
        or_(Assignment.end_date.is_(None), Assignment.end_date >= today),
    )


def homes_for(db: str | None, person: Viewer, today: dt.date | None = None, limit: int = 500) -> list[HomeChoice]:
    """The homes the person may open: an inspector's current assignments; for a manager, every home."""
    today = today or dt.date.today()
    with session_scope(db) as session:
        query = select(Home).order_by(Home.urn)
        if not person.is_manager:
            query = query.join(Assignment, Assignment.home_id == Home.id).where(
                Assignment.username == person.username, *_current_assignment(today)
            )
        homes = session.scalars(query.limit(limit)).unique().all()
        return [
            HomeChoice(h.urn, h.name or h.urn, h.home_category or h.provision_type, h.local_authority or "")
            for h in homes
        ]


def clean_urn(urn: str) -> str:
    """The URN as typed in an address, checked to look like one (letters and digits only)."""
    text = (urn or "").strip()
    if not URN_PATTERN.match(text):
        raise AccessRefused("That address does not name a home (a URN is letters and digits, e.g. SC123456).")
    return text.upper() if text[:2].lower() == "sc" else text


def may_open(db: str | None, person: Viewer, urn: str, today: dt.date | None = None) -> str:
    """The URN if the person may open that home; otherwise `AccessRefused` naming only the URN they typed.

    The refusal is the same whether the home exists or not, so nothing of an unassigned home
    (not even its existence) is disclosed.
    """
    text = clean_urn(urn)
    today = today or dt.date.today()
    refusal = AccessRefused(
        f"You ({person.username}) are not assigned to home {text}, so it cannot be opened here. "
        "Ask your manager if you need access."
    )
    with session_scope(db) as session:
        home_id = session.scalars(select(Home.id).where(Home.urn == text)).one_or_none()
        if home_id is None:
            if person.is_manager:
                raise AccessRefused(f"No home with URN {text} in the store.")
            raise refusal
        if person.is_manager:
            return text
        assigned = session.scalars(
            select(Assignment.id).where(
                Assignment.home_id == home_id, Assignment.username == person.username, *_current_assignment(today)
            )
        ).first()
        if assigned is None:
            raise refusal
    return text


def dashboard_users(db: str | None) -> list[str]:
    """The store's users who may use the dashboards (inspectors and managers): JupyterHub's allowed users."""
    with session_scope(db) as session:
        return list(session.scalars(select(User.username).where(User.role.in_(ROLES)).order_by(User.username)))
