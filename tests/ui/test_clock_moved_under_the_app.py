"""The wall clock of a running app is moved with libfaketime (only the wall clock:
FAKETIME_DONT_FAKE_MONOTONIC=1, as a real clock change): forward, back, and twice while
one question is open, each answered with Escape. The stored length must be the real
elapsed time, measured here by this process's own monotonic clock."""

from __future__ import annotations

import select
import time
from datetime import timedelta
from pathlib import Path

import pytest
from tests.app_process import app_env, close, read_line, start_timing_app

# Debian's `faketime` package (packaging/setup-debian.sh --test installs it).
LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


class FakedApp:
    def __init__(self, db_path: Path, clock_file: Path) -> None:
        assert LIBFAKETIME.exists(), "install Debian's faketime (setup-debian.sh --test)"
        self.clock_file = clock_file
        self.move_to("+0")
        env = app_env(
            LD_PRELOAD=str(LIBFAKETIME),
            FAKETIME_TIMESTAMP_FILE=str(clock_file),
            # Re-read the offset file at most once a second: with no cache at all every
            # time call reads the file, and a thread importing a large package (the
            # holiday calendar, warmed in the background) starves the GUI thread.
            FAKETIME_CACHE_DURATION="1",
            FAKETIME_DONT_FAKE_MONOTONIC="1",
        )
        self.launched = time.monotonic()
        self.process = start_timing_app(db_path, commands=True, env=env)

    def move_to(self, offset: str) -> None:
        """Set the app's wall clock to the real time plus ``offset`` seconds (written to a
        temporary file and renamed, so the app never reads a half-written offset)."""
        temporary = self.clock_file.with_suffix(".tmp")
        temporary.write_text(offset + "\n")
        temporary.replace(self.clock_file)

    def expect(self, wanted: str, timeout: float = 60) -> str:
        line = read_line(self.process, timeout)
        assert line.startswith(wanted), f"expected {wanted!r}, got {line!r}"
        return line

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def wait_for_pending(self, count: int, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.send("pending")
            if self.expect("pending") == f"pending {count}":
                return
            select.select([], [], [], 0.2)  # poll again shortly
        pytest.fail(f"the app never had {count} clock questions waiting")

    def close(self) -> None:
        close(self.process)


@pytest.mark.slow
def test_escape_on_every_clock_question_keeps_the_real_length(
    rosa_store, db_path: Path, tmp_path: Path
) -> None:
    app = FakedApp(db_path, tmp_path / "faketime.rc")
    try:
        session_id = app.expect("started").split()[1]
        began = time.monotonic()
        app.move_to("+7200")  # forward 2 h
        app.expect("asked clock_forward")
        app.send("escape")
        app.move_to("+3600")  # back 1 h
        app.expect("asked clock_back")
        app.send("escape")
        # Twice while one question is open: forward 3 h, then back 30 min.
        app.move_to("+14400")
        app.expect("asked clock_forward")
        app.move_to("+12600")
        app.wait_for_pending(2)  # the second change is seen while the question is open
        app.send("escape")
        app.expect("asked clock_back")  # the change made during the question, asked after
        app.send("escape")
        stop_sent = time.monotonic()
        app.send("stop")
        app.expect("stopped")
        stopped = time.monotonic()
    finally:
        app.close()
    stored = rosa_store.session(session_id)
    assert stored.status.value == "draft"
    # The session began between the launch and "started", and ended between sending
    # Stop and reading "stopped": its length lies between those two real spans.
    at_least = stop_sent - began
    at_most = stopped - app.launched
    length = stored.elapsed().total_seconds()
    assert at_least - 0.5 <= length <= at_most + 0.5, (length, at_least, at_most)
    # Escape trusted each new clock: the session reads in the final clock's terms.
    assert abs(stored.segments[-1].end - stored.segments[0].start - stored.elapsed()) < (
        timedelta(seconds=1)
    )
