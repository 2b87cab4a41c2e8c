"""837P claim files: every file the suite writes is validated by pyx12 with zero errors,
and its units and charges agree with the ``units`` report."""

from __future__ import annotations

import copy
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from tests.core.test_interchange_billing import billing_sample
from tests.export.x12check import x12_errors

from sessionlog.core.interchange import parse_document
from sessionlog.services.billing import billing_lines
from sessionlog.services.claims import export_837, period_claim_lines
from sessionlog.services.interchange import import_dataset
from sessionlog.store import Store, open_database

START, END = date(2026, 3, 1), date(2026, 4, 30)
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def claims_document() -> dict[str, Any]:
    """The billing sample with a 9-digit agency ZIP, a second client on a second payer,
    and a client with no address."""
    doc = billing_sample()
    doc["agency"]["address"]["zip"] = "62701-1234"
    second_payer = copy.deepcopy(doc["payers"][0]) | {
        "id": "p2",
        "name": "Prairie Health Plan",
        "payer_id": "PHP01",
        "rates": {"H2023": "20.00"},
    }
    doc["payers"].append(second_payer)
    for cid, payer, address in (
        ("c2", "p2", {"line1": "1 Oak St", "city": "Urbana", "state": "IL", "zip": "61801"}),
        ("c3", "p1", None),
    ):
        client = copy.deepcopy(doc["clients"][0]) | {"id": cid, "payer": payer, "address": address}
        client["medicaid_id"] = f"MCD-{cid}"
        doc["clients"].append(client)
        plan = copy.deepcopy(doc["plans"][0]) | {"id": f"plan-{cid}", "client": cid}
        plan["goals"][0]["id"] = f"g-{cid}"
        for objective in plan["goals"][0]["objectives"]:
            objective["id"] = f"{cid}-{objective['id']}"
        doc["plans"].append(plan)
        auth = copy.deepcopy(doc["authorizations"][0]) | {"id": f"a-{cid}", "client": cid}
        doc["authorizations"].append(auth)
        for day in (2, 4):
            session = copy.deepcopy(doc["sessions"][0])
            session |= {"id": f"{cid}-{day}", "client": cid, "objectives": [f"{cid}-o1"]}
            session.pop("cosigned", None)
            for segment in session["segments"]:
                for key in ("start", "end"):
                    segment[key] = segment[key].replace("2026-03-02", f"2026-03-0{day}")
            session["signed"] = {"by": "s1", "at": f"2026-03-0{day}T17:00:00-05:00"}
            doc["sessions"].append(session)
    return doc


def _store(tmp_path: Path, doc: dict[str, Any]) -> Store:
    store = Store(open_database(tmp_path / "claims.db"))
    dataset, problems = parse_document(doc)
    assert problems == []
    import_dataset(store, dataset)
    return store


def _segments(text: str, tag: str) -> list[list[str]]:
    return [
        seg.split("*") for seg in text.replace("\n", "").split("~") if seg.startswith(tag + "*")
    ]


def test_validator_really_rejects_a_broken_file(tmp_path: Path) -> None:
    store = _store(tmp_path, claims_document())
    out = tmp_path / "claims.837"
    export_837(store, out, start=START, end=END, now=NOW)
    assert x12_errors(out) == []
    text = out.read_text()
    broken = tmp_path / "broken.837"
    broken.write_text(re.sub(r"DTP\*472\*D8\*\d{8}~\n", "", text, count=1))
    assert any("DTP" in e for e in x12_errors(broken))
    miscounted = tmp_path / "miscounted.837"
    miscounted.write_text(re.sub(r"SE\*(\d+)\*", lambda m: f"SE*{int(m[1]) + 1}*", text, count=1))
    assert any("SE count" in e for e in x12_errors(miscounted))


def test_837_validates_and_agrees_with_the_units_report(tmp_path: Path) -> None:
    store = _store(tmp_path, claims_document())
    out = tmp_path / "claims.837"
    result = export_837(store, out, start=START, end=END, now=NOW)
    assert x12_errors(out) == []
    text = out.read_text()
    # One interchange per payer, one claim per client and payer.
    assert [isa[8].strip() for isa in _segments(text, "ISA")] == ["77027", "PHP01"]
    assert len(_segments(text, "CLM")) == 2
    lines = billing_lines(store, start=START, end=END)
    # Every billable line of the report is in the file, except the client without an
    # address (c3), who is listed instead.
    billable = [ln for ln in lines if ln.billable_units and not ln.held and ln.client_id != "c3"]
    assert {ln.client_id for ln in lines if ln.billable_units} == {"c1", "c2", "c3"}
    file_units = sum(int(sv1[4]) for sv1 in _segments(text, "SV1"))
    assert file_units == sum(ln.billable_units for ln in billable) == result.batch.units
    # Charges: units x rate per line, and each claim's total is its lines' sum.
    charges = [Decimal(sv1[2]) for sv1 in _segments(text, "SV1")]
    assert sum(charges) == sum(Decimal(clm[2]) for clm in _segments(text, "CLM"))
    assert sum(charges) == result.batch.total
    # The held (unsigned) line of c1 and the client without an address are listed.
    left_out = "\n".join(result.batch.left_out)
    assert "client c1 2026-03-03 H2023" in left_out and "unsigned" in left_out
    assert "client c3" in left_out and "no address" in left_out
    assert "MCD-c3" not in text


def test_service_line_carries_modifiers_pointers_authorization_and_providers(
    tmp_path: Path,
) -> None:
    doc = claims_document()
    doc["clients"][0]["diagnoses"] = ["F20.9", "F41.1"]
    store = _store(tmp_path, doc)
    out = tmp_path / "claims.837"
    export_837(store, out, start=START, end=END, client_id="c1", now=NOW)
    assert x12_errors(out) == []
    text = out.read_text()
    assert "HI*ABK:F209*ABF:F411~" in text
    assert "SV1*HC:H2023:HM*54.75*UN*3*18**1:2~" in text  # 38 min = 3 units x 18.25
    assert "REF*G1*PA-778~" in text
    assert "NM1*85*2*PRAIRIE SUPPORTS*****XX*1234567893~" in text  # 2010AA billing
    assert "NM1*82*1*DELGADO*ROSA****XX*1245319599~" in text  # 2420A rendering
    assert "NM1*DQ*1*SUPERVISOR*ANA~" in text  # 2420D supervising
    assert "NM1*IL*1*NGUYEN*ZOE****MI*MCD1~" in text  # accents reduced to X12 text


def test_a_period_over_50_lines_is_split_into_claims(tmp_path: Path) -> None:
    doc = claims_document()
    template = doc["sessions"][0]
    first = datetime(2026, 3, 1, 14, 0, tzinfo=UTC)
    for day in range(55):
        start = first + timedelta(days=day)
        session = copy.deepcopy(template) | {"id": f"daily-{day}"}
        session.pop("cosigned", None)
        session["segments"] = [
            {"start": start.isoformat(), "end": (start + timedelta(minutes=30)).isoformat()}
        ]
        session["signed"] = {"by": "s1", "at": (start + timedelta(hours=2)).isoformat()}
        doc["sessions"].append(session)
    doc["authorizations"][0]["units"] = 1000
    store = _store(tmp_path, doc)
    out = tmp_path / "claims.837"
    result = export_837(store, out, start=START, end=END, client_id="c1", now=NOW)
    assert x12_errors(out) == []
    sizes = [len(claim.lines) for claim in result.batch.claims]
    assert sizes[0] == 50 and sum(sizes) == len(
        [
            cl
            for cl in period_claim_lines(store, start=START, end=END, client_id="c1")
            if cl.billable
        ]
    )
    assert len(_segments(out.read_text(), "CLM")) == len(sizes) == 2


def test_no_agency_or_nothing_billable_writes_no_file(tmp_path: Path) -> None:
    doc = claims_document()
    del doc["agency"]
    store = _store(tmp_path, doc)
    out = tmp_path / "claims.837"
    with pytest.raises(ValueError, match="agency: no billing provider on file"):
        export_837(store, out, start=START, end=END, now=NOW)
    assert not out.exists()


def test_agency_without_zip_plus_4_is_named(tmp_path: Path) -> None:
    doc = claims_document()
    doc["agency"]["address"]["zip"] = "62701"
    store = _store(tmp_path, doc)
    with pytest.raises(ValueError, match=r"agency: address.zip: '62701'.*ZIP\+4"):
        export_837(store, tmp_path / "claims.837", start=START, end=END, now=NOW)


def test_control_numbers_never_repeat(tmp_path: Path) -> None:
    store = _store(tmp_path, claims_document())
    first = export_837(store, tmp_path / "1.837", start=START, end=END, now=NOW)
    second = export_837(store, tmp_path / "2.837", start=START, end=END, now=NOW)
    assert second.control_number == first.control_number + 2  # two payers, two interchanges
    assert x12_errors(tmp_path / "2.837") == []
