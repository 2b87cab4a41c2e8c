"""Ordered schema migrations.

Each migration is a frozen function over table names: never change one that has
shipped, add a new ``mNNN_...`` function instead. A database written by any
earlier version opens in the newest because ``apply`` runs only the pending ones.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sessionlog.store.sqlite import Database

_Fn = TypeVar("_Fn", bound=Callable[..., None])


@dataclass(frozen=True)
class _Entry:
    name: str
    fn: Callable[..., None]
    transactional: bool = True


@dataclass(frozen=True)
class _Applied:
    name: str
    applied_at: str


class LazyMigrations:
    """sqlite-utils' ``Migrations`` set, built only when a file must be migrated.

    Registering (``@migrations()``), and reading which migrations a file has or lacks,
    need no sqlite-utils: every open reads the schema version, and importing
    sqlite-utils costs a command several Python starts (issue 12). ``apply`` hands the
    registered functions, in order, to a real ``Migrations`` of the same name, so the
    record (table ``_sqlite_migrations``) is the one sqlite-utils keeps."""

    migrations_table = "_sqlite_migrations"
    _Migration = _Entry  # as sqlite-utils' Migrations names its entries

    def __init__(self, name: str) -> None:
        self.name = name
        self._migrations: list[_Entry] = []

    def __call__(
        self, *, name: str | None = None, transactional: bool = True
    ) -> Callable[[_Fn], _Fn]:
        def register(fn: _Fn) -> _Fn:
            migration_name = name or fn.__name__
            if any(m.name == migration_name for m in self._migrations):
                raise ValueError(f"Migration {migration_name!r} is registered twice")
            self._migrations.append(_Entry(migration_name, fn, transactional))
            return fn

        return register

    def names(self) -> tuple[str, ...]:
        """Every migration of the set, in order: the newest schema this code knows."""
        return tuple(m.name for m in self._migrations)

    def applied(self, db: Any) -> list[_Applied]:
        """The migrations of this set the file records, in the order they were applied."""
        conn = db.conn
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
            [self.migrations_table],
        ).fetchone()
        if not exists:
            return []
        return [
            _Applied(name, applied_at)
            for name, applied_at in conn.execute(
                f"SELECT name, applied_at FROM {self.migrations_table} "
                "WHERE migration_set = ? ORDER BY rowid",
                [self.name],
            )
        ]

    def pending(self, db: Any) -> list[_Entry]:
        done = {m.name for m in self.applied(db)}
        return [m for m in self._migrations if m.name not in done]

    def apply(self, db: Any, *, stop_before: str | Iterable[str] | None = None) -> None:
        """Apply the pending migrations with sqlite-utils' ``Migrations.apply`` (which
        keeps the record); each migration function is given this store's ``Database``
        over the same connection."""
        from sqlite_utils import Migrations

        lean = db if isinstance(db, Database) else Database(db.conn)
        real = Migrations(self.name)
        for m in self._migrations:
            real(name=m.name, transactional=m.transactional)(_given(m.fn, lean))
        real.apply(lean.full(), stop_before=stop_before)


def _given(fn: Callable[[Database], None], db: Database) -> Callable[[Any], None]:
    """``fn`` called with ``db`` whatever sqlite-utils passes it (its own Database over
    the same connection)."""

    def migration(_full: Any) -> None:
        fn(db)

    return migration


migrations = LazyMigrations("sessionlog")


def _run_script(db: Database, script: str) -> None:
    """Run statements one by one: ``executescript`` would commit the migration's
    transaction half-way, so a failure could leave a half-migrated file."""
    statement = ""
    for line in script.splitlines(keepends=True):
        if not statement and line.strip().startswith("--"):
            continue
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError("incomplete SQL statement in migration")


@migrations()
def m001_initial_schema(db: Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE payers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            rounding TEXT NOT NULL CHECK (rounding IN ('midpoint', 'down')),
            aggregate TEXT NOT NULL CHECK (aggregate IN ('day', 'session')),
            per_diem_min_minutes TEXT NOT NULL DEFAULT '{}',
            daily_max_units TEXT NOT NULL DEFAULT '{}',
            credential_modifiers INTEGER NOT NULL DEFAULT 1,
            telehealth_modifier TEXT,
            documentation_deadline_days INTEGER NOT NULL DEFAULT 2
        );
        CREATE TABLE staff (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            credential TEXT NOT NULL DEFAULT '',
            modifier TEXT,
            attestation TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE clients (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            birth_date TEXT NOT NULL,
            medicaid_id TEXT NOT NULL,
            payer_id TEXT NOT NULL REFERENCES payers(id),
            diagnoses TEXT NOT NULL DEFAULT '[]',
            timezone TEXT NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE plans (
            id TEXT PRIMARY KEY,
            client_id TEXT NOT NULL REFERENCES clients(id),
            start TEXT NOT NULL,
            "end" TEXT NOT NULL
        );
        CREATE INDEX plans_client ON plans(client_id);
        CREATE TABLE goals (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id),
            position INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX goals_plan ON goals(plan_id);
        CREATE TABLE objectives (
            id TEXT PRIMARY KEY,
            goal_id TEXT NOT NULL REFERENCES goals(id),
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            retired INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX objectives_goal ON objectives(goal_id);
        CREATE TABLE authorizations (
            id TEXT PRIMARY KEY,
            client_id TEXT NOT NULL REFERENCES clients(id),
            code TEXT NOT NULL,
            units INTEGER NOT NULL CHECK (units >= 0),
            start TEXT NOT NULL,
            "end" TEXT NOT NULL,
            number TEXT NOT NULL
        );
        CREATE INDEX authorizations_client ON authorizations(client_id);
        CREATE TABLE group_visits (
            id TEXT PRIMARY KEY,
            staff_id TEXT NOT NULL REFERENCES staff(id),
            code TEXT NOT NULL,
            place_of_service TEXT NOT NULL DEFAULT '',
            telehealth INTEGER NOT NULL DEFAULT 0,
            intervention TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            client_id TEXT NOT NULL REFERENCES clients(id),
            staff_id TEXT NOT NULL REFERENCES staff(id),
            code TEXT NOT NULL,
            place_of_service TEXT NOT NULL DEFAULT '',
            telehealth INTEGER NOT NULL DEFAULT 0,
            group_size INTEGER NOT NULL DEFAULT 1 CHECK (group_size >= 1),
            group_id TEXT REFERENCES group_visits(id),
            intervention TEXT NOT NULL DEFAULT '',
            response TEXT NOT NULL DEFAULT '',
            plan TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            timezone TEXT NOT NULL,
            manual_reason TEXT,
            signed INTEGER NOT NULL DEFAULT 0,
            first_start_utc TEXT,
            service_date TEXT,
            updated_at_utc TEXT NOT NULL
        );
        CREATE INDEX sessions_client_date ON sessions(client_id, service_date);
        CREATE INDEX sessions_staff_start ON sessions(staff_id, first_start_utc);
        CREATE INDEX sessions_date ON sessions(service_date);
        CREATE TABLE segments (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            start_utc TEXT NOT NULL,
            end_utc TEXT,
            CHECK (end_utc IS NULL OR end_utc >= start_utc)
        );
        CREATE INDEX segments_session ON segments(session_id);
        CREATE TABLE session_objectives (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            objective_id TEXT NOT NULL REFERENCES objectives(id),
            PRIMARY KEY (session_id, objective_id)
        );
        CREATE INDEX session_objectives_objective ON session_objectives(objective_id);
        CREATE TABLE signatures (
            session_id TEXT PRIMARY KEY REFERENCES sessions(id),
            staff_id TEXT NOT NULL REFERENCES staff(id),
            signed_at_utc TEXT NOT NULL,
            timezone TEXT NOT NULL,
            signer_name TEXT NOT NULL DEFAULT '',
            credential TEXT NOT NULL DEFAULT '',
            attestation TEXT NOT NULL DEFAULT '',
            late INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE addenda (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            staff_id TEXT NOT NULL REFERENCES staff(id),
            written_at_utc TEXT NOT NULL,
            timezone TEXT NOT NULL,
            reason TEXT NOT NULL,
            text TEXT NOT NULL,
            signer_name TEXT NOT NULL DEFAULT '',
            credential TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX addenda_session ON addenda(session_id);
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at_utc TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_entity ON audit_log(entity, entity_id);
        CREATE TABLE app_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        -- The audit log is append-only.
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

        -- A signed note is locked: corrections are addenda, never edits.
        CREATE TRIGGER signed_session_locked BEFORE UPDATE ON sessions
        WHEN OLD.signed = 1
        BEGIN SELECT RAISE(ABORT, 'signed note is locked; write an addendum'); END;
        CREATE TRIGGER signed_session_no_delete BEFORE DELETE ON sessions
        WHEN OLD.signed = 1
        BEGIN SELECT RAISE(ABORT, 'signed note is locked; write an addendum'); END;
        CREATE TRIGGER signed_segments_locked_ins BEFORE INSERT ON segments
        WHEN (SELECT signed FROM sessions WHERE id = NEW.session_id) = 1
        BEGIN SELECT RAISE(ABORT, 'signed note is locked; write an addendum'); END;
        CREATE TRIGGER signed_segments_locked_upd BEFORE UPDATE ON segments
        WHEN (SELECT signed FROM sessions WHERE id = OLD.session_id) = 1
        BEGIN SELECT RAISE(ABORT, 'signed note is locked; write an addendum'); END;
        CREATE TRIGGER signed_segments_locked_del BEFORE DELETE ON segments
        WHEN (SELECT signed FROM sessions WHERE id = OLD.session_id) = 1
        BEGIN SELECT RAISE(ABORT, 'signed note is locked; write an addendum'); END;
        CREATE TRIGGER signed_objectives_locked_ins BEFORE INSERT ON session_objectives
        WHEN (SELECT signed FROM sessions WHERE id = NEW.session_id) = 1
        BEGIN SELECT RAISE(ABORT, 'signed note is locked; write an addendum'); END;
        CREATE TRIGGER signed_objectives_locked_del BEFORE DELETE ON session_objectives
        WHEN (SELECT signed FROM sessions WHERE id = OLD.session_id) = 1
        BEGIN SELECT RAISE(ABORT, 'signed note is locked; write an addendum'); END;
        CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
        BEGIN SELECT RAISE(ABORT, 'a signature cannot be changed'); END;
        CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
        BEGIN SELECT RAISE(ABORT, 'a signature cannot be removed'); END;
        CREATE TRIGGER addenda_no_update BEFORE UPDATE ON addenda
        BEGIN SELECT RAISE(ABORT, 'an addendum cannot be changed'); END;
        CREATE TRIGGER addenda_no_delete BEFORE DELETE ON addenda
        BEGIN SELECT RAISE(ABORT, 'an addendum cannot be removed'); END;
        """,
    )


@migrations()
def m002_note_search(db: Database) -> None:
    """Full-text search over the written parts of notes (History)."""
    _run_script(
        db,
        """
        CREATE VIRTUAL TABLE sessions_fts USING fts5(
            intervention, response, plan, note,
            content='sessions', content_rowid='rowid', tokenize='porter unicode61'
        );
        INSERT INTO sessions_fts(rowid, intervention, response, plan, note)
            SELECT rowid, intervention, response, plan, note FROM sessions;
        CREATE TRIGGER sessions_fts_ai AFTER INSERT ON sessions BEGIN
            INSERT INTO sessions_fts(rowid, intervention, response, plan, note)
            VALUES (new.rowid, new.intervention, new.response, new.plan, new.note);
        END;
        CREATE TRIGGER sessions_fts_ad AFTER DELETE ON sessions BEGIN
            INSERT INTO sessions_fts(sessions_fts, rowid, intervention, response, plan, note)
            VALUES ('delete', old.rowid, old.intervention, old.response, old.plan, old.note);
        END;
        CREATE TRIGGER sessions_fts_au AFTER UPDATE OF intervention, response, plan, note
        ON sessions BEGIN
            INSERT INTO sessions_fts(sessions_fts, rowid, intervention, response, plan, note)
            VALUES ('delete', old.rowid, old.intervention, old.response, old.plan, old.note);
            INSERT INTO sessions_fts(rowid, intervention, response, plan, note)
            VALUES (new.rowid, new.intervention, new.response, new.plan, new.note);
        END;
        """,
    )


@migrations()
def m003_history_indexes(db: Database) -> None:
    """History pages newest-first and the end-of-day queue without sorting or scanning
    every session (measured today by benchmarks/run.py, History's pages, and
    benchmarks/gui_latency.py, the views' refresh)."""
    _run_script(
        db,
        """
        CREATE INDEX sessions_start ON sessions(first_start_utc, id);
        CREATE INDEX sessions_unsigned ON sessions(staff_id, first_start_utc) WHERE signed = 0;
        """,
    )


# m004: payers as m001 created them, minus the CHECKs on rounding and aggregate.
_PAYERS_WITHOUT_RULE_CHECKS = """
CREATE TABLE payers_new (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    rounding TEXT NOT NULL,
    aggregate TEXT NOT NULL,
    per_diem_min_minutes TEXT NOT NULL DEFAULT '{}',
    daily_max_units TEXT NOT NULL DEFAULT '{}',
    credential_modifiers INTEGER NOT NULL DEFAULT 1,
    telehealth_modifier TEXT,
    documentation_deadline_days INTEGER NOT NULL DEFAULT 2
);
"""
_PAYER_COLUMNS = (
    "id, name, rounding, aggregate, per_diem_min_minutes, daily_max_units, "
    "credential_modifiers, telehealth_modifier, documentation_deadline_days"
)
_COPY_PAYERS = f"INSERT INTO payers_new ({_PAYER_COLUMNS}) SELECT {_PAYER_COLUMNS} FROM payers"


@migrations(transactional=False)
def m004_rounding_rules_as_data(db: Database) -> None:
    """Drop the CHECKs that limited a payer's rounding to 'midpoint'/'down' and its
    aggregate to 'day'/'session': the rules are data in ``core.units`` (ROUNDING_RULES,
    AGGREGATIONS) and validated where payers come in, so a new rule needs no migration.

    SQLite cannot drop a CHECK, so the table is rebuilt (https://sqlite.org/lang_altertable.html,
    "other kinds of table schema changes"). ``clients.payer_id`` references payers:
    with foreign keys on, DROP TABLE payers would fail (its implicit DELETE breaks those
    references), and the pragma is a no-op inside a transaction, hence
    ``transactional=False`` and the explicit BEGIN/COMMIT here. Rebuilding again is
    harmless, should the record of this migration (written by ``Migrations.apply``
    after this returns) ever be lost."""
    if db.conn.in_transaction:
        raise RuntimeError("m004 must run outside a transaction (PRAGMA foreign_keys)")
    foreign_keys = db.execute("PRAGMA foreign_keys").fetchone()[0]
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        db.execute("BEGIN")
        try:
            # Only violations the rebuild causes stop it: one already in the file (written
            # with foreign keys off) must not make the file impossible to open.
            before = {tuple(row) for row in db.execute("PRAGMA foreign_key_check")}
            _run_script(db, _PAYERS_WITHOUT_RULE_CHECKS)
            db.execute(_COPY_PAYERS)
            db.execute("DROP TABLE payers")
            # Renaming keeps clients' REFERENCES payers(id): it names the table by name.
            db.execute("ALTER TABLE payers_new RENAME TO payers")
            broken = [
                tuple(row)
                for row in db.execute("PRAGMA foreign_key_check")
                if tuple(row) not in before
            ]
            if broken:
                raise sqlite3.IntegrityError(
                    f"rebuilding payers would break {len(broken)} foreign key reference(s)"
                )
            db.execute("COMMIT")
        except BaseException:
            db.rollback()
            raise
    finally:
        # Back to what the connection had (open_database always has them on).
        db.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")


@migrations()
def m005_session_timers(db: Database) -> None:
    """Timer state per session row instead of global app-state keys, so nothing one timer
    does (a heartbeat, a stop) can touch another's; a record of every correction of a
    session's time with its reason (counting a sleep, editing a draft's times); drafts
    discarded with a reason (``voided_sessions``: kept, never deleted, never signed); and
    History search over addenda (``addenda_fts``; addenda are immutable, so only inserts
    and deletes are followed).

    A timer and heartbeat kept under the old ``active_timer``/``timer_heartbeat`` keys move
    to the rows of their sessions."""
    _run_script(
        db,
        """
        CREATE TABLE session_timers (
            session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
            state TEXT NOT NULL CHECK (state IN ('running', 'paused')),
            heartbeat_utc TEXT,
            heartbeat_monotonic REAL
        );
        CREATE TABLE time_corrections (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            at_utc TEXT NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            reason TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX time_corrections_session ON time_corrections(session_id, id);
        CREATE TABLE voided_sessions (
            session_id TEXT PRIMARY KEY REFERENCES sessions(id),
            voided_at_utc TEXT NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (trim(reason) <> '')
        );
        CREATE TRIGGER voided_only_unsigned BEFORE INSERT ON voided_sessions
        WHEN (SELECT signed FROM sessions WHERE id = NEW.session_id) = 1
        BEGIN SELECT RAISE(ABORT, 'a signed note cannot be voided; write an addendum'); END;
        CREATE TRIGGER voided_is_final_upd BEFORE UPDATE ON voided_sessions
        BEGIN SELECT RAISE(ABORT, 'a voided session cannot be changed'); END;
        CREATE TRIGGER voided_is_final_del BEFORE DELETE ON voided_sessions
        BEGIN SELECT RAISE(ABORT, 'a voided session cannot be changed'); END;
        CREATE TRIGGER voided_session_kept BEFORE DELETE ON sessions
        WHEN OLD.id IN (SELECT session_id FROM voided_sessions)
        BEGIN SELECT RAISE(ABORT, 'a voided session cannot be changed'); END;
        CREATE TRIGGER voided_session_locked BEFORE UPDATE ON sessions
        WHEN OLD.id IN (SELECT session_id FROM voided_sessions)
        BEGIN SELECT RAISE(ABORT, 'a voided session cannot be changed'); END;
        CREATE VIRTUAL TABLE addenda_fts USING fts5(
            reason, text, content='addenda', content_rowid='rowid', tokenize='porter unicode61'
        );
        INSERT INTO addenda_fts(rowid, reason, text) SELECT rowid, reason, text FROM addenda;
        CREATE TRIGGER addenda_fts_ai AFTER INSERT ON addenda BEGIN
            INSERT INTO addenda_fts(rowid, reason, text) VALUES (new.rowid, new.reason, new.text);
        END;
        CREATE TRIGGER addenda_fts_ad AFTER DELETE ON addenda BEGIN
            INSERT INTO addenda_fts(addenda_fts, rowid, reason, text)
            VALUES ('delete', old.rowid, old.reason, old.text);
        END;
        INSERT INTO session_timers (session_id, state, heartbeat_utc, heartbeat_monotonic)
        SELECT ids.value,
               CASE WHEN json_extract(active.value, '$.paused') THEN 'paused' ELSE 'running' END,
               json_extract(beat.value, '$.utc'),
               json_extract(beat.value, '$.monotonic')
        FROM app_state AS active
        JOIN json_each(active.value, '$.session_ids') AS ids
        LEFT JOIN app_state AS beat
            ON beat.key = 'timer_heartbeat' AND json_valid(beat.value)
        WHERE active.key = 'active_timer' AND json_valid(active.value)
          AND ids.value IN (SELECT id FROM sessions);
        DELETE FROM app_state WHERE key IN ('active_timer', 'timer_heartbeat');
        """,
    )


@migrations()
def m006_claims(db: Database) -> None:
    """Who bills and what a claim needs (issue 11): the agency (billing provider), client
    addresses, staff NPIs and supervisors, payer ids, rates, group limits and the
    audio-only modifier, audio-only sessions, and supervisors' co-signatures, which are
    as immutable as signatures."""
    _run_script(
        db,
        """
        CREATE TABLE agency (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            npi TEXT NOT NULL,
            tax_id TEXT NOT NULL,
            taxonomy TEXT NOT NULL,
            address TEXT NOT NULL,
            phone TEXT NOT NULL DEFAULT ''
        );
        ALTER TABLE clients ADD COLUMN address TEXT;
        ALTER TABLE staff ADD COLUMN npi TEXT NOT NULL DEFAULT '';
        ALTER TABLE staff ADD COLUMN supervisor_id TEXT
            REFERENCES staff(id) DEFERRABLE INITIALLY DEFERRED;
        ALTER TABLE payers ADD COLUMN payer_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE payers ADD COLUMN rates TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE payers ADD COLUMN max_group_size TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE payers ADD COLUMN audio_only_modifier TEXT NOT NULL DEFAULT '93';
        ALTER TABLE sessions ADD COLUMN audio_only INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE cosignatures (
            session_id TEXT PRIMARY KEY REFERENCES sessions(id),
            staff_id TEXT NOT NULL REFERENCES staff(id),
            signed_at_utc TEXT NOT NULL,
            timezone TEXT NOT NULL,
            signer_name TEXT NOT NULL DEFAULT '',
            credential TEXT NOT NULL DEFAULT '',
            statement TEXT NOT NULL DEFAULT ''
        );
        CREATE TRIGGER cosignatures_only_signed BEFORE INSERT ON cosignatures
        WHEN (SELECT signed FROM sessions WHERE id = NEW.session_id) IS NOT 1
        BEGIN SELECT RAISE(ABORT, 'only a signed note can be co-signed'); END;
        CREATE TRIGGER cosignatures_no_update BEFORE UPDATE ON cosignatures
        BEGIN SELECT RAISE(ABORT, 'a co-signature cannot be changed'); END;
        CREATE TRIGGER cosignatures_no_delete BEFORE DELETE ON cosignatures
        BEGIN SELECT RAISE(ABORT, 'a co-signature cannot be removed'); END;
        """,
    )


@migrations()
def m008_tamper_evidence(db: Database) -> None:
    """Tamper evidence (issue 13): a seal (SHA-256 of the canonical content signed, chained
    to the note's previous seal) for every signature, co-signature and addendum, and a
    hash chain over the audit log. Existing signed notes and audit rows are sealed and
    chained here, so for a file made before this version the evidence starts at this
    migration (recorded in app_state 'integrity_chain_started'): a change made before it
    cannot be detected. New audit rows must carry the next id and the last row's hash."""
    from sessionlog.store.integrity import (
        hash_existing_audit_rows,
        mark_chain_start,
        seal_existing_records,
    )

    _run_script(
        db,
        """
        CREATE TABLE seals (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            previous_sha256 TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            sealed_at_utc TEXT NOT NULL,
            UNIQUE (kind, record_id)
        );
        CREATE INDEX seals_session ON seals(session_id, id);
        CREATE TRIGGER seals_no_update BEFORE UPDATE ON seals
        BEGIN SELECT RAISE(ABORT, 'a seal cannot be changed'); END;
        CREATE TRIGGER seals_no_delete BEFORE DELETE ON seals
        BEGIN SELECT RAISE(ABORT, 'a seal cannot be removed'); END;
        ALTER TABLE audit_log ADD COLUMN previous_sha256 TEXT;
        ALTER TABLE audit_log ADD COLUMN sha256 TEXT;
        """,
    )
    existing_rows = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    # The append-only trigger refuses the one-time hashing of existing rows: lift it
    # for this transaction only, with the same definition m001 gave it.
    db.execute("DROP TRIGGER audit_log_no_update")
    hash_existing_audit_rows(db)
    db.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
        "        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    _run_script(
        db,
        """
        CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
        WHEN NEW.sha256 IS NULL
          OR NEW.previous_sha256 IS NOT
             COALESCE((SELECT sha256 FROM audit_log ORDER BY id DESC LIMIT 1), '')
          OR NEW.id IS NOT COALESCE((SELECT max(id) FROM audit_log), 0) + 1
        BEGIN SELECT RAISE(ABORT, 'audit rows are chained: only SessionLog writes them'); END;
        """,
    )
    sealed = seal_existing_records(db)
    how = (
        f"migration m008: {existing_rows} audit row(s) and {sealed} signing act(s) "
        "already in the file were hashed then"
        if existing_rows or sealed
        else "new database"
    )
    mark_chain_start(db, how)


@migrations()
def m009_performance_indexes(db: Database) -> None:
    """Indexed bounds for time-range queries (issue 12): a staff member's sessions
    touching a window (Today, overlap checks, billing) were found by joining every
    segment of that staff member's ten years; with segments indexed by start (a closed
    segment lasts at most a day, ``core.limits.MAX_SEGMENT``) and the open ones kept in
    a small partial index, the query reads only the window's segments."""
    _run_script(
        db,
        """
        CREATE INDEX segments_start ON segments(start_utc, session_id);
        CREATE INDEX segments_open ON segments(session_id) WHERE end_utc IS NULL;
        """,
    )


@migrations()
def m010_note_templates(db: Database) -> None:
    """Note templates and quick texts (issue 15), each a coach's own (one template per
    coach and service code, one phrase per coach and key), and the marks "copied from
    the last note" a draft's fields carry until the coach edits them: the copied text
    is kept, so a field still equal to it is known to be unedited."""
    _run_script(
        db,
        """
        CREATE TABLE note_templates (
            id TEXT PRIMARY KEY,
            staff_id TEXT NOT NULL REFERENCES staff(id),
            code TEXT NOT NULL,
            intervention TEXT NOT NULL DEFAULT '',
            response TEXT NOT NULL DEFAULT '',
            plan TEXT NOT NULL DEFAULT '',
            UNIQUE (staff_id, code)
        );
        CREATE TABLE quick_texts (
            id TEXT PRIMARY KEY,
            staff_id TEXT NOT NULL REFERENCES staff(id),
            key TEXT NOT NULL COLLATE NOCASE,
            phrase TEXT NOT NULL,
            UNIQUE (staff_id, key)
        );
        CREATE TABLE note_copies (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            field TEXT NOT NULL,
            source_session_id TEXT NOT NULL,
            source_date TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (session_id, field)
        );
        """,
    )


# Lowers the cache's validity for one client from one date of service (NULL: nothing).
_M011_STALE_FROM = """
            UPDATE billing_cache SET valid_before = {day}
            WHERE client_id = {client} AND valid_before > {day};
            UPDATE billing_cache_generation SET generation = generation + 1;"""
# Forgets one client's cached draw-down (authorizations, plans, payer or zone changed).
_M011_STALE_CLIENT = """
            DELETE FROM billing_cache WHERE client_id = {client};
            DELETE FROM billing_draws WHERE client_id = {client};
            UPDATE billing_cache_generation SET generation = generation + 1;"""
_M011_STALE_ALL = """
            DELETE FROM billing_cache;
            DELETE FROM billing_draws;
            UPDATE billing_cache_generation SET generation = generation + 1;"""
_M011_SESSION_OF = "(SELECT {column} FROM sessions WHERE id = {ref}.session_id)"


def _m011_billing_triggers() -> str:
    """The invalidation triggers of m011 (frozen with it), one statement per trigger."""
    billed_columns = (
        "client_id, staff_id, code, place_of_service, telehealth, audio_only, group_size, "
        "group_id, timezone, signed, first_start_utc, service_date"
    )
    out = []

    def trigger(name: str, event: str, body: str) -> None:
        out.append(f"CREATE TRIGGER {name} {event} BEGIN{body}\n        END;")

    for event, ref in (("INSERT", "NEW"), ("DELETE", "OLD")):
        trigger(
            f"billing_stale_session_{event.lower()}",
            f"AFTER {event} ON sessions",
            _M011_STALE_FROM.format(day=f"{ref}.service_date", client=f"{ref}.client_id"),
        )
    changed = (
        "min(coalesce(OLD.service_date, NEW.service_date), "
        "coalesce(NEW.service_date, OLD.service_date))"
    )
    trigger(
        "billing_stale_session_update",
        f"AFTER UPDATE OF {billed_columns} ON sessions",
        _M011_STALE_FROM.format(day=changed, client="OLD.client_id")
        + _M011_STALE_FROM.format(day=changed, client="NEW.client_id"),
    )
    # A segment moves minutes (and perhaps the date: a day before its start covers every
    # zone); objectives decide a hold; a voided session is no longer billed.
    for table, events in (
        ("segments", ("INSERT", "UPDATE", "DELETE")),
        ("session_objectives", ("INSERT", "DELETE")),
        ("voided_sessions", ("INSERT", "DELETE")),
    ):
        for event in events:
            ref = "OLD" if event == "DELETE" else "NEW"
            day = _M011_SESSION_OF.format(column="service_date", ref=ref)
            if table == "segments":
                day = f"min({day}, date({ref}.start_utc, '-1 day'))"
            trigger(
                f"billing_stale_{table}_{event.lower()}",
                f"AFTER {event} ON {table}",
                _M011_STALE_FROM.format(
                    day=day, client=_M011_SESSION_OF.format(column="client_id", ref=ref)
                ),
            )
    plan_client = "(SELECT client_id FROM plans WHERE id = {ref}.plan_id)"
    goal_client = (
        "(SELECT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id "
        "WHERE g.id = {ref}.goal_id)"
    )
    for table, client in (
        ("authorizations", "{ref}.client_id"),
        ("plans", "{ref}.client_id"),
        ("goals", plan_client),
        ("objectives", goal_client),
    ):
        for event in ("INSERT", "UPDATE", "DELETE"):
            refs = {"INSERT": ("NEW",), "DELETE": ("OLD",), "UPDATE": ("OLD", "NEW")}[event]
            body = "".join(_M011_STALE_CLIENT.format(client=client.format(ref=ref)) for ref in refs)
            trigger(f"billing_stale_{table}_{event.lower()}", f"AFTER {event} ON {table}", body)
    trigger(
        "billing_stale_client_update",
        "AFTER UPDATE OF payer_id, timezone ON clients",
        _M011_STALE_CLIENT.format(client="OLD.id"),
    )
    for table in ("payers", "staff"):
        for event in ("UPDATE", "DELETE"):
            trigger(
                f"billing_stale_{table}_{event.lower()}",
                f"AFTER {event} ON {table}",
                _M011_STALE_ALL,
            )
    return "\n".join(out)


@migrations()
def m011_billing_cache(db: Database) -> None:
    """Authorization draw-down kept per client and date of service (issue 12), so the units
    of any day cost that day's sessions, not the history since its authorization began.

    ``billing_draws`` holds the units each date's billable lines drew from each
    authorization, as the unit engine computed them; ``billing_cache`` says for which dates
    they are valid: per client and run of overlapping authorizations (its first day), up to
    ``valid_before``, under one version of the rules. Triggers lower ``valid_before`` (or
    forget the client, or everything) on every write that can change a unit, whatever
    writes it, and count the writes in ``billing_cache_generation`` so a reader that
    computed from older rows does not store its result. Derived facts only: recomputed by
    the app, never exported or imported."""
    _run_script(
        db,
        """
        CREATE TABLE billing_draws (
            client_id TEXT NOT NULL,
            service_date TEXT NOT NULL,
            authorization_id TEXT NOT NULL,
            units INTEGER NOT NULL,
            PRIMARY KEY (client_id, service_date, authorization_id)
        ) WITHOUT ROWID;
        CREATE TABLE billing_cache (
            client_id TEXT NOT NULL,
            chain_start TEXT NOT NULL,
            valid_before TEXT NOT NULL,
            rules TEXT NOT NULL,
            PRIMARY KEY (client_id, chain_start)
        ) WITHOUT ROWID;
        CREATE TABLE billing_cache_generation (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            generation INTEGER NOT NULL
        );
        INSERT INTO billing_cache_generation (id, generation) VALUES (1, 0);
        """
        + _m011_billing_triggers(),
    )


# Forgets the kept lines a change to one session can alter: its client's from its date of
# service on (authorization draw-down runs forward), and every client's within two days of
# it (the overlap flag looks at the same staff member's sessions with any client; two
# days either side covers every zone's offset). NULL dates forget nothing. Each counts
# in m011's generation, so a reader that computed from older rows keeps nothing.
_M012_FORGET_AROUND = """
            DELETE FROM billing_lines_kept WHERE client_id = {client} AND service_date >= {day};
            DELETE FROM billing_lines_kept
            WHERE service_date BETWEEN date({first}, '-2 day') AND date({last}, '+2 day');
            UPDATE billing_cache_generation SET generation = generation + 1;"""
_M012_FORGET_CLIENT = """
            DELETE FROM billing_lines_kept WHERE client_id = {client};
            UPDATE billing_cache_generation SET generation = generation + 1;"""
_M012_FORGET_ALL = """
            DELETE FROM billing_lines_kept;
            UPDATE billing_cache_generation SET generation = generation + 1;"""
_M012_SESSION_OF = "(SELECT {column} FROM sessions WHERE id = {ref}.session_id)"


def _earliest(a: str, b: str) -> str:
    """SQL for the earlier of two dates, either of which may be NULL (SQLite's min of a
    NULL is NULL)."""
    return f"coalesce(min({a}, {b}), {a}, {b})"


def _latest(a: str, b: str) -> str:
    return f"coalesce(max({a}, {b}), {a}, {b})"


def _m012_kept_lines_triggers() -> str:
    """The invalidation triggers of m012 (frozen with it), one statement per trigger."""
    out = []

    def trigger(name: str, event: str, body: str) -> None:
        out.append(f"CREATE TRIGGER {name} {event} BEGIN{body}\n        END;")

    def around_session(ref: str) -> str:
        # A session's segments may span days: forget around its first and last ones too.
        segs = f"FROM segments WHERE session_id = {ref}.id"
        first = f"date((SELECT min(start_utc) {segs}))"
        last = f"date((SELECT max(coalesce(end_utc, start_utc)) {segs}))"
        day = f"{ref}.service_date"
        return _M012_FORGET_AROUND.format(
            client=f"{ref}.client_id",
            day=_earliest(day, f"date({first}, '-1 day')"),
            first=_earliest(day, first),
            last=_latest(day, last),
        )

    trigger("billing_kept_session_insert", "AFTER INSERT ON sessions", around_session("NEW"))
    trigger("billing_kept_session_delete", "AFTER DELETE ON sessions", around_session("OLD"))
    # The columns a line is made from (m011's): a note's words change none, and an
    # autosave forgets nothing.
    billed_columns = (
        "client_id, staff_id, code, place_of_service, telehealth, audio_only, group_size, "
        "group_id, timezone, signed, first_start_utc, service_date"
    )
    trigger(
        "billing_kept_session_update",
        f"AFTER UPDATE OF {billed_columns} ON sessions",
        around_session("OLD") + around_session("NEW"),
    )
    for event in ("INSERT", "UPDATE", "DELETE"):
        refs = {"INSERT": ("NEW",), "DELETE": ("OLD",), "UPDATE": ("OLD", "NEW")}[event]
        body = ""
        for ref in refs:
            day = _M012_SESSION_OF.format(column="service_date", ref=ref)
            end = f"coalesce({ref}.end_utc, {ref}.start_utc)"
            body += _M012_FORGET_AROUND.format(
                client=_M012_SESSION_OF.format(column="client_id", ref=ref),
                day=_earliest(day, f"date({ref}.start_utc, '-1 day')"),
                first=_earliest(day, f"date({ref}.start_utc)"),
                last=_latest(day, f"date({end})"),
            )
        trigger(f"billing_kept_segments_{event.lower()}", f"AFTER {event} ON segments", body)
    # Objectives decide a hold; a voided session is no longer billed (nor overlaps); a
    # signature bills it.
    for table in ("session_objectives", "voided_sessions", "signatures"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            ref = "OLD" if event == "DELETE" else "NEW"
            day = _M012_SESSION_OF.format(column="service_date", ref=ref)
            trigger(
                f"billing_kept_{table}_{event.lower()}",
                f"AFTER {event} ON {table}",
                _M012_FORGET_AROUND.format(
                    client=_M012_SESSION_OF.format(column="client_id", ref=ref),
                    day=day,
                    first=day,
                    last=day,
                ),
            )
    plan_client = "(SELECT client_id FROM plans WHERE id = {ref}.plan_id)"
    goal_client = (
        "(SELECT p.client_id FROM goals g JOIN plans p ON p.id = g.plan_id "
        "WHERE g.id = {ref}.goal_id)"
    )
    for table, client in (
        ("authorizations", "{ref}.client_id"),
        ("plans", "{ref}.client_id"),
        ("goals", plan_client),
        ("objectives", goal_client),
        ("clients", "{ref}.id"),
    ):
        for event in ("INSERT", "UPDATE", "DELETE"):
            refs = {"INSERT": ("NEW",), "DELETE": ("OLD",), "UPDATE": ("OLD", "NEW")}[event]
            body = "".join(
                _M012_FORGET_CLIENT.format(client=client.format(ref=ref)) for ref in refs
            )
            trigger(f"billing_kept_{table}_{event.lower()}", f"AFTER {event} ON {table}", body)
    for table in ("payers", "staff", "agency"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            trigger(
                f"billing_kept_{table}_{event.lower()}",
                f"AFTER {event} ON {table}",
                _M012_FORGET_ALL,
            )
    return "\n".join(out)


@migrations()
def m012_kept_billing_lines(db: Database) -> None:
    """Billing lines kept per client and date of service (issue 12), so ``units`` for a
    year reads them instead of computing every line again.

    ``billing_lines_kept`` holds, for one client and date, the lines the unit engine
    computed for it with no running timer counted (what the report shows), as JSON, under
    ``stamp`` (the rules version, the app version and the language its explanations are
    worded in: a different stamp is not used). A row is valid while it exists: triggers
    delete it on every write that can change it, whatever writes it (the client's
    sessions, segments, objectives, signatures and voids from that date on, for the
    authorization draw-down; any client's within two days, for the overlap flag; the
    client's authorizations, plans and record; any payer, staff member or the agency).
    Derived facts only: recomputed by the app when missing, never exported or imported."""
    _run_script(
        db,
        """
        CREATE TABLE billing_lines_kept (
            client_id TEXT NOT NULL,
            service_date TEXT NOT NULL,
            stamp TEXT NOT NULL,
            lines TEXT NOT NULL,
            PRIMARY KEY (client_id, service_date)
        ) WITHOUT ROWID;
        CREATE INDEX billing_lines_kept_date ON billing_lines_kept(service_date);
        """
        + _m012_kept_lines_triggers(),
    )


@migrations()
def m013_kept_report_texts(db: Database) -> None:
    """The ``units`` report's CSV and JSON of each kept day, already written (issue 12),
    so a year's report is one read and one join of text instead of work per line.

    ``billing_report_kept`` holds, for one client and date of service kept in
    ``billing_lines_kept`` under the same ``stamp``, the CSV rows of every line
    (``--all``), the CSV rows of the billable lines (NULL when they are every line) and
    the JSON items, in the report's order and with the client, staff, payer and agency
    columns a report prints. It is forgotten with the kept lines: a trigger deletes it
    whenever its kept lines are deleted (m012's triggers do that on every write that can
    change a line or those columns). The kept lines are forgotten here, so every kept
    day is kept again with its texts. Derived facts only: recomputed by the app when
    missing, never exported or imported."""
    _run_script(
        db,
        """
        DELETE FROM billing_lines_kept;
        CREATE TABLE billing_report_kept (
            client_id TEXT NOT NULL,
            service_date TEXT NOT NULL,
            stamp TEXT NOT NULL,
            claim_csv TEXT NOT NULL,
            billable_csv TEXT,
            report_json TEXT NOT NULL,
            PRIMARY KEY (client_id, service_date)
        ) WITHOUT ROWID;
        CREATE TRIGGER billing_report_kept_forget AFTER DELETE ON billing_lines_kept BEGIN
            DELETE FROM billing_report_kept
            WHERE client_id = OLD.client_id AND service_date = OLD.service_date;
        END;
        """,
    )
