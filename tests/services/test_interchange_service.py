"""The JSON import and export services on real database files, without any window:
a round trip keeps every record, an import is all or nothing, and a record already
stored differently is never overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sessionlog.core.changes import Entity
from sessionlog.core.errors import NotFoundError
from sessionlog.core.interchange import InterchangeError, session_to_dict
from sessionlog.services.interchange import export_file, import_file
from sessionlog.store import Store, open_database


@pytest.fixture
def empty_store(tmp_path: Path):
    db = open_database(tmp_path / "other.sqlite3")
    yield Store(db, actor="test")
    db.close()


def test_export_then_import_into_an_empty_file_keeps_every_record(
    demo_store, empty_store, tmp_path: Path
):
    path = tmp_path / "all.json"
    export_file(demo_store, path)
    result = import_file(empty_store, path)
    assert result.created["clients"] == len(demo_store.clients(include_archived=True))
    assert result.created["sessions"] == demo_store.count_sessions()
    assert [session_to_dict(s) for s in empty_store.sessions()] == [
        session_to_dict(s) for s in demo_store.sessions()
    ]
    # The changes name every record written, for the window's bus.
    assert result.changes.ids[Entity.CLIENT] == {
        c.id for c in empty_store.clients(include_archived=True)
    }
    assert result.changes.session_ids == {s.id for s in empty_store.sessions()}
    assert result.changes.touches(Entity.PAYER, Entity.STAFF, Entity.PLAN, Entity.AGENCY)
    again = import_file(empty_store, path)
    assert again.created == {}
    assert again.unchanged["sessions"] == demo_store.count_sessions()
    assert not again.changes  # nothing new: nothing to publish


def test_a_changed_record_is_refused_and_nothing_is_written(
    demo_store, empty_store, tmp_path: Path
):
    path = tmp_path / "all.json"
    export_file(demo_store, path)
    import_file(empty_store, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["staff"][0]["credential"] = "Changed"
    document["payers"].append({**document["payers"][0], "id": "payer-new", "name": "New"})
    path.write_text(json.dumps(document), encoding="utf-8")
    audit_before = len(empty_store.audit_log())
    with pytest.raises(InterchangeError) as refused:
        import_file(empty_store, path)
    staff_id = document["staff"][0]["id"]
    assert (
        f"staff {staff_id}: id: already stored with different content; "
        in (refused.value.problems[0])
    )
    with pytest.raises(NotFoundError):  # the new payer was not written either
        empty_store.payer("payer-new")
    assert len(empty_store.audit_log()) == audit_before
