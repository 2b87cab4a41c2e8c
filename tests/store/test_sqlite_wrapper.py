"""``store.sqlite.Database``: sqlite-utils' transaction and row semantics without importing
sqlite-utils, and sqlite-utils itself behind it for anything else."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sessionlog.store.sqlite import Database, dedupe_keys, select_rows


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(sqlite3.connect(tmp_path / "w.sqlite3"))
    database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    return database


def test_a_write_outside_a_transaction_is_committed_at_once(db: Database, tmp_path: Path) -> None:
    db.execute("INSERT INTO t (v) VALUES (?)", ["a"])
    assert not db.conn.in_transaction
    other = sqlite3.connect(tmp_path / "w.sqlite3")
    assert other.execute("SELECT v FROM t").fetchall() == [("a",)]


def test_atomic_rolls_back_a_failure_and_a_nested_one_only_its_part(db: Database) -> None:
    with pytest.raises(ValueError), db.atomic():
        db.execute("INSERT INTO t (v) VALUES ('gone')")
        raise ValueError("boom")
    with db.atomic():
        db.execute("INSERT INTO t (v) VALUES ('kept')")
        with pytest.raises(ValueError), db.atomic():
            db.execute("INSERT INTO t (v) VALUES ('inner')")
            raise ValueError("boom")
    assert [r["v"] for r in db.query("SELECT v FROM t")] == ["kept"]


def test_rows_rename_duplicate_columns_as_sqlite_utils_does(db: Database) -> None:
    db.execute("INSERT INTO t (v) VALUES ('x')")
    rows = select_rows(db, "SELECT t.id, t.v, t.v, t.id AS v_2 FROM t")
    assert list(rows[0]) == ["id", "v", "v_3", "v_2"]
    assert dedupe_keys(["a", "a", "a"]) == ["a", "a_2", "a_3"]


def test_a_statement_that_is_not_a_select_goes_through_sqlite_utils(db: Database) -> None:
    with pytest.raises(ValueError, match="only be used with SQL that returns rows"):
        db.query("INSERT INTO t (v) VALUES ('no rows')")
    assert select_rows(db, "SELECT count(*) AS n FROM t") == [{"n": 0}]
    table = db["t"]  # sqlite-utils' own Table over the same connection
    table.insert({"v": "via sqlite-utils"})
    assert select_rows(db, "SELECT v FROM t") == [{"v": "via sqlite-utils"}]


def test_recursive_triggers_are_on_as_with_sqlite_utils(db: Database) -> None:
    assert db.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
