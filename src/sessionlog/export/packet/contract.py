"""The packet's data contract: every figure and sentence it prints, already worded.

The canonical JSON of :class:`PacketData` is what the packet's SHA-256 covers and what
travels inside the PDF as an attached file (docs/packet.md).
"""

from __future__ import annotations

import functools
import hashlib
import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER

PACKET_FORMAT = "sessionlog-packet/1"
ATTACHMENT_NAME = "sessionlog-packet.json"
META_HASH_KEY = "/SessionLogPacketSHA256"
META_FORMAT_KEY = "/SessionLogPacketFormat"
META_SIGNATURE_KEY = "/SessionLogPacketSignature"  # Ed25519 over the content hash, hex
META_PUBLIC_KEY = "/SessionLogPacketPublicKey"  # raw Ed25519 public key, hex
# Ed25519 over the content hash and the pages' fingerprint (pages.py), hex: lets
# verify-packet --key accept pages stored exactly as the agency's key signed them without
# laying them out again (docs/packet.md).
META_PAGES_SIGNATURE_KEY = "/SessionLogPagesSignature"
PAPER_SIZES = {"letter": LETTER, "a4": A4}
# PacketData.language of a packet written before packets had a language: its content has
# no "language" field (so its canonical JSON, and therefore its hash, has none either) and
# it re-renders in the English wording and number format of that time (docs/packet.md).
LANGUAGE_NOT_RECORDED = ""

# Splitting long tables keeps reportlab's layout cost roughly linear (platform-notes).
TABLE_CHUNK_ROWS = 150

ProgressFn = Callable[[int, int], None]


class PacketError(Exception):
    """A packet could not be made or read; the message is worded for the user."""


# ---- the content --------------------------------------------------------------


@dataclass
class StaffEntry:
    name: str
    credential: str
    modifier: str
    roles: str  # "Provider, signer", "Addendum author", ...
    supervised_by: str = ""  # "Dana Whitfield, Program Supervisor, LCSW" or ""


@dataclass
class GoalEntry:
    number: str  # "1"
    text: str
    objectives: list[str]  # "1.1 Arrive on time ..." ("(retired)" appended when retired)


@dataclass
class PlanEntry:
    period: str  # "2026-08-22 to 2027-06-23"
    goals: list[GoalEntry]


@dataclass
class AuthorizationEntry:
    number: str
    code: str
    valid: str  # "2026-10-11 to 2027-04-09"
    authorized: int
    used_in_period: int
    used_to_date: int
    remaining: int


@dataclass
class UnitLineEntry:
    date: str
    code: str
    modifiers: str
    place_of_service: str
    minutes: int
    units: int
    billable_units: int
    flags: list[str]
    authorization: str
    explanation: str


@dataclass
class CodeTotalEntry:
    code: str
    description: str
    lines: int
    minutes: int
    units: int
    billable_units: int


@dataclass
class FlagEntry:
    flag: str
    description: str
    lines: int


@dataclass
class SegmentEntry:
    start: str  # "2026-11-03 09:15:00 CST"
    end: str
    minutes: int


@dataclass
class SignatureEntry:
    signer: str
    credential: str
    signed_at: str
    attestation: str
    late: bool
    deadline: str  # the last on-time day, shown beside a late mark
    cosigned_by: str = ""  # "Dana Whitfield, LCSW": the supervisor's co-signature
    cosigned_at: str = ""
    cosign_statement: str = ""


@dataclass
class AddendumEntry:
    written_at: str
    author: str
    credential: str
    reason: str
    text: str


@dataclass
class NoteEntry:
    session_id: str
    date: str
    weekday: str
    timezone: str
    segments: list[SegmentEntry]
    total_minutes: int
    code: str
    code_description: str
    modifiers: str
    units: str  # worded: the billing line's units, and whether the line is shared
    place_of_service: str  # "18 Place of employment / worksite"
    modality: str
    group: str
    provider: str
    objectives: list[str]  # "Goal 1 (...) - Objective 1.2: ..."
    intervention: str
    response: str
    plan: str
    narrative: str
    manual_reason: str
    status_mark: str  # "" for a complete signed note, else "UNSIGNED - NOT BILLABLE", ...
    missing: list[str]
    signature: SignatureEntry | None
    addenda: list[AddendumEntry]
    # "times edited: <reason> (<who>, <when>)": corrections made before signing.
    time_corrections: list[str] = field(default_factory=list)


@dataclass
class LeftOutEntry:
    date: str
    code: str
    provider: str
    status: str
    missing: list[str]


@dataclass
class PacketData:
    client_name: str
    client_id: str
    birth_date: str
    medicaid_id: str
    diagnoses: list[str]
    payer: str
    period_start: str
    period_end: str
    timezone: str
    generated_at: str  # local, for people
    generated_at_utc: str  # ISO 8601, for machines
    paper: str
    include_unsigned: bool
    unit_rule: str
    staff: list[StaffEntry]
    plans: list[PlanEntry]
    authorizations: list[AuthorizationEntry]
    unit_lines: list[UnitLineEntry]
    code_totals: list[CodeTotalEntry]
    flags: list[FlagEntry]
    notes: list[NoteEntry]
    left_out: list[LeftOutEntry]
    format: str = PACKET_FORMAT
    warnings: list[str] = field(default_factory=list)
    # Who bills: "Name · NPI … · Tax id … · address", or "" when no agency is on file.
    billing_provider: str = ""
    # The language of the fixed wording and of the worded dates, times and numbers ("en",
    # "es"): part of the content, so a packet re-renders (verify_packet) in its own language.
    # LANGUAGE_NOT_RECORDED for a packet made before languages (never written by an export).
    language: str = "en"
    # What the record check verified when the packet was made, in words, for the cover
    # (issue 12). "" in a packet made before it was printed (its canonical JSON has no
    # such field, so its hash is unchanged) and in a preview (``packet_data``).
    record_check: str = ""


def canonical_json(data: PacketData) -> bytes:
    """One byte sequence per content: sorted keys, no spaces, UTF-8 (not escaped).

    A packet from before languages is canonical without a "language" field, as it was
    written and hashed; every packet made since records its language."""
    plain = _plain(data)
    if data.language == LANGUAGE_NOT_RECORDED:
        del plain["language"]
    if not data.record_check:  # a packet from before the record check was printed
        del plain["record_check"]
    return json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def _plain(value: Any) -> Any:
    """``asdict`` without its deep copy of every leaf (a year of notes is tens of thousands
    of strings, and the copy cost as much as encoding them: issue 12); the same values, so
    the same JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    return value  # a number, True/False or None (json.dumps refuses anything else)


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def content_hash(data: PacketData) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def packet_from_json(raw: bytes) -> PacketData:
    """Rebuild the content object from an attached JSON (for verification)."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PacketError(f"the embedded packet content is not valid JSON ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != PACKET_FORMAT:
        raise PacketError(f"the embedded content is not in the {PACKET_FORMAT} format")
    # No language: the packet predates languages (a new packet always records one). An
    # explicit "" is not canonical (canonical_json drops it), so verify_packet refuses it.
    document.setdefault("language", LANGUAGE_NOT_RECORDED)
    document.setdefault("record_check", "")  # made before it was printed; "" is not canonical
    try:
        data = _from_plain(PacketData, document)
    except (TypeError, KeyError, ValueError) as exc:
        raise PacketError(f"the embedded packet content is malformed ({exc})") from None
    assert isinstance(data, PacketData)  # _from_plain builds the kind it is given
    return data


def _from_plain(kind: Any, value: Any) -> Any:
    if isinstance(kind, type) and is_dataclass(kind):
        if not isinstance(value, dict):
            raise TypeError(f"expected an object for {kind.__name__}")
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: _from_plain(hints[f.name], value[f.name]) for f in fields(kind)})
    origin = typing.get_origin(kind)
    if origin is list:
        if not isinstance(value, list):
            raise TypeError("expected a list")
        (item,) = typing.get_args(kind)
        return [_from_plain(item, v) for v in value]
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        (inner,) = [a for a in typing.get_args(kind) if a is not type(None)]
        return _from_plain(inner, value)
    if kind is bool and not isinstance(value, bool):
        raise TypeError("expected true or false")
    if kind is int and (not isinstance(value, int) or isinstance(value, bool)):
        raise TypeError("expected a whole number")
    if kind is str and not isinstance(value, str):
        raise TypeError("expected text")
    return value
