"""No leaks on disk: owner-only log and data folders, exported files 0600, and the
``*.part`` of an export killed half-way removed at the next start (a real SIGKILL)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

from sessionlog.export.files import remove_orphaned_parts, write_private_file

SRC = str(Path(__file__).resolve().parents[2] / "src")

# A process that starts writing an export and then hangs, as if stuck mid-render.
_HANGING_EXPORT = """
import sys
from pathlib import Path
from sessionlog.export.files import write_private_with

def writer(handle):
    handle.write(b"%PDF-1.4 half of a packet")
    handle.flush()
    print("writing", flush=True)
    sys.stdin.readline()

write_private_with(Path(sys.argv[1]), writer)
"""


def start_hanging_export(target: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", _HANGING_EXPORT, str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "writing"
    return child


def parts(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.part"))


def test_part_of_a_killed_export_is_removed_at_the_next_start(tmp_path: Path) -> None:
    target = tmp_path / "exports" / "client packet.pdf"
    child = start_hanging_export(target)
    try:
        (part,) = parts(target.parent)
        assert stat.S_IMODE(part.stat().st_mode) == 0o600
        # While the exporting process lives, its part is not an orphan.
        assert remove_orphaned_parts() == []
        assert part.exists()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert part.exists() and not target.exists()

    assert remove_orphaned_parts() == [part.resolve()]
    assert parts(target.parent) == [] and not target.exists()
    assert remove_orphaned_parts() == []  # nothing left to do, no marker left behind


def test_a_finished_export_is_owner_only_and_leaves_no_marker(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_private_file(target, b"{}")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert parts(tmp_path) == []
    assert remove_orphaned_parts() == []


def test_log_file_and_folders_are_owner_only(tmp_path: Path) -> None:
    """A real start of the command (a separate process) on the default data folder."""
    env = {**os.environ, "PYTHONPATH": SRC}
    env.pop("SESSIONLOG_DB")
    made = subprocess.run(
        [sys.executable, "-m", "sessionlog", "demo", "--today", "2026-11-20"],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert made.returncode == 0, made.stderr
    logs = Path(os.environ["SESSIONLOG_LOG_DIR"])
    assert stat.S_IMODE(logs.stat().st_mode) == 0o700
    assert stat.S_IMODE((logs / "sessionlog.log").stat().st_mode) == 0o600
    data = Path(os.environ["XDG_DATA_HOME"]) / "SessionLog"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "sessionlog.sqlite3").stat().st_mode) == 0o600
