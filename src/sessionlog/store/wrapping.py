"""The one way the store wraps a SQLite connection in sqlite-utils."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database


def wrap(conn: sqlite3.Connection | None = None) -> Database:
    """``conn`` (an in-memory database when None) as a sqlite-utils Database, without
    sqlite-utils plugins: SessionLog uses none, and looking for them reads the metadata of
    every installed package (a tenth of a second or more at each start), and would let a
    package installed beside SessionLog run code on the records' connection."""
    if conn is None:
        return Database(memory=True, execute_plugins=False)
    return Database(conn, execute_plugins=False)
