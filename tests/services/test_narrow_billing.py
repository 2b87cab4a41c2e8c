"""Narrow billing (issue 12): the lines of a few clients' days, the authorizations covering
one day and a client's last place give what the whole-agency computations give, while
reading only what those clients and days need."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from sessionlog.core.models import SessionStatus
from sessionlog.core.queries import SessionFilter
from sessionlog.core.units import authorization_usage
from sessionlog.services import timing
from sessionlog.services.billing import (
    authorization_usage_for_client,
    authorization_usage_on,
    billing_lines,
    client_period_billing,
    computed_lines,
    lines_for_days,
)

NOW = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)


def whole_history_usage(store, client_id: str, as_of: date) -> list:
    """The reference: each of the client's authorizations with the units its lines over
    the whole history up to ``as_of`` drew, computed afresh (never from kept draws)."""
    auths = store.authorizations(client_id)
    if not auths:
        return []
    since = min(a.start for a in auths)
    if since > as_of:
        return authorization_usage([], auths)
    lines = computed_lines(store, client_id=client_id, start=since, end=as_of)
    return authorization_usage(lines, auths)


def _client_days(store) -> set[tuple[str, date]]:
    return {
        (s.client_id, day)
        for s in store.sessions(SessionFilter())
        if (day := s.service_date()) is not None
    }


def test_lines_of_chosen_days_equal_the_agency_computation(demo_store):
    pairs = _client_days(demo_store)
    assert len({c for c, _ in pairs}) >= 2 and len(pairs) > 10
    narrow = lines_for_days(demo_store, pairs, now=NOW)
    for client_id, day in sorted(pairs):
        whole = billing_lines(demo_store, client_id=client_id, start=day, end=day, now=NOW)
        mine = [line for line in narrow if (line.client_id, line.date) == (client_id, day)]
        assert mine == whole, (client_id, day)


def test_lines_of_one_day_leave_every_other_day_and_client_out(demo_store):
    client_id, day = max(_client_days(demo_store))
    lines = lines_for_days(demo_store, [(client_id, day)], now=NOW)
    assert lines
    assert {(line.client_id, line.date) for line in lines} == {(client_id, day)}


def test_lines_for_no_days_read_nothing(demo_store):
    assert lines_for_days(demo_store, []) == []


def test_usage_on_a_day_matches_the_whole_history(demo_store):
    for client in demo_store.clients():
        for day in (date(2026, 11, 10), date(2026, 11, 20), date(2026, 12, 1)):
            whole = [
                u
                for u in whole_history_usage(demo_store, client.id, day)
                if u.authorization.covers(day)
            ]
            assert authorization_usage_on(demo_store, client.id, day) == whole


def test_a_packets_lines_and_usage_match_the_report_and_the_whole_history(demo_store):
    """One computation for a packet (issue 12): the period's lines are the ``units``
    report's, and each authorization overlapping the period has the usage the client's
    whole history gives it."""
    periods = [
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2026, 11, 1), date(2026, 11, 15)),
        (date(2026, 11, 16), date(2026, 12, 1)),
    ]
    drawn = 0
    for client in demo_store.clients():
        for start, end in periods:
            lines, usage = client_period_billing(demo_store, client.id, start, end)
            assert lines == billing_lines(demo_store, client_id=client.id, start=start, end=end)
            whole = [
                u
                for u in whole_history_usage(demo_store, client.id, end)
                if u.authorization.start <= end and u.authorization.end >= start
            ]
            assert usage == whole, (client.id, start, end)
            drawn += sum(u.used for u in usage)
    assert drawn > 0  # the demo's authorizations are drawn from


def test_a_packets_figures_read_back_from_what_is_kept_follow_a_later_change(demo_store):
    """The packet reads kept lines and draws (issue 12): after an authorization shrinks
    (a write that forgets the client's kept draws), the figures read back are again those
    the client's whole history gives."""
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    changed = 0
    for client in demo_store.clients():
        auths = demo_store.authorizations(client.id)
        if not auths:
            continue
        client_period_billing(demo_store, client.id, start, end)  # kept now
        demo_store.save_authorization(dataclasses.replace(auths[0], units=auths[0].units // 3))
        changed += 1
        lines, usage = client_period_billing(demo_store, client.id, start, end)
        assert lines == computed_lines(demo_store, client_id=client.id, start=start, end=end)
        whole = [
            u
            for u in whole_history_usage(demo_store, client.id, end)
            if u.authorization.start <= end and u.authorization.end >= start
        ]
        assert usage == whole, client.id
        assert any(u.authorization.units == auths[0].units // 3 for u in usage)
    assert changed


def test_a_clients_authorization_usage_is_the_whole_historys_cold_kept_and_after_a_change(
    demo_store,
):
    """The Setup window's meters (issue 12): read from the kept draws, computing only what
    a write forgot, they are what the client's whole history gives, on any day."""
    days = (date(2025, 6, 30), date(2026, 11, 20), date(2026, 12, 1), date(2030, 1, 1))
    drawn = 0
    for client in demo_store.clients():
        for day in days:  # cold for the first day, then from what it kept
            usage = authorization_usage_for_client(demo_store, client.id, day)
            assert usage == whole_history_usage(demo_store, client.id, day), (client.id, day)
            drawn += sum(u.used for u in usage)
        auths = demo_store.authorizations(client.id)
        if auths:  # a write that forgets the client's kept draws
            demo_store.save_authorization(dataclasses.replace(auths[-1], units=1))
            for day in days:
                usage = authorization_usage_for_client(demo_store, client.id, day)
                assert usage == whole_history_usage(demo_store, client.id, day), client.id
    assert drawn > 0
    assert demo_store.db.execute("SELECT count(*) FROM billing_draws").fetchone()[0] > 0


def test_last_place_is_the_latest_session_with_a_place(demo_store):
    for client in demo_store.clients():
        for code in {s.code for s in demo_store.sessions(SessionFilter(client_id=client.id))}:
            history = demo_store.sessions(SessionFilter(client_id=client.id, code=code))
            placed = [s for s in history if s.place_of_service]
            expected = (placed[-1].place_of_service, placed[-1].telehealth) if placed else None
            assert demo_store.last_place(client.id, code) == expected


def test_a_new_session_takes_the_last_place_of_its_client_and_code(demo_store):
    from sessionlog.core.timer import ClockReading

    signed = demo_store.sessions(SessionFilter(status=SessionStatus.SIGNED))[-1]
    session = timing.start_session(
        demo_store,
        client_id=signed.client_id,
        staff_id=signed.staff_id,
        code=signed.code,
        reading=ClockReading(NOW, 1.0, 1.0),
    ).value
    assert (session.place_of_service, session.telehealth) == demo_store.last_place(
        signed.client_id, signed.code
    )


def test_overlaps_are_flagged_from_one_window_per_coach_and_day(demo_store, monkeypatch):
    """A coach's sessions of one day are looked up for overlaps as one window (their scans
    would overlap: one scan of that day's segments, not one a session); the flags are
    those of the whole-agency computation: only the sessions that really overlap."""
    from datetime import timedelta

    from sessionlog.core.models import Segment, Session
    from sessionlog.core.units import FLAG_OVERLAP

    day_start = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)  # 9:00 in the demo's zone

    def draft(session_id: str, client_id: str, start_minutes: int) -> Session:
        start = day_start + timedelta(minutes=start_minutes)
        return Session(
            id=session_id,
            client_id=client_id,
            staff_id="staff-ben",
            code="H2014",
            segments=[Segment(start, start + timedelta(minutes=30))],
            place_of_service="12",
            timezone="America/Chicago",
        )

    for session in (
        draft("overlap-a", "client-lena", 0),
        draft("overlap-b", "client-dmitri", 20),  # meets overlap-a
        draft("apart-c", "client-tran", 240),  # the afternoon: meets nothing
    ):
        demo_store.save_session(session)
    day = date(2026, 11, 18)
    pairs = [(c, day) for c in ("client-lena", "client-dmitri", "client-tran")]
    windows: list[list] = []
    real = demo_store.staff_session_times

    def spy(asked):
        asked = list(asked)
        windows.append(asked)
        return real(asked)

    monkeypatch.setattr(demo_store, "staff_session_times", spy)
    narrow = lines_for_days(demo_store, pairs, now=NOW)
    assert [w for w in windows[0] if w[0] == "staff-ben"] == [
        ("staff-ben", day_start, day_start + timedelta(minutes=270))
    ]
    flagged = {sid for line in narrow if FLAG_OVERLAP in line.flags for sid in line.session_ids}
    assert {"overlap-a", "overlap-b"} <= flagged
    assert "apart-c" not in flagged
    for client_id, when in pairs:
        whole = billing_lines(demo_store, client_id=client_id, start=when, end=when, now=NOW)
        assert [line for line in narrow if line.client_id == client_id] == whole


def test_lines_of_a_recent_month_read_only_the_plans_in_force_and_equal_the_agency(
    demo_store, monkeypatch
):
    """Days within a month of each other (a History page of recent matches) take the plans
    in force over those days, read once for every client, not each client's plans of every
    year (once the draw-down before them is kept); the lines are the whole-agency
    computation's."""
    pairs = {(c, d) for c, d in _client_days(demo_store) if d >= date(2026, 11, 2)}
    assert len({c for c, _ in pairs}) >= 2
    lines_for_days(demo_store, pairs, now=NOW)  # the draw-down before them, kept
    per_client: list[str | None] = []
    real = demo_store.plans
    monkeypatch.setattr(
        demo_store, "plans", lambda client_id=None: per_client.append(client_id) or real(client_id)
    )
    narrow = lines_for_days(demo_store, pairs, now=NOW)
    assert per_client == []
    for client_id, day in sorted(pairs):
        whole = billing_lines(demo_store, client_id=client_id, start=day, end=day, now=NOW)
        assert [line for line in narrow if (line.client_id, line.date) == (client_id, day)] == whole
