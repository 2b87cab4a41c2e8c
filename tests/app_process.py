"""The real app in a child process (tests/ui/timer_driver.py: ``run_gui`` timing a client),
for the tests about processes: a second app, SIGKILL, a moved wall clock."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DRIVER = ROOT / "tests" / "ui" / "timer_driver.py"
SRC = ROOT / "src"


def app_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC), "QT_QPA_PLATFORM": "offscreen", **extra}


def run_app_script(script: str, db_path: Path) -> subprocess.CompletedProcess[str]:
    """``script`` (``python -c``) run as a fresh process of the app's on ``db_path`` (its
    ``sys.argv[1]``), which must end well; its output is returned."""
    result = subprocess.run(
        [sys.executable, "-c", script, str(db_path)],
        capture_output=True,
        text=True,
        env=app_env(),
        cwd=SRC,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def start_timing_app(
    db_path: Path,
    client_id: str = "client-marcus",
    code: str = "H2023",
    *,
    commands: bool = False,
    env: dict[str, str] | None = None,
) -> subprocess.Popen[str]:
    """Start the app on ``db_path``; it times ``client_id`` as soon as its window is up."""
    args = [sys.executable, str(DRIVER), str(db_path), client_id, code]
    return subprocess.Popen(
        [*args, "--commands"] if commands else args,
        stdin=subprocess.PIPE if commands else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env or app_env(),
        text=True,
        bufsize=1,
    )


def read_line(process: subprocess.Popen[str], timeout: float = 60) -> str:
    """The app's next line, or "" when it printed nothing in time."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    return process.stdout.readline().strip() if ready else ""


def started_session(process: subprocess.Popen[str]) -> str:
    """Wait for ``started SESSION_ID`` and return the id."""
    words = read_line(process).split()
    assert words[:1] == ["started"], "the app did not start its timer"
    return words[1]


def close(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            stream.close()
