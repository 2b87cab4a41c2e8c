"""The authorization draw-down the unit engine computed, kept per client and date of
service (``billing_draws``, migration m011), and for which dates it is still valid.

Derived facts: only :mod:`sessionlog.services.billing` writes them, from the engine's
own lines; the database's triggers mark them stale on every write that can change a
unit, so no other write path needs to know they exist.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from types import TracebackType

from sessionlog.store.base import Repository, day_text, values_chunks

# A kept day's part of the units report (m013): client id, date of service, the CSV rows
# of every line, of the billable lines (None: every line is) and the JSON items.
KeptReport = tuple[str, date, str, str | None, str]

# The triggers (m011) that mark the cache stale as each row is added, and how to find
# the clients of the rows a table gained after a given rowid (the trigger's own look-up).
_SESSION_CLIENT = (
    "SELECT DISTINCT s.client_id FROM {table} x JOIN sessions s ON s.id = x.session_id "
    "WHERE x.rowid > ?"
)
_ADDED_ROWS_CLIENTS = {
    "billing_stale_session_insert": (
        "sessions",
        "SELECT DISTINCT client_id FROM sessions WHERE rowid > ?",
    ),
    "billing_stale_segments_insert": ("segments", _SESSION_CLIENT.format(table="segments")),
    "billing_stale_session_objectives_insert": (
        "session_objectives",
        _SESSION_CLIENT.format(table="session_objectives"),
    ),
    "billing_stale_voided_sessions_insert": (
        "voided_sessions",
        _SESSION_CLIENT.format(table="voided_sessions"),
    ),
    "billing_stale_authorizations_insert": (
        "authorizations",
        "SELECT DISTINCT client_id FROM authorizations WHERE rowid > ?",
    ),
    "billing_stale_plans_insert": (
        "plans",
        "SELECT DISTINCT client_id FROM plans WHERE rowid > ?",
    ),
    "billing_stale_goals_insert": (
        "goals",
        "SELECT DISTINCT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id "
        "WHERE g.rowid > ?",
    ),
    "billing_stale_objectives_insert": (
        "objectives",
        "SELECT DISTINCT p.client_id FROM objectives o JOIN goals g ON g.id = o.goal_id "
        "JOIN plans p ON p.id = g.plan_id WHERE o.rowid > ?",
    ),
}


# The kept lines' triggers (m012) that new notes fire: their insert, their segments',
# objective links' and signature's inserts, and the update that signs them.
_NEW_NOTE_KEPT_TRIGGERS = (
    "billing_kept_session_insert",
    "billing_kept_segments_insert",
    "billing_kept_session_objectives_insert",
    "billing_kept_signatures_insert",
    "billing_kept_session_update",
)

# What those triggers forget for one note, its writes done: m012's expressions around a
# session (the update's, which sees its segments) with its client, the first day of its
# client's lines to forget, and the first and last days of every client's (two days are
# added either side when deleting). NULL dates forget nothing, as in the triggers.
_AROUND_NOTES = """
    SELECT s.client_id,
        coalesce(min(s.service_date, date(date(g.first), '-1 day')), s.service_date,
                 date(date(g.first), '-1 day')),
        coalesce(min(s.service_date, date(g.first)), s.service_date, date(g.first)),
        coalesce(max(s.service_date, date(g.last)), s.service_date, date(g.last))
    FROM sessions s LEFT JOIN (
        SELECT session_id, min(start_utc) AS first, max(coalesce(end_utc, start_utc)) AS last
        FROM segments WHERE session_id IN ({marks}) GROUP BY session_id
    ) g ON g.session_id = s.id
    WHERE s.id IN ({marks})"""


class NewNotesKeptLines:
    """Inside the transaction of a write that adds notes none of which was stored (an
    import's batch, ``insert_new_sessions``): m012's triggers that those notes fire are
    taken out, and when the write is done the kept lines they would have deleted are
    deleted at once, and the generation is bumped as many times as they would have
    bumped it. They were a third of an import's database time (issue 12: each runs
    several look-ups of the note and its segments, for every note, segment, objective
    link, signature and signing update).

    Exactly what the triggers do: the write deletes no kept line and adds none, so the
    lines they delete are the union of what each firing deletes; for one note that union
    is what the signing update's trigger deletes once the note's segments are written
    (each segment's window and the note's own contain its date of service, so they join
    into one), which is also what the insert's deletes for a note with no segment. The
    caller counts the firings (:meth:`fired`: the rows each statement wrote). When any of
    the triggers is missing (dropped behind the app's back) nothing is taken out: the
    triggers that remain do what they did. The triggers are put back at the end, also
    after an error (which then rolls the whole write back)."""

    def __init__(self, conn: sqlite3.Connection, session_ids: Sequence[str]) -> None:
        self.conn = conn
        self.session_ids = list(session_ids)
        self.paused: list[tuple[str, str]] = []
        self.firings = 0

    def __enter__(self) -> NewNotesKeptLines:
        marks = ",".join("?" * len(_NEW_NOTE_KEPT_TRIGGERS))
        found = self.conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
            _NEW_NOTE_KEPT_TRIGGERS,
        ).fetchall()
        if len(found) == len(_NEW_NOTE_KEPT_TRIGGERS) and self.conn.in_transaction:
            for name, _ in found:
                self.conn.execute(f'DROP TRIGGER "{name}"')
            self.paused = found
        return self

    def fired(self, times: int) -> None:
        """The paused triggers would have fired (and bumped the generation) ``times``
        more times."""
        self.firings += times

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if not self.paused:
            return
        try:
            if kind is None:
                self._forget()
        finally:
            if self.conn.in_transaction:  # else a rollback has put them back already
                for _, sql in self.paused:
                    self.conn.execute(sql)

    def _forget(self) -> None:
        conn = self.conn
        # With nothing kept (a new database, or none computed since the last change of
        # the caseload), the triggers' deletes would have found nothing to delete.
        if conn.execute("SELECT 1 FROM billing_lines_kept LIMIT 1").fetchone() is not None:
            from_day: dict[str, str] = {}
            windows: set[tuple[str, str]] = set()
            for at in range(0, len(self.session_ids), 450):  # two lists of ids bound
                chunk = self.session_ids[at : at + 450]
                marks = ",".join("?" * len(chunk))
                for client, day, first, last in conn.execute(
                    _AROUND_NOTES.format(marks=marks), chunk + chunk
                ):
                    # One client's "from this day on" is the union's earliest (text order,
                    # as SQLite compares them).
                    if client is not None and day is not None:
                        from_day[client] = min(day, from_day.get(client, day))
                    if first is not None and last is not None:
                        windows.add((first, last))
            conn.executemany(
                "DELETE FROM billing_lines_kept WHERE client_id = ? AND service_date >= ?",
                sorted(from_day.items()),
            )
            conn.executemany(
                "DELETE FROM billing_lines_kept "
                "WHERE service_date BETWEEN date(?, '-2 day') AND date(?, '+2 day')",
                sorted(windows),
            )
        if self.firings:
            conn.execute(
                "UPDATE billing_cache_generation SET generation = generation + ?",
                [self.firings],
            )


class BillingCacheRepository(Repository):
    def billing_cache_generation(self) -> int:
        """A counter every unit-changing write increments (read it before the records a
        computation uses; :meth:`save_billing_draws` stores nothing if it moved)."""
        row = self._one("SELECT generation FROM billing_cache_generation WHERE id = 1")
        return int(row["generation"]) if row else 0

    def billing_valid_before(self, client_id: str, chain_start: date, rules: str) -> date | None:
        """The first date whose cached draws are not known to be right, for the run of
        authorizations beginning ``chain_start``; None when nothing is cached."""
        row = self._one(
            "SELECT valid_before FROM billing_cache "
            "WHERE client_id = ? AND chain_start = ? AND rules = ?",
            [client_id, day_text(chain_start), rules],
        )
        return date.fromisoformat(row["valid_before"]) if row else None

    def billing_validity(self, rules: str) -> dict[tuple[str, date], date]:
        """(client id, chain start) -> valid_before of every run of authorizations whose
        draws are kept under ``rules``, in one query (the background warm-up's list of
        what is missing)."""
        rows = self.db.execute(
            "SELECT client_id, chain_start, valid_before FROM billing_cache WHERE rules = ?",
            [rules],
        ).fetchall()
        return {
            (cid, date.fromisoformat(start)): date.fromisoformat(valid)
            for cid, start, valid in rows
        }

    def billing_draws(
        self, client_id: str, start: date, before: date
    ) -> list[tuple[date, str, int]]:
        """(date of service, authorization id, units) drawn on dates in [start, before)."""
        rows = self.db.execute(
            "SELECT service_date, authorization_id, units FROM billing_draws "
            "WHERE client_id = ? AND service_date >= ? AND service_date < ? "
            "ORDER BY service_date",
            [client_id, day_text(start), day_text(before)],
        ).fetchall()
        return [(date.fromisoformat(d), auth, units) for d, auth, units in rows]

    def save_billing_draws(
        self,
        client_id: str,
        chain_start: date,
        rules: str,
        start: date,
        valid_before: date,
        draws: Iterable[tuple[date, str, int]],
        generation: int,
    ) -> bool:
        """Replace the client's draws dated in [start, valid_before) and mark the run of
        authorizations beginning ``chain_start`` valid up to ``valid_before``; nothing is
        stored (False) when a write changed units since ``generation`` was read."""
        return self.save_billing_draws_of_runs(
            rules, [(client_id, chain_start, start, valid_before, list(draws))], generation
        )

    def save_billing_draws_of_runs(
        self,
        rules: str,
        runs: Iterable[tuple[str, date, date, date, list[tuple[date, str, int]]]],
        generation: int,
    ) -> bool:
        """:meth:`save_billing_draws` for many runs of authorizations, (client id, chain
        start, start, valid before, draws) each, in one transaction: a History page's
        clients worked out for the first time commit (and sync the disk) once, not once
        per client. Nothing is stored (False) when a write changed units since
        ``generation`` was read."""
        with self.transaction():
            if self.billing_cache_generation() != generation:
                return False
            for client_id, chain_start, start, valid_before, draws in runs:
                self.db.execute(
                    "DELETE FROM billing_draws WHERE client_id = ? "
                    "AND service_date >= ? AND service_date < ?",
                    [client_id, day_text(start), day_text(valid_before)],
                )
                self.db.conn.executemany(
                    "INSERT INTO billing_draws "
                    "(client_id, service_date, authorization_id, units) VALUES (?, ?, ?, ?)",
                    [(client_id, day_text(d), auth, units) for d, auth, units in draws],
                )
                self.db.execute(
                    "INSERT INTO billing_cache (client_id, chain_start, valid_before, rules) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (client_id, chain_start) DO UPDATE SET "
                    "valid_before = excluded.valid_before, rules = excluded.rules",
                    [client_id, day_text(chain_start), day_text(valid_before), rules],
                )
        return True

    # ---- kept billing lines (m012) ------------------------------------------------

    def billed_days(
        self, start: date, end: date, client_id: str | None = None
    ) -> list[tuple[str, date]]:
        """(client id, date of service) of every session (not voided) dated in
        [start, end]: the days whose lines a report of the period shows."""
        sql = (
            "SELECT DISTINCT client_id, service_date FROM sessions "
            "WHERE service_date BETWEEN ? AND ? "
            "AND id NOT IN (SELECT session_id FROM voided_sessions)"
        )
        params = [day_text(start), day_text(end)]
        if client_id is not None:
            sql += " AND client_id = ?"
            params.append(client_id)
        rows = self.db.execute(sql, params).fetchall()
        return [(cid, date.fromisoformat(day)) for cid, day in rows]

    def kept_lines(
        self, start: date, end: date, stamp: str, client_id: str | None = None
    ) -> dict[tuple[str, date], str]:
        """The kept lines (JSON) of each (client, date of service) in [start, end] kept
        under ``stamp``; a day not kept, or kept under another stamp, is absent."""
        sql = (
            "SELECT client_id, service_date, lines FROM billing_lines_kept "
            "WHERE service_date BETWEEN ? AND ? AND stamp = ?"
        )
        params = [day_text(start), day_text(end), stamp]
        if client_id is not None:
            sql += " AND client_id = ?"
            params.append(client_id)
        rows = self.db.execute(sql, params).fetchall()
        return {(cid, date.fromisoformat(day)): lines for cid, day, lines in rows}

    def kept_lines_of_days(
        self, client_days: Iterable[tuple[str, date]], stamp: str
    ) -> dict[tuple[str, date], str]:
        """:meth:`kept_lines` of just these (client, date of service) pairs (a History
        page's, however many years they span), by the table's key, 400 pairs a query."""
        pairs = sorted({(client_id, day_text(day)) for client_id, day in client_days})
        found: dict[tuple[str, date], str] = {}
        for values, params in values_chunks(pairs, 400):
            rows = self.db.execute(
                f"SELECT k.client_id, k.service_date, k.lines FROM (VALUES {values}) w "
                "JOIN billing_lines_kept k "
                "ON k.client_id = w.column1 AND k.service_date = w.column2 WHERE k.stamp = ?",
                [*params, stamp],
            ).fetchall()
            found.update(((cid, date.fromisoformat(day)), lines) for cid, day, lines in rows)
        return found

    def save_kept_lines(
        self,
        stamp: str,
        days: Iterable[tuple[str, date, str]],
        generation: int,
        reports: Iterable[KeptReport] = (),
    ) -> bool:
        """Keep each (client, date of service, lines as JSON), and the report texts of
        days given in ``reports`` (m013), under ``stamp``; nothing is stored (False)
        when a write changed units since ``generation`` was read."""
        with self.transaction():
            if self.billing_cache_generation() != generation:
                return False
            # The lines first: replacing a day's lines forgets its texts (m013's trigger).
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO billing_lines_kept "
                "(client_id, service_date, stamp, lines) VALUES (?, ?, ?, ?)",
                [(cid, day_text(day), stamp, lines) for cid, day, lines in days],
            )
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO billing_report_kept (client_id, service_date, stamp, "
                "claim_csv, billable_csv, report_json) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (cid, day_text(day), stamp, claim, billable, items)
                    for cid, day, claim, billable, items in reports
                ],
            )
        return True

    def first_starts(self, session_ids: Iterable[str]) -> dict[str, str]:
        """Each session's first start (fixed-width UTC text, which sorts as time does)."""
        ids = sorted(set(session_ids))
        found: dict[str, str] = {}
        for at in range(0, len(ids), 500):
            chunk = ids[at : at + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                self.db.execute(
                    f"SELECT id, first_start_utc FROM sessions WHERE id IN ({marks})", chunk
                ).fetchall()
            )
        return found

    def sessions_past_their_next_day(self, session_ids: Iterable[str]) -> set[str]:
        """Those of these sessions with a segment ending after the day after their date of
        service (a timer paused and resumed days later), whose lines m012's triggers do
        not follow: a write near that segment forgets the days around its own times, not
        the session's date of service."""
        ids = sorted(set(session_ids))
        found: set[str] = set()
        for at in range(0, len(ids), 500):
            chunk = ids[at : at + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                sid
                for (sid,) in self.db.execute(
                    f"SELECT DISTINCT s.id FROM sessions s JOIN segments g ON g.session_id = s.id "
                    f"WHERE s.id IN ({marks}) AND date(coalesce(g.end_utc, g.start_utc)) > "
                    "date(s.service_date, '+1 day')",
                    chunk,
                ).fetchall()
            )
        return found

    @contextmanager
    def billing_stale_once(self) -> Iterator[None]:
        """For a write that adds thousands of rows (an import), inside its transaction:
        the triggers that mark the cache stale as each row is added are taken out, and
        at the end the cached draw-down of every client the added rows belong to is
        forgotten at once, before the triggers are put back: what they would have done
        row by row, or more (forgetting covers any lowered validity): the triggers were a
        fifth to a half of an import's database work (issue 12). The triggers on updates
        and deletes stay. Added rows are those past each table's last rowid at the start
        (rows keep their rowids; an import deletes nothing). The triggers' removal is part
        of the transaction: a rollback or a crash leaves them as they were; outside a
        transaction it would not be, so it is refused there."""
        conn = self.db.conn
        if not conn.in_transaction:
            raise RuntimeError("billing_stale_once runs inside the write's transaction")
        paused = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({})".format(
                ",".join("?" * len(_ADDED_ROWS_CLIENTS))
            ),
            list(_ADDED_ROWS_CLIENTS),
        ).fetchall()
        last_rowids = {}
        for name, _ in paused:
            table, _ = _ADDED_ROWS_CLIENTS[name]
            last_rowids[name] = conn.execute(
                f"SELECT coalesce(max(rowid), 0) FROM {table}"
            ).fetchone()[0]
            conn.execute(f'DROP TRIGGER "{name}"')
        try:
            yield
        finally:
            if conn.in_transaction:  # else a rollback has put everything back already
                self._forget_clients_of_added_rows(last_rowids)
                for _, sql in paused:
                    conn.execute(sql)

    def _forget_clients_of_added_rows(self, last_rowids: dict[str, int]) -> None:
        conn = self.db.conn
        clients: set[str] = set()
        for name, last in last_rowids.items():
            _, sql = _ADDED_ROWS_CLIENTS[name]
            clients.update(row[0] for row in conn.execute(sql, [last]) if row[0] is not None)
        if not clients:
            return
        ids = [(client,) for client in sorted(clients)]
        conn.executemany("DELETE FROM billing_cache WHERE client_id = ?", ids)
        conn.executemany("DELETE FROM billing_draws WHERE client_id = ?", ids)
        conn.execute("UPDATE billing_cache_generation SET generation = generation + 1")
