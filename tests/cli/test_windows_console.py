"""Windows gives a pipe or a redirected file the ANSI code page (cp1252); the commands
print UTF-8 anyway. PYTHONIOENCODING=cp1252 makes Linux open its streams the same way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[2] / "src")


def sessionlog(*args: str, db: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": SRC, "SESSIONLOG_DB": str(db), "PYTHONIOENCODING": "cp1252"}
    return subprocess.run(
        [sys.executable, "-m", "sessionlog", *args], env=env, capture_output=True, timeout=120
    )


def test_units_prints_utf8_through_a_cp1252_pipe(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    assert sessionlog("demo", "--today", "2026-11-20", db=db).returncode == 0
    period = ("--from", "2026-10-20", "--to", "2026-11-20")
    csv_run = sessionlog("units", *period, "--format", "csv", db=db)
    assert csv_run.returncode == 0, csv_run.stderr.decode("utf-8", "replace")
    # The byte-order mark spreadsheets need has no cp1252 form: it arrives as UTF-8.
    assert csv_run.stdout.startswith("\ufeff".encode())
    assert "H2023" in csv_run.stdout.decode("utf-8")
    table = sessionlog("units", *period, db=db)
    assert table.returncode == 0, table.stderr.decode("utf-8", "replace")
    assert "Client" in table.stdout.decode("utf-8")
