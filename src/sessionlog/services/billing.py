"""Billing lines from the store: loads what the unit engine needs, then calls it.

The engine (:mod:`sessionlog.core.units`) only sees the sessions it is given, so
this layer decides how much history is enough: authorization draw-down needs every
session since the earliest relevant authorization began, and overlap detection
needs the same staff member's sessions with other clients.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from sessionlog.core.models import Authorization, Segment, Session, TreatmentPlan
from sessionlog.core.queries import SessionFilter
from sessionlog.core.units import (
    AuthorizationUsage,
    BillingLine,
    authorization_usage,
    compute_lines,
)
from sessionlog.services.records import Reader

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

    Running sessions are left out unless ``now`` is given (the report passes none).
    Raises NotFoundError for an unknown client."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    if client_id is not None:
        store.client(client_id)
    auths = store.authorizations(client_id)
    since = history_start(auths, start, end)
    if client_id is None:
        # Every client's sessions are loaded anyway: widened by the zone margin on both
        # sides they hold each staff member's other sessions around the period, so the
        # per-staff overlap queries would only load them a second time. The extra days
        # come after the period's draw-down or before every authorization it uses.
        margin = _ZONE_MARGIN * 2
        sessions = store.sessions(SessionFilter(start=min(since, start - margin), end=end + margin))
    else:
        sessions = store.sessions(SessionFilter(client_id=client_id, start=since, end=end))
        sessions = _with_staff_sessions(store, sessions, start, end)
    lines = _compute(store, sessions, auths, now)
    return [
        line
        for line in lines
        if start <= line.date <= end and (client_id is None or line.client_id == client_id)
    ]


def authorization_usage_for_client(
    store: Reader, client_id: str, as_of: date
) -> list[AuthorizationUsage]:
    """Each of the client's authorizations with the units signed sessions dated on or
    before ``as_of`` have drawn from it. Raises NotFoundError for an unknown client."""
    store.client(client_id)
    auths = store.authorizations(client_id)
    if not auths:
        return []
    since = min(a.start for a in auths)
    sessions = store.sessions(SessionFilter(client_id=client_id, start=since, end=as_of))
    return authorization_usage(_compute(store, sessions, auths, None), auths)


def client_period_billing(
    store: Reader, client_id: str, start: date, end: date
) -> tuple[list[BillingLine], list[AuthorizationUsage]]:
    """What a packet prints for one client and period, from one computation: the
    :func:`billing_lines` of [start, end], and each of the client's authorizations that
    overlaps the period with the units drawn from it up to ``end`` (what
    :func:`authorization_usage_for_client` gives for it). The history loaded is the one
    those authorizations need (:func:`history_start`), not the client's whole record.
    Raises NotFoundError for an unknown client."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    store.client(client_id)
    auths = store.authorizations(client_id)
    since = history_start(auths, start, end)
    sessions = store.sessions(SessionFilter(client_id=client_id, start=since, end=end))
    # The staff's sessions around the period (for overlaps) include this client's own on
    # the day after it: their lines are no part of the period nor of its draw-down.
    computed = [
        line
        for line in _compute(store, _with_staff_sessions(store, sessions, start, end), auths, None)
        if line.client_id == client_id and line.date <= end
    ]
    overlapping = [a for a in auths if a.start <= end and a.end >= start]
    lines = [line for line in computed if start <= line.date <= end]
    return lines, authorization_usage(computed, overlapping)


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
    on or before it have drawn: only the history those authorizations need (from
    :func:`history_start`), not the client's whole record. Raises NotFoundError for an
    unknown client."""
    store.client(client_id)
    auths = store.authorizations(client_id)
    covering = [a for a in auths if a.covers(day)]
    if not covering:
        return []
    since = history_start(auths, day, day)
    sessions = store.sessions(SessionFilter(client_id=client_id, start=since, end=day))
    usage = authorization_usage(_compute(store, sessions, auths, None), auths)
    wanted = {a.id for a in covering}
    return [u for u in usage if u.authorization.id in wanted]


def lines_for_days(
    store: Reader, client_days: Iterable[tuple[str, date]], now: datetime | None = None
) -> list[BillingLine]:
    """The lines of just these (client, date of service) pairs: what a change touched, or
    what a page of History shows, however many years its dates span.

    Per client, dates that need the same history (the same :func:`history_start`) share
    one computation over that history; nothing else of the agency is loaded. The lines
    are those :func:`billing_lines` gives for the client and date. Running sessions are
    left out unless ``now`` is given."""
    wanted: dict[str, set[date]] = {}
    for client_id, day in client_days:
        wanted.setdefault(client_id, set()).add(day)
    if not wanted:
        return []
    clients = {c.id: c for c in store.clients(include_archived=True)}
    staff = {m.id: m for m in store.staff_members()}
    payers = {p.id: p for p in store.payers()}
    plans: dict[str, list[TreatmentPlan]] = {}

    def plans_of(client_ids: set[str]) -> list[TreatmentPlan]:
        for cid in client_ids:
            if cid not in plans:
                plans[cid] = store.plans(cid)
        return [plan for cid in sorted(client_ids) for plan in plans[cid]]

    result: list[BillingLine] = []
    for client_id in sorted(wanted):
        if client_id not in clients:
            continue
        auths = store.authorizations(client_id)
        groups: dict[date, set[date]] = {}
        for day in wanted[client_id]:
            groups.setdefault(history_start(auths, day, day), set()).add(day)
        for since, days in sorted(groups.items()):
            sessions = store.sessions(
                SessionFilter(client_id=client_id, start=since, end=max(days))
            )
            sessions = _with_staff_sessions_on(store, sessions, days)
            lines = compute_lines(
                sessions,
                clients=clients,
                staff=staff,
                payers=payers,
                authorizations=auths,
                plans=plans_of({s.client_id for s in sessions}),
                now=now,
            )
            result += [line for line in lines if line.client_id == client_id and line.date in days]
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
