"""The streamed reading of a sessionlog/1 file (issue 12) reads what ``json.loads`` reads
and refuses what it refuses, with the same line, column and words; the import it feeds
finds the same problems as the whole-document parse and writes the same records."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
from tests.interchange_sample import sample

from sessionlog.core.interchange import InterchangeError, parse_document
from sessionlog.services import json_stream
from sessionlog.services.interchange import (
    check_import,
    export_document,
    import_file,
    read_document,
)
from sessionlog.services.json_stream import read_pieces
from sessionlog.store import Store, open_database
from sessionlog.store.base import CREATED_TOGETHER

STREAMED = ("payers", "sessions")


def _whole(text: str) -> tuple[str, Any]:
    try:
        return "ok", json.loads(text)
    except json.JSONDecodeError as exc:
        return "error", f"file: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
    except RecursionError:
        return "error", json_stream.too_deep()


def _streamed(path: Path) -> tuple[str, Any]:
    document: dict[str, Any] = {}
    try:
        for piece in read_pieces(path, STREAMED):
            if piece.key == "" and piece.index is None:
                return "ok", piece.value
            if piece.index is None:
                document[piece.key] = piece.value
            elif piece.index < 0:
                document[piece.key] = []
            else:
                document[piece.key].append(piece.value)
    except InterchangeError as exc:
        return "error", exc.problems[0]
    return "ok", document


def _texts() -> list[str]:
    base = json.dumps(
        {
            "format": "sessionlog/1",
            "payers": [{"id": "p"}, [], 3, "x"],
            "comment": ["\ud800", None, True, 2.5, 10**30, "é ✓"],
            "sessions": [{"id": n, "note": "line\nbreak" * n, "n": 10**n} for n in range(25)],
        },
        indent=1,
    )
    texts = [
        base,
        base.replace("\n", ""),
        "",
        " \n ",
        "[1, 2]",
        "{}",
        '{"a": 1,}',
        '{"a" 1}',
        '{"sessions": [1,]}',
        '{"sessions": [1 2]}',
        '{"sessions": []}',
        '{"sessions": [',
        '{"sessions": [{"a": ',
        "\ufeff{}",
        '{"a": 1} x',
        '{"a": NaN, "sessions": [Infinity, -1e999, 12345678901234567890]}',
        '{"a": "\x01"}',
        '{"a',
        '{"sessions": [' + "[" * 5000 + "]" * 5000 + "]}",
    ]
    rng = random.Random(12)
    for _ in range(150):
        texts.append(base[: rng.randrange(len(base) + 1)])
        spoiled = list(base)
        spoiled[rng.randrange(len(spoiled))] = rng.choice(list('{}[],:" x1\n\\'))
        texts.append("".join(spoiled))
    return texts


@pytest.mark.parametrize("chunk", [5, 64, 1 << 20])
def test_streamed_reading_matches_json_loads(tmp_path, monkeypatch, chunk):
    """Values, and the position and words of every syntax error, whatever the chunk size
    (a value or a key cut at a chunk's end is read on)."""
    monkeypatch.setattr(json_stream, "CHUNK_CHARS", chunk)
    path = tmp_path / "doc.json"
    for text in _texts():
        path.write_text(text, encoding="utf-8")
        assert _streamed(path) == _whole(text), text[:80]


def test_unreadable_files_are_named_as_before(tmp_path):
    missing = tmp_path / "missing.json"
    with pytest.raises(InterchangeError) as streamed:
        list(read_pieces(missing, STREAMED))
    with pytest.raises(InterchangeError) as whole:
        read_document(missing)
    assert streamed.value.problems == whole.value.problems
    broken = tmp_path / "latin1.json"
    broken.write_bytes(b'{"format": "sessionlog/1", "comment": "caf\xe9"}')
    with pytest.raises(InterchangeError) as streamed:
        list(read_pieces(broken, STREAMED))
    assert streamed.value.problems == [f"file: {broken}: cannot be read (UnicodeDecodeError)"]


def _problems_whole(store: Store, document: Any) -> list[str]:
    dataset, problems = parse_document(copy.deepcopy(document))
    return problems or check_import(store, dataset).problems


def _problems_streamed(store: Store, path: Path, document: Any) -> list[str]:
    path.write_text(json.dumps(document), encoding="utf-8")
    try:
        import_file(store, path)
    except InterchangeError as exc:
        return exc.problems
    raise AssertionError("the import was accepted")


@pytest.fixture
def store(tmp_path):
    db = open_database(tmp_path / "target.sqlite3")
    yield Store(db, actor="importer")
    db.close()


def _bad_documents() -> list[Any]:
    documents = []
    doc = sample()
    doc["sessions"][0]["segments"] = []
    doc["sessions"][1]["client"] = "nobody"
    doc["staff"][0]["supervisor"] = "ghost"
    documents.append(doc)
    doc = sample()
    doc["sessions"][0]["note"] = "a\x00b"
    doc["sessions"][-1]["intervention"] = "\udfff"
    doc["clients"][0]["name"] = "\ud800"
    documents.append(doc)
    doc = sample()
    doc["format"] = "sessionlog/2"
    documents.append(doc)
    doc = sample()
    doc["sessions"].append(copy.deepcopy(doc["sessions"][0]))  # a repeated id
    doc["plans"] = "not a list"
    doc["extra"] = 1
    documents.append(doc)
    doc = sample()
    doc["sessions"][0]["objectives"] = ["not-an-objective"]
    doc["authorizations"][0]["client"] = "nobody"
    documents.append(doc)
    return documents


@pytest.mark.parametrize("index", range(5))
def test_a_streamed_import_finds_the_same_problems_and_writes_nothing(store, tmp_path, index):
    document = _bad_documents()[index]
    before = store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    problems = _problems_streamed(store, tmp_path / "bad.json", document)
    assert problems == _problems_whole(store, document)
    assert store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    assert store.db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_sessions_listed_before_the_caseload_are_imported_the_same(store, tmp_path):
    """A file need not list its caseload first: it is then read twice, caseload first."""
    document = sample()
    reordered = {"sessions": document.pop("sessions"), **document}
    path = tmp_path / "reordered.json"
    path.write_text(json.dumps(reordered), encoding="utf-8")
    result = import_file(store, path)
    assert result.created["sessions"] == len(reordered["sessions"])
    assert store.check_record().ok
    exported = export_document(store)
    assert sorted(s["id"] for s in exported["sessions"]) == sorted(
        s["id"] for s in reordered["sessions"]
    )


def _audit_of_each_record(store: Store) -> list[tuple[str, str, str]]:
    """(action, entity, entity id) of every audit row but the import's summary, a row
    naming records created together read as one "create" row for each of them."""
    rows: list[tuple[str, str, str]] = []
    for row in store.audit_log():
        if row["action"] == CREATED_TOGETHER:
            rows.extend(("create", row["entity"], record) for record in row["details"]["ids"])
        elif row["action"] != "import":
            rows.append((row["action"], row["entity"], row["entity_id"]))
    return rows


def test_a_streamed_import_writes_what_one_record_at_a_time_writes(tmp_path, demo_store):
    """Every table an import fills, row for row, and the same audit rows and seals in
    the same order (verified by the record check), as writing the parsed records one at
    a time through the store's single-record writes; except that the plans, the
    authorizations and the notes an import creates together are named by one audit row
    per write (issue 12), where one at a time each has its own "create" row."""
    from sessionlog.services.caseload import save_records

    path = tmp_path / "demo.json"
    document = export_document(demo_store)
    path.write_text(json.dumps(document), encoding="utf-8")
    stores = []
    for name in ("streamed", "one-by-one"):
        db = open_database(tmp_path / f"{name}.sqlite3")
        stores.append(Store(db, actor="importer"))
    streamed, single = stores
    try:
        import_file(streamed, path)
        dataset, problems = parse_document(json.loads(path.read_text(encoding="utf-8")))
        assert not problems
        check = check_import(single, dataset)
        assert not check.problems
        with single.transaction():
            caseload = [r for key, r in check.to_write if key not in ("sessions", "agency")]
            for record in caseload:
                assert save_records(single, [record]).ok
            for key, record in check.to_write:
                if key == "agency":
                    single.save_agency(record)
                elif key == "sessions" and record.signature is not None:
                    single.insert_signed_session(record)
                elif key == "sessions":
                    single.save_session(record)
        for target in stores:
            assert target.check_record().ok
        first, second = (export_document(s) for s in stores)
        first.pop("exported_at")
        second.pop("exported_at")
        assert first == second
        assert len(first["sessions"]) == len(document["sessions"])
        audit = [_audit_of_each_record(s) for s in stores]
        assert sorted(audit[0]) == sorted(audit[1])
        together = [r for r in streamed.audit_log() if r["action"] == CREATED_TOGETHER]
        assert {r["entity"] for r in together} == {"plan", "authorization", "session"}
        queries = {
            "audit of signing": "SELECT action, entity, entity_id, details FROM audit_log "
            "WHERE entity = 'session' AND action NOT IN ('create', 'create-many') ORDER BY id",
            "seals": "SELECT session_id, kind, record_id FROM seals ORDER BY id",
            "group visits": "SELECT * FROM group_visits ORDER BY id",
            "sessions": "SELECT id, client_id, signed, first_start_utc, service_date, "
            "timezone FROM sessions ORDER BY id",
        }
        for name, sql in queries.items():
            rows = [s.db.execute(sql).fetchall() for s in stores]
            assert rows[0] == rows[1], name
    finally:
        for target in stores:
            target.db.close()
