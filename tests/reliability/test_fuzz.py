"""Fuzzing the ways data comes in: the JSON importer, the CSV roster and the command line.

Every input ends in either a clean import or one field-named message per problem:
never a traceback, never "unexpected problem", and nothing written after an error.
The seed is fixed (``derandomize``) so CI runs the same inputs every time; ``--runslow``
or ``SESSIONLOG_RELIABILITY=full`` runs thousands instead of a few hundred.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sessionlog.core.errors import StoreError
from sessionlog.core.interchange import InterchangeError
from sessionlog.services.interchange import import_file
from sessionlog.services.roster import RosterError, import_roster
from sessionlog.store import Store, open_database
from tests.interchange_sample import sample

# ``--runslow`` sets SESSIONLOG_RELIABILITY=full before collection (tests/conftest.py).
FULL = os.environ.get("SESSIONLOG_RELIABILITY") == "full"
IMPORTS = 4000 if FULL else 300
ROSTERS = 2000 if FULL else 200
COMMANDS = 300 if FULL else 12
SRC = str(Path(__file__).resolve().parents[2] / "src")

# Values that broke or slipped past the importer before the limits, and their neighbours.
NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "note\x00with a NUL",
        "\ud800",
        "lone \udfff surrogate",
        "x" * 20_001,
        "America",
        "America/",
        "a" * 300,
        "../../etc/passwd",
        "9999-12-31T23:59:59+00:00",
        "0001-01-01T00:00:00+00:00",
        "2026-03-02T09:00:00",
        "2026-02-30",
        "0001-01-01",
        "1989-12-31",
        "9999-12-31",
        "H2014",
        "H9999",
        "Ünïcödé ✓ 漢字",
        "'; DROP TABLE sessions; --",
    ]
)
NASTY_NUMBER = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([2**63, 2**63 - 1, -(2**63) - 1, 0, -1, 10**12]),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALAR = st.one_of(NASTY_TEXT, st.text(max_size=40), NASTY_NUMBER, st.booleans(), st.none())


def _deep(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = [value]
    return value


VALUE = st.one_of(
    SCALAR,
    st.lists(SCALAR, max_size=4),
    st.dictionaries(st.text(max_size=8), SCALAR, max_size=4),
    st.integers(min_value=10, max_value=400).map(_deep),
)


def _paths(value: Any, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


SAMPLE_PATHS = [p for p in _paths(sample()) if p]


def _mutate(doc: Any, path: tuple, value: Any) -> None:
    target = doc
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


@st.composite
def fuzzed_documents(draw: st.DrawFn) -> str:
    doc = sample()
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(SAMPLE_PATHS))
        try:
            _mutate(doc, path, draw(VALUE))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation replaced the parent
    shape = draw(st.sampled_from(["whole", "whole", "truncated", "too deep to decode"]))
    if shape == "too deep to decode":  # beyond what even the JSON decoder recurses into
        depth = draw(st.integers(min_value=5_000, max_value=200_000))
        return '{"format": "sessionlog/1", "comment": ' + "[" * depth + "]" * depth + "}"
    text = json.dumps(doc)
    if shape == "whole":
        return text
    cut = draw(st.integers(min_value=0, max_value=len(text)))
    return text[:cut]  # truncated files too


def _write_mark(store: Store) -> tuple:
    """Every write appends to the audit log: an unchanged mark means nothing was written."""
    audit = store.db.execute("SELECT count(*), max(id) FROM audit_log").fetchone()
    counts = tuple(
        store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("payers", "staff", "clients", "plans", "sessions", "signatures")
    )
    return (*audit, *counts)


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    db = open_database(tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3")
    yield Store(db, actor="fuzz")
    db.close()


class Tally:
    def __init__(self) -> None:
        self.accepted = 0
        self.refused = 0


IMPORT_TALLY = Tally()


@settings(
    max_examples=IMPORTS,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(text=fuzzed_documents())
def test_fuzzed_imports_end_in_an_import_or_field_named_messages(
    fuzz_store: Store, tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.getbasetemp() / "fuzzed.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    before = _write_mark(fuzz_store)
    try:
        import_file(fuzz_store, path)
    except InterchangeError as exc:
        IMPORT_TALLY.refused += 1
        assert exc.problems and all(": " in p for p in exc.problems), exc.problems
        assert _write_mark(fuzz_store) == before, "a refused import wrote something"
    except StoreError as exc:
        IMPORT_TALLY.refused += 1
        assert "unexpected" not in str(exc)
        assert _write_mark(fuzz_store) == before, "a refused import wrote something"
    else:
        IMPORT_TALLY.accepted += 1
        assert fuzz_store.db.execute("PRAGMA quick_check").fetchone()[0] == "ok"


ROSTER_CELL = st.one_of(NASTY_TEXT, st.text(max_size=30), st.integers().map(str))
ROSTER_HEADER = "id,name,birth_date,medicaid_id,payer,diagnoses,timezone,archived"


@st.composite
def fuzzed_rosters(draw: st.DrawFn) -> str:
    good = ["", "Ana Ruiz", "1990-05-01", "MCD1", "p1", "F20.9", "America/Chicago", "no"]
    rows = []
    for number in range(draw(st.integers(min_value=0, max_value=4))):
        row = list(good)
        row[3] = f"MCD{number}"
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            row[draw(st.integers(min_value=0, max_value=7))] = draw(ROSTER_CELL)
        rows.append(",".join(json.dumps(c) if "," in c or '"' in c else c for c in row))
    header = draw(st.sampled_from([ROSTER_HEADER, ROSTER_HEADER + ",extra", "name,id", ""]))
    return "\n".join([header, *rows])


@settings(
    max_examples=ROSTERS,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(text=fuzzed_rosters())
def test_fuzzed_rosters_end_in_an_import_or_field_named_messages(
    fuzz_store: Store, text: str
) -> None:
    if not fuzz_store.payers():
        from sessionlog.core.models import Payer

        fuzz_store.save_payer(Payer("p1", "Medicaid", "midpoint", "day", {}, {}, True, None, 2))
    before = _write_mark(fuzz_store)
    try:
        import_roster(fuzz_store, text)
    except RosterError as exc:
        assert exc.problems and all(": " in p for p in exc.problems), exc.problems
        assert _write_mark(fuzz_store) == before, "a refused roster wrote something"
    except StoreError as exc:
        assert "unexpected" not in str(exc)
        assert _write_mark(fuzz_store) == before


CLI_ARGS = st.one_of(
    st.tuples(st.just("import"), st.sampled_from(["doc.json"])),
    st.tuples(
        st.just("units"),
        st.just("--from"),
        st.sampled_from(["2026-01-01", "0001-01-01", "9999-12-31", "tomorrow", "2026-02-30"]),
        st.just("--to"),
        st.sampled_from(["2026-12-31", "1900-01-01", "x"]),
    ),
    st.tuples(
        st.just("export-packet"),
        st.just("--client"),
        st.sampled_from(["c1", "nobody", "\x7f", "' OR 1=1"]),
        st.just("--from"),
        st.sampled_from(["2026-01-01", "1990-01-01"]),
        st.just("--to"),
        st.sampled_from(["2026-12-31", "2025-01-01"]),
        st.just("--out"),
        st.sampled_from(["out.pdf", "/proc/nope/out.pdf", "missing-folder/out.pdf"]),
    ),
    st.tuples(st.just("verify-packet"), st.sampled_from(["doc.json", "nothing.pdf", "."])),
    st.tuples(st.just("export-json"), st.just("--out"), st.sampled_from(["o.json", "/proc/x"])),
    st.tuples(st.just("backup"), st.just("--out"), st.sampled_from(["b.sqlite3", "/proc/b"])),
)


@settings(
    max_examples=COMMANDS,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(args=CLI_ARGS, doc=fuzzed_documents())
def test_fuzzed_command_lines_never_end_in_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, args: tuple, doc: str
) -> None:
    folder = tmp_path_factory.mktemp("cli")
    (folder / "doc.json").write_text(doc, encoding="utf-8", errors="surrogatepass")
    db = folder / "cli.sqlite3"
    store = Store(open_database(db))
    store.db.close()
    done = subprocess.run(
        [sys.executable, "-m", "sessionlog", "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, "PYTHONPATH": SRC},
        timeout=120,
        errors="replace",
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert "unexpected problem" not in done.stderr, (args, done.stderr)
    assert done.returncode in (0, 1, 2), done.returncode


def test_the_fuzzers_reached_both_outcomes() -> None:
    """Run after the importer fuzz (file order): the inputs were neither all good nor all
    bad, so both paths were exercised."""
    assert IMPORT_TALLY.refused > 0
    assert IMPORT_TALLY.accepted > 0
