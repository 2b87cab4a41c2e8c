"""Billing lines kept in the database (m012_kept_billing_lines): a file saved at that
schema version, with lines kept, opens in the newest code and reads the same lines the
engine computes; the migration's triggers are the file's."""

from __future__ import annotations

import dataclasses
import random
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from sessionlog.core.models import Segment
from sessionlog.core.queries import SessionFilter
from sessionlog.services.billing import billing_lines, computed_lines
from sessionlog.services.demo import load_demo
from sessionlog.store import Store, open_database
from sessionlog.store.migrations import migrations

FIXTURES = Path(__file__).parent / "fixtures"
SAVED = FIXTURES / "schema_m012_kept_billing_lines.sqlite3"
PERIOD = (date(2026, 1, 1), date(2026, 12, 31))


def make_m012_fixture(path: Path) -> None:  # pragma: no cover - run by hand once
    """How tests/store/fixtures/schema_m012_kept_billing_lines.sqlite3 was made."""
    db = open_database(path)
    store = Store(db, actor="fixture")
    load_demo(store, today=date(2026, 11, 20))
    billing_lines(store, start=PERIOD[0], end=PERIOD[1])  # keeps the lines
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.execute("VACUUM")
    db.close()


def test_saved_kept_lines_file_opens_in_newest_with_the_same_lines(tmp_path: Path) -> None:
    path = tmp_path / "saved.sqlite3"
    shutil.copy(SAVED, path)
    db = open_database(path)
    store = Store(db, actor="test")
    assert migrations.pending(db) == []
    # m013 forgot the lines kept before it, so that every day is kept again with its
    # report texts; the report keeps them again.
    assert store.db.execute("SELECT count(*) FROM billing_lines_kept").fetchone()[0] == 0
    lines = billing_lines(store, start=PERIOD[0], end=PERIOD[1])
    assert lines and lines == computed_lines(store, start=PERIOD[0], end=PERIOD[1])
    kept = store.db.execute("SELECT count(*) FROM billing_report_kept").fetchone()[0]
    assert kept == len(store.billed_days(*PERIOD)) > 0
    assert store.check_record().ok
    db.close()


def test_saved_kept_lines_file_records_m012_last() -> None:
    conn = sqlite3.connect(f"{SAVED.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        names = [n for (n,) in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
        triggers = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'billing_kept_%'"
        ).fetchone()[0]
    finally:
        conn.close()
    assert names[-1] == "m012_kept_billing_lines"
    assert triggers > 20


SAVED_M013 = FIXTURES / "schema_m013_kept_report_texts.sqlite3"


def make_m013_fixture(path: Path) -> None:  # pragma: no cover - run by hand once
    """How tests/store/fixtures/schema_m013_kept_report_texts.sqlite3 was made (the
    source text's report texts are kept with the lines)."""
    make_m012_fixture(path)


def test_saved_kept_report_file_opens_in_newest_with_the_same_report(tmp_path: Path) -> None:
    """m013's file: its kept report texts are the reports written from the engine's lines,
    and deleting a day's kept lines (as m012's triggers do) forgets its texts."""
    from sessionlog.export.units_report import render
    from sessionlog.services.kept_units import kept_units_text

    path = tmp_path / "saved.sqlite3"
    shutil.copy(SAVED_M013, path)
    db = open_database(path)
    store = Store(db, actor="test")
    assert migrations.pending(db) == []
    texts = store.db.execute("SELECT count(*) FROM billing_report_kept").fetchone()[0]
    assert texts == len(store.billed_days(*PERIOD)) > 0
    lines = computed_lines(store, start=PERIOD[0], end=PERIOD[1])
    records = {
        "clients": {c.id: c for c in store.clients(include_archived=True)},
        "staff": {m.id: m for m in store.staff_members()},
        "payers": {p.id: p for p in store.payers()},
        "agency": store.agency(),
    }
    for fmt, include_all in (("csv", False), ("csv", True), ("json", False)):
        quick = kept_units_text(str(path), *PERIOD, None, fmt, include_all)
        assert quick == render(lines, fmt, include_all=include_all, **records)
    client_id, day = store.db.execute(
        "SELECT client_id, service_date FROM billing_lines_kept LIMIT 1"
    ).fetchone()
    store.db.execute(
        "DELETE FROM billing_lines_kept WHERE client_id = ? AND service_date = ?", [client_id, day]
    )
    assert store.db.execute("SELECT count(*) FROM billing_report_kept").fetchone()[0] == texts - 1
    assert kept_units_text(str(path), *PERIOD, None, "csv", False) is None
    assert store.check_record().ok
    db.close()


def _kept_state(store: Store) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]], int, set[str]]:
    db = store.db
    return (
        db.execute(
            "SELECT client_id, service_date FROM billing_lines_kept ORDER BY 1, 2"
        ).fetchall(),
        db.execute(
            "SELECT client_id, service_date FROM billing_report_kept ORDER BY 1, 2"
        ).fetchall(),
        store.billing_cache_generation(),
        {sql for (sql,) in db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'")},
    )


def test_new_notes_forget_the_kept_lines_their_triggers_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """insert_new_sessions takes m012's triggers on its notes out and forgets their kept
    lines once (store.billing_cache.NewNotesKeptLines): the same kept lines, report texts
    and generation as with the triggers firing row by row (one missing trigger leaves
    them all in place), and the same triggers afterwards."""
    from sessionlog.store import billing_cache

    first = tmp_path / "paused.sqlite3"
    db = open_database(first)
    store = Store(db, actor="test")
    load_demo(store, today=date(2026, 11, 20))
    billing_lines(store, start=PERIOD[0], end=PERIOD[1])  # keeps the lines
    sessions = [s for s in store.sessions(SessionFilter()) if s.segments and s.void_reason is None]
    db.close()
    second = tmp_path / "fired.sqlite3"
    shutil.copy(first, second)
    rng = random.Random(3)
    new = []
    clients = sorted({s.client_id for s in sessions})
    # Four notes early in the month of kept days (the demo's: four clients, a month),
    # so that some kept lines are forgotten and others not.
    sessions.sort(key=lambda s: s.segments[0].start)
    for n, base in enumerate(sessions[len(sessions) // 4 :][:4]):
        start = base.segments[0].start + timedelta(minutes=7)
        segments = [Segment(start, start + timedelta(minutes=50))]
        if n % 2 == 0:  # a timer resumed days later
            later = start + timedelta(days=5)
            segments.append(Segment(later, later + timedelta(minutes=20)))
        signature = base.signature
        if signature is not None:
            signature = dataclasses.replace(
                signature, signed_at=segments[-1].end + timedelta(hours=1)
            )
        new.append(
            dataclasses.replace(
                base,
                id=f"new-{n}",
                client_id=rng.choice(clients) if n % 2 else base.client_id,
                objective_ids=[] if n % 2 else list(base.objective_ids),
                segments=segments if n != 3 else [],
                signature=signature if n != 3 else None,
                addenda=[],
                cosignature=None,
                group_id=None,
                group_size=1,
            )
        )
    assert any(s.signature for s in new) and any(not s.signature for s in new)

    def insert(path: Path) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]], int, set[str]]:
        db = open_database(path)
        store = Store(db, actor="test")
        before = _kept_state(store)
        store.insert_new_sessions([dataclasses.replace(s) for s in new])
        after = _kept_state(store)
        assert after[3] == before[3]  # the triggers are back
        assert 0 < len(after[0]) < len(before[0])  # some forgotten, some not
        db.close()
        return after

    paused = insert(first)
    missing = (*billing_cache._NEW_NOTE_KEPT_TRIGGERS, "no_such_trigger")
    monkeypatch.setattr(billing_cache, "_NEW_NOTE_KEPT_TRIGGERS", missing)
    assert insert(second) == paused
