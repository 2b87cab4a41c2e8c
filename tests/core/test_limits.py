"""Input limits (core.limits) as every way in applies them: the JSON importer, the CSV
roster, the note form's write path and manual entry. Each refusal names the field."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from tests.interchange_sample import sample

from sessionlog.core import limits
from sessionlog.core.clock import is_valid_timezone
from sessionlog.core.interchange import parse_document
from sessionlog.core.roster import check_roster

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def _problems(doc: Any) -> list[str]:
    return parse_document(doc, now=NOW)[1]


def _with(path: str, value: Any) -> dict:
    doc = sample()
    target: Any = doc
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    target[parts[-1]] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            "sessions.0.note",
            "x" * 20_001,
            "session x1: note: is 20,001 characters long; the limit is 20,000",
        ),
        ("sessions.0.response", "ok\x00", "file: sessions[0].response: contains a NUL character"),
        ("clients.0.name", "Ana \ud800", "file: clients[0].name: contains an invalid character"),
        ("authorizations.0.units", 2**63, "file: authorizations[0].units: is too large"),
        (
            "sessions.0.segments.1.end",
            "2026-03-03T09:49:00-05:00",
            "session x1: segments[1].end: lasts 24.3 hours; a segment lasts at most 24 hours",
        ),
        (
            "sessions.0.segments.1.end",
            "9999-12-31T23:59:00+00:00",
            "session x1: segments[1].end: year 9999 is outside 1900–2199",
        ),
        (
            "sessions.0.signed.at",
            "2199-01-01T00:00:00+00:00",
            "session x1: signed.at: 2199-01-01T00:00:00+00:00 is in the future",
        ),
        (
            "sessions.0.signed.at",
            "2026-03-02T09:40:00-05:00",
            "is before the session ended",
        ),
        ("clients.0.birth_date", "0001-01-01", "client c1: birth_date: year 1 is outside"),
        (
            "clients.0.birth_date",
            "1890-05-01",
            "client c1: birth_date: year 1890 is outside 1900–2199",
        ),
        ("sessions.0.timezone", "America", "session x1: timezone: unknown time zone"),
        ("sessions.0.timezone", "a" * 300, "session x1: timezone: unknown time zone"),
        ("payers.0.documentation_deadline_days", 10**12, "must be between 0 and 30"),
    ],
)
def test_importer_names_the_field_of_each_value_beyond_the_limits(
    path: str, value: Any, expected: str
) -> None:
    problems = _problems(_with(path, value))
    assert any(expected in p for p in problems), problems


def test_dates_of_service_run_from_1990_to_a_year_ahead() -> None:
    early = _with(
        "sessions.1.segments",
        [{"start": "1989-12-31T09:00:00-05:00", "end": "1989-12-31T09:40:00-05:00"}],
    )
    assert "session x2: segments[0].start: date of service 1989-12-31 is before 1990" in (
        _problems(early)
    )
    late = _with(
        "sessions.1.segments",
        [{"start": "2028-01-05T09:00:00-05:00", "end": "2028-01-05T09:40:00-05:00"}],
    )
    assert any("is more than a year ahead" in p for p in _problems(late))


def test_deep_nesting_is_refused_before_it_is_walked() -> None:
    doc = sample()
    deep: Any = []
    for _ in range(5000):
        deep = [deep]
    doc["comment"] = deep
    assert _problems(doc) == [
        f"file: is nested more than {limits.MAX_JSON_DEPTH} levels deep; not a sessionlog/1 file"
    ]


def test_json_too_deep_for_the_decoder_is_a_message_not_a_crash(tmp_path) -> None:
    from sessionlog.core.interchange import InterchangeError
    from sessionlog.services.interchange import read_document

    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(InterchangeError) as raised:
        read_document(path)
    assert "nested more than" in raised.value.problems[0]


def test_twelve_to_twenty_four_hours_is_accepted_and_counts_as_long() -> None:
    start = datetime(2026, 3, 2, 8, tzinfo=UTC)
    end = datetime(2026, 3, 2, 21, tzinfo=UTC)
    assert limits.segment_problem(start, end) is None
    assert limits.is_long_segment(start, end)


def test_time_zone_names_that_are_folders_or_too_long_are_not_zones() -> None:
    for name in ("America", "a" * 300, "x\x00y", "../etc/passwd", "America/Chicago "):
        assert not is_valid_timezone(name)
    assert is_valid_timezone("America/Chicago")


ROSTER_HEADER = "id,name,birth_date,medicaid_id,payer,diagnoses,timezone,archived\n"


def _roster(row: str) -> list[str]:
    check = check_roster(
        ROSTER_HEADER + row, payers={"p1": "Medicaid"}, existing=[], today=date(2026, 11, 20)
    )
    return check.problems


def test_roster_names_the_column_of_a_bad_cell() -> None:
    assert _roster("c9,Ana\x00,1990-01-01,M9,p1,,America/Chicago,no\n") == [
        "row 2: name: contains a NUL character (remove it; it is not text)"
    ]
    long_name = "A" * 501
    assert _roster(f"c9,{long_name},1990-01-01,M9,p1,,America/Chicago,no\n") == [
        "row 2: name: is 501 characters long; the limit is 500"
    ]
    assert _roster("c9,Ana,0001-01-01,M9,p1,,America/Chicago,no\n") == [
        "row 2: birth_date: 0001-01-01 is before 1900; check the year"
    ]
    assert _roster("c9,Ana,1990-01-01,M9,p1,,America,no\n") == [
        "row 2: timezone: unknown time zone 'America' (use an IANA name, e.g. America/Chicago)"
    ]


def test_note_text_over_the_limit_is_refused_naming_the_field(demo_store) -> None:
    from sessionlog.services import timing
    from sessionlog.services.timing import NoteTextError

    session = next(s for s in demo_store.sessions() if not s.signed)
    with pytest.raises(NoteTextError) as raised:
        timing.update_note(demo_store, session.id, response="r" * 20_001, plan="ok")
    # The field as the note form labels it.
    assert str(raised.value) == "Response: is 20,001 characters long; the limit is 20,000."
    assert demo_store.session(session.id).response == session.response
    with pytest.raises(NoteTextError, match="Next session: contains a NUL"):
        timing.update_note(demo_store, session.id, plan="a\x00b")


def test_manual_entry_refuses_a_date_of_service_before_1990(demo_store) -> None:
    from sessionlog.services import timing

    before = demo_store.count_sessions()
    with pytest.raises(timing.ManualEntryError) as raised:
        timing.create_manual_session(
            demo_store,
            client_id="client-marcus",
            staff_id="staff-rosa",
            code="H2023",
            day=date(1989, 6, 1),
            start=time(9, 0),
            end=time(10, 0),
            reason="paper form",
            now=NOW,
        )
    assert [(p.field, p.message) for p in raised.value.problems] == [
        ("Start", "date of service 1989-06-01 is before 1990")
    ]
    assert demo_store.count_sessions() == before


def test_the_sample_file_still_imports_cleanly() -> None:
    assert _problems(json.loads(json.dumps(sample()))) == []
