"""The idle-lock watch sees the coach's typing while it is on, and nothing while off (its
app-wide event filter is then removed: it ran Python for every event of the window)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from sessionlog.ui.lock import IdleWatch


def test_typing_restarts_the_idle_countdown_while_the_watch_is_on(qtbot) -> None:
    locked: list[bool] = []
    watch = IdleWatch(lambda: locked.append(True))
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    watch.set_interval_ms(400)
    qtbot.waitUntil(lambda: watch._timer.remainingTime() < 250, timeout=5000)
    qtbot.keyClick(field, "a")
    assert watch._timer.remainingTime() > 300  # typing started the countdown again
    qtbot.waitUntil(lambda: bool(locked), timeout=5000)
    watch.stop()


def test_an_idle_watch_switched_off_never_fires_and_ignores_typing(qtbot) -> None:
    locked: list[bool] = []
    watch = IdleWatch(lambda: locked.append(True))
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    watch.set_interval_ms(400)
    watch.set_interval_ms(0)
    qtbot.keyClick(field, "a")
    assert not watch.active
    assert not locked
    watch.set_interval_ms(400)  # on again: the filter is back
    qtbot.waitUntil(lambda: watch._timer.remainingTime() < 250, timeout=5000)
    qtbot.keyClick(field, "b")
    assert watch._timer.remainingTime() > 300
    watch.stop()
