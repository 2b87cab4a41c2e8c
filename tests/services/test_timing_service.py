"""The timing service on a real database, without any window: start, pause, resume and
stop write the segments, the active-timer state and the audit trail in step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sessionlog.core.models import SessionStatus
from sessionlog.core.timer import ClockReading
from sessionlog.services import timing

START = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)  # the day after the demo's last


def _at(minutes: float) -> ClockReading:
    return ClockReading(START + timedelta(minutes=minutes), 1_000.0 + minutes * 60)


def test_start_pause_resume_stop_counts_only_the_time_worked(demo_store):
    session = timing.start_session(
        demo_store, client_id="client-marcus", staff_id="staff-rosa", code="H2023", reading=_at(0)
    ).value
    assert timing.active_timer(demo_store) == timing.ActiveTimer((session.id,), paused=False)
    timing.pause(demo_store, [session.id], _at(10))
    assert timing.active_timer(demo_store).paused
    timing.resume(demo_store, [session.id], _at(20))
    timing.stop(demo_store, [session.id], _at(35))

    stored = demo_store.session(session.id)
    assert stored.status == SessionStatus.DRAFT
    assert [(s.start, s.end) for s in stored.segments] == [
        (START, START + timedelta(minutes=10)),
        (START + timedelta(minutes=20), START + timedelta(minutes=35)),
    ]
    assert stored.minutes() == 25
    assert timing.active_timer(demo_store) is None
    assert timing.read_heartbeat(demo_store) is None
    audit = demo_store.audit_log("session", session.id)
    assert (audit[0]["action"], audit[0]["actor"]) == ("create", "test")


def test_unknown_code_is_refused_and_nothing_is_written(demo_store):
    before = demo_store.count_sessions()
    with pytest.raises(timing.TimingError, match="H9999"):
        timing.start_session(
            demo_store,
            client_id="client-marcus",
            staff_id="staff-rosa",
            code="H9999",
            reading=_at(0),
        )
    assert demo_store.count_sessions() == before
    assert timing.active_timer(demo_store) is None


def test_a_group_shares_one_visit_and_its_times(demo_store):
    clients = [c.id for c in demo_store.clients()][:2]
    sessions = timing.start_group(
        demo_store, client_ids=clients, staff_id="staff-rosa", code="H2023", reading=_at(0)
    ).value
    timing.stop(demo_store, [s.id for s in sessions], _at(30))
    group = timing.group_sessions(demo_store, sessions[0].group_id)
    assert sorted(s.client_id for s in group) == sorted(clients)
    assert {s.group_size for s in group} == {2}
    assert {s.minutes() for s in group} == {30}


def test_a_group_of_one_is_refused(demo_store):
    with pytest.raises(timing.TimingError, match="at least two"):
        timing.start_group(
            demo_store,
            client_ids=["client-marcus", "client-marcus"],
            staff_id="staff-rosa",
            code="H2023",
            reading=_at(0),
        )


def test_the_caseload_is_the_clients_with_a_plan_covering_the_day(demo_store):
    """One query for every client's plans (issue 12); the same clients as asking each
    client's active plan, on a plan's first and last day and the days around them."""
    from datetime import date

    plans = demo_store.plans()
    assert plans
    plan = plans[0]
    days = {
        plan.start,
        plan.end,
        plan.start - timedelta(days=1),
        plan.end + timedelta(days=1),
        date(2000, 1, 1),
    }
    for day in sorted(days):
        expected = [
            c.id for c in demo_store.clients() if demo_store.active_plan(c.id, day) is not None
        ]
        assert [c.id for c in timing.caseload(demo_store, day)] == expected
    assert plan.client_id in {c.id for c in timing.caseload(demo_store, plan.end)}
    assert timing.caseload(demo_store, date(2000, 1, 1)) == []
