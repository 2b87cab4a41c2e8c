"""Tamper evidence: what a signature, co-signature or addendum seals, and the audit chain.

Pure functions over plain values (rows as dicts): the store feeds them what it reads and
compares the results with what it stored. A *seal* is the SHA-256 of the canonical
content of one signing act: the note as printed in the packet (every field, its segments
and the objectives it addresses), the signing record itself, and the previous seal of
the same note, so the seals of a note form a chain from its signature onward. The audit
log is a chain of its own: each row's hash covers its fields and the previous row's hash.

A hash chain kept in the same file is *evidence*, not a lock: anyone who can write the
file and recompute every hash can forge a consistent history (docs/security.md says
whom this protects against). What it catches is any change made with ordinary tools
behind the app's back: an edited note, a deleted or inserted audit row, a changed segment.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sessionlog.core.language import Phrase
from sessionlog.core.wording import t

SEAL_FORMAT = "sessionlog-seal/1"
AUDIT_FORMAT = "sessionlog-audit/1"

SEAL_SIGNATURE = "signature"
SEAL_COSIGNATURE = "cosignature"
SEAL_ADDENDUM = "addendum"
# The seal kinds as a sentence names them (an addendum is named with its id).
_SEAL_WORDS = {SEAL_SIGNATURE: t.later("signature"), SEAL_COSIGNATURE: t.later("cosignature")}

# The fields of a note that its seal covers: everything the packet prints about it.
# Objectives are covered by id: their wording belongs to the plan, which may be reworded
# (audited) after the note is signed; the packet prints the plan's current wording.
NOTE_FIELDS = (
    "id",
    "client_id",
    "staff_id",
    "code",
    "place_of_service",
    "telehealth",
    "group_size",
    "group_id",
    "intervention",
    "response",
    "plan",
    "note",
    "timezone",
    "manual_reason",
    "first_start_utc",
    "service_date",
)
# Fields added to sessions by later migrations: sealed only when set, so a note sealed
# before the column existed keeps its hash once the column arrives with its default.
OPTIONAL_NOTE_FIELDS = ("audio_only",)

RECORD_FIELDS = {
    SEAL_SIGNATURE: (
        "staff_id",
        "signed_at_utc",
        "timezone",
        "signer_name",
        "credential",
        "attestation",
        "late",
    ),
    SEAL_COSIGNATURE: (
        "staff_id",
        "signed_at_utc",
        "timezone",
        "signer_name",
        "credential",
        "statement",
    ),
    SEAL_ADDENDUM: (
        "id",
        "staff_id",
        "written_at_utc",
        "timezone",
        "reason",
        "text",
        "signer_name",
        "credential",
    ),
}

AUDIT_FIELDS = ("id", "at_utc", "actor", "action", "entity", "entity_id", "details")


# What json.dumps builds on every call with these options, built once: the record check
# hashes every audit row and seal, and making the encoder cost more than encoding.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical(value: Any) -> bytes:
    """One byte sequence per value: sorted keys, no spaces, UTF-8."""
    return _CANONICAL.encode(value).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    # hashlib imported at first use: OpenSSL's loading was ~5 ms of the start, which
    # hashes nothing (issue 12).
    import hashlib

    return hashlib.sha256(data).hexdigest()


def note_content(
    row: Mapping[str, Any],
    segments: Iterable[tuple[str, str | None]],
    objective_ids: Iterable[str],
) -> dict[str, Any]:
    """The sealed content of a note from its stored row, segments and objective ids."""
    content: dict[str, Any] = {name: row[name] for name in NOTE_FIELDS}
    for name in OPTIONAL_NOTE_FIELDS:
        if row.get(name):
            content[name] = row[name]
    content["segments"] = sorted([start, end] for start, end in segments)
    content["objectives"] = sorted(objective_ids)
    return content


def seal_hash(kind: str, record: Mapping[str, Any], note: Mapping[str, Any], previous: str) -> str:
    """The hash one signing act stores: its record, the note, the note's previous seal."""
    fields_ = RECORD_FIELDS[kind]
    return sha256_hex(
        canonical(
            {
                "format": SEAL_FORMAT,
                "kind": kind,
                "record": {name: record[name] for name in fields_},
                "note": dict(note),
                "previous": previous,
            }
        )
    )


def audit_hash(row: Mapping[str, Any], previous: str) -> str:
    """The hash of one audit row, chained to the previous row's hash ("" for the first)."""
    return sha256_hex(
        canonical(
            {
                "format": AUDIT_FORMAT,
                "row": {name: row[name] for name in AUDIT_FIELDS},
                "previous": previous,
            }
        )
    )


@dataclass(frozen=True)
class Problem:
    """One thing the check found: which record, and what happened to it."""

    kind: str  # "session" or "audit" or "database"
    record: str  # session id, audit row id, or a trigger name
    # Worded when read: the GUI's language in the record check, a forced packet's own.
    wording: Phrase
    client_id: str | None = None  # the client it concerns, when known

    @property
    def message(self) -> str:
        return str(self.wording)


@dataclass
class IntegrityReport:
    signed_notes: int = 0
    seals: int = 0
    audit_rows: int = 0
    chain_start: str = ""  # when hashing began for this file (migration or creation)
    problems: list[Problem] = field(default_factory=list)
    restored_triggers: list[str] = field(default_factory=list)
    # How much of the audit chain this check followed itself (issue 12). 0: every row and
    # link. N: rows N onward, plus the rows about this client or about no client before
    # them; the rows before N were verified in full by an earlier check at
    # ``audit_verified_at`` (UTC text), which kept that as the file's checkpoint.
    audit_checked_from: int = 0
    audit_verified_at: str = ""
    last_audit_row: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def concerns(self, client_id: str) -> list[Problem]:
        """Problems that make this client's record untrustworthy: its own sessions, and
        anything not attributable to one client (the audit chain, a deleted note)."""
        return [p for p in self.problems if p.client_id in (None, client_id)]

    def summary(self) -> str:
        counts = t(
            "{notes} signed note(s), {seals} seal(s), {rows} audit row(s)",
            notes=self.signed_notes,
            seals=self.seals,
            rows=self.audit_rows,
        )
        if self.ok:
            return t("Record check passed: {counts} verified.", counts=counts)
        return t(
            "Record check FAILED: {count} problem(s) in {counts}.",
            count=len(self.problems),
            counts=counts,
        )


def check_seal_chain(
    session_id: str,
    client_id: str | None,
    note: Mapping[str, Any],
    acts: Sequence[tuple[str, str, Mapping[str, Any] | None, str, str]],
) -> list[Problem]:
    """Recompute one note's chain. ``acts`` are its seals in order as
    (kind, record_id, record row or None if gone, stored previous, stored hash)."""
    problems: list[Problem] = []

    def problem(text: Phrase) -> None:
        problems.append(
            Problem(
                "session",
                session_id,
                t.later("session {session}: {problem}", session=session_id, problem=text),
                client_id,
            )
        )

    previous = ""
    for kind, record_id, record, stored_previous, stored in acts:
        label: Phrase | str = _SEAL_WORDS.get(kind) or (
            t.later("addendum {id}", id=record_id) if kind == SEAL_ADDENDUM else kind
        )
        if record is None:
            problem(
                t.later(
                    "the {seal} was deleted behind the app's back (its seal remains)", seal=label
                )
            )
        elif stored_previous != previous:
            problem(
                t.later(
                    "the {seal} is out of its chain: a signed state before it was removed",
                    seal=label,
                )
            )
        elif seal_hash(kind, record, note, previous) != stored:
            if kind == SEAL_SIGNATURE:
                problem(
                    t.later(
                        "the note or its signature was changed after signing "
                        "(text, times, segments, objectives or signer differ from what was "
                        "signed)"
                    )
                )
            else:
                problem(
                    t.later(
                        "the {seal} or the note it seals was changed after it was written",
                        seal=label,
                    )
                )
        previous = stored
    return problems
