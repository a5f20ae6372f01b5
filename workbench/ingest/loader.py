"""Importing one file of one kind: check every row, then write the good ones in one transaction.

The flow: open the file, find its header by meaning, map columns, then read rows in
batches; each row is parsed, checked and resolved (URN -> home, reference -> inspection),
compared with the store by natural key and staged as insert, update or unchanged.
Everything happens inside one transaction: a failure part-way leaves the store as before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, select
from sqlalchemy.exc import SQLAlchemyError
from tqdm import tqdm

from workbench.ingest import ofsted, releases
from workbench.ingest.columns import HeaderMatch, match_header
from workbench.ingest.columnwise import Planned, Problems, columns_of, parse_column
from workbench.ingest.limits import LimitExceeded, Limits, from_settings
from workbench.ingest.readers import Batch, FileRefused, find_header, open_source
from workbench.ingest.result import FileResult, Rejection
from workbench.ingest.specs import KindSpec, spec_for
from workbench.ingest.users import AssignmentUsers
from workbench.ingest.values import CellError, is_blank, parse_date, preview
from workbench.ingest.writer import Writer, load_existing, to_driver
from workbench.store import models as m
from workbench.store.db import _safe, connect
from workbench.store.db import resolve_db_url as _resolve

#: Files with more rows than this get a progress bar (on a terminal).
PROGRESS_FROM = 5_000
#: Characters of a value kept in the rejected-rows table.
KEPT_CHARS = 1_000


def _after_flush(written: int) -> None:
    """Called after every batch written (a seam for tests that inject a crash)."""


def ingest_file(
    kind: str,
    path: str | Path,
    db: str | None = None,
    *,
    strict: bool = False,
    dry_run: bool = False,
    sheet: str | None = None,
    progress: bool | None = None,
    limits: Limits | None = None,
) -> FileResult:
    """Import one file of `kind` into the store; the result says what happened to every row.

    Default: good rows are written, rejected rows are kept in ``rejected_rows``.
    `strict`: any rejected row refuses the whole file. `dry_run`: nothing is written.
    `limits` (default: :func:`workbench.ingest.limits.from_settings`): a file over one is refused.
    """
    limits = limits or from_settings()
    spec = spec_for(kind)
    path = Path(path)
    result = FileResult(kind=kind, file=str(path), dry_run=dry_run, strict=strict)
    try:
        source = open_source(path, sheet, limits)
        result.unit = source.unit
        result.warnings.extend(f"{path}: {note}" for note in source.notes)
        located = find_header(source, spec.columns, spec.extra_headings)
    except (FileRefused, LimitExceeded) as error:
        result.refused = str(error)
        return result
    match = match_header(located.header, spec.columns, spec.extra_headings, spec.ignored)
    missing = [c for c in spec.required if c.field not in match.positions]
    if missing:
        expected = "; ".join(f"{c.field} (or {', '.join(repr(s) for s in c.synonyms[:4])})" if c.synonyms
                             else c.field for c in spec.required)
        found = ", ".join(repr(str(h)) for h in located.header if not is_blank(h)) or "none"
        result.refused = (f"is missing required column(s) {', '.join(c.field for c in missing)} for kind "
                          f"{kind!r} (header on {source.unit} {located.number}). Required columns: {expected}. "
                          f"Columns found: {found}")
        return result
    _warn_columns(result, spec, match, path, source.unit, located.number)

    def load(conn: Connection) -> None:
        file = _Load(conn, spec, match, located.header, result, path, progress, limits)
        file.titles, file.sheet = located.titles, sheet
        file.run(located.batches, source.size_hint)

    write_file(db, result, load, source.size_hint)
    return result


def write_file(db: str | None, result: FileResult, load: Callable[[Connection], None], rows: int = 0) -> None:
    """Run `load` in one transaction of the store at `db`, then commit it unless `result` is a dry run
    or strict with rejected rows. A refusal (a limit, the store refusing the write) goes into
    `result` with its counts zeroed: nothing of the file is written. `rows`: the file's size hint."""
    try:
        engine = connect(db)
        with engine.connect() as conn, _big_cache(conn, rows), _no_gc():
            transaction = conn.begin()
            try:
                load(conn)
                if result.dry_run or (result.strict and result.rejected):
                    transaction.rollback()
                else:
                    transaction.commit()
                    result.written = True
            except BaseException:
                transaction.rollback()
                raise
    except (FileRefused, LimitExceeded) as error:
        result.refused = str(error)
        result.rejected = []  # the refusal says it all; nothing of the file is kept
    except SQLAlchemyError as error:
        url = _safe(_resolve(db))
        result.refused = (f"the store at {url} refused the write ({error.__class__.__name__}: "
                          f"{str(error).splitlines()[0][:300]}); nothing from this file was written")
    if result.refused:
        result.read = result.inserted = result.updated = result.unchanged = 0
        result.written = False


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """No cyclic garbage collection while a file loads: it would walk millions of live rows again
    and again (the rows make no reference cycles; reference counting frees them)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _big_cache(conn: Connection, rows: int) -> Iterator[None]:
    """For a big file on SQLite, a page cache big enough that one transaction does not spill."""
    raw = conn.connection.driver_connection  # a PRAGMA outside SQLAlchemy's transaction handling
    if conn.dialect.name != "sqlite" or rows < 50_000 or raw is None:
        yield
        return
    (previous,) = raw.execute("PRAGMA cache_size").fetchone()
    raw.execute("PRAGMA cache_size = -524288")  # 512 MB, in KiB
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {int(previous)}")


def _warn_columns(result: FileResult, spec: KindSpec, match: HeaderMatch, path: Path, unit: str,
                  number: int) -> None:
    if match.unknown:
        names = ", ".join(repr(h) for h in match.unknown)
        result.warnings.append(f"{path}: column(s) not used for {spec.kind} and not imported: {names} "
                               f"(header on {unit} {number}; see docs/data-formats.md)")
    if match.ignored:
        names = ", ".join(repr(h) for h in match.ignored)
        why = ("children are stored by pseudonymous reference only, never by name or other "
               "identifying detail" if spec.kind == "children" else "known, and not stored")
        result.warnings.append(f"{path}: column(s) {names} not imported: {why}")
    if match.duplicates:
        names = ", ".join(repr(h) for h in match.duplicates)
        result.warnings.append(f"{path}: column(s) {names} repeat a column already present; "
                               "the first one is used")


class _Load:
    """One file's rows through parse, check, resolve, compare and write."""

    def __init__(self, conn: Connection, spec: KindSpec, match: HeaderMatch, header: list[Any],
                 result: FileResult, path: Path, progress: bool | None, limits: Limits) -> None:
        self.conn = conn
        self.limits = limits
        self.spec = spec
        self.match = match
        self.header = header
        self.result = result
        self.path = path
        self.file_key = str(path.resolve())
        self.progress = progress
        self.titles: list[list[Any]] = []  # rows above the header (a release's "as at" date)
        self.sheet: str | None = None
        table = spec.table
        self.plan: list[Planned] = []
        for column in spec.columns:
            index = match.positions.get(column.field)
            if index is not None:
                self.plan.append(Planned(column.field, index, str(header[index]), column.parse, column.required,
                                         column.default, column.kind.startswith("text")
                                         or column.kind == "grade wording"))
        self.width = max([p.index for p in self.plan] + list(match.extra.values()) + [0]) + 1
        self.present = [p.field for p in self.plan]
        self.probe = next(p.index for p in self.plan if p.required)
        derived = {"providers": ["is_childrens_home"], "judgements": ["wording"]}.get(spec.kind, [])
        parents = {"urn", "inspection_reference"} if spec.parent else set()
        self.key = spec.key
        self.fields = [f for f in self.present if f in table.c and f not in parents and f not in self.key]
        self.fields += derived
        self.parent_id = {"home": "home_id", "inspection": "inspection_id"}.get(spec.parent or "")
        self.defaults = {c.field: c.default for c in spec.columns
                         if c.default is not None and c.field in table.c and c.field not in self.present}
        insert = list(self.key) + [f for f in self.fields if f not in self.key]
        if self.parent_id and self.parent_id not in insert:
            insert.append(self.parent_id)
        self.insert_columns = insert + list(self.defaults)
        self.insert_defaults = tuple(self.defaults.values())
        self.statuses: list[tuple[str, tuple[Any, ...]]] = []  # providers: counted once inspections are written
        self.seen: dict[tuple[Any, ...], int] = {}
        self.accepted_keys: list[str] = []

    # ------------------------------------------------------------------ reading

    def run(self, batches: Iterator[Batch], size_hint: int = 0) -> None:
        """Read every row, write the good ones and keep the rejected ones (in the open transaction)."""
        spec, conn = self.spec, self.conn
        conn.execute(delete(m.RejectedRow.__table__).where(
            m.RejectedRow.kind == spec.kind, m.RejectedRow.file == self.file_key))
        self.pending: dict[str | None, list[int]] = {}
        for row_id, key in conn.execute(select(m.RejectedRow.id, m.RejectedRow.natural_key)
                                        .where(m.RejectedRow.kind == spec.kind)):
            self.pending.setdefault(key, []).append(row_id)
        self.homes = self._homes() if spec.parent == "home" else {}
        self.inspections = self._inspections() if spec.parent == "inspection" else {}
        self.existing = load_existing(conn, spec.table, self.key, self.fields)
        self.writer = Writer(conn, spec.table, self.insert_columns, self.fields, _after_flush)
        self.users = AssignmentUsers(conn) if spec.kind == "assignments" else None
        self.ofsted = ofsted.ProviderInspections(conn, self.match) if spec.kind == "providers" else None
        if self.ofsted is not None:
            self.release_as_of = releases.title_date(self.titles) or self._latest_date()
            self.release_rank = releases.rank_of(self.release_as_of, self.path.name)
            self.home_ranks = releases.home_ranks(conn)
        show = self.progress if self.progress is not None else sys.stderr.isatty()
        show = show and size_hint > PROGRESS_FROM
        with tqdm(total=size_hint or None, unit=" rows", disable=not show, file=sys.stderr, mininterval=0.5,
                  desc=f"{spec.kind} {self.path.name}", leave=False) as bar:
            for numbers, batch in batches:
                self._batch(numbers, batch)
                bar.update(len(batch))
        self.writer.flush()
        if self.users is not None:
            self.users.flush()
        if self.ofsted is not None:
            self._finish_providers()
        self._keep_rejected()

    def _latest_date(self) -> dt.date | None:
        """A release without an "as at" title describes the day of its latest inspection."""
        try:
            source = open_source(self.path, self.sheet)
            located = find_header(source, self.spec.columns, self.spec.extra_headings)
        except FileRefused:
            return None
        index = match_header(located.header, self.spec.columns).positions.get("latest_inspection_date")
        latest = None
        if index is None:
            return None
        for _, rows in located.batches:
            for row in rows:
                if index < len(row) and not is_blank(row[index]):
                    try:
                        day = parse_date(row[index])
                    except CellError:
                        continue
                    latest = day if latest is None or day > latest else latest
        return latest

    def _homes(self) -> dict[str, int]:
        return {urn: home_id for home_id, urn in self.conn.execute(select(m.Home.id, m.Home.urn))}

    def _inspections(self) -> dict[str, int]:
        return {ref: ins_id for ins_id, ref in self.conn.execute(select(m.Inspection.id, m.Inspection.reference))
                if ref is not None}

    def _heading(self, field: str) -> str:
        index = self.match.positions.get(field)
        return str(self.header[index]) if index is not None else field

    def _batch(self, numbers: list[int], rows: list[list[Any]]) -> None:
        """Parse and check a batch column by column, then stage its rows."""
        # Ofsted files end with empty rows: they are not rows
        numbers, rows, columns = columns_of(numbers, rows, self.probe)
        if not rows:
            return
        self.result.read += len(rows)
        if len(columns) < self.width:
            columns += [(None,) * len(rows)] * (self.width - len(columns))
        problems: Problems = {}
        values = {plan.field: parse_column(plan, columns[plan.index], problems) for plan in self.plan}
        self._check(values, problems, len(rows))
        to_driver(self.conn, self.spec.table, values)
        keys = list(zip(*(values[k] for k in self.key), strict=True))
        fields = self.fields
        existing = self.existing
        news = list(zip(*(values[f] for f in fields), strict=True)) if fields and existing else None
        per_row = self.ofsted is not None or self.users is not None
        want_natural = bool(self.pending)
        seen = self.seen
        if not (problems or per_row or want_natural) and self._fast(keys, numbers, news, values):
            return
        inserted: list[int] = []
        updated: list[tuple[int, int]] = []
        statuses: list[tuple[str, tuple[Any, ...]]] = []
        unchanged = extra_updated = 0
        for i, key in enumerate(keys):
            if problems and i in problems:
                self._reject(numbers[i], rows[i], problems[i], self._natural_key(values, i))
                continue
            if key in seen:
                natural = self._natural_key(values, i)
                self._reject(numbers[i], rows[i], [(None, natural or "", f"repeats {natural}, already on "
                                                    f"{self.result.unit} {seen[key]} of this file")], natural)
                continue
            extra_status = None
            if per_row:
                row_values = {field: column[i] for field, column in values.items()}
                try:
                    if self.ofsted is not None:
                        self.ofsted.read(row_values, self.header, rows[i])
                    if self.users is not None:
                        extra_status = self.users.stage(row_values, self.match)
                except CellError as error:
                    column, value, reason = error.args if len(error.args) == 3 else (
                        self._heading("username"), row_values.get("username", ""), str(error))
                    self._reject(numbers[i], rows[i], [(column, value, reason)], self._natural_key(values, i))
                    continue
            seen[key] = numbers[i]
            if want_natural:
                natural = self._natural_key(values, i)
                if natural is not None:
                    self.accepted_keys.append(natural)
            found = existing.get(key) if existing else None
            # an undated file (no "as at" title, no inspection dates) is taken as it is, as before releases
            other = self.home_ranks.get(key[0]) if self.ofsted is not None and self.release_as_of else None
            if found is not None and other is not None and other != self.release_rank:
                # another release gave this home's details: the newer one's values win, the older fills gaps
                news[i] = releases.merge(found[1], news[i], self.release_rank > other)  # type: ignore[index]
                for field, value in zip(fields, news[i], strict=True):  # type: ignore[index]
                    if not isinstance(values[field], list):
                        values[field] = list(values[field])
                    values[field][i] = value
            if found is None:
                inserted.append(i)
                status = "inserted"
            elif found[1] != news[i]:  # type: ignore[index]
                updated.append((found[0], i))
                status = "updated"
            elif extra_status == "updated":
                extra_updated += 1
                status = "updated"
            else:
                unchanged += 1
                status = "unchanged"
            if self.ofsted is not None:
                statuses.append((status, key))
        self._write(values, inserted, updated)
        if self.ofsted is not None:
            self.statuses += statuses
        else:
            self.result.inserted += len(inserted)
            self.result.updated += len(updated) + extra_updated
            self.result.unchanged += unchanged

    def _fast(self, keys: list[tuple[Any, ...]], numbers: list[int], news: list[tuple[Any, ...]] | None,
              values: dict[str, list[Any]]) -> bool:
        """A batch of good rows with distinct keys, compared and queued in bulk; False if not so."""
        seen = self.seen
        if len(set(keys)) != len(keys) or not seen.keys().isdisjoint(keys):
            return False
        seen.update(zip(keys, numbers, strict=True))
        if not self.existing:
            inserted = list(range(len(keys)))
            updated: list[tuple[int, int]] = []
        else:
            assert news is not None or not self.fields
            found = list(map(self.existing.get, keys))
            inserted = [i for i, hit in enumerate(found) if hit is None]
            if news is None:
                updated = []
            else:
                updated = [(hit[0], i) for i, (hit, new) in enumerate(zip(found, news, strict=True))
                           if hit is not None and hit[1] != new]
        self._write(values, inserted, updated)
        self.result.inserted += len(inserted)
        self.result.updated += len(updated)
        self.result.unchanged += len(keys) - len(inserted) - len(updated)
        return True

    def _write(self, values: dict[str, list[Any]], inserted: list[int], updated: list[tuple[int, int]]) -> None:
        """Queue the batch's inserts and updates, column by column."""
        if inserted:
            columns = self.insert_columns[:len(self.insert_columns) - len(self.defaults)]
            if len(inserted) == len(values[columns[0]]):  # every row of the batch is new
                picked = [values[name] for name in columns]
            else:
                picked = [[values[name][i] for i in inserted] for name in columns]
            if self.defaults:
                picked += [[value] * len(inserted) for value in self.insert_defaults]
            self.writer.insert_many(list(zip(*picked, strict=True)))
        if updated:
            picked = [[values[name][i] for _, i in updated] for name in self.fields]
            picked.append([row_id for row_id, _ in updated])
            self.writer.update_many(list(zip(*picked, strict=True)))

    def _check(self, values: dict[str, list[Any]], problems: Problems, count: int) -> None:
        """Checks across columns: date order, the parent in the store, derived fields."""
        for earlier, later in self.spec.date_order:
            if earlier not in values or later not in values:
                continue
            for i, (first, second) in enumerate(zip(values[earlier], values[later], strict=True)):
                if first is not None and second is not None and second < first:
                    problems.setdefault(i, []).append((
                        self._heading(later), second.strftime("%d/%m/%Y"),
                        f"is before {self._heading(earlier)} ({first.strftime('%d/%m/%Y')})"))
        if self.spec.parent == "home":
            ids = list(map(self.homes.get, values["urn"]))
            for i in ([i for i, home_id in enumerate(ids) if home_id is None] if None in ids else []):
                if values["urn"][i] is not None and i not in problems:
                    problems[i] = [(self._heading("urn"), values["urn"][i],
                                    "no home with this URN is in the store (import the providers file first)")]
            values["home_id"] = ids
        elif self.spec.parent == "inspection":
            refs = values["inspection_reference"]
            ids = [self.inspections.get(ref) for ref in refs]
            for i in [i for i, inspection_id in enumerate(ids) if inspection_id is None]:
                if refs[i] is not None and i not in problems:
                    problems[i] = [(self._heading("inspection_reference"), refs[i],
                                    "no inspection with this reference is in the store "
                                    "(import the inspections file first)")]
            values["inspection_id"] = ids
        if self.spec.kind == "providers":
            values["is_childrens_home"] = [bool(t) and ofsted.is_childrens_home(t) for t in values["provision_type"]]
        elif self.spec.kind == "judgements":
            grades, wordings = [], []
            for i, wording in enumerate(values["grade"]):
                grade = None
                if wording is not None:
                    try:
                        grade = ofsted.grade_of(wording)
                    except CellError as error:
                        problems.setdefault(i, []).append((self._heading("grade"), wording, str(error)))
                grades.append(grade)
                wordings.append(wording)
            values["grade"], values["wording"] = grades, wordings

    def _natural_key(self, values: dict[str, list[Any]], i: int) -> str | None:
        parts = []
        for field in self.key:
            field = {"home_id": "urn", "inspection_id": "inspection_reference"}.get(field, field)
            value = values.get(field, [None] * (i + 1))[i]
            if value is None:
                return None
            parts.append(str(value))
        return "/".join(parts)

    def _finish_providers(self) -> None:
        """Record each row's latest full inspection and judgements, once the homes are written."""
        assert self.ofsted is not None
        homes = self._homes()
        release_id, _ = releases.record(self.conn, "providers", self.path, self.release_as_of)
        ranks = releases.ranks(self.conn)
        self.ofsted.write_registrations(homes, release_id, self.release_as_of)
        changed = self.ofsted.write(homes, _after_flush, release_id, ranks)
        for status, key in self.statuses:
            if status == "unchanged" and key[0] in changed:
                status = "updated"
            if status == "inserted":
                self.result.inserted += 1
            elif status == "updated":
                self.result.updated += 1
            else:
                self.result.unchanged += 1

    # ------------------------------------------------------------------ rejected rows

    def _reject(self, number: int, cells: list[Any], problems: list[tuple[str | None, Any, str]],
                natural: str | None) -> None:
        if len(self.result.rejected) >= self.limits.rejected:
            file = self.result.file
            first = self.result.rejected[0].describe(file, self.result.unit).removeprefix(f"{file}, ")
            raise self.limits.refuse("rejected", f"more than {self.limits.rejected:,} rows were rejected "
                                                 f"(the first: {first})")
        column, value, _ = problems[0]
        reason = "; ".join(f"{c!r} {preview(v)!r} {r}" if c and len(problems) > 1 else r
                           for c, v, r in problems)
        original = {}
        for index, cell in enumerate(cells):
            heading = str(self.header[index]) if index < len(self.header) and not is_blank(
                self.header[index]) else f"column {index + 1}"
            if not is_blank(cell):
                original[heading] = preview(_plain(cell), KEPT_CHARS)
        self.result.rejected.append(Rejection(number, column, preview(_plain(value)), reason, natural,
                                              original))

    def _keep_rejected(self) -> None:
        cleared = [row_id for key in self.accepted_keys for row_id in self.pending.get(key, ())]
        for start in range(0, len(cleared), 500):
            self.conn.execute(delete(m.RejectedRow.__table__).where(
                m.RejectedRow.id.in_(cleared[start:start + 500])))
        if self.result.rejected and not self.result.strict:
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            rows = [{"kind": self.spec.kind, "file": self.file_key, "line": r.line, "column": r.column,
                     "value": preview(r.value, KEPT_CHARS), "reason": r.reason,
                     "natural_key": (r.natural_key or "")[:200] or None, "original_row": r.original,
                     "created_at": now} for r in self.result.rejected]
            for start in range(0, len(rows), 5_000):
                self.conn.execute(m.RejectedRow.__table__.insert(), rows[start:start + 5_000])


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)
