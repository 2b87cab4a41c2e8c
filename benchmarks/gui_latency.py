"""GUI latencies through the real MainWindow (offscreen), issue 12.

How long the GUI thread is blocked is measured with a probe: a 1 ms precise QTimer
that records the longest gap between its ticks while an action and everything it sets
off (bus refreshes, callbacks of background work) runs. A gap is time the window could
not repaint or take a key.

Every measurement runs on a copy of the database (the timer and the note write to it).

    python benchmarks/gui_latency.py --db agency.sqlite3 [--runs 5]

``measure(db_path)`` returns rows {"operation", "figure_ms", "floor_ms", "target", "ok"};
``benchmarks/run.py`` calls it in a subprocess of its own.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

CLICK_TARGET_MS = 20.0
AUTOSAVE_TARGET_MS = 10.0
UNITS_TARGET_MS = 300.0
ROWS_TARGET_MS = 100.0
MEMORY_TARGET_MB = 250.0
START_RATIO = 1.5
QUIT_TARGET_MS = 1000.0


# PySide6 6.12 on Python 3.11 drops one reference to None (or True/False) per Python slot
# call from some signals (QTimer.timeout among them), so a 1 ms probe would deallocate
# None within seconds ("Fatal Python error: none_dealloc"). References added here keep
# the counts far from zero for the run and the interpreter's exit (never given back).
def _pad_refcounts(times: int = 3_000_000) -> None:
    import ctypes

    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    for obj in (None, True, False):
        for _ in range(times):
            incref(obj)


# A word common in generated and demo notes: its hits span every year of the file.
COMMON_WORD = "the"


def copy_database(source: Path, folder: Path) -> Path:
    """A consistent copy (SQLite's backup API: the WAL is folded in)."""
    target = folder / source.name
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    os.chmod(target, 0o600)
    return target


def _row(
    operation: str,
    figure: float,
    floor: float | None,
    target: str,
    ok: bool | None,
    note: str = "",
) -> dict:
    """One report row; ``ok`` None for a figure shown with no target to judge."""
    return {
        "operation": operation,
        "figure_ms": round(figure, 2),
        "floor_ms": None if floor is None else round(floor, 2),
        "target": target,
        "ok": None if ok is None else bool(ok),
        "note": note,
    }


def _spread(figures: list[float], cpu: list[float] | None = None) -> str:
    """The note of a median: the worst of the runs it is the median of, and how much of
    the longest gap the GUI thread spent computing (median over the runs)."""
    if not figures:
        return ""
    note = f"max {max(figures):.1f} ms over {len(figures)} runs"
    if cpu:
        note += f"; GUI-thread CPU in the longest gap {statistics.median(cpu):.1f} ms"
    return note


def _complete_note(store: Any, session_id: str, day: Any) -> None:
    """Fill what a note needs to be signed (the benchmark signs it in End of day)."""
    from sessionlog.services import timing

    session = store.session(session_id)
    plan = store.active_plan(session.client_id, session.service_date() or day)
    objective = [next(iter(plan.objective_ids()))] if plan is not None else []
    timing.update_note(
        store,
        session_id,
        place_of_service=session.place_of_service or "18",
        telehealth=False,
        intervention="Methods: Modeling.\nModeled the route to the bus stop.",
        note="Met at the worksite.",
        objective_ids=objective,
        response="Walked the route with one prompt.",
        plan="Fade the prompt next week.",
    )


# ---- the probe ------------------------------------------------------------------------


def _pointer_reaches_the_window() -> None:
    """The input a coach's click comes with: the pointer moving over the window. The
    actions below call the window's slots directly; without it the app could not tell
    that somebody is working, as it does for a real click (the background warm-up of
    kept draws gives way to the coach's input, ui/warm_up.py)."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    if not windows:
        return
    at = QPointF(10, 10)
    QApplication.sendEvent(
        windows[0],
        QMouseEvent(
            QEvent.Type.MouseMove,
            at,
            windows[0].mapToGlobal(at),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        ),
    )


class Probe:
    """The longest gap between ticks of a 1 ms timer on the GUI thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.last_cpu = time.thread_time()
        self.longest = 0.0
        self.longest_cpu = 0.0
        self.cpu_ms: list[float] = []  # longest_cpu of each measurement, in ms
        # One single-shot timer for the actions: QTimer.singleShot(0, callable) called
        # many times trips a reference-count bug in some PySide6 versions.
        self.kick = QTimer()
        self.kick.setSingleShot(True)
        self.kick.setInterval(0)
        self.kick.timeout.connect(self._act)
        self.action: Callable[[], None] = lambda: None

    def _act(self) -> None:
        _pointer_reaches_the_window()
        self.action()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        if now - self.last > self.longest:
            self.longest = now - self.last
            # How much of the longest gap the GUI thread itself computed (the rest it
            # waited: for the CPU on a loaded machine, or for the GIL held by a worker).
            self.longest_cpu = cpu - self.last_cpu
        self.last, self.last_cpu = now, cpu

    def blocked_ms(
        self,
        action: Callable[[], None],
        done: Callable[[], bool] = lambda: True,
        timeout_s: float = 120.0,
    ) -> float:
        """Run ``action`` from the event loop; wait until ``done()`` and the thread pool is
        idle (then a little more, for the callbacks); the longest gap, less the interval."""
        from PySide6.QtCore import QThreadPool
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        assert app is not None
        pool = QThreadPool.globalInstance()
        try:  # follow-up reads wait for the window to be idle before they start
            from sessionlog.ui.idle import follow_up_lane

            lane = follow_up_lane()
            following: Callable[[], bool] = lambda: lane.busy  # noqa: E731
        except ImportError:
            following = lambda: False  # noqa: E731
        self.longest = self.longest_cpu = 0.0
        self.last, self.last_cpu = time.perf_counter(), time.thread_time()
        self.timer.start()
        self.action = action
        self.kick.start()
        deadline = time.perf_counter() + timeout_s
        quiet_since: float | None = None
        while time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.0002)
            idle = pool.activeThreadCount() == 0 and not following() and done()
            if not idle:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.perf_counter()
            elif time.perf_counter() - quiet_since > 0.15:
                break
        self.timer.stop()
        self.cpu_ms.append(self.longest_cpu * 1000)
        return max(0.0, self.longest * 1000 - 1.0)


def wall_ms(action: Callable[[], None], done: Callable[[], bool], timeout_s: float = 300) -> float:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    start = time.perf_counter()
    action()
    while not done():
        app.processEvents()
        time.sleep(0.0005)
        if time.perf_counter() - start > timeout_s:
            break
    return (time.perf_counter() - start) * 1000


# ---- in-window measurements -----------------------------------------------------------


def _peak_rss_reset() -> None:
    with contextlib.suppress(OSError):  # resets the peak RSS (Linux)
        Path("/proc/self/clear_refs").write_text("5")


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _in_window(db_path: Path, runs: int) -> list[dict]:
    from PySide6.QtWidgets import QApplication

    from sessionlog.core.changes import Changes, Entity
    from sessionlog.core.timer import SystemClock
    from sessionlog.services import timing
    from sessionlog.store import Store, open_database
    from sessionlog.ui.bus import ChangeBus
    from sessionlog.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    store = Store(open_database(db_path), actor="bench")
    clock = SystemClock()
    day = clock.read().wall.astimezone().date()
    caseload = timing.caseload(store, day)
    if not caseload:
        raise SystemExit("no client has a plan covering today: the timer cannot be measured")
    client = caseload[0]
    options = timing.code_options(store, client.id, day)
    code = options[0].code if options else "H2014"
    staff = store.staff_members()[0]
    store.set_state("current_staff_id", staff.id)
    window = MainWindow(store, db_path, bus=ChangeBus(), clock=clock)
    window.show()
    probe = Probe()
    today, timer, note = window.today, window.today.timer, window.today.note
    history = window.history
    # Let History's first page (started by its constructor) finish first.
    probe.blocked_ms(lambda: None, lambda: not history.is_loading)

    cpu: dict[str, list[float]] = {
        name: [] for name in ("starts", "pauses", "stops", "saves", "opens", "signs", "search")
    }
    starts: list[float] = []
    pauses: list[float] = []
    stops: list[float] = []
    saves: list[float] = []
    stopped_ids: list[str] = []
    for run in range(runs):
        window.show_view(today)
        today.select_client(client.id, code)
        starts.append(probe.blocked_ms(timer.start))
        cpu["starts"].append(probe.cpu_ms[-1])
        pauses.append(probe.blocked_ms(timer.toggle_pause))
        cpu["pauses"].append(probe.cpu_ms[-1])
        probe.blocked_ms(timer.toggle_pause)  # resume
        session_ids = list(timer.session_ids)
        stops.append(probe.blocked_ms(timer.stop))
        cpu["stops"].append(probe.cpu_ms[-1])
        stopped_ids += session_ids
        note.response.setPlainText(f"Practiced the route to work, step {run}.")
        # The typing pause's autosave (the writer thread writes it), until it is saved.
        autosave = getattr(note, "autosave", note.flush)
        saves.append(probe.blocked_ms(autosave, lambda: not window.pending_writes.waiting))
        cpu["saves"].append(probe.cpu_ms[-1])
    # Opening a note: the sessions just timed, and the coach's latest ones of other
    # clients, one after another (a new client's plan the first time, then reused).
    from sessionlog.core.queries import SessionFilter

    month_ago = day - timedelta(days=30)
    recent = [
        s.id
        for s in store.sessions(SessionFilter(staff_id=staff.id, start=month_ago, end=day))[
            -4 * runs :
        ]
        if s.client_id != client.id
    ][-runs:]
    opens: list[float] = []
    for session_id in [x for pair in zip(stopped_ids, recent, strict=False) for x in pair]:
        opens.append(
            probe.blocked_ms(
                lambda sid=session_id: note.show_session(sid), lambda: not note.units_pending()
            )
        )
        cpu["opens"].append(probe.cpu_ms[-1])

    # End of day: "Sign and next" on a complete note, the queue then refreshed.
    end_of_day = window.end_of_day
    window.show_view(end_of_day)
    probe.blocked_ms(lambda: None)
    signs: list[float] = []

    def eod_loading() -> bool:
        return bool(getattr(end_of_day, "is_loading", False))

    for session_id in stopped_ids:
        _complete_note(store, session_id, day)
        window.bus.publish(Changes.of_sessions([store.session(session_id)]))
        row = end_of_day.model.row_of(session_id)
        if row < 0:
            continue
        # The note on the right is read in the background: wait for it (not measured).
        wall_ms(lambda r=row: end_of_day.select_row(r), lambda: not eod_loading())
        if not end_of_day.panel.can_sign():
            continue
        # Until the signature is stored, the queue has re-read the changed rows and the
        # next note is on the right.
        signs.append(probe.blocked_ms(end_of_day.sign_and_next, lambda: not eod_loading()))
        cpu["signs"].append(probe.cpu_ms[-1])

    changed = store.session(stopped_ids[-1])
    change = Changes.of(Entity.SESSION, changed.id)
    if hasattr(Changes, "of_sessions"):
        change = Changes.of_sessions([changed])
    refresh: dict[str, list[float]] = {"Today": [], "End of day": [], "History": []}
    refresh_cpu: dict[str, list[float]] = {name: [] for name in refresh}
    views = {"Today": today, "End of day": window.end_of_day, "History": history}
    for _ in range(runs):
        for name, view in views.items():
            window.show_view(view)
            probe.blocked_ms(lambda: None, lambda: not history.is_loading)
            refresh[name].append(
                probe.blocked_ms(lambda: window.bus.publish(change), lambda: not history.is_loading)
            )
            refresh_cpu[name].append(probe.cpu_ms[-1])

    # History: a search whose hits span every year, rows and then the units column.
    window.show_view(history)
    rows_ms: list[float] = []
    units_ms: list[float] = []
    history_blocked: list[float] = []
    peak_mb = 0.0
    for run in range(max(1, min(runs, 3))):
        loaded: list[float] = []
        units: list[float] = []
        history.loaded.connect(lambda got=loaded: got.append(time.perf_counter()))
        history.units_loaded.connect(lambda got=units: got.append(time.perf_counter()))
        _peak_rss_reset()
        before = _rss_mb("VmRSS")
        begin = time.perf_counter()
        word = COMMON_WORD if run % 2 == 0 else COMMON_WORD.upper()  # a new query each run
        history_blocked.append(
            probe.blocked_ms(
                lambda w=word: history.set_filters(search=w),
                lambda got=units: bool(got) and not history.is_loading,
            )
        )
        cpu["search"].append(probe.cpu_ms[-1])
        peak_mb = max(peak_mb, _rss_mb("VmHWM") - before)
        history.loaded.disconnect()
        history.units_loaded.disconnect()
        if loaded:
            rows_ms.append((loaded[0] - begin) * 1000)
        if units:
            units_ms.append((units[0] - begin) * 1000)
    window.close()
    store.db.close()
    app.processEvents()

    med = statistics.median

    def blocked(name: str, figures: list[float], limit: float, target: str) -> dict:
        return _row(name, med(figures), None, target, med(figures) <= limit, _spread(figures))

    def timed(name: str, key: str, figures: list[float], limit: float = CLICK_TARGET_MS) -> dict:
        row = blocked(name, figures, limit, f"≤ {limit:.0f} ms")
        row["note"] = _spread(figures, cpu[key])
        return row

    rows = [
        timed("timer start: GUI blocked", "starts", starts),
        timed("timer pause: GUI blocked", "pauses", pauses),
        timed("timer stop: GUI blocked", "stops", stops),
        timed("note autosave: GUI blocked", "saves", saves, AUTOSAVE_TARGET_MS),
    ]
    if opens:
        rows.append(timed("opening a note: GUI blocked", "opens", opens))
    if signs:
        row = timed(
            "End of day sign and next (sign, refresh, next note): GUI blocked", "signs", signs
        )
        row["target"] = "≤ 20 ms (slow parts off the GUI thread)"
        rows.append(row)
    for name, figures in refresh.items():
        row = blocked(
            f"{name} refresh after a session change: GUI blocked",
            figures,
            CLICK_TARGET_MS,
            "≤ 20 ms (slow parts off the GUI thread)",
        )
        row["note"] = _spread(figures, refresh_cpu[name])
        rows.append(row)
    rows_fig = med(rows_ms) if rows_ms else float("inf")
    units_fig = med(units_ms) if units_ms else float("inf")
    rows += [
        _row(
            "History search over years: first page of rows",
            rows_fig,
            None,
            "≤ 100 ms",
            rows_fig <= ROWS_TARGET_MS,
        ),
        _row(
            "History search over years: units column",
            units_fig,
            None,
            "≤ 300 ms",
            units_fig <= UNITS_TARGET_MS,
        ),
        _row(
            "History search over years: GUI blocked",
            med(history_blocked),
            None,
            "≤ 20 ms",
            med(history_blocked) <= CLICK_TARGET_MS,
            _spread(history_blocked, cpu["search"]),
        ),
        # A memory figure, in MB (not ms): the peak RSS growth while the page and units load.
        _row(
            "History search over years: peak memory growth (MB)",
            peak_mb,
            None,
            "≤ 250 MB",
            peak_mb <= MEMORY_TARGET_MB,
        ),
    ]
    return rows


# ---- process-level measurements ------------------------------------------------------

_BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.show()
app.processEvents()
print("ready", flush=True)
"""

_APP = """
import sys, time
sys.path.insert(0, {src!r})
from pathlib import Path
from sessionlog.app import run_gui

def started(window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    def ready():
        today_ready = getattr(window.today, "units_pending", lambda: False)
        # A view built at start (History when it was the last tab shown) is waited for
        # too; End of day and History are otherwise built when first shown.
        views = getattr(window, "built_views", lambda: [window.history])()
        if any(getattr(v, "is_loading", False) for v in views) or today_ready():
            QTimer.singleShot(2, ready)
            return
        print("ready", flush=True)
        {then}
    QTimer.singleShot(0, ready)

sys.exit(run_gui(Path({db!r}), on_started=started))
"""

_QUIT_NOW = "QApplication.quit()"
_QUIT_BUSY = (
    "window.history.set_filters(search={word!r}); print('closing', flush=True); window.close()"
)


def _env(config: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    if config is not None:
        # The app's remembered window state (QSettings) in a folder of the run's own: the
        # machine's, shared by every run and test on it, may hold any last tab.
        env["XDG_CONFIG_HOME"] = str(config)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _time_until_line(code: str, line: str, cwd: Path) -> tuple[float, subprocess.Popen]:
    begin = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(cwd / "config"),
        cwd=cwd,
    )
    assert proc.stdout is not None
    for text in proc.stdout:
        if text.strip() == line:
            return (time.perf_counter() - begin) * 1000, proc
    proc.wait()
    raise RuntimeError(
        f"the process ended before {line!r}: {proc.stderr.read() if proc.stderr else ''}"
    )


def _prepared_copy(db_path: Path, folder: Path) -> Path:
    copy = copy_database(db_path, folder)
    con = sqlite3.connect(copy)
    try:
        staff = con.execute("SELECT id FROM staff ORDER BY id LIMIT 1").fetchone()
        if staff:
            con.execute(
                "INSERT OR REPLACE INTO app_state (key, value) VALUES ('current_staff_id', ?)",
                (staff[0],),
            )
            con.commit()
    finally:
        con.close()
    return copy


def _start_and_quit(db_path: Path, runs: int) -> list[dict]:
    bare: list[float] = []
    started: list[float] = []
    quits: list[float] = []
    tracebacks = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        copy = _prepared_copy(db_path, folder)
        for _ in range(runs):
            ms, proc = _time_until_line(_BARE, "ready", folder)
            proc.wait(30)
            bare.append(ms)
            code = _APP.format(src=str(SRC), db=str(copy), then=_QUIT_NOW)
            ms, proc = _time_until_line(code, "ready", folder)
            proc.wait(120)
            started.append(ms)
        for _ in range(max(1, min(runs, 3))):
            code = _APP.format(src=str(SRC), db=str(copy), then=_QUIT_BUSY.format(word=COMMON_WORD))
            _ms, proc = _time_until_line(code, "ready", folder)
            assert proc.stdout is not None
            for text in proc.stdout:
                if text.strip() == "closing":
                    break
            closing = time.perf_counter()
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            quits.append((time.perf_counter() - closing) * 1000)
            err = proc.stderr.read() if proc.stderr else ""
            tracebacks += "Traceback" in err
    med = statistics.median
    floor = med(bare)
    # The copy is new: its first start is the day's first, which runs the full integrity
    # check (store.database); the median is of the starts after it, as most starts are.
    first_of_day, started = started[0], started[1:]
    start = med(started)
    quit_ms = max(quits)
    return [
        _row(
            "app start to a populated window",
            start,
            floor,
            "≤ 1.5× a bare QMainWindow",
            start <= START_RATIO * floor,
        ),
        _row(
            "app start, first of the day (full integrity check)",
            first_of_day,
            floor,
            "(once a day, or after an unclean exit)",
            None,
        ),
        _row(
            "quit while History's units load: process gone"
            + (f" ({tracebacks} traceback(s))" if tracebacks else ""),
            quit_ms,
            None,
            "≤ 1000 ms, no traceback",
            quit_ms <= QUIT_TARGET_MS and not tracebacks,
        ),
    ]


def measure(db_path: Path, runs: int = 5) -> list[dict[str, Any]]:
    """Every GUI latency of issue 12 on a copy of ``db_path``."""
    _pad_refcounts()
    with tempfile.TemporaryDirectory() as tmp:
        copy = copy_database(Path(db_path), Path(tmp))
        rows = _in_window(copy, runs)
    rows += _start_and_quit(Path(db_path), max(3, runs))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    rows = measure(args.db, args.runs)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    for row in rows:
        floor = "" if row["floor_ms"] is None else f" (floor {row['floor_ms']:.1f})"
        mark = "ok" if row["ok"] else "FAIL"
        note = f"  ({row['note']})" if row.get("note") else ""
        print(
            f"{mark:4} {row['figure_ms']:10.1f}{floor:18} {row['target']:28} "
            f"{row['operation']}{note}"
        )


if __name__ == "__main__":
    main()
