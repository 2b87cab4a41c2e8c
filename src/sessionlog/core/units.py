"""The billing-unit engine: sessions in, claim service lines out.

One implementation serves the ``units`` report, the PDF packet and the live preview
while a note is written, so every number a user sees comes from the same rules.

Rules, in the order they are applied (domain brief, "Turning minutes into units"):

1. A session's minutes are its segments' seconds summed, then floored
   (:meth:`Session.minutes`); segments are UTC instants, so a session across a DST
   change counts the real elapsed minutes.
2. The date of service is the local date, in the session's (the client's) zone, at
   which the first segment starts; a session past midnight keeps its start date.
3. A line groups a client's sessions by date, code, modifier set and place of service.
4. Units before caps: per-15-minute codes use the payer's rounding rule and
   aggregation (registries :data:`ROUNDING_RULES` and :data:`AGGREGATIONS`); per-diem
   codes give 1 unit when the line's minutes reach the payer's (else the catalog's)
   minimum.
5. Only signed minutes are billable. Then, per client, code and date, across lines in
   chronological order: one per-diem unit a day, the payer's daily maximum, and last
   the authorization draw-down (earliest-starting covering authorization first,
   spilling into the next). Unsigned units never draw on an authorization.
6. One per-diem code a day per client: when lines of two different per-diem codes
   (e.g. H2020 and H2024) would both bill on one date, only one code bills: a code
   that bills as it stands before one that would bill only once a draft is signed,
   then the lower code. The other lines bill 0 and are flagged.

A line with unsigned notes is worked out twice: as it stands, and as if its own
notes were signed, every other note as it is (``billable_if_signed``), so a draft
shows what signing it will bill and which problems it will meet.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from sessionlog.core.catalog import service_codes
from sessionlog.core.models import (
    Authorization,
    Client,
    Payer,
    Session,
    SessionStatus,
    Staff,
    UnitKind,
)

UNIT_MINUTES = 15
MAX_MODIFIERS = 4  # an 837P service line carries at most four modifiers
GROUP_MODIFIER = "HQ"

# ---- flags -----------------------------------------------------------------

FLAG_UNSIGNED = "unsigned"
FLAG_RUNNING = "running"
FLAG_BELOW_PER_DIEM = "below-per-diem-minimum"
FLAG_PER_DIEM_TAKEN = "per-diem-once-a-day"
FLAG_PER_DIEM_CONFLICT = "per-diem-conflict"
FLAG_DAILY_MAX = "daily-max"
FLAG_NO_AUTHORIZATION = "no-authorization"
FLAG_AUTHORIZATION_EXCEEDED = "authorization-exceeded"
FLAG_OVERLAP = "overlap"

FLAG_DESCRIPTIONS: dict[str, str] = {
    FLAG_UNSIGNED: (
        "At least one note on this line is not signed. Its units are shown but not "
        "billable, and they use none of the authorization, until it is signed."
    ),
    FLAG_RUNNING: (
        "The session timer is still running; the minutes are counted up to now and "
        "will grow until the timer is stopped."
    ),
    FLAG_BELOW_PER_DIEM: (
        "A per-diem code pays one unit only when the day's minutes reach the payer's "
        "minimum; this day's minutes fall short, so no unit is billable."
    ),
    FLAG_PER_DIEM_TAKEN: (
        "A per-diem code pays at most one unit a day; another line of this client, "
        "code and date already bills it."
    ),
    FLAG_PER_DIEM_CONFLICT: (
        "A client is paid only one per-diem code a day; another per-diem code already "
        "bills this date (a signed line before a draft, then the lower code), so this "
        "line's unit is not billable."
    ),
    FLAG_DAILY_MAX: (
        "The payer allows only so many units of this code per client per day; units "
        "above that daily maximum are not billable."
    ),
    FLAG_NO_AUTHORIZATION: (
        "No authorization for this code covers the date of service; the units are not "
        "billable until one is on file."
    ),
    FLAG_AUTHORIZATION_EXCEEDED: (
        "The authorization has fewer units left than this line needs; units beyond "
        "what is left are not billable (a claim for them is denied, CARC 197)."
    ),
    FLAG_OVERLAP: (
        "The same staff member recorded another individual session at an overlapping "
        "time; auditors check clock times, so correct one of them before billing."
    ),
}

# Report order of flags: what blocks billing first, then the caps, then warnings.
FLAG_ORDER: tuple[str, ...] = (
    FLAG_UNSIGNED,
    FLAG_RUNNING,
    FLAG_NO_AUTHORIZATION,
    FLAG_AUTHORIZATION_EXCEEDED,
    FLAG_BELOW_PER_DIEM,
    FLAG_PER_DIEM_TAKEN,
    FLAG_PER_DIEM_CONFLICT,
    FLAG_DAILY_MAX,
    FLAG_OVERLAP,
)


# ---- rule registries -------------------------------------------------------


@dataclass(frozen=True)
class RoundingRule:
    """Minutes -> whole 15-minute units, and how a sentence names the rule."""

    name: str
    label: str
    units: Callable[[int], int]
    description: str = ""  # what a payer-settings screen says, in plain words


def _midpoint(minutes: int) -> int:
    # CMS 8-minute rule. Integer arithmetic on purpose: round() would bill 2 units at
    # 22 minutes (banker's rounding of 1.93 is fine, but round((m + 7) / 15) is not).
    return (max(minutes, 0) + 7) // UNIT_MINUTES


def _down(minutes: int) -> int:
    return max(minutes, 0) // UNIT_MINUTES


def _threshold80(minutes: int) -> int:
    # 80% of a unit (12 of 15 minutes) counts as a unit: 12-26 = 1, 27-41 = 2.
    return (max(minutes, 0) + 3) // UNIT_MINUTES


ROUNDING_RULES: dict[str, RoundingRule] = {
    rule.name: rule
    for rule in (
        RoundingRule(
            "midpoint",
            "midpoint rounding",
            _midpoint,
            "Round partial units: a unit from 8 minutes (CMS 8-minute rule)",
        ),
        RoundingRule(
            "down",
            "whole-unit rounding",
            _down,
            "Only whole 15-minute units (partial units are not paid)",
        ),
        RoundingRule(
            "threshold80",
            "80% threshold rounding",
            _threshold80,
            "A unit from 12 minutes (80% of a unit, as MaineCare pays)",
        ),
    )
}

# Line minutes (one entry per session) and a rounding function -> units.
Aggregation = Callable[[Sequence[int], Callable[[int], int]], int]


def _aggregate_day(minutes: Sequence[int], rounding: Callable[[int], int]) -> int:
    return rounding(sum(minutes))


def _aggregate_session(minutes: Sequence[int], rounding: Callable[[int], int]) -> int:
    return sum(rounding(m) for m in minutes)


AGGREGATIONS: dict[str, Aggregation] = {
    "day": _aggregate_day,
    "session": _aggregate_session,
}
AGGREGATION_DESCRIPTIONS: dict[str, str] = {
    "day": "Add up the day's minutes, then round once",
    "session": "Round each session on its own, then add the units",
}


def rounding_rule(payer: Payer) -> RoundingRule:
    try:
        return ROUNDING_RULES[payer.rounding]
    except KeyError:
        known = ", ".join(sorted(ROUNDING_RULES))
        raise ValueError(
            f"payer {payer.id}: unknown rounding {payer.rounding!r} (known: {known})"
        ) from None


def aggregation(payer: Payer) -> Aggregation:
    try:
        return AGGREGATIONS[payer.aggregate]
    except KeyError:
        known = ", ".join(sorted(AGGREGATIONS))
        raise ValueError(
            f"payer {payer.id}: unknown aggregate {payer.aggregate!r} (known: {known})"
        ) from None


def is_per_diem(code: str) -> bool:
    known = service_codes().get(code)
    return known is not None and known.unit == UnitKind.PER_DIEM


def per_diem_minimum(payer: Payer, code: str) -> int:
    """Minutes a day must reach for a per-diem unit: the payer's, else the catalog's."""
    if code in payer.per_diem_min_minutes:
        return payer.per_diem_min_minutes[code]
    default = service_codes()[code].default_per_diem_min_minutes
    if default is None:
        raise ValueError(f"per-diem code {code} has no minimum in the payer or the catalog")
    return default


def units_for_minutes(minutes: int, payer: Payer, code: str) -> int:
    """Units one stretch of ``minutes`` earns under the payer's rule, before any cap
    (for live examples such as "38 minutes -> 3 units")."""
    if is_per_diem(code):
        return 1 if minutes >= per_diem_minimum(payer, code) else 0
    return rounding_rule(payer).units(minutes)


# ---- public results --------------------------------------------------------


@dataclass(frozen=True)
class BillingLine:
    """One claim service line (837P loop 2400) with everything that produced it.

    ``units`` is before caps (all minutes, signed or not); ``billable_units`` is what
    may be claimed now; ``billable_if_signed`` is what the line would bill once its
    own unsigned notes were signed, all other notes as they are (equal to
    ``billable_units`` for a fully signed line). ``authorization_draws`` lists
    (authorization id, units drawn) for the billable units."""

    client_id: str
    date: date
    code: str
    modifiers: tuple[str, ...]
    place_of_service: str
    minutes: int
    units: int
    billable_units: int
    session_ids: tuple[str, ...]
    flags: tuple[str, ...]
    explanation: str
    rule: str
    authorization_id: str | None
    authorization_number: str | None
    staff_ids: tuple[str, ...]
    billable_if_signed: int = 0
    authorization_draws: tuple[tuple[str, int], ...] = ()


@dataclass
class AuthorizationUsage:
    authorization: Authorization
    used: int  # billable units drawn from it by signed sessions
    remaining: int


def authorization_usage(
    lines: Iterable[BillingLine], authorizations: Iterable[Authorization]
) -> list[AuthorizationUsage]:
    """Units drawn from each authorization by the given lines.

    The lines must cover the authorization's whole period so far: lines limited to a
    report period would undercount (``services.billing`` loads enough history)."""
    used: dict[str, int] = {}
    for line in lines:
        for auth_id, units in line.authorization_draws:
            used[auth_id] = used.get(auth_id, 0) + units
    return [
        AuthorizationUsage(a, used.get(a.id, 0), max(a.units - used.get(a.id, 0), 0))
        for a in sorted(authorizations, key=lambda a: (a.client_id, a.code, a.start, a.id))
    ]


# ---- the engine ----------------------------------------------------------------


LineKey = tuple[str, date, str, tuple[str, ...], str]


@dataclass
class _Draft:
    """A line before caps: its sessions and their minutes."""

    key: LineKey
    payer: Payer
    first_start: datetime
    sessions: list[Session] = field(default_factory=list)
    minutes: list[int] = field(default_factory=list)
    signed: list[bool] = field(default_factory=list)
    running: bool = False

    @property
    def client_id(self) -> str:
        return self.key[0]

    @property
    def date(self) -> date:
        return self.key[1]

    @property
    def code(self) -> str:
        return self.key[2]

    @property
    def unsigned(self) -> int:
        return self.signed.count(False)

    @cached_property
    def units_all(self) -> int:
        return self._units(self.minutes)

    @cached_property
    def units_signed(self) -> int:
        return self._units([m for m, s in zip(self.minutes, self.signed, strict=True) if s])

    def _units(self, minutes: Sequence[int]) -> int:
        if is_per_diem(self.code):
            return 1 if minutes and sum(minutes) >= per_diem_minimum(self.payer, self.code) else 0
        return aggregation(self.payer)(minutes, rounding_rule(self.payer).units)


@dataclass
class _Outcome:
    """One pass of caps over a line."""

    wanted: int
    billable: int = 0
    flags: set[str] = field(default_factory=set)
    clauses: list[str] = field(default_factory=list)
    draws: list[tuple[Authorization, int]] = field(default_factory=list)
    covering: list[Authorization] = field(default_factory=list)


def compute_lines(
    sessions: Iterable[Session],
    *,
    clients: Mapping[str, Client],
    staff: Mapping[str, Staff],
    payers: Mapping[str, Payer],
    authorizations: Iterable[Authorization],
    now: datetime | None = None,
) -> list[BillingLine]:
    """Billing lines for ``sessions``, in chronological order.

    Running sessions are left out unless ``now`` is given; then they count their
    minutes up to ``now`` and are flagged ``running`` (and ``unsigned``). Sessions
    with no segment have no date of service and are left out. Authorization draw-down
    only sees the sessions given: pass every session since the authorization began.
    Raises ValueError for a session whose client, staff or payer is not given."""
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    included = [
        s for s in sessions if s.segments and (now is not None or s.status != SessionStatus.RUNNING)
    ]
    drafts = _drafts(included, clients, staff, payers, now)
    overlapping = overlapping_session_ids(included, now)
    auths = sorted(authorizations, key=lambda a: (a.start, a.end, a.id))
    # Caps and authorizations never cross a client and code, so each such pair keeps its
    # own ledger, and lines are settled in chronological order against it.
    ledgers: dict[tuple[str, str], tuple[list[Authorization], _Ledger]] = {}
    for d in drafts:
        pair = (d.client_id, d.code)
        if pair not in ledgers:
            mine = [a for a in auths if (a.client_id, a.code) == pair]
            ledgers[pair] = (mine, _Ledger({a.id: a.units for a in mine}))
    as_is: list[_Outcome] = []
    if_signed: list[_Outcome] = []
    # The one-per-diem-code-a-day rule is the only one across codes: which per-diem
    # codes bill on a date must be known before any of that date's lines is settled.
    for _, same_day in itertools.groupby(drafts, key=lambda d: d.date):
        day = list(same_day)
        billing = _per_diem_codes_billing(day, ledgers)
        for d in day:
            mine, ledger = ledgers[(d.client_id, d.code)]
            covering = [a for a in mine if a.covers(d.date)]
            rival = _per_diem_rival(d, billing.get(d.client_id, set()))
            # A draft's what-if runs on a copy: signing it must not change the real ledger.
            what_if = (
                _settle_against(d, covering, ledger.copy(), d.units_all, rival)
                if d.unsigned
                else None
            )
            actual = _settle_against(d, covering, ledger, d.units_signed, rival)
            as_is.append(actual)
            if_signed.append(what_if if what_if is not None else actual)
    return [_finish(d, a, b, overlapping) for d, a, b in zip(drafts, as_is, if_signed, strict=True)]


def modifiers_for(session: Session, staff: Staff | None, payer: Payer) -> tuple[str, ...]:
    """Credential tier, then HQ for a group, then the payer's telehealth modifier."""
    mods: list[str] = []
    if payer.credential_modifiers and staff is not None and staff.modifier:
        mods.append(staff.modifier)
    if session.is_group:
        mods.append(GROUP_MODIFIER)
    if session.telehealth and payer.telehealth_modifier:
        mods.append(payer.telehealth_modifier)
    return tuple(dict.fromkeys(mods))[:MAX_MODIFIERS]


def service_date(session: Session, client: Client) -> date:
    # A session whose zone is not set yet is dated in its client's zone (never UTC).
    day = session.service_date(client.timezone)
    if day is None:
        raise ValueError(f"session {session.id} has no segment")
    return day


def _drafts(
    sessions: Sequence[Session],
    clients: Mapping[str, Client],
    staff: Mapping[str, Staff],
    payers: Mapping[str, Payer],
    now: datetime | None,
) -> list[_Draft]:
    drafts: dict[LineKey, _Draft] = {}
    for s in sorted(sessions, key=lambda s: (s.first_start(), s.id)):
        client = clients.get(s.client_id)
        if client is None:
            raise ValueError(f"session {s.id}: client {s.client_id!r} not given")
        payer = payers.get(client.payer_id)
        if payer is None:
            raise ValueError(f"client {client.id}: payer {client.payer_id!r} not given")
        member = staff.get(s.staff_id)
        if member is None:
            raise ValueError(f"session {s.id}: staff {s.staff_id!r} not given")
        key: LineKey = (
            s.client_id,
            service_date(s, client),
            s.code,
            modifiers_for(s, member, payer),
            s.place_of_service,
        )
        first = s.first_start()
        assert first is not None  # sessions without segments were left out
        draft = drafts.setdefault(key, _Draft(key, payer, first))
        draft.sessions.append(s)
        draft.minutes.append(s.minutes(now))
        draft.signed.append(s.signed)
        draft.running = draft.running or s.status == SessionStatus.RUNNING
    return sorted(drafts.values(), key=lambda d: (d.date, d.first_start, d.key))


@dataclass
class _Ledger:
    """What one client's code has used so far: per-diem days, daily units, authorizations."""

    auth_left: dict[str, int]
    per_diem_billed: set[date] = field(default_factory=set)
    daily_left: dict[date, int] = field(default_factory=dict)

    def copy(self) -> _Ledger:
        return _Ledger(dict(self.auth_left), set(self.per_diem_billed), dict(self.daily_left))


def _per_diem_codes_billing(
    day: Sequence[_Draft], ledgers: Mapping[tuple[str, str], tuple[list[Authorization], _Ledger]]
) -> dict[str, set[str]]:
    """Per client, the per-diem codes with a line that bills as it stands on this date.

    Settled on copies of the ledgers, in the same order as the real pass, so the real
    ledgers are untouched and the answer is exactly what each code would bill."""
    trials: dict[tuple[str, str], _Ledger] = {}
    billing: dict[str, set[str]] = {}
    for d in day:
        if not is_per_diem(d.code):
            continue
        pair = (d.client_id, d.code)
        mine, ledger = ledgers[pair]
        trial = trials.setdefault(pair, ledger.copy())
        covering = [a for a in mine if a.covers(d.date)]
        if _settle(d, covering, trial, d.units_signed).billable:
            billing.setdefault(d.client_id, set()).add(d.code)
    return billing


def _per_diem_rival(d: _Draft, billing: set[str]) -> str | None:
    """The other per-diem code that bills this line's date instead of it, if any.

    A code that bills as it stands outranks one that would bill only once a draft is
    signed (signing a draft must never take a unit from a signed line), then the lower
    code wins. One answer serves both passes: a line whose code does not bill as it
    stands bills nothing now, so only its what-if can meet the rival."""
    if not is_per_diem(d.code):
        return None
    others = sorted(billing - {d.code})
    if not others:
        return None
    if d.code in billing and d.code < others[0]:
        return None
    return others[0]


def _settle_against(
    d: _Draft,
    covering: list[Authorization],
    ledger: _Ledger,
    wanted: int,
    rival: str | None,
) -> _Outcome:
    """:func:`_settle`, giving way to a rival per-diem code only when this line would
    otherwise bill: a line that bills nothing anyway is not in conflict."""
    if rival is not None and _settle(d, covering, ledger.copy(), wanted).billable:
        return _settle(d, covering, ledger, wanted, rival)
    return _settle(d, covering, ledger, wanted)


def _settle(
    d: _Draft,
    covering: list[Authorization],
    ledger: _Ledger,
    wanted: int,
    rival: str | None = None,
) -> _Outcome:
    """Apply the caps to one line, in chronological turn, updating the ledger.

    ``rival`` is another per-diem code that bills this date instead of this line."""
    units = d.units_all
    out = _Outcome(wanted=wanted, covering=covering)
    amount = wanted
    if is_per_diem(d.code):
        if units == 0:
            out.flags.add(FLAG_BELOW_PER_DIEM)
        elif amount and d.date in ledger.per_diem_billed:
            out.flags.add(FLAG_PER_DIEM_TAKEN)
            out.clauses.append("per diem already billed for this day")
            amount = 0
        elif amount and rival is not None:
            # Checked before the daily maximum and the authorization, so the unit that
            # is not billed draws on neither.
            out.flags.add(FLAG_PER_DIEM_CONFLICT)
            out.clauses.append(
                f"per-diem code {rival} bills this day and only one per-diem code is paid a day"
            )
            amount = 0
        elif amount:
            ledger.per_diem_billed.add(d.date)
    limit = d.payer.daily_max_units.get(d.code)
    if limit is not None:
        left = ledger.daily_left.setdefault(d.date, limit)
        if amount > left:
            out.flags.add(FLAG_DAILY_MAX)
            out.clauses.append(f"daily maximum {limit} units leaves {left}")
            amount = left
        ledger.daily_left[d.date] = left - amount
    if not covering:
        if units:
            out.flags.add(FLAG_NO_AUTHORIZATION)
            out.clauses.append(f"no authorization for {d.code} covers {d.date.isoformat()}")
        amount = 0
    elif amount:
        amount = _draw(out, amount, ledger.auth_left)
    out.billable = amount
    return out


def _draw(out: _Outcome, wanted: int, auth_left: dict[str, int]) -> int:
    had = [(a, auth_left[a.id]) for a in out.covering]
    need = wanted
    for auth, left in had:
        take = min(left, need)
        if take:
            out.draws.append((auth, take))
            auth_left[auth.id] = left - take
            need -= take
        if not need:
            break
    with_units = [(a, left) for a, left in had if left] or had[:1]
    shown = " and ".join(f"{a.number} has {left} left" for a, left in with_units)
    out.clauses.append(f"authorization {shown}")
    if need:
        out.flags.add(FLAG_AUTHORIZATION_EXCEEDED)
    return wanted - need


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _rule(d: _Draft) -> str:
    if is_per_diem(d.code):
        return f"per-diem/{per_diem_minimum(d.payer, d.code)}min"
    return f"{d.payer.rounding}/{d.payer.aggregate}"


def _base_sentence(d: _Draft, units: int) -> str:
    total = sum(d.minutes)
    so_far = " so far" if d.running else ""
    when = f"{total} minutes{so_far} on {d.date.isoformat()}"
    if is_per_diem(d.code):
        minimum = per_diem_minimum(d.payer, d.code)
        relation = "reaches" if units else "is below"
        return f"{when} {relation} the per-diem minimum of {minimum}: {_plural(units, 'unit')}"
    label = rounding_rule(d.payer).label
    if d.payer.aggregate == "session" and len(d.minutes) > 1:
        parts = " + ".join(str(m) for m in d.minutes)
        return f"{when} ({parts}), {label} per session: {_plural(units, 'unit')}"
    return f"{when}, {label}: {_plural(units, 'unit')}"


def _caps_sentence(out: _Outcome) -> str:
    tail = f"{out.billable} billable"
    return f"{', '.join(out.clauses)}: {tail}" if out.clauses else tail


def _finish(d: _Draft, as_is: _Outcome, if_signed: _Outcome, overlapping: set[str]) -> BillingLine:
    units = d.units_all
    unsigned = d.unsigned
    flags = set(as_is.flags)
    parts = [_base_sentence(d, units)]
    if unsigned:
        # A draft's flags say what it will meet once signed, so the coach can act now.
        flags |= if_signed.flags | {FLAG_UNSIGNED}
        if d.running:
            flags.add(FLAG_RUNNING)
        if unsigned == len(d.signed):
            which = "not signed"
        else:
            which = f"{unsigned} of {len(d.signed)} sessions not signed"
        parts.append(f"{which}: {as_is.billable} billable now")
        parts.append(f"once signed, {_caps_sentence(if_signed)}")
    else:
        parts.append(_caps_sentence(as_is))
    if any(s.id in overlapping for s in d.sessions):
        flags.add(FLAG_OVERLAP)
        parts.append("overlaps another individual session of the same staff member")
    # The claim carries one prior-authorization number: the one drawn from first, else
    # the one a draft will draw from, else the first that covers the date.
    candidates = [a for a, _ in as_is.draws] + [a for a, _ in if_signed.draws] + as_is.covering
    shown = candidates[0] if candidates else None
    return BillingLine(
        client_id=d.client_id,
        date=d.date,
        code=d.code,
        modifiers=d.key[3],
        place_of_service=d.key[4],
        minutes=sum(d.minutes),
        units=units,
        billable_units=as_is.billable,
        session_ids=tuple(s.id for s in d.sessions),
        flags=tuple(f for f in FLAG_ORDER if f in flags),
        explanation="; ".join(parts),
        rule=_rule(d),
        authorization_id=shown.id if shown else None,
        authorization_number=shown.number if shown else None,
        staff_ids=tuple(dict.fromkeys(s.staff_id for s in d.sessions)),
        billable_if_signed=if_signed.billable,
        authorization_draws=tuple((a.id, n) for a, n in as_is.draws),
    )


def overlapping_session_ids(sessions: Iterable[Session], now: datetime | None = None) -> set[str]:
    """Ids of individual sessions whose segments overlap another individual session of
    the same staff member (any client). Touching end-to-start is not an overlap."""
    by_staff: dict[str, list[tuple[datetime, datetime, str]]] = {}
    for s in sessions:
        if s.group_size != 1:
            continue
        for seg in s.segments:
            end = seg.end if seg.end is not None else now
            if end is not None and end > seg.start:
                by_staff.setdefault(s.staff_id, []).append((seg.start, end, s.id))
    found: set[str] = set()
    for intervals in by_staff.values():
        intervals.sort()
        active: list[tuple[datetime, datetime, str]] = []
        for start, end, sid in intervals:
            active = [iv for iv in active if iv[1] > start]
            for _, _, other in active:
                if other != sid:
                    found.update((sid, other))
            active.append((start, end, sid))
    return found
