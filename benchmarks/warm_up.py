"""History's units column cold, after the background warm-up, and warm (issue 12).

On a copy of an agency database, through the real MainWindow (offscreen), as
``gui_latency.py`` times History's rows: a search whose hits span every year
(``COMMON_WORD``), from ``set_filters`` to ``units_loaded``. Three states:

- cold: no kept draws (as after the upgrade, or for every client after a payer edit);
- after the warm-up: no kept draws, then the window's warm-up pass (``ui.warm_up``) run
  to its end, with its wall and CPU time, its slices, and the longest transaction it
  held the write lock for; a GUI write (a note autosave's kind) is made every 5 ms during
  it and the longest it took is reported, and the longest gap of the GUI thread's 1 ms
  probe timer (the worker holds the GIL while it computes);
- warm: the same search again.

    python benchmarks/warm_up.py --db agency.sqlite3 [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from gui_latency import COMMON_WORD, Probe, _pad_refcounts, copy_database


def _forget(store) -> None:
    store.db.execute("DELETE FROM billing_draws")
    store.db.execute("DELETE FROM billing_cache")


def _units_ms(window, probe: Probe, run: int) -> tuple[float, float]:
    """History's units column for a search over years: wall ms to units_loaded, and the
    longest GUI-thread gap meanwhile."""
    history = window.history
    units: list[float] = []
    history.units_loaded.connect(lambda: units.append(time.perf_counter()))
    word = COMMON_WORD if run % 2 == 0 else COMMON_WORD.upper()  # a new query each run
    begin = time.perf_counter()
    blocked = probe.blocked_ms(
        lambda: history.set_filters(search=word), lambda: bool(units) and not history.is_loading
    )
    history.units_loaded.disconnect()
    return (units[0] - begin) * 1000, blocked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    _pad_refcounts()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from sessionlog.core.timer import SystemClock
    from sessionlog.services import billing
    from sessionlog.store import Store, open_database
    from sessionlog.store.billing_cache import BillingCacheRepository
    from sessionlog.ui.bus import ChangeBus
    from sessionlog.ui.main_window import MainWindow

    # The longest any warm-up keep held the write lock (its whole transaction).
    held: list[float] = []
    real_save = BillingCacheRepository.save_billing_draws_of_runs

    def timed_save(self, *a, **k):  # type: ignore[no-untyped-def]
        begin = time.perf_counter()
        try:
            return real_save(self, *a, **k)
        finally:
            held.append((time.perf_counter() - begin) * 1000)

    BillingCacheRepository.save_billing_draws_of_runs = timed_save  # type: ignore[method-assign]
    computed: list[str] = []
    real_run_draws = billing._run_draws

    def counting(store, client_id, run, last, auths, context, keep=None):  # type: ignore[no-untyped-def]
        before = len(keep) if keep is not None else 0
        result = real_run_draws(store, client_id, run, last, auths, context, keep)
        if keep is not None:
            computed.extend([client_id] * (len(keep) - before))
        return result

    billing._run_draws = counting  # type: ignore[assignment]

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        copy = copy_database(args.db, Path(tmp))
        store = Store(open_database(copy), actor="bench")
        store.set_state("current_staff_id", store.staff_members()[0].id)
        window = MainWindow(store, copy, bus=ChangeBus(), clock=SystemClock())
        window.show()
        probe = Probe()
        probe.blocked_ms(lambda: None, lambda: not window.history.is_loading)
        window.show_view(window.history)
        figures: dict[str, list[tuple[float, float, int]]] = {"cold": [], "after": [], "warm": []}
        warm_up_figures: list[tuple[float, float, int, float, int, float, float]] = []
        for run in range(args.runs):
            _forget(store)
            computed.clear()
            wall, blocked = _units_ms(window, probe, run)
            figures["cold"].append((wall, blocked, len(computed)))

            _forget(store)
            held.clear()
            finished: list[int] = []
            window.warm_up.finished.connect(finished.append)
            saves: list[float] = []

            def autosave(saves: list[float] = saves) -> None:
                begin = time.perf_counter()
                window.pending_writes.write(
                    "state:bench", lambda s: s.set_state("bench", "x"), window.store
                )
                saves.append((time.perf_counter() - begin) * 1000)

            saving = QTimer()
            saving.timeout.connect(autosave)
            saving.start(5)
            begin, cpu = time.perf_counter(), time.process_time()
            gui_gap = probe.blocked_ms(
                lambda: window.warm_up.schedule(0), lambda got=finished: bool(got), timeout_s=3600
            )
            saving.stop()
            window.warm_up.finished.disconnect()
            warm_up_figures.append(
                (
                    (time.perf_counter() - begin) * 1000,
                    (time.process_time() - cpu) * 1000,
                    finished[0],
                    max(held, default=0.0),
                    len(saves),
                    max(saves, default=0.0),
                    gui_gap,
                )
            )
            computed.clear()
            wall, blocked = _units_ms(window, probe, run + 1)
            figures["after"].append((wall, blocked, len(computed)))
            computed.clear()
            wall, blocked = _units_ms(window, probe, run)
            figures["warm"].append((wall, blocked, len(computed)))
        window.close()
        store.db.close()
        app.processEvents()

    med = statistics.median
    for state, rows in figures.items():
        print(
            f"History units, {state:5}: {med(r[0] for r in rows):8.1f} ms "
            f"(runs {', '.join(f'{r[0]:.0f}' for r in rows)}), GUI blocked "
            f"{med(r[1] for r in rows):.1f} ms, runs of authorizations computed "
            f"{', '.join(str(r[2]) for r in rows)}"
        )
    for wall, cpu, parts, longest, count, slowest, gap in warm_up_figures:
        print(
            f"warm-up: {wall:.0f} ms wall, {cpu:.0f} ms CPU (process), {parts} parts of runs kept, "
            f"longest keep transaction {longest:.1f} ms; {count} GUI writes meanwhile, "
            f"slowest {slowest:.1f} ms; longest GUI-thread gap {gap:.1f} ms"
        )


if __name__ == "__main__":
    main()
