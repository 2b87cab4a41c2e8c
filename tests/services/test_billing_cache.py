"""Authorization draw-down kept per client and date (issue 12, migration m011): the
units of any day, read with the kept draws, equal what the engine gives over the whole
history, on a generated agency database with exhausted authorizations and daily caps, and
stay equal after every kind of write that can change a unit."""

from __future__ import annotations

import dataclasses
import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from sessionlog.core.models import Segment, Signature
from sessionlog.core.queries import SessionFilter
from sessionlog.core.units import FLAG_AUTHORIZATION_EXCEEDED, FLAG_DAILY_MAX, BillingLine
from sessionlog.services.billing import (
    billing_lines,
    computed_lines,
    drawn_before,
    lines_for_days,
)
from sessionlog.store import Store, open_database

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate_agency_db  # noqa: E402

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def agency_file(tmp_path_factory) -> Path:
    """A generated agency (ten years, every authorization run) with, on some busy days,
    extra signed sessions that reach the payer's daily maximum, and some clients'
    authorizations cut so that they run out."""
    path = tmp_path_factory.mktemp("agency") / "agency.sqlite3"
    generate_agency_db(path, 1_500, seed=7, today=TODAY)
    store = Store(open_database(path), actor="test")
    sessions = store.sessions(SessionFilter(code="H2014", status=None))
    signed = [s for s in sessions if s.signature is not None and s.segments]
    for n, base in enumerate(signed[::40][:12]):
        start = base.segments[-1].end or base.segments[-1].start
        for k in range(3):  # 3 x 75 minutes after it: over any daily maximum of H2014
            begin = start + timedelta(minutes=5 + 80 * k)
            extra = dataclasses.replace(
                base,
                id=f"{base.id}-extra-{n}-{k}",
                segments=[Segment(begin, begin + timedelta(minutes=75))],
                signature=dataclasses.replace(base.signature, signed_at=begin + timedelta(hours=3)),
                addenda=[],
                cosignature=None,
            )
            store.insert_signed_session(extra)
    # Small grants for some clients: their authorizations run out part-way.
    for client in store.clients()[::4]:
        for auth in store.authorizations(client.id):
            store.save_authorization(dataclasses.replace(auth, units=8))
    store.db.close()
    return path


def _pairs(store: Store, count: int, seed: int = 1) -> list[tuple[str, date]]:
    every = sorted(
        {
            (s.client_id, day)
            for s in store.sessions(SessionFilter())
            if (day := s.service_date()) is not None
        }
    )
    return sorted(random.Random(seed).sample(every, min(count, len(every))))


def _whole(store: Store, pairs: list[tuple[str, date]]) -> list[BillingLine]:
    """The reference: each day computed over the whole history its authorizations need."""
    lines: list[BillingLine] = []
    for client_id, day in pairs:
        lines += computed_lines(store, client_id=client_id, start=day, end=day)
    return lines


def _by_day(lines: list[BillingLine]) -> dict[tuple[str, date], list[BillingLine]]:
    out: dict[tuple[str, date], list[BillingLine]] = {}
    for line in lines:
        out.setdefault((line.client_id, line.date), []).append(line)
    return {key: sorted(v, key=lambda ln: ln.session_ids) for key, v in out.items()}


def _assert_same(store: Store, pairs: list[tuple[str, date]]) -> list[BillingLine]:
    kept = lines_for_days(store, pairs)
    assert _by_day(kept) == _by_day(_whole(store, pairs))
    return kept


def test_units_read_with_kept_draws_equal_the_whole_history(agency: Store) -> None:
    pairs = _pairs(agency, 400)
    first = _assert_same(agency, pairs)  # fills the kept draws
    flags = {f for line in first for f in line.flags}
    # The comparison covers what draw-down is about, not only easy days.
    assert FLAG_AUTHORIZATION_EXCEEDED in flags and FLAG_DAILY_MAX in flags
    assert agency.db.execute("SELECT count(*) FROM billing_draws").fetchone()[0] > 0
    assert _by_day(lines_for_days(agency, pairs)) == _by_day(first)  # read from them


def test_report_for_a_year_equals_each_client_computed_alone(agency: Store) -> None:
    start, end = date(2024, 1, 1), date(2024, 12, 31)
    everyone = billing_lines(agency, start=start, end=end)
    alone: list[BillingLine] = []
    for client in agency.clients(include_archived=True):
        alone += computed_lines(agency, client_id=client.id, start=start, end=end)
    key = lambda ln: (ln.client_id, ln.date, ln.session_ids, ln.authorization_id)  # noqa: E731
    assert sorted(everyone, key=key) == sorted(alone, key=key)
    assert any(line.billable_units for line in everyone)


def _draws(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM billing_cache").fetchone()[0]


def test_every_kind_of_write_keeps_the_units_equal(agency: Store) -> None:
    """After the draws are kept, writes early in an authorization run (a new signed
    session, a changed draft, a voided draft, a cut authorization, a payer's daily
    maximum, a plan) change later days' units; the kept draws follow every one."""
    pairs = _pairs(agency, 250, seed=3)
    _assert_same(agency, pairs)
    client_id, day = pairs[len(pairs) // 2]
    auth = next(a for a in agency.authorizations(client_id) if a.covers(day))

    # A signed session at the start of the run draws before every later day.
    model = agency.sessions(SessionFilter(client_id=client_id, code=auth.code))[0]
    begin = datetime.combine(auth.start, datetime.min.time(), UTC) + timedelta(hours=15)
    early = dataclasses.replace(
        model,
        id="early-signed",
        segments=[Segment(begin, begin + timedelta(minutes=600))],
        signature=Signature(model.staff_id, begin + timedelta(hours=11), "UTC"),
        addenda=[],
        cosignature=None,
    )
    agency.insert_signed_session(early)
    _assert_same(agency, pairs)

    # A draft's minutes change (segments), then the draft is voided.
    draft = dataclasses.replace(early, id="early-draft", signature=None)
    agency.save_session(draft)
    _assert_same(agency, pairs)
    agency.save_session(
        dataclasses.replace(draft, segments=[Segment(begin, begin + timedelta(minutes=20))])
    )
    _assert_same(agency, pairs)

    # The authorization is cut to almost nothing: later lines exceed it.
    agency.save_authorization(dataclasses.replace(auth, units=3))
    lines = _assert_same(agency, pairs)
    assert any(FLAG_AUTHORIZATION_EXCEEDED in line.flags for line in lines)

    # The payer's daily maximum and rounding change every client of the payer.
    payer = agency.payer(agency.client(client_id).payer_id)
    agency.save_payer(
        dataclasses.replace(payer, daily_max_units={**payer.daily_max_units, auth.code: 2})
    )
    _assert_same(agency, pairs)


def test_draws_that_cannot_be_kept_are_computed_all_the_same(agency: Store, monkeypatch) -> None:
    """A database that cannot be written now (read-only, another writer busy) gives the
    same units; nothing is kept."""
    from sessionlog.core.errors import BusyError

    def refuse(*args, **kwargs):
        raise BusyError("another program is writing")

    monkeypatch.setattr(agency, "save_billing_draws", refuse)
    monkeypatch.setattr(agency, "save_billing_draws_of_runs", refuse)
    pairs = _pairs(agency, 60, seed=5)
    assert _by_day(lines_for_days(agency, pairs)) == _by_day(_whole(agency, pairs))
    assert _draws(agency) == 0


def test_a_write_between_reading_and_keeping_keeps_nothing(agency: Store) -> None:
    """Draws computed from records a write has since changed are not stored."""
    client = agency.clients()[0]
    generation = agency.billing_cache_generation()
    payer = agency.payer(client.payer_id)
    other = "down" if payer.rounding != "down" else "midpoint"
    agency.save_payer(dataclasses.replace(payer, rounding=other))  # changes units
    kept = agency.save_billing_draws(
        client.id, date(2020, 1, 1), "rules", date(2020, 1, 1), date(2020, 7, 1), [], generation
    )
    assert not kept and _draws(agency) == 0


def test_drawn_before_a_run_start_is_nothing(agency: Store) -> None:
    client = agency.clients()[0]
    auths = agency.authorizations(client.id)
    first = min(a.start for a in auths)
    assert drawn_before(agency, client.id, [first], auths) == {first: {}}


def test_a_page_of_many_clients_keeps_their_draws_in_one_commit(agency: Store) -> None:
    """The draws of every client a History page names for the first time are stored in
    one transaction (one commit and disk sync, not one a client), and are the ones
    computed client by client."""
    pairs = _pairs(agency, 60, seed=11)
    clients = {client_id for client_id, _day in pairs}
    assert len(clients) > 1
    commits: list[str] = []
    agency.db.conn.set_trace_callback(
        lambda sql: commits.append(sql) if sql.strip().upper() == "COMMIT" else None
    )
    try:
        lines = lines_for_days(agency, pairs)
    finally:
        agency.db.conn.set_trace_callback(None)
    assert len(commits) == 1
    assert _draws(agency) > 0
    assert _by_day(lines) == _by_day(_whole(agency, pairs))
    # Kept: asked again, nothing is computed or written.
    again = agency.billing_cache_generation()
    assert _by_day(lines_for_days(agency, pairs)) == _by_day(lines)
    assert agency.billing_cache_generation() == again
