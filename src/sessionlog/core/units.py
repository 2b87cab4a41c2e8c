"""The billing-unit engine: sessions in, claim service lines out.

One implementation serves the ``units`` report, the claim CSV and 837P, the PDF packet
and the live preview while a note is written, so every number a user sees comes from
the same rules.

Rules, in the order they are applied (domain brief, "Turning minutes into units"):

1. A session's minutes are its segments' seconds summed, then floored
   (:meth:`Session.minutes`); segments are UTC instants, so a session across a DST
   change counts the real elapsed minutes.
2. The date of service is the local date, in the session's (the client's) zone, at
   which the first segment starts; a session past midnight keeps its start date.
3. A claim line groups a client's sessions by date, code, modifier set, place of
   service and rendering staff member (an 837P line has one rendering provider).
4. The day is the unit of aggregation: under ``aggregate: "day"`` a client's minutes of
   one code on one date are added across lines, rounded once, and the day's units are
   allocated to the lines in proportion to their minutes (largest remainder, ties to
   the earlier line), so the lines always add up to the day. Under ``"session"`` each
   session is rounded on its own. A per-diem code gives the day 1 unit when the day's
   minutes reach the payer's (else the catalog's) minimum, on the line with the most
   minutes.
5. Held lines bill 0 and draw nothing: a line with an unsigned or running session,
   and a line whose documentation cannot support a claim (no plan objective, no plan
   in force, group above the payer's maximum, telehealth and place of service that
   disagree). Each hold has a flag and a sentence.
6. Then, per client, code and date, across lines in chronological order: one per-diem
   code a day (a code that bills as it stands before one that would bill only once a
   draft is signed, then the lower code), the payer's daily maximum, and last the
   authorization draw-down (earliest-starting covering authorization first, spilling
   into the next). A line that draws on two authorizations becomes two claim lines,
   each with its own prior-authorization number.

A line with unsigned notes is worked out twice: as it stands, and as if its own
notes were signed, every other note as it is (``billable_if_signed``), so a draft
shows what signing it will bill and which problems it will meet.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sessionlog.core.catalog import service_codes
from sessionlog.core.limits import is_long_segment
from sessionlog.core.line_facts import FLAG_GROUP_SIZE as FLAG_GROUP_SIZE
from sessionlog.core.line_facts import FLAG_NO_OBJECTIVE as FLAG_NO_OBJECTIVE
from sessionlog.core.line_facts import FLAG_OUTSIDE_PLAN as FLAG_OUTSIDE_PLAN
from sessionlog.core.line_facts import FLAG_RUNNING as FLAG_RUNNING
from sessionlog.core.line_facts import FLAG_TELEHEALTH_POS as FLAG_TELEHEALTH_POS
from sessionlog.core.line_facts import FLAG_UNSIGNED as FLAG_UNSIGNED
from sessionlog.core.line_facts import HOLD_FLAGS as HOLD_FLAGS
from sessionlog.core.line_facts import MAX_MODIFIERS as MAX_MODIFIERS
from sessionlog.core.line_facts import RULES_VERSION as RULES_VERSION
from sessionlog.core.line_facts import is_held
from sessionlog.core.models import (
    Authorization,
    Client,
    Payer,
    Session,
    SessionStatus,
    Staff,
    TreatmentPlan,
    UnitKind,
)
from sessionlog.core.wording import mark, t

UNIT_MINUTES = 15
GROUP_MODIFIER = "HQ"
TELEHEALTH_PLACES = ("02", "10")  # POS telehealth not at home / at home

# ---- flags -----------------------------------------------------------------

FLAG_BELOW_PER_DIEM = "below-per-diem-minimum"
FLAG_PER_DIEM_CONFLICT = "per-diem-conflict"
FLAG_DAILY_MAX = "daily-max"
FLAG_NO_AUTHORIZATION = "no-authorization"
FLAG_AUTHORIZATION_EXCEEDED = "authorization-exceeded"
FLAG_OVERLAP = "overlap"
FLAG_LONG_SESSION = "long-session"

# What each flag means, in English (``mark``): :func:`flag_description` words it in the
# current language.
FLAG_DESCRIPTIONS: dict[str, str] = {
    FLAG_UNSIGNED: mark(
        "At least one note on this line is not signed. The whole line is held: its "
        "units are shown but not billable, and they use none of the authorization, "
        "until every note on it is signed."
    ),
    FLAG_RUNNING: mark(
        "The session timer is still running; the minutes are counted up to now and "
        "will grow until the timer is stopped. The line is held until then."
    ),
    FLAG_NO_OBJECTIVE: mark(
        "A note on this line addresses no objective of the client's treatment plan, so "
        "it does not show medical necessity; the line is held until the note is linked "
        "to an objective (by an addendum once signed)."
    ),
    FLAG_OUTSIDE_PLAN: mark(
        "No treatment plan was in force for the client on the date of service; the "
        "line is held until a plan covering that date is on file."
    ),
    FLAG_GROUP_SIZE: mark(
        "The group had more attendees than the payer allows for this code; the line "
        "is held because the payer does not pay a group that size."
    ),
    FLAG_TELEHEALTH_POS: mark(
        "Telehealth and the place of service disagree (a telehealth session needs POS "
        "02 or 10, an in-person one must not use them); the line is held until the "
        "place of service is corrected."
    ),
    FLAG_BELOW_PER_DIEM: mark(
        "A per-diem code pays one unit only when the day's minutes reach the payer's "
        "minimum; this day's minutes fall short, so no unit is billable."
    ),
    FLAG_PER_DIEM_CONFLICT: mark(
        "A client is paid only one per-diem code a day; another per-diem code already "
        "bills this date (a signed line before a draft, then the lower code), so this "
        "line's unit is not billable."
    ),
    FLAG_DAILY_MAX: mark(
        "The payer allows only so many units of this code per client per day; units "
        "above that daily maximum are not billable."
    ),
    FLAG_NO_AUTHORIZATION: mark(
        "No authorization for this code covers the date of service; the units are not "
        "billable until one is on file."
    ),
    FLAG_AUTHORIZATION_EXCEEDED: mark(
        "The authorization has fewer units left than this line needs; units beyond "
        "what is left are not billable (a claim for them is denied, CARC 197)."
    ),
    FLAG_OVERLAP: mark(
        "The same staff member recorded another session at an overlapping time (only "
        "sessions of one group visit may overlap); auditors check clock times, so "
        "correct one of them before billing."
    ),
    FLAG_LONG_SESSION: mark(
        "A session on this line has a segment longer than 12 hours (at most 24 are "
        "accepted); check its start and stop times before billing."
    ),
}


def flag_description(flag: str) -> str:
    """What ``flag`` means, in the current language (the flag itself when unknown)."""
    description = FLAG_DESCRIPTIONS.get(flag)
    return t(description) if description else flag


# Report order of flags: what holds the line first, then the caps, then warnings.
FLAG_ORDER: tuple[str, ...] = (
    *HOLD_FLAGS,
    FLAG_NO_AUTHORIZATION,
    FLAG_AUTHORIZATION_EXCEEDED,
    FLAG_BELOW_PER_DIEM,
    FLAG_PER_DIEM_CONFLICT,
    FLAG_DAILY_MAX,
    FLAG_OVERLAP,
    FLAG_LONG_SESSION,
)


# ---- rule registries -------------------------------------------------------


@dataclass(frozen=True)
class RoundingRule:
    """Minutes -> whole 15-minute units, and how a sentence names the rule.

    ``label`` is the rule's one name for people: the unit explanations, the payer
    settings, the packet and the CLI all show it (``name`` is the stored setting). Label
    and description are English (``mark``): ``t(rule.label)`` words them where shown."""

    name: str
    label: str
    units: Callable[[int], int]
    description: str = ""  # what the rule does, in plain words, after its label


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
            mark("CMS 8-minute rule"),
            _midpoint,
            mark("a unit from 8 minutes, then one more every 15 (8-22 = 1, 23-37 = 2)"),
        ),
        RoundingRule(
            "down",
            mark("whole units only"),
            _down,
            mark("only whole 15 minutes count; partial units are not paid"),
        ),
        RoundingRule(
            "threshold80",
            mark("80% threshold rule"),
            _threshold80,
            mark("a unit from 12 minutes (80% of a unit, as MaineCare pays)"),
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
    "day": mark("Add up the day's minutes, then round once"),
    "session": mark("Round each session on its own, then add the units"),
}


def rounding_label(rounding: str) -> str:
    """The one name people read for a payer's rounding setting, in the current language
    (the setting itself when it is not a known rule)."""
    rule = ROUNDING_RULES.get(rounding)
    return t(rule.label) if rule else rounding


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

    ``units`` is the line's share of the day's units before caps (signed or not);
    ``billable_units`` is what may be claimed now; ``billable_if_signed`` is what the
    line would bill once its own unsigned notes were signed, all other notes as they
    are (equal to ``billable_units`` for a fully signed line). ``authorization_draws``
    lists (authorization id, units drawn) for the billable units: at most one entry,
    since a line that draws on two authorizations is split into two lines."""

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

    @property
    def code_with_modifiers(self) -> str:
        """The code as the note form and the Sign dialog name it: ``H2023-HN-95``."""
        return "-".join([self.code, *self.modifiers])

    @property
    def held(self) -> bool:
        """Held lines bill nothing until what holds them is put right."""
        return is_held(self.flags)


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
    return usage_of(authorizations, used)


def usage_of(
    authorizations: Iterable[Authorization], used: dict[str, int]
) -> list[AuthorizationUsage]:
    """Each authorization with the units ``used`` (id -> units) drew from it and those
    left, in the order every screen and report lists them (client, code, start)."""
    return [
        AuthorizationUsage(a, used.get(a.id, 0), max(a.units - used.get(a.id, 0), 0))
        for a in sorted(authorizations, key=lambda a: (a.client_id, a.code, a.start, a.id))
    ]


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` whole units over ``weights`` in proportion, largest remainder
    first, ties to the earlier entry; the parts always add up to ``total``.

    With no weight at all, everything goes to the first entry."""
    if not weights:
        return []
    whole = sum(weights)
    if whole <= 0:
        return [total] + [0] * (len(weights) - 1)
    shares = [total * w // whole for w in weights]
    remainders = [total * w % whole for w in weights]
    left = total - sum(shares)
    for i in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[:left]:
        shares[i] += 1
    return shares


# ---- the engine ----------------------------------------------------------------


LineKey = tuple[str, date, str, tuple[str, ...], str, str]
_Day = date  # the type, for _Draft's attribute of the same name


@dataclass
class _Draft:
    """A line before caps: its sessions, their minutes, and its share of the day."""

    key: LineKey
    payer: Payer
    first_start: datetime
    sessions: list[Session] = field(default_factory=list)
    minutes: list[int] = field(default_factory=list)
    signed: list[bool] = field(default_factory=list)
    running: bool = False
    # Documentation holds: flag -> the clause that explains it.
    holds: dict[str, str] = field(default_factory=dict)
    units_all: int = 0  # this line's share of the day's units
    day_minutes: int = 0
    day_units: int = 0
    day_lines: int = 1
    # Read from the key thousands of times a year's report: plain attributes, not
    # properties (issue 12).
    client_id: str = field(init=False)
    date: _Day = field(init=False)
    code: str = field(init=False)
    per_diem: bool = field(init=False)

    def __post_init__(self) -> None:
        self.client_id, self.date, self.code = self.key[0], self.key[1], self.key[2]
        self.per_diem = is_per_diem(self.code)

    @property
    def unsigned(self) -> int:
        return self.signed.count(False)


@dataclass
class _Outcome:
    """One pass of caps over a line."""

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
    plans: Iterable[TreatmentPlan],
    now: datetime | None = None,
    drawn_before: Mapping[str, int] | None = None,
    overlapping: set[str] | None = None,
) -> list[BillingLine]:
    """Billing lines for ``sessions``, in chronological order.

    Running sessions are left out unless ``now`` is given; then they count their
    minutes up to ``now`` and are flagged ``running`` (and ``unsigned``). Sessions
    with no segment have no date of service and are left out. Authorization draw-down
    only sees the sessions given: pass every session since the authorization began,
    or ``drawn_before``, the units lines dated before the first session given drew from
    each authorization (authorization id -> units; draw-down is the only rule that
    crosses dates). ``overlapping`` is the set of overlapping session ids when the caller
    found them over a wider set (the staff's other sessions around these); by default
    they are found among the sessions given. Pass every plan of the clients. Raises
    ValueError for a session whose client, staff or payer is not given."""
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    included = [
        s for s in sessions if s.segments and (now is not None or s.status != SessionStatus.RUNNING)
    ]
    plans_by_client: dict[str, list[TreatmentPlan]] = {}
    for plan in plans:
        plans_by_client.setdefault(plan.client_id, []).append(plan)
    drafts = _drafts(included, clients, staff, payers, plans_by_client, now)
    _share_out_days(drafts)
    if overlapping is None:
        overlapping = overlapping_session_ids(included, now)
    drawn = drawn_before or {}
    # Caps and authorizations never cross a client and code, so each such pair keeps its
    # own ledger, and lines are settled in chronological order against it.
    # Only authorizations covering a line's date can draw or be shown: a year's report
    # need not test ten years of them against every line (issue 12).
    auths_by_pair: dict[tuple[str, str], list[Authorization]] = {}
    if drafts:  # in date order
        first_day, last_day = drafts[0].date, drafts[-1].date
        for a in sorted(authorizations, key=lambda a: (a.start, a.end, a.id)):
            if a.end >= first_day and a.start <= last_day:
                auths_by_pair.setdefault((a.client_id, a.code), []).append(a)
    ledgers: dict[tuple[str, str], tuple[list[Authorization], _Ledger]] = {}
    for d in drafts:
        pair = (d.client_id, d.code)
        if pair not in ledgers:
            mine = auths_by_pair.get(pair, [])
            ledgers[pair] = (mine, _Ledger({a.id: a.units - drawn.get(a.id, 0) for a in mine}))
    lines: list[BillingLine] = []
    # The one-per-diem-code-a-day rule is the only one across codes: which per-diem
    # codes bill on a date must be known before any of that date's lines is settled.
    for _, same_day in itertools.groupby(drafts, key=lambda d: d.date):
        day = list(same_day)
        billing = _per_diem_codes_billing(day, ledgers)
        for d in day:
            mine, ledger = ledgers[(d.client_id, d.code)]
            covering = [a for a in mine if a.start <= d.date <= a.end]  # a.covers(d.date)
            rival = _per_diem_rival(d, billing.get(d.client_id, set()))
            # A draft's what-if runs on a copy: signing it must not change the real ledger.
            what_if = (
                _settle_against(d, covering, ledger.copy(), _wanted(d, True), rival)
                if d.unsigned
                else None
            )
            actual = _settle_against(d, covering, ledger, _wanted(d, False), rival)
            lines.extend(_finish(d, actual, what_if or actual, overlapping))
    return lines


def billing_inputs(session: Session) -> tuple[object, ...]:
    """Everything of a session its billing line reads (the grouping into lines, the
    minutes, the holds, the modifiers, the date): a write that changes none of it (the
    note's words) leaves every billing line as it was."""
    return (
        session.client_id,
        session.staff_id,
        session.code,
        tuple((s.start, s.end) for s in session.segments),
        session.place_of_service,
        session.telehealth,
        session.audio_only,
        session.group_size,
        session.group_id,
        frozenset(session.objective_ids),  # a hold asks whether any is in the plan
        session.signature,
        session.void_reason is not None,
        session.timezone,
    )


def same_lines(before: Session, after: Session) -> bool:
    """Whether ``after`` yields the same billing lines as ``before`` (every other
    session as it is): only what billing does not read changed."""
    return billing_inputs(before) == billing_inputs(after)


def _wanted(d: _Draft, as_if_signed: bool) -> int:
    """Units the line asks for before caps: none while anything holds it."""
    if d.holds or (d.unsigned and not as_if_signed):
        return 0
    return d.units_all


def modifiers_for(session: Session, staff: Staff | None, payer: Payer) -> tuple[str, ...]:
    """Credential tier, then HQ for a group, then the payer's telehealth modifier (its
    audio-only modifier for a session by telephone only)."""
    mods: list[str] = []
    if payer.credential_modifiers and staff is not None and staff.modifier:
        mods.append(staff.modifier)
    if session.is_group:
        mods.append(GROUP_MODIFIER)
    if session.telehealth:
        if session.audio_only and payer.audio_only_modifier:
            mods.append(payer.audio_only_modifier)
        elif not session.audio_only and payer.telehealth_modifier:
            mods.append(payer.telehealth_modifier)
    return tuple(dict.fromkeys(mods))[:MAX_MODIFIERS]


def service_date(session: Session, client: Client) -> date:
    # A session whose zone is not set yet is dated in its client's zone (never UTC).
    day = session.service_date(client.timezone)
    if day is None:
        raise ValueError(f"session {session.id} has no segment")
    return day


def documentation_holds(
    session: Session, day: date, plans: Sequence[TreatmentPlan], payer: Payer
) -> dict[str, str]:
    """What in this session's documentation cannot support a claim: flag -> clause."""
    return _holds(session, day, _objectives_in_force(plans, day), payer)


def _objectives_in_force(plans: Sequence[TreatmentPlan], day: date) -> frozenset[str] | None:
    """The objectives of the plans in force on ``day``; None when no plan is."""
    in_force = [p for p in plans if p.covers(day)]
    if not in_force:
        return None
    return frozenset().union(*(p.objective_ids() for p in in_force))


def _holds(
    session: Session, day: date, objectives: frozenset[str] | None, payer: Payer
) -> dict[str, str]:
    holds: dict[str, str] = {}
    if objectives is None:
        holds[FLAG_OUTSIDE_PLAN] = t("no treatment plan in force on {date}", date=day)
    elif objectives.isdisjoint(session.objective_ids):
        holds[FLAG_NO_OBJECTIVE] = t(
            "the note of session {session} addresses no objective of the treatment plan",
            session=session.id,
        )
    largest = payer.max_group_size.get(session.code)
    if largest is not None and session.group_size > largest:
        holds[FLAG_GROUP_SIZE] = t(
            "a group of {size} is above the payer's maximum of {largest} for {code}",
            size=session.group_size,
            largest=largest,
            code=session.code,
        )
    pos = session.place_of_service
    if pos and session.telehealth and pos not in TELEHEALTH_PLACES:
        holds[FLAG_TELEHEALTH_POS] = t(
            "a telehealth session with in-person place of service {place} (use 02 or 10)", place=pos
        )
    elif pos and not session.telehealth and pos in TELEHEALTH_PLACES:
        holds[FLAG_TELEHEALTH_POS] = t(
            "an in-person session with telehealth place of service {place}", place=pos
        )
    return holds


def _drafts(
    sessions: Sequence[Session],
    clients: Mapping[str, Client],
    staff: Mapping[str, Staff],
    payers: Mapping[str, Payer],
    plans: Mapping[str, list[TreatmentPlan]],
    now: datetime | None,
) -> list[_Draft]:
    drafts: dict[LineKey, _Draft] = {}
    # The objectives of each set of plans in force, gathered once, not once per session.
    objectives: dict[tuple[str, ...], frozenset[str] | None] = {}
    firsts = {s.id: s.first_start() for s in sessions}
    for s in sorted(sessions, key=lambda s: (firsts[s.id], s.id)):
        client = clients.get(s.client_id)
        if client is None:
            raise ValueError(f"session {s.id}: client {s.client_id!r} not given")
        payer = payers.get(client.payer_id)
        if payer is None:
            raise ValueError(f"client {client.id}: payer {client.payer_id!r} not given")
        member = staff.get(s.staff_id)
        if member is None:
            raise ValueError(f"session {s.id}: staff {s.staff_id!r} not given")
        day = service_date(s, client)
        key: LineKey = (
            s.client_id,
            day,
            s.code,
            modifiers_for(s, member, payer),
            s.place_of_service,
            s.staff_id,
        )
        first = firsts[s.id]
        assert first is not None  # sessions without segments were left out
        draft = drafts.get(key)
        if draft is None:
            draft = drafts[key] = _Draft(key, payer, first)
        draft.sessions.append(s)
        draft.minutes.append(s.minutes(now))
        draft.signed.append(s.signed)
        draft.running = draft.running or s.status == SessionStatus.RUNNING
        in_force = [p for p in plans.get(s.client_id, []) if p.start <= day <= p.end]
        plan_ids = tuple(p.id for p in in_force)
        if plan_ids not in objectives:
            objectives[plan_ids] = _objectives_in_force(in_force, day)
        for flag, clause in _holds(s, day, objectives[plan_ids], payer).items():
            draft.holds.setdefault(flag, clause)
    return sorted(drafts.values(), key=lambda d: (d.date, d.first_start, d.key))


def _share_out_days(drafts: Sequence[_Draft]) -> None:
    """Units per client, code and date, shared out to that day's lines (rule 4)."""
    days: dict[tuple[str, date, str], list[_Draft]] = {}
    for d in drafts:  # chronological, so "earlier line" is the earlier-starting one
        days.setdefault((d.client_id, d.date, d.code), []).append(d)
    for lines in days.values():
        payer = lines[0].payer
        code = lines[0].code
        weights = [sum(d.minutes) for d in lines]
        total_minutes = sum(weights)
        if lines[0].per_diem:
            day_units = 1 if total_minutes >= per_diem_minimum(payer, code) else 0
            shares = allocate(day_units, weights)
        elif payer.aggregate == "day":
            # The registry's rule rounds the day's minutes once; the day's lines share them.
            day_units = aggregation(payer)(weights, rounding_rule(payer).units)
            shares = allocate(day_units, weights)
        else:
            rounding = rounding_rule(payer).units
            shares = [aggregation(payer)(d.minutes, rounding) for d in lines]
            day_units = sum(shares)
        for d, share in zip(lines, shares, strict=True):
            d.units_all = share
            d.day_minutes = total_minutes
            d.day_units = day_units
            d.day_lines = len(lines)


@dataclass
class _Ledger:
    """What one client's code has used so far: daily units and authorizations."""

    auth_left: dict[str, int]
    daily_left: dict[date, int] = field(default_factory=dict)

    def copy(self) -> _Ledger:
        return _Ledger(dict(self.auth_left), dict(self.daily_left))


def _per_diem_codes_billing(
    day: Sequence[_Draft], ledgers: Mapping[tuple[str, str], tuple[list[Authorization], _Ledger]]
) -> dict[str, set[str]]:
    """Per client, the per-diem codes with a line that bills as it stands on this date.

    Settled on copies of the ledgers, in the same order as the real pass, so the real
    ledgers are untouched and the answer is exactly what each code would bill."""
    trials: dict[tuple[str, str], _Ledger] = {}
    billing: dict[str, set[str]] = {}
    for d in day:
        if not d.per_diem:
            continue
        pair = (d.client_id, d.code)
        mine, ledger = ledgers[pair]
        trial = trials.setdefault(pair, ledger.copy())
        covering = [a for a in mine if a.covers(d.date)]
        if _settle(d, covering, trial, _wanted(d, False)).billable:
            billing.setdefault(d.client_id, set()).add(d.code)
    return billing


def _per_diem_rival(d: _Draft, billing: set[str]) -> str | None:
    """The other per-diem code that bills this line's date instead of it, if any.

    A code that bills as it stands outranks one that would bill only once a draft is
    signed (signing a draft must never take a unit from a signed line), then the lower
    code wins. One answer serves both passes: a line whose code does not bill as it
    stands bills nothing now, so only its what-if can meet the rival."""
    if not d.per_diem:
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
    out = _Outcome(covering=covering)
    amount = wanted
    if d.per_diem:
        if d.day_units == 0:
            out.flags.add(FLAG_BELOW_PER_DIEM)
        elif amount and rival is not None:
            # Checked before the daily maximum and the authorization, so the unit that
            # is not billed draws on neither.
            out.flags.add(FLAG_PER_DIEM_CONFLICT)
            out.clauses.append(
                t(
                    "per-diem code {code} bills this day and only one per-diem code is paid a day",
                    code=rival,
                )
            )
            amount = 0
    limit = d.payer.daily_max_units.get(d.code)
    if limit is not None:
        left = ledger.daily_left.setdefault(d.date, limit)
        if amount > left:
            out.flags.add(FLAG_DAILY_MAX)
            out.clauses.append(
                t("daily maximum {limit} units leaves {left}", limit=limit, left=left)
            )
            amount = left
        ledger.daily_left[d.date] = left - amount
    if not covering:
        if d.units_all:
            out.flags.add(FLAG_NO_AUTHORIZATION)
            out.clauses.append(
                t("no authorization for {code} covers {date}", code=d.code, date=d.date)
            )
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
    shown = _and(
        [t("{number} has {left} left", number=a.number, left=left) for a, left in with_units]
    )
    out.clauses.append(t("authorization {which}", which=shown))
    if need:
        out.flags.add(FLAG_AUTHORIZATION_EXCEEDED)
    return wanted - need


def _units(n: int) -> str:
    return t.plural("{count} unit", "{count} units", n)


def _and(items: Sequence[str]) -> str:
    """ "a and b and c" in the current language."""
    joined = items[0]
    for item in items[1:]:
        joined = t("{first} and {second}", first=joined, second=item)
    return joined


def _rule(d: _Draft) -> str:
    if d.per_diem:
        return f"per-diem/{per_diem_minimum(d.payer, d.code)}min"
    return f"{d.payer.rounding}/{d.payer.aggregate}"


def _base_sentence(d: _Draft) -> str:
    units = d.units_all
    total = sum(d.minutes)
    if d.running:
        when = t("{minutes} minutes so far on {date}", minutes=total, date=d.date)
    else:
        when = t("{minutes} minutes on {date}", minutes=total, date=d.date)
    shared = d.day_lines > 1 and (d.per_diem or d.payer.aggregate == "day")
    if shared:
        when = t(
            "{when} ({minutes} minutes that day across {lines} lines)",
            when=when,
            minutes=d.day_minutes,
            lines=d.day_lines,
        )
    if d.per_diem:
        minimum = per_diem_minimum(d.payer, d.code)
        if d.day_units:
            sentence = t(
                "{when} reaches the per-diem minimum of {minimum}", when=when, minimum=minimum
            )
        else:
            sentence = t(
                "{when} is below the per-diem minimum of {minimum}", when=when, minimum=minimum
            )
        if shared and d.day_units and not units:
            return t(
                "{sentence}: the day's unit is on the line with the most minutes, 0 units",
                sentence=sentence,
            )
        return t("{sentence}: {units}", sentence=sentence, units=_units(units))
    label = t(rounding_rule(d.payer).label)
    if d.payer.aggregate == "session" and len(d.minutes) > 1:
        parts = " + ".join(str(m) for m in d.minutes)
        return t(
            "{when} ({parts}), {rule} per session: {units}",
            when=when,
            parts=parts,
            rule=label,
            units=_units(units),
        )
    if shared:
        return t(
            "{when}, {rule}: {day_units} for the day, {units} on this line by share of minutes",
            when=when,
            rule=label,
            day_units=_units(d.day_units),
            units=units,
        )
    return t("{when}, {rule}: {units}", when=when, rule=label, units=_units(units))


def _caps_sentence(out: _Outcome) -> str:
    tail = t.plural("{count} billable", "{count} billable", out.billable)
    if not out.clauses:
        return tail
    return t("{clauses}: {billable}", clauses=", ".join(out.clauses), billable=tail)


def _finish(
    d: _Draft, as_is: _Outcome, if_signed: _Outcome, overlapping: set[str]
) -> list[BillingLine]:
    unsigned = d.unsigned
    flags = set(as_is.flags)
    parts = [_base_sentence(d)]
    if d.holds:
        flags |= set(d.holds)
        parts.append(t("held: {reasons}: 0 billable", reasons="; ".join(d.holds.values())))
    if unsigned:
        # A draft's flags say what it will meet once signed, so the coach can act now.
        flags |= if_signed.flags | {FLAG_UNSIGNED}
        if d.running:
            flags.add(FLAG_RUNNING)
        if unsigned == len(d.signed):
            parts.append(
                t.plural(
                    "not signed: {count} billable now",
                    "not signed: {count} billable now",
                    as_is.billable,
                )
            )
        else:
            parts.append(
                t.plural(
                    "{unsigned} of {sessions} sessions not signed, the whole line waits: "
                    "{count} billable now",
                    "{unsigned} of {sessions} sessions not signed, the whole line waits: "
                    "{count} billable now",
                    as_is.billable,
                    unsigned=unsigned,
                    sessions=len(d.signed),
                )
            )
        if not d.holds:
            parts.append(t("once signed, {outcome}", outcome=_caps_sentence(if_signed)))
    elif not d.holds:
        parts.append(_caps_sentence(as_is))
    if any(s.id in overlapping for s in d.sessions):
        flags.add(FLAG_OVERLAP)
        parts.append(t("overlaps another session of the same staff member"))
    if any(is_long_segment(seg.start, seg.end) for s in d.sessions for seg in s.segments):
        flags.add(FLAG_LONG_SESSION)
        parts.append(t("a segment is longer than 12 hours"))
    # The claim carries one prior-authorization number: the one drawn from, else the
    # one a draft will draw from, else the first that covers the date.
    candidates = [a for a, _ in as_is.draws] + [a for a, _ in if_signed.draws] + as_is.covering
    shown = candidates[0] if candidates else None
    line = BillingLine(
        client_id=d.client_id,
        date=d.date,
        code=d.code,
        modifiers=d.key[3],
        place_of_service=d.key[4],
        minutes=sum(d.minutes),
        units=d.units_all,
        billable_units=as_is.billable,
        session_ids=tuple(s.id for s in d.sessions),
        flags=tuple(f for f in FLAG_ORDER if f in flags),
        explanation="; ".join(parts),
        rule=_rule(d),
        authorization_id=shown.id if shown else None,
        authorization_number=shown.number if shown else None,
        staff_ids=(d.key[5],),
        billable_if_signed=if_signed.billable,
        authorization_draws=tuple((a.id, n) for a, n in as_is.draws),
    )
    if len(as_is.draws) < 2:
        return [line]
    return _split_by_authorization(line, as_is.draws)


def _split_by_authorization(
    line: BillingLine, draws: Sequence[tuple[Authorization, int]]
) -> list[BillingLine]:
    """One claim line per authorization drawn (an 837P line carries one REF*G1).

    Each part bills what it drew; units not billed at all (authorization exceeded, daily
    maximum) stay on the last part with the flags that explain them. Minutes are shared
    out like units, so the parts add up to the line."""
    units = [n for _, n in draws]
    units[-1] += line.units - line.billable_units
    minutes = allocate(line.minutes, units)
    cap_flags = {FLAG_AUTHORIZATION_EXCEEDED, FLAG_DAILY_MAX}
    parts: list[BillingLine] = []
    for i, ((auth, drawn), part_units, part_minutes) in enumerate(
        zip(draws, units, minutes, strict=True)
    ):
        last = i == len(draws) - 1
        parts.append(
            BillingLine(
                **{
                    **line.__dict__,
                    "minutes": part_minutes,
                    "units": part_units,
                    "billable_units": drawn,
                    "billable_if_signed": drawn,
                    "flags": tuple(f for f in line.flags if last or f not in cap_flags),
                    "explanation": (
                        line.explanation
                        + "; "
                        + t(
                            "claim line {line} of {lines}: {units} on authorization {number}",
                            line=i + 1,
                            lines=len(draws),
                            units=_units(drawn),
                            number=auth.number,
                        )
                    ),
                    "authorization_id": auth.id,
                    "authorization_number": auth.number,
                    "authorization_draws": ((auth.id, drawn),),
                }
            )
        )
    return parts


def _visit(session: Session) -> tuple[str, str]:
    """Which visit a session belongs to: sessions of one group visit may overlap."""
    if session.is_group:
        first = session.first_start()
        return ("group", session.group_id or (first.isoformat() if first else session.id))
    return ("individual", session.id)


def overlapping_session_ids(sessions: Iterable[Session], now: datetime | None = None) -> set[str]:
    """Ids of sessions whose segments overlap another session of the same staff member
    (any client), individual or group; only the sessions of one group visit (the
    attendees' copies) are exempt from each other. Touching end-to-start is not an
    overlap."""
    by_staff: dict[str, list[tuple[datetime, datetime, str, tuple[str, str]]]] = {}
    for s in sessions:
        visit = _visit(s)
        for seg in s.segments:
            end = seg.end if seg.end is not None else now
            if end is not None and end > seg.start:
                by_staff.setdefault(s.staff_id, []).append((seg.start, end, s.id, visit))
    found: set[str] = set()
    for intervals in by_staff.values():
        intervals.sort()
        active: list[tuple[datetime, datetime, str, tuple[str, str]]] = []
        for start, end, sid, visit in intervals:
            active = [iv for iv in active if iv[1] > start]
            for _, _, other, other_visit in active:
                if other != sid and other_visit != visit:
                    found.update((sid, other))
            active.append((start, end, sid, visit))
    return found
