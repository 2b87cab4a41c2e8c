"""The one write path for note templates and quick texts, "Copy from last note", and
the warnings shown before signing (cloning guard, copied text never edited).

Saves run the core's rules (``core.templates``) against the coach's stored records and
either return the problems (nothing written) or write through the store, which audits
each write, and return the :class:`~sessionlog.core.changes.Changes` made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sessionlog.core import cloning
from sessionlog.core.changes import Changes, Entity
from sessionlog.core.cloning import CopyMark, NoteWarning
from sessionlog.core.errors import StoreError
from sessionlog.core.models import Session, new_id
from sessionlog.core.templates import (
    NoteTemplate,
    QuickText,
    quick_text_problems,
    template_problems,
)
from sessionlog.services import timing
from sessionlog.services.caseload import RecordProblem, SaveResult
from sessionlog.services.records import NoteCopying, Reader, TemplateWriter
from sessionlog.services.wording import t


def save_template(records: TemplateWriter, template: NoteTemplate) -> SaveResult:
    """Check and save one coach's template for one code (a new one gets an id)."""
    template.id = template.id or new_id()
    others = records.note_templates(template.staff_id) if template.staff_id else []
    found = template_problems(template, others)
    if found:
        return SaveResult(
            problems=[
                RecordProblem(p.field, p.message, Entity.TEMPLATE, template.id) for p in found
            ]
        )
    records.save_note_template(template)
    return SaveResult(changes=Changes.of(Entity.TEMPLATE, template.id))


def delete_template(records: TemplateWriter, template_id: str) -> Changes:
    records.delete_note_template(template_id)
    return Changes.of(Entity.TEMPLATE, template_id)


def save_quick_text(records: TemplateWriter, quick: QuickText) -> SaveResult:
    """Check and save one coach's quick text (a new one gets an id)."""
    quick.id = quick.id or new_id()
    quick.key = quick.key.strip()
    others = records.quick_texts(quick.staff_id) if quick.staff_id else []
    found = quick_text_problems(quick, others)
    if found:
        return SaveResult(
            problems=[RecordProblem(p.field, p.message, Entity.TEMPLATE, quick.id) for p in found]
        )
    records.save_quick_text(quick)
    return SaveResult(changes=Changes.of(Entity.TEMPLATE, quick.id))


def delete_quick_text(records: TemplateWriter, quick_id: str) -> Changes:
    records.delete_quick_text(quick_id)
    return Changes.of(Entity.TEMPLATE, quick_id)


def template_for(records: Reader, session: Session) -> NoteTemplate | None:
    """The template of the coach whose draft this is, for its code (None: none saved)."""
    template = records.note_template(session.staff_id, session.code)
    return None if template is None or template.is_empty() else template


# ---- copy from the last note ---------------------------------------------------------


@dataclass(frozen=True)
class CopyResult:
    """What "Copy from last note" did: the source's date, the fields it filled and
    the changes made (none when nothing was copied)."""

    source_date: str = ""
    fields: list[str] = field(default_factory=list)
    objectives: int = 0
    changes: Changes = field(default_factory=Changes)


def copy_from_last(records: NoteCopying, session_id: str) -> CopyResult:
    """Fill this draft's empty objectives, intervention and plan from the client's last
    note of the same code; the response is never copied (it is this session's own).
    Text fields filled are marked as copied until the coach edits them. Raises
    StoreError for a signed note or when there is no earlier note."""
    session = records.session(session_id)
    if session.signed:
        raise StoreError(
            t("Session {session_id}: a signed note cannot be changed", session_id=session_id)
        )
    source_id = records.last_note_id(session.client_id, session.code, session_id)
    if source_id is None:
        raise StoreError(
            t(
                "Session {session_id}: this client has no earlier {code} note to copy from",
                session_id=session_id,
                code=session.code,
            )
        )
    source = records.session(source_id)
    source_date = source.service_date()
    assert source_date is not None  # the query only finds notes with times
    updates: dict[str, object] = {}
    marks: list[CopyMark] = []
    for name in cloning.COPIED_FIELDS:
        text = str(getattr(source, name))
        if text.strip() and not str(getattr(session, name)).strip():
            updates[name] = text
            marks.append(CopyMark(name, source_id, source_date, text))
    copied_objectives = 0
    if not session.objective_ids and source.objective_ids:
        day = session.service_date() or source_date
        plan = records.active_plan(session.client_id, day)
        current = {
            o.id for g in (plan.goals if plan else []) for o in g.objectives if not o.retired
        }
        kept = [o for o in source.objective_ids if o in current]
        if kept:
            updates["objective_ids"] = kept
            copied_objectives = len(kept)
    if not updates:
        return CopyResult(source_date.isoformat())
    with records.transaction():
        filled = timing.update_note(records, session_id, **updates)
        if marks:
            records.set_note_copies(session_id, marks)
    return CopyResult(
        source_date.isoformat(), [m.field for m in marks], copied_objectives, filled.changes
    )


def copied_fields(records: Reader, session: Session) -> list[CopyMark]:
    """The copied fields of a draft that still hold exactly the copied text."""
    return cloning.unedited_copies(session, records.note_copies(session.id))


# ---- warnings before signing -----------------------------------------------------------


def note_warnings(records: Reader, session: Session) -> list[NoteWarning]:
    """What the completeness check warns about (signing stays possible): copied text
    never edited, and a response or narrative repeating one of the client's notes of the
    last ``cloning.RECENT_DAYS`` days (at most ``cloning.RECENT_LIMIT`` notes)."""
    warnings = cloning.copy_warnings(session, records.note_copies(session.id))
    day = session.service_date()
    if day is not None:
        recent = records.recent_note_texts(
            session.client_id,
            day - timedelta(days=cloning.RECENT_DAYS),
            exclude_id=session.id,
            limit=cloning.RECENT_LIMIT,
        )
        warnings.extend(cloning.cloning_warnings(session, recent))
    return warnings
