"""Seals, the audit hash chain, protective triggers and the record check (issue 13).

The store writes a seal in the same transaction as every signature, co-signature and
addendum, and chains every audit row (``Repository.audit``). :func:`check_record`
recomputes all of it from what is in the file; :func:`restore_protective_triggers` puts
back any trigger of the newest schema that someone dropped.
"""

from __future__ import annotations

import json
import sqlite3
import weakref
from collections.abc import Callable, Container, Iterable
from contextlib import suppress
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sessionlog.core.clock import from_utc_text, to_utc_text
from sessionlog.core.integrity import (
    SEAL_ADDENDUM,
    SEAL_COSIGNATURE,
    SEAL_SIGNATURE,
    IntegrityReport,
    Problem,
    audit_hash,
    check_seal_chain,
    note_content,
    seal_hash,
)
from sessionlog.core.language import Phrase
from sessionlog.core.models import utc_now
from sessionlog.store import encryption
from sessionlog.store.sqlite import Database, select_rows
from sessionlog.store.wording import t

CHAIN_STARTED_KEY = "integrity_chain_started"
AUDIT_HEAD_KEY = "audit_chain_head"
AUDIT_BREAKS_KEY = "audit_chain_breaks"

_RECORD_TABLES = {
    SEAL_SIGNATURE: ("signatures", "session_id"),
    SEAL_COSIGNATURE: ("cosignatures", "session_id"),
    SEAL_ADDENDUM: ("addenda", "id"),
}

# Triggers recreated at the last open of a connection, for the app and CLI to report.
_restored_at_open: weakref.WeakKeyDictionary[Database, list[str]] = weakref.WeakKeyDictionary()


def _rows(db: Database, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    return select_rows(db, sql, params)


def _has_table(db: Database, name: str) -> bool:
    return bool(_rows(db, "SELECT 1 AS x FROM sqlite_master WHERE type='table' AND name=?", [name]))


# ---- what a note's seal covers ---------------------------------------------------


def note_contents(db: Database, session_ids: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Sealed content of notes as stored now (all signed notes when ``session_ids`` is None),
    read in a few bulk queries so a check over years of notes stays linear."""
    if session_ids is None:
        where, params = "WHERE signed = 1", []
        seg_where = "WHERE session_id IN (SELECT id FROM sessions WHERE signed = 1)"
    else:
        if not session_ids:
            return {}
        marks = ",".join("?" * len(session_ids))
        where, params = f"WHERE id IN ({marks})", list(session_ids)
        seg_where = f"WHERE session_id IN ({marks})"
    rows = {r["id"]: r for r in _rows(db, f"SELECT * FROM sessions {where}", params)}
    segments: dict[str, list[tuple[str, str | None]]] = {}
    for r in _rows(db, f"SELECT session_id, start_utc, end_utc FROM segments {seg_where}", params):
        segments.setdefault(r["session_id"], []).append((r["start_utc"], r["end_utc"]))
    objectives: dict[str, list[str]] = {}
    for r in _rows(
        db, f"SELECT session_id, objective_id FROM session_objectives {seg_where}", params
    ):
        objectives.setdefault(r["session_id"], []).append(r["objective_id"])
    return {
        sid: note_content(row, segments.get(sid, []), objectives.get(sid, []))
        for sid, row in rows.items()
    }


def _record(db: Database, kind: str, record_id: str) -> dict[str, Any] | None:
    table, key = _RECORD_TABLES[kind]
    rows = _rows(db, f"SELECT * FROM {table} WHERE {key} = ?", [record_id])
    return rows[0] if rows else None


def write_seal(db: Database, session_id: str, kind: str, record_id: str) -> str:
    """Seal one signing act; call inside its transaction, after its row is written."""
    record = _record(db, kind, record_id)
    if record is None:
        raise ValueError(f"no {kind} {record_id} to seal")
    note = note_contents(db, [session_id])[session_id]
    last = _rows(
        db, "SELECT sha256 FROM seals WHERE session_id = ? ORDER BY id DESC LIMIT 1", [session_id]
    )
    previous = last[0]["sha256"] if last else ""
    digest = seal_hash(kind, record, note, previous)
    db.execute(
        "INSERT INTO seals (session_id, kind, record_id, previous_sha256, sha256, sealed_at_utc) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [session_id, kind, record_id, previous, digest, to_utc_text(utc_now())],
    )
    return digest


def written_notes(
    rows: Iterable[dict[str, Any]],
    segments: Iterable[tuple[str, str, str | None]],
    objectives: Iterable[tuple[str, str]],
) -> dict[str, dict[str, Any]]:
    """The sealed content of notes from the values a write has just stored: their
    ``sessions`` rows, and ``(session id, start, end)`` and ``(session id, objective
    id)`` rows of segments and objectives; what :func:`note_contents` reads back."""
    segments_of: dict[str, list[tuple[str, str | None]]] = {}
    for session_id, start, end in segments:
        segments_of.setdefault(session_id, []).append((start, end))
    objectives_of: dict[str, list[str]] = {}
    for session_id, objective_id in objectives:
        objectives_of.setdefault(session_id, []).append(objective_id)
    return {
        row["id"]: note_content(
            row, segments_of.get(row["id"], []), objectives_of.get(row["id"], [])
        )
        for row in rows
    }


def seal_new_notes(
    db: Database,
    acts: list[tuple[str, str, str]],
    notes: dict[str, dict[str, Any]],
    records: dict[tuple[str, str], dict[str, Any]],
) -> None:
    """Seal the signing acts ``(session id, kind, record id)`` of notes just written
    together (an import), in order: what :func:`write_seal` would store one by one.
    ``notes`` (see :func:`written_notes`) and ``records`` (``(kind, record id)`` -> the
    signature, addendum or co-signature row) are the values the same write has just
    stored, not read back (a third of the seals' cost, issue 12); the record check
    recomputes every seal from the file. Each note's chain starts empty (the notes
    are new)."""
    if not acts:
        return
    previous: dict[str, str] = {}
    values = []
    sealed_at = to_utc_text(utc_now())  # one write, one moment
    for session_id, kind, record_id in acts:
        record = records.get((kind, record_id))
        if record is None:
            raise ValueError(f"no {kind} {record_id} to seal")
        last = previous.get(session_id, "")
        digest = seal_hash(kind, record, notes[session_id], last)
        values.append((session_id, kind, record_id, last, digest, sealed_at))
        previous[session_id] = digest
    db.conn.executemany(
        "INSERT INTO seals (session_id, kind, record_id, previous_sha256, sha256, sealed_at_utc) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        values,
    )


def seal_existing_records(db: Database) -> int:
    """Seal every signed note, co-signature and addendum already in the file, oldest act
    first (migration m008: the chain of an existing database starts there)."""
    acts: list[tuple[str, str, str, str]] = []  # (when, session, kind, record id)
    for r in _rows(db, "SELECT session_id, signed_at_utc FROM signatures"):
        acts.append(("0", r["session_id"], SEAL_SIGNATURE, r["session_id"]))
    if _has_table(db, "cosignatures"):
        for r in _rows(db, "SELECT session_id, signed_at_utc FROM cosignatures"):
            acts.append((r["signed_at_utc"], r["session_id"], SEAL_COSIGNATURE, r["session_id"]))
    for r in _rows(db, "SELECT id, session_id, written_at_utc FROM addenda"):
        acts.append((r["written_at_utc"], r["session_id"], SEAL_ADDENDUM, r["id"]))
    acts.sort(key=lambda act: (act[1], act[0] != "0", act[0], act[3]))
    for _, session_id, kind, record_id in acts:
        write_seal(db, session_id, kind, record_id)
    return len(acts)


# ---- the audit chain -------------------------------------------------------------


def append_audit(db: Database, row: dict[str, Any]) -> None:
    """Insert one audit row chained to the last: its id is the next number, its hash
    covers its fields and the previous hash. Call inside the write's transaction."""
    append_audit_rows(db, [row])


def append_audit_rows(db: Database, rows: list[dict[str, Any]]) -> None:
    """Insert audit rows in order, each chained to the one before, in one statement (an
    import writes several per note). Call inside the write's transaction."""
    if not rows:
        return
    last = _rows(db, "SELECT id, sha256 FROM audit_log ORDER BY id DESC LIMIT 1")
    previous = (last[0]["sha256"] or "") if last else ""
    last_id = last[0]["id"] if last else 0
    head_text = _state(db, AUDIT_HEAD_KEY)
    if head_text and _head_problem(json.loads(head_text), last_id, previous):
        # The log's end moved behind the app's back: keep that as evidence before this
        # row moves the head on (the check reports it).
        breaks = json.loads(_state(db, AUDIT_BREAKS_KEY) or "[]")
        breaks.append({"head": json.loads(head_text), "found_id": last_id, "found": previous})
        _set_state(db, AUDIT_BREAKS_KEY, json.dumps(breaks))
    values = []
    for number, given in enumerate(rows, start=last_id + 1):
        row = {**given, "id": number}
        digest = audit_hash(row, previous)
        values.append(
            (
                row["id"],
                row["at_utc"],
                row["actor"],
                row["action"],
                row["entity"],
                row["entity_id"],
                row["details"],
                previous,
                digest,
            )
        )
        previous = digest
    db.conn.executemany(
        "INSERT INTO audit_log (id, at_utc, actor, action, entity, entity_id, details, "
        "previous_sha256, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        values,
    )
    _set_state(db, AUDIT_HEAD_KEY, json.dumps({"id": values[-1][0], "sha256": previous}))


def hash_existing_audit_rows(db: Database) -> int:
    """Chain the audit rows already in the file (migration m008)."""
    previous = ""
    rows = _rows(db, "SELECT * FROM audit_log ORDER BY id")
    for row in rows:
        digest = audit_hash(row, previous)
        db.execute(
            "UPDATE audit_log SET previous_sha256 = ?, sha256 = ? WHERE id = ?",
            [previous, digest, row["id"]],
        )
        previous = digest
    if rows:
        _set_state(db, AUDIT_HEAD_KEY, json.dumps({"id": rows[-1]["id"], "sha256": previous}))
    return len(rows)


def _set_state(db: Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO app_state (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def _state(db: Database, key: str) -> str | None:
    rows = _rows(db, "SELECT value FROM app_state WHERE key = ?", [key])
    return rows[0]["value"] if rows else None


def mark_chain_start(db: Database, how: str) -> None:
    _set_state(db, CHAIN_STARTED_KEY, f"{to_utc_text(utc_now())} ({how})")


# ---- protective triggers ---------------------------------------------------------


@cache
def expected_triggers() -> dict[str, str]:
    """Every trigger of the newest schema, by name, as a freshly migrated file has it.

    Read from ``store.schema_triggers``, written from the migrations, while it was
    written for this code's migrations: every open of a file compares its triggers with
    these, and migrating an empty database in memory to know them took a tenth of a
    second and sqlite-utils' import at every start (issue 12). A migration added since
    (the list is stale until rewritten; a test says so) falls back to migrating."""
    from sessionlog.store import schema_triggers
    from sessionlog.store.migrations import migrations

    if migrations.names() == schema_triggers.MIGRATIONS:
        return dict(schema_triggers.TRIGGERS)
    return migrated_triggers()


def migrated_triggers() -> dict[str, str]:
    """Every trigger of a database freshly migrated in memory, by name."""
    from sessionlog.store.migrations import migrations
    from sessionlog.store.sqlite import Database

    conn = sqlite3.connect(":memory:")
    try:
        fresh = Database(conn)
        migrations.apply(fresh)
        return {
            r["name"]: r["sql"]
            for r in _rows(fresh, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        }
    finally:
        conn.close()


def schema_triggers_source() -> str:
    """The text of ``store/schema_triggers.py`` for this code's migrations."""
    from sessionlog.store.migrations import migrations

    lines = [
        '"""Every trigger of the newest schema, as a freshly migrated file has it, for the',
        "migrations listed: ``store.integrity.expected_triggers`` reads it instead of migrating",
        "an empty database at every start (issue 12). Written by",
        "``python -m sessionlog.store.schema_triggers``; do not edit by hand (a test compares",
        'it with a fresh migration)."""',
        "",
        "# ruff: noqa: E501",
        "",
        "MIGRATIONS = (",
        *(f"    {json.dumps(name)}," for name in migrations.names()),
        ")",
        "",
        "TRIGGERS = {",
    ]
    for name, sql in sorted(migrated_triggers().items()):
        lines.append(f"    {json.dumps(name)}: (")
        lines += [f"        {json.dumps(part)}" for part in sql.splitlines(keepends=True)]
        lines.append("    ),")
    lines += [
        "}",
        "",
        'if __name__ == "__main__":',
        "    from pathlib import Path",
        "",
        "    from sessionlog.store.integrity import schema_triggers_source",
        "",
        "    Path(__file__).write_text(schema_triggers_source())",
    ]
    return "\n".join(lines) + "\n"


def missing_triggers(db: Database) -> list[str]:
    present = {r["name"] for r in _rows(db, "SELECT name FROM sqlite_master WHERE type='trigger'")}
    return sorted(set(expected_triggers()) - present)


def restore_protective_triggers(db: Database, actor: str = "app") -> list[str]:
    """Recreate every trigger of the newest schema that is missing and record it in the
    audit log; returns the names that were missing (also kept for :func:`restored_at_open`)."""
    missing = missing_triggers(db)
    if missing:
        expected = expected_triggers()
        with db.atomic():
            for name in missing:
                db.execute(expected[name])
            append_audit(
                db,
                {
                    "at_utc": to_utc_text(utc_now()),
                    "actor": actor,
                    "action": "restore-triggers",
                    "entity": "database",
                    "entity_id": "triggers",
                    "details": json.dumps({"missing": missing}, sort_keys=True),
                },
            )
    _restored_at_open[db] = missing
    return missing


def restored_at_open(db: Database) -> list[str]:
    return list(_restored_at_open.get(db, []))


# ---- the check -------------------------------------------------------------------


def check_record(
    db: Database, client_id: str | None = None, *, now: datetime | None = None
) -> IntegrityReport:
    """Recompute every seal and the audit chain; name each record that does not hold.

    With ``client_id``, what a packet needs, without hashing ten years of every other
    client's records (issue 12): the seals of that client's notes; the audit chain as
    :func:`_check_audit_chain` says; and the content of every audit row except those about
    other clients' records. Triggers are checked whole either way; the counts are then the
    client's. A check that followed the whole chain and found it whole, with no signed note
    gone, keeps the last row as the file's checkpoint (``AUDIT_VERIFIED_KEY``)."""
    now = now or utc_now()
    report = IntegrityReport(chain_start=_state(db, CHAIN_STARTED_KEY) or "")
    report.restored_triggers = restored_at_open(db)
    missing = missing_triggers(db)
    for name in missing:
        report.problems.append(
            Problem(
                "database",
                name,
                t.later("protective trigger {name} is missing (dropped)", name=name),
            )
        )
    checkpoint = None if client_id is None or missing else _usable_checkpoint(db, now)
    whole_chain_sound = _check_audit_chain(db, report, client_id, checkpoint)
    before = len(report.problems)
    _check_seals(db, report, client_id, look_for_gone=checkpoint is None)
    nothing_gone = not any(p.client_id is None for p in report.problems[before:])
    if whole_chain_sound and report.audit_checked_from == 0 and not missing and nothing_gone:
        _keep_checkpoint(db, report, now)
    return report


# The last audit row of a check that verified every row and link of the chain and found no
# signed note gone: {"id", "sha256", "at_utc"} (issue 12).
AUDIT_VERIFIED_KEY = "audit_chain_verified"
# How long a packet's check relies on that checkpoint before following the whole chain
# again itself (so every row is verified in full at least this often while packets are made).
CHECKPOINT_LIFETIME = timedelta(hours=24)


def _usable_checkpoint(db: Database, now: datetime) -> dict[str, Any] | None:
    """The kept checkpoint, when a packet's check may start from it: made within a day
    (and not in the future), and no protective trigger put back since it was made (every
    change behind the app's back to a row before it needs a trigger dropped, which the
    next open puts back and records in the log)."""
    text = _state(db, AUDIT_VERIFIED_KEY)
    if not text:
        return None
    try:
        checkpoint = json.loads(text)
        made = from_utc_text(checkpoint["at_utc"])
        row_id, digest = int(checkpoint["id"]), str(checkpoint["sha256"])
    except (ValueError, KeyError, TypeError):
        return None
    if not now - CHECKPOINT_LIFETIME <= made <= now:
        return None
    restored = db.conn.execute(
        "SELECT 1 FROM audit_log WHERE entity = 'database' AND entity_id = 'triggers' "
        "AND action = 'restore-triggers' AND id > ? LIMIT 1",
        [row_id],
    ).fetchone()
    if restored:
        return None
    return {"id": row_id, "sha256": digest, "at_utc": checkpoint["at_utc"]}


def _keep_checkpoint(db: Database, report: IntegrityReport, now: datetime) -> None:
    if not report.last_audit_row:
        return
    last = db.conn.execute(
        "SELECT sha256 FROM audit_log WHERE id = ?", [report.last_audit_row]
    ).fetchone()
    value = {"id": report.last_audit_row, "sha256": last[0], "at_utc": to_utc_text(now)}
    # A read-only or busy file keeps none: the next check follows the whole chain again.
    with suppress(*encryption.OperationalError):
        _set_state(db, AUDIT_VERIFIED_KEY, json.dumps(value, sort_keys=True))


_AUDIT_COLUMNS = "id, at_utc, actor, action, entity, entity_id, details, previous_sha256, sha256"
_AUDIT_FIELDS = tuple(c.strip() for c in _AUDIT_COLUMNS.split(","))

# Where each kind of record's client is: an audit row about one of them concerns that
# client (an edited row is named in that client's packets and in ``sessionlog check``).
_CLIENT_OF = {
    "session": "SELECT client_id FROM sessions WHERE id = ?",
    "plan": "SELECT client_id FROM plans WHERE id = ?",
    "authorization": "SELECT client_id FROM authorizations WHERE id = ?",
    "client": "SELECT id FROM clients WHERE id = ?",
}

# A client's own audit rows before the checkpoint, by the (entity, entity_id) index.
_CLIENT_ROWS_BEFORE = f"""
    SELECT {_AUDIT_COLUMNS} FROM audit_log WHERE id < :before AND entity = 'session'
        AND entity_id IN (SELECT id FROM sessions WHERE client_id = :client)
    UNION ALL SELECT {_AUDIT_COLUMNS} FROM audit_log WHERE id < :before AND entity = 'plan'
        AND entity_id IN (SELECT id FROM plans WHERE client_id = :client)
    UNION ALL SELECT {_AUDIT_COLUMNS} FROM audit_log WHERE id < :before
        AND entity = 'authorization'
        AND entity_id IN (SELECT id FROM authorizations WHERE client_id = :client)
    UNION ALL SELECT {_AUDIT_COLUMNS} FROM audit_log WHERE id < :before AND entity = 'client'
        AND entity_id = :client
"""


def _entities(db: Database) -> list[str]:
    """The kinds of record the audit log names, each found by one index seek."""
    kinds: list[str] = []
    row = db.conn.execute("SELECT min(entity) FROM audit_log").fetchone()
    while row and row[0] is not None:
        kinds.append(row[0])
        row = db.conn.execute(
            "SELECT min(entity) FROM audit_log WHERE entity > ?", [row[0]]
        ).fetchone()
    return kinds


# Rows a packet's check looks at without a checkpoint, each with the row before it: every
# row whose link or place in the chain is not plain (the first row, a gap, no hash, a broken
# link), and every row not about another client's record (their note, plan, authorization
# or client row; a kind of record not named here is always looked at). A link is compared
# through the row whose id is one less, by primary key: the whole chain costs one join.
_SCOPED_AUDIT_ROWS = f"""
    SELECT {", ".join("a." + c for c in _AUDIT_FIELDS)},
           p.id AS previous_id, COALESCE(p.sha256, '') AS previous_row_sha256
    FROM audit_log a LEFT JOIN audit_log p ON p.id = a.id - 1
    WHERE p.id IS NULL OR a.sha256 IS NULL
       OR a.previous_sha256 IS NOT COALESCE(p.sha256, '')
       OR NOT (
              (a.entity = 'session'
               AND a.entity_id IN (SELECT id FROM sessions WHERE client_id != :client))
           OR (a.entity = 'plan'
               AND a.entity_id IN (SELECT id FROM plans WHERE client_id != :client))
           OR (a.entity = 'authorization'
               AND a.entity_id IN (SELECT id FROM authorizations WHERE client_id != :client))
           OR (a.entity = 'client' AND a.entity_id != :client))
    ORDER BY a.id
"""


def _check_audit_chain(
    db: Database,
    report: IntegrityReport,
    client_id: str | None,
    checkpoint: dict[str, Any] | None = None,
) -> bool:
    """Add the chain's problems to ``report``; True when this check followed every link
    of the chain and found it whole (a checkpoint may be kept from it).

    Without ``client_id`` (``sessionlog check``): every row and link, every row's hash
    recomputed. With it, no usable checkpoint: every link, and the hash of every row
    except those about other clients' records (their own packets recompute them). With a
    checkpoint (a packet's check, issue 12): see :func:`_check_from_checkpoint`; anything
    unexpected at the checkpoint row falls back to following every link."""
    if (
        checkpoint is not None
        and client_id is not None
        and _check_from_checkpoint(db, report, client_id, checkpoint)
    ):
        return False
    report.audit_checked_from, report.audit_verified_at = 0, ""
    conn = db.conn
    found: list[Problem] = []
    if client_id is None:
        previous, previous_id, count = "", 0, 0
        for values in conn.execute(f"SELECT {_AUDIT_COLUMNS} FROM audit_log ORDER BY id"):
            row = dict(zip(_AUDIT_FIELDS, values, strict=True))
            found += _row_problems(row, previous_id, previous)
            previous, previous_id, count = row["sha256"] or "", row["id"], count + 1
        report.audit_rows = count
    else:
        for values in conn.execute(_SCOPED_AUDIT_ROWS, {"client": client_id}):
            row = dict(zip(_AUDIT_FIELDS, values[:-2], strict=True))
            previous_id, previous = values[-2], values[-1]
            if previous_id is None:  # the first row, or rows before it were deleted
                before = conn.execute(
                    "SELECT id, sha256 FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1",
                    [row["id"]],
                ).fetchone()
                previous_id, previous = (before[0], before[1] or "") if before else (0, "")
            found += _row_problems(row, previous_id, previous)
        report.audit_rows = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        last = conn.execute("SELECT id, sha256 FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        previous_id, previous = (last[0], last[1] or "") if last else (0, "")
    report.last_audit_row = previous_id
    found += _head_problems(db, previous_id, previous)
    report.problems += found
    return not found


def _check_from_checkpoint(
    db: Database, report: IntegrityReport, client_id: str, checkpoint: dict[str, Any]
) -> bool:
    """The packet's shortcut; False (nothing added) when the checkpoint row does not hold."""
    conn = db.conn
    tail = conn.execute(
        f"SELECT {_AUDIT_COLUMNS} FROM audit_log WHERE id >= ? ORDER BY id", [checkpoint["id"]]
    )
    first = tail.fetchone()
    if first is None:
        return False
    anchor = dict(zip(_AUDIT_FIELDS, first, strict=True))
    if (
        anchor["id"] != checkpoint["id"]
        or anchor["sha256"] != checkpoint["sha256"]
        or audit_hash(anchor, anchor["previous_sha256"] or "") != anchor["sha256"]
    ):
        return False
    found: list[Problem] = []
    previous, previous_id, count = anchor["sha256"], anchor["id"], 1
    for values in tail:
        row = dict(zip(_AUDIT_FIELDS, values, strict=True))
        found += _row_problems(row, previous_id, previous, db)
        previous, previous_id, count = row["sha256"] or "", row["id"], count + 1
    shared = [k for k in _entities(db) if k not in _CLIENT_OF]
    earlier = conn.execute(_CLIENT_ROWS_BEFORE, {"before": anchor["id"], "client": client_id})
    rows = [dict(zip(_AUDIT_FIELDS, values, strict=True)) for values in earlier]
    for kind in shared:
        rows += [
            dict(zip(_AUDIT_FIELDS, values, strict=True))
            for values in conn.execute(
                f"SELECT {_AUDIT_COLUMNS} FROM audit_log WHERE entity = ? AND id < ?",
                [kind, anchor["id"]],
            )
        ]
    for row in sorted(rows, key=lambda r: r["id"]):
        count += 1
        if row["sha256"] is None:
            found.append(
                _audit_problem(
                    row["id"], t.later("inserted behind the app's back (it has no hash)")
                )
            )
        elif audit_hash(row, row["previous_sha256"] or "") != row["sha256"]:
            owner = client_id if row["entity"] in _CLIENT_OF else None
            found.append(_audit_problem(row["id"], t.later("changed after it was written"), owner))
    found += _head_problems(db, previous_id, previous)
    report.problems += [p for p in found if p.client_id in (None, client_id)]
    report.audit_rows, report.last_audit_row = count, previous_id
    report.audit_checked_from = anchor["id"] + 1
    report.audit_verified_at = checkpoint["at_utc"]
    return True


def _audit_problem(row_id: int, text: Phrase, client_id: str | None = None) -> Problem:
    return Problem(
        "audit",
        str(row_id),
        t.later("audit row {row}: {problem}", row=row_id, problem=text),
        client_id,
    )


def _row_problems(
    row: dict[str, Any], previous_id: int, previous: str, db: Database | None = None
) -> list[Problem]:
    """One row's problems. Given ``db``, an edited row about a client's record is named
    as that client's (a packet's check from a checkpoint leaves other clients' to them)."""
    found = []
    for text, edited in _audit_row_problems(row, previous_id, previous):
        owner = None
        if db is not None and edited and row["entity"] in _CLIENT_OF:
            hit = db.conn.execute(_CLIENT_OF[row["entity"]], [row["entity_id"]]).fetchone()
            owner = hit[0] if hit else None
        found.append(_audit_problem(row["id"], text, owner))
    return found


def _head_problems(db: Database, last_id: int, last_sha256: str) -> list[Problem]:
    """The log's end against the end the app last wrote (and ends kept from before)."""
    breaks = json.loads(_state(db, AUDIT_BREAKS_KEY) or "[]")
    head_text = _state(db, AUDIT_HEAD_KEY)
    if head_text:
        breaks.append({"head": json.loads(head_text), "found_id": last_id, "found": last_sha256})
    found = []
    for entry in breaks:
        moved = _head_problem(entry["head"], entry["found_id"], entry["found"])
        if moved:
            found.append(_audit_problem(entry["head"]["id"], moved))
    return found


def _audit_row_problems(
    row: dict[str, Any], previous_id: int, previous: str
) -> list[tuple[Phrase, bool]]:
    """What is wrong with one audit row, given the row before it in the log; each with
    whether it is an edit of the row itself (True) or a break in the chain (False)."""
    texts = []
    if row["id"] == previous_id + 2:
        texts.append((t.later("audit row {row} before it was deleted", row=previous_id + 1), False))
    elif row["id"] > previous_id + 2:
        texts.append(
            (
                t.later(
                    "audit rows {first} to {last} before it were deleted",
                    first=previous_id + 1,
                    last=row["id"] - 1,
                ),
                False,
            )
        )
    if row["sha256"] is None:
        texts.append((t.later("inserted behind the app's back (it has no hash)"), False))
    elif row["previous_sha256"] != previous:
        texts.append((t.later("its link to the previous row is broken (a row was removed)"), False))
    elif audit_hash(row, previous) != row["sha256"]:
        texts.append((t.later("changed after it was written"), True))
    return texts


def _head_problem(head: dict[str, Any], last_id: int, last_sha256: str) -> Phrase | None:
    """How the log's last row differs from the end the app last wrote, if it does."""
    if head["id"] > last_id:
        return t.later(
            "the log ended here; rows {first} to {last} were deleted",
            first=last_id + 1,
            last=head["id"],
        )
    if head["id"] < last_id:
        return t.later(
            "the log ended here; rows after it up to {last} were added behind the app's back",
            last=last_id,
        )
    if head["sha256"] != last_sha256:
        return t.later("the last row was replaced behind the app's back")
    return None


def _check_seals(
    db: Database,
    report: IntegrityReport,
    client_id: str | None = None,
    *,
    look_for_gone: bool = True,
) -> None:
    if client_id is None:
        _check_all_seals(db, report)
        return
    sessions = {
        r["id"]: r
        for r in _rows(
            db, "SELECT id, client_id, signed FROM sessions WHERE client_id = ?", [client_id]
        )
    }
    notes = note_contents(db, [sid for sid, r in sessions.items() if r["signed"]])
    # The client's notes, and any whose session is gone (a deleted signed note). The
    # ids are listed first, from the indexes alone, so each table below is read by
    # its session index instead of scanned whole (issue 12).
    params = [*sessions, *(_gone_session_ids(db) if look_for_gone else [])]
    if len(params) > _MOST_PARAMETERS:  # beyond SQLite's limit: each table scanned
        params = [client_id]
        scope = (
            "WHERE session_id IN (SELECT id FROM sessions WHERE client_id = ?) "
            "OR session_id NOT IN (SELECT id FROM sessions)"
        )
    else:
        scope = f"WHERE session_id IN ({','.join('?' * len(params))})" if params else "WHERE 0"
    records: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    for kind, (table, key) in _RECORD_TABLES.items():
        if not _has_table(db, table):
            continue
        for r in _rows(db, f"SELECT * FROM {table} {scope}", params):
            records.setdefault(r["session_id"], {})[(kind, r[key])] = r
    chains: dict[str, list[dict[str, Any]]] = {}
    for seal in _rows(db, f"SELECT * FROM seals {scope} ORDER BY id", params):
        chains.setdefault(seal["session_id"], []).append(seal)
    report.signed_notes = len(notes)
    report.seals = sum(len(c) for c in chains.values())
    _check_notes(
        report, sorted(set(chains) | set(notes) | set(records)), sessions, notes, records, chains
    )
    _check_signed_in_audit(
        db, chains, sessions.get, report, scope.replace("session_id", "entity_id"), params
    )


# How many notes the whole file's check reads and checks at a time.
_PART_NOTES = 500


def _check_all_seals(db: Database, report: IntegrityReport) -> None:
    """:func:`_check_seals` over the whole file, read and checked in parts of
    :data:`_PART_NOTES` notes in the order of their ids (the order the problems are named
    in). Read at once, ten years of notes, seals and signing records were millions of
    objects alive together: each of the interpreter's full garbage collections walked them
    all (up to 0.6 s each at 300k notes) and freeing them took as long, both holding the
    GIL, so the window froze for as long while the check ran in its worker (issue 12)."""
    tables = [table for table, _key in _RECORD_TABLES.values() if _has_table(db, table)]
    named = [
        "SELECT id FROM sessions WHERE signed = 1",
        "SELECT session_id FROM seals",
        *(f"SELECT session_id FROM {table}" for table in tables),
    ]
    session_ids = sorted(row[0] for row in db.conn.execute(" UNION ".join(named)))
    report.signed_notes = report.seals = 0
    sealed: set[str] = set()
    for start in range(0, len(session_ids), _PART_NOTES):
        part = session_ids[start : start + _PART_NOTES]
        marks = ",".join("?" * len(part))
        sessions = {
            r["id"]: r
            for r in _rows(
                db, f"SELECT id, client_id, signed FROM sessions WHERE id IN ({marks})", part
            )
        }
        notes = note_contents(db, [sid for sid, r in sessions.items() if r["signed"] == 1])
        records: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
        for kind, (table, key) in _RECORD_TABLES.items():
            if table not in tables:
                continue
            for r in _rows(db, f"SELECT * FROM {table} WHERE session_id IN ({marks})", part):
                records.setdefault(r["session_id"], {})[(kind, r[key])] = r
        chains: dict[str, list[dict[str, Any]]] = {}
        for seal in _rows(
            db, f"SELECT * FROM seals WHERE session_id IN ({marks}) ORDER BY id", part
        ):
            chains.setdefault(seal["session_id"], []).append(seal)
        report.signed_notes += len(notes)
        report.seals += sum(len(c) for c in chains.values())
        sealed.update(chains)
        _check_notes(report, part, sessions, notes, records, chains)

    def session_of(session_id: str) -> dict[str, Any] | None:
        rows = _rows(db, "SELECT id, client_id, signed FROM sessions WHERE id = ?", [session_id])
        return rows[0] if rows else None

    _check_signed_in_audit(db, sealed, session_of, report)


def _check_notes(
    report: IntegrityReport,
    session_ids: Iterable[str],
    sessions: dict[str, dict[str, Any]],
    notes: dict[str, dict[str, Any]],
    records: dict[str, dict[tuple[str, str], dict[str, Any]]],
    chains: dict[str, list[dict[str, Any]]],
) -> None:
    """Check the seals and signing records of ``session_ids`` (in that order)."""

    def problem(session_id: str, client_id: str | None, text: Phrase) -> None:
        report.problems.append(
            Problem(
                "session",
                session_id,
                t.later("session {session}: {problem}", session=session_id, problem=text),
                client_id,
            )
        )

    for session_id in session_ids:
        session = sessions.get(session_id)
        client_id = session["client_id"] if session else None
        chain = chains.get(session_id, [])
        own = records.get(session_id, {})
        if session is None:
            problem(session_id, None, t.later("a signed note was deleted behind the app's back"))
            continue
        if not session["signed"]:
            if chain or own:
                problem(
                    session_id,
                    client_id,
                    t.later("a signed note was unlocked behind the app's back"),
                )
            continue
        sealed = {(s["kind"], s["record_id"]) for s in chain}
        for kind, record_id in sorted(set(own) - sealed):
            label = (
                _SEAL_LABELS[kind]
                if kind in _SEAL_LABELS
                else t.later("addendum {id}", id=record_id)
            )
            problem(
                session_id,
                client_id,
                t.later("the {record} was inserted behind the app's back", record=label),
            )
        if not chain:
            if (SEAL_SIGNATURE, session_id) not in own:
                problem(session_id, client_id, t.later("marked signed without a signature"))
            continue
        acts = [
            (
                s["kind"],
                s["record_id"],
                own.get((s["kind"], s["record_id"])),
                s["previous_sha256"],
                s["sha256"],
            )
            for s in chain
        ]
        report.problems.extend(check_seal_chain(session_id, client_id, notes[session_id], acts))


# The signing records as a sentence names them (an addendum is named with its id).
_SEAL_LABELS = {
    SEAL_SIGNATURE: t.later("signature"),
    SEAL_COSIGNATURE: t.later("cosignature"),
}

# SQLite's limit on one statement's parameters (32766 since 3.32), with room to spare.
_MOST_PARAMETERS = 30000


def _gone_session_ids(db: Database) -> list[str]:
    """Sessions that seals, signing records or the audit log's ``sign`` rows name but that
    are no longer in the file."""

    # Each name is looked up in the sessions index where it is read, instead of every
    # name being gathered and then set against every session (a third less at 30k
    # sessions, issue 12); an audit row is read for its action only once its session is
    # known to be gone. A NULL name counts as gone unless a session has a NULL id, as
    # set difference (EXCEPT) has it.
    def gone(table: str, column: str, rows: str = "") -> str:
        return (
            f"SELECT {column} FROM {table} WHERE {rows}NOT EXISTS "
            f"(SELECT 1 FROM sessions WHERE id = {table}.{column}) AND ({column} IS NOT NULL "
            "OR NOT EXISTS (SELECT 1 FROM sessions WHERE id IS NULL))"
        )

    named = [gone("seals", "session_id"), gone("signatures", "session_id")]
    for table in ("cosignatures", "addenda"):
        if _has_table(db, table):
            named.append(gone(table, "session_id"))
    # The action last: the index holds entity and entity_id, the row is read only then.
    named.append(gone("audit_log", "entity_id", "entity = 'session' AND ") + " AND action = 'sign'")
    return [row[0] for row in db.conn.execute(" UNION ".join(named))]


def _check_signed_in_audit(
    db: Database,
    sealed: Container[str],
    session_of: Callable[[str], dict[str, Any] | None],
    report: IntegrityReport,
    scope: str = "",
    params: list[Any] | None = None,
) -> None:
    """A note the audit log says was signed must still be there, signed and sealed: this
    catches a signed note deleted together with its seals. ``sealed`` holds the notes with
    seals, ``session_of`` gives a note's ``sessions`` row (None when gone). ``scope`` (over
    entity_id) limits it to the notes :func:`_check_seals` read."""
    also = f"AND ({scope.removeprefix('WHERE ')})" if scope else ""
    for row in _rows(
        db,
        "SELECT DISTINCT entity_id FROM audit_log WHERE entity = 'session' AND action = 'sign' "
        f"{also}",
        params or [],
    ):
        session_id = row["entity_id"]
        if session_id in sealed:
            continue
        session = session_of(session_id)
        if session is None:
            text = t.later("the audit log records its signing, but the note is gone (deleted)")
            client_id = None
        else:
            text = t.later("the audit log records its signing, but its seals are gone")
            client_id = session["client_id"]
        report.problems.append(
            Problem(
                "session",
                session_id,
                t.later("session {session}: {problem}", session=session_id, problem=text),
                client_id,
            )
        )
