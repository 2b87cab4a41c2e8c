"""The timer's state machine and clock-gap rules, with injected instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sessionlog.core import timer
from sessionlog.core.models import Segment
from sessionlog.core.timer import (
    ClockReading,
    ClockWatch,
    GapKind,
    Heartbeat,
    TimerError,
    TimerState,
    classify_gap,
)

T0 = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_start_pause_resume_stop_records_each_stretch():
    segs = timer.start(at(0))
    assert timer.state_of(segs, stopped=False) is TimerState.RUNNING
    segs = timer.pause(segs, at(10))
    assert timer.state_of(segs, stopped=False) is TimerState.PAUSED
    segs = timer.resume(segs, at(15))
    segs = timer.stop(segs, at(40))
    assert timer.state_of(segs, stopped=True) is TimerState.STOPPED
    assert segs == [Segment(at(0), at(10)), Segment(at(15), at(40))]
    assert timer.elapsed(segs, at(99)) == timedelta(minutes=35)


def test_elapsed_of_a_running_timer_counts_to_now():
    segs = timer.resume(timer.pause(timer.start(at(0)), at(5)), at(20))
    assert timer.elapsed(segs, at(23)) == timedelta(minutes=8)


def test_commands_that_do_not_fit_the_state_are_refused():
    running = timer.start(at(0))
    with pytest.raises(TimerError):
        timer.resume(running, at(1))
    paused = timer.pause(running, at(1))
    with pytest.raises(TimerError):
        timer.pause(paused, at(2))
    with pytest.raises(TimerError):
        timer.resume([], at(2))


def test_a_clock_set_back_cannot_produce_a_negative_stretch():
    with pytest.raises(TimerError, match="earlier"):
        timer.pause(timer.start(at(10)), at(5))
    with pytest.raises(TimerError, match="earlier"):
        timer.resume(timer.pause(timer.start(at(0)), at(10)), at(9))


def test_stopping_a_paused_timer_changes_no_time():
    paused = timer.pause(timer.start(at(0)), at(10))
    assert timer.stop(paused, at(50)) == paused


def test_stop_at_never_ends_before_the_segment_began():
    segs = timer.start(at(30))
    assert timer.stop_at(segs, at(10)) == [Segment(at(30), at(30))]
    assert timer.stop_at(segs, at(45)) == [Segment(at(30), at(45))]


def test_shifting_a_session_moves_every_instant_and_keeps_its_lengths():
    segs = timer.resume(timer.pause(timer.start(at(0)), at(10)), at(20))
    later = timer.shift_segments(segs, timedelta(minutes=60))
    assert later == [Segment(at(60), at(70)), Segment(at(80))]
    assert timer.elapsed(later, at(95)) == timer.elapsed(segs, at(35))


def test_an_anchor_moves_with_the_monotonic_clock_whatever_the_wall_clock_reads():
    anchor = timer.Anchor.at(ClockReading(at(0), 100.0))
    set_back = ClockReading(at(-30), 160.0)  # a minute later, the wall clock reads 30 min ago
    assert anchor.now(set_back) == at(1)
    assert anchor.placed(set_back).wall == at(1)
    assert anchor.moved(timedelta(minutes=-31)).now(set_back) == at(-30)


def test_format_elapsed():
    assert timer.format_elapsed(timedelta(hours=1, minutes=2, seconds=3.9)) == "01:02:03"
    assert timer.format_elapsed(timedelta(seconds=-5)) == "00:00:00"


@given(st.lists(st.integers(min_value=1, max_value=600), min_size=1, max_size=12))
def test_elapsed_is_the_sum_of_running_stretches(durations: list[int]):
    """Alternating run/pause stretches: elapsed counts only the running ones."""
    now = T0
    segs = timer.start(now)
    running_total = 0
    for index, seconds in enumerate(durations):
        now += timedelta(seconds=seconds)
        if index % 2 == 0:
            running_total += seconds
            segs = timer.pause(segs, now)
        else:
            segs = timer.resume(segs, now)
    segs = timer.stop(segs, now)
    assert timer.elapsed(segs, now + timedelta(hours=5)) == timedelta(seconds=running_total)


# ---- clock gaps --------------------------------------------------------------


def reading(wall_min: float, mono_s: float, boot_s: float | None = None) -> ClockReading:
    return ClockReading(at(wall_min), mono_s, boot_s)


def test_clocks_that_agree_are_no_gap():
    assert classify_gap(reading(0, 100, 500), reading(1, 160, 560)) is None
    # Jitter under the tolerance is not a gap either.
    assert classify_gap(reading(0, 100), reading(3, 160)) is None


def test_suspend_is_a_sleep_when_the_boot_clock_moved_with_the_wall_clock():
    gap = classify_gap(reading(0, 100, 500), reading(45, 101, 500 + 45 * 60))
    assert gap is not None
    assert gap.kind is GapKind.SLEEP
    assert gap.began == at(0)
    assert round(gap.drift.total_seconds()) == 45 * 60 - 1
    assert "asleep for about 45 min" in gap.describe()


def test_without_a_boot_clock_a_forward_gap_is_taken_as_sleep():
    gap = classify_gap(reading(0, 100), reading(30, 101))
    assert gap is not None and gap.kind is GapKind.SLEEP


def test_wall_clock_set_forward_is_told_apart_from_sleep():
    gap = classify_gap(reading(0, 100, 500), reading(61, 101, 501))
    assert gap is not None
    assert gap.kind is GapKind.CLOCK_FORWARD
    assert "1 h" in gap.describe()


def test_wall_clock_set_back():
    gap = classify_gap(reading(60, 100, 500), reading(0, 101, 501))
    assert gap is not None
    assert gap.kind is GapKind.CLOCK_BACK
    assert gap.drift < timedelta(0)
    assert "earlier" in gap.describe()


def test_clock_watch_compares_each_tick_with_the_previous_one():
    watch = ClockWatch()
    assert watch.observe(reading(0, 100, 500)) is None  # first look: nothing to compare
    assert watch.observe(reading(1, 160, 560)) is None
    gap = watch.observe(reading(20, 161, 560 + 19 * 60))
    assert gap is not None and gap.kind is GapKind.SLEEP
    watch.reset()
    assert watch.observe(reading(90, 170, 9000)) is None


# ---- crash recovery -----------------------------------------------------------


def test_recovery_stops_at_the_heartbeat_but_never_before_the_start():
    segs = timer.start(at(10))
    beat = Heartbeat(at(25), 1.0, ("s1",))
    assert timer.recovery_stop_instant(segs, beat) == at(25)
    assert timer.recovery_stop_instant(segs, Heartbeat(at(5), 1.0, ("s1",))) == at(10)
    assert timer.recovery_stop_instant(segs, None) == at(10)
    with pytest.raises(TimerError):
        timer.recovery_stop_instant(timer.stop(segs, at(20)), beat)
