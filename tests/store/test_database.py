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


def write_foreign_file(path: Path, application_id: int) -> bytes:
    """Another program's SQLite file (tables and a row of its own); returns its bytes."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {application_id}")
    conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
    conn.execute("INSERT INTO recipes VALUES ('bread', 240)")
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("application_id", [0, 1234])
def test_foreign_sqlite_file_is_refused_and_left_untouched(
    tmp_path: Path, application_id: int
) -> None:
    other = tmp_path / "other.db"
    before = write_foreign_file(other, application_id)
    stat = other.stat()
    with pytest.raises(StoreError, match=r"another application.*left untouched"):
        open_database(other)
    assert other.read_bytes() == before
    assert (other.stat().st_mtime_ns, other.stat().st_mode) == (stat.st_mtime_ns, stat.st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]  # no -wal, -shm, .bak


def test_sessionlog_file_written_without_the_id_is_stamped_and_opened(tmp_path: Path) -> None:
    """A file holding SessionLog's own migration records is ours even without the id
    (a tool that built it with plain sqlite3): it opens, and carries the id from then on."""
    path = tmp_path / "unstamped.sqlite3"
    conn = sqlite3.connect(path)
    migrations.apply(Database(conn), stop_before="m002_note_search")
    conn.execute("INSERT INTO staff (id, name) VALUES ('s1', 'Coach')")
    conn.commit()
    conn.close()
    db = open_database(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert migrations.pending(db) == []
    assert db.execute("SELECT name FROM staff").fetchall() == [("Coach",)]


def test_other_programs_sqlite_utils_migrations_do_not_make_a_file_ours(tmp_path: Path) -> None:
    from sqlite_utils import Migrations

    path = tmp_path / "other.sqlite3"
    theirs = Migrations("recipes")

    @theirs()
    def m001_recipes(db: Database) -> None:
        db.execute("CREATE TABLE recipes (name TEXT)")

    conn = sqlite3.connect(path)
    theirs.apply(Database(conn))
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another application"):
        open_database(path)
    assert path.read_bytes() == before


def test_empty_sqlite_file_without_identity_becomes_a_sessionlog_database(
    tmp_path: Path,
) -> None:
    path = tmp_path / "empty.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 0")  # writes the header, no table
    conn.execute("VACUUM")
    conn.close()
    assert path.stat().st_size > 0
    db = open_database(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert migrations.pending(db) == []
    assert path.stat().st_mode & 0o777 == 0o600


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


# ---- m004: payers rebuilt without the CHECKs on rounding and aggregate ---------------

M004 = "m004_rounding_rules_as_data"


def _payers_schema(db: Database) -> tuple[list[tuple], list[tuple]]:
    """Columns (name, type, not null, default, pk) and rows of payers."""
    columns = [tuple(r[1:]) for r in db.execute("PRAGMA table_info(payers)")]
    rows = [tuple(r) for r in db.execute("SELECT * FROM payers ORDER BY id")]
    return columns, rows


def _assert_payers_rebuilt(db: Database) -> None:
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'payers'").fetchone()[0]
    assert "CHECK" not in sql
    assert "payers_new" not in db.table_names()
    assert M004 in [m.name for m in migrations.applied(db)]
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert not db.conn.in_transaction
    # clients.payer_id still references payers, and it is still enforced.
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        db.execute(
            "INSERT INTO clients (id, name, birth_date, medicaid_id, payer_id, timezone) "
            "VALUES ('c9', 'Nobody', '1990-01-01', 'M9', 'no-such-payer', 'UTC')"
        )
    # A rule the engine knows but m001's CHECK did not is now stored.
    db.execute(
        "INSERT INTO payers (id, name, rounding, aggregate) "
        "VALUES ('p80', 'MaineCare', 'threshold80', 'day')"
    )
    assert db.execute("SELECT rounding FROM payers WHERE id = 'p80'").fetchone()[0] == (
        "threshold80"
    )


def test_m004_keeps_columns_rows_and_references(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    _write_first_schema(path)
    conn = sqlite3.connect(path)
    old = Database(conn)
    migrations.apply(old, stop_before=M004)
    before = _payers_schema(old)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        old.execute(
            "INSERT INTO payers (id, name, rounding, aggregate) "
            "VALUES ('p80', 'MaineCare', 'threshold80', 'day')"
        )
    conn.close()
    db = open_database(path)
    columns, rows = _payers_schema(db)
    # m004 keeps every column and row as it was; later migrations (m006: claims) only
    # add columns after them.
    width = len(before[0])
    assert (columns[:width], [row[:width] for row in rows]) == before
    _assert_payers_rebuilt(db)
    # Deleting a payer a client uses is still refused.
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        db.execute("DELETE FROM payers WHERE id = 'p1'")


def test_m004_on_new_and_saved_first_release_files(tmp_path: Path) -> None:
    _assert_payers_rebuilt(open_database(tmp_path / "new.sqlite3"))
    path = tmp_path / "copy.sqlite3"
    shutil.copy(FIXTURES / "schema_v1.sqlite3", path)
    db = open_database(path)
    _assert_payers_rebuilt(db)
    assert Store(db).client("c1").payer_id in {p.id for p in Store(db).payers()}


def test_m004_failure_rolls_back_and_restores_foreign_keys(tmp_path: Path, monkeypatch) -> None:
    from sessionlog.store import migrations as module

    path = tmp_path / "v1.sqlite3"
    _write_first_schema(path)
    # A copy that loses the payer client c1 uses: the foreign key check must catch it.
    monkeypatch.setattr(
        module,
        "_COPY_PAYERS",
        "INSERT INTO payers_new (id, name, rounding, aggregate) "
        "VALUES ('other', 'Other', 'midpoint', 'day')",
    )
    db = open_database(path, migrate=False)
    with pytest.raises(sqlite3.IntegrityError, match="foreign key"):
        migrations.apply(db)
    assert not db.conn.in_transaction
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert M004 not in [m.name for m in migrations.applied(db)]
    assert "payers_new" not in db.table_names()
    assert db.execute("SELECT id FROM payers").fetchall() == [("p1",)]
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'payers'").fetchone()[0]
    assert "CHECK" in sql
    db.close()
    # Nothing half-done stays behind: the real migration then succeeds.
    monkeypatch.undo()
    _assert_payers_rebuilt(open_database(path))


def test_m004_is_not_stopped_by_a_reference_broken_before_it(tmp_path: Path) -> None:
    """A violation already in the file (written with foreign keys off) is not the
    rebuild's doing; refusing it would lock the user out of the whole file."""
    path = tmp_path / "v1.sqlite3"
    _write_first_schema(path)
    conn = sqlite3.connect(path)  # foreign keys off, as sqlite3 opens by default
    conn.execute(
        "INSERT INTO clients (id, name, birth_date, medicaid_id, payer_id, timezone) "
        "VALUES ('c2', 'Orphan', '1990-01-01', 'M2', 'gone', 'UTC')"
    )
    conn.commit()
    conn.close()
    db = open_database(path)
    assert M004 in [m.name for m in migrations.applied(db)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == [("clients", 2, "payers", 0)]


def test_m004_refuses_to_run_inside_a_transaction(db_path: Path) -> None:
    from sessionlog.store.migrations import m004_rounding_rules_as_data

    db = open_database(db_path)
    with pytest.raises(RuntimeError, match="outside a transaction"), db.atomic():
        m004_rounding_rules_as_data(db)


# ---- m005: timer state on each session's row -----------------------------------------

M005 = "m005_session_timers"


def test_m005_moves_the_old_global_timer_keys_onto_the_sessions_rows(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite3"
    _write_first_schema(path)
    conn = sqlite3.connect(path)
    old = Database(conn)
    migrations.apply(old, stop_before=M005)
    # A timer left running by an app of schema 4: global keys, an open segment.
    old.execute(
        "INSERT INTO segments (session_id, start_utc, end_utc) VALUES "
        "('x1', '2026-01-01T16:00:00.000000Z', NULL)"
    )
    old.execute(
        "INSERT INTO app_state (key, value) VALUES ('active_timer', "
        '\'{"session_ids": ["x1", "gone"], "paused": false}\'), '
        '(\'timer_heartbeat\', \'{"utc": "2026-01-01T16:05:00.000000Z", '
        '"monotonic": 812.5, "session_ids": ["x1"]}\'), (\'current_staff_id\', \'s1\')'
    )
    conn.commit()
    conn.close()
    store = Store(open_database(path))
    [row] = store.timers()  # the unknown session id is dropped
    assert row.session_id == "x1" and row.running
    assert row.heartbeat_utc is not None and row.heartbeat_utc.isoformat().startswith(
        "2026-01-01T16:05"
    )
    assert row.heartbeat_monotonic == 812.5
    assert store.get_state("active_timer") is None
    assert store.get_state("timer_heartbeat") is None
    assert store.get_state("current_staff_id") == "s1"


def test_saved_schema_5_file_opens_in_newest(tmp_path: Path) -> None:
    """A file saved by schema 5 (kept in the repository, never regenerated): a paused group
    timer, a running timer with its heartbeat, a counted sleep with its reason, a voided
    draft."""
    from sessionlog.services import timing

    path = tmp_path / "copy.sqlite3"
    shutil.copy(FIXTURES / "schema_v5.sqlite3", path)
    store = Store(open_database(path))
    assert migrations.pending(store.db) == []
    running = store.running_sessions()
    assert [store.client(s.client_id).name for s in running] == ["Client One"]
    beat = timing.read_heartbeat(store, [running[0].id])
    assert beat is not None and beat.monotonic == 4240.0
    [correction] = store.time_corrections(running[0].id)
    assert correction.reason == "the session went on with the lid closed"
    assert correction.details == {"seconds": 240}
    paused = {r.session_id for r in store.timers() if not r.running}
    assert {store.session(i).client_id for i in paused} == {"c2", "c3"}
    assert all(store.session(i).minutes() == 20 for i in paused)
    # A voided draft stays, out of every list unless asked for.
    from sessionlog.core.models import SessionStatus
    from sessionlog.core.queries import SessionFilter

    [voided] = store.sessions(SessionFilter(status=SessionStatus.VOIDED))
    assert voided.void_reason == "entered for the wrong client"
    assert voided.id not in {s.id for s in store.sessions()}


# ---- honest start-up (issue #14) ----------------------------------------------------


def test_an_empty_file_at_the_database_path_is_refused_and_left_alone(db_path: Path) -> None:
    db_path.touch()
    with pytest.raises(StoreError, match=r"is empty \(0 bytes\)"):
        open_database(db_path)
    assert db_path.exists() and db_path.stat().st_size == 0


def test_a_new_database_is_never_left_empty_under_its_name(db_path: Path) -> None:
    """Creation happens under a temporary name; a leftover from a crash is replaced."""
    leftover = db_path.with_name(f".{db_path.name}.creating")
    leftover.write_bytes(b"half")
    open_database(db_path).close()
    assert db_path.stat().st_size > 0 and not leftover.exists()
    open_database(db_path).close()  # and it opens again as an existing database


def test_a_database_from_a_newer_version_is_refused_naming_both_versions(db_path: Path) -> None:
    from sessionlog import __version__
    from sessionlog.store import NewerDatabaseError
    from sessionlog.store.database import known_schema_version

    open_database(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('sessionlog', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    known = known_schema_version()
    with pytest.raises(NewerDatabaseError) as raised:
        open_database(db_path)
    message = str(raised.value)
    assert f"schema version {known + 1}" in message
    assert f"SessionLog {__version__} knows schema version {known}" in message


def test_a_damaged_database_is_reported_as_damaged_and_kept(db_path: Path) -> None:
    from sessionlog.services.demo import load_demo
    from sessionlog.store import DamagedDatabaseError

    db = open_database(db_path)
    load_demo(Store(db), today=None)
    db.close()
    data = bytearray(db_path.read_bytes())
    data[4096 * 4 : 4096 * 4 + 300] = b"\x5a" * 300
    db_path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabaseError) as raised:
        open_database(db_path)
    assert "damaged" in str(raised.value) and raised.value.path == db_path
    assert db_path.read_bytes() == bytes(data)


def test_damaged_schema_pages_are_reported_as_damaged_not_as_another_kind_of_file(
    db_path: Path,
) -> None:
    """Damage that reaches the schema (sqlite_master's pages) fails SQLite's first read with
    "malformed": still an SQLite file of ours, so the app offers a backup, rather than "not
    an SQLite file" (a dead end: a coach walked into it under Xvfb)."""
    from sessionlog.services.demo import load_demo
    from sessionlog.store import DamagedDatabaseError

    db = open_database(db_path)
    load_demo(Store(db), today=None)
    db.close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\x5a" * (4096 - 100)  # page 1 past the file header: the schema's root
    db_path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabaseError) as raised:
        open_database(db_path)
    assert "damaged" in str(raised.value) and raised.value.path == db_path
    assert db_path.read_bytes() == bytes(data)


def test_a_read_only_file_system_opens_read_only(tmp_path: Path) -> None:
    from tests.mounts import remount_read_only, tmpfs

    from sessionlog.store import NotFoundError, is_read_only

    with tmpfs(tmp_path / "media", 4096) as folder:
        path = folder / "sessionlog.sqlite3"
        store = Store(open_database(path))
        store.set_state("note", "written before the remount")
        store.db.close()
        remount_read_only(folder)
        db = open_database(path)
        store = Store(db)
        assert is_read_only(db) and store.read_only
        assert store.get_state("note") == "written before the remount"
        with pytest.raises(StoreError, match="open read-only"):
            store.set_state("note", "changed")
        with pytest.raises(NotFoundError):
            store.client("nobody")
        db.close()
        assert sorted(p.name for p in folder.iterdir()) == ["sessionlog.sqlite3"]


def _trample(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 4 : 4096 * 4 + 300] = b"\x5a" * 300
    path.write_bytes(bytes(data))


def _demo_file(db_path: Path) -> None:
    from sessionlog.services.demo import load_demo

    db = open_database(db_path)
    load_demo(Store(db), today=None)
    db.close()


def test_integrity_check_runs_once_a_day_while_the_file_is_closed_cleanly(
    db_path: Path, monkeypatch
) -> None:
    """The full check (seconds at ten years) runs at the first open of a day; a file the
    app then closed cleanly, unchanged since, opens without it the same day."""
    from datetime import date, timedelta

    from sessionlog.store import mark_closed, mark_open
    from sessionlog.store.database import integrity_check_due

    _demo_file(db_path)
    assert integrity_check_due(db_path)  # never checked with a stamp yet
    db = open_database(db_path, verify="when-due")
    mark_open(db_path)
    assert integrity_check_due(db_path)  # open in the app: a crash now must be checked
    db.close()
    mark_closed(db_path)
    assert not integrity_check_due(db_path)
    assert integrity_check_due(db_path, date.today() + timedelta(days=1))
    checks: list[str] = []
    real_connect = sqlite3.connect

    class Counting(sqlite3.Connection):
        def execute(self, sql: str, *args):  # type: ignore[override]
            if "quick_check" in sql:
                checks.append(sql)
            return super().execute(sql, *args)

    monkeypatch.setattr(
        sqlite3, "connect", lambda *a, **k: real_connect(*a, **{**k, "factory": Counting})
    )
    open_database(db_path, verify="when-due").close()
    assert checks == []
    open_database(db_path).close()  # the default still checks every time
    assert len(checks) == 1


def test_integrity_check_runs_after_an_unclean_exit(db_path: Path) -> None:
    """An app that did not close the file (killed, crashed) leaves it marked open: the
    next open checks it in full and finds the damage."""
    from sessionlog.store import DamagedDatabaseError, mark_open

    _demo_file(db_path)
    open_database(db_path, verify="when-due").close()
    mark_open(db_path)  # ... and never mark_closed
    _trample(db_path)
    with pytest.raises(DamagedDatabaseError):
        open_database(db_path, verify="when-due")


def test_integrity_check_runs_when_the_file_changed_outside_sessionlog(db_path: Path) -> None:
    """Closed cleanly and checked today, then changed by another program (a sync, a
    copy, a disk tool): its size or time differ from the stamp, so it is checked."""
    import os

    from sessionlog.store import DamagedDatabaseError, mark_closed

    _demo_file(db_path)
    open_database(db_path, verify="when-due").close()
    mark_closed(db_path)
    before = db_path.stat()
    _trample(db_path)
    os.utime(db_path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    with pytest.raises(DamagedDatabaseError):
        open_database(db_path, verify="when-due")
