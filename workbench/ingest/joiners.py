"""Ofsted's *Leavers and joiners* release: dated registration events of each setting.

Each row gives a setting's first effective dates of becoming active, resigned, closed or
cancelled, its joiner / leaver status, its registration status at both ends of the year and a
reason. Each date is recorded as a `RegistrationEvent`; a setting not yet in the store is added
(with the details the row gives). Columns are mapped by meaning: the release names its status
columns by date ("Registration status (as at 1 April 2022)"), read as the year's start and end.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from workbench.ingest import releases
from workbench.ingest.columns import Column, heading_key, match_header
from workbench.ingest.loader import write_file
from workbench.ingest.ofsted import is_childrens_home
from workbench.ingest.readers import FileRefused, find_header, open_source
from workbench.ingest.result import FileResult, Rejection
from workbench.ingest.specs import URN, code, date, text, yes_no
from workbench.ingest.values import CellError, is_blank, parse_float, preview
from workbench.store import models as m
from workbench.store.registration import EVENTS

KIND = "joiners-leavers"

COLUMNS: tuple[Column, ...] = (
    URN,
    code(m.Home, "provision_type", "provision type", "Provision type", "Provider type", required=True),
    text(m.Home, "name", "setting name (REDACTED stays REDACTED)", "Name", "Setting name", "Provider name"),
    code(m.Home, "region", "Ofsted region", "Ofsted region", "Region"),
    code(m.Home, "government_office_region", "government office region", "Government Office Region", "GOR"),
    code(m.Home, "local_authority", "local authority", "Local authority", "LA"),
    code(m.Home, "constituency", "parliamentary constituency", "Parliamentary constituency"),
    code(m.Home, "sector", "sector", "Sector", "Provider sector"),
    Column("places", "number (decimals allowed)", "places", parse_float, False,
           ("Places", "Max/Estimated Places", "Registered places")),
    yes_no("short_break_only", "short-break-only children's home", "Short-break-only children's home",
           "Short breaks only", true_words=("Short-break-only children's home",)),
    date("active", "the date the setting became active",
         "First effective date (that the provider became active)", "Date became active", "Active date",
         "Registration date", "Joined"),
    date("resigned", "the date the setting resigned its registration",
         "First effective date (that the provider became resigned)", "Date resigned", "Resigned date"),
    date("closed", "the date the setting closed", "First effective date (that the provider closed)",
         "Date closed", "Closed date", "Closure date"),
    date("cancelled", "the date the registration was cancelled",
         "First effective date (that the provider became cancelled)", "Date cancelled", "Cancelled date"),
    code(m.RegistrationEvent, "joiner_status", "Joiner if the setting joined the register in the year",
         "Joiner status", "Joiner"),
    code(m.RegistrationEvent, "leaver_status", "Leaver if the setting left the register in the year",
         "Leaver status", "Leaver"),
    code(m.RegistrationEvent, "status_before", "registration status at the start of the year",
         "Registration status at start", "Previous registration status"),
    code(m.RegistrationEvent, "status_after", "registration status at the end of the year",
         "Registration status at end", "Registration status", "Current registration status"),
    text(m.RegistrationEvent, "reason", "why the setting joined or left", "Reason", "Reason for change"),
)
IGNORED = ("Web link", "Inspectorate")
HOME_FIELDS = ("provision_type", "name", "region", "government_office_region", "local_authority",
               "constituency", "sector", "places", "short_break_only")
EVENT_FIELDS = ("joiner_status", "leaver_status", "status_before", "status_after", "reason")

_DATED = re.compile(r"^(registration status|inspectorate) as at (\d{1,2}) ([a-z]+) (\d{4})$")


def dated_headings(header: list[Any]) -> list[Any]:
    """Headings named by a date, read by meaning: the earlier registration status is the year's
    start, the later its end; "Inspectorate (as at ...)" is known and not stored."""
    found: list[tuple[dt.date, int]] = []
    out = list(header)
    for index, heading in enumerate(header):
        match = _DATED.match(heading_key(heading))
        if not match:
            continue
        if match.group(1) == "inspectorate":
            out[index] = "Inspectorate"
            continue
        when = releases.title_date([[f"at {match.group(2)} {match.group(3)} {match.group(4)}"]])
        if when is not None:
            found.append((when, index))
    found.sort()
    if len(found) == 2:
        out[found[0][1]] = "Registration status at start"
        out[found[1][1]] = "Registration status at end"
    elif len(found) == 1:
        out[found[0][1]] = "Registration status at end"
    return out


def ingest_joiners(path: str | Path, db: str | None = None, *, strict: bool = False,
                   dry_run: bool = False, sheet: str | None = None) -> FileResult:
    """Import one Leavers and joiners file; the result says what happened to every row."""
    path = Path(path)
    result = FileResult(kind=KIND, file=str(path), dry_run=dry_run, strict=strict)
    try:
        source = open_source(path, sheet)
        result.unit = source.unit
        result.warnings.extend(f"{path}: {note}" for note in source.notes)
        located = find_header(source, COLUMNS)
    except FileRefused as error:
        result.refused = str(error)
        return result
    header = dated_headings(located.header)
    match = match_header(header, COLUMNS, None, IGNORED)
    missing = [c.field for c in COLUMNS if c.required and c.field not in match.positions]
    if missing:
        result.refused = (f"is missing required column(s) {', '.join(missing)} for kind {KIND!r} "
                          f"(header on {source.unit} {located.number})")
        return result
    if not any(event in match.positions for event in EVENTS):
        result.refused = ("names none of the dated columns of a Leavers and joiners release (became active, "
                          "resigned, closed, cancelled)")
        return result
    if match.unknown:
        result.warnings.append(f"{path}: column(s) not used for {KIND} and not imported: "
                               + ", ".join(repr(h) for h in match.unknown))
    rows = _read(located.batches, match.positions, located.header, result)
    as_of = releases.title_date(located.titles) or max(
        (row[e] for row in rows.values() for e in EVENTS if row.get(e)), default=None)

    def load(conn: Connection) -> None:
        _write(conn, path, rows, as_of, result)
        _keep_rejected(conn, path, result)

    write_file(db, result, load)
    return result


def _read(batches: Any, positions: dict[str, int], header: list[Any], result: FileResult) -> dict[str, dict[str, Any]]:
    """Every row parsed by its columns; a row with a wrong cell is rejected naming line, column, value."""
    rows: dict[str, dict[str, Any]] = {}
    seen: dict[str, int] = {}
    for numbers, batch in batches:
        for number, cells in zip(numbers, batch, strict=True):
            if all(is_blank(c) for c in cells):
                continue
            result.read += 1
            values: dict[str, Any] = {}
            problem = None
            for column in COLUMNS:
                index = positions.get(column.field)
                raw = cells[index] if index is not None and index < len(cells) else None
                if is_blank(raw):
                    if column.required:
                        problem = (str(header[index]) if index is not None else column.field, "", "is empty")
                        break
                    values[column.field] = column.default
                    continue
                try:
                    values[column.field] = column.parse(raw)
                except CellError as error:
                    problem = (str(header[index]) if index is not None else column.field, preview(raw), str(error))
                    break
            urn = str(values.get("urn") or "")
            if problem is None and urn in seen:
                problem = (str(header[positions["urn"]]), urn, f"repeats URN {urn}, already on "
                           f"{result.unit} {seen[urn]} of this file")
            if problem is not None:
                result.rejected.append(Rejection(number, problem[0], problem[1], problem[2], urn or None))
                continue
            seen[urn] = number
            rows[urn] = values
    return rows


def _keep_rejected(conn: Any, path: Path, result: FileResult) -> None:
    """This file's rejected rows replace those of its last import (`workbench ingest rejected`)."""
    key = str(path.resolve())
    conn.execute(delete(m.RejectedRow).where(m.RejectedRow.kind == KIND, m.RejectedRow.file == key))
    if result.rejected and not result.strict:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        conn.execute(insert(m.RejectedRow), [{"kind": KIND, "file": key, "line": r.line, "column": r.column,
                                       "value": r.value, "reason": r.reason, "natural_key": r.natural_key,
                                       "created_at": now} for r in result.rejected])


def _write(conn: Any, path: Path, rows: dict[str, dict[str, Any]], as_of: dt.date | None,
           result: FileResult) -> None:
    """Homes added or merged (the newer release's details win), events inserted or updated."""
    release_id, rank = releases.record(conn, KIND, path, as_of)
    ranks = releases.ranks(conn)
    home_ranks = releases.home_ranks(conn)
    homes = m.Home.__table__
    fields = (*HOME_FIELDS, "registration_status", "registration_date")
    existing = {row.urn: row for row in conn.execute(select(homes.c.id, homes.c.urn, *(homes.c[f] for f in fields)))}
    events = m.RegistrationEvent.__table__
    known = {(row.home_id, row.event, row.event_date): row for row in conn.execute(select(events))}
    for urn, row in sorted(rows.items()):
        details = {f: row.get(f) for f in HOME_FIELDS}
        details["registration_status"] = row.get("status_after")
        details["registration_date"] = row.get("active")
        found = existing.get(urn)
        if found is None:
            home_id = conn.execute(insert(m.Home).values(
                urn=urn, is_childrens_home=is_childrens_home(row["provision_type"]), **details)).inserted_primary_key[0]
            result.inserted += 1
        else:
            home_id = found.id
            old = tuple(found[2:])
            new = releases.merge(old, tuple(details[f] for f in fields), rank > home_ranks.get(urn, releases.OLDEST))
            changed = new != old
            if changed:
                values = dict(zip(fields, new, strict=True))
                values["is_childrens_home"] = is_childrens_home(values["provision_type"])
                conn.execute(update(m.Home).where(m.Home.id == home_id).values(**values))
        event_changed = False
        for event in EVENTS:
            when = row.get(event)
            if when is None:
                continue
            values = {f: row.get(f) for f in EVENT_FIELDS}
            current = known.get((home_id, event, when))
            if current is None:
                conn.execute(insert(m.RegistrationEvent).values(home_id=home_id, event=event, event_date=when,
                                                    release_id=release_id, **values))
                event_changed = True
            elif rank >= ranks.get(current.release_id, releases.OLDEST) and (
                    tuple(current._mapping[f] for f in EVENT_FIELDS) + (current.release_id,)
                    != tuple(values[f] for f in EVENT_FIELDS) + (release_id,)):
                conn.execute(update(m.RegistrationEvent).where(m.RegistrationEvent.id == current.id).values(release_id=release_id,
                                                                                     **values))
                event_changed = True
        if found is not None:
            if changed or event_changed:
                result.updated += 1
            else:
                result.unchanged += 1

