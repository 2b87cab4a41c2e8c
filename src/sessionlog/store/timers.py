"""Timer state kept on each session's own row (``session_timers``), and the record of
corrections made to a session's time (``time_corrections``).

One row per session being timed: whether it runs or is paused, and its last heartbeat
(the last moment the app was known alive with it running). Heartbeats are the app's
bookkeeping, not records of care, so they are not audited; starting and clearing a timer
and every time correction are.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sessionlog.core.clock import from_utc_text, to_utc_text
from sessionlog.core.models import utc_now
from sessionlog.store.base import Repository

if TYPE_CHECKING:
    from sessionlog.core.timer import TimeCorrection, TimerRow

# The record types are imported where rows become them: every command opens the whole
# store, and the timer's rules behind them are no part of most (issue 12).


class TimerRepository(Repository):
    """Timer rows and time corrections."""

    @staticmethod
    def _timer_from(row: dict[str, Any]) -> TimerRow:
        from sessionlog.core.timer import TimerRow

        beat = row["heartbeat_utc"]
        return TimerRow(
            row["session_id"],
            row["state"] == "running",
            from_utc_text(beat) if beat else None,
            row["heartbeat_monotonic"],
        )

    def timers(self) -> list[TimerRow]:
        """Every session with a timer (running or paused), oldest first."""
        rows = self._rows(
            # The few timers lead the join: SQLite would otherwise walk every session.
            "SELECT t.* FROM session_timers AS t CROSS JOIN sessions AS s ON s.id = t.session_id "
            "ORDER BY s.first_start_utc, s.id"
        )
        return [self._timer_from(r) for r in rows]

    def timer(self, session_id: str) -> TimerRow | None:
        rows = self._rows("SELECT * FROM session_timers WHERE session_id = ?", [session_id])
        return self._timer_from(rows[0]) if rows else None

    def set_timers(self, session_ids: Sequence[str], *, running: bool) -> None:
        """Mark these sessions as timed (running or paused); keeps their heartbeats."""
        state = "running" if running else "paused"
        with self.transaction():
            for session_id in session_ids:
                self.db.execute(
                    "INSERT INTO session_timers (session_id, state) VALUES (?, ?) "
                    "ON CONFLICT(session_id) DO UPDATE SET state = excluded.state",
                    [session_id, state],
                )

    def clear_timers(self, session_ids: Sequence[str]) -> None:
        with self.transaction():
            self._execute_for_ids("DELETE FROM session_timers WHERE session_id IN", session_ids)

    def write_heartbeats(
        self, session_ids: Sequence[str], wall: datetime, monotonic: float
    ) -> None:
        """The last moment these running sessions were known timed (one small commit)."""
        with self.transaction():
            self._execute_for_ids(
                "UPDATE session_timers SET heartbeat_utc = ?, heartbeat_monotonic = ? "
                "WHERE session_id IN",
                session_ids,
                [to_utc_text(wall), monotonic],
            )

    def write_running_heartbeats(
        self, session_ids: Sequence[str], wall: datetime, monotonic: float
    ) -> int:
        """A heartbeat from the heartbeat thread: only on rows still running, and never
        older than the one stored (by the monotonic clock), so a beat taken just before a
        Pause or Stop, or overtaken by the GUI's own beat, changes nothing. Returns the rows
        written."""
        if not session_ids:
            return 0
        marks = ", ".join("?" for _ in session_ids)
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE session_timers SET heartbeat_utc = ?, heartbeat_monotonic = ? "
                f"WHERE state = 'running' AND session_id IN ({marks}) "
                "AND (heartbeat_monotonic IS NULL OR heartbeat_monotonic <= ?)",
                [to_utc_text(wall), monotonic, *session_ids, monotonic],
            )
            return int(cursor.rowcount)

    def _execute_for_ids(
        self, sql: str, session_ids: Sequence[str], leading: Sequence[Any] = ()
    ) -> None:
        if not session_ids:
            return
        marks = ", ".join("?" for _ in session_ids)
        self.db.execute(f"{sql} ({marks})", [*leading, *session_ids])

    # ---- corrections of time ----------------------------------------------------

    def add_time_correction(
        self, session_id: str, kind: str, reason: str, details: dict[str, Any] | None = None
    ) -> None:
        """Record why a session's time was corrected (inside the correction's transaction
        when there is one), and audit it."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO time_corrections (session_id, at_utc, actor, kind, reason, details) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    session_id,
                    to_utc_text(utc_now()),
                    self.actor,
                    kind,
                    reason,
                    json.dumps(details or {}, sort_keys=True, default=str),
                ],
            )
            # The reason may quote a client; the audit says what kind of correction it was.
            self.audit("correct_time", "session", session_id, {"kind": kind, **(details or {})})

    # ---- voided drafts -------------------------------------------------------------

    def void_session(self, session_id: str, reason: str) -> None:
        """Keep an unsigned session as voided (the database refuses a signed one, and any
        later change or deletion of a voided one)."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO voided_sessions (session_id, voided_at_utc, actor, reason) "
                "VALUES (?, ?, ?, ?)",
                [session_id, to_utc_text(utc_now()), self.actor, reason],
            )
            self.db.execute("DELETE FROM session_timers WHERE session_id = ?", [session_id])
            # The reason may quote a client: the audit records that it was voided.
            self.audit("void", "session", session_id, {})

    def time_corrections(self, session_id: str) -> list[TimeCorrection]:
        rows = self._rows(
            "SELECT * FROM time_corrections WHERE session_id = ? ORDER BY id", [session_id]
        )
        from sessionlog.core.timer import TimeCorrection

        return [
            TimeCorrection(
                r["session_id"],
                from_utc_text(r["at_utc"]),
                r["actor"],
                r["kind"],
                r["reason"],
                json.loads(r["details"]),
            )
            for r in rows
        ]
