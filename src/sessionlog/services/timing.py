"""Timing use-cases: every start, pause, resume and stop is written when it happens.

Each command loads the sessions fresh (the note form may have saved text in the
meantime), applies the pure rule from :mod:`sessionlog.core.timer`, and writes
all of a group's sessions in one transaction so attendees never disagree.
Each timed session's own row in ``session_timers`` keeps whether it runs or is paused
(so a paused timer survives a restart) and its heartbeat (the last moment the app was
known alive with it running), so nothing one timer does touches another's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from sessionlog.core import limits, timer
from sessionlog.core.catalog import places_of_service, service_codes
from sessionlog.core.changes import Changes, Written
from sessionlog.core.clock import local, to_utc_text
from sessionlog.core.errors import StoreError
from sessionlog.core.models import Client, GroupVisit, Segment, Session, SessionStatus, new_id
from sessionlog.core.timer import ClockReading, Heartbeat
from sessionlog.services.records import (
    CaseloadRecords,
    DraftMoving,
    ManualEntry,
    NoteWriting,
    Reader,
    SessionReader,
    TimeCorrecting,
    TimingRecords,
)
from sessionlog.services.wording import date_text, mark, t

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


# ---- timer state (one row per timed session) ----------------------------------------


def active_timer(store: TimingRecords) -> ActiveTimer | None:
    """The sessions the timer drives (the app times one session or one group at a time)."""
    rows = store.timers()
    if not rows:
        return None
    return ActiveTimer(tuple(r.session_id for r in rows), not any(r.running for r in rows))


def _set_active(store: TimingRecords, session_ids: Sequence[str], paused: bool) -> None:
    store.set_timers(session_ids, running=not paused)


def write_heartbeat(
    store: TimingRecords, session_ids: Sequence[str], reading: ClockReading
) -> None:
    """The last moment these sessions were known to be running, on their own rows."""
    store.write_heartbeats(session_ids, reading.wall, reading.monotonic)


def write_running_heartbeat(
    store: TimingRecords, session_ids: Sequence[str], reading: ClockReading
) -> bool:
    """A beat from the heartbeat thread: written only while the sessions still run, never
    after a Pause or Stop committed, never older than the stored one. True if written."""
    return store.write_running_heartbeats(session_ids, reading.wall, reading.monotonic) > 0


def read_heartbeat(
    store: TimingRecords, session_ids: Sequence[str] | None = None
) -> Heartbeat | None:
    """The latest heartbeat of these sessions (default: every timed session)."""
    wanted = None if session_ids is None else set(session_ids)
    beats = [
        r
        for r in store.timers()
        if r.heartbeat_utc is not None and (wanted is None or r.session_id in wanted)
    ]
    if not beats:
        return None
    latest = max(beats, key=lambda r: r.heartbeat_utc or datetime.min)
    assert latest.heartbeat_utc is not None
    return Heartbeat(
        latest.heartbeat_utc,
        float(latest.heartbeat_monotonic or 0.0),
        tuple(r.session_id for r in beats if r.heartbeat_utc == latest.heartbeat_utc),
    )


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


def caseload(store: CaseloadRecords, day: date) -> list[Client]:
    """Clients (not archived) with a treatment plan active on ``day``."""
    with_plan = store.clients_with_plan_on(day)
    return [c for c in store.clients() if c.id in with_plan]


def code_options(store: Reader, client_id: str, day: date) -> list[CodeOption]:
    """Authorizations covering ``day``, with the units signed notes have not used."""
    from sessionlog.services.billing import authorization_usage_on

    codes = service_codes()
    options = [
        CodeOption(
            code=u.authorization.code,
            description=codes[u.authorization.code].shown_description
            if u.authorization.code in codes
            else "",
            authorization_number=u.authorization.number,
            remaining=u.remaining,
            granted=u.authorization.units,
            ends=u.authorization.end,
        )
        for u in authorization_usage_on(store, client_id, day)
    ]
    return sorted(options, key=lambda o: (o.code, o.ends))


def covering_codes(store: Reader, client_id: str, day: date) -> list[CodeOption]:
    """The services authorized on ``day``, as :func:`code_options` lists them, without
    working out what is left (``remaining`` is the units granted): no billing, only the
    client's authorizations, for a list to show at once."""
    codes = service_codes()
    options = [
        CodeOption(
            code=a.code,
            description=codes[a.code].shown_description if a.code in codes else "",
            authorization_number=a.number,
            remaining=a.units,
            granted=a.units,
            ends=a.end,
        )
        for a in store.authorizations(client_id)
        if a.covers(day)
    ]
    return sorted(options, key=lambda o: (o.code, o.ends))


def expired_authorization_end(store: Reader, client_id: str, code: str, day: date) -> date | None:
    """When no authorization for ``code`` covers ``day``: the end of the latest one
    that ended before it (an expired authorization), if there is one."""
    auths = [a for a in store.authorizations(client_id) if a.code == code]
    if any(a.covers(day) for a in auths):
        return None
    ended = [a.end for a in auths if a.end < day]
    return max(ended, default=None)


# ---- timer commands -------------------------------------------------------------


def _load(store: TimingRecords, session_ids: Sequence[str]) -> list[Session]:
    sessions = [store.session(i) for i in session_ids]
    if not sessions:
        raise TimingError(t("No session is being timed."))
    return sessions


def _apply(
    store: TimingRecords,
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


def _last_place(store: SessionReader, client_id: str, code: str) -> tuple[str, bool]:
    """Where this client was last seen for this code: a sensible default to review."""
    return store.last_place(client_id, code) or ("", False)


def start_session(
    store: TimingRecords, *, client_id: str, staff_id: str, code: str, reading: ClockReading
) -> Written[Session]:
    if code not in service_codes():
        raise TimingError(t("Service code {code!r} is not one SessionLog knows.", code=code))
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
    return Written.sessions(session, [session])


def start_group(
    store: TimingRecords,
    *,
    client_ids: Sequence[str],
    staff_id: str,
    code: str,
    reading: ClockReading,
) -> Written[list[Session]]:
    """One group visit and one session per attendee, sharing the group id and times."""
    ids = list(dict.fromkeys(client_ids))
    if len(ids) < 2:
        raise TimingError(t("A group needs at least two attendees."))
    if code not in service_codes():
        raise TimingError(t("Service code {code!r} is not one SessionLog knows.", code=code))
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
    return Written.sessions(sessions, sessions)


def pause(
    store: TimingRecords, session_ids: Sequence[str], reading: ClockReading
) -> Written[list[Session]]:
    with store.transaction():
        sessions = _apply(store, session_ids, lambda segs: timer.pause(segs, reading.wall))
        _set_active(store, session_ids, paused=True)
    return Written.sessions(sessions, sessions)


def resume(
    store: TimingRecords, session_ids: Sequence[str], reading: ClockReading
) -> Written[list[Session]]:
    with store.transaction():
        sessions = _apply(store, session_ids, lambda segs: timer.resume(segs, reading.wall))
        _set_active(store, session_ids, paused=False)
        write_heartbeat(store, session_ids, reading)
    return Written.sessions(sessions, sessions)


def stop(
    store: TimingRecords, session_ids: Sequence[str], reading: ClockReading
) -> Written[list[Session]]:
    with store.transaction():
        sessions = _apply(store, session_ids, lambda segs: timer.stop(segs, reading.wall))
        store.clear_timers(session_ids)
    return Written.sessions(sessions, sessions)


def pause_at(
    store: TimingRecords, session_ids: Sequence[str], at: datetime
) -> Written[list[Session]]:
    """Pause at an earlier moment: when the computer went to sleep."""
    with store.transaction():
        sessions = _apply(store, session_ids, lambda segs: timer.stop_at(segs, at))
        _set_active(store, session_ids, paused=True)
    return Written.sessions(sessions, sessions)


def place_by_new_clock(
    store: TimingRecords, session_ids: Sequence[str], shift: timedelta
) -> Written[list[Session]]:
    """The wall clock was set by ``shift`` and the new clock is right: move every instant
    of these sessions by it, so they read in the new clock's terms. Lengths and pauses
    stay as measured (see ``timer.shift_segments``)."""
    moved = _apply(store, session_ids, lambda segs: timer.shift_segments(segs, shift))
    return Written.sessions(moved, moved)


def count_sleep(
    store: TimingRecords, session_ids: Sequence[str], slept: timedelta, reason: str
) -> Written[None]:
    """The coach says the session went on while the computer slept: record why (the
    running length then includes the sleep; the open segment's start is unchanged)."""
    if not reason.strip():
        raise TimingError(t("Say why the time asleep was session time."))
    with store.transaction():
        for session_id in session_ids:
            store.add_time_correction(
                session_id,
                "sleep_counted",
                reason.strip(),
                {"seconds": round(slept.total_seconds())},
            )
    # A correction is part of its session's record (the note lists it).
    return Written.sessions(None, [store.session(i) for i in session_ids])


# ---- crash recovery ---------------------------------------------------------------


def interrupted_sessions(store: TimingRecords) -> list[Session]:
    """Sessions whose timer was running when the app last ended."""
    return store.running_sessions()


# Keeping a crashed timer running across a longer gap than this asks a second time.
LONG_GAP = timedelta(hours=12)


def keep_running_limit(store: TimingRecords, session: Session) -> timedelta:
    """The longest gap that may be counted without asking twice: 12 hours, or less when
    the payer pays at most so many 15-minute units of this code a day."""
    from sessionlog.core.models import UnitKind

    limit = LONG_GAP
    service = service_codes().get(session.code)
    try:
        payer = store.payer(store.client(session.client_id).payer_id)
    except StoreError:
        return limit
    units = payer.daily_max_units.get(session.code)
    if units and service is not None and service.unit is UnitKind.MINUTES_15:
        limit = min(limit, timedelta(minutes=15 * units))
    return limit


def recover_keep_running(
    store: TimingRecords, session_ids: Sequence[str], reading: ClockReading
) -> Written[list[Session]]:
    """The coach was still working: the open segments stay open, time kept."""
    sessions = _load(store, session_ids)
    with store.transaction():
        _set_active(store, session_ids, paused=False)
        write_heartbeat(store, session_ids, reading)
    return Written.sessions(sessions, sessions)


def recover_stop_at_heartbeat(
    store: TimingRecords, session_ids: Sequence[str]
) -> Written[list[Session]]:
    """End each open segment at the last moment the app was known alive with it."""
    stopped: list[Session] = []
    with store.transaction():
        for session_id in session_ids:
            heartbeat = read_heartbeat(store, [session_id])

            def stop_at_last_beat(
                segs: list[Segment], beat: Heartbeat | None = heartbeat
            ) -> list[Segment]:
                return timer.stop_at(segs, timer.recovery_stop_instant(segs, beat))

            stopped += _apply(
                store,
                [session_id],
                stop_at_last_beat,
            )
        store.clear_timers(session_ids)
    return Written.sessions(stopped, stopped)


def paused_timer(store: TimingRecords) -> list[Session]:
    """The sessions of a timer left paused (not stopped) when the app last ended."""
    paused_ids = [r.session_id for r in store.timers() if not r.running]
    sessions = [store.session(i) for i in paused_ids]
    sessions = [s for s in sessions if not s.signed and s.segments]
    if not sessions:
        store.clear_timers(paused_ids)
    return sessions


# ---- the intervention -----------------------------------------------------------------

# Methods a coach commonly names; the note keeps them as words a reviewer reads. The note
# text keeps the English words (the record's language, read back when the note reopens);
# the form's check boxes show them in the GUI's language (``method_label``).
INTERVENTION_METHODS = (
    mark("Modeling"),
    mark("Role-play"),
    mark("Prompting"),
    mark("Job-site coaching"),
    mark("Employer contact"),
    mark("Task analysis"),
    mark("Positive reinforcement"),
    mark("Practice / rehearsal"),
    mark("Feedback"),
    mark("Problem solving"),
    mark("Visual supports"),
    mark("Travel training"),
)


def method_label(method: str) -> str:
    """An intervention method as the note form's check box shows it."""
    return t(method)


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
                problems.append(
                    t("{field}: {problem}", field=note_field_label(name), problem=problem)
                )
    if problems:
        # The form says "Not saved: " before it (note_form), as for every failed save.
        raise NoteTextError("; ".join(problems) + ".")


def note_field_label(name: str) -> str:
    """A note field as a message names it: the label the coach sees in the note form."""
    labels = {
        "intervention": t("Details"),
        "response": t("Response"),
        "plan": t("Next session"),
        "note": t("Narrative"),
        "manual_reason": t("Reason not timed"),
        "reason": t("Reason"),
        "text": t("Text"),
    }
    return labels.get(name, name)


def _skipped_time(moment: time, day: date) -> str:
    return t(
        "{time} does not exist on {day} (clocks moved forward)",
        time=moment.strftime("%H:%M"),
        day=date_text(day),
    )


def update_note(store: NoteWriting, session_id: str, **fields: Any) -> Written[Session]:
    """Write some note fields of one session (fresh from the store, so timer changes
    made meanwhile are kept)."""
    unknown = set(fields) - NOTE_FIELDS
    if unknown:
        raise ValueError(f"not note fields: {sorted(unknown)}")
    check_note_text(fields)
    session = dataclasses.replace(store.session(session_id), **fields)
    store.save_session(session)
    return Written.sessions(session, [session])


def update_group_shared(store: NoteWriting, group_id: str, **fields: Any) -> Written[list[Session]]:
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
    return Written.sessions(changed, changed)


def save_note(
    store: NoteWriting, session_id: str, group_id: str | None, **fields: Any
) -> Written[Session]:
    """The note form's save, in one transaction: with ``group_id``, the shared part goes
    to the group visit and every unsigned attendee and the rest to this session alone."""
    if group_id is None:
        return update_note(store, session_id, **fields)
    shared = {k: v for k, v in fields.items() if k in SHARED_GROUP_FIELDS}
    own = {k: v for k, v in fields.items() if k not in SHARED_GROUP_FIELDS}
    with store.transaction():
        group = update_group_shared(store, group_id, **shared)
        mine = update_note(store, session_id, **own)
    return Written(mine.value, group.changes | mine.changes)


def group_sessions(store: SessionReader, group_id: str) -> list[Session]:
    return store.sessions_in_group(group_id)


def has_own_writing(session: Session) -> bool:
    """Whether anything was written for this attendee alone."""
    return bool(session.objective_ids or session.response.strip() or session.plan.strip())


def remove_attendee(
    store: TimingRecords, session_id: str, active_ids: Sequence[str]
) -> Written[list[str]]:
    """Take an absent client out of a group: their session is deleted (an absent
    client gets no note), the others' group size shrinks. Returns the timer's
    remaining session ids."""
    session = store.session(session_id)
    if session.signed:
        raise TimingError(t("A signed note cannot be removed from its group."))
    if session.group_id is None:
        raise TimingError(t("This session is not part of a group."))
    remaining = [i for i in active_ids if i != session_id]
    resized: list[Session] = []
    with store.transaction():
        store.delete_unsigned_session(session_id)
        others = group_sessions(store, session.group_id)
        for other in others:
            if not other.signed and other.group_size != len(others):
                resized.append(dataclasses.replace(other, group_size=len(others)))
                store.save_session(resized[-1])
    # The deleted session is named too: its client's day loses its units.
    return Written.sessions(remaining, [session, *resized])


def stop_attendee(
    store: TimingRecords, session_id: str, active_ids: Sequence[str], reading: ClockReading
) -> Written[list[str]]:
    """One attendee leaves early while the group goes on: their time stops now (they
    still attended, so the group size stays). Returns the timer's remaining ids."""
    session = store.session(session_id)
    if session.group_id is None:
        raise TimingError(t("This session is not part of a group."))
    remaining = [i for i in active_ids if i != session_id]
    if not remaining:
        raise TimingError(t("The last attendee stops with the group: use Stop."))
    with store.transaction():
        stopped = _apply(store, [session_id], lambda segs: timer.stop(segs, reading.wall))
        store.clear_timers([session_id])
    return Written.sessions(remaining, stopped)


def add_late_arrival(
    store: TimingRecords,
    *,
    group_id: str,
    client_id: str,
    active_ids: Sequence[str],
    reading: ClockReading,
) -> Written[Session]:
    """A client joins a running group late: their own session in the group, timed from
    now, with the group's shared part; every unsigned attendee's group size follows."""
    visit = store.group_visit(group_id)
    attendees = group_sessions(store, group_id)
    if any(s.client_id == client_id for s in attendees):
        raise TimingError(t("This client is already in the group."))
    running = [store.timer(i) for i in active_ids]
    if not active_ids or not all(r is not None and r.running for r in running):
        raise TimingError(t("A late arrival joins a running group: resume the timer first."))
    client = store.client(client_id)
    session = Session(
        id=new_id(),
        client_id=client.id,
        staff_id=visit.staff_id,
        code=visit.code,
        segments=timer.start(reading.wall),
        place_of_service=visit.place_of_service,
        telehealth=visit.telehealth,
        intervention=visit.intervention,
        note=visit.note,
        group_size=len(attendees) + 1,
        group_id=group_id,
        timezone=client.timezone,
    )
    resized = [
        dataclasses.replace(other, group_size=len(attendees) + 1)
        for other in attendees
        if not other.signed
    ]
    with store.transaction():
        store.save_session(session)
        for other in resized:
            store.save_session(other)
        store.set_timers([session.id], running=True)
        write_heartbeat(store, [session.id], reading)
    return Written.sessions(session, [session, *resized])


# ---- manual entry -------------------------------------------------------------------


def _local_instant(day: date, at: time, zone: ZoneInfo) -> datetime | None:
    """The instant of a local wall time, or None when the day skips that time (DST)."""
    candidate = datetime.combine(day, at, zone)
    round_trip = candidate.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if round_trip.replace(tzinfo=None) != candidate.replace(tzinfo=None):
        return None
    return candidate.astimezone(ZoneInfo("UTC"))


def manual_overlaps(
    store: ManualEntry, *, staff_id: str, client_id: str, day: date, start: time, end: time
) -> list[Session]:
    """The coach's other sessions these local times (the client's zone) would overlap:
    auditors check a staff member's clock times for overlaps."""
    zone = ZoneInfo(store.client(client_id).timezone)
    start_at, end_at = _local_instant(day, start, zone), _local_instant(day, end, zone)
    if start_at is None or end_at is None or end_at <= start_at:
        return []  # the entry itself is wrong; create_manual_session says how
    return store.staff_sessions_between(staff_id, start_at, end_at)


# A manual entry's default length, from where the coach's day left off.
MANUAL_DEFAULT_LENGTH = timedelta(hours=1)


def default_manual_times(
    store: ManualEntry, *, staff_id: str, client_id: str, day: date, now: datetime
) -> tuple[time, time] | None:
    """Default start and end for a manual entry: right after the coach's last session of
    ``day`` (local to the client), an hour long but not past now or midnight; None when
    the coach has no session that day."""
    zone = ZoneInfo(store.client(client_id).timezone)
    day_start = datetime.combine(day, time(0), zone)
    day_end = day_start + timedelta(days=1)
    ends = [
        segment.end or now
        for session in store.staff_sessions_between(staff_id, day_start, day_end)
        for segment in session.segments
    ]
    if not ends:
        return None
    start_at = max(ends).astimezone(zone)
    latest = min(now.astimezone(zone), day_end.astimezone(zone) - timedelta(minutes=1))
    end_at = max(start_at, min(start_at + MANUAL_DEFAULT_LENGTH, latest))
    if end_at.date() != start_at.date():
        return None
    # Whole minutes, the start rounded up so it never touches the previous session.
    start_minute = (start_at + timedelta(seconds=59)).replace(second=0, microsecond=0)
    return start_minute.time(), end_at.replace(second=0, microsecond=0).time()


def create_manual_session(
    store: ManualEntry,
    *,
    client_id: str,
    staff_id: str,
    code: str,
    day: date,
    start: time,
    end: time,
    reason: str,
    now: datetime,
) -> Written[Session]:
    """A session that was not timed, entered afterwards with its local times (in the
    client's zone) and the reason it was not timed. Nothing is written on a problem."""
    problems: list[FieldError] = []
    client = store.client(client_id)
    zone = ZoneInfo(client.timezone)
    if code not in service_codes():
        problems.append(FieldError("Service code", t("choose the service code")))
    start_at = _local_instant(day, start, zone)
    end_at = _local_instant(day, end, zone)
    if start_at is None:
        problems.append(FieldError("Start", _skipped_time(start, day)))
    if end_at is None:
        problems.append(FieldError("End", _skipped_time(end, day)))
    if start_at is not None and end_at is not None and end_at <= start_at:
        problems.append(FieldError("End", t("must be after the start time")))
    if start_at is not None and start_at > now:
        problems.append(FieldError("Start", t("is in the future; enter a session that happened")))
    elif end_at is not None and end_at > now:
        problems.append(FieldError("End", t("is in the future; enter a session that happened")))
    if not reason.strip():
        problems.append(FieldError("Reason", t("say why the session was not timed")))
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
    return Written.sessions(session, [session])


# ---- correcting a draft's times ----------------------------------------------------

TIME_EDIT = "time_edit"


def correct_times(
    store: TimeCorrecting,
    session_id: str,
    spans: Sequence[tuple[time, time]],
    reason: str,
    *,
    now: datetime,
) -> Written[Session]:
    """Replace an unsigned, stopped session's stretches of time with ``spans`` (local times
    on its date of service, in the client's zone), recording why: the note then says its
    times were corrected. Nothing is written on a problem (each named by segment)."""
    session = store.session(session_id)
    if session.signed:
        raise TimingError(t("A signed note is locked: correct its times in an addendum."))
    if session.status is SessionStatus.RUNNING or store.timer(session_id) is not None:
        raise TimingError(t("Stop the timer before correcting the times."))
    day = session.service_date()
    if day is None:
        raise TimingError(t("A session with no time recorded has no date to correct times on."))
    zone = ZoneInfo(session.timezone)
    problems: list[FieldError] = []
    if not spans:
        problems.append(
            FieldError(
                "Times", t("a session needs at least one stretch; discard the draft instead")
            )
        )
    segments: list[Segment] = []
    for number, (start, end) in enumerate(spans, start=1):
        label = t("Segment {number}", number=number)
        start_at, end_at = _local_instant(day, start, zone), _local_instant(day, end, zone)
        if start_at is None or end_at is None:
            missing = start if start_at is None else end
            problems.append(FieldError(label, _skipped_time(missing, day)))
            continue
        if end_at <= start_at:
            problems.append(FieldError(label, t("the end must be after the start")))
            continue
        if end_at > now:
            problems.append(FieldError(label, t("ends in the future; enter what happened")))
            continue
        segments.append(Segment(start_at, end_at))
    segments.sort(key=lambda s: s.start)
    for earlier, later in pairwise(segments):
        assert earlier.end is not None
        if later.start < earlier.end:
            problems.append(
                FieldError("Times", t("two stretches overlap; a pause ends before the next starts"))
            )
            break
    if not reason.strip():
        problems.append(FieldError("Reason", t("say why the times are corrected")))
    if problems:
        raise ManualEntryError(problems)
    before = [
        (to_utc_text(s.start), to_utc_text(s.end) if s.end else None) for s in session.segments
    ]
    after = [(to_utc_text(s.start), to_utc_text(s.end) if s.end else None) for s in segments]
    if before == after:
        raise ManualEntryError([FieldError("Times", t("nothing was changed"))])
    corrected = dataclasses.replace(session, segments=segments)
    with store.transaction():
        store.save_session(corrected)
        store.add_time_correction(
            session_id, TIME_EDIT, reason.strip(), {"before": before, "after": after}
        )
    saved = store.session(session_id)
    return Written.sessions(saved, [saved])


_CORRECTION_WORDS = {TIME_EDIT: "times edited", "sleep_counted": "time asleep counted"}


def _iso_minute(moment: datetime, zone: str) -> str:
    return local(moment, zone).strftime("%Y-%m-%d %H:%M %Z")


def time_correction_lines(
    store: Reader,
    session_id: str,
    *,
    word: Callable[[str], str] = str,
    when_text: Callable[[datetime, str], str] = _iso_minute,
    zone: str | None = None,
) -> list[str]:
    """Each correction of a session's time, as a reviewer reads it:
    "times edited: the timer was started late (Rosa Delgado, 2026-11-20 17:04 CST)".
    The packet passes its language's ``word`` (for the kind) and ``when_text``, and the
    session's ``zone`` it already holds (the session is not read again for it)."""
    corrections = store.time_corrections(session_id)
    if not corrections:
        return []
    shown_zone = zone if zone is not None else store.session(session_id).timezone
    lines = []
    for correction in corrections:
        try:
            who = store.staff(correction.actor).name
        except StoreError:
            who = correction.actor
        when = when_text(correction.at_utc, shown_zone)
        what = word(_CORRECTION_WORDS.get(correction.kind, correction.kind))
        lines.append(f"{what}: {correction.reason} ({who}, {when})")
    return lines


# ---- changing a draft's client -------------------------------------------------------


def clients_for_draft(store: DraftMoving, session_id: str) -> list[Client]:
    """The clients a draft may be moved to: those with a plan covering its date."""
    session = store.session(session_id)
    day = session.service_date()
    if day is None:
        return []
    return [
        c
        for c in store.clients()
        if c.id != session.client_id and store.active_plan(c.id, day) is not None
    ]


def change_client(
    store: DraftMoving, session_id: str, client_id: str
) -> Written[tuple[Session, int]]:
    """Move an unsigned, stopped, individual session to another client whose plan covers
    its date (the timer was started on the wrong client). Objectives ticked for the old
    client are cleared (they belong to the old plan); returns the session and how many.
    The instants stay; the session is dated in the new client's zone."""
    session = store.session(session_id)
    if session.signed:
        raise TimingError(t("A signed note is locked: it cannot move to another client."))
    if session.group_id is not None:
        raise TimingError(t("A group attendee's note cannot move to another client."))
    if session.status is SessionStatus.RUNNING or store.timer(session_id) is not None:
        raise TimingError(t("Stop the timer before changing the client."))
    client = store.client(client_id)
    day = session.service_date()
    if day is None or store.active_plan(client.id, day) is None:
        raise TimingError(
            t(
                "{name} has no treatment plan covering {day}.",
                name=client.name,
                day=date_text(day) if day is not None else day,
            )
        )
    cleared = len(session.objective_ids)
    moved = dataclasses.replace(
        session, client_id=client.id, timezone=client.timezone, objective_ids=[]
    )
    store.save_session(moved)
    saved = store.session(session_id)
    # Both clients' days: the old one loses the session's units, the new one gains them.
    return Written((saved, cleared), Changes.of_sessions([session, saved]))
