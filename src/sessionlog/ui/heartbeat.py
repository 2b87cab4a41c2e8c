"""The running timer's heartbeat, written from a thread of its own (issue 14).

A heartbeat on the GUI thread is late whenever that thread is busy or starved, and a
crash then costs the coach the time since the last one. This thread, on a connection of
its own, writes the heartbeat every 0.5 s whatever the GUI thread is doing.

It never writes after the session stopped or paused: the write itself only touches rows
still running and never moves a heartbeat back (see ``timing.write_running_heartbeat``),
so a beat taken a moment before a Pause or Stop committed changes nothing. ``follow``
and ``stop`` return at once (they never wait for the database).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from sessionlog.core.errors import StoreError
from sessionlog.core.timer import ClockReading
from sessionlog.services import timing
from sessionlog.services.records import Records, own_connection

log = logging.getLogger("sessionlog.ui.heartbeat")

HEARTBEAT_S = 0.5


class HeartbeatThread:
    """Beats for the sessions it follows, every ``interval_s``, until stopped or closed."""

    def __init__(self, path: Path, interval_s: float = HEARTBEAT_S) -> None:
        self._path = path
        self.interval_s = interval_s
        self._wake = threading.Condition()
        self._session_ids: tuple[str, ...] = ()
        self._read: Callable[[], ClockReading] | None = None
        self._closed = False
        self._thread: threading.Thread | None = None
        self.beats_written = 0  # for tests and benchmarks
        # Held while a beat is being written: the GUI's own timer writes wait for it in
        # this process instead of meeting the beat's SQLite write lock as "busy".
        self._writing = threading.Lock()

    @property
    def following(self) -> bool:
        with self._wake:
            return self._read is not None

    def follow(self, session_ids: Sequence[str], read: Callable[[], ClockReading]) -> None:
        """Beat for these running sessions; ``read`` gives the session's "now" (it is
        called on the heartbeat thread, so it must only read immutable state). A new
        set of sessions is beaten for at once; a new ``read`` from the next beat on."""
        with self._wake:
            if self._closed:
                return
            changed = self._read is None or self._session_ids != tuple(session_ids)
            self._session_ids = tuple(session_ids)
            self._read = read
            if changed:
                self._wake.notify_all()
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """No beat starts after this returns (one already being written may land, and
        changes nothing once the Pause or Stop is committed)."""
        with self._wake:
            self._session_ids = ()
            self._read = None
            self._wake.notify_all()

    def close(self, wait_s: float = 2.0) -> None:
        """Stop and end the thread (the app quits); waits at most ``wait_s``."""
        with self._wake:
            self._closed = True
            self._session_ids = ()
            self._read = None
            self._wake.notify_all()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(wait_s)

    @contextlib.contextmanager
    def quiet(self, wait_s: float = 0.5) -> Iterator[None]:
        """No beat is written inside this block (a Pause or Stop on the GUI's connection
        then never finds the app's own heartbeat holding the write lock). A beat being
        written is waited for, at most ``wait_s``: it takes a millisecond unless another
        program holds the database, and then the GUI's write is told so anyway."""
        held = self._writing.acquire(timeout=wait_s)
        try:
            yield
        finally:
            if held:
                self._writing.release()

    def _next(self) -> tuple[tuple[str, ...], Callable[[], ClockReading]] | None:
        """Wait for something to beat for; None once closed."""
        with self._wake:
            while self._read is None and not self._closed:
                self._wake.wait()
            if self._closed or self._read is None:
                return None
            return self._session_ids, self._read

    def _run(self) -> None:
        try:
            with own_connection(self._path, actor="heartbeat") as store:
                # A beat must survive the app being killed, which needs no fsync; without
                # one its commit never holds the write lock long enough to make a GUI
                # write wait (the next fsync of any other commit makes it durable too).
                store.commit_without_fsync()
                self._beat_until_closed(store)
        except Exception as exc:  # the file could not be opened: logged by type only
            log.warning("heartbeat thread ended: %s", type(exc).__name__)

    def _beat_until_closed(self, store: Records) -> None:
        while (target := self._next()) is not None:
            ids, read = target
            began = time.monotonic()
            try:
                with self._writing:
                    if timing.write_running_heartbeat(store, ids, read()):
                        self.beats_written += 1
            except (StoreError, OSError, ValueError) as exc:  # busy a long time, disk full
                log.warning("heartbeat not written: %s", type(exc).__name__)
            with self._wake:
                if self._read is not None and not self._closed:
                    # Every 0.5 s from the last beat's start, not 0.5 s after its write.
                    self._wake.wait(max(0.0, self.interval_s - (time.monotonic() - began)))
