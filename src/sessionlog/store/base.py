"""The base every repository stands on: one connection, its transactions, its audit log.

Each repository (caseload, plans, sessions, audit, app state) is a subclass that knows
the tables of one kind of record; they all write through :meth:`Repository.transaction`
and append to ``audit_log`` inside the write's transaction through :meth:`Repository.audit`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from sessionlog.core.clock import to_utc_text
from sessionlog.core.errors import LockedError, StoreError
from sessionlog.core.models import utc_now
from sessionlog.store.integrity import append_audit


def day_text(value: date) -> str:
    return value.isoformat()


class Repository:
    """Owns the connection: reads, transactions and the audit trail of every write."""

    def __init__(self, db: Database, actor: str = "local-user") -> None:
        self.db = db
        self.actor = actor

    @property
    def path(self) -> Path | None:
        """The database file, for work that opens a connection of its own (a worker
        thread must never share this one); None for an in-memory database."""
        for row in self._rows("PRAGMA database_list"):
            if row["name"] == "main":
                return Path(row["file"]) if row["file"] else None
        return None

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.IntegrityError as exc:
            if "locked" in str(exc) or "cannot be" in str(exc):
                raise LockedError(str(exc)) from exc
            raise StoreError(f"The change was refused by the database: {exc}") from exc
        except sqlite3.OperationalError as exc:
            raise StoreError(f"The database could not save the change: {exc}") from exc

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, list(params)))

    def _one(self, sql: str, params: Iterable[Any] = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def audit(
        self, action: str, entity: str, entity_id: str, details: dict[str, Any] | None = None
    ) -> None:
        """Append to the audit log, chained to the previous row (``store.integrity``);
        call inside the write's transaction."""
        append_audit(
            self.db,
            {
                "at_utc": to_utc_text(utc_now()),
                "actor": self.actor,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "details": json.dumps(details or {}, sort_keys=True, default=str),
            },
        )

    def _diff(self, before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
        if before is None:
            return {"created": True}
        return {k: {"from": before.get(k), "to": v} for k, v in after.items() if before.get(k) != v}

    def _save_simple(self, table: str, entity: str, row: dict[str, Any]) -> None:
        with self.transaction():
            before = self._one(f"SELECT * FROM {table} WHERE id = ?", [row["id"]])
            if before == row:
                return
            self.db.table(table).upsert(row, pk="id")
            # The audit column is text and its hash chain covers the text: a numeric key
            # (the one-row agency table) is recorded as text from the start.
            self.audit(
                "create" if before is None else "update",
                entity,
                str(row["id"]),
                self._diff(before, row),
            )
