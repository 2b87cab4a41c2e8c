"""Billing lines kept in the database (m012_kept_billing_lines): a file saved at that
schema version, with lines kept, opens in the newest code and reads the same lines the
engine computes; the migration's triggers are the file's."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

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
