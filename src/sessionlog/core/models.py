"""Domain records of SessionLog.

These plain dataclasses are the vocabulary shared by every layer: the store loads
and saves them, the unit engine reads them, the UI and the exports show them.
They import nothing outside the standard library.

Instants are timezone-aware ``datetime`` values in UTC; the IANA zone they were
recorded in travels beside them (``Session.timezone``, ``Signature.timezone``).
Calendar dates (birth dates, plan and authorization periods) are ``date``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo


def new_id() -> str:
    """A stable text id for a record created in the app (merges across laptops)."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


class SessionStatus(StrEnum):
    RUNNING = "running"
    DRAFT = "draft"
    SIGNED = "signed"
    VOIDED = "voided"  # a draft discarded with a reason: kept, never billed or signed


class UnitKind(StrEnum):
    MINUTES_15 = "15min"
    PER_DIEM = "per_diem"


@dataclass(frozen=True)
class ServiceCode:
    code: str
    description: str  # the catalog's English (resources/service_codes.json)
    unit: UnitKind
    default_per_diem_min_minutes: int | None = None

    @property
    def shown_description(self) -> str:
        """The description in the current language (core catalog domain)."""
        from sessionlog.core.wording import t  # the models stay importable on their own

        return t(self.description)


@dataclass(frozen=True)
class Address:
    line1: str
    city: str
    state: str
    zip: str


@dataclass
class Agency:
    """Who bills: the billing provider of every claim (837P loop 2010AA)."""

    name: str
    npi: str
    tax_id: str
    taxonomy: str
    address: Address
    # The billing office's telephone, 10 digits: the 837P submitter contact (PER).
    phone: str = ""


@dataclass
class Payer:
    id: str
    name: str
    # Names of rules in core.units (ROUNDING_RULES, AGGREGATIONS): data, not an enum,
    # so a payer's new variant is one registry entry.
    rounding: str = "midpoint"
    aggregate: str = "day"
    per_diem_min_minutes: dict[str, int] = field(default_factory=dict)
    daily_max_units: dict[str, int] = field(default_factory=dict)
    credential_modifiers: bool = True
    telehealth_modifier: str | None = "95"
    # Business days after the date of service by which a note must be signed.
    documentation_deadline_days: int = 2
    # The payer's electronic id as the clearinghouse knows it (837P loop 2010BB).
    payer_id: str = ""
    # Price per unit, by code (claim charge = units x rate).
    rates: dict[str, Decimal] = field(default_factory=dict)
    # Most attendees a group session of the code may have and still be billed.
    max_group_size: dict[str, int] = field(default_factory=dict)
    # Modifier for audio-only telehealth (in place of telehealth_modifier).
    audio_only_modifier: str = "93"


@dataclass
class Staff:
    id: str
    name: str
    credential: str = ""
    modifier: str | None = None
    npi: str = ""
    # The staff member who supervises this one (supervising provider on a claim).
    supervisor_id: str | None = None
    attestation: str = (
        "I attest that I personally provided the service documented above, on the "
        "date and at the times recorded, and that this note is accurate and complete."
    )


@dataclass
class Client:
    id: str
    name: str
    birth_date: date
    medicaid_id: str
    payer_id: str
    diagnoses: list[str] = field(default_factory=list)
    timezone: str = "America/New_York"
    archived: bool = False
    address: Address | None = None


@dataclass
class Objective:
    id: str
    text: str
    retired: bool = False


@dataclass
class Goal:
    id: str
    text: str
    objectives: list[Objective] = field(default_factory=list)


@dataclass
class TreatmentPlan:
    id: str
    client_id: str
    start: date
    end: date
    goals: list[Goal] = field(default_factory=list)

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def objective_ids(self) -> set[str]:
        return {o.id for g in self.goals for o in g.objectives}


@dataclass
class Authorization:
    id: str
    client_id: str
    code: str
    units: int
    start: date
    end: date
    number: str

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass
class Segment:
    """One timed stretch of a session; a pause is the gap between two segments."""

    start: datetime
    end: datetime | None = None

    def seconds(self, now: datetime | None = None) -> float:
        end = self.end if self.end is not None else now
        if end is None:
            return 0.0
        return max(0.0, (end - self.start).total_seconds())


@dataclass
class Signature:
    staff_id: str
    signed_at: datetime
    timezone: str = "UTC"
    signer_name: str = ""
    credential: str = ""
    attestation: str = ""
    late: bool = False


@dataclass(frozen=True)
class Cosignature:
    """A supervisor's review of a signed note; immutable once made."""

    staff_id: str
    signed_at: datetime
    timezone: str = "UTC"
    signer_name: str = ""
    credential: str = ""
    statement: str = ""


@dataclass
class Addendum:
    id: str
    session_id: str
    staff_id: str
    written_at: datetime
    timezone: str
    reason: str
    text: str
    signer_name: str = ""
    credential: str = ""


@dataclass
class Session:
    id: str
    client_id: str
    staff_id: str
    code: str
    segments: list[Segment] = field(default_factory=list)
    place_of_service: str = ""
    telehealth: bool = False
    # Telehealth by telephone only (no video): billed with the payer's audio-only modifier.
    audio_only: bool = False
    group_size: int = 1
    group_id: str | None = None
    objective_ids: list[str] = field(default_factory=list)
    intervention: str = ""
    response: str = ""
    plan: str = ""
    note: str = ""
    signature: Signature | None = None
    # Empty until known: the store fills it from the client on save, so a session made
    # without a zone is dated in the client's zone, not silently in UTC.
    timezone: str = ""
    manual_reason: str | None = None
    addenda: list[Addendum] = field(default_factory=list)
    cosignature: Cosignature | None = None
    # Set when the draft was discarded (voided) with this reason.
    void_reason: str | None = None

    @property
    def status(self) -> SessionStatus:
        if self.void_reason is not None:
            return SessionStatus.VOIDED
        if self.signature is not None:
            return SessionStatus.SIGNED
        if any(seg.end is None for seg in self.segments):
            return SessionStatus.RUNNING
        return SessionStatus.DRAFT

    @property
    def signed(self) -> bool:
        return self.signature is not None

    @property
    def is_group(self) -> bool:
        return self.group_size >= 2

    def first_start(self) -> datetime | None:
        return min((s.start for s in self.segments), default=None)

    def service_date(self, client_zone: str = "") -> date | None:
        """Date of service: the local date, in the session's (the client's) zone, at
        which the first segment starts; a session past midnight keeps its start date.

        A session whose zone is not set yet uses ``client_zone``; UTC is only the last
        resort, for a session with neither (its date may then be a day off)."""
        first = self.first_start()
        if first is None:
            return None
        return first.astimezone(ZoneInfo(self.timezone or client_zone or "UTC")).date()

    def last_end(self) -> datetime | None:
        ends = [s.end for s in self.segments if s.end is not None]
        return max(ends, default=None)

    def elapsed(self, now: datetime | None = None) -> timedelta:
        return timedelta(seconds=sum(s.seconds(now) for s in self.segments))

    def minutes(self, now: datetime | None = None) -> int:
        """Whole minutes: segment seconds are summed first, then floored."""
        return int(sum(s.seconds(now) for s in self.segments) // 60)


@dataclass
class GroupVisit:
    """The shared record of one group visit; each attendee has their own Session."""

    id: str
    staff_id: str
    code: str
    place_of_service: str = ""
    telehealth: bool = False
    intervention: str = ""
    note: str = ""


@dataclass
class Dataset:
    """A bundle of records, as read from an interchange file or loaded from the store."""

    payers: list[Payer] = field(default_factory=list)
    staff: list[Staff] = field(default_factory=list)
    clients: list[Client] = field(default_factory=list)
    plans: list[TreatmentPlan] = field(default_factory=list)
    authorizations: list[Authorization] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    agency: Agency | None = None
