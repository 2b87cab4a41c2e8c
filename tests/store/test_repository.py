"""The store's rules that protect the record: locks, audit log, archive not delete."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from sessionlog.core.models import (
    Addendum,
    Client,
    Goal,
    Objective,
    Payer,
    Segment,
    Session,
    Signature,
    Staff,
    TreatmentPlan,
)
from sessionlog.store import LockedError, SessionFilter, Store, StoreError

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def caseload(store: Store) -> Store:
    store.save_payer(Payer("p1", "Medicaid"))
    store.save_staff(Staff("s1", "Rosa Delgado", "CESP", "HM"))
    store.save_client(
        Client("c1", "Marcus Webb", date(1990, 1, 2), "M1", "p1", ["F20.9"], "America/Chicago")
    )
    store.save_plan(
        TreatmentPlan(
            "plan1",
            "c1",
            date(2026, 1, 1),
            date(2026, 12, 31),
            [
                Goal(
                    "g1",
                    "Keep a job",
                    [Objective("o1", "Arrive on time"), Objective("o2", "Finish checklist")],
                ),
            ],
        )
    )
    return store


def _session(sid: str = "x1", minutes: int = 38, **kw) -> Session:
    return Session(
        id=sid,
        client_id="c1",
        staff_id="s1",
        code="H2023",
        segments=[Segment(T0, T0 + timedelta(minutes=minutes))],
        place_of_service="18",
        objective_ids=["o1"],
        intervention="coached",
        response="did well",
        plan="continue",
        timezone="America/Chicago",
        **kw,
    )


def _sign(store: Store, sid: str) -> None:
    store.sign_session(
        sid,
        Signature(
            "s1", T0 + timedelta(hours=3), "America/Chicago", "Rosa Delgado", "CESP", "I attest."
        ),
    )


def test_session_round_trips_with_segments_and_objectives(caseload: Store) -> None:
    session = _session()
    session.segments.append(Segment(T0 + timedelta(minutes=50), T0 + timedelta(minutes=60)))
    caseload.save_session(session)
    loaded = caseload.session("x1")
    assert loaded == session
    assert loaded.minutes() == 48
    assert loaded.service_date() == date(2026, 3, 2)


def test_signed_note_is_locked_even_against_raw_sql(caseload: Store) -> None:
    caseload.save_session(_session())
    _sign(caseload, "x1")
    edited = caseload.session("x1")
    edited.response = "changed after signing"
    with pytest.raises(LockedError):
        caseload.save_session(edited)
    with pytest.raises(sqlite3.IntegrityError, match="locked"):
        caseload.db.execute("UPDATE sessions SET response = 'x' WHERE id = 'x1'")
    with pytest.raises(sqlite3.IntegrityError, match="locked"):
        caseload.db.execute("DELETE FROM segments WHERE session_id = 'x1'")
    with pytest.raises(sqlite3.IntegrityError):
        caseload.db.execute("DELETE FROM signatures WHERE session_id = 'x1'")
    assert caseload.session("x1").response == "did well"


def test_addendum_keeps_original_and_is_itself_immutable(caseload: Store) -> None:
    caseload.save_session(_session())
    with pytest.raises(StoreError, match="unsigned"):
        caseload.add_addendum(Addendum("a0", "x1", "s1", T0, "UTC", "why", "text"))
    _sign(caseload, "x1")
    caseload.add_addendum(
        Addendum(
            "a1",
            "x1",
            "s1",
            T0 + timedelta(days=1),
            "America/Chicago",
            "Correct time",
            "Ended at 9:40",
        )
    )
    loaded = caseload.session("x1")
    assert [a.id for a in loaded.addenda] == ["a1"]
    assert loaded.response == "did well"
    with pytest.raises(sqlite3.IntegrityError):
        caseload.db.execute("UPDATE addenda SET text = 'x'")


def test_audit_log_records_changes_and_is_append_only(caseload: Store) -> None:
    caseload.save_session(_session())
    entries = caseload.audit_log("session", "x1")
    assert entries[0]["action"] == "create"
    assert entries[0]["actor"] == "test"
    # Clinical text is not copied into the audit details.
    assert "did well" not in str(entries)
    session = caseload.session("x1")
    session.place_of_service = "12"
    caseload.save_session(session)
    change = caseload.audit_log("session", "x1")[-1]
    assert change["details"]["place_of_service"] == {"from": "18", "to": "12"}
    with pytest.raises(sqlite3.IntegrityError):
        caseload.db.execute("DELETE FROM audit_log")
    with pytest.raises(sqlite3.IntegrityError):
        caseload.db.execute("UPDATE audit_log SET actor = 'someone else'")


def test_saving_identical_record_writes_no_audit_line(caseload: Store) -> None:
    before = len(caseload.audit_log())
    caseload.save_client(caseload.client("c1"))
    assert len(caseload.audit_log()) == before


def test_client_with_sessions_is_archived_never_deleted(caseload: Store) -> None:
    caseload.save_session(_session())
    with pytest.raises(StoreError, match="archived, never deleted"):
        caseload.delete_client("c1")
    caseload.set_client_archived("c1")
    assert caseload.clients() == []
    assert caseload.clients(include_archived=True)[0].archived


def test_objective_used_by_a_note_is_retired_not_removed(caseload: Store) -> None:
    caseload.save_session(_session())
    _sign(caseload, "x1")
    plan = caseload.plan("plan1")
    plan.goals[0].objectives = [o for o in plan.goals[0].objectives if o.id != "o1"]
    caseload.save_plan(plan)
    reloaded = caseload.plan("plan1")
    by_id = {o.id: o for o in reloaded.goals[0].objectives}
    assert by_id["o1"].retired
    assert "o2" in by_id
    assert caseload.session("x1").objective_ids == ["o1"]


def test_unused_objective_is_removed(caseload: Store) -> None:
    plan = caseload.plan("plan1")
    plan.goals[0].objectives = plan.goals[0].objectives[:1]
    caseload.save_plan(plan)
    assert [o.id for o in caseload.plan("plan1").goals[0].objectives] == ["o1"]


def test_filters_and_full_text_search(caseload: Store) -> None:
    caseload.save_session(_session("x1"))
    later = _session("x2", minutes=20)
    later.segments = [Segment(T0 + timedelta(days=1), T0 + timedelta(days=1, minutes=20))]
    later.intervention = "Role-play of an interview with the employer"
    caseload.save_session(later)
    _sign(caseload, "x1")
    assert [s.id for s in caseload.sessions(SessionFilter(search="interview"))] == ["x2"]
    assert [s.id for s in caseload.sessions(SessionFilter(status="signed"))] == ["x1"]
    assert [s.id for s in caseload.sessions(SessionFilter(status="draft"))] == ["x2"]
    assert [s.id for s in caseload.sessions(SessionFilter(start=date(2026, 3, 3)))] == ["x2"]
    assert caseload.count_sessions(SessionFilter(client_id="c1")) == 2
    # Punctuation that is FTS5 syntax is searched as text, not parsed.
    assert caseload.sessions(SessionFilter(search='"role-play" AND (')) is not None


def test_any_sessions_answers_as_the_count_does(caseload: Store) -> None:
    every = [SessionFilter(client_id="c1"), SessionFilter(client_id="nobody"), SessionFilter()]
    every += [SessionFilter(client_id="c1", status="signed"), SessionFilter(search="interview")]
    for f in every:
        assert caseload.any_sessions(f) is False and caseload.count_sessions(f) == 0
    caseload.save_session(_session("x1"))
    mock = _session("x2")
    mock.intervention = "A mock interview"
    caseload.save_session(mock)
    _sign(caseload, "x1")
    caseload.void_session("x2", "entered for the wrong client")
    for f in [*every, SessionFilter(client_id="c1", include_voided=True)]:
        assert caseload.any_sessions(f) == (caseload.count_sessions(f) > 0), f
    assert caseload.any_sessions(SessionFilter(client_id="c1"))
    assert not caseload.any_sessions(SessionFilter(search="interview"))  # only the voided one


def test_running_session_status(caseload: Store) -> None:
    running = _session("r1")
    running.segments = [Segment(T0, None)]
    caseload.save_session(running)
    assert [s.id for s in caseload.running_sessions()] == ["r1"]
    with pytest.raises(StoreError, match="still running"):
        _sign(caseload, "r1")


# 21:00 in Chicago on 2 March is already 3 March in UTC: the zone decides the date.
LATE_EVENING = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)


def test_session_saved_without_zone_takes_the_clients(caseload: Store) -> None:
    session = _session("z1")
    session.timezone = ""
    session.segments = [Segment(LATE_EVENING, LATE_EVENING + timedelta(minutes=38))]
    caseload.save_session(session)
    assert session.timezone == "America/Chicago"  # the caller's object sees it too
    stored = caseload.session("z1")
    assert stored.timezone == "America/Chicago"
    assert stored.service_date() == date(2026, 3, 2)
    row = caseload.db.execute("SELECT service_date FROM sessions WHERE id = 'z1'").fetchone()
    assert row[0] == "2026-03-02"
    assert [s.id for s in caseload.sessions(SessionFilter(end=date(2026, 3, 2)))] == ["z1"]


def test_session_zone_defaults_to_unset_and_utc_is_the_last_resort() -> None:
    session = Session("z2", "c1", "s1", "H2023", [Segment(LATE_EVENING, None)])
    assert session.timezone == ""
    assert session.service_date("America/Chicago") == date(2026, 3, 2)
    assert session.service_date() == date(2026, 3, 3)  # UTC: nothing better is known
    session.timezone = "Asia/Tokyo"
    assert session.service_date("America/Chicago") == date(2026, 3, 3)  # its own zone wins


def test_session_with_a_zone_keeps_it(caseload: Store) -> None:
    session = _session("z3")
    session.timezone = "America/New_York"
    caseload.save_session(session)
    assert caseload.session("z3").timezone == "America/New_York"


def test_session_of_unknown_client_is_still_refused(caseload: Store) -> None:
    session = _session("z4")
    session.timezone = ""
    session.client_id = "nobody"
    with pytest.raises(StoreError, match="FOREIGN KEY"):
        caseload.save_session(session)
    assert session.timezone == ""


def test_a_heartbeat_connection_commits_without_fsync_and_others_keep_it(store: Store) -> None:
    """The heartbeat's own connection is crash-safe without an fsync (WAL, NORMAL); every
    other connection keeps FULL (a committed write survives a power loss)."""
    other = store.reopen()
    try:
        other.commit_without_fsync()
        assert other.db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert other.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        other.db.close()
