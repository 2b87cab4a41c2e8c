"""Billing lines from the store: loads what the unit engine needs, then calls it.

The engine (:mod:`sessionlog.core.units`) only sees the sessions it is given, so
this layer decides how much history is enough: authorization draw-down needs every
session since the earliest relevant authorization began, and overlap detection
needs the same staff member's sessions with other clients.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sessionlog.core.errors import StoreError
from sessionlog.core.language import current_language
from sessionlog.core.limits import MAX_SEGMENT
from sessionlog.core.models import (
    Authorization,
    Client,
    Payer,
    Segment,
    Session,
    Staff,
    TreatmentPlan,
)
from sessionlog.core.queries import SessionFilter
from sessionlog.core.units import (
    FLAG_OVERLAP,
    RULES_VERSION,
    AuthorizationUsage,
    BillingLine,
    compute_lines,
    overlapping_session_ids,
    usage_of,
)
from sessionlog.services.kept_units import decode_days, kept_order, kept_stamp_in

if TYPE_CHECKING:  # annotations only: the protocols module imports the whole store
    from sessionlog.services.records import Reader

Draw = tuple[date, str, int]  # date of service, authorization id, units drawn

# Dates of service are local dates; a day either side of the UTC window covers every
# zone's offset when loading a staff member's sessions for overlap checks.
_ZONE_MARGIN = timedelta(days=1)


def history_start(authorizations: Iterable[Authorization], start: date, end: date) -> date:
    """The earliest date from which sessions must be loaded so that draw-down on every
    authorization covering [start, end] is right.

    An authorization spills into the next covering one, so an earlier authorization
    that overlaps a relevant one matters too: widen until nothing more overlaps."""
    auths = [a for a in authorizations if a.start <= end]
    earliest = start
    changed = True
    while changed:
        changed = False
        for auth in auths:
            if auth.end >= earliest and auth.start < earliest:
                earliest = auth.start
                changed = True
    return earliest


def _window_utc(start: date, end: date) -> tuple[datetime, datetime]:
    first = datetime.combine(start, time.min, UTC) - _ZONE_MARGIN
    last = datetime.combine(end + timedelta(days=1), time.min, UTC) + _ZONE_MARGIN
    return first, last


def _with_staff_sessions(
    store: Reader, sessions: list[Session], start: date, end: date
) -> list[Session]:
    """Add the staff's sessions with other clients around [start, end] (overlap)."""
    by_id = {s.id: s for s in sessions}
    first, last = _window_utc(start, end)
    staff_ids = sorted({s.staff_id for s in sessions})
    for staff_id in staff_ids:
        for other in store.staff_sessions_between(staff_id, first, last):
            by_id.setdefault(other.id, other)
    return list(by_id.values())


def _compute(
    store: Reader,
    sessions: Iterable[Session],
    authorizations: Iterable[Authorization],
    now: datetime | None,
) -> list[BillingLine]:
    sessions = list(sessions)
    client_ids = sorted({s.client_id for s in sessions})
    return compute_lines(
        sessions,
        clients={c.id: c for c in store.clients(include_archived=True)},
        staff={m.id: m for m in store.staff_members()},
        payers={p.id: p for p in store.payers()},
        authorizations=authorizations,
        # Plans decide the no-objective and outside-plan holds.
        plans=[plan for cid in client_ids for plan in store.plans(cid)],
        now=now,
    )


def billing_lines(
    store: Reader,
    *,
    client_id: str | None = None,
    start: date,
    end: date,
    now: datetime | None = None,
) -> list[BillingLine]:
    """Lines with a date of service in [start, end], for one client or all.

    Running sessions are left out unless ``now`` is given (the report passes none):
    without ``now``, each client and date comes from its kept lines
    (:func:`kept_period_lines`). Raises NotFoundError for an unknown client."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    if client_id is not None:
        store.client(client_id)
    if now is None:
        return kept_period_lines(store, start, end, client_id)
    return computed_lines(store, client_id=client_id, start=start, end=end, now=now)


def computed_lines(
    store: Reader,
    *,
    client_id: str | None = None,
    start: date,
    end: date,
    now: datetime | None = None,
) -> list[BillingLine]:
    """:func:`billing_lines` computed afresh, never from kept lines: one client's over
    the history its authorizations need, every client's over the period with the kept
    draw-down before it. What kept lines are checked against."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    if client_id is None:
        return _all_clients_lines(store, start, end)
    store.client(client_id)
    auths = store.authorizations(client_id)
    since = history_start(auths, start, end)
    sessions = store.sessions(SessionFilter(client_id=client_id, start=since, end=end))
    sessions = _with_staff_sessions(store, sessions, start, end)
    lines = _compute(store, sessions, auths, now)
    return [
        line
        for line in lines
        if start <= line.date <= end and (client_id is None or line.client_id == client_id)
    ]


def _all_clients_lines(store: Reader, start: date, end: date) -> list[BillingLine]:
    """Every client's lines dated in [start, end]: the period's sessions only, each
    client's authorization draw-down before ``start`` coming from the kept draws
    (:func:`drawn_before`), not from recomputing the history since it began."""
    # Widened by the zone margin on both sides, the period's sessions hold each staff
    # member's other sessions around it: what overlap detection needs, in one query.
    margin = _ZONE_MARGIN * 2
    around = store.sessions(SessionFilter(start=start - margin, end=end + margin))
    billed = [s for s in around if (day := s.service_date()) is not None and start <= day <= end]
    # The billed clients' authorizations only: the others cannot draw or be shown.
    auths = store.authorizations_of({s.client_id for s in billed})
    by_client: dict[str, list[Authorization]] = {}
    for auth in auths:
        by_client.setdefault(auth.client_id, []).append(auth)
    context = _Context.of(store)
    drawn: dict[str, int] = {}
    for cid in sorted({s.client_id for s in billed}):
        if cid in context.clients:
            drawn.update(drawn_before(store, cid, [start], by_client.get(cid, []), context)[start])
    return compute_lines(
        billed,
        clients=context.clients,
        staff=context.staff,
        payers=context.payers,
        authorizations=auths,
        # Holds look at the plans in force on a line's date: those of the period.
        plans=store.plans_in_force(start, end),
        drawn_before=drawn,
        overlapping=overlapping_session_ids(around),
    )


# A run of authorizations worked out to be kept: (client id, chain start, from, valid
# before, draws).
KeptRun = tuple[str, date, date, date, list[Draw]]

# The background warm-up computes a run of authorizations this many days with sessions at
# a time and may give way to the coach between two parts (ui/warm_up.py): Python runs one
# thread at a time, so a click made while a part computes shares the interpreter with it
# until the part ends. A whole run took up to 77 ms of CPU at 300,000 sessions (18 ms at
# the median); a part is a few ms.
WARM_PART_DAYS = 20


class _Context:
    """The agency-wide records every computation needs, read once per call."""

    def __init__(self, store: Reader) -> None:
        self.store = store
        self._plans: dict[str, list[TreatmentPlan]] = {}

    # Read when first needed: kept draws often answer without any of them.
    @functools.cached_property
    def clients(self) -> dict[str, Client]:
        return {c.id: c for c in self.store.clients(include_archived=True)}

    @functools.cached_property
    def staff(self) -> dict[str, Staff]:
        return {m.id: m for m in self.store.staff_members()}

    @functools.cached_property
    def payers(self) -> dict[str, Payer]:
        return {p.id: p for p in self.store.payers()}

    @classmethod
    def of(cls, store: Reader) -> _Context:
        return cls(store)

    def plans_of(self, client_ids: Iterable[str]) -> list[TreatmentPlan]:
        wanted = sorted(set(client_ids))
        for cid in wanted:
            if cid not in self._plans:
                self._plans[cid] = self.store.plans(cid)
        return [plan for cid in wanted for plan in self._plans[cid]]


def authorization_runs(auths: Iterable[Authorization]) -> list[tuple[date, date]]:
    """The client's authorizations (every code) merged into runs of overlapping ones:
    (first day, last day). Draw-down never crosses from one run into another, so the
    units drawn before a date only depend on that date's run (:func:`history_start`)."""
    runs: list[tuple[date, date]] = []
    for auth in sorted(auths, key=lambda a: (a.start, a.end)):
        if runs and auth.start <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], auth.end))
        else:
            runs.append((auth.start, auth.end))
    return runs


def drawn_before(
    store: Reader,
    client_id: str,
    days: Iterable[date],
    auths: list[Authorization],
    context: _Context | None = None,
    keep: list[KeptRun] | None = None,
) -> dict[date, dict[str, int]]:
    """For each of ``days``, the units the client's lines dated before it drew from each
    authorization (id -> units), as the engine computes them over the whole history.

    The draws are kept in the database per date (m011) and reused while the triggers
    say they are valid; what is missing is computed from the kept draws onwards, over
    the client's own sessions of that run of authorizations only, and kept. A database
    that cannot be written (read-only, busy) just computes them. Running sessions count
    as the report counts them: not at all (they are unsigned, so they draw nothing).
    With ``keep``, what was computed is added to it instead, for the caller to store
    with :func:`keep_runs` once for many clients."""
    context = context or _Context.of(store)
    runs = authorization_runs(auths)
    result: dict[date, dict[str, int]] = {}
    by_run: dict[tuple[date, date], list[date]] = {}
    for day in days:
        run = next((r for r in runs if r[0] <= day <= r[1]), None)
        if run is None:
            result[day] = {}  # no authorization covers it: nothing to draw from
        else:
            by_run.setdefault(run, []).append(day)
    for run, run_days in by_run.items():
        draws = _run_draws(store, client_id, run, max(run_days), auths, context, keep)
        for day in run_days:
            used: dict[str, int] = {}
            for when, auth_id, units in draws:
                if when < day:
                    used[auth_id] = used.get(auth_id, 0) + units
            result[day] = used
    return result


def _run_draws(
    store: Reader,
    client_id: str,
    run: tuple[date, date],
    last: date,
    auths: list[Authorization],
    context: _Context,
    keep: list[KeptRun] | None = None,
) -> list[Draw]:
    """The client's draws dated in [run start, ``last``), from the kept ones, computing
    (and keeping, or adding to ``keep``) what is not valid yet up to the run's end."""
    first, run_end = run
    generation = store.billing_cache_generation()  # before reading what it is computed from
    valid = store.billing_valid_before(client_id, first, RULES_VERSION)
    valid = max(valid or first, first)
    if valid >= last:
        return store.billing_draws(client_id, first, last)
    kept = store.billing_draws(client_id, first, valid)
    fresh = _draws_between(store, client_id, valid, run_end, auths, context, _totals(kept))
    valid_before = _kept_through(run)
    if keep is not None:
        keep.append((client_id, first, valid, valid_before, fresh))
        return [d for d in kept + fresh if d[0] < last]
    # Read-only or busy: the draws are right all the same, only not kept for next time.
    with contextlib.suppress(StoreError):
        store.save_billing_draws(
            client_id, first, RULES_VERSION, valid, valid_before, fresh, generation
        )
    return [d for d in kept + fresh if d[0] < last]


def _totals(draws: Iterable[Draw]) -> dict[str, int]:
    """Units drawn from each authorization (id -> units) by ``draws``."""
    used: dict[str, int] = {}
    for _, auth_id, units in draws:
        used[auth_id] = used.get(auth_id, 0) + units
    return used


def _draws_between(
    store: Reader,
    client_id: str,
    start: date,
    end: date,
    auths: list[Authorization],
    context: _Context,
    used: dict[str, int],
) -> list[Draw]:
    """The draws of the client's sessions dated in [start, end] (one run of
    authorizations), ``used`` having been drawn from each authorization before ``start``.
    A day's units depend only on that day's sessions and on what was drawn before it, so
    a run computed in parts from any day on draws what it draws computed whole."""
    sessions = store.sessions(SessionFilter(client_id=client_id, start=start, end=end))
    lines = compute_lines(
        sessions,
        clients=context.clients,
        staff=context.staff,
        payers=context.payers,
        authorizations=auths,
        plans=context.plans_of({client_id}),
        drawn_before=dict(used),
        overlapping=set(),  # a flag only: it changes no unit
    )
    computed: dict[tuple[date, str], int] = {}
    for line in lines:
        for auth_id, units in line.authorization_draws:
            key = (line.date, auth_id)
            computed[key] = computed.get(key, 0) + units
    return [(day, auth_id, units) for (day, auth_id), units in sorted(computed.items())]


def keep_runs(store: Reader, runs: list[KeptRun], generation: int) -> bool:
    """Store the draws :func:`drawn_before` computed into ``keep``, in one transaction,
    unless a write changed units since ``generation`` was read (before anything they
    were computed from). A database that cannot be written keeps nothing: the draws
    were right all the same. False when something was not kept."""
    if not runs:
        return True
    try:
        return store.save_billing_draws_of_runs(RULES_VERSION, runs, generation)
    except StoreError:
        return False


def _kept_through(run: tuple[date, date]) -> date:
    """The ``valid_before`` a run's draws are kept up to once computed to its end."""
    return run[1] + timedelta(days=1) if run[1] < date.max else run[1]


def clients_missing_draws(store: Reader) -> list[str]:
    """The clients with a run of authorizations whose draws are not kept up to its end
    under this ``RULES_VERSION`` (never computed since the upgrade, or forgotten or
    lowered by a write): what History's units column would compute from history first
    (issue 12: ~1.6 s of CPU at 300,000 sessions for every client after a payer edit).
    Three queries, whatever the agency's size."""
    clients = [c.id for c in store.clients(include_archived=True)]
    runs_of: dict[str, list[Authorization]] = {}
    for auth in store.authorizations_of(clients):
        runs_of.setdefault(auth.client_id, []).append(auth)
    kept = store.billing_validity(RULES_VERSION)
    return [
        client_id
        for client_id, auths in sorted(runs_of.items())
        if any(
            kept.get((client_id, run[0]), run[0]) < _kept_through(run)
            for run in authorization_runs(auths)
        )
    ]


def warm_client_draws(
    store: Reader, client_id: str, give_way: Callable[[], bool] | None = None
) -> int:
    """Compute and keep the client's missing draws (every run of authorizations, to its
    end) in one short transaction, as :func:`lines_for_days` would on its first use:
    the background warm-up's step. Nothing is kept when a write changed units since the
    generation was read, first of all (the next pass tries again), nor on a database
    that cannot be written (busy: it waits for no other writer long).

    A run is computed in parts of at most :data:`WARM_PART_DAYS` days with sessions, and
    ``give_way`` is asked before each part: once it says so, the parts computed so far
    are kept (each run valid up to where it got) and the rest is left missing (listed
    again by :func:`clients_missing_draws`; the next pass goes on from there). So the
    warm-up stops computing within one part when the coach starts working. Returns the
    parts kept: 0 when there was nothing to do or nothing could be kept."""
    generation = store.billing_cache_generation()  # before reading anything
    auths = store.authorizations(client_id)
    context = _Context.of(store)
    kept: list[KeptRun] = []
    for run in authorization_runs(auths):
        if not _warm_run(store, client_id, run, auths, context, kept, give_way):
            break
    return len(kept) if keep_runs(store, kept, generation) else 0


def _warm_run(
    store: Reader,
    client_id: str,
    run: tuple[date, date],
    auths: list[Authorization],
    context: _Context,
    kept: list[KeptRun],
    give_way: Callable[[], bool] | None,
) -> bool:
    """Add to ``kept`` the parts of ``run`` whose draws are not valid yet (see
    :func:`warm_client_draws`); False when it gave way before the run's end."""
    first, run_end = run
    through = _kept_through(run)
    valid = max(store.billing_valid_before(client_id, first, RULES_VERSION) or first, first)
    if valid >= through:
        return True
    used = _totals(store.billing_draws(client_id, first, valid))
    days = sorted({day for _, day in store.billed_days(valid, run_end, client_id)})
    # Each part ends before the first day of the next one: a day is never split.
    stops = [*days[WARM_PART_DAYS::WARM_PART_DAYS], through]
    for stop in stops:
        if give_way is not None and give_way():
            return False
        end = run_end if stop == through else stop - timedelta(days=1)
        fresh = _draws_between(store, client_id, valid, end, auths, context, used)
        kept.append((client_id, first, valid, stop, fresh))
        for auth_id, units in _totals(fresh).items():
            used[auth_id] = used.get(auth_id, 0) + units
        valid = stop
    return True


def authorization_usage_for_client(
    store: Reader, client_id: str, as_of: date
) -> list[AuthorizationUsage]:
    """Each of the client's authorizations with the units signed sessions dated on or
    before ``as_of`` have drawn from it. Raises NotFoundError for an unknown client."""
    store.client(client_id)
    auths = store.authorizations(client_id)
    if not auths:
        return []
    # From the kept draws of every run of authorizations begun by then, computing (and
    # keeping) only what a write forgot: the client's whole history, computed here, took
    # ~0.6 s at 300,000 sessions in the Setup window's authorizations page (issue 12).
    runs = [run for run in authorization_runs(auths) if run[0] <= as_of]
    used = _drawn_through(store, client_id, runs, as_of, auths, _Context.of(store))
    return usage_of(auths, used)


def _drawn_through(
    store: Reader,
    client_id: str,
    runs: Iterable[tuple[date, date]],
    through: date,
    auths: list[Authorization],
    context: _Context,
) -> dict[str, int]:
    """Units the client's draws dated up to ``through`` in ``runs`` (each begun by then)
    took from each authorization (id -> units), from the kept draws."""
    used: dict[str, int] = {}
    for run in runs:
        # Draws dated up to ``through`` (or the run's end: none come after it).
        last = min(through, run[1]) + timedelta(days=1)
        draws = _run_draws(store, client_id, run, last, auths, context)
        for auth_id, units in _totals(draws).items():
            used[auth_id] = used.get(auth_id, 0) + units
    return used


def client_period_billing(
    store: Reader, client_id: str, start: date, end: date
) -> tuple[list[BillingLine], list[AuthorizationUsage]]:
    """What a packet prints for one client and period: the :func:`billing_lines` of
    [start, end], and each of the client's authorizations that overlaps the period with
    the units drawn from it up to ``end`` (what :func:`authorization_usage_for_client`
    gives for it). Both come from what is kept (lines per client and date, m012; draws per
    run of authorizations, m011), computing and keeping only what a write forgot, instead
    of the client's history and its staff's sessions around the period (issue 12).
    Raises NotFoundError for an unknown client."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    lines = billing_lines(store, client_id=client_id, start=start, end=end)
    auths = store.authorizations(client_id)
    overlapping = [a for a in auths if a.start <= end and a.end >= start]
    runs = [
        run
        for run in authorization_runs(auths)
        if any(run[0] <= a.start and a.end <= run[1] for a in overlapping)
    ]
    used = _drawn_through(store, client_id, runs, end, auths, _Context.of(store))
    return lines, usage_of(overlapping, used)


def preview_session(store: Reader, session: Session, now: datetime) -> BillingLine:
    """The line that contains ``session`` as it stands, for the live unit preview.

    ``session`` may be unsaved or differ from its stored version (the editor's copy
    wins); a running one counts minutes up to ``now``, and one with no segment yet
    counts as 0 minutes on ``now``'s date. The line is computed as-is, so a draft
    shows ``billable_units`` 0 with flag ``unsigned``; what signing will bill is
    ``billable_if_signed``, and a draft's flags already name the problems it will
    meet once signed (no authorization, authorization exceeded, daily maximum...).
    The rest of the client's day and authorization history come from the store."""
    client = store.client(session.client_id)
    if not session.timezone:
        session = dataclasses.replace(session, timezone=client.timezone)
    if not session.segments:
        session = dataclasses.replace(session, segments=[Segment(now, now)])
    day = session.service_date()
    assert day is not None  # it has a segment now
    auths = store.authorizations(client.id)
    since = history_start(auths, day, day)
    stored = store.sessions(SessionFilter(client_id=client.id, start=since, end=day))
    others = [s for s in stored if s.id != session.id]
    sessions = _with_staff_sessions(store, [*others, session], day, day)
    for line in _compute(store, sessions, auths, now):
        if session.id in line.session_ids:
            return line
    raise AssertionError("the previewed session always yields a line")  # pragma: no cover


def authorization_usage_on(store: Reader, client_id: str, day: date) -> list[AuthorizationUsage]:
    """The client's authorizations covering ``day``, with the units signed sessions dated
    on or before it have drawn, from the kept draws of the day's run of authorizations
    (:func:`drawn_before`), not from the client's history. Raises NotFoundError for an
    unknown client."""
    store.client(client_id)
    auths = store.authorizations(client_id)
    covering = [a for a in auths if a.covers(day)]
    if not covering:
        return []
    # The kept draws of the day's run of authorizations, up to and including the day.
    run = next(r for r in authorization_runs(auths) if r[0] <= day <= r[1])
    used = _drawn_through(store, client_id, [run], day, auths, _Context.of(store))
    return usage_of(covering, used)


def lines_for_days(
    store: Reader, client_days: Iterable[tuple[str, date]], now: datetime | None = None
) -> list[BillingLine]:
    """The lines of just these (client, date of service) pairs: what a change touched, or
    what a page of History shows, however many years its dates span.

    Each date costs its own sessions (and the staff's other sessions around it, for the
    overlap flag): the authorization draw-down before it comes from the kept draws
    (:func:`drawn_before`). The lines are those :func:`billing_lines` gives for the
    client and date. Running sessions are left out unless ``now`` is given."""
    wanted: dict[str, set[date]] = {}
    for client_id, day in client_days:
        wanted.setdefault(client_id, set()).add(day)
    if not wanted:
        return []
    generation = store.billing_cache_generation()  # before reading anything
    context = _Context.of(store)
    auths_of: dict[str, list[Authorization]] = {}
    for auth in store.authorizations_of(wanted):
        auths_of.setdefault(auth.client_id, []).append(auth)
    kept_runs: list[KeptRun] = []
    day_plans = _plans_in_force_of(store, [d for days in wanted.values() for d in days])
    running_days: dict[str, list[date]] = {}
    if now is not None:
        for session in store.running_sessions():
            if (started := session.service_date()) is not None:
                running_days.setdefault(session.client_id, []).append(started)
    result: list[BillingLine] = []
    on_days: dict[str, list[Session]] = {}
    for session in store.sessions_on_days(
        (client_id, day) for client_id, days in wanted.items() for day in days
    ):
        on_days.setdefault(session.client_id, []).append(session)
    # Overlap is between sessions of one staff member, whatever the client: found once
    # over every listed day's sessions and the staff's others around them.
    overlapping = overlapping_session_ids(
        _overlap_context(store, [s for ss in on_days.values() for s in ss], now), now
    )
    for client_id in sorted(wanted):
        if client_id not in context.clients:
            continue
        auths = auths_of.get(client_id, [])
        days = wanted[client_id]
        if _running_before(running_days.get(client_id, []), days, auths):
            # A timer still running on an earlier day of the run shares out that day's
            # units once ``now`` counts it; the kept draws (which leave it out) do not.
            result += _lines_from_history(store, client_id, days, auths, context, now)
            continue
        used = drawn_before(store, client_id, days, auths, context, kept_runs)
        own = [s for s in on_days.get(client_id, []) if s.service_date() in days]
        by_day: dict[date, list[Session]] = {}
        for session in own:
            dated = session.service_date()
            assert dated is not None  # filtered on it above
            by_day.setdefault(dated, []).append(session)
        for day, sessions in sorted(by_day.items()):
            result += compute_lines(
                sessions,
                clients=context.clients,
                staff=context.staff,
                payers=context.payers,
                authorizations=auths,
                plans=(
                    day_plans.get(client_id, [])
                    if day_plans is not None
                    else context.plans_of({client_id})
                ),
                now=now,
                drawn_before=used[day],
                overlapping=overlapping,
            )
    # The clients worked out for the first time (or since a write) in one commit.
    keep_runs(store, kept_runs, generation)
    return result


# Dates of service this close together have their plans read as those in force over the
# span (every client's, one query set); further apart, each client's plans are read.
PLANS_IN_FORCE_SPAN = timedelta(days=31)


def _plans_in_force_of(store: Reader, days: list[date]) -> dict[str, list[TreatmentPlan]] | None:
    """By client, the plans in force on some day between the first and the last of
    ``days`` when they are within :data:`PLANS_IN_FORCE_SPAN` (a History page of recent
    matches names a hundred clients: their plans of every year were three queries a
    client); None when further apart. The engine only reads the plans in force on a
    line's date (``core.units._objectives_in_force``)."""
    if not days or max(days) - min(days) > PLANS_IN_FORCE_SPAN:
        return None
    plans: dict[str, list[TreatmentPlan]] = {}
    for plan in store.plans_in_force(min(days), max(days)):
        plans.setdefault(plan.client_id, []).append(plan)
    return plans


def _overlap_context(store: Reader, own: list[Session], now: datetime | None) -> list[Session]:
    """``own`` and the staff's other sessions touching their times (what
    :func:`overlapping_session_ids` needs to flag them), with their times only, in one
    query. A session can only overlap one whose segments meet its own, so each window is
    the session's own span, not its day.

    A staff member's windows whose scans would overlap are read as one: the store scans
    each window from ``MAX_SEGMENT`` before its start, so a History page with a coach's
    eight sessions of one day read that day's segments of every coach eight times. The
    merged window may bring sessions that touch none of ``own``: the overlaps found
    among them are true ones, and only ``own``'s flags are read."""
    spans: dict[str, list[tuple[datetime, datetime]]] = {}
    for session in own:
        first = session.first_start()
        if first is None:
            continue
        ends = [seg.end or now or seg.start for seg in session.segments]
        spans.setdefault(session.staff_id, []).append((first, max(ends)))
    windows: list[tuple[str, datetime, datetime]] = []
    for staff_id, staff_spans in sorted(spans.items()):
        staff_spans.sort()
        start, end = staff_spans[0]
        for next_start, next_end in staff_spans[1:]:
            if next_start - MAX_SEGMENT <= end:
                end = max(end, next_end)
            else:
                windows.append((staff_id, start, end))
                start, end = next_start, next_end
        windows.append((staff_id, start, end))
    by_id = {s.id: s for s in own}
    for other in store.staff_session_times(windows):
        by_id.setdefault(other.id, other)
    return list(by_id.values())


def _running_before(running: list[date], days: set[date], auths: list[Authorization]) -> bool:
    """Whether a running session is dated before one of ``days`` in the same run of
    authorizations (where it could change that day's draw-down)."""
    for run_start, run_end in authorization_runs(auths):
        for day in days:
            if run_start <= day <= run_end and any(run_start <= r < day for r in running):
                return True
    return False


def _lines_from_history(
    store: Reader,
    client_id: str,
    days: set[date],
    auths: list[Authorization],
    context: _Context,
    now: datetime | None,
) -> list[BillingLine]:
    """The lines of the client's ``days``, computed over the history their
    authorizations need (dates that need the same history share one computation)."""
    groups: dict[date, set[date]] = {}
    for day in days:
        groups.setdefault(history_start(auths, day, day), set()).add(day)
    result: list[BillingLine] = []
    for since, group in sorted(groups.items()):
        sessions = store.sessions(SessionFilter(client_id=client_id, start=since, end=max(group)))
        sessions = _with_staff_sessions_on(store, sessions, group)
        lines = compute_lines(
            sessions,
            clients=context.clients,
            staff=context.staff,
            payers=context.payers,
            authorizations=auths,
            plans=context.plans_of({s.client_id for s in sessions}),
            now=now,
        )
        result += [line for line in lines if line.client_id == client_id and line.date in group]
    return result


def _with_staff_sessions_on(
    store: Reader, sessions: list[Session], days: set[date]
) -> list[Session]:
    """Add, around each of ``days``, the sessions with other clients of the staff who saw
    the client that day (overlap): as :func:`_with_staff_sessions`, day by day, with
    days a week or less apart read in one query."""
    by_id = {s.id: s for s in sessions}
    staff_days: dict[str, set[date]] = {}
    for session in sessions:
        day = session.service_date()
        if day in days:
            staff_days.setdefault(session.staff_id, set()).add(day)
    for staff_id, seen in sorted(staff_days.items()):
        for first_day, last_day in _runs(sorted(seen), gap=timedelta(days=7)):
            first, last = _window_utc(first_day, last_day)
            for other in store.staff_sessions_between(staff_id, first, last):
                by_id.setdefault(other.id, other)
    return list(by_id.values())


def _runs(days: list[date], gap: timedelta) -> list[tuple[date, date]]:
    """Sorted days as (first, last) runs, a new run wherever two days are over ``gap``
    apart."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and day - runs[-1][1] <= gap:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


# ---- kept lines (m012) -------------------------------------------------------------


def kept_stamp() -> str:
    """What kept lines must have been computed under to be used (:func:`kept_stamp_in`
    the current language)."""
    return kept_stamp_in(current_language())


def kept_period_lines(
    store: Reader, start: date, end: date, client_id: str | None = None
) -> list[BillingLine]:
    """The lines dated in [start, end] (one client's, or every client's) with no running
    timer counted, as :func:`billing_lines` gives them: each client and date read from
    the lines kept for it (m012), the days not kept computed (:func:`lines_for_days`)
    and kept. The database's triggers forget a day's kept lines on every write that can
    change them; a database that cannot be written (read-only, busy) just computes."""
    stamp = kept_stamp()
    generation = store.billing_cache_generation()  # before reading what it is computed from
    days = store.billed_days(start, end, client_id)
    kept = store.kept_lines(start, end, stamp, client_id)
    rows = _decoded(kept)
    missing = [d for d in days if d not in kept]
    if missing:
        # Day by day costs more per day than the period at once: after an upgrade, or for
        # a period not reported before, the period is computed and its missing days kept.
        if len(missing) > len(days) // 4:
            wanted = set(missing)
            period = computed_lines(store, client_id=client_id, start=start, end=end)
            fresh = [line for line in period if (line.client_id, line.date) in wanted]
        else:
            fresh = lines_for_days(store, missing)
        for day_rows in _keep_days(store, stamp, missing, fresh, generation).values():
            rows += day_rows
    rows.sort(key=kept_order)
    return [
        line
        for _, line in rows
        if start <= line.date <= end and (client_id is None or line.client_id == client_id)
    ]


def kept_day_lines(store: Reader, client_days: Iterable[tuple[str, date]]) -> list[BillingLine]:
    """The lines of just these (client, date of service) pairs with no running timer
    counted, as :func:`lines_for_days` computes them with no ``now`` (History's units
    column: a page of search hits spanning years): each pair read from the lines kept for
    it (m012), only the pairs not kept computed, and kept. A day's lines come in the
    engine's order; the days in no particular one."""
    wanted = sorted(set(client_days))
    if not wanted:
        return []
    stamp = kept_stamp()
    generation = store.billing_cache_generation()  # before reading what it is computed from
    kept = store.kept_lines_of_days(wanted, stamp)
    lines = [line for _, line in _decoded(kept)]
    missing = [d for d in wanted if d not in kept]
    if missing:
        fresh = _keep_days(store, stamp, missing, lines_for_days(store, missing), generation)
        lines += [line for day_rows in fresh.values() for _, line in day_rows]
    return lines


def _decoded(kept: dict[tuple[str, date], str]) -> list[tuple[str, BillingLine]]:
    """Kept days' lines (:func:`_encode_line`'s JSON), each with its first start."""
    days = [(cid, day, lines) for (cid, day), lines in kept.items()]
    # Positional: a report builds thousands.
    return [(first, BillingLine(*fields)) for first, fields in decode_days(days)]


def _keep_days(
    store: Reader,
    stamp: str,
    missing: list[tuple[str, date]],
    fresh: list[BillingLine],
    generation: int,
) -> dict[tuple[str, date], list[tuple[str, BillingLine]]]:
    """Keep the ``fresh`` lines of the ``missing`` (client, date) pairs (a pair with no
    line is kept as none), unless a write moved ``generation`` meanwhile or the
    triggers could miss a change to them (:func:`_days_triggers_miss`); a database that
    cannot be written keeps nothing. Returns each pair's lines with their first start."""
    starts = store.first_starts(sid for line in fresh for sid in line.session_ids)
    by_day: dict[tuple[str, date], list[tuple[str, BillingLine]]] = {d: [] for d in missing}
    for line in fresh:
        first = min(starts.get(sid) or "" for sid in line.session_ids)
        by_day.setdefault((line.client_id, line.date), []).append((first, line))
    unkept = _days_triggers_miss(store, fresh)
    wanted = set(missing)
    kept = [d for d in by_day.items() if d[0] in wanted and d[0] not in unkept]
    if kept:
        days = [
            (cid, day, json.dumps([_encode_line(f, ln) for f, ln in rows]))
            for (cid, day), rows in kept
        ]
        # The report's texts only in the source text: the quick report reads no other.
        reports = _report_texts(store, kept) if stamp == kept_stamp_in("") else []
        with contextlib.suppress(StoreError):  # read-only or busy: right, only not kept
            store.save_kept_lines(stamp, days, generation, reports)
    return by_day


def _report_texts(
    store: Reader, days: list[tuple[tuple[str, date], list[tuple[str, BillingLine]]]]
) -> list[tuple[str, date, str, str | None, str]]:
    """Each day's part of the CSV and JSON reports (m013) from its lines (with their first
    starts, in the engine's order), written from the records as they are now. A write to
    them since the ``generation`` the lines were computed at keeps nothing (the records'
    triggers count in it), so texts and lines always come from the same rows."""
    from sessionlog.export.units_report import kept_day_texts, sorted_lines

    clients = {c.id: c for c in store.clients(include_archived=True)}
    staff = {m.id: m for m in store.staff_members()}
    payers = {p.id: p for p in store.payers()}
    agency = store.agency()
    out = []
    for (client_id, day), day_rows in days:
        # The report's order: the engine's (as a period's kept lines are sorted), then
        # the report's own sort, both stable.
        in_order = sorted_lines([line for _, line in sorted(day_rows, key=kept_order)])
        texts = kept_day_texts(
            in_order,
            clients=clients,
            staff=staff,
            payers=payers,
            agency_npi=agency.npi if agency else "",
        )
        out.append((client_id, day, *texts))
    return out


def _days_triggers_miss(store: Reader, lines: list[BillingLine]) -> set[tuple[str, date]]:
    """The (client, date) of those of ``lines`` that m012's triggers may not forget when
    they change, so they are computed at every report instead of kept (rare): a line of
    a session with a segment ending past the day after its date of service (a timer
    resumed days later: a write overlapping that segment forgets the days around itself,
    not the session's date of service), and a line overlapping such a session (whose
    void forgets the days around its own date of service only)."""
    past = store.sessions_past_their_next_day(sid for ln in lines for sid in ln.session_ids)
    days = {(ln.client_id, ln.date) for ln in lines if past.intersection(ln.session_ids)}
    overlapped = {
        sid
        for ln in lines
        if FLAG_OVERLAP in ln.flags and (ln.client_id, ln.date) not in days
        for sid in ln.session_ids
    }
    if not overlapped:
        return days
    own = store.sessions_with_ids(sorted(overlapped))
    others = _overlap_context(store, own, None)
    past = store.sessions_past_their_next_day(s.id for s in others if s.id not in overlapped)
    if past:
        near = {s.id for s in others if s.id in overlapped or s.id in past}
        flagged = overlapping_session_ids([s for s in others if s.id in near])
        days |= {
            (ln.client_id, ln.date)
            for ln in lines
            if FLAG_OVERLAP in ln.flags and flagged.intersection(ln.session_ids)
        }
    return days


def _encode_line(first_start: str, line: BillingLine) -> list[object]:
    return [
        first_start,
        line.code,
        line.modifiers,
        line.place_of_service,
        line.minutes,
        line.units,
        line.billable_units,
        line.session_ids,
        line.flags,
        line.explanation,
        line.rule,
        line.authorization_id,
        line.authorization_number,
        line.staff_ids,
        line.billable_if_signed,
        line.authorization_draws,
    ]
