"""Time-range queries read through indexed bounds (issue 12, migration m009) and still
find every session that touches the window: open segments, long pauses, the edges."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from sessionlog.core.models import Client, Payer, Segment, Session, Staff
from sessionlog.core.queries import SessionFilter
from sessionlog.store import SessionRepository, Store, open_database
from sessionlog.store.migrations import migrations

FIXTURES = Path(__file__).parent / "fixtures"
ZONE = "America/Chicago"
WINDOW = (datetime(2026, 3, 10, 6, tzinfo=UTC), datetime(2026, 3, 11, 6, tzinfo=UTC))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(open_database(tmp_path / "db.sqlite3"), actor="test")
    store.save_payer(Payer("p", "Medicaid"))
    store.save_staff(Staff("rosa", "Rosa", "CESP", "HM"))
    store.save_staff(Staff("ben", "Ben", "BA", "HN"))
    store.save_client(Client("c", "Client", date(1990, 1, 1), "M1", "p", ["F20.9"], ZONE))
    return store


def session(session_id: str, *segments: Segment, staff_id: str = "rosa") -> Session:
    return Session(session_id, "c", staff_id, "H2023", list(segments), timezone=ZONE)


def test_staff_sessions_between_finds_every_session_touching_the_window(store: Store) -> None:
    inside = session("inside", Segment(at(10, 15), at(10, 16)))
    across_start = session("across-start", Segment(at(10, 5), at(10, 7)))
    # First started two days before, resumed inside the window after a long pause.
    resumed = session("resumed", Segment(at(8, 15), at(8, 16)), Segment(at(10, 14), at(10, 15)))
    # Started days before and still running: an open segment has no end to bound it.
    running = session("running", Segment(at(7, 15), None))
    ends_at_start = session("ends-at-start", Segment(at(10, 5), at(10, 6)))
    starts_at_end = session("starts-at-end", Segment(at(11, 6), at(11, 7)))
    before = session("before", Segment(at(9, 15), at(9, 16)))
    other_staff = session("other-staff", Segment(at(10, 15), at(10, 16)), staff_id="ben")
    for s in (
        inside,
        across_start,
        resumed,
        running,
        ends_at_start,
        starts_at_end,
        before,
        other_staff,
    ):
        store.save_session(s)
    found = {s.id for s in store.staff_sessions_between("rosa", *WINDOW)}
    assert found == {"inside", "across-start", "resumed", "running"}


def test_staff_sessions_between_leaves_out_voided_sessions(store: Store) -> None:
    store.save_session(session("kept", Segment(at(10, 15), at(10, 16))))
    store.save_session(session("voided", Segment(at(10, 17), at(10, 18))))
    store.void_session("voided", "entered twice")
    assert [s.id for s in store.staff_sessions_between("rosa", *WINDOW)] == ["kept"]


def test_the_window_query_reads_the_segment_start_index(store: Store) -> None:
    plan = " ".join(
        row["detail"]
        for row in store.db.query(
            "EXPLAIN QUERY PLAN SELECT session_id FROM segments "
            "WHERE start_utc >= ? AND start_utc < ? AND end_utc > ?",
            ["a", "b", "c"],
        )
    )
    assert "segments_start" in plan
    open_plan = " ".join(
        row["detail"]
        for row in store.db.query(
            "EXPLAIN QUERY PLAN SELECT session_id FROM segments "
            "WHERE end_utc IS NULL AND +start_utc < ?",
            ["a"],
        )
    )
    assert "segments_open" in open_plan


def test_saved_performance_indexes_file_opens_and_passes(tmp_path: Path) -> None:
    path = tmp_path / "saved.sqlite3"
    shutil.copy(FIXTURES / "schema_m009_performance_indexes.sqlite3", path)
    store = Store(open_database(path), actor="test")
    assert migrations.pending(store.db) == []
    names = {r["name"] for r in store.db.query("SELECT name FROM sqlite_master")}
    assert {"segments_start", "segments_open"} <= names
    report = store.check_record()
    assert report.ok, report.problems
    assert store.sessions()
    first = min(s.first_start() for s in store.sessions() if s.segments)
    assert store.staff_sessions_between(
        store.sessions()[0].staff_id, first - timedelta(hours=1), first + timedelta(days=400)
    )


@pytest.mark.parametrize("common_hits", [1_000, 3], ids=["rare-word-path", "common-word-path"])
def test_search_page_is_exactly_the_page_of_every_hit_in_order(
    store: Store, monkeypatch: pytest.MonkeyPatch, common_hits: int
) -> None:
    """A search page is found without sorting every hit (issue 12); whichever way it is
    found, it is the same page as sorting all hits, in either order, at any offset."""
    monkeypatch.setattr(SessionRepository, "_COMMON_HITS", common_hits)
    for index in range(40):
        start = at(1 + index % 27, 8 + index % 9, index % 60)
        s = session(f"s{index:02d}", Segment(start, start + timedelta(minutes=30)))
        s.intervention = "modeled the stocking" if index % 3 else "practiced the interview"
        s.response = "client engaged" if index % 4 else "guardian present"
        store.save_session(s)
    assert_search_pages_are_pages_of_every_hit(
        store, ("client", "interview", "guardian", "nowhere"), limit=7, offsets=(0, 5, 30)
    )
    staff_page = store.sessions(SessionFilter(search="client", staff_id="ben", limit=5))
    assert staff_page == []


def assert_search_pages_are_pages_of_every_hit(
    store: Store, searches: tuple[str, ...], *, limit: int, offsets: tuple[int, ...]
) -> None:
    """Each search's pages, in either order, are the slices of every hit sorted."""
    for search in searches:
        for newest_first in (True, False):
            every = store.sessions(SessionFilter(search=search, newest_first=newest_first))
            for offset in offsets:
                page = store.sessions(
                    SessionFilter(
                        search=search, newest_first=newest_first, limit=limit, offset=offset
                    )
                )
                assert [s.id for s in page] == [s.id for s in every[offset : offset + limit]]


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", ZONE])
def test_a_date_filter_finds_sessions_whose_local_date_is_not_their_utc_date(
    store: Store, zone: str
) -> None:
    """Dates bound the first start too (a page in display order through its index): the
    bound leaves room for a zone 14 hours either side of UTC."""
    for number, utc_hour in enumerate((0, 1, 10, 11, 12, 13, 22, 23)):
        start = at(10, utc_hour, 30)
        s = Session(
            f"z{number}", "c", "rosa", "H2023", [Segment(start, start + timedelta(minutes=20))]
        )
        s.timezone = zone
        store.save_session(s)
    every = store.sessions()
    for day in (date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 11)):
        expected = [s.id for s in every if s.service_date() == day]
        for newest_first in (True, False):
            f = SessionFilter(start=day, end=day, newest_first=newest_first)
            got = [s.id for s in store.sessions(f)]
            assert sorted(got) == sorted(expected)
            assert store.count_sessions(f) == len(expected)
            paged = store.sessions(
                SessionFilter(start=day, end=day, newest_first=newest_first, limit=2)
            )
            assert [s.id for s in paged] == got[:2]


def test_a_page_of_dates_reads_the_start_index_in_order_not_a_sort(store: Store) -> None:
    clause, params = store._filter_sql(
        SessionFilter(start=date(2021, 1, 1), end=date(2021, 12, 31))
    )
    plan = " ".join(
        row["detail"]
        for row in store.db.query(
            f"EXPLAIN QUERY PLAN SELECT s.rowid FROM sessions s {clause} "
            "ORDER BY s.first_start_utc DESC, s.id DESC LIMIT 200",
            params,
        )
    )
    assert "sessions_start" in plan
    assert "TEMP B-TREE" not in plan
