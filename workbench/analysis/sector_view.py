"""The sector picture as escaped HTML fragments: what `notebooks/sector.ipynb` and the manager
dashboard's sector panel show (figures from `workbench.analysis.sector`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from workbench.analysis import sector
from workbench.analysis.periods import long_date
from workbench.errors import UserError
from workbench.html import Fragment, heading, join, paragraph, table, tag
from workbench.rules import GRADES, label_of
from workbench.store.db import session_scope


def parse_day(text: str | dt.date | None) -> dt.date:
    """An ISO date, or today for "" / None; `UserError` otherwise."""
    if isinstance(text, dt.date):
        return text
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise UserError(f"as_of {text!r} is not a date as YYYY-MM-DD") from None


@dataclass
class SectorView:
    """The sector picture of one store on one date, computed once."""

    data: dict[str, Any]

    @classmethod
    def open(cls, db: str | None = "", as_of: str | dt.date | None = "") -> SectorView:
        """Compute the picture of the store `db` ("" = the default store) on `as_of` ("" = today)."""
        day = parse_day(as_of)
        with session_scope(db or None) as session:
            return cls(sector.picture(session, day))

    def title(self) -> Fragment:
        """Heading and what the figures are over."""
        day = dt.date.fromisoformat(self.data["as_of"])
        return join([heading("The sector: consistency, durability and transitions", 1),
                     paragraph(f"{self.data['homes']:,} children's homes in the store, as at {long_date(day)}. "
                               "Overall judgements at published full inspections, compared across frameworks "
                               "by their place on the four-point scale ('Adequate' and 'Satisfactory' sit "
                               "where requires improvement sits, para 12).")])

    def consistency(self) -> Fragment:
        """Outstanding at each of the last N full inspections (seed 001, para 6)."""
        rows = [[f"Last {r['last']}", f"{r['homes_with_at_least']:,}", f"{r['outstanding_at_each']:,}",
                 _share(r["outstanding_at_each"], r["homes_with_at_least"])]
                for r in self.data["consistently_outstanding"]]
        return _section("Consistently outstanding", table(
            rows, ["Full inspections", "Homes with at least that many", "Outstanding at each", "Share"],
            caption="Homes outstanding at every one of their last N full inspections", row_headers=True))

    def durability(self) -> Fragment:
        """Outstanding Y years ago, and now (seed 001, para 4)."""
        rows = [[f"{r['years']} year{'s' if r['years'] > 1 else ''} before", f"{r['outstanding_then']:,}",
                 f"{r['not_outstanding_now']:,}", _share(r["not_outstanding_now"], r["outstanding_then"]),
                 f"{r['closed']:,}"] for r in self.data["durability"]]
        return _section("Durability of outstanding", table(
            rows, ["Outstanding at the latest full inspection", "Homes", "No longer outstanding now", "Share",
                   "Left the register since"],
            caption="Homes outstanding Y years before, and their latest full inspection now", row_headers=True))

    def transitions(self, by: str | None = None) -> Fragment:
        """The matrix of overall judgement from one full inspection to the next (or one per group)."""
        if by is None:
            return _section("From one full inspection to the next", _matrix(self.data["transitions"],
                                                                           "All children's homes"))
        if by not in sector.GROUPS:
            raise UserError(f"no grouping {by!r}; choose one of {', '.join(sector.GROUPS)}")
        parts = [_matrix(group["transitions"], f"{sector.GROUPS[by].capitalize()}: {group['value']}")
                 for group in self.data["transitions_by"][by]]
        return _section(f"From one full inspection to the next, by {sector.GROUPS[by]}",
                        *(parts or [paragraph("No homes.")]))

    def panel(self) -> Fragment:
        """The manager dashboard's sector panel: consistency, durability and the overall matrix."""
        return join([self.consistency(), self.durability(), self.transitions()])


def _share(part: int, whole: int) -> str:
    return "—" if not whole else f"{100 * part / whole:.0f}%"


def _matrix(counts: list[dict[str, Any]], caption: str) -> Fragment:
    lookup = {(c["from"], c["to"]): c["count"] for c in counts}
    rows = [[label_of(a), *[f"{lookup.get((a, b), 0):,}" for b in GRADES]] for a in GRADES]
    return table(rows, ["From \\ to", *[label_of(b) for b in GRADES]], caption=caption, row_headers=True)


def _section(title: str, *parts: Any) -> Fragment:
    return tag("section", join([heading(title, 2), *parts]), class_="wb-section")
