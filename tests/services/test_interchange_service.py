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


def _whole_document_text(store: Store, exported_at: str, **period) -> bytes:
    """What the export wrote before it was streamed: the whole document, dumped at once."""
    from sessionlog.services.interchange import export_document

    document = export_document(store, **period)
    document["exported_at"] = exported_at
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@pytest.mark.parametrize("batch", [1, 7, 500])
def test_the_streamed_export_writes_the_bytes_of_the_whole_document(
    demo_store, tmp_path: Path, monkeypatch, batch: int
):
    """Read and written a batch of notes at a time, the file is byte for byte what
    dumping the whole document wrote: every client or one, a period, a client with no
    note in it (an empty list), text beyond ASCII."""
    from datetime import date

    real = Store.session_batches
    monkeypatch.setattr(
        Store, "session_batches", lambda self, f, size=500: real(self, f, size=batch)
    )
    client = demo_store.clients()[0]
    session = next(s for s in demo_store.sessions() if s.signature is None)
    session.note = "Señora Ruiz: «très bien» — 電話 ✓"
    demo_store.save_session(session)
    periods = [
        {},
        {"client_id": client.id},
        {"start": date(2026, 1, 1), "end": date(2026, 6, 30)},
        {"client_id": client.id, "start": date(1999, 1, 1), "end": date(1999, 1, 2)},
    ]
    for number, period in enumerate(periods):
        path = tmp_path / f"export-{number}.json"
        counts = export_file(demo_store, path, **period)
        written = path.read_bytes()
        exported_at = json.loads(written)["exported_at"]
        assert written == _whole_document_text(demo_store, exported_at, **period)
        document = json.loads(written)
        assert counts.sessions == len(document["sessions"])
        assert counts.clients == len(document["clients"])
    assert json.loads((tmp_path / "export-3.json").read_bytes())["sessions"] == []
    assert "電話" in (tmp_path / "export-0.json").read_text(encoding="utf-8")


def test_an_export_is_one_moment_of_the_records_while_the_app_writes(
    demo_store, empty_store, db_path: Path, tmp_path: Path, monkeypatch
):
    """The streamed export reads the caseload, then the notes a batch at a time: a client
    and a note of theirs written by the window meanwhile (another connection) are either
    both in the file or neither, so the file always imports."""
    import dataclasses

    real = Store.session_batches
    writer = Store(open_database(db_path), actor="window")

    def batches_after_a_write(self, f, size=500):
        client = dataclasses.replace(demo_store.clients()[0], id="client-new")
        writer.save_client(client)
        note = next(s for s in writer.sessions() if s.signature is None)
        writer.save_session(dataclasses.replace(note, id="note-new", client_id=client.id))
        return real(self, f, size)

    monkeypatch.setattr(Store, "session_batches", batches_after_a_write)
    path = tmp_path / "all.json"
    try:
        export_file(demo_store, path)
    finally:
        writer.db.close()
    monkeypatch.setattr(Store, "session_batches", real)
    document = json.loads(path.read_text(encoding="utf-8"))
    clients = {c["id"] for c in document["clients"]}
    assert {s["client"] for s in document["sessions"]} <= clients
    assert import_file(empty_store, path).created["sessions"] == len(document["sessions"])
