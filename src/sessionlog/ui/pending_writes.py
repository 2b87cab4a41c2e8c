"""Writes the GUI could not make at once, finished off the GUI thread.

While another process holds the database's write lock (a command-line import), the
GUI's connection waits only briefly (its thread must never freeze), then hands the write
here. A worker thread, on a connection of its own that waits patiently, makes it; per
key (one note, the heartbeat) only the newest write is kept. Once a key is waiting,
later writes for it queue behind it too, so an older value can never land after a newer
one. The views show "saving…" while anything waits.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from sessionlog.core.errors import BusyError, StoreError
from sessionlog.ui.tasks import run_in_background

log = logging.getLogger("sessionlog.ui.pending_writes")

# The GUI thread's connection gives up on another process's lock after this long.
GUI_BUSY_TIMEOUT_MS = 100

Write = Callable[[Any], object]  # called with a store on the worker's own connection


class PendingWrites(QObject):
    waiting_changed = Signal(bool)  # True while any write waits ("saving…")
    saved = Signal(str, object)  # the key whose newest write is now in the database, and
    # what that write returned (a service's Written: the changes to publish)
    failed = Signal(str, str)  # key, the reason in words (not a lock: a real refusal)

    def __init__(self, open_worker_store: Callable[[], Any], parent: QObject | None = None):
        super().__init__(parent)
        self._open_worker_store = open_worker_store
        self._lock = threading.Lock()
        self._queue: dict[str, Write] = {}
        self._running = False
        self._job: object | None = None

    def has(self, key: str) -> bool:
        with self._lock:
            return key in self._queue

    @property
    def waiting(self) -> bool:
        with self._lock:
            return bool(self._queue) or self._running

    def write(self, key: str, write: Write, store: Any) -> tuple[bool, object]:
        """Write now on the GUI's connection if nothing for ``key`` waits and the lock is
        free; else queue it. ``(True, what the write returned)`` when it is already in the
        database, ``(False, None)`` when queued (``saved`` then brings the result)."""
        if not self.has(key):
            try:
                return True, write(store)
            except BusyError:
                log.info("database busy: write %s retried in the background", key.split(":")[0])
        self.submit(key, write)
        return False, None

    def submit(self, key: str, write: Write) -> None:
        with self._lock:
            self._queue[key] = write
            start = not self._running
            self._running = True
        if start:
            self.waiting_changed.emit(True)
            self._job = run_in_background(self._drain, self._on_done, self._on_error)

    def _drain(self, _progress: object) -> list[tuple[str, str | None, object]]:
        """Worker thread: make every queued write, newest per key, until none is left:
        per write its key, the refusal (None when made) and what it returned."""
        outcomes: list[tuple[str, str | None, object]] = []
        store = self._open_worker_store()
        try:
            while True:
                with self._lock:
                    if not self._queue:
                        self._running = False
                        return outcomes
                    key, write = next(iter(self._queue.items()))
                try:
                    result = write(store)
                except BusyError:
                    continue  # still locked after the worker's long wait: try again
                except StoreError as exc:
                    outcomes.append((key, str(exc), None))
                else:
                    outcomes.append((key, None, result))
                with self._lock:
                    # A newer write for the key may have arrived meanwhile: keep it.
                    if self._queue.get(key) is write:
                        del self._queue[key]
        finally:
            store.db.close()

    def _on_done(self, outcomes: list[tuple[str, str | None, object]]) -> None:
        for key, problem, result in outcomes:
            if problem is None:
                self.saved.emit(key, result)
            else:
                self.failed.emit(key, problem)
        self._job = None
        if not self.waiting:
            self.waiting_changed.emit(False)

    def _on_error(self, exc: Exception) -> None:
        with self._lock:
            keys = list(self._queue)
            self._queue.clear()
            self._running = False
        for key in keys:
            self.failed.emit(
                key, self.tr("not saved ({__name__})").format(__name__=type(exc).__name__)
            )
        self._job = None
        self.waiting_changed.emit(False)
