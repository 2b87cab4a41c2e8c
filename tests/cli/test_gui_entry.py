"""`sessionlog` with no command opens the app on the chosen database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[2] / "src")


def test_no_command_opens_the_window_on_the_chosen_database(tmp_path: Path) -> None:
    db = tmp_path / "fresh.sqlite3"
    env = {**os.environ, "PYTHONPATH": SRC, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, "-m", "sessionlog", "--db", str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log_file = Path(os.environ["SESSIONLOG_LOG_DIR"]) / "sessionlog.log"
    try:
        # Poll, with a deadline, for the line the app logs once its window is shown; it
        # then waits for the first-run question (load the demo?), so it keeps running.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if log_file.exists() and "window shown" in log_file.read_text(encoding="utf-8"):
                break
            time.sleep(0.05)
        assert process.poll() is None, process.communicate()[1]
        assert "window shown" in log_file.read_text(encoding="utf-8")
        assert db.exists()
        assert db.stat().st_mode & 0o777 == 0o600
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=30)
    assert "Traceback" not in err


def test_foreign_sqlite_file_is_refused_at_start_with_a_message(
    tmp_path: Path, qapp, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox
    from tests.store.test_database import write_foreign_file

    from sessionlog.app import run_gui

    other = tmp_path / "recipes.db"
    before = write_foreign_file(other, 0)
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text: shown.append(text))
    )
    assert run_gui(other) == 2
    assert len(shown) == 1
    assert "another application, not a SessionLog database" in shown[0]
    assert "left untouched" in shown[0]
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["recipes.db"]
