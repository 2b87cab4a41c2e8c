"""The base every repository stands on: one connection, its transactions, its audit log.

Each repository (caseload, plans, sessions, audit, app state) is a subclass that knows
the tables of one kind of record; they all write through :meth:`Repository.transaction`
and append to ``audit_log`` inside the write's transaction through :meth:`Repository.audit`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Self

from sessionlog.core.clock import to_utc_text
from sessionlog.core.errors import BusyError, LockedError, StoreError
from sessionlog.core.models import utc_now
from sessionlog.store import encryption
from sessionlog.store.database import connect_existing, is_read_only, sqlite_reason
from sessionlog.store.integrity import append_audit_rows
from sessionlog.store.sqlite import Database, select_rows
from sessionlog.store.wording import t

# What json.dumps(details, sort_keys=True, default=str) builds at every call, built once
# (an import writes an audit row per signed note).
_DETAILS = json.JSONEncoder(sort_keys=True, default=str)

# The audit action of a row naming many records of one kind created in one write
# (details: {"ids": [...]}); its entity_id says how many.
CREATED_TOGETHER = "create-many"


def day_text(value: date) -> str:
    return value.isoformat()


def values_chunks(rows: Sequence[tuple[Any, ...]], size: int) -> Iterator[tuple[str, list[Any]]]:
    """``rows`` (tuples of one width) ``size`` at a time: each chunk as the text of a
    ``VALUES`` list of ``?`` marks ("(?, ?),(?, ?)") and its parameters in order, so a
    query joined with many keys at once stays under SQLite's cap on bound parameters."""
    for at in range(0, len(rows), size):
        chunk = rows[at : at + size]
        marks = "(" + ", ".join("?" * len(chunk[0])) + ")"
        yield ",".join(marks for _ in chunk), [v for row in chunk for v in row]


class Repository:
    """Owns the connection: reads, transactions and the audit trail of every write."""

    def __init__(self, db: Database, actor: str = "local-user") -> None:
        self.db = db
        self.actor = actor

    @property
    def path(self) -> Path | None:
        """The database file, for work that opens a connection of its own (a worker
        thread must never share this one); None for an in-memory database. Asked once:
        a connection's file never changes, and every background read asks for it."""
        if not hasattr(self, "_path"):
            self._path: Path | None = None
            # Straight from the connection: a statement other than SELECT through the
            # wrapper's query() imports sqlite-utils (Today asks at start; issue 12).
            for _seq, name, file in self.db.conn.execute("PRAGMA database_list"):
                if name == "main":
                    self._path = Path(file) if file else None
        return self._path

    @property
    def read_only(self) -> bool:
        """Opened from a file or folder that cannot be written: reading works, writes fail."""
        return is_read_only(self.db)

    def set_busy_timeout(self, milliseconds: int) -> None:
        """How long a write waits for another process's write lock before BusyError. The
        GUI's connection waits briefly (its thread must not freeze) and retries elsewhere."""
        self.db.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")

    def commit_without_fsync(self) -> None:
        """Commits on this connection survive a crash of the app (SIGKILL), not a power
        loss until the next fsync (WAL, ``synchronous = NORMAL``). For the heartbeat's own
        connection: its commit then holds the write lock for microseconds, not for an
        fsync, so it never keeps the GUI's writes waiting (the GUI waits only 100 ms)."""
        self.db.execute("PRAGMA synchronous = NORMAL")

    def reopen(self, busy_timeout_ms: int = 10_000) -> Self:
        """The same store on a new connection of its own (for a worker thread)."""
        path = self.path
        if path is None:
            raise StoreError(t("An in-memory database cannot be opened twice"))
        other = type(self)(connect_existing(path), actor=self.actor)
        other.set_busy_timeout(busy_timeout_ms)
        return other

    # Inside undivided_transaction: nested transactions are part of it, not savepoints.
    _undivided = False

    @contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """Reads inside see the records as they were at one moment, whatever other
        connections write meanwhile (a deferred transaction: it takes no write lock, so
        the window keeps saving). For a long read made of many queries, such as an
        export, whose parts must agree. Nothing may be written inside it."""
        conn = self.db.conn
        if conn.in_transaction:
            yield  # inside a transaction already: its reads are one moment
            return
        conn.execute("BEGIN")
        try:
            yield
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One write transaction. The outermost one starts with BEGIN IMMEDIATE: it takes
        the write lock before reading, so a read-then-write never fails half-way with
        "database is locked" when another connection wrote in between (a deferred
        transaction cannot wait for that; an immediate one waits up to busy_timeout)."""
        try:
            if self.db.conn.in_transaction and self._undivided:
                yield self.db
            elif self.db.conn.in_transaction:
                with self.db.atomic():  # nested: a savepoint
                    yield self.db
            else:
                with self._immediate():
                    yield self.db
        except encryption.IntegrityError as exc:
            if "locked" in str(exc) or "cannot be" in str(exc):
                raise LockedError(str(exc)) from exc
            raise StoreError(t("The change was refused by the database: {exc}", exc=exc)) from exc
        except encryption.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise BusyError(
                    t(
                        "Another program is writing to the database (for example an "
                        "import); nothing was saved yet."
                    )
                ) from exc
            raise StoreError(
                t(
                    "The change was not saved: {reason}; nothing was changed.",
                    reason=sqlite_reason(exc),
                )
            ) from exc

    @contextmanager
    def undivided_transaction(self) -> Iterator[Database]:
        """:meth:`transaction` for a bulk write that is all or nothing as a whole (an
        import): the transactions nested in it join it instead of opening savepoints, so
        an error anywhere inside rolls back all of it, never a part. Inside a savepoint
        SQLite copies every page a write changes to a sub-journal first, which doubles
        the cost of inserting thousands of rows (issue 12)."""
        if self._undivided:
            yield self.db
            return
        with self.transaction():
            self._undivided = True
            try:
                yield self.db
            finally:
                self._undivided = False

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        return select_rows(self.db, sql, params)

    def _one(self, sql: str, params: Iterable[Any] = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def audit(
        self, action: str, entity: str, entity_id: str, details: dict[str, Any] | None = None
    ) -> None:
        """Append to the audit log, chained to the previous row (``store.integrity``);
        call inside the write's transaction."""
        self._audit_many([(action, entity, entity_id, details or {})])

    def _diff(self, before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
        if before is None:
            return {"created": True}
        return {k: {"from": before.get(k), "to": v} for k, v in after.items() if before.get(k) != v}

    def _audit_many(self, entries: Iterable[tuple[str, str, str, dict[str, Any]]]) -> None:
        """Audit rows ``(action, entity, entity id, details)`` in order, in one statement:
        what :meth:`audit` appends one at a time."""
        at = to_utc_text(utc_now())  # the rows of one write are written at one moment
        append_audit_rows(
            self.db,
            [
                {
                    "at_utc": at,
                    "actor": self.actor,
                    "action": action,
                    "entity": entity,
                    "entity_id": entity_id,
                    "details": _DETAILS.encode(details),
                }
                for action, entity, entity_id, details in entries
            ],
        )

    def _audit_created_together(self, entity: str, ids: Sequence[str]) -> None:
        """One audit row for records of one kind created in one write (an import's
        thousands of plans or authorizations), naming each of them: the chain covers
        them as it covers one row per record, for a fraction of the rows to hash and
        write (issue 12). A record written alone gets a row of its own (:meth:`audit`)."""
        self.audit(CREATED_TOGETHER, entity, f"{len(ids)} records", {"ids": list(ids)})

    def _saved_one_by_one(self, table: str, records: Sequence[Any], save: Any) -> bool:
        """When any of ``records`` is stored already, save each with ``save`` (an update
        has more to compare and audit than a batch of new rows) and say so."""
        if not self._stored_ids(table, [r.id for r in records]):
            return False
        for record in records:
            save(record)
        return True

    def _stored_ids(self, table: str, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` have a row in ``table``."""
        found: set[str] = set()
        for start in range(0, len(ids), 900):
            chunk = list(ids[start : start + 900])
            marks = ",".join("?" * len(chunk))
            found.update(
                r["id"] for r in self._rows(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk)
            )
        return found

    def _upsert_many(
        self, table: str, columns: Sequence[str], values: Iterable[Sequence[Any]]
    ) -> None:
        """:meth:`_upsert` of rows given as ``values`` in the order of ``columns``, in one
        statement (tuples, not a dict per row: an import writes tens of thousands)."""
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
        conflict = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
        self.db.conn.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT(id) {conflict}",
            values,
        )

    def _upsert(self, table: str, row: dict[str, Any]) -> None:
        """Insert the row, or update the columns given of the row with its id: what
        sqlite-utils' ``upsert`` does, in one statement without its per-call look at the
        schema (an import writes thousands of plans and authorizations this way)."""
        columns = list(row)
        values = [
            json.dumps(v, default=repr) if isinstance(v, dict | list | tuple) else v
            for v in row.values()
        ]
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
        conflict = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
        self.db.execute(
            f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT(id) {conflict}",
            values,
        )

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        """Insert one row (plain SQL: sqlite-utils' ``insert`` reads the schema on every
        call, which an import of years of notes pays thousands of times)."""
        names = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" * len(row))
        self.db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(row.values()))

    def _update(self, table: str, row_id: str, row: dict[str, Any]) -> None:
        """Set the columns given on the row with ``row_id``."""
        sets = ", ".join(f'"{c}" = ?' for c in row)
        self.db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*row.values(), row_id])

    def _save_simple(self, table: str, entity: str, row: dict[str, Any]) -> None:
        with self.transaction():
            before = self._one(f"SELECT * FROM {table} WHERE id = ?", [row["id"]])
            if before == row:
                return
            self._upsert(table, row)
            # The audit column is text and its hash chain covers the text: a numeric key
            # (the one-row agency table) is recorded as text from the start.
            self.audit(
                "create" if before is None else "update",
                entity,
                str(row["id"]),
                self._diff(before, row),
            )
