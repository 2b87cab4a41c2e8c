"""The background warm-up of kept authorization draws (issue 12) in a real window: on a
database with no kept draws, History's units column computes runs of authorizations from
history (the cold cost); after the warm-up it computes none (the warm cost). Counted, not
timed. The coach's own writes are acknowledged at once while it runs, a change that
forgets draws brings another pass, and a read-only database is never warmed."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QThreadPool, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from sessionlog.core.changes import Changes, Entity
from sessionlog.services import billing
from sessionlog.services.billing import clients_missing_draws
from sessionlog.ui import warm_up


def _forget_kept_draws(store) -> None:
    """As after the upgrade to m011: nothing kept."""
    store.db.execute("DELETE FROM billing_draws")
    store.db.execute("DELETE FROM billing_cache")


@pytest.fixture
def history_computations(monkeypatch) -> list[str]:
    """The clients whose runs of authorizations are computed from history (not read
    from kept draws), one entry per run (History) or part of one (the warm-up), in
    whatever thread computes them."""
    computed: list[str] = []
    real = billing._draws_between

    def counting(store, client_id, start, end, auths, context, used):
        computed.append(client_id)
        return real(store, client_id, start, end, auths, context, used)

    monkeypatch.setattr(billing, "_draws_between", counting)
    return computed


WARMING = threading.local()  # on in the thread of a warm-up step (not Today's reads)


@pytest.fixture
def warmed(monkeypatch) -> list[int]:
    """The parts of runs of authorizations each of the warm-up's client steps kept, in order."""
    kept: list[int] = []
    real = warm_up.warm_client_draws

    def counting(store, client_id, give_way=None) -> int:
        WARMING.on = True
        try:
            parts = real(store, client_id, give_way)
        finally:
            WARMING.on = False
        kept.append(parts)
        return parts

    monkeypatch.setattr(warm_up, "warm_client_draws", counting)
    return kept


def _history_units(qtbot, window) -> None:
    """History's first page, with its units column filled in."""
    view = window.history
    window.show_view(view)
    with qtbot.waitSignal(view.units_loaded, timeout=30_000):
        view.refresh()
    rows = view.model.rows()
    assert rows and all(not r.units_pending for r in rows)


def test_history_units_after_the_warm_up_cost_what_warm_ones_do(
    qtbot, main_window, rosa_store, history_computations
) -> None:
    _forget_kept_draws(rosa_store)
    _history_units(qtbot, main_window)
    cold = len(history_computations)
    assert cold > 0  # the cold path: History computed draw-down from history

    _forget_kept_draws(rosa_store)
    history_computations.clear()
    assert clients_missing_draws(rosa_store)
    assert main_window.warm_up is not None
    with qtbot.waitSignal(main_window.warm_up.finished, timeout=60_000) as pass_over:
        main_window.warm_up.schedule(0)
    assert pass_over.args[0] >= 1 and history_computations  # the warm-up computed them
    assert clients_missing_draws(rosa_store) == []

    history_computations.clear()
    _history_units(qtbot, main_window)
    assert history_computations == []  # the warm figure: nothing from history


def test_the_coachs_writes_are_acknowledged_at_once_while_it_runs(
    qtbot, main_window, rosa_store, monkeypatch
) -> None:
    """Each client's keep is one short transaction, and the warm-up waits for no lock
    long: a write on the GUI's connection (as a note autosave makes it, every
    millisecond here) is made at once, never handed to the background for a busy
    database."""
    _forget_kept_draws(rosa_store)
    monkeypatch.setattr(warm_up, "SLICE_MS", 0)  # one client a slice: many slices
    window = main_window
    acknowledged: list[bool] = []
    finished: list[int] = []

    def autosave() -> None:  # as the note form's autosave timer does, while it runs
        if window.warm_up.active and not finished:
            text = str(len(acknowledged))
            made, _ = window.pending_writes.write(
                "state:warm-up-test",
                lambda store: store.set_state("warm-up-test", text),
                window.store,
            )
            acknowledged.append(made)

    saving = QTimer(window)
    saving.timeout.connect(autosave)
    saving.start(1)
    window.warm_up.finished.connect(finished.append)
    window.warm_up.schedule(0)
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    saving.stop()
    assert len(acknowledged) > 1 and all(acknowledged)
    # A client whose keep met the coach's write gave way; the next pass keeps it.
    with qtbot.waitSignal(window.warm_up.finished, timeout=60_000):
        window.warm_up.schedule(0)
    assert clients_missing_draws(rosa_store) == []


def test_a_payer_edit_brings_another_pass(qtbot, main_window, rosa_store) -> None:
    window = main_window
    with qtbot.waitSignal(window.warm_up.finished, timeout=60_000):
        window.warm_up.schedule(0)
    assert clients_missing_draws(rosa_store) == []
    payer = rosa_store.payers()[0]
    other = "down" if payer.rounding != "down" else "midpoint"
    rosa_store.save_payer(dataclasses.replace(payer, rounding=other))
    assert clients_missing_draws(rosa_store)  # the triggers forgot them
    with qtbot.waitSignal(window.warm_up.finished, timeout=60_000):
        window.bus.publish(Changes.of(Entity.PAYER, payer.id))
    assert clients_missing_draws(rosa_store) == []


def test_a_session_write_brings_no_pass(main_window) -> None:
    main_window.bus.publish(Changes.of(Entity.SESSION, "any"))
    assert not main_window.warm_up.active


def test_the_input_is_watched_from_a_quiet_interval_before_the_pass(
    qtbot, main_window, warmed
) -> None:
    """The app's event filter sees every event in Python: it is not there while the
    window's first paint and reads run, only from :data:`QUIET_MS` before the first
    slice is due, which is all that slice asks about (the coach still that long)."""
    warm = main_window.warm_up
    warm.schedule(warm_up.QUIET_MS + 300)
    assert warm.active and not warm.activity.watching
    qtbot.waitUntil(lambda: warm.activity.watching, timeout=5_000)
    assert warmed == []  # the first slice is due QUIET_MS later
    warm.stop()
    assert not warm.activity.watching


def _pointer_moves(window) -> None:
    """The coach moves the pointer over the window (what the app's input filter sees)."""
    at = QPointF(20, 20)
    QApplication.sendEvent(
        window,
        QMouseEvent(
            QEvent.Type.MouseMove,
            at,
            window.mapToGlobal(at),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        ),
    )


def _settled(qtbot) -> None:
    """History's first page and the window's first reads are over."""
    pool = QThreadPool.globalInstance()
    qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=30_000)


def test_it_computes_nothing_while_the_coach_works_and_finishes_once_still(
    qtbot, main_window, rosa_store, warmed
) -> None:
    """Python runs one thread at a time: a pass computing beside the coach's clicks makes
    each of them wait for the interpreter. While the coach moves the pointer, it waits."""
    window = main_window
    _settled(qtbot)
    _forget_kept_draws(rosa_store)
    moving = QTimer(window)
    moving.timeout.connect(lambda: _pointer_moves(window))
    window.warm_up.schedule(0)  # due: its first slice waits for the event loop
    _pointer_moves(window)
    moving.start(100)
    qtbot.wait(4 * warm_up.QUIET_MS)
    assert window.warm_up.active
    assert warmed == []  # four quiet intervals long, no client step started
    moving.stop()
    with qtbot.waitSignal(window.warm_up.finished, timeout=60_000):
        pass
    assert sum(warmed) > 0 and clients_missing_draws(rosa_store) == []


def test_a_write_the_window_publishes_stops_the_slice_computing(
    qtbot, main_window, rosa_store, warmed, monkeypatch
) -> None:
    """A click's write (a Start, an autosave) is the coach working: the slice computing
    stops before its next part of a run of authorizations, and the pass goes on once
    still."""
    window = main_window
    _settled(qtbot)
    _forget_kept_draws(rosa_store)
    monkeypatch.setattr(warm_up, "SLICE_MS", 60_000)  # one slice would warm everyone
    real = billing._draws_between
    published: list[bool] = []

    def first_part_then_a_write(store, client_id, start, end, auths, context, used):
        result = real(store, client_id, start, end, auths, context, used)
        if getattr(WARMING, "on", False) and not published:
            published.append(True)
            # The GUI thread publishes the coach's write while this part was computing.
            write = Changes.of(Entity.SESSION, "s")
            QTimer.singleShot(0, window, lambda: window.bus.publish(write))
            time.sleep(0.3)  # the worker goes on computing until it looks (GIL released)
        return result

    monkeypatch.setattr(billing, "_draws_between", first_part_then_a_write)
    window.warm_up.schedule(0)
    qtbot.waitUntil(lambda: bool(published), timeout=30_000)
    qtbot.waitUntil(lambda: window.warm_up._job is None, timeout=30_000)
    # The slice ended at the next part: the part computed kept, the rest left for later.
    assert warmed == [1]
    assert clients_missing_draws(rosa_store)
    with qtbot.waitSignal(window.warm_up.finished, timeout=60_000):
        pass
    assert clients_missing_draws(rosa_store) == []
