"""ASC X12 837P (005010X222A1) professional claims from a :class:`ClaimBatch`.

One interchange (ISA/GS/ST) per payer, so each goes to its own receiver: the billing
provider (2000A/2010AA) is the agency, each client is subscriber and patient (2000B,
2010BA; Medicaid members are their own subscribers), the payer is 2010BB, then one
claim (2300) per client, payer and period, split at 50 service lines, with diagnoses
in HI and per line SV1 (HC:code:modifiers, charge, UN units, place of service,
pointers), DTP*472, REF*G1 (one prior authorization per line), the rendering provider
(2420A) and, for a supervised staff member, the supervising provider (2420D).

Text is reduced to the X12 basic character set (upper case, no accents, no delimiters).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sessionlog.core.claims import Claim, ClaimBatch, ClaimLine
from sessionlog.core.identifiers import phone_digits, tax_id_digits, zip_digits
from sessionlog.core.models import Address, Agency, Payer, Staff
from sessionlog.export.wording import t

VERSION = "005010X222A1"
SEGMENT_END = "~"
ELEMENT = "*"
COMPONENT = ":"
REPETITION = "^"


class ClaimFileError(ValueError):
    """What keeps the file from being written at all (the agency's data)."""


@dataclass(frozen=True)
class Envelope:
    """Interchange settings: when, which control number, test or production."""

    created_at: datetime
    control_number: int = 1
    usage: str = "P"  # ISA15: P production, T test


def x12_text(value: str, limit: int = 60) -> str:
    """Upper-case ASCII without X12 delimiters: 'Lena Nováková' -> 'LENA NOVAKOVA'."""
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Z0-9 .,'&/()#-]", " ", plain.upper())
    return re.sub(r"\s+", " ", cleaned).strip()[:limit]


def split_name(name: str) -> tuple[str, str]:
    """(last, first) from a display name: the last word is the family name."""
    parts = x12_text(name).rsplit(" ", 1)
    if len(parts) == 1:
        return parts[0][:60], ""
    first, last = parts
    return last[:60], first[:35]


def _money(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01')):f}"


def _d8(day: date) -> str:
    return day.strftime("%Y%m%d")


def _seg(*elements: str) -> str:
    # Trailing empty elements are dropped, as X12 requires.
    items = list(elements)
    while items and items[-1] == "":
        items.pop()
    return ELEMENT.join(items) + SEGMENT_END


def agency_problems_for_claims(agency: Agency) -> list[str]:
    """The agency fields an 837P needs beyond what Setup requires."""
    problems: list[str] = []
    if len(zip_digits(agency.address.zip)) != 9:
        problems.append(
            t(
                "agency: address.zip: {zip!r}: the billing provider on an 837P needs the "
                "9-digit ZIP+4",
                zip=agency.address.zip,
            )
        )
    if len(phone_digits(agency.phone)) != 10:
        problems.append(t("agency: phone: needed as the 837P submitter contact (10 digits)"))
    return problems


def claim_id(claim: Claim, start: date, end: date) -> str:
    """A stable patient control number (CLM01): the same period gives the same id."""
    key = f"{claim.client.id}|{claim.payer.id}|{start}|{end}|{claim.part}"
    return f"SL{hashlib.sha256(key.encode()).hexdigest()[:16].upper()}P{claim.part}"


def write_837(
    batch: ClaimBatch, agency: Agency, *, start: date, end: date, envelope: Envelope
) -> str:
    """The file's text; raises ClaimFileError when the agency cannot bill on an 837P."""
    problems = agency_problems_for_claims(agency)
    if problems:
        raise ClaimFileError("; ".join(problems))
    if not batch.claims:
        raise ClaimFileError(t("no billable claim lines in the period: nothing to write"))
    by_payer: dict[str, list[Claim]] = {}
    for claim in batch.claims:
        by_payer.setdefault(claim.payer.id, []).append(claim)
    out: list[str] = []
    for offset, claims in enumerate(by_payer.values()):
        out.extend(_interchange(claims, agency, start, end, envelope, offset))
    return "\n".join(out) + "\n"


def _interchange(
    claims: list[Claim],
    agency: Agency,
    start: date,
    end: date,
    envelope: Envelope,
    offset: int,
) -> Iterator[str]:
    payer = claims[0].payer
    control = envelope.control_number + offset
    when = envelope.created_at
    sender = tax_id_digits(agency.tax_id)
    receiver = x12_text(payer.payer_id, 15)
    yield (
        f"ISA*00*{' ' * 10}*00*{' ' * 10}*ZZ*{sender:<15}*ZZ*{receiver:<15}*"
        f"{when:%y%m%d}*{when:%H%M}*{REPETITION}*00501*{control:09d}*0*{envelope.usage}*"
        f"{COMPONENT}{SEGMENT_END}"
    )
    yield _seg(
        "GS", "HC", sender, receiver, f"{when:%Y%m%d}", f"{when:%H%M}", str(control), "X", VERSION
    )
    body = list(_transaction(claims, payer, agency, start, end, envelope, control))
    yield from body
    yield _seg("GE", "1", str(control))
    yield _seg("IEA", "1", f"{control:09d}")


def _transaction(
    claims: list[Claim],
    payer: Payer,
    agency: Agency,
    start: date,
    end: date,
    envelope: Envelope,
    control: int,
) -> Iterator[str]:
    st = f"{control % 10000:04d}"
    when = envelope.created_at
    segments: list[str] = [
        _seg("ST", "837", st, VERSION),
        _seg("BHT", "0019", "00", f"SL{control:09d}", f"{when:%Y%m%d}", f"{when:%H%M}", "CH"),
        # 1000A submitter and 1000B receiver
        _organisation("41", agency.name, "46", tax_id_digits(agency.tax_id)),
        _seg("PER", "IC", x12_text(agency.name), "TE", phone_digits(agency.phone)),
        _organisation("40", payer.name, "46", x12_text(payer.payer_id, 80)),
        # 2000A billing provider
        _seg("HL", "1", "", "20", "1"),
        _seg("PRV", "BI", "PXC", agency.taxonomy),
        _organisation("85", agency.name, "XX", agency.npi),
        *_address(agency.address),
        _seg("REF", "EI", tax_id_digits(agency.tax_id)),
    ]
    hl = 1
    by_client: dict[str, list[Claim]] = {}
    for claim in claims:
        by_client.setdefault(claim.client.id, []).append(claim)
    for client_claims in by_client.values():
        hl += 1
        client = client_claims[0].client
        assert client.address is not None  # build_claims leaves such clients out
        last, first = split_name(client.name)
        segments += [
            # 2000B subscriber (the patient: no 2000C)
            _seg("HL", str(hl), "1", "22", "0"),
            _seg("SBR", "P", "18", "", "", "", "", "", "", "MC"),
            _seg("NM1", "IL", "1", last, first, "", "", "", "MI", x12_text(client.medicaid_id, 80)),
            *_address(client.address),
            _seg("DMG", "D8", _d8(client.birth_date), "U"),
            _organisation("PR", payer.name, "PI", x12_text(payer.payer_id, 80)),
        ]
        for claim in client_claims:
            segments += _claim(claim, agency, start, end)
    segments.append(_seg("SE", str(len(segments) + 1), st))
    yield from segments


def _address(address: Address) -> list[str]:
    return [
        _seg("N3", x12_text(address.line1, 55)),
        _seg("N4", x12_text(address.city, 30), address.state, zip_digits(address.zip)),
    ]


def _claim(claim: Claim, agency: Agency, start: date, end: date) -> list[str]:
    place = claim.lines[0].line.place_of_service
    diagnoses = [d.replace(".", "").upper() for d in claim.diagnoses]
    hi = [f"{'ABK' if i == 0 else 'ABF'}{COMPONENT}{code}" for i, code in enumerate(diagnoses)]
    segments = [
        _seg(
            "CLM",
            claim_id(claim, start, end),
            _money(claim.total),
            "",
            "",
            COMPONENT.join((place, "B", "1")),
            "Y",
            "A",
            "Y",
            "Y",
        ),
        _seg("HI", *hi),
    ]
    for number, cl in enumerate(claim.lines, start=1):
        segments += _service_line(number, cl, agency)
    return segments


def _service_line(number: int, cl: ClaimLine, agency: Agency) -> list[str]:
    line = cl.line
    assert cl.charge is not None  # build_claims leaves lines without a rate out
    procedure = COMPONENT.join(("HC", line.code, *line.modifiers))
    pointers = COMPONENT.join(str(p) for p in cl.diagnosis_pointers)
    segments = [
        _seg("LX", str(number)),
        _seg(
            "SV1",
            procedure,
            _money(cl.charge),
            "UN",
            str(line.billable_units),
            line.place_of_service,
            "",
            pointers,
        ),
        _seg("DTP", "472", "D8", _d8(line.date)),
    ]
    if line.authorization_number:
        segments.append(_seg("REF", "G1", x12_text(line.authorization_number, 50)))
    if cl.rendering.npi != agency.npi:
        segments.append(_provider("82", cl.rendering))
    if cl.supervising is not None and cl.supervising.npi != agency.npi:
        segments.append(_provider("DQ", cl.supervising))
    return segments


def _organisation(role: str, name: str, qualifier: str, ident: str) -> str:
    """NM1 for a non-person entity (submitter, receiver, billing provider, payer)."""
    return _seg("NM1", role, "2", x12_text(name), "", "", "", "", qualifier, ident)


def _provider(role: str, member: Staff) -> str:
    """2420A rendering (82) or 2420D supervising (DQ) provider: a person."""
    last, first = split_name(member.name)
    if member.npi:
        return _seg("NM1", role, "1", last, first, "", "", "", "XX", member.npi)
    return _seg("NM1", role, "1", last, first)
