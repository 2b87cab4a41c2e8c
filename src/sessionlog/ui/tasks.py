"""Run slow work (exports, long queries) off the GUI thread.

Callbacks arrive on the GUI thread. The work function must not touch widgets;
it gets a ``progress(done, total)`` callable it may call from the worker thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from sessionlog.services.records import Reader, own_connection

log = logging.getLogger("sessionlog.ui.tasks")

ProgressFn = Callable[[int, int], None]
T = TypeVar("T")


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


# Running jobs that only read for a view: at quit they are not worth waiting for.
_reads_running = 0
_reads_lock = threading.Lock()


def only_reads_running(pool: QThreadPool | None = None) -> bool:
    """Whether every job still running in the pool only reads for a view (the app may
    exit without waiting for them: they write nothing)."""
    with _reads_lock:
        return (pool or QThreadPool.globalInstance()).activeThreadCount() <= _reads_running


class _Job(QRunnable):
    def __init__(
        self, fn: Callable[[ProgressFn], Any], signals: _Signals, read_only: bool = False
    ) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.read_only = read_only

    def run(self) -> None:
        global _reads_running
        if self.read_only:
            with _reads_lock:
                _reads_running += 1
        try:
            result = self.fn(self._progress)
        except Exception as exc:  # reported to the GUI thread, worded there
            log.exception("background task failed")
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.done, result)
        finally:
            if self.read_only:
                with _reads_lock:
                    _reads_running -= 1

    def _progress(self, done: int, total: int) -> None:
        self._emit(self.signals.progress, done, total)

    @staticmethod
    def _emit(signal: Any, *args: object) -> None:
        # The app may be quitting: the signal holder is deleted with the window, and a
        # result nobody can receive is dropped, not a traceback at exit.
        try:
            signal.emit(*args)
        except RuntimeError:
            log.info("background result dropped: its receiver is gone")


def run_in_background(
    fn: Callable[[ProgressFn], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    on_progress: Callable[[int, int], None] | None = None,
    pool: QThreadPool | None = None,
    *,
    read_only: bool = False,
) -> _Signals:
    """Start ``fn(progress)`` in the global thread pool; returns the signal holder
    (keep it alive until a callback has run). ``read_only``: the work only reads for a
    view, so quitting need not wait for it."""
    signals = _Signals()
    signals.done.connect(on_done)
    signals.failed.connect(on_error)
    if on_progress is not None:
        signals.progress.connect(on_progress)
    (pool or QThreadPool.globalInstance()).start(_Job(fn, signals, read_only))
    return signals


def read_in_background(
    owner: QObject,
    records: Reader,
    work: Callable[[Reader], T],
    shown: Callable[[T | None], None],
) -> None:
    """``work(records)`` on a connection of its own in the pool (the GUI's connection
    never leaves the GUI thread), then ``shown(result)`` on the GUI thread; ``None`` when
    it failed (logged by type only). Nothing is shown once ``owner`` is gone. A database
    with no file (in memory) has no second connection: the work runs here and now."""
    path = records.path
    if path is None:
        shown(work(records))
        return
    jobs: set[object] = owner.__dict__.setdefault("_background_reads", set())
    holder: list[object] = []

    def run(_progress: ProgressFn) -> T:
        with own_connection(path, actor="reader") as store:
            return work(store)

    def finish(result: T | None) -> None:
        if holder:
            jobs.discard(holder[0])
        if shiboken6.isValid(owner):
            shown(result)

    holder.append(run_in_background(run, finish, lambda _exc: finish(None), read_only=True))
    jobs.add(holder[0])
