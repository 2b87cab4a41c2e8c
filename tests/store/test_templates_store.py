"""Note templates, quick texts and copied-from marks in the database (m010_note_templates):
saved and read back, one per coach and code at the database level too, removed with a
deleted draft, and a file saved at that schema version opens in the newest code."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from sessionlog.core.cloning import CopyMark
from sessionlog.core.templates import NoteTemplate, QuickText
from sessionlog.core.timer import ClockReading
from sessionlog.services import timing
from sessionlog.services.demo import load_demo
from sessionlog.store import Store, StoreError, open_database
from sessionlog.store.migrations import migrations

FIXTURES = Path(__file__).parent / "fixtures"
SAVED = FIXTURES / "schema_m010_note_templates.sqlite3"
START = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def _draft(store: Store) -> str:
    session = timing.start_session(
        store,
        client_id="client-marcus",
        staff_id="staff-rosa",
        code="H2023",
        reading=ClockReading(START, 1000.0),
    ).value
    timing.stop(store, [session.id], ClockReading(START + timedelta(minutes=30), 2800.0))
    return session.id


def _fill(store: Store) -> str:
    """The rows the saved file holds (and the live tests check)."""
    load_demo(store, today=date(2026, 11, 20))
    store.save_note_template(
        NoteTemplate("t-1", "staff-rosa", "H2023", "Coached [task].", "[What the client did].", "")
    )
    store.save_quick_text(QuickText("q-1", "staff-rosa", ";prompt", "with one verbal prompt"))
    draft = _draft(store)
    store.set_note_copies(draft, [CopyMark("plan", "x-old", date(2026, 11, 20), "Same plan.")])
    return draft


def test_templates_quick_texts_and_copy_marks_are_stored_and_audited(store: Store) -> None:
    draft = _fill(store)
    assert store.note_template("staff-rosa", "H2023") == NoteTemplate(
        "t-1", "staff-rosa", "H2023", "Coached [task].", "[What the client did].", ""
    )
    assert store.note_template("staff-rosa", "H2014") is None
    assert [q.key for q in store.quick_texts("staff-rosa")] == [";prompt"]
    assert store.note_copies(draft) == [CopyMark("plan", "x-old", date(2026, 11, 20), "Same plan.")]
    assert store.audit_log("session", draft)[-1]["action"] == "copy_forward"
    # One template per coach and code, one key per coach (case ignored), in the file too.
    with pytest.raises(StoreError):
        store.save_note_template(NoteTemplate("t-2", "staff-rosa", "H2023", "x", "", ""))
    with pytest.raises(StoreError):
        store.save_quick_text(QuickText("q-2", "staff-rosa", ";PROMPT", "other"))
    # A deleted draft takes its marks with it.
    store.delete_unsigned_session(draft)
    assert store.note_copies(draft) == []


def test_recent_note_texts_is_narrow_newest_first_and_leaves_out_this_note(store: Store) -> None:
    load_demo(store, today=date(2026, 11, 20))
    draft = _draft(store)
    recent = store.recent_note_texts("client-marcus", date(2026, 10, 1), exclude_id=draft, limit=5)
    assert 0 < len(recent) <= 5
    assert draft not in {r.session_id for r in recent}
    days = [r.service_date for r in recent]
    assert days == sorted(days, reverse=True) and days[-1] >= date(2026, 10, 1)


def make_m010_fixture(path: Path) -> None:  # pragma: no cover - run by hand once
    """How tests/store/fixtures/schema_m010_note_templates.sqlite3 was made."""
    db = open_database(path)
    _fill(Store(db, actor="fixture"))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.execute("VACUUM")
    db.close()


def test_saved_note_templates_file_opens_in_newest_with_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "saved.sqlite3"
    shutil.copy(SAVED, path)
    db = open_database(path)
    store = Store(db, actor="test")
    assert migrations.pending(db) == []
    template = store.note_template("staff-rosa", "H2023")
    assert template is not None and template.response == "[What the client did]."
    assert [q.phrase for q in store.quick_texts("staff-rosa")] == ["with one verbal prompt"]
    [draft] = [s for s in store.running_sessions() + store.sessions() if store.note_copies(s.id)]
    assert store.note_copies(draft.id)[0].text == "Same plan."
    assert store.check_record().ok
    db.close()


def test_saved_note_templates_file_records_m010_last() -> None:
    conn = sqlite3.connect(f"{SAVED.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        names = [n for (n,) in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    finally:
        conn.close()
    assert names[-1] == "m010_note_templates"
