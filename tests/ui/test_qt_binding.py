"""The Qt binding must not leak or drop references on the paths the app runs all day.

PySide6-Essentials 6.12.0 on Python 3.11 drops a reference to True on every signal emit
and to None on QTimer slot calls: the process aborts with "Fatal Python error:
bool_dealloc" within seconds here, and a running timer (three timer slots a second)
would take the app down within the hour. pyproject.toml keeps that release out; this
test fails if a binding with the fault is ever installed again.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
import sys
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

app = QCoreApplication([])


class Emitter(QObject):
    changed = Signal(object)


emitter = Emitter()
calls = []
emitter.changed.connect(lambda value: calls.append(1))
timer = QTimer()
timer.setInterval(0)
timer.timeout.connect(lambda: calls.append(1))
timer.start()
none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)


def finish():
    # Far more emits than True has references: a binding that drops one per emit
    # aborts here.
    for _ in range(20_000):
        emitter.changed.emit(None)
    print(len(calls), sys.getrefcount(None) - none_before, sys.getrefcount(True) - true_before)
    app.quit()


QTimer.singleShot(300, finish)
app.exec()
"""


def test_signals_and_timer_slots_keep_reference_counts() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    calls, none_drift, true_drift = (int(x) for x in result.stdout.split())
    assert calls > 20_000
    # Small drift is normal (objects the loop keeps); thousands mean a refcount fault.
    assert abs(none_drift) < 100 and abs(true_drift) < 100
