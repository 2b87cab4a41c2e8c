"""Changes of sessions name the sessions and the (client, date of service) they touch, so a
view refreshes only those; "some sessions" (no ids) stays unsaid through a union."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sessionlog.core.changes import Changes, Entity
from sessionlog.core.models import Segment, Session

START = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # 09:00 in Chicago


def _session(session_id: str, client_id: str, *, timed: bool = True) -> Session:
    segments = [Segment(START, START + timedelta(minutes=30))] if timed else []
    return Session(
        id=session_id,
        client_id=client_id,
        staff_id="staff-rosa",
        code="H2023",
        segments=segments,
        timezone="America/Chicago",
    )


def test_sessions_written_name_their_ids_clients_and_days():
    changes = Changes.of_sessions([_session("s1", "client-a"), _session("s2", "client-b")])
    assert changes.session_ids == {"s1", "s2"}
    assert changes.session_days == {
        ("client-a", date(2026, 11, 20)),
        ("client-b", date(2026, 11, 20)),
    }
    assert changes.session_clients == {"client-a", "client-b"}
    assert changes.sessions_named and changes.touches(Entity.SESSION)


def test_a_session_with_no_time_moves_no_day():
    changes = Changes.of_sessions([_session("s1", "client-a", timed=False)])
    assert changes.session_ids == {"s1"} and changes.session_days == frozenset()


def test_a_union_keeps_days_and_some_sessions_stays_unsaid():
    named = Changes.of_sessions([_session("s1", "client-a")])
    other = Changes.of_sessions([_session("s2", "client-b")])
    both = named | other
    assert both.session_ids == {"s1", "s2"}
    assert both.session_clients == {"client-a", "client-b"}
    some = named | Changes({Entity.SESSION: frozenset()})
    assert not some.sessions_named  # "some sessions": every view refreshes
