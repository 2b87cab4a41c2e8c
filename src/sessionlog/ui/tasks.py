"""Run slow work (exports, long queries) off the GUI thread.

Callbacks arrive on the GUI thread. The work function must not touch widgets;
it gets a ``progress(done, total)`` callable it may call from the worker thread.

At quit (issue 12) the app does not wait for work it may abandon: reads for a view
(``read_only``) and writes that are atomic (``abandon_at_quit``: one transaction, or a
temporary file renamed into place, so abandoning leaves the old state and never a
half-written file under a final name). Once :func:`request_quit` is called, such a job's
next ``progress`` call raises :class:`QuitRequested`, so it unwinds and removes its
temporary file itself; the app ends the process shortly after either way. Any other job
(a restore, a re-key, typing waiting to be saved) is waited for.
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


class QuitRequested(Exception):
    """Raised in a job the app may abandon, at its next progress report once the app
    is quitting: the work unwinds (rolls back, removes its temporary file)."""


# Running jobs that quitting may abandon (reads for a view; atomic writes), and whether
# the app is quitting.
_reads_running = 0
_abandonable_running = 0
_jobs_lock = threading.Lock()
_quitting = threading.Event()


def only_abandonable_running(pool: QThreadPool | None = None) -> bool:
    """Whether every job still running in the pool may be abandoned at quit (reads for
    a view, atomic writes): the app may end without waiting for them."""
    with _jobs_lock:
        running = (pool or QThreadPool.globalInstance()).activeThreadCount()
        return running <= _abandonable_running


def only_reads_running(pool: QThreadPool | None = None) -> bool:
    """Whether every job still running only reads for a view: nothing of theirs is worth
    a moment's wait at quit (a write that stops at quit removes its temporary file)."""
    with _jobs_lock:
        return (pool or QThreadPool.globalInstance()).activeThreadCount() <= _reads_running


def request_quit() -> None:
    """The app is quitting: jobs it may abandon stop at their next progress report."""
    _quitting.set()


def quit_over() -> None:
    """The app waited for its jobs and returns (a test's app, in-process): jobs started
    later run to their end again."""
    _quitting.clear()


class _Job(QRunnable):
    def __init__(
        self,
        fn: Callable[[ProgressFn], Any],
        signals: _Signals,
        abandonable: bool = False,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.abandonable = abandonable or read_only
        self.read_only = read_only

    def run(self) -> None:
        global _abandonable_running, _reads_running
        if self.abandonable:
            with _jobs_lock:
                _abandonable_running += 1
                _reads_running += self.read_only
        try:
            result = self.fn(self._progress)
        except QuitRequested:
            log.info("background task stopped: the app is quitting")
        except Exception as exc:  # reported to the GUI thread, worded there
            if self.abandonable and _quitting.is_set():
                # Its connection or file went away under it at quit: nobody waits for it.
                log.info("background task ended at quit (%s)", type(exc).__name__)
            else:
                log.exception("background task failed")
                self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.done, result)
        finally:
            if self.abandonable:
                with _jobs_lock:
                    _abandonable_running -= 1
                    _reads_running -= self.read_only

    def _progress(self, done: int, total: int) -> None:
        if self.abandonable and _quitting.is_set():
            raise QuitRequested
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
    abandon_at_quit: bool = False,
    priority: int = 0,
) -> _Signals:
    """Start ``fn(progress)`` in the global thread pool; returns the signal holder
    (keep it alive until a callback has run). ``read_only``: the work only reads for a
    view; ``abandon_at_quit``: its writes are atomic (one transaction, or a temporary
    file renamed into place). Quitting waits for neither (see the module's doc).
    ``priority``: among queued jobs, a higher one starts first (background upkeep that
    nobody waits for passes a negative one)."""
    signals = _Signals()
    signals.done.connect(on_done)
    signals.failed.connect(on_error)
    if on_progress is not None:
        signals.progress.connect(on_progress)
    job = _Job(fn, signals, abandonable=abandon_at_quit, read_only=read_only)
    (pool or QThreadPool.globalInstance()).start(job, priority)
    return signals


def read_in_background(
    owner: QObject,
    records: Reader,
    work: Callable[[Reader], T],
    shown: Callable[[T | None], None],
    *,
    on_dropped: Callable[[], None] | None = None,
) -> _Signals | None:
    """``work(records)`` on a connection of its own in the pool (the GUI's connection
    never leaves the GUI thread), then ``shown(result)`` on the GUI thread; ``None`` when
    it failed (logged by type only). Nothing is shown once ``owner`` is gone
    (``on_dropped()`` is called instead, as long as the returned signal holder is kept).
    A database with no file (in memory) has no second connection: the work runs here and
    now (and None is returned)."""
    path = records.path
    if path is None:
        shown(work(records))
        return None
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
        elif on_dropped is not None:
            on_dropped()

    signals = run_in_background(run, finish, lambda _exc: finish(None), read_only=True)
    holder.append(signals)
    jobs.add(signals)
    return signals
