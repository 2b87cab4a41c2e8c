"""The record check (issue 13) on its own connection, for a worker thread or a command."""

from __future__ import annotations

from pathlib import Path

from sessionlog.core.integrity import IntegrityReport
from sessionlog.services.records import own_connection


def check_database(path: Path) -> IntegrityReport:
    """Open ``path`` (putting back any dropped protective trigger), recompute every seal
    and the audit chain, close. A worker thread calls this: it never shares the GUI's
    connection."""
    with own_connection(path, actor="check", migrate=True) as records:
        return records.check_record()
