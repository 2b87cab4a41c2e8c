"""The GUI thread gets the GIL back quickly while workers compute (issue 12)."""

from __future__ import annotations

import sys

from sessionlog.ui.tasks import GUI_SWITCH_INTERVAL_S, favour_the_gui_thread


def test_the_window_shortens_the_switch_interval(qtbot, demo_store, db_path):
    from sessionlog.ui.main_window import MainWindow

    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)  # Python's default
    try:
        window = MainWindow(demo_store, db_path)
        qtbot.addWidget(window)
        assert sys.getswitchinterval() <= GUI_SWITCH_INTERVAL_S
        qtbot.waitUntil(lambda: not window.history.is_loading, timeout=10_000)
    finally:
        sys.setswitchinterval(before)


def test_a_shorter_interval_already_set_is_kept():
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)
    try:
        favour_the_gui_thread()
        assert sys.getswitchinterval() < 0.00021  # not lengthened to 1 ms
    finally:
        sys.setswitchinterval(before)
