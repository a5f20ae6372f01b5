"""Save one field of an inspector's record: validated, capped, version-checked and audited.

Every widget holds the `Loaded` (version and value) it last saw. `save_field` refuses a
save when someone else has changed *that field* since (`StaleEdit`, showing their value
and who saved it); a change another person made to a different field of the same record
is kept, never overwritten. A judgement grade above the framework's cap is refused
(`CapRefused`, with the rule's paragraph). A store that is briefly unavailable raises the
database error unchanged; callers such as the widgets queue the save and retry.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workbench.errors import UserError
from workbench.judgements import caps as caps_mod
from workbench.judgements.errors import NotFound, SaveRefused, StaleEdit
from workbench.judgements.inspections import parse_date
from workbench.store import audit, lifecycle
from workbench.store.db import sessions
from workbench.store.models import (
    DescriptorAssessment,
    Inspection,
    InspectionNote,
    Judgement,
    LineOfEnquiry,
    Recommendation,
    Requirement,
)

DESCRIPTOR_STATUSES = ("met", "not_met", "not_seen")
REVIEW_STATUSES = ("met", "not_met")
LOE_STATUSES = ("draft", "accepted", "edited", "rejected", "closed")
NOTE_SECTIONS = ("focus_area", "outstanding_practice", "priority_for_improvement", "feedback",
                 "challenge", "challenge_changed")  # answers to evidence challenges (workbench.challenges)

#: Seconds a save waits for a locked store before it is queued for retry.
LOCK_WAIT_SECONDS = 1.5


@dataclass(frozen=True)
class Loaded:
    """What a widget last saw of one field: the record's version (0 = no record yet) and the value."""

    version: int
    value: Any


@dataclass(frozen=True)
class Saved:
    """The result of a save: the record's new version, the stored value and the value it replaced."""

    version: int
    value: Any
    old: Any
    changed: bool
    record_id: int


def _text(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value)
    return value if value.strip() else None


def _choice(options: tuple[str, ...], what: str, blank_ok: bool = True) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value in (None, "") and blank_ok:
            return None
        if value not in options:
            raise UserError(f"{what} {value!r} is not one of {', '.join(options)}")
        return value
    return check


def _required_text(what: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        result = _text(value)
        if result is None:
            raise UserError(f"{what} cannot be blank")
        return result.strip() if what == "regulation" else result
    return check


def _grade(value: Any) -> Any:
    from workbench.rules import GRADES

    return _choice(tuple(GRADES), "grade")(value)


def _progress(value: Any) -> Any:
    from workbench.rules import PROGRESS_GRADES

    return _choice(tuple(PROGRESS_GRADES), "progress judgement")(value)


def _date(value: Any) -> Any:
    return parse_date(value, "due date")


@dataclass(frozen=True)
class Kind:
    """How one kind of record is found, created and validated."""

    model: type
    entity: str
    fields: dict[str, Callable[[Any], Any]]
    keyed: bool  # found by (inspection, key) and created on first save; else found by id


KINDS: dict[str, Kind] = {
    "inspection": Kind(Inspection, "inspections", {
        "progress_judgement": _progress, "case_review_note": _text, "enforcement_action": _text,
        "end_date": lambda v: parse_date(v, "last day on site"),
    }, keyed=False),
    "judgement": Kind(Judgement, "judgements", {"grade": _grade, "evidence_summary": _text}, keyed=True),
    "descriptor": Kind(DescriptorAssessment, "descriptor_assessments", {
        "status": _choice(DESCRIPTOR_STATUSES, "descriptor status", blank_ok=False), "note": _text,
    }, keyed=True),
    "note": Kind(InspectionNote, "inspection_notes", {"text": _text}, keyed=True),
    "requirement": Kind(Requirement, "requirements", {
        "regulation": _required_text("regulation"), "text": _required_text("requirement text"),
        "due_date": _date, "status": _choice(REVIEW_STATUSES, "requirement status"), "status_evidence": _text,
    }, keyed=False),
    "recommendation": Kind(Recommendation, "recommendations", {
        "standard": _text, "text": _required_text("recommendation text"),
        "status": _choice(REVIEW_STATUSES, "recommendation status"), "status_evidence": _text,
    }, keyed=False),
    "line_of_enquiry": Kind(LineOfEnquiry, "lines_of_enquiry", {
        "finding": _text, "status": _choice(LOE_STATUSES, "line of enquiry status", blank_ok=False),
    }, keyed=False),
}

#: Fields set on a previous inspection's requirement/recommendation when reviewing it at this one.
REVIEW_FIELDS = ("status", "status_evidence")


@contextlib.contextmanager
def short_lock_wait(session: Session) -> Iterator[None]:
    """Make this transaction give up on a locked store after LOCK_WAIT_SECONDS (then retried)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text(f"SET LOCAL lock_timeout = '{int(LOCK_WAIT_SECONDS * 1000)}ms'"))
        yield
    elif dialect == "sqlite":
        session.execute(text(f"PRAGMA busy_timeout = {int(LOCK_WAIT_SECONDS * 1000)}"))
        try:
            yield
        finally:
            with contextlib.suppress(Exception):
                session.connection().exec_driver_sql("PRAGMA busy_timeout = 5000")
    else:  # pragma: no cover - other back ends keep their defaults
        yield


def describe(kind: str, key: Any, field: str) -> str:
    """A short human name of a field, for messages and the audit trail."""
    names = {"judgement": "the {key} {field}", "descriptor": "descriptor {key} {field}",
             "note": "the {key} note", "inspection": "the inspection's {field}",
             "requirement": "requirement {key} {field}", "recommendation": "recommendation {key} {field}",
             "line_of_enquiry": "line of enquiry {key} {field}"}
    shown_key = "/".join(str(k) for k in key) if isinstance(key, tuple) else key
    if kind == "judgement":
        from workbench.rules import load_framework

        try:
            shown_key = f"'{load_framework().area(key).short_title}'"
        except KeyError:
            pass
    return names[kind].format(key=shown_key, field=field.replace("_", " "))


def _find(session: Session, spec: Kind, inspection: Inspection, kind: str, key: Any) -> Any:
    if kind == "inspection":
        return inspection
    if kind == "judgement":
        return session.scalars(select(Judgement).where(
            Judgement.inspection_id == inspection.id, Judgement.area == key)).one_or_none()
    if kind == "descriptor":
        return session.scalars(select(DescriptorAssessment).where(
            DescriptorAssessment.inspection_id == inspection.id,
            DescriptorAssessment.descriptor_id == key)).one_or_none()
    if kind == "note":
        section, note_key = key
        return session.scalars(select(InspectionNote).where(
            InspectionNote.inspection_id == inspection.id, InspectionNote.section == section,
            InspectionNote.key == note_key)).one_or_none()
    return session.get(spec.model, int(key))


def _new_row(kind: str, inspection: Inspection, key: Any) -> Any:
    if kind == "judgement":
        from workbench.rules import AREAS

        if key not in AREAS:
            raise UserError(f"judgement area {key!r} is not one of {', '.join(AREAS)}")
        return Judgement(inspection_id=inspection.id, area=key)
    if kind == "descriptor":
        area = caps_mod.descriptor_area(key)
        return DescriptorAssessment(inspection_id=inspection.id, descriptor_id=key, area=area, status="not_seen")
    section, note_key = key
    if section not in NOTE_SECTIONS:
        raise UserError(f"note section {section!r} is not one of {', '.join(NOTE_SECTIONS)}")
    return InspectionNote(inspection_id=inspection.id, section=section, key=str(note_key))


def _check_belongs(session: Session, kind: str, row: Any, inspection: Inspection, field: str) -> None:
    """Own requirements are edited; the previous inspection's are only marked met / not met."""
    if kind in ("requirement", "recommendation"):
        if row.inspection_id == inspection.id:
            if field in REVIEW_FIELDS:
                raise UserError(f"a {kind} made at this inspection is marked met or not met at the next one")
            return
        owner = session.get(Inspection, row.inspection_id)
        if owner is None or owner.home_id != inspection.home_id or owner.start_date >= inspection.start_date:
            raise UserError(f"{kind} {row.id} is not one of this home's earlier {kind}s")
        if field not in REVIEW_FIELDS:
            raise UserError(f"an earlier inspection's {kind} can only be marked met or not met, with evidence")
    elif kind == "line_of_enquiry":
        if row.home_id != inspection.home_id or (row.inspection_id not in (None, inspection.id)):
            raise UserError(f"line of enquiry {row.id} is not one of this inspection's")


def check_open(inspection: Inspection) -> None:
    """Refuse changes to an inspection the lifecycle says may not be edited (submitted or later)."""
    reason = lifecycle.not_editable_reason(inspection)
    if reason is not None:
        raise SaveRefused(f"Not saved: {reason}.")


def save_field(
    db: str | None,
    inspection_id: int,
    kind: str,
    key: Any,
    field: str,
    value: Any,
    base: Loaded,
    user: str,
) -> Saved:
    """Save `value` into one field, refusing stale edits and capped grades; audited in the same transaction."""
    if kind not in KINDS:
        raise UserError(f"unknown record kind {kind!r}")
    spec = KINDS[kind]
    if field not in spec.fields:
        raise UserError(f"{kind} has no editable field {field!r} (editable: {', '.join(spec.fields)})")
    new = spec.fields[field](value)
    what = describe(kind, key, field)
    session = sessions(db)()
    try:
        with short_lock_wait(session):
            inspection = session.get(Inspection, int(inspection_id))
            if inspection is None:
                raise NotFound(f"no inspection {inspection_id} in the store")
            check_open(inspection)
            if (kind, field) == ("inspection", "end_date") and new is not None and new < inspection.start_date:
                raise UserError(f"the last day on site ({new:%Y-%m-%d}) cannot be before the first "
                                f"({inspection.start_date:%Y-%m-%d})")
            row = _find(session, spec, inspection, kind, key)
            created = False
            if row is None:
                if not spec.keyed:
                    raise NotFound(f"Not saved: {what} is no longer in the store (removed by someone else?)")
                row = _new_row(kind, inspection, key)
                session.add(row)
                created = True
            else:
                _check_belongs(session, kind, row, inspection, field)
            current = getattr(row, field)
            if not created and row.version != base.version and current != base.value:
                raise StaleEdit(what, current, row.updated_by, row.updated_at, new, row.version)
            if not created and current == new:
                session.rollback()
                return Saved(row.version, current, current, False, row.id)
            if kind == "judgement" and field == "grade" and new is not None:
                with session.no_autoflush:  # a new row is inserted once, with its value
                    caps_mod.check_grade(session, inspection, key, new)
            setattr(row, field, new)
            row.updated_by = user
            extra = _side_effects(session, kind, row, field, new, inspection, user)
            try:
                session.flush()
            except StaleDataError:  # someone saved this record between our read and our write
                session.rollback()
                return _refuse_after_race(db, inspection_id, kind, key, field, new, what)
            except IntegrityError:
                if not created:
                    raise
                # someone created the same record (inspection, area / key) at the same moment: the
                # same refusal as a concurrent edit, with their value and who saved it
                session.rollback()
                return _refuse_after_race(db, inspection_id, kind, key, field, new, what)
            audit.record(session, user, spec.entity, row.id, field, None if created else current, new,
                         action="create" if created else "update", inspection_id=inspection.id)
            for entity, entity_id, extra_field, old, extra_new in extra:
                audit.record(session, user, entity, entity_id, extra_field, old, extra_new,
                             inspection_id=inspection.id)
            session.commit()
            return Saved(row.version, new, None if created else current, True, row.id)
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _refuse_after_race(db: str | None, inspection_id: int, kind: str, key: Any, field: str, new: Any,
                       what: str) -> Saved:
    """Someone saved (or created the record) between our read and our write: report their value, never
    overwrite it; if they saved the very value we meant to save, that is our save."""
    session = sessions(db)()
    try:
        inspection = session.get(Inspection, int(inspection_id))
        if inspection is None:  # the inspection itself went (its records with it) since our read
            raise NotFound(f"Not saved: inspection {inspection_id} is no longer in the store (removed by someone else?)")
        row = _find(session, KINDS[kind], inspection, kind, key)
        if row is None:
            raise NotFound(f"Not saved: {what} is no longer in the store (removed by someone else?)")
        theirs = getattr(row, field)
        if theirs == new:  # they saved what we meant to save: nothing to refuse, nothing lost
            return Saved(row.version, theirs, theirs, False, row.id)
        raise StaleEdit(what, theirs, row.updated_by, row.updated_at, new, row.version)
    finally:
        session.close()


def _side_effects(session: Session, kind: str, row: Any, field: str, new: Any, inspection: Inspection,
                  user: str) -> list[tuple[str, Any, str, Any, Any]]:
    """Follow-on changes of one save (returned for the audit log)."""
    changes: list[tuple[str, Any, str, Any, Any]] = []
    if kind == "inspection" and field == "progress_judgement":
        concern = new == "inadequate_progress"  # para 48: certainly a service of concern
        if bool(row.service_of_concern) != concern:
            changes.append(("inspections", row.id, "service_of_concern", bool(row.service_of_concern), concern))
            row.service_of_concern = concern
    if kind in ("requirement", "recommendation") and field in REVIEW_FIELDS:
        reviewed = inspection.id if new else None
        if field == "status" and row.reviewed_at_inspection_id != reviewed:
            entity = KINDS[kind].entity
            changes.append((entity, row.id, "reviewed_at_inspection_id", row.reviewed_at_inspection_id, reviewed))
            row.reviewed_at_inspection_id = reviewed
    if kind == "judgement" and field == "grade":
        from workbench.rules import load_framework

        wording = load_framework().grade_label(new) if new else None
        row.wording = wording
    return changes
