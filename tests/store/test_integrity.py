"""Tamper evidence on real files: seals, the audit hash chain, triggers put back at open,
and the record check naming each session or audit row changed behind the app's back.

Every tampering here is done the way an outsider would: a plain ``sqlite3`` connection
to the file, dropping whatever trigger is in the way."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from sessionlog.core.clock import from_utc_text, to_utc_text
from sessionlog.core.integrity import IntegrityReport, audit_hash
from sessionlog.core.models import Addendum, utc_now
from sessionlog.services.demo import load_demo
from sessionlog.store import Store, open_database
from sessionlog.store.database import APPLICATION_ID, _connect
from sessionlog.store.migrations import migrations

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 11, 20)


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite3"
    db = open_database(path)
    load_demo(Store(db, actor="test"), today=TODAY)
    db.close()
    return path


def reopen(path: Path) -> Store:
    return Store(open_database(path), actor="test")


def outsider(path: Path) -> sqlite3.Connection:
    """A plain connection, as the sqlite3 shell or a script would have."""
    return sqlite3.connect(path, isolation_level=None)


def signed_session(path: Path) -> tuple[str, str]:
    with outsider(path) as conn:
        row = conn.execute(
            "SELECT id, client_id FROM sessions WHERE signed = 1 ORDER BY id"
        ).fetchone()
    return row[0], row[1]


def messages(store: Store) -> list[str]:
    return [p.message for p in store.check_record().problems]


def test_untouched_demo_passes_with_counts(demo_path: Path) -> None:
    store = reopen(demo_path)
    report = store.check_record()
    assert report.ok, report.problems
    assert report.signed_notes > 10
    assert report.seals >= report.signed_notes  # plus addenda
    assert report.audit_rows > 20
    assert report.chain_start.endswith("(new database)")
    assert store.triggers_restored_at_open() == []


def test_a_new_addendum_extends_the_note_chain_and_still_passes(demo_path: Path) -> None:
    session_id, _ = signed_session(demo_path)
    store = reopen(demo_path)
    session = store.session(session_id)
    store.add_addendum(
        Addendum("add-new", session_id, session.staff_id, utc_now(), "UTC", "late detail", "More")
    )
    assert store.check_record().ok
    with outsider(demo_path) as conn:
        seals = conn.execute(
            "SELECT kind, previous_sha256, sha256 FROM seals WHERE session_id = ? ORDER BY id",
            [session_id],
        ).fetchall()
    # The demo's older notes of a supervised coach are co-signed: signature, then maybe
    # the co-signature, then the new addendum, each chained to the one before.
    signature, *middle, addendum = seals
    assert signature[:2] == ("signature", "")
    assert [kind for kind, _, _ in middle] in ([], ["cosignature"])
    before = middle[-1] if middle else signature
    assert addendum[:2] == ("addendum", before[2])  # chained to the previous seal


def test_dropped_trigger_and_edited_signed_note_is_caught_and_trigger_restored(
    demo_path: Path,
) -> None:
    session_id, client_id = signed_session(demo_path)
    with outsider(demo_path) as conn:
        conn.execute("DROP TRIGGER signed_session_locked")
        conn.execute("UPDATE sessions SET note = 'rewritten later' WHERE id = ?", [session_id])
    store = reopen(demo_path)
    assert store.triggers_restored_at_open() == ["signed_session_locked"]
    restored = store.audit_log(entity="database")
    assert restored[-1]["action"] == "restore-triggers"
    assert restored[-1]["details"] == {"missing": ["signed_session_locked"]}
    # Put back: the same edit is refused again.
    with pytest.raises(sqlite3.IntegrityError), outsider(demo_path) as conn:
        conn.execute("UPDATE sessions SET note = 'again' WHERE id = ?", [session_id])
    report = store.check_record()
    assert not report.ok
    named = [p for p in report.problems if p.record == session_id]
    assert named and "changed after signing" in named[0].message
    assert named[0].client_id == client_id
    assert report.concerns(client_id)
    assert "Lena" not in " ".join(p.message for p in report.problems)


def test_changed_segment_is_caught(demo_path: Path) -> None:
    session_id, _ = signed_session(demo_path)
    with outsider(demo_path) as conn:
        conn.execute("DROP TRIGGER signed_segments_locked_upd")
        segment_id, end = conn.execute(
            "SELECT id, end_utc FROM segments WHERE session_id = ? ORDER BY id", [session_id]
        ).fetchone()
        later = to_utc_text(from_utc_text(end) + timedelta(minutes=30))
        conn.execute("UPDATE segments SET end_utc = ? WHERE id = ?", [later, segment_id])
    assert any(
        session_id in m and "changed after signing" in m for m in messages(reopen(demo_path))
    )


def test_signature_of_another_signer_is_caught(demo_path: Path) -> None:
    session_id, _ = signed_session(demo_path)
    with outsider(demo_path) as conn:
        conn.execute("DROP TRIGGER signatures_no_update")
        conn.execute(
            "UPDATE signatures SET signer_name = 'Someone Else' WHERE session_id = ?",
            [session_id],
        )
    assert any(session_id in m for m in messages(reopen(demo_path)))


def test_deleted_audit_row_is_named(demo_path: Path) -> None:
    with outsider(demo_path) as conn:
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE id = 5")
    found = messages(reopen(demo_path))
    assert "audit row 6: audit row 5 before it was deleted" in found
    assert any(m.startswith("audit row 6: its link to the previous row is broken") for m in found)


def test_deleted_last_audit_row_is_caught_by_the_head(demo_path: Path) -> None:
    with outsider(demo_path) as conn:
        last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE id = ?", [last])
    expected = f"audit row {last}: the log ended here; rows {last} to {last} were deleted"
    store = reopen(demo_path)  # puts the delete trigger back, writing an audit row
    assert store.triggers_restored_at_open() == ["audit_log_no_delete"]
    assert expected in messages(store)
    member = store.staff_members()[0]
    store.save_staff(replace(member, credential=member.credential + " (updated)"))
    assert store.audit_log(entity="staff")[-1]["action"] == "update"  # a later write
    assert expected in messages(reopen(demo_path))


def test_forged_audit_row_is_refused_then_caught_once_the_trigger_is_dropped(
    demo_path: Path,
) -> None:
    forged = (
        "INSERT INTO audit_log (at_utc, actor, action, entity, entity_id, details) "
        "VALUES ('2026-11-01T10:00:00Z', 'app', 'sign', 'session', 'x', '{}')"
    )
    with pytest.raises(sqlite3.IntegrityError, match="chained"), outsider(demo_path) as conn:
        conn.execute(forged)
    with outsider(demo_path) as conn:
        conn.execute("DROP TRIGGER audit_log_chained")
        conn.execute(forged)
        forged_id = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    found = messages(reopen(demo_path))
    assert f"audit row {forged_id}: inserted behind the app's back (it has no hash)" in found


def test_edited_audit_row_is_named(demo_path: Path) -> None:
    with outsider(demo_path) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'nobody' WHERE id = 3")
    assert "audit row 3: changed after it was written" in messages(reopen(demo_path))


def _audit_messages(report: IntegrityReport) -> list[str]:
    return [p.message for p in report.problems if p.kind == "audit"]


def _another_clients_note_row(conn: sqlite3.Connection, client_id: str) -> int:
    """An audit row about another client's note, neither the first nor the last row."""
    return int(
        conn.execute(
            "SELECT a.id FROM audit_log a JOIN sessions s ON s.id = a.entity_id "
            "WHERE a.entity = 'session' AND s.client_id != ? AND a.id > 1 "
            "AND a.id < (SELECT max(id) FROM audit_log) ORDER BY a.id",
            [client_id],
        ).fetchone()[0]
    )


def _delete_row(conn: sqlite3.Connection, client_id: str) -> None:
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = ?", [_another_clients_note_row(conn, client_id)])


def _delete_first_rows(conn: sqlite3.Connection, _client_id: str) -> None:
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id <= 2")


def _delete_last_row(conn: sqlite3.Connection, _client_id: str) -> None:
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")


def _forge_row(conn: sqlite3.Connection, _client_id: str) -> None:
    conn.execute("DROP TRIGGER audit_log_chained")
    conn.execute(
        "INSERT INTO audit_log (at_utc, actor, action, entity, entity_id, details) "
        "VALUES ('2026-11-01T10:00:00Z', 'app', 'sign', 'session', 'x', '{}')"
    )


def _rehash_row(conn: sqlite3.Connection, client_id: str) -> None:
    """Another client's row edited and hashed again, as someone who knows the scheme
    would: the row holds, but the next row's link to it breaks."""
    row_id = _another_clients_note_row(conn, client_id)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute("SELECT * FROM audit_log WHERE id = ?", [row_id]).fetchone())
    row["actor"] = "nobody"
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute(
        "UPDATE audit_log SET actor = ?, sha256 = ? WHERE id = ?",
        [row["actor"], audit_hash(row, row["previous_sha256"]), row_id],
    )


def _edit_shared_row(conn: sqlite3.Connection, _client_id: str) -> None:
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute(
        "UPDATE audit_log SET actor = 'nobody' "
        "WHERE id = (SELECT min(id) FROM audit_log WHERE entity = 'staff')"
    )


@pytest.mark.parametrize(
    "tamper",
    [_delete_row, _delete_first_rows, _delete_last_row, _forge_row, _rehash_row, _edit_shared_row],
)
def test_a_packets_check_finds_what_the_whole_check_finds_in_the_audit_chain(
    demo_path: Path, tamper: Callable[[sqlite3.Connection, str], None]
) -> None:
    """The packet's check (issue 12) hashes only the rows not about other clients' notes,
    but follows every link: a row deleted, forged or re-hashed anywhere, the log's end
    moved, or a shared row edited is named exactly as ``sessionlog check`` names it."""
    _, client_id = signed_session(demo_path)
    with outsider(demo_path) as conn:
        tamper(conn, client_id)
    store = reopen(demo_path)
    whole = _audit_messages(store.check_record())
    assert whole
    packet_check = store.check_record(client_id)
    assert _audit_messages(packet_check) == whole
    assert {p.message for p in packet_check.concerns(client_id)} >= set(whole)


def test_a_packets_check_leaves_other_clients_note_rows_to_their_own_packets(
    demo_path: Path,
) -> None:
    own_session, own_client = signed_session(demo_path)
    with outsider(demo_path) as conn:
        other_row = _another_clients_note_row(conn, own_client)
        other_client = conn.execute(
            "SELECT s.client_id FROM audit_log a JOIN sessions s ON s.id = a.entity_id "
            "WHERE a.id = ?",
            [other_row],
        ).fetchone()[0]
        own_row = conn.execute(
            "SELECT min(id) FROM audit_log WHERE entity = 'session' AND entity_id = ?",
            [own_session],
        ).fetchone()[0]
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute(
            "UPDATE audit_log SET actor = 'nobody' WHERE id IN (?, ?)", [own_row, other_row]
        )
    store = reopen(demo_path)

    def changed(row_id: int) -> str:
        return f"audit row {row_id}: changed after it was written"

    assert {changed(own_row), changed(other_row)} <= set(_audit_messages(store.check_record()))
    assert _audit_messages(store.check_record(own_client)) == [changed(own_row)]
    assert _audit_messages(store.check_record(other_client)) == [changed(other_row)]


def test_deleted_signed_note_with_its_seals_is_named_from_the_audit_log(demo_path: Path) -> None:
    session_id, _ = signed_session(demo_path)
    with outsider(demo_path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        for trigger in (
            "signed_session_no_delete",
            "signatures_no_delete",
            "addenda_no_delete",
            "seals_no_delete",
            "signed_segments_locked_del",
            "signed_objectives_locked_del",
        ):
            conn.execute(f"DROP TRIGGER {trigger}")
        for table, key in (
            ("seals", "session_id"),
            ("addenda", "session_id"),
            ("signatures", "session_id"),
            ("segments", "session_id"),
            ("session_objectives", "session_id"),
            ("sessions", "id"),
        ):
            conn.execute(f"DELETE FROM {table} WHERE {key} = ?", [session_id])
    found = messages(reopen(demo_path))
    assert any(session_id in m and "the note is gone" in m for m in found)


def test_forged_addendum_is_named(demo_path: Path) -> None:
    session_id, _ = signed_session(demo_path)
    with outsider(demo_path) as conn:
        staff = conn.execute("SELECT staff_id FROM sessions WHERE id = ?", [session_id]).fetchone()
        conn.execute(
            "INSERT INTO addenda (id, session_id, staff_id, written_at_utc, timezone, reason, "
            "text) VALUES ('forged', ?, ?, '2026-11-19T10:00:00Z', 'UTC', 'x', 'y')",
            [session_id, staff[0]],
        )
    found = messages(reopen(demo_path))
    assert f"session {session_id}: the addendum forged was inserted behind the app's back" in found


def _file_before_tamper_evidence(path: Path) -> None:
    """A file as the version before m008 left it: one signed note with an addendum."""
    db = Database(_connect(path))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # as every SessionLog file has
    migrations.apply(db, stop_before="m008_tamper_evidence")
    db.conn.executescript(
        """
        INSERT INTO payers (id, name, rounding, aggregate) VALUES ('p', 'P', 'midpoint', 'day');
        INSERT INTO staff (id, name) VALUES ('st', 'Coach');
        INSERT INTO clients (id, name, birth_date, medicaid_id, payer_id, timezone)
            VALUES ('c', 'Client Name', '1990-01-01', 'M1', 'p', 'UTC');
        INSERT INTO sessions (id, client_id, staff_id, code, timezone, note, first_start_utc,
            service_date, updated_at_utc)
            VALUES ('s1', 'c', 'st', 'H2023', 'UTC', 'old note', '2026-01-05T10:00:00Z',
            '2026-01-05', '2026-01-05T11:00:00Z');
        INSERT INTO segments (session_id, start_utc, end_utc)
            VALUES ('s1', '2026-01-05T10:00:00Z', '2026-01-05T11:00:00Z');
        INSERT INTO signatures (session_id, staff_id, signed_at_utc, timezone)
            VALUES ('s1', 'st', '2026-01-05T12:00:00Z', 'UTC');
        UPDATE sessions SET signed = 1 WHERE id = 's1';
        INSERT INTO addenda (id, session_id, staff_id, written_at_utc, timezone, reason, text)
            VALUES ('a1', 's1', 'st', '2026-01-06T09:00:00Z', 'UTC', 'fix', 'added');
        INSERT INTO audit_log (at_utc, actor, action, entity, entity_id)
            VALUES ('2026-01-05T12:00:00Z', 'app', 'sign', 'session', 's1');
        INSERT INTO audit_log (at_utc, actor, action, entity, entity_id)
            VALUES ('2026-01-06T09:00:00Z', 'app', 'addendum', 'session', 's1');
        """
    )
    db.close()


def test_existing_file_is_sealed_at_migration_and_checked_from_there(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _file_before_tamper_evidence(path)
    store = reopen(path)
    report = store.check_record()
    assert report.ok, report.problems
    assert (report.signed_notes, report.seals, report.audit_rows) == (1, 2, 2)
    assert "migration m008: 2 audit row(s) and 2 signing act(s)" in report.chain_start
    store.db.close()
    with outsider(path) as conn:
        conn.execute("DROP TRIGGER addenda_no_update")
        conn.execute("UPDATE addenda SET text = 'different' WHERE id = 'a1'")
    assert "session s1: the addendum a1 or the note it seals was changed after it was written" in (
        messages(reopen(path))
    )


def test_saved_tamper_evidence_file_opens_and_passes(tmp_path: Path) -> None:
    path = tmp_path / "saved.sqlite3"
    shutil.copy(FIXTURES / "schema_m008_tamper_evidence.sqlite3", path)
    store = reopen(path)
    assert migrations.pending(store.db) == []
    report = store.check_record()
    assert report.ok, report.problems
    assert report.signed_notes >= 1 and report.seals >= 2


def _cosigned_session(path: Path) -> tuple[str, str]:
    with outsider(path) as conn:
        row = conn.execute(
            "SELECT s.id, s.client_id FROM sessions s JOIN cosignatures c ON c.session_id = s.id "
            "ORDER BY s.id"
        ).fetchone()
    assert row is not None, "the demo has co-signed notes"
    return row[0], row[1]


def test_changed_cosignature_is_caught(demo_path: Path) -> None:
    """Co-signatures are sealed in the note's chain like signatures and addenda."""
    session_id, _ = _cosigned_session(demo_path)
    with outsider(demo_path) as conn:
        conn.execute("DROP TRIGGER cosignatures_no_update")
        conn.execute(
            "UPDATE cosignatures SET signer_name = 'Someone Else' WHERE session_id = ?",
            [session_id],
        )
    assert any(session_id in m for m in messages(reopen(demo_path)))


def test_deleted_cosignature_is_caught(demo_path: Path) -> None:
    session_id, _ = _cosigned_session(demo_path)
    with outsider(demo_path) as conn:
        conn.execute("DROP TRIGGER cosignatures_no_delete")
        conn.execute("DELETE FROM cosignatures WHERE session_id = ?", [session_id])
    assert any(session_id in m for m in messages(reopen(demo_path)))


def test_forged_cosignature_is_named(demo_path: Path) -> None:
    with outsider(demo_path) as conn:
        session_id = conn.execute(
            "SELECT id FROM sessions WHERE signed = 1 AND id NOT IN "
            "(SELECT session_id FROM cosignatures) ORDER BY id"
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO cosignatures (session_id, staff_id, signed_at_utc, timezone, "
            "signer_name, credential, statement) VALUES (?, 'staff-dana', "
            "'2026-11-19T10:00:00Z', 'UTC', 'Dana Whitfield', 'LCSW', 'Reviewed')",
            [session_id],
        )
    found = messages(reopen(demo_path))
    assert f"session {session_id}: the cosignature was inserted behind the app's back" in found


def test_check_for_one_client_finds_its_problems_and_shared_ones_only(demo_path: Path) -> None:
    """The packet's check (issue 12): one client's seals plus what concerns everyone
    (deleted signed notes, the audit chain), not every other client's notes."""
    with outsider(demo_path) as conn:
        mine, other, gone = (
            conn.execute(
                "SELECT id FROM sessions WHERE signed = 1 AND client_id = ? ORDER BY id LIMIT 1",
                [client],
            ).fetchone()[0]
            for client in ("client-marcus", "client-lena", "client-tran")
        )
        for name in ("signed_session_locked", "signed_session_no_delete"):
            conn.execute(f"DROP TRIGGER {name}")
        for session_id in (mine, other):
            conn.execute("UPDATE sessions SET note = 'rewritten' WHERE id = ?", [session_id])
        conn.execute("DELETE FROM sessions WHERE id = ?", [gone])  # its rows stay behind
    store = reopen(demo_path)
    whole = {p.record for p in store.check_record().problems}
    assert {mine, other, gone} <= whole
    scoped = store.check_record("client-marcus")
    records = {p.record for p in scoped.problems}
    assert mine in records and gone in records and other not in records
    assert {p.record for p in scoped.concerns("client-marcus")} == {
        p.record for p in store.check_record().concerns("client-marcus")
    }
    assert scoped.signed_notes < store.check_record().signed_notes


def test_the_shipped_trigger_list_is_what_the_migrations_create() -> None:
    """Opening a file compares its triggers with ``store.schema_triggers`` (issue 12:
    no migration in memory at every start). A migration added since makes it stale:
    rewrite it with ``python -m sessionlog.store.schema_triggers``."""
    from sessionlog.store import schema_triggers
    from sessionlog.store.integrity import (
        expected_triggers,
        migrated_triggers,
        schema_triggers_source,
    )

    assert migrations.names() == schema_triggers.MIGRATIONS, (
        "store/schema_triggers.py is stale: run python -m sessionlog.store.schema_triggers"
    )
    assert migrated_triggers() == schema_triggers.TRIGGERS
    assert expected_triggers() == migrated_triggers()
    shipped = Path(schema_triggers.__file__).read_text(encoding="utf-8")
    assert shipped == schema_triggers_source()


def test_a_stale_trigger_list_is_not_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a migration the list was not written for, the triggers come from migrating
    a database in memory, so a trigger that migration adds is still restored."""
    from sessionlog.store import integrity, schema_triggers

    monkeypatch.setattr(schema_triggers, "MIGRATIONS", schema_triggers.MIGRATIONS[:-1])
    monkeypatch.setattr(schema_triggers, "TRIGGERS", {"not_a_trigger": "CREATE TRIGGER x"})
    integrity.expected_triggers.cache_clear()
    try:
        assert integrity.expected_triggers() == integrity.migrated_triggers()
    finally:
        integrity.expected_triggers.cache_clear()


# ---- the packet's check from a kept checkpoint (issue 12) ------------------------------


def _last_row(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT max(id) FROM audit_log").fetchone()[0])


def _a_later_write(store: Store) -> None:
    member = store.staff_members()[0]
    store.save_staff(replace(member, credential=member.credential + " (updated)"))


def _behind_the_apps_back(path: Path, *statements: tuple[str, list[object]]) -> None:
    """Drop the log's triggers, run the statements, and put the triggers back by hand, so
    the next open finds nothing missing and records no restore."""
    with outsider(path) as conn:
        kept = {
            name: sql
            for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND name IN ('audit_log_no_update', 'audit_log_no_delete')"
            )
        }
        for name in kept:
            conn.execute(f"DROP TRIGGER {name}")
        for sql, params in statements:
            conn.execute(sql, params)
        for sql in kept.values():
            conn.execute(sql)


def test_a_whole_check_keeps_a_checkpoint_and_a_packets_check_starts_from_it(
    demo_path: Path,
) -> None:
    _, client_id = signed_session(demo_path)
    store = reopen(demo_path)
    first = store.check_record(client_id)
    assert first.ok and first.audit_checked_from == 0  # no checkpoint yet: every link
    kept_at = first.last_audit_row
    _a_later_write(store)
    later = store.check_record(client_id)
    assert later.ok
    assert later.audit_checked_from == kept_at + 1
    assert later.last_audit_row == kept_at + 1
    assert from_utc_text(later.audit_verified_at) <= utc_now()
    assert later.signed_notes == first.signed_notes  # the client's seals, every time
    assert store.check_record().ok  # the whole check moves the checkpoint on
    assert store.check_record(client_id).audit_checked_from == kept_at + 2


def test_a_packets_check_recomputes_the_clients_own_rows_before_the_checkpoint(
    demo_path: Path,
) -> None:
    session_id, client_id = signed_session(demo_path)
    store = reopen(demo_path)
    assert store.check_record().ok
    store.db.close()
    with outsider(demo_path) as conn:
        own_row = conn.execute(
            "SELECT min(id) FROM audit_log WHERE entity = 'session' AND entity_id = ?",
            [session_id],
        ).fetchone()[0]
        shared_row = conn.execute(
            "SELECT min(id) FROM audit_log WHERE entity = 'staff'"
        ).fetchone()[0]
    _behind_the_apps_back(
        demo_path,
        ("UPDATE audit_log SET actor = 'nobody' WHERE id IN (?, ?)", [own_row, shared_row]),
    )
    scoped = reopen(demo_path).check_record(client_id)
    assert scoped.audit_checked_from > own_row  # the shortcut was taken
    assert {p.message for p in scoped.concerns(client_id)} >= {
        f"audit row {own_row}: changed after it was written",
        f"audit row {shared_row}: changed after it was written",
    }


def test_a_row_deleted_before_the_checkpoint_is_left_to_the_daily_check_and_the_packet_says_so(
    demo_path: Path,
) -> None:
    """The shortcut's limit (docs/security.md): another client's row deleted before the
    checkpoint by someone who also puts the trigger back by hand is not followed by a
    packet's check within the day; the whole check finds it, and so does a packet's check
    once the checkpoint is a day old, which then follows every link again."""
    _, client_id = signed_session(demo_path)
    store = reopen(demo_path)
    assert store.check_record().ok
    store.db.close()
    with outsider(demo_path) as conn:
        row = _another_clients_note_row(conn, client_id)
    _behind_the_apps_back(demo_path, ("DELETE FROM audit_log WHERE id = ?", [row]))
    store = reopen(demo_path)
    assert store.triggers_restored_at_open() == []
    expected = f"audit row {row + 1}: audit row {row} before it was deleted"
    today = store.check_record(client_id)
    assert today.ok and today.audit_checked_from > row  # what it checked, stated
    assert expected in messages(store)  # `sessionlog check`
    tomorrow = store.check_record(client_id, now=utc_now() + timedelta(hours=25))
    assert tomorrow.audit_checked_from == 0
    assert expected in {p.message for p in tomorrow.concerns(client_id)}


def test_a_trigger_put_back_since_the_checkpoint_makes_the_packet_follow_every_link(
    demo_path: Path,
) -> None:
    _, client_id = signed_session(demo_path)
    store = reopen(demo_path)
    assert store.check_record().ok
    store.db.close()
    with outsider(demo_path) as conn:
        row = _another_clients_note_row(conn, client_id)
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE id = ?", [row])
    store = reopen(demo_path)  # puts the trigger back and records it
    assert store.triggers_restored_at_open() == ["audit_log_no_delete"]
    scoped = store.check_record(client_id)
    assert scoped.audit_checked_from == 0
    assert f"audit row {row + 1}: audit row {row} before it was deleted" in {
        p.message for p in scoped.concerns(client_id)
    }


def test_a_replaced_checkpoint_row_or_an_edited_later_row_is_found(demo_path: Path) -> None:
    _, client_id = signed_session(demo_path)
    store = reopen(demo_path)
    assert store.check_record().ok
    kept = store.check_record(client_id).last_audit_row
    _a_later_write(store)
    _a_later_write(store)
    store.db.close()
    with outsider(demo_path) as conn:
        conn.row_factory = sqlite3.Row
        anchor = dict(conn.execute("SELECT * FROM audit_log WHERE id = ?", [kept]).fetchone())
    anchor["actor"] = "nobody"
    rehashed = audit_hash(anchor, anchor["previous_sha256"])
    _behind_the_apps_back(
        demo_path,
        ("UPDATE audit_log SET actor = 'nobody', sha256 = ? WHERE id = ?", [rehashed, kept]),
        ("UPDATE audit_log SET actor = 'nobody' WHERE id = ?", [kept + 2]),
    )
    scoped = reopen(demo_path).check_record(client_id)
    assert scoped.audit_checked_from == 0  # the checkpoint no longer holds: every link
    found = {p.message for p in scoped.concerns(client_id)}
    assert f"audit row {kept + 1}: its link to the previous row is broken (a row was removed)" in (
        found
    )
    assert f"audit row {kept + 2}: changed after it was written" in found


def test_no_checkpoint_is_kept_from_a_chain_that_fails(demo_path: Path) -> None:
    _, client_id = signed_session(demo_path)
    with outsider(demo_path) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'nobody' WHERE id = 2")
    store = reopen(demo_path)
    assert not store.check_record().ok
    assert store.get_state("audit_chain_verified") is None
    assert store.check_record(client_id).audit_checked_from == 0


def test_the_whole_check_read_in_parts_finds_what_it_finds_read_at_once(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole file's check reads notes in parts (issue 12: read at once, ten years of
    them froze the window); parts of one note name the same problems in the same order,
    with the same counts, as one part holding every note."""
    with outsider(demo_path) as conn:
        signed = [
            r[0] for r in conn.execute("SELECT id FROM sessions WHERE signed = 1 ORDER BY id")
        ]
        edited, forged, gone = signed[1], signed[3], signed[-1]
        conn.execute("DROP TRIGGER signed_segments_locked_upd")
        conn.execute("UPDATE segments SET end_utc = NULL WHERE session_id = ?", [edited])
        staff = conn.execute("SELECT staff_id FROM sessions WHERE id = ?", [forged]).fetchone()
        conn.execute(
            "INSERT INTO addenda (id, session_id, staff_id, written_at_utc, timezone, reason, "
            "text) VALUES ('forged', ?, ?, '2026-11-19T10:00:00Z', 'UTC', 'x', 'y')",
            [forged, staff[0]],
        )
        conn.execute("PRAGMA foreign_keys = OFF")
        for trigger in ("signed_session_no_delete", "signed_segments_locked_del"):
            conn.execute(f"DROP TRIGGER {trigger}")
        conn.execute("DELETE FROM segments WHERE session_id = ?", [gone])
        conn.execute("DELETE FROM sessions WHERE id = ?", [gone])

    def report_with_parts_of(notes: int) -> IntegrityReport:
        monkeypatch.setattr("sessionlog.store.integrity._PART_NOTES", notes)
        store = reopen(demo_path)
        try:
            return store.check_record()
        finally:
            store.db.close()

    at_once, in_parts = report_with_parts_of(100_000), report_with_parts_of(1)
    assert {edited, forged, gone} <= {p.record for p in at_once.problems}
    assert [p.message for p in in_parts.problems] == [p.message for p in at_once.problems]
    assert [p.client_id for p in in_parts.problems] == [p.client_id for p in at_once.problems]
    assert (in_parts.signed_notes, in_parts.seals) == (at_once.signed_notes, at_once.seals)
