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


def _applied(path: Path) -> list[str]:
    """The migrations a saved file records, read without writing to it."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'sessionlog' ORDER BY rowid"
        ).fetchall()
    finally:
        conn.close()
    return [name for (name,) in rows]


# Files from schema_rows.json; schema_v1 predates it and has rows of its own
# (tests/store/test_database.py), as do files others saved with their migration's name.
WITH_ROWS = sorted(
    (p for p in FIXTURES.glob("schema_v*.sqlite3") if _version(p) >= 2), key=_version
)


def _by_id(document: dict[str, Any]) -> dict[str, Any]:
    """The record lists of a sessionlog/1 document, each sorted by id."""
    return {
        key: sorted(value, key=lambda record: record["id"])
        for key, value in document.items()
        if isinstance(value, list)
    }


def test_every_schema_version_has_a_saved_file() -> None:
    last_of_each_file = {_applied(p)[-1] for p in FIXTURES.glob("*.sqlite3")}
    missing = [m.name for m in migrations._migrations if m.name not in last_of_each_file]
    assert missing == [], (
        "each migration ships with a database saved right after it: run "
        "tests/store/fixtures/build_schema_fixture.py N and commit the file"
    )


@pytest.mark.parametrize("saved", WITH_ROWS, ids=[p.stem for p in WITH_ROWS])
def test_saved_file_holds_exactly_its_schema_version(saved: Path) -> None:
    assert _applied(saved) == [m.name for m in migrations._migrations][: _version(saved)]


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
