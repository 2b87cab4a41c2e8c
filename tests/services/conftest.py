"""Fixtures shared by the billing-cache tests of this folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sessionlog.store import Store, open_database


@pytest.fixture
def agency(agency_file: Path, tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the module's generated agency (each module defines ``agency_file``),
    so a test's writes never reach the next test."""
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(agency_file.read_bytes())
    store = Store(open_database(copy), actor="test")
    yield store
    store.db.close()
