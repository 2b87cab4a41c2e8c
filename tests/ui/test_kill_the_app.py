"""SIGKILL a running app 20 times at random moments: each time at most a second of the
running session is lost (the heartbeat is written every second) and the database file
stays sound."""

from __future__ import annotations

import random
import select
import signal
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests.app_process import close, start_timing_app, started_session

from sessionlog.services import timing

KILLS = 20


@pytest.mark.slow
def test_twenty_kills_lose_at_most_a_second_each(rosa_store, db_path: Path) -> None:
    chance = random.Random()
    seed = chance.randrange(1 << 30)
    chance.seed(seed)
    for attempt in range(KILLS):
        app = start_timing_app(db_path)
        session_id = started_session(app)
        started = rosa_store.session(session_id).segments[0].start
        assert app.stdout is not None
        # Run for a random moment (up to 2.5 s: across several heartbeats), then kill.
        quiet, _, _ = select.select([app.stdout], [], [], chance.uniform(0.05, 2.5))
        assert not quiet, "the app said something unexpected"
        killed_at = datetime.now(UTC)
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=30)
        close(app)
        assert app.returncode == -signal.SIGKILL

        beat = timing.read_heartbeat(rosa_store, [session_id])
        assert beat is not None
        lost = killed_at - beat.wall
        context = f"kill {attempt + 1} (seed {seed})"
        assert timedelta(0) <= lost <= timedelta(seconds=1), f"{context}: lost {lost}"
        [stopped] = timing.recover_stop_at_heartbeat(rosa_store, [session_id]).value
        assert stopped.segments[-1].end == beat.wall
        assert stopped.elapsed() >= killed_at - started - timedelta(seconds=1), context
        check = sqlite3.connect(db_path)
        try:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok", context
        finally:
            check.close()
