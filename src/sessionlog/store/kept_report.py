"""What ``sessionlog units`` reads when every day of the period has kept lines (issue 12).

One read transaction on a connection that only reads, with nothing but :mod:`sqlite3`: the
schema version, that every billed (client, date) of the period has lines kept under the
report's stamp, the kept lines, and the few columns of clients, staff, payers and the
agency a report prints. No integrity check, no migration, no schema comparison, no
sqlite-utils and no models: whatever this read cannot answer (an older or newer schema,
a day not kept, a protected, read-only or unreadable file, a path SQLite's URI cannot
name) it answers ``None``, and the command opens the store as every other command does,
which computes, keeps, migrates or reports the problem.
"""

from __future__ import annotations

import os
import sqlite3

TYPE_CHECKING = False  # not typing's: importing typing costs a report's start
if TYPE_CHECKING:
    from typing import Any

# "SLOG" in ASCII: tells a SessionLog file apart from any other SQLite file.
APPLICATION_ID = 0x534C4F47
MIGRATION_SET = "sessionlog"
# The newest migration and how many there are: a file with exactly these is on the schema
# this code reads (tests/store/test_kept_report.py checks them against the migrations).
NEWEST_MIGRATION = "m012_kept_billing_lines"
MIGRATION_COUNT = 11  # m007 was never shipped

_BILLED_DAYS = (
    "SELECT DISTINCT client_id, service_date FROM sessions "
    "WHERE service_date BETWEEN :start AND :end "
    "AND (:client IS NULL OR client_id = :client) "
    "AND id NOT IN (SELECT session_id FROM voided_sessions)"
)
_MISSING = (
    f"SELECT 1 FROM ({_BILLED_DAYS}) AS billed WHERE NOT EXISTS ("
    "SELECT 1 FROM billing_lines_kept AS kept WHERE kept.client_id = billed.client_id "
    "AND kept.service_date = billed.service_date AND kept.stamp = :stamp) LIMIT 1"
)
_KEPT = (
    "SELECT client_id, service_date, lines FROM billing_lines_kept "
    "WHERE service_date BETWEEN :start AND :end AND stamp = :stamp "
    "AND (:client IS NULL OR client_id = :client)"
)


class KeptRead:
    """The kept lines of a period (client id, date of service, lines as JSON) and the
    columns a report prints of each client (id, name, Medicaid ID, payer id, diagnoses
    as JSON), staff member (id, credential, NPI, supervisor id) and payer (id, payer
    id, rates as JSON), and the agency's NPI (None without an agency)."""

    __slots__ = ("agency_npi", "clients", "kept", "payers", "staff")

    def __init__(
        self,
        kept: list[tuple[str, str, str]],
        clients: list[tuple[str, str, str, str, str]],
        staff: list[tuple[str, str, str, str | None]],
        payers: list[tuple[str, str, str]],
        agency_npi: str | None,
    ) -> None:
        self.kept = kept
        self.clients = clients
        self.staff = staff
        self.payers = payers
        self.agency_npi = agency_npi


def read_kept_report(
    path: str, start: str, end: str, client_id: str | None, stamp: str
) -> KeptRead | None:
    """The period [start, end] (ISO dates) of one client's or every client's kept lines,
    when the file at ``path`` has the newest schema and lines kept under ``stamp`` for
    every billed day of the period (and the client exists); else None."""
    if os.name != "posix" or any(c in path for c in "?#%") or not os.path.isfile(path):
        return None  # SQLite's file: URI would need quoting (or a drive letter)
    try:
        # Read-write but reading only (query_only): as the last connection to close, it
        # removes the write-ahead log it opened, leaving the file as the last app or
        # command closed it (a read-only one leaves an empty log behind, and the next
        # open would run the full integrity check for a file that seems changed).
        conn = sqlite3.connect(f"file:{os.path.abspath(path)}?mode=rw", uri=True)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("BEGIN")  # one snapshot for every read below
        return _read(conn, {"start": start, "end": end, "client": client_id, "stamp": stamp})
    except sqlite3.Error:
        return None  # protected, busy, damaged, read-only without its WAL index...
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, params: dict[str, Any]) -> KeptRead | None:
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        return None
    count, newest = conn.execute(
        "SELECT count(*), sum(name = ?) FROM _sqlite_migrations WHERE migration_set = ?",
        [NEWEST_MIGRATION, MIGRATION_SET],
    ).fetchone()
    if count != MIGRATION_COUNT or newest != 1:
        return None
    clients = conn.execute(
        "SELECT id, name, medicaid_id, payer_id, diagnoses FROM clients"
    ).fetchall()
    client_id = params["client"]
    if client_id is not None and all(row[0] != client_id for row in clients):
        return None  # the command's own path names the unknown client
    if conn.execute(_MISSING, params).fetchone() is not None:
        return None
    agency = conn.execute("SELECT npi FROM agency WHERE id = 1").fetchone()
    return KeptRead(
        conn.execute(_KEPT, params).fetchall(),
        clients,
        conn.execute("SELECT id, credential, npi, supervisor_id FROM staff").fetchall(),
        conn.execute("SELECT id, payer_id, rates FROM payers").fetchall(),
        agency[0] if agency else None,
    )
