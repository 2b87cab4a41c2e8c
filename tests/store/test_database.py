"""The database file: pragmas, identity, migrations from every earlier schema."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from sessionlog.store import Store, StoreError, open_database, schema_version
from sessionlog.store.database import APPLICATION_ID
from sessionlog.store.migrations import migrations

FIXTURES = Path(__file__).parent / "fixtures"


def test_new_database_has_durable_pragmas_and_identity(db_path: Path) -> None:
    db = open_database(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert schema_version(db) == len(migrations.pending(Database(memory=True)))
    assert db_path.stat().st_mode & 0o777 == 0o600


def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    open_database(db_path).close()
    db = open_database(db_path)
    assert migrations.pending(db) == []
    names = [m.name for m in migrations.applied(db)]
    assert names == sorted(set(names), key=names.index)


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="another application"):
        open_database(other)


def test_non_sqlite_file_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("hello, this is not a database at all" * 10)
    with pytest.raises(StoreError, match="not a SessionLog database"):
        open_database(junk)


def _write_first_schema(path: Path) -> None:
    """A database exactly as the first release wrote it: migration 1 only."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db = Database(conn)
    migrations.apply(db, stop_before="m002_note_search")
    db.execute(
        "INSERT INTO payers (id, name, rounding, aggregate) VALUES "
        "('p1', 'Medicaid', 'midpoint', 'day')"
    )
    db.execute("INSERT INTO staff (id, name) VALUES ('s1', 'Coach')")
    db.execute(
        "INSERT INTO clients (id, name, birth_date, medicaid_id, payer_id, timezone) "
        "VALUES ('c1', 'Client One', '1990-01-01', 'M1', 'p1', 'America/Chicago')"
    )
    db.execute(
        "INSERT INTO sessions (id, client_id, staff_id, code, timezone, updated_at_utc, "
        "intervention, service_date, first_start_utc) VALUES ('x1', 'c1', 's1', 'H2014', "
        "'America/Chicago', '2026-01-01T00:00:00.000000Z', 'modeled budgeting steps', "
        "'2026-01-01', '2026-01-01T15:00:00.000000Z')"
    )
    db.execute(
        "INSERT INTO segments (session_id, start_utc, end_utc) VALUES "
        "('x1', '2026-01-01T15:00:00.000000Z', '2026-01-01T15:38:00.000000Z')"
    )
    conn.commit()
    conn.close()


def test_database_of_first_schema_opens_in_newest(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    _write_first_schema(path)
    store = Store(open_database(path))
    assert migrations.pending(store.db) == []
    session = store.session("x1")
    assert session.minutes() == 38
    # The search index added later covers notes written before it existed.
    from sessionlog.store import SessionFilter

    assert [s.id for s in store.sessions(SessionFilter(search="budgeting"))] == ["x1"]
    backups = list(tmp_path.glob("v1.sqlite3.before-migration-*.bak"))
    assert len(backups) == 1
    assert backups[0].stat().st_mode & 0o777 == 0o600


def test_saved_first_release_file_opens_in_newest(tmp_path: Path) -> None:
    """A file saved by schema 1 and kept in the repository, never regenerated."""
    path = tmp_path / "copy.sqlite3"
    shutil.copy(FIXTURES / "schema_v1.sqlite3", path)
    store = Store(open_database(path))
    assert store.client("c1").name == "Client One"
    assert store.session("x1").minutes() == 38


def test_failed_migration_leaves_file_as_it_was(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "v1.sqlite3"
    _write_first_schema(path)

    def broken(db: Database) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk trouble")

    monkeypatch.setattr(
        migrations,
        "_migrations",
        [
            *migrations._migrations,
            migrations._Migration("m999_broken", broken, True),
        ],
    )
    with pytest.raises(StoreError, match="Cannot update the database"):
        open_database(path)
    db = Database(sqlite3.connect(path))
    assert "half_done" not in db.table_names()
    assert "m999_broken" not in [m.name for m in migrations.applied(db)]
