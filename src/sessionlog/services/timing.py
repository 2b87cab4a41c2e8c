"""Timing use-cases: every start, pause, resume and stop is written when it happens.

Each command loads the sessions fresh (the note form may have saved text in the
meantime), applies the pure rule from :mod:`sessionlog.core.timer`, and writes
all of a group's sessions in one transaction so attendees never disagree.
App state keeps which sessions the timer drives (so a paused timer survives a
restart) and a heartbeat (the last moment the app was known alive).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sessionlog.core import limits, timer
from sessionlog.core.catalog import places_of_service, service_codes
from sessionlog.core.clock import from_utc_text, to_utc_text
from sessionlog.core.errors import StoreError
from sessionlog.core.models import Client, GroupVisit, Segment, Session, new_id
from sessionlog.core.queries import SessionFilter
from sessionlog.core.timer import ClockReading, Heartbeat
from sessionlog.services.records import Records

ACTIVE_TIMER_KEY = "active_timer"
HEARTBEAT_KEY = "timer_heartbeat"

# Fields of a note the form may change; times change only through the timer.
NOTE_FIELDS = frozenset(
    {
        "code",
        "place_of_service",
        "telehealth",
        "objective_ids",
        "intervention",
        "response",
        "plan",
        "note",
        "manual_reason",
    }
)
# The part of a group note written once and copied to every attendee.
SHARED_GROUP_FIELDS = frozenset({"place_of_service", "telehealth", "intervention", "note"})


class TimingError(StoreError):
    """A timing command that cannot be done, worded for the user."""


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class ManualEntryError(StoreError):
    def __init__(self, problems: list[FieldError]) -> None:
        super().__init__(" ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class ActiveTimer:
    session_ids: tuple[str, ...]
    paused: bool


# ---- app state ------------------------------------------------------------------


def active_timer(store: Records) -> ActiveTimer | None:
    text = store.get_state(ACTIVE_TIMER_KEY)
    if not text:
        return None
    try:
        data = json.loads(text)
        return ActiveTimer(tuple(str(i) for i in data["session_ids"]), bool(data["paused"]))
    except (ValueError, KeyError, TypeError):
        return None


def _set_active(store: Records, session_ids: Sequence[str], paused: bool) -> None:
    store.set_state(
        ACTIVE_TIMER_KEY, json.dumps({"session_ids": list(session_ids), "paused": paused})
    )


def _clear_active(store: Records) -> None:
    store.delete_state(ACTIVE_TIMER_KEY)
    store.delete_state(HEARTBEAT_KEY)


def write_heartbeat(store: Records, session_ids: Sequence[str], reading: ClockReading) -> None:
    store.set_state(
        HEARTBEAT_KEY,
        json.dumps(
            {
                "utc": to_utc_text(reading.wall),
                "monotonic": reading.monotonic,
                "session_ids": list(session_ids),
            }
        ),
    )


def read_heartbeat(store: Records) -> Heartbeat | None:
    text = store.get_state(HEARTBEAT_KEY)
    if not text:
        return None
    try:
        data = json.loads(text)
        return Heartbeat(
            from_utc_text(data["utc"]),
            float(data["monotonic"]),
            tuple(str(i) for i in data["session_ids"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


# ---- the day's caseload ------------------------------------------------------------


@dataclass(frozen=True)
class CodeOption:
    """A service the client is authorized for on a day, with what is left of it."""

    code: str
    description: str
    authorization_number: str
    remaining: int
    granted: int
    ends: date


def caseload(store: Records, day: date) -> list[Client]:
    """Clients (not archived) with a treatment plan active on ``day``."""
    return [c for c in store.clients() if store.active_plan(c.id, day) is not None]


def code_options(store: Records, client_id: str, day: date) -> list[CodeOption]:
    """Authorizations covering ``day``, with the units signed notes have not used."""
    from sessionlog.services.billing import authorization_usage_for_client

    codes = service_codes()
    options = [
        CodeOption(
            code=u.authorization.code,
            description=codes[u.authorization.code].description
            if u.authorization.code in codes
            else "",
            authorization_number=u.authorization.number,
            remaining=u.remaining,
            granted=u.authorization.units,
            ends=u.authorization.end,
        )
        for u in authorization_usage_for_client(store, client_id, day)
        if u.authorization.covers(day)
    ]
    return sorted(options, key=lambda o: (o.code, o.ends))


def expired_authorization_end(store: Records, client_id: str, code: str, day: date) -> date | None:
    """When no authorization for ``code`` covers ``day``: the end of the latest one
    that ended before it (an expired authorization), if there is one."""
    auths = [a for a in store.authorizations(client_id) if a.code == code]
    if any(a.covers(day) for a in auths):
        return None
    ended = [a.end for a in auths if a.end < day]
    return max(ended, default=None)


# ---- timer commands -------------------------------------------------------------


def _load(store: Records, session_ids: Sequence[str]) -> list[Session]:
    sessions = [store.session(i) for i in session_ids]
    if not sessions:
        raise TimingError("No session is being timed.")
    return sessions


def _apply(
    store: Records,
    session_ids: Sequence[str],
    change: Callable[[list[Segment]], list[Segment]],
) -> list[Session]:
    """Apply one segment change to every session, in one transaction."""
    sessions = _load(store, session_ids)
    try:
        changed = [dataclasses.replace(s, segments=change(s.segments)) for s in sessions]
    except timer.TimerError as exc:
        raise TimingError(str(exc)) from exc
    with store.transaction():
        for session in changed:
            store.save_session(session)
    return changed


def _last_place(store: Records, client_id: str, code: str) -> tuple[str, bool]:
    """Where this client was last seen for this code: a sensible default to review."""
    previous = [s for s in store.sessions(SessionFilter(client_id=client_id, code=code))]
    for session in reversed(previous):
        if session.place_of_service:
            return session.place_of_service, session.telehealth
    return "", False


def start_session(
    store: Records, *, client_id: str, staff_id: str, code: str, reading: ClockReading
) -> Session:
    if code not in service_codes():
        raise TimingError(f"Service code {code!r} is not one SessionLog knows.")
    client = store.client(client_id)
    place, telehealth = _last_place(store, client_id, code)
    session = Session(
        id=new_id(),
        client_id=client.id,
        staff_id=staff_id,
        code=code,
        segments=timer.start(reading.wall),
        place_of_service=place,
        telehealth=telehealth,
        timezone=client.timezone,
    )
    with store.transaction():
        store.save_session(session)
        _set_active(store, [session.id], paused=False)
        write_heartbeat(store, [session.id], reading)
    return session


def start_group(
    store: Records,
    *,
    client_ids: Sequence[str],
    staff_id: str,
    code: str,
    reading: ClockReading,
) -> list[Session]:
    """One group visit and one session per attendee, sharing the group id and times."""
    ids = list(dict.fromkeys(client_ids))
    if len(ids) < 2:
        raise TimingError("A group needs at least two attendees.")
    if code not in service_codes():
        raise TimingError(f"Service code {code!r} is not one SessionLog knows.")
    clients = [store.client(i) for i in ids]
    place, telehealth = _last_place(store, clients[0].id, code)
    visit = GroupVisit(
        id=new_id(), staff_id=staff_id, code=code, place_of_service=place, telehealth=telehealth
    )
    segments = timer.start(reading.wall)
    sessions = [
        Session(
            id=new_id(),
            client_id=c.id,
            staff_id=staff_id,
            code=code,
            segments=list(segments),
            place_of_service=place,
            telehealth=telehealth,
            group_size=len(clients),
            group_id=visit.id,
            timezone=c.timezone,
        )
        for c in clients
    ]
    with store.transaction():
        store.save_group_visit(visit)
        for session in sessions:
            store.save_session(session)
        _set_active(store, [s.id for s in sessions], paused=False)
        write_heartbeat(store, [s.id for s in sessions], reading)
    return sessions


def pause(store: Records, session_ids: Sequence[str], reading: ClockReading) -> list[Session]:
    with store.transaction():
        sessions = _apply(store, session_ids, lambda segs: timer.pause(segs, reading.wall))
        _set_active(store, session_ids, paused=True)
    return sessions


def resume(store: Records, session_ids: Sequence[str], reading: ClockReading) -> list[Session]:
    with store.transaction():
        sessions = _apply(store, session_ids, lambda segs: timer.resume(segs, reading.wall))
        _set_active(store, session_ids, paused=False)
        write_heartbeat(store, session_ids, reading)
    return sessions


def stop(store: Records, session_ids: Sequence[str], reading: ClockReading) -> list[Session]:
    with store.transaction():
        sessions = _apply(store, session_ids, lambda segs: timer.stop(segs, reading.wall))
        _clear_active(store)
    return sessions


def pause_at(store: Records, session_ids: Sequence[str], at: datetime) -> list[Session]:
    """Pause at an earlier moment: when the computer went to sleep."""
    with store.transaction():
        sessions = _apply(store, session_ids, lambda segs: timer.stop_at(segs, at))
        _set_active(store, session_ids, paused=True)
    return sessions


def rebase_running(store: Records, session_ids: Sequence[str], shift: timedelta) -> list[Session]:
    """Keep the measured length after the wall clock was set (see ``timer.rebase_open``)."""
    return _apply(store, session_ids, lambda segs: timer.rebase_open(segs, shift))


# ---- crash recovery ---------------------------------------------------------------


def interrupted_sessions(store: Records) -> list[Session]:
    """Sessions whose timer was running when the app last ended."""
    return store.running_sessions()


def recover_keep_running(
    store: Records, session_ids: Sequence[str], reading: ClockReading
) -> list[Session]:
    """The coach was still working: the open segments stay open, time kept."""
    sessions = _load(store, session_ids)
    with store.transaction():
        _set_active(store, session_ids, paused=False)
        write_heartbeat(store, session_ids, reading)
    return sessions


def recover_stop_at_heartbeat(store: Records, session_ids: Sequence[str]) -> list[Session]:
    """End each open segment at the last moment the app was known alive."""
    heartbeat = read_heartbeat(store)
    with store.transaction():
        sessions = _apply(
            store,
            session_ids,
            lambda segs: timer.stop_at(segs, timer.recovery_stop_instant(segs, heartbeat)),
        )
        _clear_active(store)
    return sessions


def paused_timer(store: Records) -> list[Session]:
    """The sessions of a timer left paused (not stopped) when the app last ended."""
    active = active_timer(store)
    if active is None or not active.paused:
        return []
    sessions: list[Session] = []
    for session_id in active.session_ids:
        if not store.session_exists(session_id):
            continue
        session = store.session(session_id)
        if not session.signed and session.segments:
            sessions.append(session)
    if not sessions:
        store.delete_state(ACTIVE_TIMER_KEY)
    return sessions


# ---- the intervention -----------------------------------------------------------------

# Methods a coach commonly names; the note keeps them as words a reviewer reads.
INTERVENTION_METHODS = (
    "Modeling",
    "Role-play",
    "Prompting",
    "Job-site coaching",
    "Employer contact",
    "Task analysis",
    "Positive reinforcement",
    "Practice / rehearsal",
    "Feedback",
    "Problem solving",
    "Visual supports",
    "Travel training",
)
_METHODS_PREFIX = "Methods: "


def compose_intervention(methods: Sequence[str], text: str) -> str:
    """The intervention as one readable text: a "Methods:" line, then the details."""
    body = text.strip()
    if not methods:
        return body
    line = _METHODS_PREFIX + ", ".join(methods) + "."
    return f"{line}\n{body}" if body else line


def split_intervention(intervention: str) -> tuple[list[str], str]:
    """The reverse of :func:`compose_intervention`; text without a "Methods:" line
    (older notes, imports) is all details."""
    first, _, rest = intervention.partition("\n")
    if not first.startswith(_METHODS_PREFIX):
        return [], intervention
    named = [m.strip() for m in first[len(_METHODS_PREFIX) :].rstrip(".").split(",")]
    known = {m.lower(): m for m in INTERVENTION_METHODS}
    if not all(n.lower() in known for n in named if n):
        return [], intervention  # not a line this app wrote: leave it as text
    return [known[n.lower()] for n in named if n], rest


# ---- the note ---------------------------------------------------------------------


class NoteTextError(StoreError):
    """Typed text the limits refuse (too long, a NUL); names the field, saves nothing."""


def check_note_text(fields: Mapping[str, object]) -> None:
    """The text limits of core.limits for every text field being written."""
    problems = []
    for name, value in fields.items():
        if isinstance(value, str):
            problem = limits.text_problem(value)
            if problem:
                problems.append(f"{NOTE_FIELD_LABELS.get(name, name)}: {problem}")
    if problems:
        raise NoteTextError("Not saved: " + "; ".join(problems) + ".")


NOTE_FIELD_LABELS = {
    "intervention": "Intervention",
    "response": "Client's response",
    "plan": "Plan",
    "note": "Note",
    "manual_reason": "Reason not timed",
    "reason": "Reason",
    "text": "Text",
}


def update_note(store: Records, session_id: str, **fields: Any) -> Session:
    """Write some note fields of one session (fresh from the store, so timer changes
    made meanwhile are kept)."""
    unknown = set(fields) - NOTE_FIELDS
    if unknown:
        raise ValueError(f"not note fields: {sorted(unknown)}")
    check_note_text(fields)
    session = dataclasses.replace(store.session(session_id), **fields)
    store.save_session(session)
    return session


def update_group_shared(store: Records, group_id: str, **fields: Any) -> list[Session]:
    """Write the shared part of a group note once: to the group visit and to every
    unsigned attendee's session (a signed note keeps what was signed)."""
    unknown = set(fields) - SHARED_GROUP_FIELDS
    if unknown:
        raise ValueError(f"not shared group fields: {sorted(unknown)}")
    check_note_text(fields)
    visit = dataclasses.replace(store.group_visit(group_id), **fields)
    changed: list[Session] = []
    with store.transaction():
        store.save_group_visit(visit)
        for session in group_sessions(store, group_id):
            if session.signed:
                continue
            updated = dataclasses.replace(session, **fields)
            store.save_session(updated)
            changed.append(updated)
    return changed


def group_sessions(store: Records, group_id: str) -> list[Session]:
    return store.sessions_in_group(group_id)


def has_own_writing(session: Session) -> bool:
    """Whether anything was written for this attendee alone."""
    return bool(session.objective_ids or session.response.strip() or session.plan.strip())


def remove_attendee(store: Records, session_id: str, active_ids: Sequence[str]) -> list[str]:
    """Take an absent client out of a group: their session is deleted (an absent
    client gets no note), the others' group size shrinks. Returns the timer's
    remaining session ids."""
    session = store.session(session_id)
    if session.signed:
        raise TimingError("A signed note cannot be removed from its group.")
    if session.group_id is None:
        raise TimingError("This session is not part of a group.")
    remaining = [i for i in active_ids if i != session_id]
    with store.transaction():
        store.delete_unsigned_session(session_id)
        others = group_sessions(store, session.group_id)
        for other in others:
            if not other.signed and other.group_size != len(others):
                store.save_session(dataclasses.replace(other, group_size=len(others)))
        active = active_timer(store)
        if active is not None and session_id in active.session_ids:
            _set_active(store, remaining, active.paused)
    return remaining


# ---- manual entry -------------------------------------------------------------------


def _local_instant(day: date, at: time, zone: ZoneInfo) -> datetime | None:
    """The instant of a local wall time, or None when the day skips that time (DST)."""
    candidate = datetime.combine(day, at, zone)
    round_trip = candidate.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if round_trip.replace(tzinfo=None) != candidate.replace(tzinfo=None):
        return None
    return candidate.astimezone(ZoneInfo("UTC"))


def create_manual_session(
    store: Records,
    *,
    client_id: str,
    staff_id: str,
    code: str,
    day: date,
    start: time,
    end: time,
    reason: str,
    now: datetime,
) -> Session:
    """A session that was not timed, entered afterwards with its local times (in the
    client's zone) and the reason it was not timed. Nothing is written on a problem."""
    problems: list[FieldError] = []
    client = store.client(client_id)
    zone = ZoneInfo(client.timezone)
    if code not in service_codes():
        problems.append(FieldError("Service code", "choose the service code"))
    start_at = _local_instant(day, start, zone)
    end_at = _local_instant(day, end, zone)
    if start_at is None:
        problems.append(
            FieldError("Start", f"{start:%H:%M} does not exist on {day} (clocks moved forward)")
        )
    if end_at is None:
        problems.append(
            FieldError("End", f"{end:%H:%M} does not exist on {day} (clocks moved forward)")
        )
    if start_at is not None and end_at is not None and end_at <= start_at:
        problems.append(FieldError("End", "must be after the start time"))
    if start_at is not None and start_at > now:
        problems.append(FieldError("Start", "is in the future; enter a session that happened"))
    elif end_at is not None and end_at > now:
        problems.append(FieldError("End", "is in the future; enter a session that happened"))
    if not reason.strip():
        problems.append(FieldError("Reason", "say why the session was not timed"))
    elif limits.text_problem(reason):
        problems.append(FieldError("Reason", str(limits.text_problem(reason))))
    too_early = limits.service_date_problem(day, now.date())
    if too_early:
        problems.append(FieldError("Start", too_early))
    if problems:
        raise ManualEntryError(problems)
    assert start_at is not None and end_at is not None
    place, telehealth = _last_place(store, client_id, code)
    session = Session(
        id=new_id(),
        client_id=client.id,
        staff_id=staff_id,
        code=code,
        segments=[Segment(start_at, end_at)],
        place_of_service=place if place in places_of_service() else "",
        telehealth=telehealth,
        timezone=client.timezone,
        manual_reason=reason.strip(),
    )
    store.save_session(session)
    return session
