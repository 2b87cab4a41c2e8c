"""Follow-up reads a click sets off wait until the window is idle, run one at a time and
keep only the newest request per key (ui/idle.py, issue 12)."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QWidget

from sessionlog.ui.idle import FollowUpLane, read_after_idle


def _job(log: list[str], name: str, enders: dict[str, object]):
    """A follow-up that records its start and ends only when the test says so."""

    def start(ended) -> None:
        log.append(name)
        enders[name] = ended

    return start


def test_a_follow_up_starts_only_after_the_click_has_been_handled(qtbot):
    lane = FollowUpLane(delay_ms=20)
    log: list[str] = []
    lane.request("units", _job(log, "units", {}))
    assert log == []  # not in the click's own handler
    assert lane.busy
    qtbot.waitUntil(lambda: log == ["units"])


def test_at_start_a_follow_up_waits_for_the_windows_first_paint_not_the_delay(qtbot):
    lane = FollowUpLane(delay_ms=60_000)
    window = QWidget()
    qtbot.addWidget(window)
    lane.start_after_first_paint(window)
    log: list[str] = []
    lane.request("units", _job(log, "units", {}))
    qtbot.wait(50)
    assert log == []  # the window has not painted yet: the delay holds
    window.show()
    qtbot.waitUntil(lambda: log == ["units"], timeout=5_000)  # not a minute later


def test_a_newer_request_replaces_the_one_not_started_yet(qtbot):
    lane = FollowUpLane(delay_ms=20)
    log: list[str] = []
    enders: dict[str, object] = {}
    lane.request("units", _job(log, "units of the first click", enders))
    lane.request("units", _job(log, "units of the second click", enders))
    qtbot.waitUntil(lambda: bool(log))
    enders[log[0]]()  # type: ignore[operator]
    qtbot.waitUntil(lambda: not lane.busy)
    assert log == ["units of the second click"]


def test_follow_ups_run_one_at_a_time_in_the_order_asked(qtbot):
    lane = FollowUpLane(delay_ms=10)
    log: list[str] = []
    enders: dict[str, object] = {}
    lane.request("units", _job(log, "units", enders))
    lane.request("remaining", _job(log, "remaining", enders))
    qtbot.waitUntil(lambda: log == ["units"])
    qtbot.wait(50)
    assert log == ["units"]  # the second waits for the first to end
    enders["units"]()  # type: ignore[operator]
    qtbot.waitUntil(lambda: log == ["units", "remaining"])
    enders["remaining"]()  # type: ignore[operator]
    assert not lane.busy


def test_a_stream_of_requests_does_not_put_the_follow_up_off_for_ever(qtbot):
    lane = FollowUpLane(delay_ms=40, max_wait_ms=120)
    log: list[str] = []
    lane.request("units", _job(log, "units", {}))
    # A request every 20 ms would push a 40 ms delay back for ever: the longest wait holds.
    for _ in range(15):
        qtbot.wait(20)
        if log:
            break
        lane.request("units", _job(log, "units", {}))
    assert log == ["units"]


def test_a_read_after_idle_runs_on_a_worker_connection_and_is_shown(qtbot, demo_store):
    owner = QWidget()
    qtbot.addWidget(owner)
    shown: list[object] = []
    threads: list[int] = []

    def work(records):
        threads.append(threading.get_ident())
        return sorted(c.name for c in records.clients())

    read_after_idle(owner, demo_store, ("test", "names"), work, shown.append)
    assert shown == []
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0] == sorted(c.name for c in demo_store.clients())
    assert threads != [threading.get_ident()]  # not the GUI thread


def test_a_read_for_a_view_gone_meanwhile_is_dropped_and_the_lane_goes_on(qtbot, demo_store):
    from sessionlog.ui.idle import follow_up_lane

    gone, kept = QWidget(), QWidget()
    qtbot.addWidget(kept)
    shown: list[str] = []
    read_after_idle(gone, demo_store, ("test", "gone"), lambda r: "gone", shown.append)
    read_after_idle(kept, demo_store, ("test", "kept"), lambda r: "kept", shown.append)
    gone.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(gone))
    qtbot.waitUntil(lambda: shown == ["kept"])
    qtbot.waitUntil(lambda: not follow_up_lane().busy)


def test_a_database_in_memory_is_read_at_once(qtbot):
    from sessionlog.store import Store, open_database

    store = Store(open_database(":memory:"), actor="test")
    owner = QWidget()
    qtbot.addWidget(owner)
    shown: list[object] = []
    read_after_idle(owner, store, "memory", lambda records: records.clients(), shown.append)
    assert shown == [[]]
