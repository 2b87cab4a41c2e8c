"""Every kind of bad input gets one clear line naming the record and the field."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from tests.interchange_sample import sample

from sessionlog.core import limits
from sessionlog.core.interchange import (
    InterchangeError,
    KnownRecords,
    check_references,
    ids,
    is_icd10_code,
    parse_document,
    to_document,
)
from sessionlog.core.models import Staff
from sessionlog.core.units import AGGREGATIONS, ROUNDING_RULES


def _problems(doc: Any) -> list[str]:
    dataset, problems = parse_document(doc)
    if not problems:
        problems = check_references(dataset, KnownRecords())
    return problems


def test_sample_is_valid() -> None:
    dataset, problems = parse_document(sample())
    assert problems == []
    assert check_references(dataset, KnownRecords()) == []
    assert dataset.sessions[0].minutes() == 38


# Every field of every record given, each away from its default where it has one, in the
# form export writes it: parsing then writing must give back exactly this document, so a
# field the parser drops, renames or replaces by its default makes the test fail.
AGENCY: dict[str, Any] = {
    "name": "Prairie Supports",
    "npi": "1234567893",
    "tax_id": "12-3456789",
    "taxonomy": "251S00000X",
    "address": {"line1": "1 Depot St", "city": "Springfield", "state": "IL", "zip": "62701"},
    "phone": "2175550100",
}

COMPLETE: dict[str, Any] = {
    "format": "sessionlog/1",
    "exported_at": "2026-03-10T12:00:00Z",
    "agency": AGENCY,
    "payers": [
        {
            "id": "p1",
            "name": "State Medicaid",
            "rounding": "threshold80",
            "aggregate": "session",
            "per_diem_min_minutes": {"H2020": 180, "H2024": 150},
            "daily_max_units": {"H2014": 16, "H2023": 24},
            "credential_modifiers": False,
            "telehealth_modifier": "GT",
            "documentation_deadline_days": 3,
            "payer_id": "SKCO0",
            "rates": {"H2023": "12.50"},
            "max_group_size": {"H2014": 6},
            "audio_only_modifier": "FQ",
        },
        {
            "id": "p2",
            "name": "Waiver",
            "rounding": "down",
            "aggregate": "day",
            "per_diem_min_minutes": {},
            "daily_max_units": {},
            "credential_modifiers": True,
            "telehealth_modifier": None,
            "documentation_deadline_days": 0,
            "payer_id": "",
            "rates": {},
            "max_group_size": {},
            "audio_only_modifier": "93",
        },
    ],
    "staff": [
        {
            "id": "s1",
            "name": "Rosa Delgado",
            "credential": "CESP",
            "modifier": "HN",
            "attestation": "I was there.",
            "npi": "1234567893",
            "supervisor": "s2",
        },
        {
            "id": "s2",
            "name": "Sam Ortiz",
            "credential": "",
            "modifier": None,
            "attestation": "Signed by the peer worker.",
            "npi": None,
            "supervisor": None,
        },
    ],
    "clients": [
        {
            "id": "c1",
            "name": "Zoë Nguyễn",
            "birth_date": "1994-05-12",
            "medicaid_id": "MCD1",
            "payer": "p1",
            "diagnoses": ["F20.9", "F41.1"],
            "timezone": "America/Chicago",
            "archived": True,
            "address": {
                "line1": "12 Main St",
                "city": "Springfield",
                "state": "IL",
                "zip": "62701",
            },
        }
    ],
    "plans": [
        {
            "id": "plan1",
            "client": "c1",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "goals": [
                {
                    "id": "g1",
                    "text": "Keep a job",
                    "objectives": [
                        {"id": "o1", "text": "Arrive on time", "retired": True},
                        {"id": "o2", "text": "Ask for tasks", "retired": False},
                    ],
                },
                {"id": "g2", "text": "Budget", "objectives": []},
            ],
        }
    ],
    "authorizations": [
        {
            "id": "a1",
            "client": "c1",
            "code": "H2023",
            "units": 40,
            "start": "2026-01-01",
            "end": "2026-06-30",
            "number": "PA-778",
        }
    ],
    "sessions": [
        {
            "id": "x1",
            "audio_only": False,
            # Co-signed by the signer's supervisor (s2), the morning after the signature.
            "cosigned": {
                "by": "s2",
                "at": "2026-03-03T10:00:00-06:00",
                "name": "Sam Ortiz",
                "credential": "Peer",
                "statement": "Reviewed as the supervisor.",
            },
            "client": "c1",
            "staff": "s1",
            "code": "H2023",
            "segments": [
                {"start": "2026-03-02T09:00:00-06:00", "end": "2026-03-02T09:20:00-06:00"},
                {"start": "2026-03-02T09:30:00-06:00", "end": "2026-03-02T09:48:30.250000-06:00"},
            ],
            "place_of_service": "10",
            "telehealth": True,
            "group_size": 3,
            "group": "grp-1",
            "objectives": ["o2", "o1"],
            "intervention": "Job-site coaching",
            "response": "On task",
            "plan": "Fade prompts",
            "note": "Met at the loading dock",
            "manual_reason": "Timer left at home",
            "timezone": "America/Chicago",
            "signed": {
                "by": "s1",
                "at": "2026-03-02T17:00:00-06:00",
                "name": "Rosa Delgado",
                "credential": "CESP",
                "attestation": "I was there.",
                "late": False,  # derived on import: signed the same day
            },
            "addenda": [
                {
                    "id": "ad1",
                    "by": "s2",
                    "at": "2026-03-04T08:15:00-06:00",
                    "reason": "Correction",
                    "text": "The shift began at 9, not 8.",
                    "name": "Sam Ortiz",
                    "credential": "Peer",
                }
            ],
        },
        {
            "id": "x2",
            "client": "c1",
            "staff": "s2",
            "code": "H2024",
            "segments": [{"start": "2026-03-03T14:00:00+00:00", "end": None}],
            "place_of_service": "18",
            "telehealth": False,
            "group_size": 1,
            "group": None,
            "objectives": [],
            "intervention": "",
            "response": "",
            "plan": "",
            "note": "",
            "manual_reason": None,
            "timezone": "UTC",
            "signed": None,
            "addenda": [],
            "audio_only": False,
            "cosigned": None,
        },
    ],
}


def test_round_trip_gives_back_the_input_document() -> None:
    dataset, problems = parse_document(copy.deepcopy(COMPLETE))
    assert problems == []
    assert check_references(dataset, KnownRecords()) == []
    assert to_document(dataset, COMPLETE["exported_at"]) == COMPLETE


def test_sample_round_trips_through_export() -> None:
    dataset, _ = parse_document(sample())
    again, problems = parse_document(to_document(dataset))
    assert problems == []
    assert to_document(again) == to_document(dataset)


def test_optional_fields_take_their_documented_defaults() -> None:
    """docs/interchange.md: what a record that leaves an optional field out means."""
    doc = {
        "format": "sessionlog/1",
        "payers": [{"id": "p1", "name": "P", "rounding": "midpoint", "aggregate": "day"}],
        "staff": [{"id": "s1", "name": "Rosa"}],
        "clients": [
            {
                "id": "c1",
                "name": "Zoë",
                "birth_date": "1994-05-12",
                "medicaid_id": "M1",
                "payer": "p1",
                "timezone": "America/New_York",
            }
        ],
        "plans": [
            {
                "id": "plan1",
                "client": "c1",
                "start": "2026-01-01",
                "end": "2026-12-31",
                "goals": [{"id": "g1", "text": "Work", "objectives": [{"id": "o1", "text": "T"}]}],
            }
        ],
        "sessions": [
            {
                "id": "x1",
                "client": "c1",
                "staff": "s1",
                "code": "H2014",
                "segments": [{"start": "2026-03-02T09:00:00-05:00"}],
                "place_of_service": "11",
            }
        ],
    }
    dataset, problems = parse_document(doc)
    assert problems == []
    [payer], [staff], [client], [plan], [session] = (
        dataset.payers,
        dataset.staff,
        dataset.clients,
        dataset.plans,
        dataset.sessions,
    )
    assert (payer.per_diem_min_minutes, payer.daily_max_units) == ({}, {})
    assert payer.credential_modifiers is True
    assert payer.telehealth_modifier is None
    assert payer.documentation_deadline_days == 2
    assert (staff.credential, staff.modifier, staff.attestation) == (
        "",
        None,
        Staff("", "").attestation,
    )
    assert (client.diagnoses, client.archived) == ([], False)
    assert plan.goals[0].objectives[0].retired is False
    assert (session.telehealth, session.group_size, session.group_id) == (False, 1, None)
    assert (session.objective_ids, session.note, session.manual_reason) == ([], "", None)
    assert (session.timezone, session.signature, session.addenda) == ("", None, [])
    assert session.segments[0].end is None
    # an unsigned session's signature and an addendum's zone fall back on the session's
    known = KnownRecords(client_zones={"c1": "America/New_York"})
    assert check_references(dataset, known) == []
    assert session.timezone == "America/New_York"


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
    # A required text the rules want filled in: the rules' own words, as Setup shows them.
    (
        "missing field",
        _set("clients.0.medicaid_id", _DELETE),
        "client c1: medicaid_id: enter the client's Medicaid ID",
    ),
    (
        "missing birth date",
        _set("clients.0.birth_date", _DELETE),
        "client c1: birth_date: enter the client's birth date",
    ),
    (
        "missing field without a rule of its own",
        _set("plans.0.start", _DELETE),
        "plan plan1: start: missing",
    ),
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
        "plan plan1: start: '2026-02-30' is not a date (use YYYY-MM-DD, e.g. 1994-05-12)",
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
        "client c1: timezone: unknown time zone 'Mars/Olympus_Mons' (use an IANA name, "
        "e.g. America/Chicago)",
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


def _append(path: str, value: Any) -> Callable[[dict], None]:
    def apply(doc: dict) -> None:
        target: Any = doc
        for part in path.split("."):
            target = target[int(part)] if part.isdigit() else target.setdefault(part, [])
        target.append(value)

    return apply


def _both(*changes: Callable[[dict], None]) -> Callable[[dict], None]:
    def apply(doc: dict) -> None:
        for change in changes:
            change(doc)

    return apply


_ADDENDUM = {"id": "ad1", "by": "s1", "at": "2026-03-03T09:00:00-05:00", "reason": "R", "text": "T"}

# Each bad document gives exactly these problems, word for word (the message is the
# interface: import prints it, and a user must be able to act on it).
EXACT_CASES = [
    ("record not an object", _set("payers.0", 5), ["payer #1: must be an object"]),
    ("empty id", _set("staff.0.id", " "), ["staff #1: id: must not be empty"]),
    (
        "number where a list belongs",
        _set("clients.0.diagnoses", 7),
        ["client c1: diagnoses: must be a list, got a number"],
    ),
    (
        "null where an object belongs",
        _set("sessions.0.signed", "yes"),
        ["session x1: signed: must be an object, got a string"],
    ),
    (
        "list where text belongs",
        _set("staff.0.name", ["Rosa"]),
        ["staff s1: name: must be a string, got a list"],
    ),
    (
        "object where a boolean belongs",
        _set("payers.0.credential_modifiers", {}),
        ["payer p1: credential_modifiers: must be a boolean (true/false), got an object"],
    ),
    (
        "null where a count belongs",
        _set("authorizations.0.units", None),
        ["authorization a1: units: must be an integer, got null"],
    ),
    (
        "unknown code in a payer's per-diem minimums",
        _set("payers.0.per_diem_min_minutes", {"H9999": 60}),
        ["payer p1: per_diem_min_minutes.H9999: unknown service code"],
    ),
    (
        "text as a daily maximum",
        _set("payers.0.daily_max_units", {"H2023": "4"}),
        ["payer p1: daily_max_units.H2023: must be a whole number, got a string"],
    ),
    (
        "boolean daily maximum",
        _set("payers.0.daily_max_units", {"H2023": True}),
        ["payer p1: daily_max_units.H2023: must be a whole number, got a boolean"],
    ),
    (
        "fractional per-diem minimum",
        _set("payers.0.per_diem_min_minutes", {"H2024": 150.5}),
        ["payer p1: per_diem_min_minutes.H2024: must be a whole number, got a number"],
    ),
    (
        "unknown telehealth modifier",
        _set("payers.0.telehealth_modifier", "GQ"),
        ["payer p1: telehealth_modifier: must be one of 95, GT, 93 or none"],
    ),
    (
        "negative deadline",
        _set("payers.0.documentation_deadline_days", -1),
        ["payer p1: documentation_deadline_days: must be between 0 and 30 business days"],
    ),
    (
        "diagnosis not text",
        _set("clients.0.diagnoses", ["F20.9", 209]),
        ["client c1: diagnoses[1]: must be a string"],
    ),
    (
        "plan ends before it starts",
        _set("plans.0.end", "2025-12-31"),
        ["plan plan1: end: 2025-12-31 is before the start 2026-01-01"],
    ),
    (
        "goal not an object",
        _set("plans.0.goals", ["x"]),
        ["plan plan1: goals[0]: must be an object"],
    ),
    (
        "goal without id or text",
        _set("plans.0.goals", [{"objectives": []}]),
        [
            "plan plan1: goals[0].id: missing or not a string",
            "plan plan1: goals[0].text: missing or not a string",
        ],
    ),
    (
        "objectives not a list",
        _set("plans.0.goals.0.objectives", {}),
        ["plan plan1: goals[0].objectives: must be a list"],
    ),
    (
        "objective without id",
        _set("plans.0.goals.0.objectives.1", {"text": "Ask"}),
        ["plan plan1: goals[0].objectives[1].id: missing or not a string"],
    ),
    (
        "objective not an object",
        _set("plans.0.goals.0.objectives.1", "Ask"),
        ["plan plan1: goals[0].objectives[1].id: missing or not a string"],
    ),
    (
        "objective without text",
        _set("plans.0.goals.0.objectives.1", {"id": "o2", "text": 3}),
        ["plan plan1: goals[0].objectives[1].text: missing or not a string"],
    ),
    (
        "authorization for an unknown code",
        _set("authorizations.0.code", "H9999"),
        ["authorization a1: code: unknown service code 'H9999'"],
    ),
    (
        "negative authorization",
        _set("authorizations.0.units", -5),
        ["authorization a1: units: must be 1 or more"],
    ),
    (
        "authorization ends before it starts",
        _set("authorizations.0.end", "2025-06-30"),
        ["authorization a1: end: 2025-06-30 is before the start 2026-01-01"],
    ),
    (
        "no segment",
        _set("sessions.1.segments", []),
        ["session x2: segments: needs at least one segment"],
    ),
    (
        "segment not an object",
        _set("sessions.1.segments.0", "09:00-09:40"),
        ["session x2: segments[0]: must be an object with start and end"],
    ),
    (
        "instant not text",
        _set("sessions.1.segments.0.end", 1_700_000_000),
        ["session x2: segments[0].end: must be an ISO 8601 instant with offset, got a number"],
    ),
    (
        "group of nobody",
        _set("sessions.1.group_size", 0),
        ["session x2: group_size: must be 1 (individual) or more"],
    ),
    (
        "objective ids not text",
        _set("sessions.1.objectives", ["o2", 2]),
        ["session x2: objectives: must be a list of objective ids"],
    ),
    (
        "unknown session time zone",
        _set("sessions.1.timezone", "Mars/Base"),
        ["session x2: timezone: " + limits.unknown_time_zone("Mars/Base")],
    ),
    (
        "signature without signer",
        _set("sessions.0.signed", {"at": "2026-03-02T17:00:00-05:00"}),
        ["session x1: signed.by: missing or not a staff id"],
    ),
    (
        "addendum not an object",
        _set("sessions.0.addenda", ["late"]),
        ["session x1: addenda[0]: must be an object"],
    ),
    (
        "addendum without text or signer",
        _set("sessions.0.addenda", [{**_ADDENDUM, "text": "", "by": None}]),
        [
            "session x1: addenda[0].by: missing or not a string",
            "session x1: addenda[0].text: missing or not a string",
        ],
    ),
    (
        "addendum on an unsigned note",
        _set("sessions.1.addenda", [_ADDENDUM]),
        ["session x2: addenda: only a signed note has addenda"],
    ),
    ("unknown top-level key", _set("clinics", []), ["file: clinics: unknown top-level key"]),
    ("list that is not a list", _set("staff", {}), ["file: staff: must be a list"]),
    (
        "duplicate staff id",
        _append("staff", {"id": "s1", "name": "Twin"}),
        ["staff s1: id: duplicate id in this file"],
    ),
    # references, checked once the file is sound on its own
    (
        "plan of an unknown client",
        _set("plans.0.client", "c9"),
        [
            "plan plan1: client: unknown client 'c9'",
            "session x1: objectives: 'o1' is not an objective in the client's plan",
            "session x2: objectives: 'o2' is not an objective in the client's plan",
        ],
    ),
    (
        "authorization of an unknown client",
        _set("authorizations.0.client", "c9"),
        ["authorization a1: client: unknown client 'c9'"],
    ),
    (
        "session of an unknown client",
        _set("sessions.1.client", "c9"),
        [
            "session x2: client: unknown client 'c9'",
            "session x2: objectives: 'o2' is not an objective in the client's plan",
        ],
    ),
    (
        "signer unknown",
        _set("sessions.0.signed.by", "s9"),
        ["session x1: signed.by: unknown staff 's9'"],
    ),
    (
        "addendum by unknown staff",
        _set("sessions.0.addenda", [{**_ADDENDUM, "by": "s9"}]),
        ["session x1: addenda: unknown staff 's9'"],
    ),
]


@pytest.mark.parametrize(
    ("label", "mutate", "expected"), EXACT_CASES, ids=[c[0] for c in EXACT_CASES]
)
def test_bad_input_gives_exactly_these_problems(
    label: str, mutate: Callable[[dict], None], expected: list[str]
) -> None:
    doc = sample()
    mutate(doc)
    assert _problems(doc) == expected


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("F20.9", True),
        ("f20.9", True),  # read case-insensitively
        (" F41.1 ", True),
        ("F20", True),
        ("Z91.8310", True),
        ("F20.93451", False),  # at most four after the dot
        ("F20.", False),
        ("U07.1", False),  # U codes are reserved, not ICD-10-CM diagnoses here
        ("220.9", False),
        ("F2", False),
        ("FF0.9", False),
    ],
)
def test_icd10_shape(code: str, valid: bool) -> None:
    assert is_icd10_code(code) is valid


def test_signature_and_addenda_take_the_sessions_zone() -> None:
    doc = sample()
    session = doc["sessions"][0]
    session["addenda"] = [dict(_ADDENDUM)]
    dataset, problems = parse_document(doc)
    assert problems == []
    assert check_references(dataset, KnownRecords()) == []
    [parsed] = [s for s in dataset.sessions if s.id == "x1"]
    assert parsed.timezone == "America/New_York"  # from the client
    assert parsed.signature is not None
    assert parsed.signature.timezone == "America/New_York"
    assert [a.timezone for a in parsed.addenda] == ["America/New_York"]
    assert [(a.id, a.session_id, a.staff_id, a.reason, a.text) for a in parsed.addenda] == [
        ("ad1", "x1", "s1", "R", "T")
    ]


def test_repeated_objective_ids_are_kept_once_in_order() -> None:
    doc = sample()
    doc["sessions"][0]["objectives"] = ["o2", "o1", "o2"]
    dataset, problems = parse_document(doc)
    assert problems == []
    assert dataset.sessions[0].objective_ids == ["o2", "o1"]


def test_ids_lists_record_ids_in_order() -> None:
    dataset, _ = parse_document(sample())
    assert ids(dataset.sessions) == ["x1", "x2"]


def test_overlapping_segments_are_named_once_at_the_first_overlap() -> None:
    doc = sample()
    doc["sessions"][1]["segments"] = [
        {"start": f"2026-03-03T{start}:00-05:00", "end": f"2026-03-03T{end}:00-05:00"}
        for start, end in (("09:00", "09:40"), ("09:30", "09:50"), ("09:45", "10:00"))
    ]
    _, problems = parse_document(doc)
    assert problems == ["session x2: segments: segments overlap at 2026-03-03T14:30:00+00:00"]


def test_a_signature_without_its_optional_fields_takes_their_defaults() -> None:
    dataset, problems = parse_document(sample())  # x1: signed with "by" and "at" only
    assert problems == []
    signature = dataset.sessions[0].signature
    assert signature is not None
    assert (signature.signer_name, signature.credential, signature.attestation) == ("", "", "")
    assert signature.late is False
    assert signature.timezone == "UTC"  # until the references give it the session's zone


def test_a_zero_unit_one_day_authorization_is_valid() -> None:
    doc = sample()
    doc["authorizations"][0].update(units=0, start="2026-03-02", end="2026-03-02")
    dataset, problems = parse_document(doc)
    assert problems == []
    [auth] = dataset.authorizations
    assert (auth.units, auth.start, auth.end) == (0, auth.start, auth.start)


def test_a_record_with_a_problem_is_left_out_of_the_dataset() -> None:
    doc = sample()
    doc["authorizations"][0]["units"] = -1
    doc["staff"][0]["name"] = 5
    dataset, problems = parse_document(doc)
    assert len(problems) == 2
    assert (dataset.authorizations, dataset.staff) == ([], [])
    assert [c.id for c in dataset.clients] == ["c1"]


def test_an_import_error_says_every_problem_one_a_line() -> None:
    """The command line prints the error itself: every problem, in order, one a line."""
    error = InterchangeError(["clients c1: name: is blank", "sessions x1: code: unknown"])
    assert str(error) == "clients c1: name: is blank\nsessions x1: code: unknown"
    assert error.problems == ["clients c1: name: is blank", "sessions x1: code: unknown"]


def _with_agency(agency: Any) -> dict[str, Any]:
    doc = copy.deepcopy(COMPLETE)
    doc["agency"] = agency
    return doc


def test_an_agency_without_a_phone_is_accepted_with_none() -> None:
    """docs/interchange.md: the agency's phone is optional (the 837P asks for it later)."""
    agency = {k: v for k, v in AGENCY.items() if k != "phone"}
    dataset, problems = parse_document(_with_agency(agency))
    assert problems == []
    assert dataset.agency is not None and dataset.agency.phone == ""
    assert dataset.agency.name == "Prairie Supports"


def test_an_agency_with_a_problem_is_left_out_and_named_by_its_name() -> None:
    dataset, problems = parse_document(_with_agency({**AGENCY, "npi": "1234567890"}))
    assert dataset.agency is None  # its address is fine: the NPI alone keeps it out
    assert problems == [
        "agency Prairie Supports: npi: '1234567890' fails the NPI check digit "
        "(Luhn with prefix 80840)"
    ]


def test_an_agency_that_is_not_an_object_is_named_once() -> None:
    dataset, problems = parse_document(_with_agency("Prairie Supports"))
    assert dataset.agency is None
    assert problems == ["agency #1: must be an object"]


def test_late_entry_is_worked_out_with_the_clients_payers_deadline() -> None:
    """p1 allows 3 business days: Monday's note signed on Thursday is on time (the
    2-day default would call it late); the file's own "late" is not trusted."""
    doc = copy.deepcopy(COMPLETE)
    x1 = doc["sessions"][0]
    x1["signed"] = {**x1["signed"], "at": "2026-03-05T17:00:00-06:00", "late": True}
    x1["cosigned"], x1["addenda"] = None, []
    dataset, problems = parse_document(doc)
    assert problems == []
    assert check_references(dataset, KnownRecords()) == []
    assert dataset.sessions[0].signature.late is False


def test_every_unknown_code_of_a_payers_map_is_named() -> None:
    doc = copy.deepcopy(COMPLETE)
    doc["payers"][0]["daily_max_units"] = {"H9998": 4, "H9999": 2}
    _, problems = parse_document(doc)
    assert problems == [
        "payer p1: daily_max_units.H9998: unknown service code",
        "payer p1: daily_max_units.H9999: unknown service code",
    ]


def test_an_authorization_without_an_id_is_named_by_its_place() -> None:
    doc = copy.deepcopy(COMPLETE)
    del doc["authorizations"][0]["id"]
    _, problems = parse_document(doc)
    assert problems == ["authorization #1: id: missing"]


def test_a_payers_limits_accept_their_edges() -> None:
    """A group of one is a size a payer may set; 30 business days is the longest
    deadline; one past either edge is refused."""
    doc = copy.deepcopy(COMPLETE)
    doc["payers"][0]["max_group_size"] = {"H2014": 1}
    doc["payers"][0]["documentation_deadline_days"] = 30
    dataset, problems = parse_document(doc)
    assert problems == []
    assert dataset.payers[0].max_group_size == {"H2014": 1}
    assert dataset.payers[0].documentation_deadline_days == 30
    doc["payers"][0]["max_group_size"] = {"H2014": 0}
    doc["payers"][0]["documentation_deadline_days"] = 31
    _, problems = parse_document(doc)
    fields = sorted(p.split(": ")[1] for p in problems)
    assert fields == ["documentation_deadline_days", "max_group_size.H2014"]


def test_an_unknown_key_in_an_address_is_named() -> None:
    doc = copy.deepcopy(COMPLETE)
    doc["clients"][0]["address"]["country"] = "US"
    dataset, problems = parse_document(doc)
    assert problems == ["client c1: address.country: unknown key"]
    assert dataset.clients == []


def test_a_client_without_an_id_is_named_by_its_place() -> None:
    doc = copy.deepcopy(COMPLETE)
    del doc["clients"][0]["id"]
    _, problems = parse_document(doc)
    assert problems == ["client #1: id: missing"]
