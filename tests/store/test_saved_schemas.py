"""A database saved by every past schema version opens in the newest code, data intact.

The files in tests/store/fixtures/ were written once by build_schema_fixture.py (migrated
to exactly N migrations, then filled by plain SQL as that release stored its rows) and are
never regenerated, so a migration that loses or changes old data fails here.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from sessionlog.core.interchange import to_document
from sessionlog.store import SessionFilter, Store, open_database, schema_version
from sessionlog.store.migrations import migrations

FIXTURES = Path(__file__).parent / "fixtures"
ROWS = json.loads((FIXTURES / "schema_rows.json").read_text(encoding="utf-8"))
NEWEST = len(migrations.pending(Database(memory=True)))


def _version(path: Path) -> int:
    match = re.fullmatch(r"schema_v(\d+)\.sqlite3", path.name)
    assert match, path
    return int(match.group(1))


SAVED = sorted(FIXTURES.glob("schema_v*.sqlite3"), key=_version)
# schema_v1 predates schema_rows.json and has rows of its own (tests/store/test_database.py).
WITH_ROWS = [p for p in SAVED if _version(p) >= 2]


def _by_id(document: dict[str, Any]) -> dict[str, Any]:
    """The record lists of a sessionlog/1 document, each sorted by id."""
    return {
        key: sorted(value, key=lambda record: record["id"])
        for key, value in document.items()
        if isinstance(value, list)
    }


def test_every_schema_version_has_a_saved_file() -> None:
    assert [_version(p) for p in SAVED] == list(range(1, NEWEST + 1)), (
        "each migration ships with tests/store/fixtures/schema_vN.sqlite3: run "
        "tests/store/fixtures/build_schema_fixture.py N and commit the file"
    )


@pytest.mark.parametrize("saved", WITH_ROWS, ids=[p.stem for p in WITH_ROWS])
def test_saved_file_holds_exactly_its_schema_version(saved: Path) -> None:
    conn = sqlite3.connect(f"file:{saved}?mode=ro", uri=True)
    try:
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    finally:
        conn.close()
    assert applied == [m.name for m in migrations._migrations][: _version(saved)]


@pytest.mark.parametrize("saved", WITH_ROWS, ids=[p.stem for p in WITH_ROWS])
def test_saved_file_opens_in_newest_with_every_record_intact(saved: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.sqlite3"
    shutil.copy(saved, path)
    db = open_database(path)
    store = Store(db, actor="test")
    assert schema_version(db) == NEWEST
    assert migrations.pending(db) == []
    if _version(saved) < NEWEST:
        assert list(tmp_path.glob("copy.sqlite3.before-migration-*.bak"))

    # Every field of every record, read back through the newest code.
    assert _by_id(to_document(store.dataset())) == _by_id(ROWS)

    # What the app derives or keeps beside the records.
    assert store.session("x-signed").minutes() == 38
    assert store.session("x-running").segments[-1].end is None
    assert [s.id for s in store.running_sessions()] == ["x-running"]
    assert store.group_visit("grp-1").note == "Shared part of the group note"
    assert [s.id for s in store.sessions(SessionFilter(search="handshake"))] == ["x-group-2"]
    assert store.get_state("current_staff") == "s-rosa"
    audit = [(e["action"], e["entity_id"]) for e in store.audit_log()]
    assert ("sign", "x-signed") in audit and ("create", "c-zoe") in audit
    # A signed note stays locked after the migrations.
    with pytest.raises(sqlite3.IntegrityError, match="locked"):
        db.execute("UPDATE sessions SET note = 'changed' WHERE id = 'x-signed'")
    db.close()
