"""SIGKILL a real SessionLog process at random moments and check what survives.

Four kinds of work, each killed ``KILLS`` times (20 in the normal suite; 200 with
``--runslow`` or ``SESSIONLOG_RELIABILITY=full``) at a random moment chosen from a fixed
seed: a timer running while a note is typed, signing the End-of-day queue, a
command-line import, a command-line packet export. After every kill:

- the database passes ``PRAGMA integrity_check`` (0 integrity failures);
- every write the process acknowledged (printed after it returned) is in the database;
- the running timer loses no more than one heartbeat interval (plus the write itself);
- no partial file sits under a final name (an import is all or nothing, a packet either
  does not exist or verifies).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pytest

from sessionlog.export.packet import verify_packet
from sessionlog.services import timing
from sessionlog.store import Store, open_database
from tests.interchange_sample import sample

# ``--runslow`` sets SESSIONLOG_RELIABILITY=full before collection (tests/conftest.py).
FULL = os.environ.get("SESSIONLOG_RELIABILITY") == "full"
KILLS = int(os.environ.get("SESSIONLOG_KILLS", 200 if FULL else 20))
# The most of a running session a kill may cost: the heartbeat is written every 0.5 s.
MAX_TIMER_LOSS_SECONDS = 1.0
SRC = str(Path(__file__).resolve().parents[2] / "src")
DRIVER = Path(__file__).with_name("app_driver.py")


def _env(profile: Path | None = None) -> dict[str, str]:
    """The children's environment, read when they start (after the test's own profile is
    set); module-wide fixtures start before it, so they pass a ``profile`` folder of their
    own: no child ever writes a log into a real profile."""
    env = {**os.environ, "PYTHONPATH": SRC, "QT_QPA_PLATFORM": "offscreen"}
    if profile is not None:
        env["SESSIONLOG_LOG_DIR"] = str(profile / "logs")
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            env[name] = str(profile / name.lower())
    return env


# What the last full run measured, collected for docs/reliability.md.
FIGURES: dict[str, dict[str, float]] = {}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "sessionlog", "--db", str(path), "demo", "--today", "2026-11-20"],
        env=_env(folder / "profile"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    store = Store(open_database(path))
    store.set_state("current_staff_id", "staff-rosa")
    store.db.close()
    return path


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _run_and_kill(args: list[str], after: float, ready: str | None) -> list[str]:
    """Start a process, wait for its ``ready`` line (if any), let it work ``after``
    seconds, SIGKILL it, and return every line it printed."""
    child = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_env(), text=True
    )
    assert child.stdout is not None
    lines = _until(child.stdout, ready)
    time.sleep(after)  # the random moment of the kill (the harness's one deliberate wait)
    child.send_signal(signal.SIGKILL)
    rest, _ = child.communicate(timeout=60)
    lines += [line.strip() for line in rest.splitlines()]
    return lines


def _until(stream: IO[str], ready: str | None) -> list[str]:
    lines: list[str] = []
    while ready is not None:
        line = stream.readline()
        if not line:
            break
        lines.append(line.strip())
        if line.startswith(ready):
            break
    return lines


class AppLauncher:
    """Forks real app processes from one that imported everything once (app_driver.py
    --serve): each run is a separate process, killed with SIGKILL like any other."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.server = subprocess.Popen(
            [sys.executable, str(DRIVER), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_env(folder / "profile"),
            text=True,
        )
        assert self.server.stdout is not None and self.server.stdin is not None
        assert self.server.stdout.readline().strip() == "serving"
        self.count = 0

    def run_and_kill(
        self, db_path: Path, scenario: str, after: float
    ) -> tuple[list[str], datetime]:
        """Every line the app printed, and the wall-clock moment of the SIGKILL."""
        assert self.server.stdin is not None and self.server.stdout is not None
        self.count += 1
        fifo = self.folder / f"app-{self.count}.out"
        os.mkfifo(fifo)
        self.server.stdin.write(f"run {db_path} {scenario} {fifo}\n")
        self.server.stdin.flush()
        pid = int(self.server.stdout.readline())
        with fifo.open() as stream:  # opens once the app has opened its end
            lines = _until(stream, "started")
            time.sleep(after)  # the random moment of the kill
            killed_at = datetime.now(UTC)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                errors = Path(f"{fifo}.err").read_text(errors="replace")[-3000:]
                raise AssertionError(f"the app died before its kill: {lines}\n{errors}") from None
            lines += [line.strip() for line in stream.read().splitlines()]
        _wait_gone(pid)
        fifo.unlink()
        Path(f"{fifo}.err").unlink(missing_ok=True)
        return lines, killed_at

    def close(self) -> None:
        self.server.kill()
        self.server.wait()


def _wait_gone(pid: int) -> None:
    """The killed process has released its files once it no longer exists."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} outlived SIGKILL")


@pytest.fixture(scope="module")
def launcher(tmp_path_factory: pytest.TempPathFactory):
    started = AppLauncher(tmp_path_factory.mktemp("fifos"))
    yield started
    started.close()


# The command's run time is measured again every this many kills: on a machine whose load
# moves, a time measured once made most kills of a long run land after the command had
# finished (65 of 70 packet kills in one run), testing little of the write itself.
RECALIBRATE_EVERY = 10


def _duration(command: list[str]) -> float:
    """How long the command takes when left alone: kills land across its whole run."""
    started = time.monotonic()
    done = subprocess.run(command, env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def _record(scenario: str, **figures: float) -> None:
    """The figures so far (called after every kill): with ``SESSIONLOG_FIGURES`` set they
    are written at once, so a long run that is stopped still leaves what it measured."""
    FIGURES[scenario] = figures
    out = os.environ.get("SESSIONLOG_FIGURES")
    if out:
        Path(out).write_text(json.dumps(FIGURES, indent=2))


def test_kill_while_a_timer_runs_and_a_note_is_typed(
    demo_file: Path, tmp_path: Path, launcher: AppLauncher
) -> None:
    rng = random.Random(1401)
    lost_worst = 0.0
    acked_total = 0
    over_a_second: list[str] = []  # every kill is checked, then all are reported at once
    for kill in range(KILLS):
        path = tmp_path / f"typing-{kill}.sqlite3"
        shutil.copy(demo_file, path)
        lines, killed_at = launcher.run_and_kill(path, "timer-typing", after=rng.uniform(0.0, 3.0))
        assert _integrity(path) == "ok"
        started = [line for line in lines if line.startswith("started")]
        assert started, f"kill {kill}: the app never started its timer: {lines}"
        session_id = started[0].split()[1]
        store = Store(open_database(path))
        try:
            session = store.session(session_id)
            assert session.segments and session.segments[-1].end is None  # still running
            beat = timing.read_heartbeat(store)
            assert beat is not None and session_id in beat.session_ids
            lost = (killed_at - beat.wall).total_seconds()
            lost_worst = max(lost_worst, lost)
            if lost > MAX_TIMER_LOSS_SECONDS:
                over_a_second.append(f"kill {kill}: {lost:.2f} s")
            acked = [int(x.split()[2]) for x in lines if x.startswith("ack-note")]
            acked_total += len(acked)
            if acked:
                assert len(session.response) >= max(acked), f"kill {kill}: an autosave lost"
        finally:
            store.db.close()
        _record(
            "timer and typing",
            kills=kill + 1,
            acknowledged_autosaves=acked_total,
            worst_lost_seconds=round(lost_worst, 2),
            kills_losing_over_a_second=len(over_a_second),
        )
    assert acked_total > 0, "no kill happened after an autosave: the harness proves nothing"
    assert not over_a_second, f"timer lost over {MAX_TIMER_LOSS_SECONDS} s: {over_a_second}"


def test_kill_while_signing(demo_file: Path, tmp_path: Path, launcher: AppLauncher) -> None:
    rng = random.Random(1402)
    signed_total = 0
    for kill in range(KILLS):
        path = tmp_path / f"signing-{kill}.sqlite3"
        shutil.copy(demo_file, path)
        lines, _killed_at = launcher.run_and_kill(path, "signing", after=rng.uniform(0.05, 2.0))
        assert _integrity(path) == "ok"
        acked = [line.split()[1] for line in lines if line.startswith("ack-signed")]
        signed_total += len(acked)
        store = Store(open_database(path))
        try:
            for session_id in acked:
                session = store.session(session_id)
                assert session.signed, f"kill {kill}: an acknowledged signature was lost"
            # A signature is whole: every signed session has its signature row and locks.
            for session in store.sessions():
                if session.signature is not None:
                    assert session.signature.signer_name and session.signature.attestation
        finally:
            store.db.close()
        _record("signing", kills=kill + 1, acknowledged_signatures=signed_total)
    assert signed_total > 0, "no kill happened after a signature: the harness proves nothing"


def _big_import(folder: Path) -> Path:
    doc = sample()
    template = doc["sessions"][1]
    for n in range(400):
        extra = json.loads(json.dumps(template))
        extra["id"] = f"bulk-{n}"
        day = 3 + n % 20
        extra["segments"] = [
            {
                "start": f"2026-04-{day:02d}T{8 + n % 9:02d}:00:00-05:00",
                "end": f"2026-04-{day:02d}T{8 + n % 9:02d}:30:00-05:00",
            }
        ]
        extra["staff"] = "s1"
        doc["sessions"].append(extra)
    path = folder / "import.json"
    path.write_text(json.dumps(doc))
    return path


def test_kill_while_importing(tmp_path: Path) -> None:
    """An import is one transaction: after a kill the file is all there or not at all."""
    rng = random.Random(1403)
    source = _big_import(tmp_path)
    expected = len(json.loads(source.read_text())["sessions"])
    empty = tmp_path / "empty.sqlite3"
    Store(open_database(empty)).db.close()
    outcomes = {"all": 0, "none": 0}
    command = [sys.executable, "-m", "sessionlog", "--db", "DB", "import", str(source)]
    whole = _duration([*command[:4], str(tmp_path / "timing.sqlite3"), *command[5:]])
    for kill in range(KILLS):
        if kill and kill % RECALIBRATE_EVERY == 0:
            whole = _duration(
                [*command[:4], str(tmp_path / f"timing-{kill}.sqlite3"), *command[5:]]
            )
        path = tmp_path / f"import-{kill}.sqlite3"
        shutil.copy(empty, path)
        lines = _run_and_kill(
            [*command[:4], str(path), *command[5:]],
            after=rng.uniform(0.3 * whole, 1.6 * whole),
            ready=None,
        )
        assert _integrity(path) == "ok"
        store = Store(open_database(path))
        try:
            count = store.count_sessions()
        finally:
            store.db.close()
        assert count in (0, expected), f"kill {kill}: a partial import ({count} sessions)"
        if any(line.startswith("Imported") for line in lines):
            assert count == expected, f"kill {kill}: an acknowledged import was lost"
        outcomes["all" if count else "none"] += 1
        _record("importing", kills=kill + 1, **{f"kills_{k}": v for k, v in outcomes.items()})
    assert outcomes["none"] > 0 or KILLS < 5, "no kill interrupted an import"


def test_kill_while_exporting_a_packet(demo_file: Path, tmp_path: Path) -> None:
    """A packet is written under a temporary name and renamed: after a kill the final
    name holds nothing, or a packet that verifies."""
    rng = random.Random(1404)
    complete = 0
    command = [
        *(sys.executable, "-m", "sessionlog", "--db", str(demo_file), "export-packet"),
        *("--client", "client-marcus", "--from", "2026-11-16", "--to", "2026-11-20", "--out"),
    ]
    whole = _duration([*command, str(tmp_path / "timing.pdf")])
    for kill in range(KILLS):
        if kill and kill % RECALIBRATE_EVERY == 0:
            whole = _duration([*command, str(tmp_path / f"timing-{kill}.pdf")])
        out = tmp_path / f"packet-{kill}" / "marcus.pdf"
        out.parent.mkdir()
        _run_and_kill([*command, str(out)], after=rng.uniform(0.3 * whole, 1.6 * whole), ready=None)
        if out.exists():
            outcome = verify_packet(out)
            assert outcome.ok, f"kill {kill}: a partial packet under the final name"
            complete += 1
        leftovers = [p.name for p in out.parent.iterdir() if p.name != "marcus.pdf"]
        # A temporary file may be left by the kill, never under the final name.
        assert all(name.startswith(".marcus.pdf.") for name in leftovers), leftovers
        _record("exporting a packet", kills=kill + 1, finished_before_the_kill=complete)
    assert _integrity(demo_file) == "ok"


def test_write_the_figures(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Leave this run's figures where docs/reliability.md's table can be filled from."""
    out = Path(os.environ.get("SESSIONLOG_FIGURES", tmp_path_factory.getbasetemp() / "kills.json"))
    out.write_text(json.dumps(FIGURES, indent=2))
    assert json.loads(out.read_text()) == FIGURES
