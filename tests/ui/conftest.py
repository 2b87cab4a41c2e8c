"""UI fixtures: a controllable clock and a main window on a real database file."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from sessionlog.core.timer import ClockReading

# 17:00 in Chicago on the demo's last day: after the demo's own sessions, so a new
# session overlaps nothing unless a test means it to.
DEMO_EVENING = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)


class FakeClock:
    """Wall, monotonic and suspend-counting clocks a test moves by hand."""

    def __init__(self, wall: datetime = DEMO_EVENING) -> None:
        self.wall = wall
        self.monotonic = 1_000.0
        self.boottime = 5_000.0

    def read(self) -> ClockReading:
        return ClockReading(self.wall, self.monotonic, self.boottime)

    def advance(self, seconds: float) -> None:
        """Time passes normally."""
        self.wall += timedelta(seconds=seconds)
        self.monotonic += seconds
        self.boottime += seconds

    def sleep(self, seconds: float) -> None:
        """The laptop is suspended: CLOCK_MONOTONIC stands still."""
        self.wall += timedelta(seconds=seconds)
        self.boottime += seconds

    def set_wall(self, shift: timedelta) -> None:
        """Someone (or NTP) sets the wall clock."""
        self.wall += shift


@pytest.fixture(autouse=True)
def _utc_laptop(monkeypatch: pytest.MonkeyPatch):
    """The laptop's own zone decides "today"; pin it so dates do not depend on the host."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def rosa_store(demo_store):
    """The demo caseload with Rosa (a job coach) as the person using this laptop."""
    demo_store.set_state("current_staff_id", "staff-rosa")
    return demo_store


TIMER_COMMANDS = ("start", "start_group_with", "toggle_pause", "stop")


@pytest.fixture
def acknowledged_timer(qtbot, monkeypatch):
    """In the window, Start, Pause, Resume and Stop are written by the writer thread and
    shown once the database acknowledged them. Tests of what a command leaves behind
    click, then read: here each command returns once it is acknowledged (or refused),
    as a coach sees it settle. tests/ui/test_timer_acknowledged.py checks the moment
    in between (the immediate "Starting…", nothing shown running before the write)."""
    from sessionlog.ui.views.timer_panel import TimerPanel

    def settling(command):
        def run(self, *args, **kwargs):
            command(self, *args, **kwargs)
            qtbot.waitUntil(lambda: not self.busy, timeout=15_000)

        return run

    for name in TIMER_COMMANDS:
        monkeypatch.setattr(TimerPanel, name, settling(getattr(TimerPanel, name)))


@pytest.fixture
def main_window(qtbot, rosa_store, db_path, fake_clock, acknowledged_timer):
    from sessionlog.ui.bus import ChangeBus
    from sessionlog.ui.main_window import MainWindow

    window = MainWindow(rosa_store, db_path, bus=ChangeBus(), clock=fake_clock)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()  # stops the ticking before the fixture closes the database


@pytest.fixture(scope="session", autouse=True)
def _english_plurals(qapp):
    """What the app installs at start in every language: English's singular and plural of
    each counted phrase ("1 note", "2 notes"); without it Qt shows "2 note(s)"."""
    from PySide6.QtCore import QTranslator

    from sessionlog.ui.i18n import qm_path

    # Not a child of the application: a test that removes and deletes the app's own
    # translators (to undo a language it chose) leaves this one in place.
    translator = QTranslator()
    assert translator.load(qm_path("en"))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)
