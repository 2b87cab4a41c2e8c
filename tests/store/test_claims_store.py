"""Claim data in the store (migration m006): agency, addresses, NPIs, co-signatures."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from tests.core.test_interchange_billing import billing_sample

from sessionlog.core.interchange import parse_document, to_document
from sessionlog.core.models import Cosignature
from sessionlog.services.interchange import export_document, import_dataset
from sessionlog.store import LockedError, Store, StoreError, open_database, schema_version
from sessionlog.store.migrations import migrations

FIXTURES = Path(__file__).parent / "fixtures"


def _store(path: Path) -> Store:
    return Store(open_database(path))


def test_every_claim_key_survives_import_and_export(tmp_path: Path) -> None:
    store = _store(tmp_path / "a.db")
    dataset, problems = parse_document(billing_sample())
    assert problems == []
    import_dataset(store, dataset)
    exported = export_document(store)
    exported.pop("exported_at")
    expected = to_document(dataset)
    for doc in (exported, expected):  # the store lists staff by name
        doc["staff"].sort(key=lambda s: s["id"])
    assert exported == expected
    # Importing the same file again changes nothing.
    again, _ = parse_document(billing_sample())
    result = import_dataset(store, again)
    assert result.created == {}
    assert result.unchanged["agency"] == 1


def test_a_cosignature_is_immutable(tmp_path: Path) -> None:
    store = _store(tmp_path / "a.db")
    dataset, _ = parse_document(billing_sample())
    import_dataset(store, dataset)
    session = store.session("x1")
    assert session.cosignature is not None
    later = Cosignature("s2", session.cosignature.signed_at + timedelta(hours=1), "UTC")
    with pytest.raises(LockedError):
        store.cosign_session("x1", later)
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        store.db.execute("UPDATE cosignatures SET statement = 'edited'")
    with pytest.raises(sqlite3.IntegrityError, match="cannot be removed"):
        store.db.execute("DELETE FROM cosignatures")
    with pytest.raises(StoreError, match="not signed"):
        store.cosign_session("x2", later)
    with pytest.raises(sqlite3.IntegrityError, match="only a signed note"):
        store.db.execute(
            "INSERT INTO cosignatures (session_id, staff_id, signed_at_utc, timezone) "
            "VALUES ('x2', 's2', '2026-03-04T00:00:00Z', 'UTC')"
        )


def test_the_m006_file_opens_in_the_newest_code(tmp_path: Path) -> None:
    """A database saved right after m006 (claims) opens, migrates and keeps its data."""
    path = tmp_path / "v6.sqlite3"
    shutil.copy(FIXTURES / "schema_m006_claims.sqlite3", path)
    store = _store(path)
    assert "m006_claims" in {m.name for m in migrations.applied(store.db)}
    assert not migrations.pending(store.db)
    agency = store.agency()
    assert agency is not None and agency.npi == "1234567893"
    assert store.staff("s1").supervisor_id == "s2"
    assert store.client("c1").address is not None
    assert str(store.payer("p1").rates["H2023"]) == "18.25"
    session = store.session("x1")
    assert session.cosignature is not None and session.cosignature.staff_id == "s2"
    assert store.session("x2").audio_only is True


def make_schema_6_fixture(path: Path) -> None:  # pragma: no cover - run by hand once
    """How tests/store/fixtures/schema_m006_claims.sqlite3 was made (kept for the record)."""
    store = _store(path)
    dataset, _ = parse_document(billing_sample())
    import_dataset(store, dataset)
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(json.dumps(schema_version(store.db)))
