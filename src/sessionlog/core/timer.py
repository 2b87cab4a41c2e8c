"""The session timer's rules, free of Qt and storage so they can be tested with
injected clocks.

Time is recorded as UTC instants (segments); a pause is the gap between two
segments. The wall clock gives those instants, but it can jump: a laptop that
sleeps keeps its wall clock moving while ``CLOCK_MONOTONIC`` stands still, and a
user or NTP can set the wall clock. Comparing how far each clock moved between
two ticks tells these apart, so nothing is added or dropped without the coach
choosing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from sessionlog.core.models import Segment
from sessionlog.core.wording import t

# Ticks are about a second apart; a disagreement beyond this is not jitter.
GAP_TOLERANCE = timedelta(minutes=2)


class TimerError(ValueError):
    """A timer command that does not fit the timer's state, worded for the user."""


class TimerState(StrEnum):
    IDLE = "idle"  # no segment yet
    RUNNING = "running"
    PAUSED = "paused"  # segments, all closed, not stopped
    STOPPED = "stopped"


@dataclass(frozen=True)
class ClockReading:
    """One look at the clocks: wall time (UTC), monotonic seconds, and, where the
    system has one, a monotonic clock that keeps counting during suspend."""

    wall: datetime
    monotonic: float
    boottime: float | None = None


class Clock(Protocol):
    def read(self) -> ClockReading: ...


class SystemClock:
    def read(self) -> ClockReading:
        boot: float | None
        try:
            boot = time.clock_gettime(time.CLOCK_BOOTTIME)  # Linux: counts suspend
        except (AttributeError, OSError):
            boot = None
        return ClockReading(datetime.now(UTC), time.monotonic(), boot)


# ---- the state machine -------------------------------------------------------


def state_of(segments: list[Segment], stopped: bool) -> TimerState:
    if not segments:
        return TimerState.IDLE
    if any(s.end is None for s in segments):
        return TimerState.RUNNING
    return TimerState.STOPPED if stopped else TimerState.PAUSED


def _open_index(segments: list[Segment]) -> int | None:
    for index, segment in enumerate(segments):
        if segment.end is None:
            return index
    return None


def _close_at(segments: list[Segment], at: datetime) -> list[Segment]:
    index = _open_index(segments)
    if index is None:
        raise TimerError(t("The timer is not running."))
    opened = segments[index]
    if at < opened.start:
        raise TimerError(
            t(
                "The computer's clock now reads earlier than when this stretch of timing "
                "started; check the clock and try again."
            )
        )
    result = list(segments)
    result[index] = replace(opened, end=at)
    return result


def start(now: datetime) -> list[Segment]:
    return [Segment(now)]


def pause(segments: list[Segment], now: datetime) -> list[Segment]:
    return _close_at(segments, now)


def resume(segments: list[Segment], now: datetime) -> list[Segment]:
    if not segments:
        raise TimerError(t("The timer has not started."))
    if _open_index(segments) is not None:
        raise TimerError(t("The timer is already running."))
    last_end = max(s.end for s in segments if s.end is not None)
    if now < last_end:
        raise TimerError(
            t(
                "The computer's clock now reads earlier than when the timer was paused; "
                "check the clock and try again."
            )
        )
    return [*segments, Segment(now)]


def stop(segments: list[Segment], now: datetime) -> list[Segment]:
    """Close the open segment, if any (stopping a paused timer changes no time)."""
    if _open_index(segments) is None:
        return list(segments)
    return _close_at(segments, now)


def stop_at(segments: list[Segment], at: datetime) -> list[Segment]:
    """Close the open segment at an earlier moment (crash recovery, sleep), never
    before the segment began."""
    index = _open_index(segments)
    if index is None:
        return list(segments)
    return _close_at(segments, max(at, segments[index].start))


def shift_segments(segments: list[Segment], shift: timedelta) -> list[Segment]:
    """Every instant moved by ``shift``: the session placed in a corrected clock's terms,
    with its lengths and pauses unchanged."""
    return [
        replace(s, start=s.start + shift, end=None if s.end is None else s.end + shift)
        for s in segments
    ]


@dataclass(frozen=True)
class Anchor:
    """Where a running segment stands: the session instant ``wall`` was monotonic second
    ``monotonic``. While the computer is awake, the session's "now" is the anchor moved by
    the monotonic clock, so setting the wall clock never adds or removes time, and the
    running length, Pause and Stop never depend on what the wall clock reads."""

    wall: datetime
    monotonic: float

    @classmethod
    def at(cls, reading: ClockReading, offset: timedelta = timedelta(0)) -> Anchor:
        return cls(reading.wall + offset, reading.monotonic)

    def now(self, reading: ClockReading) -> datetime:
        return self.wall + timedelta(seconds=reading.monotonic - self.monotonic)

    def moved(self, shift: timedelta) -> Anchor:
        return Anchor(self.wall + shift, self.monotonic)

    def placed(self, reading: ClockReading) -> ClockReading:
        """``reading`` with its wall time replaced by the session's "now"."""
        return replace(reading, wall=self.now(reading))


def elapsed(segments: list[Segment], now: datetime) -> timedelta:
    return timedelta(seconds=sum(s.seconds(now) for s in segments))


def format_elapsed(value: timedelta) -> str:
    total = max(0, int(value.total_seconds()))
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


# ---- clock gaps -------------------------------------------------------------


class GapKind(StrEnum):
    SLEEP = "sleep"  # wall clock moved on while the monotonic clock stood still
    CLOCK_FORWARD = "clock_forward"  # the wall clock was set later
    CLOCK_BACK = "clock_back"  # the wall clock was set earlier


@dataclass(frozen=True)
class ClockGap:
    kind: GapKind
    before: ClockReading  # the last reading before the gap
    after: ClockReading  # the first reading after it
    # Wall-clock movement minus monotonic movement: positive when the wall clock
    # went further (sleep, or set forward), negative when it was set back.
    drift: timedelta

    @property
    def began(self) -> datetime:
        """When the gap began, as the wall clock read then (the last tick before it)."""
        return self.before.wall

    def describe(self) -> str:
        amount = duration_words(abs(self.drift))
        if self.kind is GapKind.SLEEP:
            return t(
                "The computer was asleep for about {amount} while the timer was running.",
                amount=amount,
            )
        if self.kind is GapKind.CLOCK_FORWARD:
            return t(
                "The computer's clock was set {amount} later while the timer was running.",
                amount=amount,
            )
        return t(
            "The computer's clock was set {amount} earlier while the timer was running.",
            amount=amount,
        )


def duration_words(value: timedelta) -> str:
    """ "9 h 12 min", "3 h", "40 min"."""
    minutes = round(value.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return t("{hours} h {minutes} min", hours=hours, minutes=minutes)
    if hours:
        return t("{hours} h", hours=hours)
    return t("{minutes} min", minutes=minutes)


def classify_gap(
    before: ClockReading, after: ClockReading, tolerance: timedelta = GAP_TOLERANCE
) -> ClockGap | None:
    """None when both clocks agree (within ``tolerance``); otherwise what happened.

    With a suspend-counting clock (Linux CLOCK_BOOTTIME) a forward drift is a sleep
    when that clock moved with the wall clock, and a clock change when it did not.
    Without one, a forward drift is taken as a sleep (by far the common case)."""
    wall_moved = after.wall - before.wall
    mono_moved = timedelta(seconds=after.monotonic - before.monotonic)
    drift = wall_moved - mono_moved
    if abs(drift) <= tolerance:
        return None
    if drift < timedelta(0):
        return ClockGap(GapKind.CLOCK_BACK, before, after, drift)
    if before.boottime is not None and after.boottime is not None:
        boot_moved = timedelta(seconds=after.boottime - before.boottime)
        if abs(boot_moved - wall_moved) > tolerance:
            return ClockGap(GapKind.CLOCK_FORWARD, before, after, drift)
    return ClockGap(GapKind.SLEEP, before, after, drift)


class ClockWatch:
    """Feeds successive clock readings to :func:`classify_gap`; the caller resets it
    when the timer starts or resumes (gaps while paused do not matter)."""

    def __init__(self, tolerance: timedelta = GAP_TOLERANCE) -> None:
        self.tolerance = tolerance
        self.last: ClockReading | None = None

    def reset(self, reading: ClockReading | None = None) -> None:
        self.last = reading

    def observe(self, reading: ClockReading) -> ClockGap | None:
        previous, self.last = self.last, reading
        if previous is None:
            return None
        return classify_gap(previous, reading, self.tolerance)


# ---- stored timer state -------------------------------------------------------


@dataclass(frozen=True)
class TimerRow:
    """A timed session's own timer state: running or paused, and its last heartbeat."""

    session_id: str
    running: bool
    heartbeat_utc: datetime | None
    heartbeat_monotonic: float | None


@dataclass(frozen=True)
class TimeCorrection:
    """Why a session's time was corrected (e.g. a sleep counted), by whom and when."""

    session_id: str
    at_utc: datetime
    actor: str
    kind: str
    reason: str
    details: dict[str, Any]


# ---- crash recovery -----------------------------------------------------------


@dataclass(frozen=True)
class Heartbeat:
    """The last moment the app was known to be alive with a timer running."""

    wall: datetime
    monotonic: float
    session_ids: tuple[str, ...]


def recovery_stop_instant(segments: list[Segment], heartbeat: Heartbeat | None) -> datetime:
    """Where to end an interrupted session's open segment when the coach chooses to
    stop it at the last moment the app was alive: the heartbeat, never before the
    segment began (no heartbeat at all: the segment's own start, so no time is invented)."""
    index = _open_index(segments)
    if index is None:
        raise TimerError(t("The session is not running."))
    opened = segments[index].start
    if heartbeat is None:
        return opened
    return max(opened, heartbeat.wall)
