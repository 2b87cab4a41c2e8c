"""``sessionlog units`` from kept lines alone (issue 12): what it reads, that it answers
exactly what the computation answers, and when it leaves the report to the ordinary path."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from benchmarks.generate import generate_agency_db

from sessionlog.core.models import SessionStatus
from sessionlog.core.queries import SessionFilter
from sessionlog.export.units_report import csv_document, json_document, render
from sessionlog.services.billing import computed_lines
from sessionlog.services.kept_units import kept_stamp_in, kept_units_text
from sessionlog.store import Store, open_database
from sessionlog.store.kept_report import (
    MIGRATION_COUNT,
    NEWEST_MIGRATION,
    read_kept_report,
)
from sessionlog.store.migrations import migrations

SRC = Path(__file__).resolve().parents[2] / "src"
YEAR = ("2025-01-01", "2025-12-31")
TODAY = date(2026, 6, 30)  # the generated agency's ten years end before it

# Run in a child process: whether the unit engine, the store's repositories or logging
# were imported, and the report itself.
_PROBE = (
    "import sys\n"
    "from sessionlog.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    "heavy = [m for m in ('sessionlog.core.units', 'sessionlog.store.database', 'logging',"
    " 'sessionlog.core.language', 'argparse', 're', 'decimal', 'csv') if m in sys.modules]\n"
    "print('heavy:' + ','.join(heavy), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _units(db: Path, *args: str, lang: str = "C.UTF-8") -> tuple[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env["LANG"] = lang
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, "--db", str(db), "units", *args],
        capture_output=True,  # bytes: the CSV's line ends are part of what is compared
        env=env,
        timeout=300,
    )
    stderr = run.stderr.decode()
    assert run.returncode == 0, stderr
    heavy = stderr.rsplit("heavy:", 1)[1].strip()
    return run.stdout.decode("utf-8"), heavy


def _computed(db: Path, fmt: str, client: str | None = None, include_all: bool = False) -> str:
    """The report computed afresh in this process, not from kept lines."""
    store = Store(open_database(db), actor="test")
    try:
        start, end = (date.fromisoformat(d) for d in YEAR)
        lines = computed_lines(store, client_id=client, start=start, end=end)
        return render(
            lines,
            fmt,
            clients={c.id: c for c in store.clients(include_archived=True)},
            staff={m.id: m for m in store.staff_members()},
            payers={p.id: p for p in store.payers()},
            agency=store.agency(),
            include_all=include_all,
        )
    finally:
        store.db.close()


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated agency of 1,000 sessions (the benchmarks' small size)."""
    return generate_agency_db(tmp_path_factory.mktemp("kept") / "agency.db", 1000, today=TODAY)


@pytest.fixture
def db(agency: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "agency.db"
    shutil.copy(agency, copy)
    return copy


def test_the_quick_read_knows_the_newest_schema() -> None:
    """A migration added without updating the quick read would send every report down
    the slow path: these two constants must name the newest schema."""
    assert migrations.names()[-1] == NEWEST_MIGRATION
    assert len(migrations.names()) == MIGRATION_COUNT


def test_kept_report_equals_the_computed_one_and_loads_no_engine(db: Path) -> None:
    """The first report computes and keeps; the next ones read the kept lines without the
    unit engine, the repositories, logging, argparse, re, decimal or csv, and print byte
    for byte what a computation from nothing prints, in CSV (billable and --all, one
    client) and JSON."""
    client = sqlite3.connect(db).execute("SELECT min(client_id) FROM sessions").fetchone()[0]
    cases = [
        (("--format", "csv"), ("csv", None, False)),
        (("--format", "csv", "--all"), ("csv", None, True)),
        (("--format", "json"), ("json", None, False)),
        (("--format", "csv", "--client", client), ("csv", client, False)),
    ]
    first, heavy = _units(db, "--from", YEAR[0], "--to", YEAR[1], "--format", "csv")
    assert "sessionlog.core.units" in heavy  # nothing kept yet: computed
    for args, (fmt, who, include_all) in cases:
        text, heavy = _units(db, "--from", YEAR[0], "--to", YEAR[1], *args)
        assert heavy == "", args
        assert text == _computed(db, fmt, who, include_all), args
    assert first == _computed(db, "csv")
    # The quick read leaves no write-ahead log behind (the next open would check).
    assert not Path(f"{db}-wal").exists()


def test_table_from_kept_items_and_another_language_on_the_ordinary_path(db: Path) -> None:
    """The table (the default format) is laid out from the kept JSON items and the
    clients' names as they are now, without opening the store, byte for byte as the
    ordinary path lays it out; a renamed client shows its new name. Another language
    takes the ordinary path."""
    client = sqlite3.connect(db).execute("SELECT min(client_id) FROM sessions").fetchone()[0]
    _units(db, "--from", YEAR[0], "--to", YEAR[1], "--format", "csv")
    table, heavy = _units(db, "--from", YEAR[0], "--to", YEAR[1])
    assert "sessionlog.store.database" not in heavy and "argparse" not in heavy
    assert table == _computed(db, "table")
    one, heavy = _units(db, "--from", YEAR[0], "--to", YEAR[1], "--client", client)
    assert "sessionlog.store.database" not in heavy
    assert one == _computed(db, "table", client)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE clients SET name = 'Renamed, =Client' WHERE id = ?", [client])
    _units(db, "--from", YEAR[0], "--to", YEAR[1], "--format", "csv")  # kept again
    renamed, heavy = _units(db, "--from", YEAR[0], "--to", YEAR[1], "--format", "table")
    assert "sessionlog.store.database" not in heavy
    assert "Renamed, =Client" in renamed
    assert renamed == _computed(db, "table")
    _, heavy = _units(db, "--from", YEAR[0], "--to", YEAR[1], "--format", "csv", lang="es_US.UTF-8")
    assert "sessionlog.core.units" in heavy


def test_kept_report_after_a_write_equals_the_computed_one(db: Path) -> None:
    """A change to a session forgets the kept days around it: the report then computes
    them again, and is what a computation from nothing gives."""
    _units(db, "--from", YEAR[0], "--to", YEAR[1], "--format", "csv")
    store = Store(open_database(db), actor="test")
    try:
        start, end = (date.fromisoformat(d) for d in YEAR)
        unsigned = store.sessions(SessionFilter(start=start, end=end, status=SessionStatus.DRAFT))
        session = next(s for s in unsigned if s.segments and s.segments[-1].end)
        last = session.segments[-1]
        longer = dataclasses.replace(last, end=last.end + timedelta(minutes=40))
        store.save_session(dataclasses.replace(session, segments=[*session.segments[:-1], longer]))
    finally:
        store.db.close()
    after, _ = _units(db, "--from", YEAR[0], "--to", YEAR[1], "--format", "csv", "--all")
    assert after == _computed(db, "csv", include_all=True)
    again, heavy = _units(db, "--from", YEAR[0], "--to", YEAR[1], "--format", "csv", "--all")
    assert heavy == ""
    assert again == after


def test_the_quick_read_declines_what_it_cannot_answer(db: Path, tmp_path: Path) -> None:
    """None (the ordinary path then answers) for a period with a day not kept, an unknown
    client, lines kept in another language, an older schema and a file that is not a
    SessionLog database; the kept lines themselves once every day is kept."""
    stamp = kept_stamp_in("")

    def read(path: Path, start: str, end: str, who: str | None, stamp: str) -> list | None:
        return read_kept_report(str(path), start, end, who, stamp, "csv")

    assert read(db, *YEAR, None, stamp) is None  # nothing kept yet
    _units(db, "--from", YEAR[0], "--to", YEAR[1], "--format", "csv")
    days = read(db, *YEAR, None, stamp)
    assert days and all(part.endswith("\r\n") for part in days if part)
    assert read(db, *YEAR, "nobody", stamp) is None
    assert read(db, *YEAR, None, kept_stamp_in("es")) is None
    assert read(db, "2024-12-01", YEAR[1], None, stamp) is None
    start, end = (date.fromisoformat(d) for d in YEAR)
    assert kept_units_text(str(db), start, end, None, "table", False) is not None
    assert kept_units_text(str(db), start, end, "nobody", "table", False) is None
    older = tmp_path / "older.db"
    shutil.copy(db, older)
    with sqlite3.connect(older) as conn:
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [NEWEST_MIGRATION])
    assert read(older, *YEAR, None, stamp) is None
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert read(other, *YEAR, None, stamp) is None
    text = tmp_path / "text.db"
    text.write_text("not a database", encoding="utf-8")
    assert read(text, *YEAR, None, stamp) is None
    assert read(tmp_path / "missing.db", *YEAR, None, stamp) is None


def test_the_reports_joined_from_no_kept_day_are_the_empty_reports() -> None:
    """A period with nothing billed: the header alone, and an empty list, as the
    ordinary path writes them."""
    empty = {"clients": {}, "staff": {}, "payers": {}, "agency": None}
    assert csv_document([]) == render([], "csv", **empty)
    assert json_document(["", ""]) == render([], "json", **empty)


def test_days_whose_sessions_are_all_voided_need_no_kept_part(db: Path) -> None:
    """The quick read finds the days with a session in the index alone and asks about
    voided sessions only for a day without a kept part: a day whose every session is
    voided bills nothing and needs none; a day with one session not voided does."""
    _units(db, "--from", YEAR[0], "--to", YEAR[1], "--format", "csv")
    stamp = kept_stamp_in("")
    kept = read_kept_report(str(db), *YEAR, None, stamp, "csv")
    assert kept is not None
    with sqlite3.connect(db) as conn:
        # The triggers would refuse voiding a signed note and forget the kept days: the
        # voided-only day is made here directly, as a file can hold one.
        for trigger in ("voided_only_unsigned", "billing_kept_voided_sessions_insert"):
            conn.execute(f"DROP TRIGGER {trigger}")
        who, day, part = conn.execute(
            "SELECT client_id, service_date, coalesce(billable_csv, claim_csv) "
            "FROM billing_report_kept ORDER BY service_date LIMIT 1 OFFSET 10"
        ).fetchone()
        conn.execute(
            "DELETE FROM billing_report_kept WHERE client_id = ? AND service_date = ?", [who, day]
        )
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM sessions WHERE client_id = ? AND service_date = ?", [who, day]
            )
        ]
    assert read_kept_report(str(db), *YEAR, None, stamp, "csv") is None  # billed, not kept
    with sqlite3.connect(db) as conn:
        for session_id in ids[1:]:
            conn.execute(
                "INSERT INTO voided_sessions VALUES (?, '2026-01-01T00:00:00Z', 't', 'test')",
                [session_id],
            )
    assert read_kept_report(str(db), *YEAR, None, stamp, "csv") is None  # one not voided
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO voided_sessions VALUES (?, '2026-01-01T00:00:00Z', 't', 'test')", [ids[0]]
        )
    kept.remove(part)
    assert read_kept_report(str(db), *YEAR, None, stamp, "csv") == kept


def test_the_quick_read_s_days_come_from_an_index_alone(db: Path) -> None:
    """The days with a session are read from the (client_id, service_date) index without
    visiting the sessions table: a look-up per session was a third of the read at 30k."""
    from sessionlog.store import kept_report

    conn = sqlite3.connect(db)
    params = {"start": YEAR[0], "end": YEAR[1], "client": None}
    for client in (None, "client-x"):
        plan = conn.execute(
            "EXPLAIN QUERY PLAN " + kept_report._SESSION_DAYS, {**params, "client": client}
        ).fetchall()
        assert next(row[3] for row in plan if "sessions" in row[3]).startswith(
            "SEARCH sessions USING COVERING INDEX"
        ), plan
    conn.close()
