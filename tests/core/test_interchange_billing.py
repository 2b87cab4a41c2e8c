"""Interchange keys for claims: agency, addresses, NPIs, payer ids, rates, co-signatures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from tests.interchange_sample import sample

from sessionlog.core.identifiers import npi_check_digit, npi_problem
from sessionlog.core.interchange import (
    KnownRecords,
    check_references,
    parse_document,
    to_document,
)

AGENCY = {
    "name": "Prairie Supports",
    "npi": "1234567893",
    "tax_id": "12-3456789",
    "taxonomy": "251S00000X",
    "address": {"line1": "100 Main St", "city": "Springfield", "state": "IL", "zip": "62701"},
    "phone": "2175550100",
}


def billing_sample() -> dict[str, Any]:
    """The sample file with every claim key filled in."""
    doc = sample()
    doc["agency"] = dict(AGENCY)
    doc["payers"][0] |= {
        "payer_id": "77027",
        "rates": {"H2023": "18.25", "H2024": "120"},
        "max_group_size": {"H2023": 4},
        "audio_only_modifier": "FQ",
    }
    doc["staff"].append({"id": "s2", "name": "Ana Supervisor", "credential": "LCSW"})
    doc["staff"][0] |= {"npi": "1245319599", "supervisor": "s2"}
    doc["clients"][0]["address"] = {
        "line1": "9 Elm Ave",
        "city": "Peoria",
        "state": "IL",
        "zip": "61602-1234",
    }
    doc["sessions"][1] |= {"audio_only": True}
    doc["sessions"][0]["cosigned"] = {"by": "s2", "at": "2026-03-03T10:00:00-05:00"}
    return doc


def test_every_claim_key_round_trips() -> None:
    dataset, problems = parse_document(billing_sample())
    assert problems == []
    assert check_references(dataset, KnownRecords()) == []
    assert dataset.agency is not None and dataset.agency.address.city == "Springfield"
    payer = dataset.payers[0]
    assert payer.rates == {"H2023": Decimal("18.25"), "H2024": Decimal("120")}
    assert (payer.payer_id, payer.max_group_size, payer.audio_only_modifier) == (
        "77027",
        {"H2023": 4},
        "FQ",
    )
    assert (dataset.staff[0].npi, dataset.staff[0].supervisor_id) == ("1245319599", "s2")
    assert dataset.sessions[1].audio_only is True
    cosigned = dataset.sessions[0].cosignature
    assert cosigned is not None and cosigned.staff_id == "s2"
    again, problems = parse_document(to_document(dataset))
    assert problems == []
    assert to_document(again) == to_document(dataset)


def test_a_file_without_the_new_keys_still_reads() -> None:
    dataset, problems = parse_document(sample())
    assert problems == []
    assert dataset.agency is None
    assert dataset.clients[0].address is None
    assert dataset.payers[0].audio_only_modifier == "93"


def _set(path: str, value: Any):
    def change(doc: dict[str, Any]) -> None:
        target: Any = doc
        *parents, last = path.split("/")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value

    return change


DELETE = object()

REFUSALS = [
    ("agency/npi", "1234567890", "agency Prairie Supports: npi: '1234567890' fails the NPI check"),
    ("agency/npi", "12345", "agency Prairie Supports: npi: '12345' must be 10 digits"),
    ("agency/tax_id", "1234", "agency Prairie Supports: tax_id: '1234' must be a 9-digit EIN"),
    ("agency/taxonomy", "251S", "agency Prairie Supports: taxonomy: '251S' must be a 10-character"),
    ("agency/phone", "555-0100", "agency Prairie Supports: phone: '555-0100' must be a 10-digit"),
    ("agency/address", DELETE, "agency Prairie Supports: address: missing"),
    ("agency/name", DELETE, "agency (no name): name: enter the agency's legal name"),
    ("clients/0/address", {"line1": "9 Elm", "city": "X", "state": "Illinois", "zip": "61602"},
     "client c1: address.state: 'Illinois' is not a two-letter US state code"),
    ("clients/0/address", {"line1": "9 Elm", "city": "X", "state": "IL", "zip": "616"},
     "client c1: address.zip: '616' must be a 5- or 9-digit ZIP code"),
    ("clients/0/address", {"line1": "9 Elm", "city": "X", "state": "IL"},
     "client c1: address.zip: missing or not a string"),
    ("staff/0/npi", "1245319590", "staff s1: npi: '1245319590' fails the NPI check digit"),
    ("staff/0/supervisor", "s1", "staff s1: supervisor: a staff member cannot supervise"),
    ("payers/0/rates", {"H2023": 18.25}, 'payer p1: rates.H2023: must be a decimal string such as'),
    ("payers/0/rates", {"H2023": "18.255"}, "payer p1: rates.H2023: must be a decimal string"),
    ("payers/0/rates", {"H9999": "1.00"}, "payer p1: rates.H9999: unknown service code"),
    ("payers/0/max_group_size", {"H2023": 0}, "payer p1: max_group_size.H2023: must be 1 or more"),
    ("payers/0/audio_only_modifier", "093", "payer p1: audio_only_modifier: must be a two-char"),
    ("payers/0/payer_id", 77027, "payer p1: payer_id: must be a string, got a number"),
    ("sessions/0/audio_only", True, "session x1: audio_only: only a telehealth session can be"),
    ("sessions/0/audio_only", "yes", "session x1: audio_only: must be a boolean"),
    ("sessions/1/cosigned", {"by": "s2", "at": "2026-03-03T10:00:00-05:00"},
     "session x2: cosigned: only a signed note can be co-signed"),
    ("sessions/0/cosigned", {"by": "s2", "at": "2026-03-01T10:00:00-05:00"},
     "session x1: cosigned.at: is before the note was signed"),
    ("sessions/0/cosigned", {"by": "s2"}, "session x1: cosigned.at: must be an ISO 8601 instant"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "message"), REFUSALS)
def test_malformed_claim_keys_are_refused_by_record_and_field(
    path: str, value: Any, message: str
) -> None:
    doc = billing_sample()
    _set(path, value)(doc)
    _, problems = parse_document(doc)
    assert any(p.startswith(message) for p in problems), problems


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("staff/0/supervisor", "nobody", "staff s1: supervisor: unknown staff 'nobody'"),
        (
            "sessions/0/cosigned",
            {"by": "s1", "at": "2026-03-03T10:00:00-05:00"},
            "session x1: cosigned.by: 's1' is not the supervisor of the signer 's1'",
        ),
        (
            "sessions/0/cosigned",
            {"by": "ghost", "at": "2026-03-03T10:00:00-05:00"},
            "session x1: cosigned.by: unknown staff 'ghost'",
        ),
    ],
)
def test_claim_references_are_checked(path: str, value: Any, message: str) -> None:
    doc = billing_sample()
    _set(path, value)(doc)
    dataset, problems = parse_document(doc)
    assert problems == []
    assert message in check_references(dataset, KnownRecords())


@pytest.mark.parametrize(
    ("npi", "valid"),
    [("1234567893", True), ("1245319599", True), ("1234567890", False), ("123456789", False)],
)
def test_npi_luhn_check_with_the_80840_prefix(npi: str, valid: bool) -> None:
    assert (npi_problem(npi) is None) is valid


def test_npi_check_digit_is_the_cms_example() -> None:
    # CMS's worked example: 123456789 -> check digit 3.
    assert npi_check_digit("123456789") == 3
