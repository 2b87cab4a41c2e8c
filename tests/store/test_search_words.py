"""A search word's prefix query spelled out as the indexed words it stands for (issue 12,
``store.fts_words``): the same hits as the prefix query, found without merging every hit
of every word first."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from tests.store.test_time_range_queries import assert_search_pages_are_pages_of_every_hit

from sessionlog.core.models import Client, Payer, Segment, Session, Staff
from sessionlog.core.queries import SessionFilter
from sessionlog.store import SessionRepository, Store, fts_words, open_database

ZONE = "America/Chicago"
# Stems that read back as themselves ("then"), ones that do not ("agreed" is indexed as
# "agre", which a query reads as "agr"), a phrase ("O'Brien"), accents ("café").
TEXTS = (
    "the client agreed to the schedule",
    "then practiced the interview with O'Brien",
    "agreement reached at the café",
    "therapy session: thematic review, then agreed",
    "scheduled a ride; client was there",
    "Cafeteria shift, client agrees",
)
WORDS = (
    "the",
    "THE",
    "then",
    "th",
    "agre",
    "agreed",
    "sched",
    "o'brien",
    "café",
    "caf",
    "nowhere",
    "cli the",
    "cli sched",
    "x",
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(open_database(tmp_path / "db.sqlite3"), actor="test")
    store.save_payer(Payer("p", "Medicaid"))
    store.save_staff(Staff("rosa", "Rosa", "CESP", "HM"))
    store.save_client(Client("c", "Client", date(1990, 1, 1), "M1", "p", ["F20.9"], ZONE))
    for index in range(36):
        start = datetime(2026, 3, 1 + index % 27, 14 + index % 5, tzinfo=UTC)
        s = Session(
            f"s{index:02d}",
            "c",
            "rosa",
            "H2023",
            [Segment(start, start + timedelta(minutes=30))],
            timezone=ZONE,
        )
        s.intervention = TEXTS[index % len(TEXTS)]
        s.plan = TEXTS[(index * 5) % len(TEXTS)] if index % 4 else ""
        store.save_session(s)
    return store


def prefix_hits(store: Store, words: str) -> list[int]:
    query = " ".join(f'"{w}"*' for w in words.split())
    rows = store.db.conn.execute(
        "SELECT rowid FROM sessions_fts WHERE sessions_fts MATCH ? ORDER BY rowid DESC", [query]
    )
    return [r[0] for r in rows]


def spelled_hits(store: Store, words: str) -> list[int]:
    query = fts_words.spelled_out(store.db.conn, words.split())
    rows = store.db.conn.execute(
        "SELECT rowid FROM sessions_fts WHERE sessions_fts MATCH ? ORDER BY rowid DESC", [query]
    )
    return [r[0] for r in rows]


@pytest.mark.parametrize("words", WORDS)
def test_a_spelled_out_word_hits_what_its_prefix_query_hits(store: Store, words: str) -> None:
    assert spelled_hits(store, words) == prefix_hits(store, words)


def test_a_common_word_is_read_as_whole_words_and_the_unsafe_ones_keep_their_prefix(
    store: Store,
) -> None:
    conn = store.db.conn
    spelled = fts_words.spelled_out(conn, ["THE"])
    assert spelled == '("the" OR "themat" OR "then" OR "therapi" OR "there")'
    # Indexed "agre" would be searched as "agr": the prefix query stays.
    assert fts_words.spelled_out(conn, ["agre"]) == '"agre"*'
    assert fts_words.spelled_out(conn, ["o'brien"]) == '"o\'brien"*'
    assert fts_words.spelled_out(conn, ["café"]) == '"café"*'
    assert fts_words.spelled_out(conn, ["nowhere"]) == '"nowhere"*'
    assert fts_words.spelled_out(conn, ["cli", "then"]) == '("client") AND ("then")'


def test_a_prefix_of_too_many_words_keeps_its_prefix_query(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fts_words, "MAX_WORDS", 2)
    assert fts_words.spelled_out(store.db.conn, ["th"]) == '"th"*'
    assert spelled_hits(store, "th") == prefix_hits(store, "th")


def test_a_connection_that_may_not_make_its_table_searches_by_prefix(store: Store) -> None:
    path = Path(store.db.conn.execute("PRAGMA database_list").fetchone()[2])
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    conn.execute("PRAGMA query_only = ON")
    try:
        assert fts_words.spelled_out(conn, ["the"]) == '"the"*'
    finally:
        conn.close()


def test_the_search_page_reads_whole_words_not_a_merged_prefix(store: Store) -> None:
    """A common word's first page reads no prefix query of sessions_fts (the merge of
    every hit of every word it stands for was most of a page's time at 300k)."""
    run: list[str] = []
    store.db.conn.set_trace_callback(run.append)
    try:
        page = store.sessions(SessionFilter(search="the", newest_first=True, limit=5))
    finally:
        store.db.conn.set_trace_callback(None)
    every = store.sessions(SessionFilter(search="the", newest_first=True))
    assert [s.id for s in page] == [s.id for s in every[:5]]
    fts = [sql for sql in run if "FROM sessions_fts WHERE" in sql]
    assert fts
    assert all('"the"*' not in sql for sql in fts)


@pytest.mark.parametrize("common_hits", [1_000, 3], ids=["rare-word-path", "common-word-path"])
def test_search_pages_are_the_pages_of_every_hit(
    store: Store, monkeypatch: pytest.MonkeyPatch, common_hits: int
) -> None:
    monkeypatch.setattr(SessionRepository, "_COMMON_HITS", common_hits)
    assert_search_pages_are_pages_of_every_hit(store, WORDS, limit=6, offsets=(0, 4, 30))


def test_the_schema_tokenizes_as_the_spelling_does(store: Store) -> None:
    sql = store.db.conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'sessions_fts'"
    ).fetchone()[0]
    assert f"tokenize='{fts_words.SESSIONS_FTS_TOKENIZER}'" in sql


def test_a_spelled_out_page_reads_the_hits_of_the_walked_rowids_only(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the newest hits (a date filter years back), a common word's page reads the
    hits where the walked sessions lie, not every newer hit on the way."""
    monkeypatch.setattr(SessionRepository, "_COMMON_HITS", 3)
    run: list[str] = []
    store.db.conn.set_trace_callback(run.append)
    try:
        f = SessionFilter(search="the", start=date(2026, 3, 2), end=date(2026, 3, 6), limit=4)
        page = store.sessions(f)
    finally:
        store.db.conn.set_trace_callback(None)
    every = store.sessions(replace(f, limit=None))
    assert [s.id for s in page] == [s.id for s in every[:4]]
    assert any("AND rowid BETWEEN" in sql for sql in run)


@pytest.mark.parametrize(
    "dates",
    [(date(2026, 3, 2), date(2026, 3, 6)), (None, date(2026, 3, 9)), (date(2026, 3, 20), None)],
    ids=["window", "until", "from"],
)
def test_search_pages_within_dates_are_the_pages_of_every_hit(
    store: Store, monkeypatch: pytest.MonkeyPatch, dates: tuple[date | None, date | None]
) -> None:
    monkeypatch.setattr(SessionRepository, "_COMMON_HITS", 3)
    start, end = dates
    for words in ("the", "agre", "cli"):
        for newest_first in (True, False):
            f = SessionFilter(search=words, newest_first=newest_first, start=start, end=end)
            every = store.sessions(f)
            assert every
            for offset in (0, 3):
                page = store.sessions(replace(f, limit=3, offset=offset))
                assert [s.id for s in page] == [s.id for s in every[offset : offset + 3]]
