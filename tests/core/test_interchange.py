"""Every kind of bad input gets one clear line naming the record and the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.interchange_sample import sample

from sessionlog.core.interchange import (
    KnownRecords,
    check_references,
    parse_document,
    to_document,
)
from sessionlog.core.units import AGGREGATIONS, ROUNDING_RULES


def _problems(doc: Any) -> list[str]:
    dataset, problems = parse_document(doc)
    if not problems:
        problems = check_references(dataset, KnownRecords())
    return problems


def test_sample_is_valid_and_round_trips() -> None:
    dataset, problems = parse_document(sample())
    assert problems == []
    assert check_references(dataset, KnownRecords()) == []
    again, problems = parse_document(to_document(dataset))
    assert problems == []
    assert to_document(again) == to_document(dataset)
    assert dataset.sessions[0].minutes() == 38


def _set(path: str, value: Any) -> Callable[[dict], None]:
    def apply(doc: dict) -> None:
        target: Any = doc
        parts = path.split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        last = parts[-1]
        if value is _DELETE:
            del target[last]
        elif last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return apply


_DELETE = object()

CASES = [
    ("missing field", _set("clients.0.medicaid_id", _DELETE), "client c1: medicaid_id: missing"),
    (
        "mistyped field",
        _set("authorizations.0.units", "forty"),
        "authorization a1: units: must be an integer, got a string",
    ),
    (
        "boolean as number",
        _set("sessions.0.group_size", True),
        "session x1: group_size: must be an integer",
    ),
    (
        "unknown reference",
        _set("sessions.0.staff", "nobody"),
        "session x1: staff: unknown staff 'nobody'",
    ),
    ("unknown payer", _set("clients.0.payer", "p9"), "client c1: payer: unknown payer 'p9'"),
    (
        "unknown code",
        _set("sessions.0.code", "H9999"),
        "session x1: code: unknown service code 'H9999'",
    ),
    (
        "segment ends before start",
        _set("sessions.0.segments.0.end", "2026-03-02T08:00:00-05:00"),
        "session x1: segments[0].end: ends before it starts",
    ),
    (
        "overlapping segments",
        _set("sessions.0.segments.1.start", "2026-03-02T09:10:00-05:00"),
        "session x1: segments: segments overlap",
    ),
    (
        "objective not in plan",
        _set("sessions.0.objectives", ["o1", "o77"]),
        "session x1: objectives: 'o77' is not an objective in the client's plan",
    ),
    (
        "invalid date",
        _set("plans.0.start", "2026-02-30"),
        "plan plan1: start: invalid date '2026-02-30'",
    ),
    (
        "invalid instant",
        _set("sessions.0.segments.0.start", "next tuesday"),
        "session x1: segments[0].start: invalid instant 'next tuesday'",
    ),
    (
        "instant without offset",
        _set("sessions.0.segments.0.start", "2026-03-02T09:00:00"),
        "session x1: segments[0].start: invalid instant",
    ),
    (
        "invalid time zone",
        _set("clients.0.timezone", "Mars/Olympus_Mons"),
        "client c1: timezone: unknown IANA time zone 'Mars/Olympus_Mons'",
    ),
    (
        "bad diagnosis",
        _set("clients.0.diagnoses", ["schizophrenia"]),
        "client c1: diagnoses[0]: 'schizophrenia' is not an ICD-10-CM code",
    ),
    ("bad rounding", _set("payers.0.rounding", "nearest"), "payer p1: rounding: must be"),
    (
        "bad place of service",
        _set("sessions.0.place_of_service", "worksite"),
        "session x1: place_of_service: must be a two-digit CMS code",
    ),
    (
        "signed while running",
        _set("sessions.0.segments.1.end", None),
        "session x1: signed: a running session cannot be signed",
    ),
    ("unknown format", _set("format", "sessionlog/2"), "file: format: unknown format"),
]


@pytest.mark.parametrize(("label", "mutate", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_named(label: str, mutate: Callable[[dict], None], expected: str) -> None:
    doc = sample()
    mutate(doc)
    problems = _problems(doc)
    assert any(expected in p for p in problems), problems


def test_duplicate_id_in_file() -> None:
    doc = sample()
    doc["clients"].append(dict(doc["clients"][0]))
    assert "client c1: id: duplicate id in this file" in _problems(doc)


def test_every_problem_is_reported_not_only_the_first() -> None:
    doc = sample()
    doc["clients"][0]["timezone"] = "Nowhere/Land"
    doc["sessions"][1]["code"] = "X1"
    assert len(_problems(doc)) == 2


def test_not_an_object() -> None:
    assert _problems([1, 2]) == ['file: must be a JSON object with "format": "sessionlog/1"']


def test_references_may_point_to_stored_records() -> None:
    doc = {"format": "sessionlog/1", "sessions": sample()["sessions"]}
    dataset, problems = parse_document(doc)
    assert problems == []
    known = KnownRecords(
        payer_ids={"p1"},
        staff_ids={"s1"},
        client_zones={"c1": "America/New_York"},
        objectives_by_client={"c1": {"o1", "o2"}},
    )
    assert check_references(dataset, known) == []
    assert dataset.sessions[0].timezone == "America/New_York"


def test_rounding_and_aggregate_names_come_from_the_engine() -> None:
    doc = sample()
    doc["payers"][0]["rounding"] = "nearest"
    doc["payers"][0]["aggregate"] = "week"
    assert _problems(doc) == [
        'payer p1: rounding: must be "midpoint", "down" or "threshold80", got \'nearest\'',
        'payer p1: aggregate: must be "day" or "session", got \'week\'',
    ]


@pytest.mark.parametrize("rounding", sorted(ROUNDING_RULES))
@pytest.mark.parametrize("aggregate", sorted(AGGREGATIONS))
def test_every_registered_rule_is_importable(rounding: str, aggregate: str) -> None:
    doc = sample()
    doc["payers"][0].update(rounding=rounding, aggregate=aggregate)
    dataset, problems = parse_document(doc)
    assert problems == []
    assert (dataset.payers[0].rounding, dataset.payers[0].aggregate) == (rounding, aggregate)


RUNNING = "session x1: segments: only one segment, the last, may be running (end null)"


@pytest.mark.parametrize(
    ("segments", "expected"),
    [
        # the last segment may run
        ([("09:00", "09:20"), ("09:30", None)], []),
        # a running segment before another, in the file's order or only once sorted
        ([("09:00", None), ("09:30", "09:48")], [RUNNING]),
        ([("09:30", "09:48"), ("09:00", None)], [RUNNING]),
        ([("09:00", None), ("09:30", None)], [RUNNING]),
        # touching end-to-start is not an overlap
        ([("09:00", "09:30"), ("09:30", "09:48")], []),
        (
            [("09:00", "09:31"), ("09:30", "09:48")],
            ["session x1: segments: segments overlap at 2026-03-02T14:30:00+00:00"],
        ),
    ],
)
def test_running_segment_must_be_the_last(
    segments: list[tuple[str, str | None]], expected: list[str]
) -> None:
    doc = sample()
    session = doc["sessions"][0]
    session["signed"] = None  # a running session cannot be signed: not what this tests
    session["addenda"] = []
    session["segments"] = [
        {
            "start": f"2026-03-02T{start}:00-05:00",
            "end": None if end is None else f"2026-03-02T{end}:00-05:00",
        }
        for start, end in segments
    ]
    _, problems = parse_document(doc)
    assert problems == expected
