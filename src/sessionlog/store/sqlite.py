"""The connection wrapper every repository speaks through: sqlite-utils' ``Database``,
loaded only when something needs more than running statements.

The store uses four things of sqlite-utils' ``Database``: ``execute``, ``query``,
``atomic`` and ``conn``. Importing sqlite-utils (with click, pluggy and dateutil behind
it) costs several bare Python starts, which a command such as ``sessionlog units`` must
not pay (issue 12: within 3x a Python start plus its SQL). This class does those four as
sqlite-utils 4 does them, and hands anything else (a table, a transform, a migration) to
a real ``sqlite_utils.Database`` over the same connection, imported at that moment.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import count
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

Parameters = Sequence[Any] | dict[str, Any] | None

# Statements that control the transaction: execute() never commits after one of them.
_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
_savepoints = count(1)


def first_keyword(sql: str) -> str:
    """The statement's first keyword, uppercased, past whitespace, comments, empty
    statements and a byte-order mark (what sqlite-utils 4 reads it as)."""
    i, n = 0, len(sql)
    while i < n:
        if sql[i].isspace() or sql[i] in (";", "\ufeff"):
            i += 1
        elif sql.startswith("--", i):
            newline = sql.find("\n", i)
            if newline == -1:
                return ""
            i = newline + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            if end == -1:
                return ""
            i = end + 2
        else:
            break
    j = i
    while j < n and (sql[j].isalpha() or sql[j] == "_"):
        j += 1
    return sql[i:j].upper()


def dedupe_keys(keys: Iterable[str]) -> list[str]:
    """Column names made unique as sqlite-utils' query() makes them: a later duplicate
    gets ``_2``, ``_3``… (skipping a suffix another column already has)."""
    keys = list(keys)
    taken = set(keys)
    if len(taken) == len(keys):
        return keys
    seen: set[str] = set()
    result = []
    for key in keys:
        if key in seen:
            new_key, suffix = key, 2
            while new_key in seen or new_key in taken:
                new_key = f"{key}_{suffix}"
                suffix += 1
            key = new_key
        seen.add(key)
        result.append(key)
    return result


class Database:
    """One SQLite connection, with sqlite-utils 4's ``execute``, ``query`` (for a
    SELECT), ``atomic``, ``rollback`` and ``close``; every other attribute is that of a
    ``sqlite_utils.Database`` over the same connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._full: sqlite_utils.Database | None = None
        self.closed = False  # a late answer (a background save's) must not read it then
        # sqlite-utils' Database turns recursive triggers on; the schema's triggers are
        # written for that.
        self.execute("PRAGMA recursive_triggers=on;")

    def full(self) -> sqlite_utils.Database:
        """sqlite-utils' own Database over this connection (imported now)."""
        if self._full is None:
            from sqlite_utils import Database as Full

            # No plugins: SessionLog has none, and looking for them scans every installed
            # package's entry points.
            self._full = Full(self.conn, recursive_triggers=False, execute_plugins=False)
        return self._full

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("conn", "_full"):
            raise AttributeError(name)
        return getattr(self.full(), name)

    def __getitem__(self, table: str) -> Any:
        return self.full()[table]

    def execute(self, sql: str, parameters: Parameters = None) -> sqlite3.Cursor:
        """Run one statement; a write outside a transaction is committed at once (the
        driver would otherwise leave its implicit transaction open)."""
        was_in_transaction = self.conn.in_transaction
        try:
            if parameters is not None:
                cursor = self.conn.execute(sql, parameters)
            else:
                cursor = self.conn.execute(sql)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if (
            not was_in_transaction
            and self.conn.in_transaction
            and cursor.description is None
            and first_keyword(sql) not in _TRANSACTION_CONTROL
        ):
            self.conn.execute("COMMIT")
        return cursor

    def query(self, sql: str, params: Parameters = None) -> Iterator[dict[str, Any]]:
        """Rows as dictionaries. A SELECT reads straight from the connection; any other
        statement goes through sqlite-utils' query() (its savepoint undoes a write that
        returns no rows)."""
        if first_keyword(sql) != "SELECT":
            return self.full().query(sql, params)
        return iter(select_rows(self, sql, params or ()))

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction; nested, a savepoint (as sqlite-utils' atomic())."""
        if self.conn.in_transaction:
            savepoint = f"sessionlog_{next(_savepoints)}"
            self.conn.execute(f"SAVEPOINT {savepoint};")
            try:
                yield self
            except BaseException:
                # A RAISE(ROLLBACK) trigger may have ended the whole transaction already.
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint};")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint};")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {savepoint};")
        else:
            self.conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                self.rollback()
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except BaseException:
                    self.rollback()
                    raise

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.closed = True
        self.conn.close()


def select_rows(
    db: Database | sqlite_utils.Database, sql: str, params: Iterable[Any] | dict[str, Any] = ()
) -> list[dict[str, Any]]:
    """What ``list(db.query(sql, params))`` gives. A SELECT reads straight from the
    connection: sqlite-utils' query() wraps every statement in a savepoint and yields
    rows through a generator, a third of loading a year of sessions (issue 12)."""
    if first_keyword(sql) != "SELECT":
        return list(db.query(sql, params if isinstance(params, dict) else list(params)))
    cursor = db.conn.execute(sql, params if isinstance(params, dict) else list(params))
    keys = dedupe_keys(d[0] for d in cursor.description)
    return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]
