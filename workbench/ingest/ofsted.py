"""Ofsted's provider-level release: children's-home types, grade wording, latest full inspection.

Each row of the release carries the home's latest full inspection (event number, dates)
and the judgements of the framework then in force. They are recorded as a published
inspection of the home (source ``ofsted``) with one judgement per area; the grade is
normalised by `workbench.rules.normalise_grade` and the wording kept as published.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, select

from workbench.ingest.columns import HeaderMatch, heading_key
from workbench.ingest.values import CellError, is_blank, preview
from workbench.ingest.writer import Writer
from workbench.store import models as m

_CHILDRENS_HOME_KEYS = {heading_key(t) for t in m.CHILDRENS_HOME_TYPES}
_EVENT_TYPES = {"full inspection": "full", "full": "full", "interim inspection": "interim",
                "interim": "interim", "monitoring inspection": "monitoring", "monitoring": "monitoring"}
INSPECTION_FIELDS = ("home_id", "reference", "inspection_type", "start_date", "publication_date",
                     "status", "source")


def is_childrens_home(provision_type: str) -> bool:
    """True for the children's-home types the workbench works on (any case or apostrophe)."""
    return heading_key(provision_type) in _CHILDRENS_HOME_KEYS


@functools.lru_cache(maxsize=256)
def grade_of(wording: str) -> str:
    """The normalised grade of a published wording; `CellError` for wording Ofsted never used."""
    from workbench.rules import normalise_grade

    try:
        grade = normalise_grade(wording)
    except ValueError:
        raise CellError("is not a grade Ofsted publishes (Outstanding, Good, Requires improvement to be "
                        "good, Requires improvement, Adequate, Inadequate)") from None
    if grade is None:
        raise CellError("is empty")
    return grade


class ProviderInspections:
    """Collects each provider row's latest full inspection, then writes them with their judgements."""

    def __init__(self, conn: Connection, match: HeaderMatch) -> None:
        self.conn = conn
        self.match = match
        self.rows: dict[str, tuple[dict[str, Any], dict[str, tuple[str, str]]]] = {}

    def read(self, values: dict[str, Any], header: list[Any], cells: list[Any]) -> None:
        """Check one row's inspection columns; `CellError(column, value, reason)` if wrong."""
        judgements: dict[str, tuple[str, str]] = {}
        for area, index in self.match.extra.items():
            raw = cells[index] if index < len(cells) else None
            if is_blank(raw):
                continue
            wording = str(raw).strip()
            try:
                judgements[area] = (grade_of(wording), wording)
            except CellError as error:
                raise CellError(str(header[index]), preview(wording), str(error)) from None
        date = values.get("latest_inspection_date")
        reference = values.get("latest_event_number")
        if date is None:
            if judgements or reference:
                column = self._heading(header, "latest_inspection_date")
                raise CellError(column, "", "is empty, but the row gives an inspection's event number or "
                                "judgements; the inspection date is needed to record it")
            return
        kind_text = values.get("latest_inspection_type")
        inspection_type = "full"
        if kind_text:
            inspection_type = _EVENT_TYPES.get(heading_key(kind_text), "")
            if not inspection_type:
                raise CellError(self._heading(header, "latest_inspection_type"), kind_text,
                                "is not an inspection type (Full inspection, Interim inspection, "
                                "Monitoring inspection)")
        published = values.get("latest_publication_date")
        if published is not None and published < date:
            raise CellError(self._heading(header, "latest_publication_date"), published.strftime("%d/%m/%Y"),
                            f"is before the inspection date ({date.strftime('%d/%m/%Y')})")
        inspection = {"reference": reference or None, "inspection_type": inspection_type, "start_date": date,
                      "publication_date": published, "status": "published", "source": "ofsted"}
        self.rows[values["urn"]] = (inspection, judgements)

    def _heading(self, header: list[Any], field: str) -> str:
        index = self.match.positions.get(field)
        return str(header[index]) if index is not None else field

    def write(self, homes: dict[str, int], after_flush: Callable[[int], None]) -> set[str]:
        """Insert or update the inspections and judgements; returns the URNs where anything changed.

        An inspection is known by its home and date. Ofsted gives agencies' branches inspected
        together one event number; the store keeps an event number on one inspection only,
        so the first branch keeps it and the others are recorded without it.
        """
        table = m.Inspection.__table__
        by_ref, by_date = self._existing()
        writer = Writer(self.conn, table, INSPECTION_FIELDS, INSPECTION_FIELDS, after_flush)
        changed: set[str] = set()
        claimed: set[str] = set()
        for urn, (inspection, _) in self.rows.items():
            values = {"home_id": homes[urn], **inspection}
            reference = values["reference"]
            found = by_date.get((values["home_id"], values["start_date"]))
            if found is None and reference in by_ref and by_ref[reference][1][0] == values["home_id"]:
                found = by_ref[reference]
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
        writer.flush()
        _, by_date = self._existing()
        jtable = m.Judgement.__table__
        existing = {(row.inspection_id, row.area): (row.id, (row.grade, row.wording))
                    for row in self.conn.execute(select(jtable.c.id, jtable.c.inspection_id, jtable.c.area,
                                                        jtable.c.grade, jtable.c.wording))}
        jwriter = Writer(self.conn, jtable, ("inspection_id", "area", "grade", "wording"), ("grade", "wording"),
                         after_flush)
        for urn, (inspection, judgements) in self.rows.items():
            inspection_id = by_date[(homes[urn], inspection["start_date"])][0]
            for area, (grade, wording) in judgements.items():
                current = existing.get((inspection_id, area))
                if current is None:
                    jwriter.insert((inspection_id, area, grade, wording))
                    changed.add(urn)
                elif current[1] != (grade, wording):
                    jwriter.update(current[0], (grade, wording))
                    changed.add(urn)
        jwriter.flush()
        return changed

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
