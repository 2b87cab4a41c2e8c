"""The kept authorization draw-down in the database (m011_billing_cache): triggers mark it
stale on every unit-changing write, whatever writes it, and a file saved at that schema
version, with draws kept, opens in the newest code and gives the same units."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from datetime import date
from pathlib import Path

from sessionlog.core.queries import SessionFilter
from sessionlog.services.billing import computed_lines, lines_for_days
from sessionlog.services.demo import load_demo
from sessionlog.store import Store, open_database
from sessionlog.store.migrations import migrations

FIXTURES = Path(__file__).parent / "fixtures"
SAVED = FIXTURES / "schema_m011_billing_cache.sqlite3"


def _every_day(store: Store) -> set[tuple[str, date]]:
    return {
        (s.client_id, day)
        for s in store.sessions(SessionFilter())
        if (day := s.service_date()) is not None
    }


def _valid(store: Store) -> dict[tuple[str, str], str]:
    rows = store.db.execute("SELECT client_id, chain_start, valid_before FROM billing_cache")
    return {(c, start): before for c, start, before in rows}


def make_m011_fixture(path: Path) -> None:  # pragma: no cover - run by hand once
    """How tests/store/fixtures/schema_m011_billing_cache.sqlite3 was made."""
    db = open_database(path)
    store = Store(db, actor="fixture")
    load_demo(store, today=date(2026, 11, 20))
    lines_for_days(store, _every_day(store))  # keeps the draws
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.execute("VACUUM")
    db.close()


def test_a_session_write_marks_its_client_stale_from_its_date_only(store: Store) -> None:
    load_demo(store, today=date(2026, 11, 20))
    lines_for_days(store, _every_day(store))
    kept = _valid(store)
    assert kept
    session = store.sessions(SessionFilter(status=None))[-1]
    day = session.service_date()
    assert day is not None
    generation = store.billing_cache_generation()
    # A plain SQL write: the triggers, not the store's code, keep the draws honest.
    store.db.execute("UPDATE sessions SET place_of_service = '99' WHERE id = ?", [session.id])
    assert store.billing_cache_generation() > generation
    after = _valid(store)
    for (client_id, start), before in kept.items():
        if client_id == session.client_id and before > day.isoformat():
            assert after[(client_id, start)] == day.isoformat()
        else:
            assert after[(client_id, start)] == before
    # Editing a note's words changes no unit: nothing is marked.
    generation = store.billing_cache_generation()
    store.db.execute("UPDATE sessions SET note = 'words' WHERE id = ?", [session.id])
    assert store.billing_cache_generation() == generation


def test_setup_writes_forget_the_kept_draws(store: Store) -> None:
    load_demo(store, today=date(2026, 11, 20))
    lines_for_days(store, _every_day(store))
    client = store.clients()[0]
    auth = store.authorizations(client.id)[0]
    store.save_authorization(dataclasses.replace(auth, units=auth.units + 1))
    assert client.id not in {c for c, _ in _valid(store)}
    assert _valid(store)  # the other clients' draws stay
    staff = store.staff_members()[0]
    store.save_staff(dataclasses.replace(staff, modifier="HP"))
    assert _valid(store) == {}
    assert store.db.execute("SELECT count(*) FROM billing_draws").fetchone()[0] == 0


def test_saved_billing_cache_file_opens_in_newest_with_the_same_units(tmp_path: Path) -> None:
    path = tmp_path / "saved.sqlite3"
    shutil.copy(SAVED, path)
    db = open_database(path)
    store = Store(db, actor="test")
    assert migrations.pending(db) == []
    assert _valid(store)
    pairs = sorted(_every_day(store))
    kept = lines_for_days(store, pairs)
    whole = [
        line
        for client_id, day in pairs
        for line in computed_lines(store, client_id=client_id, start=day, end=day)
    ]
    key = lambda ln: (ln.client_id, ln.date, ln.session_ids, ln.authorization_id)  # noqa: E731
    assert sorted(kept, key=key) == sorted(whole, key=key)
    assert store.check_record().ok
    db.close()


def test_saved_billing_cache_file_records_m011_last() -> None:
    conn = sqlite3.connect(f"{SAVED.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        names = [n for (n,) in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    finally:
        conn.close()
    assert names[-1] == "m011_billing_cache"


def test_staff_session_times_are_the_sessions_between_with_their_segments(store: Store) -> None:
    """The light read for overlap flags finds, window by window, what the full read finds."""
    from datetime import UTC, datetime, timedelta

    load_demo(store, today=date(2026, 11, 20))
    windows = []
    for staff in store.staff_members():
        for day in (date(2026, 11, 10), date(2026, 11, 17), date(2026, 11, 20)):
            start = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
            windows.append((staff.id, start, start + timedelta(hours=10)))
    light = {s.id: s for s in store.staff_session_times(windows)}
    full = {s.id: s for w in windows for s in store.staff_sessions_between(w[0], w[1], w[2])}
    assert light and light.keys() == full.keys()
    for sid, session in light.items():
        assert session.segments == full[sid].segments
        assert (session.staff_id, session.client_id, session.group_id) == (
            full[sid].staff_id,
            full[sid].client_id,
            full[sid].group_id,
        )


def test_sessions_on_days_are_exactly_those_clients_and_dates(store: Store) -> None:
    load_demo(store, today=date(2026, 11, 20))
    pairs = sorted(_every_day(store))[::3]
    got = store.sessions_on_days(pairs)
    expected = [
        s for s in store.sessions(SessionFilter()) if (s.client_id, s.service_date()) in pairs
    ]
    assert [s.id for s in got] == [s.id for s in expected]
    assert got == expected


def _triggers(store: Store) -> list[tuple[str, str]]:
    return store.db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    ).fetchall()


def _file_adding_to(store: Store, path: Path) -> tuple[str, str]:
    """A sessionlog/1 file of ``store``'s records plus one new unsigned note of one
    client and one new authorization of another; those two clients."""
    import json

    from sessionlog.services.interchange import export_document

    document = export_document(store)
    note = dict(document["sessions"][0])
    note.update(id="added-note", signed=None, addenda=[], cosigned=None)
    document["sessions"].append(note)
    auth = next(a for a in document["authorizations"] if a["client"] != note["client"])
    document["authorizations"].append({**auth, "id": "added-auth", "number": "PA-added"})
    path.write_text(json.dumps(document), encoding="utf-8")
    return note["client"], auth["client"]


def test_an_import_forgets_the_draws_of_the_clients_it_added_to_once(
    store: Store, tmp_path: Path
) -> None:
    """The import takes out the triggers on added rows and forgets the draws of the
    clients it wrote at the end instead (billing_stale_once): the same triggers after it,
    the other clients' draws kept, and the same units as computed from nothing."""
    from sessionlog.services.interchange import import_file

    load_demo(store, today=date(2026, 11, 20))
    pairs = sorted(_every_day(store))
    lines_for_days(store, pairs)
    kept = _valid(store)
    triggers = _triggers(store)
    touched = _file_adding_to(store, tmp_path / "more.json")
    assert touched[0] != touched[1]
    generation = store.billing_cache_generation()
    result = import_file(store, tmp_path / "more.json")
    assert result.created == {"sessions": 1, "authorizations": 1}
    assert _triggers(store) == triggers
    assert store.billing_cache_generation() > generation
    after = _valid(store)
    assert {c for c, _ in after} == {c for c, _ in kept} - set(touched)
    assert all(after[key] == kept[key] for key in after)
    forgotten = store.db.execute(
        "SELECT count(*) FROM billing_draws WHERE client_id IN (?, ?)", list(touched)
    ).fetchone()[0]
    assert forgotten == 0
    # The draws kept and those computed again give what a computation from nothing gives.
    pairs = sorted(_every_day(store))
    cached = lines_for_days(store, pairs)
    store.db.execute("DELETE FROM billing_cache")
    store.db.execute("DELETE FROM billing_draws")
    fresh = lines_for_days(store, pairs)
    key = lambda ln: (ln.client_id, ln.date, ln.session_ids, ln.authorization_id)  # noqa: E731
    assert sorted(cached, key=key) == sorted(fresh, key=key)
    # A plain SQL write after the import still marks its client stale (triggers back).
    lines_for_days(store, pairs)
    assert touched[1] in {c for c, _ in _valid(store)}
    generation = store.billing_cache_generation()
    store.db.execute(
        'INSERT INTO authorizations (id, client_id, code, units, start, "end", number) '
        "SELECT 'by-sql', client_id, code, units, start, \"end\", number "
        "FROM authorizations WHERE id = 'added-auth'"
    )
    # m011's trigger forgets the client's draws (m012's, on kept lines, counts too).
    assert store.billing_cache_generation() > generation
    assert touched[1] not in {c for c, _ in _valid(store)}


def test_a_refused_import_leaves_the_triggers_and_the_draws(store: Store, tmp_path: Path) -> None:
    import json

    import pytest

    from sessionlog.core.interchange import InterchangeError
    from sessionlog.services.interchange import import_file

    load_demo(store, today=date(2026, 11, 20))
    lines_for_days(store, sorted(_every_day(store)))
    kept, triggers = _valid(store), _triggers(store)
    path = tmp_path / "bad.json"
    _file_adding_to(store, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["sessions"].append({**document["sessions"][-1], "id": "late", "code": "X9"})
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(InterchangeError):
        import_file(store, path)
    assert _triggers(store) == triggers
    assert _valid(store) == kept
    assert store.db.execute("SELECT count(*) FROM sessions WHERE id = 'added-note'").fetchone() == (
        0,
    )


def test_the_triggers_are_never_taken_out_outside_a_transaction(store: Store) -> None:
    import pytest

    triggers = _triggers(store)
    with pytest.raises(RuntimeError), store.billing_stale_once():
        pass
    assert _triggers(store) == triggers
