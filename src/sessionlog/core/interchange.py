"""The ``sessionlog/1`` JSON interchange format: parse, check and write.

Parsing turns a decoded JSON document into a :class:`Dataset` and a list of
problems, one line each, naming the record and the field. Nothing here touches
the database: references to records already stored are checked against a
:class:`KnownRecords` snapshot the caller provides.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sessionlog.core import limits
from sessionlog.core.catalog import TELEHEALTH_MODIFIERS, service_codes
from sessionlog.core.clock import format_instant, is_valid_timezone, local_date, parse_instant
from sessionlog.core.completeness import is_late_entry
from sessionlog.core.identifiers import (
    address_problems,
    npi_problem,
    phone_problem,
    tax_id_problem,
    taxonomy_problem,
)
from sessionlog.core.models import (
    Addendum,
    Address,
    Agency,
    Authorization,
    Client,
    Cosignature,
    Dataset,
    Goal,
    Objective,
    Payer,
    Segment,
    Session,
    Signature,
    Staff,
    TreatmentPlan,
)
from sessionlog.core.units import AGGREGATIONS, ROUNDING_RULES
from sessionlog.core.wording import t

FORMAT = "sessionlog/1"
# The moment the document is read at (see parse_document).
_ABSENT = object()  # a field the record does not have
_READ_AT: ContextVar[datetime | None] = ContextVar("read_at", default=None)
TOP_LEVEL_KEYS = ("payers", "staff", "clients", "plans", "authorizations", "sessions")
AGENCY_KEY = "agency"


class InterchangeError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class KnownRecords:
    """What the database already holds, as far as references need it."""

    payer_ids: set[str] = field(default_factory=set)
    staff_ids: set[str] = field(default_factory=set)
    # staff id -> the staff id of their supervisor (None when unsupervised)
    supervisors: dict[str, str | None] = field(default_factory=dict)
    client_zones: dict[str, str] = field(default_factory=dict)
    objectives_by_client: dict[str, set[str]] = field(default_factory=dict)
    # The agency's days off: late entries are worked out with them, as on signing.
    days_off: frozenset[date] = frozenset()
    # For late entries, computed on import from the payer's deadline.
    payers: dict[str, Payer] = field(default_factory=dict)
    client_payers: dict[str, str] = field(default_factory=dict)


class _Reader:
    """Reads one record's fields, collecting problems instead of raising."""

    def __init__(self, kind: str, raw: Any, index: int, problems: list[str]) -> None:
        self.kind = kind
        self.problems = problems
        self.raw = raw if isinstance(raw, dict) else {}
        rid = self.raw.get("id")
        self.id = rid if isinstance(rid, str) and rid.strip() else f"#{index + 1}"
        self.ok = True
        # When the file is read: signatures may not be later, dates of service not more
        # than a year later.
        self.now = _READ_AT.get() or datetime.now(UTC)
        # A record that is not an object is named once, not once per field it lacks.
        self.is_object = isinstance(raw, dict)
        if not self.is_object:
            self.problem("", t("must be an object"))

    @property
    def today(self) -> date:
        return self.now.date()

    def problem(self, field_name: str, message: str) -> None:
        self.ok = False
        where = f"{self.kind} {self.id}"
        self.problems.append(
            f"{where}: {field_name}: {message}" if field_name else f"{where}: {message}"
        )

    def get(
        self,
        name: str,
        kind: type | tuple[type, ...],
        *,
        required: bool = True,
        nullable: bool = False,
        default: Any = None,
    ) -> Any:
        value = self.raw.get(name, _ABSENT)
        if type(value) is kind:  # the usual case (bool is not int here), without a call
            return value
        if value is _ABSENT:
            if required and self.is_object:
                # A required text the rules want filled in gets the rules' own words.
                self.problem(name, limits.blank_field(self.kind, name))
            return default
        if value is None and nullable:
            return None
        # bool is an int in Python; a count given as true/false is a typo, not a number.
        if isinstance(value, bool) and kind in (int, (int,)):
            self.problem(
                name, t("must be {kind}, got {got}", kind=_type_name(kind), got=json_type(value))
            )
            return default
        if not isinstance(value, kind):
            self.problem(
                name, t("must be {kind}, got {got}", kind=_type_name(kind), got=json_type(value))
            )
            return default
        return value

    def text(self, name: str, *, required: bool = True, default: str = "") -> str:
        value = self.raw.get(name)
        # The usual case, checked inline (an import reads tens of thousands of texts):
        # a plain ASCII string of a sound length, not an empty id. Anything else takes
        # the full path below, with its messages.
        if (
            type(value) is str
            and value.isascii()
            and len(value) <= limits.MAX_TEXT_CHARS
            and "\x00" not in value
            and (name != "id" or value.strip())
        ):
            return value
        value = self.get(name, str, required=required, default=default)
        if name == "id" and isinstance(self.raw.get(name), str) and not value.strip():
            self.problem(name, t("must not be empty"))
        if isinstance(value, str):
            self.check_text(name, value)
        return value if isinstance(value, str) else default

    def check_text(self, name: str, value: str) -> None:
        if value.isascii() and len(value) <= limits.MAX_TEXT_CHARS and "\x00" not in value:
            return  # what text_problem finds nothing in, told without a call
        problem = limits.text_problem(value)
        if problem:
            self.problem(name, problem)

    def day(self, name: str) -> date | None:
        value = self.raw.get(name)
        if type(value) is str:  # the usual case, checked inline; else the path below
            try:
                day = date.fromisoformat(value)
            except ValueError:
                pass
            else:
                if limits.EARLIEST_YEAR <= day.year <= limits.LATEST_YEAR:
                    return day
        value = self.get(name, str)
        if not isinstance(value, str):
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.problem(name, limits.not_a_date(value))
            return None
        problem = limits.date_problem(day)
        if problem:
            self.problem(name, problem)
            return None
        return day

    def instant(self, name: str, value: Any) -> datetime | None:
        if not isinstance(value, str):
            self.problem(
                name, t("must be an ISO 8601 instant with offset, got {got}", got=json_type(value))
            )
            return None
        try:
            instant = parse_instant(value)
        except (ValueError, OverflowError):
            self.problem(
                name,
                t(
                    "invalid instant {value!r} (expected e.g. 2026-03-02T09:00:00-05:00)",
                    value=value,
                ),
            )
            return None
        problem = limits.date_problem(instant)
        if problem:
            self.problem(name, problem)
            return None
        return instant


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return t("a boolean")
    if isinstance(value, int | float):
        return t("a number")
    if isinstance(value, str):
        return t("a string")
    if isinstance(value, list):
        return t("a list")
    if isinstance(value, dict):
        return t("an object")
    return type(value).__name__


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: t("a string"),
        int: t("an integer"),
        bool: t("a boolean (true/false)"),
        list: t("a list"),
        dict: t("an object"),
    }
    if isinstance(kind, tuple):
        words = [names.get(k, k.__name__) for k in kind]
        joined = words[0]
        for word in words[1:]:
            joined = t("{first} or {second}", first=joined, second=word)
        return joined
    return names.get(kind, kind.__name__)


def _per_code(
    reader: _Reader, name: str, read: Callable[[Any], tuple[Any, str | None]]
) -> dict[str, Any]:
    """A code -> value object; ``read`` gives (value, None) or (None, problem)."""
    value = reader.get(name, dict, required=False, default={})
    result: dict[str, Any] = {}
    if not isinstance(value, dict):
        return result
    codes = service_codes()
    for code, raw in value.items():
        if code not in codes:
            reader.problem(f"{name}.{code}", t("unknown service code"))
            continue
        parsed, problem = read(raw)
        if problem is not None:
            reader.problem(f"{name}.{code}", problem)
        else:
            result[code] = parsed
    return result


def _whole_number(raw: Any) -> tuple[int | None, str | None]:
    """A count; its range is the payer rules' (``core.caseload.payer_problems``), which
    say the same thing about it whether it was typed in Setup or read from a file."""
    if isinstance(raw, bool) or not isinstance(raw, int):
        return None, t("must be a whole number, got {got}", got=json_type(raw))
    return raw, None


def _price(raw: Any) -> tuple[Decimal | None, str | None]:
    """A price per unit as a decimal string ("12.34"): money is never a JSON float."""
    if not isinstance(raw, str) or not re.fullmatch(r"[0-9]{1,7}(\.[0-9]{1,2})?", raw):
        return None, t('must be a decimal string such as "12.34", got {value!r}', value=raw)
    return Decimal(raw), None


def _code_map(reader: _Reader, name: str) -> dict[str, int]:
    return _per_code(reader, name, _whole_number)


def _parse_payer(raw: Any, index: int, problems: list[str]) -> Payer | None:
    r = _Reader("payer", raw, index, problems)
    rid = r.text("id")
    name = r.text("name")
    # The engine's registries are the only list of rules: a rule added there is
    # importable without touching this parser.
    rounding = r.text("rounding")
    if rounding and rounding not in ROUNDING_RULES:
        r.problem("rounding", limits.one_of(ROUNDING_RULES, rounding))
    aggregate = r.text("aggregate")
    if aggregate and aggregate not in AGGREGATIONS:
        r.problem("aggregate", limits.one_of(AGGREGATIONS, aggregate))
    per_diem = _code_map(r, "per_diem_min_minutes")
    daily_max = _code_map(r, "daily_max_units")
    credential_modifiers = r.get("credential_modifiers", bool, required=False, default=True)
    telehealth = r.get("telehealth_modifier", str, required=False, nullable=True, default=None)
    if isinstance(telehealth, str) and telehealth not in TELEHEALTH_MODIFIERS:
        r.problem("telehealth_modifier", limits.one_of_or_none(TELEHEALTH_MODIFIERS))
    deadline = r.get("documentation_deadline_days", int, required=False, default=2)
    if isinstance(deadline, int) and not 0 <= deadline <= limits.MAX_DEADLINE_BUSINESS_DAYS:
        r.problem(
            "documentation_deadline_days",
            t(
                "must be between 0 and {largest} business days",
                largest=limits.MAX_DEADLINE_BUSINESS_DAYS,
            ),
        )
    payer_id = r.text("payer_id", required=False)
    rates = _per_code(r, "rates", _price)
    max_group = _code_map(r, "max_group_size")
    for code, size in max_group.items():
        if size < 1:
            r.problem(f"max_group_size.{code}", limits.at_least_one())
    audio = r.get("audio_only_modifier", str, required=False, default="93")
    if isinstance(audio, str) and not re.fullmatch(r"[0-9A-Z]{2}", audio):
        r.problem("audio_only_modifier", limits.two_character_modifier())
    if not r.ok:
        return None
    return Payer(
        rid,
        name,
        rounding,
        aggregate,
        per_diem,
        daily_max,
        credential_modifiers,
        telehealth,
        deadline,
        payer_id=payer_id,
        rates=rates,
        max_group_size=max_group,
        audio_only_modifier=audio,
    )


def _address(reader: _Reader, name: str, *, required: bool) -> Address | None:
    raw = reader.get(name, dict, required=required, nullable=not required, default=None)
    if not isinstance(raw, dict):
        return None
    parts: dict[str, str] = {}
    for key in ("line1", "city", "state", "zip"):
        value = raw.get(key)
        if not isinstance(value, str):
            reader.problem(f"{name}.{key}", t("missing or not a string"))
        else:
            parts[key] = value.strip()
    unknown = sorted(set(raw) - {"line1", "city", "state", "zip"})
    for key in unknown:
        reader.problem(f"{name}.{key}", t("unknown key"))
    if len(parts) < 4:
        return None
    address = Address(**parts)
    problems = address_problems(address)
    for key, message in problems:
        reader.problem(f"{name}.{key}", message)
    return None if problems else address


def _parse_agency(raw: Any, problems: list[str]) -> Agency | None:
    r = _Reader("agency", raw, 0, problems)
    named = r.raw.get("name")
    # The agency has no id: problems name it by its name.
    r.id = named.strip() if isinstance(named, str) and named.strip() else "(no name)"
    name = r.text("name")
    npi = r.text("npi")
    if isinstance(r.raw.get("npi"), str) and (problem := npi_problem(npi)):
        r.problem("npi", problem)
    tax_id = r.text("tax_id")
    if isinstance(r.raw.get("tax_id"), str) and (problem := tax_id_problem(tax_id)):
        r.problem("tax_id", problem)
    taxonomy = r.text("taxonomy")
    if isinstance(r.raw.get("taxonomy"), str) and (problem := taxonomy_problem(taxonomy)):
        r.problem("taxonomy", problem)
    address = _address(r, "address", required=True)
    phone = r.text("phone", required=False)
    if phone and (problem := phone_problem(phone)):
        r.problem("phone", problem)
    if not r.ok or address is None:
        return None
    return Agency(name.strip(), npi, tax_id, taxonomy, address, phone)


def _parse_staff(raw: Any, index: int, problems: list[str]) -> Staff | None:
    r = _Reader("staff", raw, index, problems)
    rid = r.text("id")
    name = r.text("name")
    credential = r.text("credential", required=False)
    modifier = r.get("modifier", str, required=False, nullable=True, default=None)
    attestation = r.get("attestation", str, required=False, default=None)
    npi = r.get("npi", str, required=False, nullable=True, default=None) or ""
    if npi and (problem := npi_problem(npi)):
        r.problem("npi", problem)
    supervisor = r.get("supervisor", str, required=False, nullable=True, default=None)
    if supervisor is not None and supervisor == rid:
        r.problem("supervisor", t("a staff member cannot supervise themselves"))
    if not r.ok:
        return None
    staff = Staff(rid, name, credential, modifier or None, npi, supervisor or None)
    if attestation:
        staff.attestation = attestation
    return staff


def _parse_client(raw: Any, index: int, problems: list[str]) -> Client | None:
    r = _Reader("client", raw, index, problems)
    rid = r.text("id")
    name = r.text("name")
    birth = r.day("birth_date")
    medicaid = r.text("medicaid_id")
    payer = r.text("payer")
    diagnoses = r.get("diagnoses", list, required=False, default=[])
    if isinstance(diagnoses, list):
        for i, code in enumerate(diagnoses):
            if not isinstance(code, str):
                r.problem(f"diagnoses[{i}]", t("must be a string"))
            elif not is_icd10_code(code):
                r.problem(
                    f"diagnoses[{i}]",
                    t("{code!r} is not an ICD-10-CM code (e.g. F20.9)", code=code),
                )
    zone = r.text("timezone")
    if zone and not is_valid_timezone(zone):
        r.problem("timezone", limits.unknown_time_zone(zone))
    archived = r.get("archived", bool, required=False, default=False)
    address = _address(r, "address", required=False)
    if birth is not None:
        problem = limits.birth_date_problem(birth, r.today)
        if problem:
            r.problem("birth_date", problem)
    if not r.ok or birth is None:
        return None
    return Client(rid, name, birth, medicaid, payer, list(diagnoses), zone, archived, address)


def is_icd10_code(code: str) -> bool:
    """Shape of an ICD-10-CM code: letter, two characters, optional dot and up to 4 more."""
    return (
        re.fullmatch(r"[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?", code.strip().upper()) is not None
    )


def _check_text_at(r: _Reader, value: str, where: str, *at: int) -> None:
    """:meth:`_Reader.check_text` of a text at a place whose name (``where`` filled
    with ``at``) is only made when the text is not plain (a plan has dozens of texts)."""
    if not (value.isascii() and len(value) <= limits.MAX_TEXT_CHARS and "\x00" not in value):
        r.check_text(where.format(*at), value)


def _parse_plan(raw: Any, index: int, problems: list[str]) -> TreatmentPlan | None:
    r = _Reader("plan", raw, index, problems)
    rid = r.text("id")
    client = r.text("client")
    start = r.day("start")
    end = r.day("end")
    if start and end and end < start:
        r.problem("end", limits.end_before_start(start, end))
    goals_raw = r.get("goals", list, required=False, default=[])
    goals: list[Goal] = []
    for gi, graw in enumerate(goals_raw if isinstance(goals_raw, list) else []):
        if not isinstance(graw, dict):
            r.problem(f"goals[{gi}]", t("must be an object"))
            continue
        gid, gtext = graw.get("id"), graw.get("text")
        if not isinstance(gid, str) or not gid:
            r.problem(f"goals[{gi}].id", t("missing or not a string"))
        if not isinstance(gtext, str):
            r.problem(f"goals[{gi}].text", t("missing or not a string"))
        else:
            _check_text_at(r, gtext, "goals[{}].text", gi)
        objectives: list[Objective] = []
        objs_raw = graw.get("objectives", [])
        if not isinstance(objs_raw, list):
            r.problem(f"goals[{gi}].objectives", t("must be a list"))
            objs_raw = []
        for oi, oraw in enumerate(objs_raw):
            oid = oraw.get("id") if isinstance(oraw, dict) else None
            otext = oraw.get("text") if isinstance(oraw, dict) else None
            if not isinstance(oid, str) or not oid:
                r.problem(f"goals[{gi}].objectives[{oi}].id", t("missing or not a string"))
                continue
            if not isinstance(otext, str):
                r.problem(f"goals[{gi}].objectives[{oi}].text", t("missing or not a string"))
                continue
            _check_text_at(r, otext, "goals[{}].objectives[{}].text", gi, oi)
            retired = oraw.get("retired", False)
            objectives.append(Objective(oid, otext, bool(retired)))
        if isinstance(gid, str) and isinstance(gtext, str):
            goals.append(Goal(gid, gtext, objectives))
    if not r.ok or start is None or end is None:
        return None
    return TreatmentPlan(rid, client, start, end, goals)


def _parse_authorization(raw: Any, index: int, problems: list[str]) -> Authorization | None:
    r = _Reader("authorization", raw, index, problems)
    rid = r.text("id")
    client = r.text("client")
    code = r.text("code")
    if code and code not in service_codes():
        r.problem("code", t("unknown service code {code!r}", code=code))
    units = r.get("units", int)
    if isinstance(units, int) and units < 0:
        # Zero is a shape the file may hold; the rules refuse it with these same words.
        r.problem("units", limits.at_least_one())
    start = r.day("start")
    end = r.day("end")
    if start and end and end < start:
        r.problem("end", limits.end_before_start(start, end))
    number = r.text("number")
    if not r.ok or start is None or end is None:
        return None
    return Authorization(rid, client, code, units, start, end, number)


def _parse_session(raw: Any, index: int, problems: list[str]) -> Session | None:
    r = _Reader("session", raw, index, problems)
    rid = r.text("id")
    client = r.text("client")
    staff = r.text("staff")
    code = r.text("code")
    if code and code not in service_codes():
        r.problem("code", t("unknown service code {code!r}", code=code))
    segments: list[Segment] = []
    segs_raw = r.get("segments", list)
    if isinstance(segs_raw, list):
        if not segs_raw:
            r.problem("segments", t("needs at least one segment"))
        for i, sraw in enumerate(segs_raw):
            if not isinstance(sraw, dict):
                r.problem(f"segments[{i}]", t("must be an object with start and end"))
                continue
            start = r.instant(f"segments[{i}].start", sraw.get("start"))
            end_raw = sraw.get("end")
            end = None if end_raw is None else r.instant(f"segments[{i}].end", end_raw)
            if start and end and end < start:
                r.problem(f"segments[{i}].end", t("ends before it starts"))
            elif start and end:
                problem = limits.segment_problem(start, end)
                if problem:
                    r.problem(f"segments[{i}].end", problem)
            if start:
                segments.append(Segment(start, end))
        ordered = sorted(segments, key=lambda s: s.start)
        # A running segment before another one (which also covers two running ones) is
        # named as such; the overlap check then only compares closed segments.
        if any(s.end is None for s in ordered[:-1]):
            r.problem("segments", t("only one segment, the last, may be running (end null)"))
        else:
            for earlier, later in itertools.pairwise(ordered):
                assert earlier.end is not None  # only the last may be open, checked above
                if later.start < earlier.end:
                    r.problem(
                        "segments", t("segments overlap at {time}", time=later.start.isoformat())
                    )
                    break
        segments = ordered
    pos = r.text("place_of_service")
    if pos and not (len(pos) == 2 and pos.isdigit()):
        r.problem("place_of_service", t("must be a two-digit CMS code, got {value!r}", value=pos))
    telehealth = r.get("telehealth", bool, required=False, default=False)
    audio_only = r.get("audio_only", bool, required=False, default=False)
    if audio_only is True and telehealth is not True:
        r.problem("audio_only", t("only a telehealth session can be audio-only"))
    group_size = r.get("group_size", int, required=False, default=1)
    if isinstance(group_size, int) and group_size < 1:
        r.problem("group_size", t("must be 1 (individual) or more"))
    group = r.get("group", str, required=False, nullable=True, default=None)
    objectives = r.get("objectives", list, required=False, default=[])
    if isinstance(objectives, list) and not all(isinstance(o, str) for o in objectives):
        r.problem("objectives", t("must be a list of objective ids"))
        objectives = []
    intervention = r.text("intervention", required=False)
    response = r.text("response", required=False)
    plan = r.text("plan", required=False)
    note = r.text("note", required=False)
    manual_reason = r.get("manual_reason", str, required=False, nullable=True, default=None)
    zone = r.get("timezone", str, required=False, nullable=True, default=None)
    if isinstance(zone, str) and not is_valid_timezone(zone):
        r.problem("timezone", limits.unknown_time_zone(zone))
        zone = None
    if segments:
        first = segments[0].start
        day = local_date(first, zone) if zone else first.date()
        problem = limits.service_date_problem(day, r.today)
        if problem:
            r.problem("segments[0].start", problem)
    signed_raw = r.get("signed", dict, required=False, nullable=True, default=None)
    signature = None
    if isinstance(signed_raw, dict):
        by = signed_raw.get("by")
        if not isinstance(by, str) or not by:
            r.problem("signed.by", t("missing or not a staff id"))
        at = r.instant("signed.at", signed_raw.get("at"))
        if any(s.end is None for s in segments):
            r.problem("signed", t("a running session cannot be signed"))
        elif at is not None:
            last_end = max((s.end for s in segments if s.end is not None), default=None)
            problem = limits.signature_time_problem(at, last_end, r.now)
            if problem:
                r.problem("signed.at", problem)
        if isinstance(by, str) and at is not None:
            signature = Signature(
                staff_id=by,
                signed_at=at,
                timezone=zone or "UTC",
                signer_name=str(signed_raw.get("name", "")),
                credential=str(signed_raw.get("credential", "")),
                attestation=str(signed_raw.get("attestation", "")),
                late=bool(signed_raw.get("late", False)),
            )
    addenda: list[Addendum] = []
    addenda_raw = r.get("addenda", list, required=False, default=[])
    for i, araw in enumerate(addenda_raw if isinstance(addenda_raw, list) else []):
        if not isinstance(araw, dict):
            r.problem(f"addenda[{i}]", t("must be an object"))
            continue
        at = r.instant(f"addenda[{i}].at", araw.get("at"))
        if at is not None and at > r.now + limits.SIGNATURE_CLOCK_SLACK:
            r.problem(f"addenda[{i}].at", t("{time} is in the future", time=at.isoformat()))
        fields: dict[str, str] = {}
        for k in ("id", "by", "reason", "text"):
            value = araw.get(k)
            if isinstance(value, str) and value:
                fields[k] = value
                r.check_text(f"addenda[{i}].{k}", value)
            else:
                r.problem(f"addenda[{i}].{k}", t("missing or not a string"))
        if at is not None and len(fields) == 4:
            addenda.append(
                Addendum(
                    id=fields["id"],
                    session_id=rid,
                    staff_id=fields["by"],
                    written_at=at,
                    timezone=zone or "",
                    reason=fields["reason"],
                    text=fields["text"],
                    signer_name=str(araw.get("name", "")),
                    credential=str(araw.get("credential", "")),
                )
            )
    if addenda and signature is None:
        r.problem("addenda", t("only a signed note has addenda"))
    cosignature = _cosignature(r, signature, zone)
    if not r.ok:
        return None
    return Session(
        addenda=addenda,
        id=rid,
        client_id=client,
        staff_id=staff,
        code=code,
        segments=segments,
        place_of_service=pos,
        telehealth=telehealth,
        group_size=group_size,
        group_id=group,
        objective_ids=list(dict.fromkeys(objectives)),
        intervention=intervention,
        response=response,
        plan=plan,
        note=note,
        signature=signature,
        timezone=zone or "",
        manual_reason=manual_reason,
        audio_only=bool(audio_only),
        cosignature=cosignature,
    )


def _cosignature(r: _Reader, signature: Signature | None, zone: str | None) -> Cosignature | None:
    raw = r.get("cosigned", dict, required=False, nullable=True, default=None)
    if not isinstance(raw, dict):
        return None
    by = raw.get("by")
    if not isinstance(by, str) or not by:
        r.problem("cosigned.by", t("missing or not a staff id"))
    at = r.instant("cosigned.at", raw.get("at"))
    if signature is None:
        r.problem("cosigned", t("only a signed note can be co-signed"))
        return None
    if at is not None and at < signature.signed_at:
        r.problem("cosigned.at", t("is before the note was signed"))
        return None
    if not isinstance(by, str) or not by or at is None:
        return None
    return Cosignature(
        staff_id=by,
        signed_at=at,
        timezone=zone or "UTC",
        signer_name=str(raw.get("name", "")),
        credential=str(raw.get("credential", "")),
        statement=str(raw.get("statement", "")),
    )


_PARSERS: dict[str, Callable[[Any, int, list[str]], Any]] = {
    "payers": _parse_payer,
    "staff": _parse_staff,
    "clients": _parse_client,
    "plans": _parse_plan,
    "authorizations": _parse_authorization,
    "sessions": _parse_session,
}


def parse_document(raw: Any, now: datetime | None = None) -> tuple[Dataset, list[str]]:
    """Decoded JSON -> records and problems (empty when the file is sound on its own).

    ``now`` (default: the clock) bounds signatures and dates of service."""
    dataset = Dataset()
    if not isinstance(raw, dict):
        return dataset, [not_an_object()]
    parser = DocumentParser(now)
    for key, value in raw.items():
        if key in TOP_LEVEL_KEYS and isinstance(value, list):
            parser.list_started(key)
            records = getattr(dataset, key)
            for index, item in enumerate(value):
                record = parser.record(key, index, item)
                if record is not None:
                    records.append(record)
        else:
            parser.value(key, value)
    problems = parser.problems()
    if parser.refused_whole:
        return Dataset(), problems
    dataset.agency = parser.agency
    return dataset, problems


def not_an_object() -> str:
    return t('file: must be a JSON object with "format": "{format}"', format=FORMAT)


class DocumentParser:
    """:func:`parse_document` one top-level value or list item at a time, so a file of
    ten years of notes can be read record by record (the importer streams it).

    Give it the document's top-level values in file order (:meth:`value`, or for a list
    of records :meth:`list_started` then :meth:`record` per item), then ask
    :meth:`problems`: the same problems, in the same order, as parsing the whole
    decoded document at once."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime.now(UTC)
        self.agency: Agency | None = None
        self.format: Any = None
        self._keys: list[str] = []
        self._too_deep: str | None = None
        # Characters no text may hold and integers SQLite cannot store, per top-level key
        # and per item (reported alone, in the order a walk of the whole document finds).
        self._root_values: list[str] = []
        self._bad_values: dict[str, list[list[str]]] = {}
        self._unknown: list[str] = []
        self._agency_problems: list[str] = []
        self._record_problems: dict[str, list[str]] = {key: [] for key in TOP_LEVEL_KEYS}
        self._seen: dict[str, set[str]] = {key: set() for key in TOP_LEVEL_KEYS}

    @property
    def refused_whole(self) -> bool:
        """The file is refused as a whole (format, nesting, forbidden characters): its
        records are not worth reporting one by one."""
        return bool(self._too_deep or self._any_bad_values() or self.format != FORMAT)

    def _any_bad_values(self) -> bool:
        return bool(self._root_values) or any(
            any(item) for items in self._bad_values.values() for item in items
        )

    def _key(self, key: str) -> None:
        self._keys.append(key)
        problem = limits.text_problem(str(key), limit=10**9)
        if problem:
            self._root_values.append(t("file: : a key {problem}", problem=problem))

    def _screen(
        self,
        key: str,
        value: Any,
        path: str,
        depth: int,
        source: str | None = None,
        text_screened: bool = False,
    ) -> bool:
        """Nesting and forbidden values of one piece; True when it may be parsed. With
        the piece's JSON text (``source``), a plainly sound one is passed unwalked
        (``text_screened``: a text holding ``source`` passed limits.plain_text)."""
        if source is not None and limits.plainly_sound(
            source, depth + 1, text_screened=text_screened
        ):
            return True
        too_deep, found = limits.screen_value(value, path, depth + 1)
        if too_deep:
            self._too_deep = self._too_deep or too_deep
            return False
        bad = [
            t("file: {where}: {problem}", where=where, problem=problem) for where, problem in found
        ]
        if bad:  # kept per item: the report lists the items last to first
            self._bad_values.setdefault(key, []).append(bad)
        return not bad

    def value(self, key: str, value: Any) -> None:
        """One top-level value that is not a list of records."""
        self._key(key)
        if not self._screen(key, value, key, 1):
            return
        if key == "format":
            self.format = value
        elif key not in (*TOP_LEVEL_KEYS, AGENCY_KEY, "exported_at", "comment"):
            self._unknown.append(t("file: {key}: unknown top-level key", key=key))
        elif key == AGENCY_KEY and value is not None:
            token = _READ_AT.set(self.now)
            try:
                self._agency_problems = []
                self.agency = _parse_agency(value, self._agency_problems)
            finally:
                _READ_AT.reset(token)
        elif key in TOP_LEVEL_KEYS:
            self._record_problems[key].append(t("file: {key}: must be a list", key=key))

    def list_started(self, key: str) -> None:
        """A top-level list of records begins (its items follow through :meth:`record`)."""
        self._key(key)

    def record(
        self,
        key: str,
        index: int,
        raw: Any,
        source: str | None = None,
        text_screened: bool = False,
    ) -> Any:
        """Parse item ``index`` of the list ``key`` (decoded from the JSON text ``source``,
        when given, held in a text that passed limits.plain_text when ``text_screened``);
        the record, or None when it has a problem (or repeats an id)."""
        if not self._screen(key, raw, f"{key}[{index}]", 2, source, text_screened):
            return None
        problems = self._record_problems[key]
        token = _READ_AT.set(self.now)
        try:
            record = _PARSERS[key](raw, index, problems)
        finally:
            _READ_AT.reset(token)
        if record is None:
            return None
        seen = self._seen[key]
        if record.id in seen:
            kind = key.rstrip("s") if key != "staff" else "staff"
            problems.append(
                t("{kind} {id}: id: duplicate id in this file", kind=kind, id=record.id)
            )
            return None
        seen.add(record.id)
        return record

    def problems(self) -> list[str]:
        """Every problem found so far, as parse_document words and orders them."""
        if self._too_deep:
            return [
                t("file: {problem}; not a {format} file", problem=self._too_deep, format=FORMAT)
            ]
        if self._any_bad_values():
            # A walk of the whole document visits the last key and the last item first.
            found = list(self._root_values)
            for key in reversed(list(dict.fromkeys(self._keys))):
                for item in reversed(self._bad_values.get(key, [])):
                    found.extend(item)
            return found
        if self.format != FORMAT:
            return [
                t(
                    'file: format: unknown format {found!r} (expected "{format}")',
                    found=self.format,
                    format=FORMAT,
                )
            ]
        found = [*self._unknown, *self._agency_problems]
        for key in TOP_LEVEL_KEYS:
            found.extend(self._record_problems[key])
        return found


def check_references(dataset: Dataset, known: KnownRecords) -> list[str]:
    """References must point at a record in the same file or already stored."""
    references = References(known, dataset)
    problems = list(references.caseload_problems)
    for session in dataset.sessions:
        problems.extend(references.session_problems(session))
    return problems


class References:
    """What records a file's references may point at: those stored and those of the file's
    caseload. Sessions are checked one at a time (an import streams them)."""

    def __init__(self, known: KnownRecords, dataset: Dataset) -> None:
        self.known = known
        self.staff_ids = known.staff_ids | {s.id for s in dataset.staff}
        self.client_zones = dict(known.client_zones) | {c.id: c.timezone for c in dataset.clients}
        self.payers = dict(known.payers) | {p.id: p for p in dataset.payers}
        self.client_payers = dict(known.client_payers) | {c.id: c.payer_id for c in dataset.clients}
        self.supervisors = dict(known.supervisors) | {s.id: s.supervisor_id for s in dataset.staff}
        self.caseload_problems: list[str] = []
        problems = self.caseload_problems
        payer_ids = known.payer_ids | {p.id for p in dataset.payers}
        for member in dataset.staff:
            if member.supervisor_id is not None and member.supervisor_id not in self.staff_ids:
                problems.append(
                    t(
                        "staff {id}: supervisor: unknown staff {staff!r}",
                        id=member.id,
                        staff=member.supervisor_id,
                    )
                )
        for client in dataset.clients:
            if client.payer_id not in payer_ids:
                problems.append(
                    t(
                        "client {id}: payer: unknown payer {payer!r}",
                        id=client.id,
                        payer=client.payer_id,
                    )
                )
        self.objectives = {cid: set(ids) for cid, ids in known.objectives_by_client.items()}
        for plan in dataset.plans:
            if plan.client_id not in self.client_zones:
                problems.append(
                    t(
                        "plan {id}: client: unknown client {client!r}",
                        id=plan.id,
                        client=plan.client_id,
                    )
                )
            self.objectives.setdefault(plan.client_id, set()).update(plan.objective_ids())
        for auth in dataset.authorizations:
            if auth.client_id not in self.client_zones:
                problems.append(
                    t(
                        "authorization {id}: client: unknown client {client!r}",
                        id=auth.id,
                        client=auth.client_id,
                    )
                )

    def session_problems(self, session: Session) -> list[str]:
        """The session's references, checked; its derived facts (time zones left to the
        client's, the late entry) are filled in on the way."""
        problems: list[str] = []
        staff_ids, supervisors = self.staff_ids, self.supervisors
        where = f"session {session.id}"
        if session.client_id not in self.client_zones:
            problems.append(
                t(
                    "{where}: client: unknown client {client!r}",
                    where=where,
                    client=session.client_id,
                )
            )
        elif not session.timezone:
            session.timezone = self.client_zones[session.client_id]
        if session.signature is not None and session.signature.timezone == "UTC":
            session.signature.timezone = session.timezone or "UTC"
        if session.signature is not None:
            # A late entry is a derived fact: the file's "late" is never trusted.
            payer = self.payers.get(self.client_payers.get(session.client_id, ""))
            session.signature.late = is_late_entry(
                session, session.signature.signed_at, payer, self.known.days_off
            )
        for addendum in session.addenda:
            addendum.timezone = addendum.timezone or session.timezone or "UTC"
            if addendum.staff_id not in staff_ids:
                problems.append(
                    t(
                        "{where}: addenda: unknown staff {staff!r}",
                        where=where,
                        staff=addendum.staff_id,
                    )
                )
        if session.staff_id not in staff_ids:
            problems.append(
                t("{where}: staff: unknown staff {staff!r}", where=where, staff=session.staff_id)
            )
        if session.signature is not None and session.signature.staff_id not in staff_ids:
            problems.append(
                t(
                    "{where}: signed.by: unknown staff {staff!r}",
                    where=where,
                    staff=session.signature.staff_id,
                )
            )
        cosigner = session.cosignature
        if cosigner is not None and session.signature is not None:
            if cosigner.staff_id not in staff_ids:
                problems.append(
                    t(
                        "{where}: cosigned.by: unknown staff {staff!r}",
                        where=where,
                        staff=cosigner.staff_id,
                    )
                )
            elif supervisors.get(session.signature.staff_id) != cosigner.staff_id:
                problems.append(
                    t(
                        "{where}: cosigned.by: {cosigner!r} is not the supervisor of the signer "
                        "{signer!r}",
                        where=where,
                        cosigner=cosigner.staff_id,
                        signer=session.signature.staff_id,
                    )
                )
        allowed = self.objectives.get(session.client_id, set())
        for objective in session.objective_ids:
            if objective not in allowed:
                problems.append(
                    t(
                        "{where}: objectives: {objective!r} is not an objective in the client's "
                        "plan",
                        where=where,
                        objective=objective,
                    )
                )
        return problems


# ---- writing -------------------------------------------------------------


def payer_to_dict(p: Payer) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "rounding": p.rounding,
        "aggregate": p.aggregate,
        "per_diem_min_minutes": dict(sorted(p.per_diem_min_minutes.items())),
        "daily_max_units": dict(sorted(p.daily_max_units.items())),
        "credential_modifiers": p.credential_modifiers,
        "telehealth_modifier": p.telehealth_modifier,
        "documentation_deadline_days": p.documentation_deadline_days,
        "payer_id": p.payer_id,
        "rates": {code: str(price) for code, price in sorted(p.rates.items())},
        "max_group_size": dict(sorted(p.max_group_size.items())),
        "audio_only_modifier": p.audio_only_modifier,
    }


def staff_to_dict(s: Staff) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "credential": s.credential,
        "modifier": s.modifier,
        "attestation": s.attestation,
        "npi": s.npi or None,
        "supervisor": s.supervisor_id,
    }


def address_to_dict(a: Address | None) -> dict[str, str] | None:
    if a is None:
        return None
    return {"line1": a.line1, "city": a.city, "state": a.state, "zip": a.zip}


def agency_to_dict(a: Agency) -> dict[str, Any]:
    return {
        "name": a.name,
        "npi": a.npi,
        "tax_id": a.tax_id,
        "taxonomy": a.taxonomy,
        "address": address_to_dict(a.address),
        "phone": a.phone,
    }


def client_to_dict(c: Client) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "birth_date": c.birth_date.isoformat(),
        "medicaid_id": c.medicaid_id,
        "payer": c.payer_id,
        "diagnoses": list(c.diagnoses),
        "timezone": c.timezone,
        "archived": c.archived,
        "address": address_to_dict(c.address),
    }


def plan_to_dict(p: TreatmentPlan) -> dict[str, Any]:
    return {
        "id": p.id,
        "client": p.client_id,
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "goals": [
            {
                "id": g.id,
                "text": g.text,
                "objectives": [
                    {"id": o.id, "text": o.text, "retired": o.retired} for o in g.objectives
                ],
            }
            for g in p.goals
        ],
    }


def authorization_to_dict(a: Authorization) -> dict[str, Any]:
    return {
        "id": a.id,
        "client": a.client_id,
        "code": a.code,
        "units": a.units,
        "start": a.start.isoformat(),
        "end": a.end.isoformat(),
        "number": a.number,
    }


def session_to_dict(s: Session) -> dict[str, Any]:
    zone = s.timezone or "UTC"
    signed = None
    if s.signature is not None:
        signed = {
            "by": s.signature.staff_id,
            "at": format_instant(s.signature.signed_at, zone),
            "name": s.signature.signer_name,
            "credential": s.signature.credential,
            "attestation": s.signature.attestation,
            "late": s.signature.late,
        }
    return {
        "id": s.id,
        "client": s.client_id,
        "staff": s.staff_id,
        "code": s.code,
        "segments": [
            {
                "start": format_instant(seg.start, zone),
                "end": None if seg.end is None else format_instant(seg.end, zone),
            }
            for seg in s.segments
        ],
        "place_of_service": s.place_of_service,
        "telehealth": s.telehealth,
        "audio_only": s.audio_only,
        "group_size": s.group_size,
        "group": s.group_id,
        "objectives": list(s.objective_ids),
        "intervention": s.intervention,
        "response": s.response,
        "plan": s.plan,
        "note": s.note,
        "manual_reason": s.manual_reason,
        "timezone": zone,
        "signed": signed,
        "addenda": [
            {
                "id": a.id,
                "by": a.staff_id,
                "at": format_instant(a.written_at, zone),
                "reason": a.reason,
                "text": a.text,
                "name": a.signer_name,
                "credential": a.credential,
            }
            for a in s.addenda
        ],
        "cosigned": None
        if s.cosignature is None
        else {
            "by": s.cosignature.staff_id,
            "at": format_instant(s.cosignature.signed_at, zone),
            "name": s.cosignature.signer_name,
            "credential": s.cosignature.credential,
            "statement": s.cosignature.statement,
        },
    }


def to_document(dataset: Dataset, exported_at: str | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": FORMAT}
    if exported_at:
        doc["exported_at"] = exported_at
    if dataset.agency is not None:
        doc[AGENCY_KEY] = agency_to_dict(dataset.agency)
    doc["payers"] = [payer_to_dict(p) for p in dataset.payers]
    doc["staff"] = [staff_to_dict(s) for s in dataset.staff]
    doc["clients"] = [client_to_dict(c) for c in dataset.clients]
    doc["plans"] = [plan_to_dict(p) for p in dataset.plans]
    doc["authorizations"] = [authorization_to_dict(a) for a in dataset.authorizations]
    doc["sessions"] = [session_to_dict(s) for s in dataset.sessions]
    return doc


def ids(records: Iterable[Any]) -> list[str]:
    return [r.id for r in records]
