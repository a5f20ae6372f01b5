"""What the privacy guard must not find in a home's report, read from the store in one place.

A report's plan (`workbench.report.documents`, for `workbench report`, the batch and the dashboards'
report button) carries the result of :func:`privacy_inputs` to :func:`workbench.report.privacy.check`,
so the guard always looks for the same things: the home's name, address lines, town and postcode, and
the reference of every child in the store (a report must not refer to a child of another home
either). The names the report publishes by design (local authority, region, provider) come too,
so that a town which is also the local authority does not stop every report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.store.models import Child, Home


@dataclass(frozen=True)
class PrivacyInputs:
    """The private facts of one home plus every child reference in the store."""

    name: str | None
    address_lines: tuple[str, ...]
    town: str | None
    postcode: str | None
    child_references: tuple[str, ...]
    home_child_references: tuple[str, ...]
    published: tuple[str, ...]

    def as_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :func:`workbench.report.privacy.check` (plain values: picklable for a batch)."""
        return {"name": self.name, "address_lines": self.address_lines, "town": self.town,
                "postcode": self.postcode, "child_references": self.child_references,
                "home_child_references": self.home_child_references, "published": self.published}


def all_child_references(session: Session) -> tuple[str, ...]:
    """Every child reference in the store, once each (a Core query: no ORM rows for 120,000 children)."""
    return tuple(sorted(set(session.connection().execute(select(Child.reference)).scalars())))


def privacy_inputs(session: Session, home: Home, every_child: tuple[str, ...] | None = None,
                   own: tuple[str, ...] | None = None) -> PrivacyInputs:
    """The guard's inputs for `home`.

    A batch passes `every_child` (from :func:`all_child_references`) and the home's own references
    `own`, read once for all homes, instead of two queries per home.
    """
    if own is None:
        own = tuple(session.scalars(select(Child.reference).where(Child.home_id == home.id)
                                    .order_by(Child.reference)))
    return PrivacyInputs(
        name=home.name,
        address_lines=tuple(a for a in (home.address1, home.address2) if a and a.strip()),
        town=home.town,
        postcode=home.postcode,
        child_references=all_child_references(session) if every_child is None else every_child,
        home_child_references=own,
        published=tuple(p for p in (home.local_authority, home.region, home.registered_provider) if p),
    )
