"""A search word's prefix query spelled out as the indexed words it stands for (issue 12).

History searches each word as a prefix (``"the"*``). Without a prefix index FTS5 answers
a prefix query by merging the hit lists of every indexed word that starts with it into
one list before it returns its first row: for a word in every note that is the whole
index, 70-90 ms at 300k sessions even when a page needs a few hundred hits. The same
words as an OR of whole terms (``"the" OR "then"``) are read lazily, newest first, and
give the same hits: a first page then costs about a millisecond.

The indexed words come from an ``fts5vocab`` table made on the connection's temporary
schema (nothing is written to the file; the vocabulary is read from the term a seek
lands on, never counted). A word is spelled out only when it is certain to mean the
same: the user's word is one token as sessions_fts reads it, and each indexed word,
quoted in a query, is read back as itself (the porter stemmer is not idempotent: the
stem ``agre`` would be searched as ``agr``). Otherwise, or when SQLite cannot say, the
prefix query stays as it was.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from sessionlog.store import encryption

# The tokenizer sessions_fts was created with (migrations: "sessions_fts"); a test checks
# that the schema still says so.
SESSIONS_FTS_TOKENIZER = "porter unicode61"

# A prefix standing for more indexed words than this keeps its prefix query: an OR of
# hundreds of lists costs more per hit than the merge saves.
MAX_WORDS = 64

# Greater than every word it follows and less than any longer word starting with it:
# the tokenizer makes control characters separators, so no indexed word holds one.
_AFTER = "\x01"

_VOCABULARY = "temp.sessionlog_sessions_fts_words"

_lock = threading.Lock()
_reader: sqlite3.Connection | None = None


def _tokenizer() -> sqlite3.Connection:
    """A private in-memory database with an FTS5 table tokenizing as sessions_fts does:
    reading how a text tokenizes writes a row, which the user's connection (read-only,
    or in a caller's transaction) should not. Called under ``_lock``."""
    global _reader
    if _reader is None:
        conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        conn.execute(
            f"CREATE VIRTUAL TABLE words USING fts5(x, tokenize='{SESSIONS_FTS_TOKENIZER}')"
        )
        conn.execute("CREATE VIRTUAL TABLE words_read USING fts5vocab(words, instance)")
        _reader = conn
    return _reader


def tokens(text: str) -> list[str]:
    """``text``'s tokens, in order, as sessions_fts indexes (and queries) them."""
    with _lock:
        conn = _tokenizer()
        conn.execute("BEGIN")
        try:
            conn.execute("INSERT INTO words(rowid, x) VALUES (1, ?)", [text])
            found = conn.execute("SELECT term, offset FROM words_read").fetchall()
        finally:
            conn.execute("ROLLBACK")  # the table stays empty
    return [term for term, _offset in sorted(found, key=lambda row: row[1])]


def _indexed_words(conn: Any, prefix: str) -> list[str] | None:
    """The words of sessions_fts starting with ``prefix``; None past :data:`MAX_WORDS`."""
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCABULARY} "
        "USING fts5vocab(main, sessions_fts, instance)"
    )
    words: list[str] = []
    bound = prefix
    while True:
        # An instance row is a word's first hit: the seek reads no hit list through.
        row = conn.execute(
            f"SELECT term FROM {_VOCABULARY} WHERE term >= ? LIMIT 1", [bound]
        ).fetchone()
        if row is None or not row[0].startswith(prefix):
            return words
        words.append(row[0])
        if len(words) > MAX_WORDS:
            return None
        bound = row[0] + _AFTER


def _spelled_word(conn: Any, word: str) -> str:
    """One user word (no quotes) as an FTS5 query: its indexed words, or its prefix."""
    prefix_query = f'"{word}"*'
    # Other scripts' case and accent folding may differ between SQLite builds (the
    # file's may be SQLCipher's): only ASCII is spelled out.
    if not word.isascii():
        return prefix_query
    read = tokens(word)
    if len(read) != 1:
        return prefix_query  # a phrase ("o'brien"): its prefix query
    words = _indexed_words(conn, read[0])
    if not words or not all(w.isascii() for w in words):
        return prefix_query  # no such word: the prefix query is as cheap
    if tokens(" ".join(words)) != words:
        return prefix_query
    return "(" + " OR ".join(f'"{w}"' for w in words) + ")"


def reads_lazily(query: str) -> bool:
    """Whether every word of a :func:`spelled_out` query was spelled out: only a prefix
    query holds a ``*`` (the tokenizer makes it a separator: no indexed word has one)."""
    return "*" not in query


def spelled_out(conn: Any, words: list[str]) -> str:
    """The FTS5 query of ``words`` (each a prefix, all of them required) for sessions_fts,
    with each word spelled out where that gives the same hits (module docstring)."""
    try:
        return " AND ".join(_spelled_word(conn, word) for word in words)
    except encryption.Error:
        # A read-only connection may not make its temporary table: the plain query.
        return " ".join(f'"{word}"*' for word in words)
