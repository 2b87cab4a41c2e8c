"""What ``sessionlog units`` reads when every day of the period is kept (issue 12).

One read transaction on a connection that only reads, with nothing but :mod:`sqlite3`: the
schema version, that every billed (client, date) of the period has its part of the report
kept under the report's stamp (m013, kept and forgotten with the day's lines), and those
parts, already written, in the report's order. No integrity check, no migration, no
schema comparison, no sqlite-utils and no models: whatever this read cannot answer (an
older or newer schema, a day not kept, a protected, read-only or unreadable file, a path
SQLite's URI cannot name) it answers ``None``, and the command opens the store as every
other command does, which computes, keeps, migrates or reports the problem.
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
NEWEST_MIGRATION = "m013_kept_report_texts"
MIGRATION_COUNT = 12  # m007 was never shipped

# The column of billing_report_kept (m013) each report is made of.
REPORT_COLUMNS = {
    "csv": "coalesce(billable_csv, claim_csv)",  # NULL: every line of the day bills
    "csv-all": "claim_csv",
    "json": "report_json",
}

# The days with a session, read from the index on (client_id, service_date) alone: asking
# here whether each session is voided looked every session of the period up in the table
# (its id is not in the index), a third of this read at 30,000 sessions (issue 12).
_SESSION_DAYS = (
    "SELECT DISTINCT client_id, service_date FROM sessions "
    "WHERE service_date BETWEEN :start AND :end "
    "AND (:client IS NULL OR client_id = :client)"
)
# A day with a session and no kept part is billed unless every session of it is voided
# (those days bill nothing and keep no part: a few in a year).
_BILLED_DAY = (
    "SELECT 1 FROM sessions WHERE client_id = ? AND service_date = ? "
    "AND id NOT IN (SELECT session_id FROM voided_sessions) LIMIT 1"
)
_CLIENTS = "SELECT id, name, medicaid_id FROM clients"
# The report's order: by client, then date of service (each day's part is in order).
_KEPT = (
    "SELECT client_id, service_date, {column} FROM billing_report_kept "
    "WHERE service_date BETWEEN :start AND :end AND stamp = :stamp "
    "AND (:client IS NULL OR client_id = :client) ORDER BY client_id, service_date"
)


def read_kept_report(
    path: str, start: str, end: str, client_id: str | None, stamp: str, report: str
) -> list[str] | None:
    """The parts of ``report`` ("csv", "csv-all" or "json", see :data:`REPORT_COLUMNS`)
    of the period [start, end] (ISO dates) of one client or every client, one per kept
    day in the report's order, when the file at ``path`` has the newest schema and the
    report kept under ``stamp`` for every billed day of the period (and the client
    exists); else None."""
    read = _read_file(path, start, end, client_id, stamp, report, with_clients=False)
    return None if read is None else read[0]


def read_kept_table(
    path: str, start: str, end: str, client_id: str | None, stamp: str
) -> tuple[list[str], dict[str, tuple[str, str]]] | None:
    """What the ``units`` table is laid out from: the JSON parts as
    :func:`read_kept_report` reads them, and every client's name and Medicaid ID by id
    (the table names the client as the records do now; the JSON carries no name)."""
    return _read_file(path, start, end, client_id, stamp, "json", with_clients=True)


def _read_file(
    path: str,
    start: str,
    end: str,
    client_id: str | None,
    stamp: str,
    report: str,
    *,
    with_clients: bool,
) -> tuple[list[str], dict[str, tuple[str, str]]] | None:
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
        params = {"start": start, "end": end, "client": client_id, "stamp": stamp}
        parts = _read(conn, params, REPORT_COLUMNS[report])
        if parts is None:
            return None
        clients = (
            {cid: (name, medicaid_id) for cid, name, medicaid_id in conn.execute(_CLIENTS)}
            if with_clients
            else {}
        )
        return parts, clients
    except sqlite3.Error:
        return None  # protected, busy, damaged, read-only without its WAL index...
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, params: dict[str, Any], column: str) -> list[str] | None:
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        return None
    count, newest = conn.execute(
        "SELECT count(*), sum(name = ?) FROM _sqlite_migrations WHERE migration_set = ?",
        [NEWEST_MIGRATION, MIGRATION_SET],
    ).fetchone()
    if count != MIGRATION_COUNT or newest != 1:
        return None
    client_id = params["client"]
    if (
        client_id is not None
        and not conn.execute("SELECT 1 FROM clients WHERE id = ?", [client_id]).fetchone()
    ):
        return None  # the command's own path names the unknown client
    kept = conn.execute(_KEPT.format(column=column), params).fetchall()
    # Every billed day kept: compared here, which cost half what a look-up of each billed
    # day in the kept table (large rows) cost at 300,000 sessions.
    days = {(cid, day) for cid, day, _ in kept}
    for day in conn.execute(_SESSION_DAYS, params).fetchall():
        if day not in days and conn.execute(_BILLED_DAY, day).fetchone():
            return None
    return [text for _, _, text in kept]
