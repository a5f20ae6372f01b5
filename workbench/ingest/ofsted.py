"""Ofsted's provider-level release: children's-home types, grade wording, latest full inspection.

Each row of the release carries the home's latest full inspection (event number, dates)
and the judgements of the framework then in force. They are recorded as a published
inspection of the home (source ``ofsted``) with the framework in force at its date and one
judgement per area as published; the grade is placed on the four-point scale by
`workbench.rules.normalise_grade` and the wording kept verbatim ("Not judged" kept without a grade).

Several releases accumulate: the same inspection reported by two releases (same event number
or same date) is one inspection; where they disagree, the newer release's value is kept and
the older fills what the newer leaves empty, so the store does not depend on the import order.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, bindparam, select

from workbench.ingest.columns import HeaderMatch, heading_key
from workbench.ingest.releases import OLDEST, Rank
from workbench.ingest.values import CellError, is_blank, preview
from workbench.ingest.writer import Writer
from workbench.store import models as m

_CHILDRENS_HOME_KEYS = {heading_key(t) for t in m.CHILDRENS_HOME_TYPES}
_EVENT_TYPES = {"full inspection": "full", "full": "full", "interim inspection": "interim",
                "interim": "interim", "monitoring inspection": "monitoring", "monitoring": "monitoring"}
INSPECTION_FIELDS = ("home_id", "reference", "inspection_type", "start_date", "publication_date",
                     "status", "source", "framework")
REGISTRATION_FIELDS = ("provision_type", "registration_status", "places", "sector", "registered_provider")
JUDGEMENT_FIELDS = ("grade", "wording", "area_heading", "release_id")


def is_childrens_home(provision_type: str) -> bool:
    """True for the children's-home types the workbench works on (any case or apostrophe)."""
    return heading_key(provision_type) in _CHILDRENS_HOME_KEYS


@functools.lru_cache(maxsize=256)
def grade_of(wording: str) -> str | None:
    """The grade of a published wording (None for "Not judged" / "N/A"); `CellError` for wording
    Ofsted never used."""
    from workbench.rules import normalise_grade

    try:
        return normalise_grade(wording)
    except ValueError:
        raise CellError("is not a grade Ofsted publishes (Outstanding, Good, Requires improvement to be "
                        "good, Requires improvement, Adequate, Satisfactory, Inadequate; Not judged or N/A "
                        "for an area not judged)") from None


class ProviderInspections:
    """Collects each provider row's latest full inspection, then writes them with their judgements."""

    def __init__(self, conn: Connection, match: HeaderMatch) -> None:
        self.conn = conn
        self.match = match
        self.rows: dict[str, tuple[dict[str, Any], dict[str, tuple[str | None, str, str]]]] = {}
        self.registrations: dict[str, tuple[Any, ...]] = {}

    def read(self, values: dict[str, Any], header: list[Any], cells: list[Any]) -> None:
        """Check one row's inspection columns; `CellError(column, value, reason)` if wrong."""
        judgements: dict[str, tuple[str | None, str, str]] = {}
        for area, index in self.match.extra.items():
            raw = cells[index] if index < len(cells) else None
            if is_blank(raw):
                continue
            wording = str(raw).strip()
            try:
                judgements[area] = (grade_of(wording), wording, str(header[index]).strip()[:200])
            except CellError as error:
                raise CellError(str(header[index]), preview(wording), str(error)) from None
        self.registrations[values["urn"]] = tuple(values.get(f) for f in REGISTRATION_FIELDS)
        date = values.get("latest_inspection_date")
        reference = values.get("latest_event_number")
        if date is None:
            if judgements or reference:
                column = self._heading(header, "latest_inspection_date")
                self.registrations.pop(values["urn"], None)
                raise CellError(column, "", "is empty, but the row gives an inspection's event number or "
                                "judgements; the inspection date is needed to record it")
            return
        kind_text = values.get("latest_inspection_type")
        inspection_type = "full"
        if kind_text:
            inspection_type = _EVENT_TYPES.get(heading_key(kind_text), "")
            if not inspection_type:
                self.registrations.pop(values["urn"], None)
                raise CellError(self._heading(header, "latest_inspection_type"), kind_text,
                                "is not an inspection type (Full inspection, Interim inspection, "
                                "Monitoring inspection)")
        published = values.get("latest_publication_date")
        if published is not None and published < date:
            self.registrations.pop(values["urn"], None)
            raise CellError(self._heading(header, "latest_publication_date"), published.strftime("%d/%m/%Y"),
                            f"is before the inspection date ({date.strftime('%d/%m/%Y')})")
        from workbench.rules import framework_at

        inspection = {"reference": reference or None, "inspection_type": inspection_type, "start_date": date,
                      "publication_date": published, "status": "published", "source": "ofsted",
                      "framework": framework_at(date)}
        self.rows[values["urn"]] = (inspection, judgements)

    def _heading(self, header: list[Any], field: str) -> str:
        index = self.match.positions.get(field)
        return str(header[index]) if index is not None else field

    def write(self, homes: dict[str, int], after_flush: Callable[[int], None], release_id: int,
              ranks: dict[int, Rank]) -> set[str]:
        """Merge the inspections and judgements into the store; returns the URNs where anything changed.

        An inspection is known by its home and date, or by its event number. Ofsted gives
        agencies' branches inspected together one event number; the store keeps an event
        number on one inspection only, so the first branch keeps it and the others go without.
        """
        from workbench.rules import framework_at

        rank = ranks[release_id]
        table = m.Inspection.__table__
        by_ref, by_date = self._existing()
        newest = self._newest_release(ranks)
        writer = Writer(self.conn, table, INSPECTION_FIELDS, INSPECTION_FIELDS, after_flush)
        changed: set[str] = set()
        claimed: set[str] = set()
        for urn in sorted(self.rows):
            inspection = self.rows[urn][0]
            values = {"home_id": homes[urn], **inspection}
            reference = values["reference"]
            found = by_date.get((values["home_id"], values["start_date"]))
            if found is None and reference in by_ref and by_ref[reference][1][0] == values["home_id"] \
                    and by_ref[reference][1][6] == "ofsted":
                found = by_ref[reference]
            if found is not None:
                old = dict(zip(INSPECTION_FIELDS, found[1], strict=True))
                first, second = (values, old) if rank >= newest.get(found[0], OLDEST) else (old, values)
                values = {f: first[f] if first[f] is not None else second[f] for f in INSPECTION_FIELDS}
                values["framework"] = framework_at(values["start_date"])
            reference = values["reference"]
            owner = by_ref.get(reference) if reference else None
            if reference and (reference in claimed or (owner is not None and (found is None or
                                                                             owner[0] != found[0]))):
                values["reference"] = None
            if values["reference"]:
                claimed.add(values["reference"])
            new = tuple(values[f] for f in INSPECTION_FIELDS)
            if found is None:
                writer.insert(new)
                changed.add(urn)
            elif found[1] != new:
                writer.update(found[0], new)
                changed.add(urn)
            self.rows[urn] = ({**inspection, "start_date": values["start_date"]}, self.rows[urn][1])
        writer.flush()
        _, by_date = self._existing()
        ids = {urn: by_date[(homes[urn], inspection["start_date"])][0]
               for urn, (inspection, _) in self.rows.items()}
        self._link(ids, release_id)
        changed |= self._write_judgements(ids, after_flush, release_id, ranks)
        return changed

    def _newest_release(self, ranks: dict[int, Rank]) -> dict[int, Rank]:
        """Per inspection, the rank of the newest release that reported it."""
        links = m.InspectionRelease.__table__
        out: dict[int, Rank] = {}
        for inspection_id, release_id in self.conn.execute(select(links.c.inspection_id, links.c.release_id)):
            out[inspection_id] = max(out.get(inspection_id, OLDEST), ranks.get(release_id, OLDEST))
        return out

    def _link(self, ids: dict[str, int], release_id: int) -> None:
        links = m.InspectionRelease.__table__
        known = set(self.conn.execute(select(links.c.inspection_id).where(links.c.release_id == release_id))
                    .scalars())
        rows = [{"inspection_id": i, "release_id": release_id} for i in sorted(set(ids.values()) - known)]
        for start in range(0, len(rows), 5_000):
            self.conn.execute(links.insert(), rows[start:start + 5_000])

    def _write_judgements(self, ids: dict[str, int], after_flush: Callable[[int], None], release_id: int,
                          ranks: dict[int, Rank]) -> set[str]:
        """Each area's judgement: the newest release reporting it wins; the older ones fill gaps."""
        rank = ranks[release_id]
        jtable = m.Judgement.__table__
        existing = {(row.inspection_id, row.area): (row.id, tuple(row[3:]))
                    for row in self.conn.execute(select(jtable.c.id, jtable.c.inspection_id, jtable.c.area,
                                                        *(jtable.c[f] for f in JUDGEMENT_FIELDS)))}
        jwriter = Writer(self.conn, jtable, ("inspection_id", "area", *JUDGEMENT_FIELDS), JUDGEMENT_FIELDS,
                         after_flush)
        changed: set[str] = set()
        for urn, (_, judgements) in self.rows.items():
            inspection_id = ids[urn]
            for area, (grade, wording, heading) in judgements.items():
                new = (grade, wording, heading, release_id)
                current = existing.get((inspection_id, area))
                if current is None:
                    jwriter.insert((inspection_id, area, *new))
                    changed.add(urn)
                elif current[1] != new and rank >= ranks.get(current[1][3], OLDEST):
                    jwriter.update(current[0], new)
                    changed.add(urn)
        jwriter.flush()
        return changed

    def write_registrations(self, homes: dict[str, int], release_id: int, as_of: Any) -> None:
        """The registration each home had in this release (status, places, sector, provider)."""
        table = m.HomeRegistration.__table__
        known = {row.home_id: row.id for row in self.conn.execute(
            select(table.c.id, table.c.home_id).where(table.c.release_id == release_id))}
        inserts, updates = [], []
        for urn, values in sorted(self.registrations.items()):
            row = {"home_id": homes[urn], "release_id": release_id, "as_of": as_of,
                   **dict(zip(REGISTRATION_FIELDS, values, strict=True))}
            if row["home_id"] in known:
                updates.append({**row, "row_id": known[row["home_id"]]})
            else:
                inserts.append(row)
        for start in range(0, len(inserts), 5_000):
            self.conn.execute(table.insert(), inserts[start:start + 5_000])
        if updates:
            fields = ("as_of", *REGISTRATION_FIELDS)
            statement = table.update().where(table.c.id == bindparam("b_row_id")).values(
                **{f: bindparam(f"b_{f}") for f in fields})
            self.conn.execute(statement, [{f"b_{k}": u[k] for k in ("row_id", *fields)} for u in updates])

    def _existing(self) -> tuple[dict[str, tuple[int, tuple[Any, ...]]],
                                 dict[tuple[int, Any], tuple[int, tuple[Any, ...]]]]:
        table = m.Inspection.__table__
        by_ref: dict[str, tuple[int, tuple[Any, ...]]] = {}
        by_date: dict[tuple[int, Any], tuple[int, tuple[Any, ...]]] = {}
        query = select(table.c.id, *(table.c[f] for f in INSPECTION_FIELDS))
        for row in self.conn.execute(query):
            entry = (row[0], tuple(row[1:]))
            if row.reference:
                by_ref[row.reference] = entry
            if row.source == "ofsted":
                by_date[(row.home_id, row.start_date)] = entry
        return by_ref, by_date
