"""Billing lines kept per client and date (issue 12, migration m012): a period's lines read
from the kept ones equal the engine's fresh computation, line for line and in the same
order, on a generated agency database, before and after every kind of write that can
change a line (through the store and in plain SQL, whatever writes it)."""

from __future__ import annotations

import dataclasses
import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from sessionlog.core.language import using_language
from sessionlog.core.models import Segment, Session, Signature
from sessionlog.core.queries import SessionFilter
from sessionlog.core.units import FLAG_AUTHORIZATION_EXCEEDED, FLAG_DAILY_MAX, FLAG_OVERLAP
from sessionlog.export.units_report import render
from sessionlog.services import billing
from sessionlog.services.billing import billing_lines, computed_lines, kept_stamp
from sessionlog.services.kept_units import kept_stamp_in, kept_units_text
from sessionlog.store import Store, open_database

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate_agency_db  # noqa: E402

TODAY = date(2026, 11, 20)
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture(scope="module")
def agency_file(tmp_path_factory) -> Path:
    """A generated agency (ten years) where some clients' authorizations run out and some
    busy days reach the payer's daily maximum."""
    path = tmp_path_factory.mktemp("kept") / "agency.sqlite3"
    generate_agency_db(path, 1_200, seed=11, today=TODAY)
    store = Store(open_database(path), actor="test")
    sessions = store.sessions(SessionFilter(code="H2014", start=YEAR[0], end=YEAR[1]))
    signed = [s for s in sessions if s.signature is not None and s.segments]
    for n, base in enumerate(signed[::25][:8]):
        start = base.segments[-1].end or base.segments[-1].start
        for k in range(3):  # 3 x 75 minutes after it: over any daily maximum of H2014
            begin = start + timedelta(minutes=5 + 80 * k)
            store.insert_signed_session(
                dataclasses.replace(
                    base,
                    id=f"{base.id}-extra-{n}-{k}",
                    segments=[Segment(begin, begin + timedelta(minutes=75))],
                    signature=dataclasses.replace(
                        base.signature, signed_at=begin + timedelta(hours=3)
                    ),
                    addenda=[],
                    cosignature=None,
                )
            )
    for client in store.clients()[::3]:
        for auth in store.authorizations(client.id):
            store.save_authorization(dataclasses.replace(auth, units=10))
    store.db.close()
    return path


def _kept_count(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM billing_lines_kept").fetchone()[0]


def _assert_kept_equal_fresh(store: Store, client_id: str | None = None) -> list:
    """The period's lines (kept, or computed and kept) are the engine's, in its order;
    and the report kept with them (m013) is the report written from the engine's."""
    kept = billing_lines(store, client_id=client_id, start=YEAR[0], end=YEAR[1])
    fresh = computed_lines(store, client_id=client_id, start=YEAR[0], end=YEAR[1])
    assert kept == fresh
    _assert_kept_report_equal_fresh(store, client_id, fresh)
    return kept


def _assert_kept_report_equal_fresh(store: Store, client_id: str | None, fresh: list) -> None:
    """Every kept day has its report texts and no texts outlive their lines; when every
    billed day of the period is kept, the quick report (CSV, CSV --all, JSON, table) is byte
    for byte the report written from the engine's lines and today's records."""
    lines_days = set(
        store.db.execute("SELECT client_id, service_date, stamp FROM billing_lines_kept")
    )
    report_days = set(
        store.db.execute("SELECT client_id, service_date, stamp FROM billing_report_kept")
    )
    stamp = kept_stamp()
    assert stamp == kept_stamp_in("")  # the report's texts are kept in the source text only
    assert report_days == {day for day in lines_days if day[2] == stamp}
    billed = {(c, d.isoformat(), stamp) for c, d in store.billed_days(*YEAR, client_id)}
    records = {
        "clients": {c.id: c for c in store.clients(include_archived=True)},
        "staff": {m.id: m for m in store.staff_members()},
        "payers": {p.id: p for p in store.payers()},
        "agency": store.agency(),
    }
    for fmt, include_all in (("csv", False), ("csv", True), ("json", False), ("table", False)):
        quick = kept_units_text(str(store.path), *YEAR, client_id, fmt, include_all)
        if billed <= report_days and not store.read_only:
            assert quick == render(fresh, fmt, include_all=include_all, **records)
        else:
            assert quick is None


def test_a_years_lines_read_from_kept_ones_equal_the_engine(agency: Store, monkeypatch) -> None:
    assert _kept_count(agency) == 0
    first = _assert_kept_equal_fresh(agency)  # computes the days and keeps them
    flags = {f for line in first for f in line.flags}
    assert FLAG_AUTHORIZATION_EXCEEDED in flags and FLAG_DAILY_MAX in flags
    days = agency.billed_days(*YEAR)
    assert _kept_count(agency) == len(days) > 100

    def no_computing(*args, **kwargs):
        raise AssertionError("every day is kept: nothing is computed")

    monkeypatch.setattr(billing, "lines_for_days", no_computing)
    assert billing_lines(agency, start=YEAR[0], end=YEAR[1]) == first
    # One client, and a period that starts and ends inside kept years.
    client_id = first[len(first) // 2].client_id
    mine = billing_lines(agency, client_id=client_id, start=YEAR[0], end=YEAR[1])
    assert mine == [line for line in first if line.client_id == client_id]
    spring = billing_lines(agency, start=date(2025, 3, 10), end=date(2025, 5, 20))
    assert spring == [ln for ln in first if date(2025, 3, 10) <= ln.date <= date(2025, 5, 20)]


def test_lines_kept_in_another_language_are_not_used(agency: Store) -> None:
    english = _assert_kept_equal_fresh(agency)
    with using_language("es"):
        spanish = billing_lines(agency, start=YEAR[0], end=YEAR[1])
        assert spanish == computed_lines(agency, start=YEAR[0], end=YEAR[1])
    assert [ln.explanation for ln in spanish] != [ln.explanation for ln in english]
    assert billing_lines(agency, start=YEAR[0], end=YEAR[1]) == english


def _session_in_year(store: Store, rng: random.Random) -> Session:
    sessions = store.sessions(SessionFilter(start=YEAR[0], end=YEAR[1]))
    return rng.choice(sessions)


def _draft(store: Store, rng: random.Random, n: int) -> Session:
    """An unsigned session of the year (a signed one is locked), written if none is."""
    sessions = store.sessions(SessionFilter(start=YEAR[0], end=YEAR[1]))
    drafts = [s for s in sessions if not s.signed and s.segments]
    if drafts:
        return rng.choice(drafts)
    base = rng.choice(sessions)
    draft = dataclasses.replace(
        base, id=f"draft-of-{n}", signature=None, addenda=[], cosignature=None
    )
    store.save_session(draft)
    return draft


def _write(store: Store, rng: random.Random, kind: str, n: int) -> None:
    """One write that can change some lines of the year."""
    base = _session_in_year(store, rng)
    if kind == "sign-new":  # a signed session early in a day: draws before the rest
        begin = base.segments[0].start - timedelta(hours=3)
        store.insert_signed_session(
            dataclasses.replace(
                base,
                id=f"new-signed-{n}",
                segments=[Segment(begin, begin + timedelta(minutes=rng.choice([20, 95, 400])))],
                signature=Signature(base.staff_id, begin + timedelta(hours=9), "UTC"),
                addenda=[],
                cosignature=None,
            )
        )
    elif kind == "draft":  # a draft, then its minutes change
        begin = base.segments[0].start + timedelta(minutes=10)  # overlaps ``base``
        draft = dataclasses.replace(
            base,
            id=f"draft-{n}",
            client_id=rng.choice(store.clients()).id,  # another client, same staff
            segments=[Segment(begin, begin + timedelta(minutes=30))],
            signature=None,
            addenda=[],
            cosignature=None,
            objective_ids=[],
        )
        store.save_session(draft)
        later = [Segment(begin, begin + timedelta(minutes=rng.choice([5, 50, 130])))]
        store.save_session(dataclasses.replace(draft, segments=later))
    elif kind == "void":
        store.void_session(_draft(store, rng, n).id, "entered in error")
    elif kind == "authorization":
        auths = store.authorizations(base.client_id)
        if auths:
            auth = rng.choice(auths)
            store.save_authorization(dataclasses.replace(auth, units=rng.choice([0, 4, 40])))
    elif kind == "plan":
        plans = store.plans(base.client_id)
        if plans:
            plan = rng.choice(plans)
            store.save_plan(dataclasses.replace(plan, end=plan.start + timedelta(days=40)))
    elif kind == "payer":
        payer = store.payer(store.client(base.client_id).payer_id)
        limit = {**payer.daily_max_units, base.code: rng.choice([1, 2, 6])}
        store.save_payer(dataclasses.replace(payer, daily_max_units=limit))
    elif kind == "staff":
        member = next(m for m in store.staff_members() if m.id == base.staff_id)
        store.save_staff(dataclasses.replace(member, modifier=rng.choice(["HM", "HN", "HP"])))
    elif kind == "staff-claim":  # what a claim line says of its rendering staff member
        member = next(m for m in store.staff_members() if m.id == base.staff_id)
        credential = rng.choice(["QMHP", "=CPRS", 'Peer, "lead"'])
        store.save_staff(dataclasses.replace(member, credential=credential, npi="1234567893"))
    elif kind == "client":  # the Medicaid ID and diagnoses every line of the client shows
        client = store.client(base.client_id)
        medicaid_id = rng.choice(["ZZ99999999", "+1-555", "Ñandú 7"])
        diagnoses = rng.choice([[], ["F20.9"], ["F32.1", "Z59.0", "F41.1", "F43.1", "F90.0"]])
        store.save_client(dataclasses.replace(client, medicaid_id=medicaid_id, diagnoses=diagnoses))
    elif kind == "agency":  # the billing NPI of every line
        agency = store.agency()
        assert agency is not None
        store.save_agency(dataclasses.replace(agency, npi=rng.choice(["1999999999", "1111111112"])))
    elif kind == "rates":  # every charge of the payer's lines
        payer = store.payer(store.client(base.client_id).payer_id)
        rates = {code: rate * rng.choice([2, 3]) for code, rate in payer.rates.items()}
        store.save_payer(dataclasses.replace(payer, rates=rates))
    elif kind == "sql-segment":  # no store code: the triggers alone keep the lines honest
        store.db.execute(
            "UPDATE segments SET end_utc = strftime('%Y-%m-%dT%H:%M:%S.000000Z', start_utc, "
            "'+' || ? || ' minutes') WHERE session_id = ?",
            [rng.choice([7, 8, 22, 23, 61]), _draft(store, rng, n).id],
        )
    elif kind == "sql-objectives":
        draft = _draft(store, rng, n)
        store.db.execute("DELETE FROM session_objectives WHERE session_id = ?", [draft.id])
    else:
        raise AssertionError(kind)


WRITES = (
    "sign-new",
    "draft",
    "void",
    "authorization",
    "plan",
    "payer",
    "staff",
    "staff-claim",
    "client",
    "agency",
    "rates",
    "sql-segment",
    "sql-objectives",
)


@pytest.mark.parametrize("seed", range(4))
def test_kept_lines_follow_every_kind_of_write(agency: Store, seed: int) -> None:
    """Random sequences of writes; after each, the year's lines (every client's and the
    written client's alone) read with kept lines equal the fresh computation."""
    rng = random.Random(seed)
    _assert_kept_equal_fresh(agency)
    kinds = list(WRITES)
    rng.shuffle(kinds)
    for n, kind in enumerate(kinds + [rng.choice(WRITES) for _ in range(3)]):
        _write(agency, rng, kind, n)
        lines = _assert_kept_equal_fresh(agency)
        client_id = rng.choice(lines).client_id
        _assert_kept_equal_fresh(agency, client_id)


def test_another_clients_session_flags_the_overlap_on_a_kept_day(agency: Store) -> None:
    """Overlap is between one staff member's sessions with any client: a session written
    for another client forgets the kept day of the first."""
    first = _assert_kept_equal_fresh(agency)
    line = next(ln for ln in first if FLAG_OVERLAP not in ln.flags and ln.billable_units)
    session = agency.session(line.session_ids[0])
    other = next(c for c in agency.clients() if c.id != session.client_id)
    begin = session.segments[0].start + timedelta(minutes=5)
    agency.insert_signed_session(
        dataclasses.replace(
            session,
            id="overlapping",
            client_id=other.id,
            segments=[Segment(begin, begin + timedelta(minutes=20))],
            signature=Signature(session.staff_id, begin + timedelta(hours=2), "UTC"),
            addenda=[],
            cosignature=None,
            objective_ids=[],
        )
    )
    after = _assert_kept_equal_fresh(agency)
    again = next(ln for ln in after if session.id in ln.session_ids)
    assert FLAG_OVERLAP in again.flags


def test_a_write_forgets_only_the_days_it_can_change(agency: Store) -> None:
    session = _draft(agency, random.Random(2), 0)  # a signed note is locked
    _assert_kept_equal_fresh(agency)
    kept = set(
        agency.db.execute("SELECT client_id, service_date FROM billing_lines_kept").fetchall()
    )
    day = session.service_date()
    assert day is not None
    agency.db.execute("UPDATE sessions SET place_of_service = '99' WHERE id = ?", [session.id])
    left = set(
        agency.db.execute("SELECT client_id, service_date FROM billing_lines_kept").fetchall()
    )
    near = {(day + timedelta(days=k)).isoformat() for k in range(-2, 3)}
    forgotten = {
        (c, d) for c, d in kept if (c == session.client_id and d >= day.isoformat()) or d in near
    }
    assert left == kept - forgotten
    assert forgotten and left


def test_lines_that_cannot_be_kept_are_computed_all_the_same(agency: Store, monkeypatch) -> None:
    """A database that cannot be written now (read-only, another writer busy) gives the
    same lines; nothing is kept."""
    from sessionlog.core.errors import BusyError

    def refuse(*args, **kwargs):
        raise BusyError("another program is writing")

    monkeypatch.setattr(agency, "save_kept_lines", refuse)
    _assert_kept_equal_fresh(agency)
    assert _kept_count(agency) == 0


def test_a_write_between_reading_and_keeping_keeps_nothing(agency: Store) -> None:
    generation = agency.billing_cache_generation()
    client = agency.clients()[0]
    agency.save_client(dataclasses.replace(client, timezone="America/Denver"))
    day = (client.id, date(2025, 2, 3))
    kept = agency.save_kept_lines("stamp", [(*day, "[]")], generation, [(*day, "", None, "")])
    assert not kept and _kept_count(agency) == 0


def test_the_report_at_another_moment_is_the_same(agency: Store) -> None:
    """Kept lines hold nothing that depends on the clock: a running timer is not in the
    report (with no ``now``), and nothing else reads the time."""
    first = _assert_kept_equal_fresh(agency)
    base = _session_in_year(agency, random.Random(4))
    start = base.segments[0].start + timedelta(minutes=1)
    agency.save_session(
        dataclasses.replace(
            base,
            id="running",
            segments=[Segment(start, None)],
            signature=None,
            addenda=[],
            cosignature=None,
        )
    )
    assert billing_lines(agency, start=YEAR[0], end=YEAR[1]) == computed_lines(
        agency, start=YEAR[0], end=YEAR[1]
    )
    assert all("running" not in ln.session_ids for ln in first)
    now = datetime.combine(YEAR[1], datetime.min.time(), UTC)
    running = billing_lines(agency, client_id=base.client_id, start=YEAR[0], end=YEAR[1], now=now)
    assert any("running" in ln.session_ids for ln in running)


def test_a_read_only_database_computes_the_lines_and_keeps_nothing(
    agency_file: Path, tmp_path: Path
) -> None:
    """A file SessionLog may not write (opened read-only, as the store opens one it
    cannot write) gives the same lines; nothing is kept and nothing fails."""
    from sessionlog.store.database import _connect_read_only, _database

    copy = tmp_path / "read-only.sqlite3"
    copy.write_bytes(agency_file.read_bytes())
    Store(open_database(copy), actor="test").db.close()  # migrated to the newest schema
    store = Store(_database(_connect_read_only(copy)), actor="test")
    try:
        assert store.read_only
        _assert_kept_equal_fresh(store)
        assert _kept_count(store) == 0
    finally:
        store.db.close()


def test_an_import_of_overlapping_sessions_leaves_kept_lines_right(
    agency: Store, tmp_path: Path
) -> None:
    """An import takes out the draws' insert triggers (``billing_stale_once``) and the
    kept lines' triggers on its notes (``NewNotesKeptLines``): signed sessions added for
    the year's clients, half of them with another client of the same staff member at the
    same time (overlaps, new draws before kept days), and authorizations added for
    clients with kept draws, give the lines a computation from nothing gives."""
    import copy
    import json

    from sessionlog.services.interchange import export_document, import_file

    _assert_kept_equal_fresh(agency)
    billing.lines_for_days(agency, agency.billed_days(*YEAR))  # the draws of every day kept
    assert agency.db.execute("SELECT count(*) FROM billing_draws").fetchone()[0]
    document = export_document(agency, start=YEAR[0], end=YEAR[1])
    rng = random.Random(5)
    signed = [s for s in document["sessions"] if s["signed"] and s["segments"]]
    clients = sorted({s["client"] for s in document["sessions"]})
    for n, base in enumerate(rng.sample(signed, 60)):
        added = copy.deepcopy(base)
        begin = datetime.fromisoformat(base["segments"][0]["start"]) + timedelta(minutes=5)
        end = begin + timedelta(minutes=rng.choice([25, 70, 200]))
        added.update(
            id=f"imported-{n}",
            segments=[{"start": begin.isoformat(), "end": end.isoformat()}],
            signed={**base["signed"], "at": (end + timedelta(hours=1)).isoformat()},
            addenda=[],
            cosigned=None,
        )
        if n % 2:
            added.update(client=rng.choice(clients), objectives=[])
        document["sessions"].append(added)
    # And a second authorization of the same code and dates for some clients.
    for n, auth in enumerate(document["authorizations"][::40]):
        document["authorizations"].append({**auth, "id": f"imported-{n}", "units": 3})
    path = tmp_path / "more.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert import_file(agency, path).created["sessions"] == 60
    kept = _assert_kept_equal_fresh(agency)
    imported = [ln for ln in kept if any(s.startswith("imported-") for s in ln.session_ids)]
    assert any(FLAG_OVERLAP in ln.flags for ln in imported)
    # Neither the kept lines nor the kept draws they were checked against are stale.
    agency.db.execute("DELETE FROM billing_cache")
    agency.db.execute("DELETE FROM billing_draws")
    assert computed_lines(agency, start=YEAR[0], end=YEAR[1]) == kept
    for client_id in clients[:10]:
        _assert_kept_equal_fresh(agency, client_id)


def _spanning_note(store: Store, rng: random.Random) -> tuple[Session, datetime]:
    """An unsigned note of the year whose second segment is five days after its first (a
    timer paused on a Friday and resumed the next week), and when that segment starts."""
    base = _session_in_year(store, rng)
    while not base.segments or base.segments[0].start.month > 10:
        base = _session_in_year(store, rng)
    first = base.segments[0].start - timedelta(hours=3)
    later = first + timedelta(days=5)
    store.save_session(
        dataclasses.replace(
            base,
            id="spanning",
            segments=[
                Segment(first, first + timedelta(minutes=30)),
                Segment(later, later + timedelta(minutes=30)),
            ],
            signature=None,
            addenda=[],
            cosignature=None,
        )
    )
    return store.session("spanning"), later


def _note_of_another_client(store: Store, like: Session, session_id: str, at: datetime) -> None:
    other = next(c for c in store.clients() if c.id != like.client_id)
    store.save_session(
        dataclasses.replace(
            like,
            id=session_id,
            client_id=other.id,
            segments=[Segment(at, at + timedelta(minutes=20))],
            signature=None,
            addenda=[],
            cosignature=None,
            objective_ids=[],
        )
    )


def test_a_session_overlapping_the_far_segment_of_a_long_note_flags_its_kept_day(
    agency: Store,
) -> None:
    """The overlap flag of a note whose segments span days is on its date of service,
    days before the segment another note overlaps: that write forgets the days around
    its own times only, so such a note's day is never kept."""
    spanning, later = _spanning_note(agency, random.Random(3))
    _assert_kept_equal_fresh(agency)
    _note_of_another_client(agency, spanning, "overlapping", later + timedelta(minutes=10))
    after = _assert_kept_equal_fresh(agency)
    assert FLAG_OVERLAP in next(ln for ln in after if "spanning" in ln.session_ids).flags


def test_voiding_a_long_note_clears_the_overlap_of_a_kept_day_days_later(agency: Store) -> None:
    """A void forgets the days around the voided note's date of service: a note its far
    segment overlapped, days later, is not kept while the long note can be voided."""
    spanning, later = _spanning_note(agency, random.Random(5))
    _note_of_another_client(agency, spanning, "overlapped", later + timedelta(minutes=10))
    first = _assert_kept_equal_fresh(agency)
    assert FLAG_OVERLAP in next(ln for ln in first if "overlapped" in ln.session_ids).flags
    agency.void_session("spanning", "entered in error")
    after = _assert_kept_equal_fresh(agency)
    assert FLAG_OVERLAP not in next(ln for ln in after if "overlapped" in ln.session_ids).flags


@pytest.mark.parametrize("seed", range(4))
def test_kept_lines_follow_writes_around_notes_resumed_days_later(agency: Store, seed: int) -> None:
    """Random unsigned notes whose second segment is days after the first, other clients'
    notes at those segments' times, voids of the long notes and their far segments
    moved: after each write, kept lines equal the fresh computation."""
    rng = random.Random(seed)
    _assert_kept_equal_fresh(agency)
    long_notes: list[tuple[str, datetime, Session]] = []
    for n in range(14):
        kind = rng.choice(["long", "near", "void", "move", "near", "long"])
        base = _session_in_year(agency, rng)
        if kind == "long" and base.segments:
            first = base.segments[0].start - timedelta(hours=rng.choice([2, 5, 30]))
            later = first + timedelta(days=rng.choice([2, 3, 6, 20]), minutes=rng.choice([0, 600]))
            segments = [
                Segment(first, first + timedelta(minutes=30)),
                Segment(later, later + timedelta(minutes=40)),
            ]
            note_id = f"long-{n}"
            _unsigned_note(agency, base, note_id, rng.choice(agency.clients()).id, segments)
            long_notes.append((note_id, later, base))
        elif kind == "near" and long_notes:
            _, later, like = rng.choice(long_notes)
            at = later + timedelta(minutes=rng.choice([-20, 5, 30]))
            segments = [Segment(at, at + timedelta(minutes=25))]
            _unsigned_note(agency, like, f"near-{n}", rng.choice(agency.clients()).id, segments)
        elif kind == "void" and long_notes:
            note_id, _, _ = long_notes.pop(rng.randrange(len(long_notes)))
            agency.void_session(note_id, "entered in error")
        elif kind == "move" and long_notes:
            note = agency.session(rng.choice(long_notes)[0])
            shift = timedelta(hours=rng.choice([-30, 3, 50]))
            far = note.segments[1]
            moved = Segment(far.start + shift, (far.end or far.start) + shift)
            agency.save_session(dataclasses.replace(note, segments=[note.segments[0], moved]))
        _assert_kept_equal_fresh(agency)


def _unsigned_note(
    store: Store, like: Session, note_id: str, client_id: str, segments: list[Segment]
) -> None:
    store.save_session(
        dataclasses.replace(
            like,
            id=note_id,
            client_id=client_id,
            segments=segments,
            signature=None,
            addenda=[],
            cosignature=None,
            objective_ids=[],
        )
    )


# ---- a page's days (History's units column) ----------------------------------------


def _page_days(store: Store) -> list[tuple[str, date]]:
    """(client, date) pairs as a History page of search hits spanning years names them:
    every billed day of the year the writes touch, and a sample of the nine before."""
    earlier = store.billed_days(date(2016, 1, 1), YEAR[0] - timedelta(days=1))
    return sorted(store.billed_days(*YEAR)) + sorted(earlier)[::7]


def _by_day(lines: list) -> dict:
    days: dict = {}
    for line in lines:
        days.setdefault((line.client_id, line.date), []).append(line)
    return days


def _assert_day_lines_equal_fresh(store: Store, pairs: list[tuple[str, date]]) -> dict:
    """The pairs' lines read from kept ones (or computed and kept) are the lines the
    engine computes for them afresh (``lines_for_days``: what the column computed)."""
    kept = _by_day(billing.kept_day_lines(store, pairs))
    assert kept == _by_day(billing.lines_for_days(store, pairs))
    return kept


def test_a_pages_days_read_from_kept_lines_equal_the_engine(agency: Store, monkeypatch) -> None:
    pairs = _page_days(agency)
    assert len({d.year for _, d in pairs}) >= 8 and _kept_count(agency) == 0
    first = _assert_day_lines_equal_fresh(agency, pairs)  # computes them and keeps them
    assert _kept_count(agency) == len(pairs)
    flags = {f for lines in first.values() for line in lines for f in line.flags}
    assert FLAG_AUTHORIZATION_EXCEEDED in flags and FLAG_DAILY_MAX in flags

    def no_computing(*args, **kwargs):
        raise AssertionError("every day is kept: nothing is computed")

    monkeypatch.setattr(billing, "lines_for_days", no_computing)
    assert _by_day(billing.kept_day_lines(agency, pairs)) == first
    assert billing.kept_day_lines(agency, []) == []
    # The days a year's report kept are read by the page, and the other way round.
    some = pairs[::5]
    assert _by_day(billing.kept_day_lines(agency, some)) == {d: first[d] for d in some}


def test_a_reports_kept_lines_answer_a_pages_days(agency: Store, monkeypatch) -> None:
    report = billing_lines(agency, start=YEAR[0], end=YEAR[1])  # keeps the year's days

    def no_computing(*args, **kwargs):
        raise AssertionError("the report kept these days")

    monkeypatch.setattr(billing, "lines_for_days", no_computing)
    pairs = agency.billed_days(*YEAR)[::3]
    assert _by_day(billing.kept_day_lines(agency, pairs)) == {
        day: lines for day, lines in _by_day(report).items() if day in set(pairs)
    }


@pytest.mark.parametrize("seed", range(3))
def test_a_pages_kept_days_follow_every_kind_of_write(agency: Store, seed: int) -> None:
    """Random sequences of writes; after each, the page's days read with kept lines (only
    the forgotten ones computed) equal the fresh computation, line for line."""
    rng = random.Random(seed)
    _assert_day_lines_equal_fresh(agency, _page_days(agency))
    kinds = list(WRITES)
    rng.shuffle(kinds)
    for n, kind in enumerate(kinds + [rng.choice(WRITES) for _ in range(3)]):
        _write(agency, rng, kind, n)
        _assert_day_lines_equal_fresh(agency, _page_days(agency))


def test_a_pages_days_that_cannot_be_kept_are_computed_all_the_same(
    agency: Store, monkeypatch
) -> None:
    from sessionlog.core.errors import BusyError

    def refuse(*args, **kwargs):
        raise BusyError("another program is writing")

    monkeypatch.setattr(agency, "save_kept_lines", refuse)
    _assert_day_lines_equal_fresh(agency, _page_days(agency))
    assert _kept_count(agency) == 0
