"""A coach's note templates and quick texts, the "copied from" marks of drafts, and the
narrow reads the cloning guard and "Copy from last note" need.

Template and quick-text writes are audited like any record (``Repository._save_simple``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sessionlog.core.errors import LockedError
from sessionlog.store.base import Repository, day_text
from sessionlog.store.wording import t

if TYPE_CHECKING:
    from sessionlog.core.cloning import CopyMark, PriorNote
    from sessionlog.core.templates import NoteTemplate, QuickText

# The record types are imported where rows become them: every command opens the whole
# store, and these (with the template rules behind them) are no part of most (issue 12).


class TemplateRepository(Repository):
    # ---- templates ---------------------------------------------------------------

    @staticmethod
    def _template_from(row: dict[str, Any]) -> NoteTemplate:
        from sessionlog.core.templates import NoteTemplate

        return NoteTemplate(
            row["id"],
            row["staff_id"],
            row["code"],
            row["intervention"],
            row["response"],
            row["plan"],
        )

    def note_templates(self, staff_id: str) -> list[NoteTemplate]:
        rows = self._rows(
            "SELECT * FROM note_templates WHERE staff_id = ? ORDER BY code", [staff_id]
        )
        return [self._template_from(r) for r in rows]

    def note_template(self, staff_id: str, code: str) -> NoteTemplate | None:
        row = self._one(
            "SELECT * FROM note_templates WHERE staff_id = ? AND code = ?", [staff_id, code]
        )
        return self._template_from(row) if row else None

    def save_note_template(self, template: NoteTemplate) -> None:
        self._save_simple(
            "note_templates",
            "note_template",
            {
                "id": template.id,
                "staff_id": template.staff_id,
                "code": template.code,
                "intervention": template.intervention,
                "response": template.response,
                "plan": template.plan,
            },
        )

    def delete_note_template(self, template_id: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM note_templates WHERE id = ?", [template_id])
            self.audit("delete", "note_template", template_id)

    # ---- quick texts -------------------------------------------------------------

    def quick_texts(self, staff_id: str) -> list[QuickText]:
        rows = self._rows("SELECT * FROM quick_texts WHERE staff_id = ? ORDER BY key", [staff_id])
        from sessionlog.core.templates import QuickText

        return [QuickText(r["id"], r["staff_id"], r["key"], r["phrase"]) for r in rows]

    def save_quick_text(self, quick: QuickText) -> None:
        self._save_simple(
            "quick_texts",
            "quick_text",
            {"id": quick.id, "staff_id": quick.staff_id, "key": quick.key, "phrase": quick.phrase},
        )

    def delete_quick_text(self, quick_id: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM quick_texts WHERE id = ?", [quick_id])
            self.audit("delete", "quick_text", quick_id)

    # ---- copied-from marks -------------------------------------------------------

    def note_copies(self, session_id: str) -> list[CopyMark]:
        rows = self._rows(
            "SELECT * FROM note_copies WHERE session_id = ? ORDER BY field", [session_id]
        )
        from sessionlog.core.cloning import CopyMark

        return [
            CopyMark(
                r["field"], r["source_session_id"], date.fromisoformat(r["source_date"]), r["text"]
            )
            for r in rows
        ]

    def set_note_copies(self, session_id: str, marks: Sequence[CopyMark]) -> None:
        """Record which fields of a draft were copied (replacing that field's old mark)."""
        with self.transaction():
            row = self._one("SELECT signed FROM sessions WHERE id = ?", [session_id])
            if row is not None and row["signed"]:
                raise LockedError(
                    t("Session {session_id} is signed and locked", session_id=session_id)
                )
            for mark in marks:
                self.db.execute(
                    "INSERT INTO note_copies (session_id, field, source_session_id, "
                    "source_date, text) VALUES (?, ?, ?, ?, ?) ON CONFLICT(session_id, field) "
                    "DO UPDATE SET source_session_id = excluded.source_session_id, "
                    "source_date = excluded.source_date, text = excluded.text",
                    [
                        session_id,
                        mark.field,
                        mark.source_session_id,
                        day_text(mark.source_date),
                        mark.text,
                    ],
                )
            self.audit(
                "copy_forward",
                "session",
                session_id,
                {m.field: {"from": m.source_session_id} for m in marks},
            )

    # ---- narrow reads over notes ---------------------------------------------------

    def recent_note_texts(
        self, client_id: str, since: date, *, exclude_id: str, limit: int
    ) -> list[PriorNote]:
        """The text of the client's notes dated ``since`` or later, newest first, at most
        ``limit`` (discarded drafts left out): what the cloning guard compares."""
        rows = self._rows(
            "SELECT id, service_date, intervention, response, plan FROM sessions "
            "WHERE client_id = ? AND service_date >= ? AND id != ? "
            "AND id NOT IN (SELECT session_id FROM voided_sessions) "
            "ORDER BY service_date DESC, first_start_utc DESC LIMIT ?",
            [client_id, day_text(since), exclude_id, limit],
        )
        from sessionlog.core.cloning import PriorNote

        return [
            PriorNote(
                r["id"],
                date.fromisoformat(r["service_date"]),
                r["intervention"],
                r["response"],
                r["plan"],
            )
            for r in rows
        ]

    def last_note_id(self, client_id: str, code: str, before_session_id: str) -> str | None:
        """The client's latest note of ``code`` that started before this session (any
        other, for a session with no times yet), with some text, not discarded."""
        row = self._one(
            "SELECT s.id FROM sessions s WHERE s.client_id = ? AND s.code = ? AND s.id != ? "
            "AND s.id NOT IN (SELECT session_id FROM voided_sessions) "
            "AND (s.intervention != '' OR s.plan != '') AND s.first_start_utc IS NOT NULL "
            "AND s.first_start_utc < COALESCE("
            "(SELECT first_start_utc FROM sessions WHERE id = ?), '9999') "
            "ORDER BY s.first_start_utc DESC, s.id DESC LIMIT 1",
            [client_id, code, before_session_id, before_session_id],
        )
        return row["id"] if row else None
