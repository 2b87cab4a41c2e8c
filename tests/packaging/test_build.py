"""The double-click build: PyInstaller bundles the app with its data files, and the built
copy runs the commands a coach or clerk uses and opens its window."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_pyinstaller_build_runs_the_commands_and_opens_the_window(tmp_path: Path) -> None:
    import PyInstaller  # noqa: F401 - a test dependency: a missing one fails, never skips

    source = tmp_path / "src"
    # Build from a copy so the test never leaves dist/ or build/ in the checkout.
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "dist", "build", "__pycache__", "*.egg-info", "*.sqlite3*"
        ),
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SESSIONLOG_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(source / "dist"),
            "--workpath",
            str(tmp_path / "work"),
            str(source / "packaging" / "sessionlog.spec"),
        ],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    bundle = source / "dist" / "sessionlog"
    resources = bundle / "_internal" / "sessionlog" / "resources"
    for shipped in (
        "service_codes.json",
        "places_of_service.json",
        "fonts/DejaVuSans.ttf",
        "icons/sessionlog.svg",
        "icons/sessionlog-256.png",
        "licenses/third-party.txt",
    ):
        assert (resources / shipped).is_file(), shipped
    assert (bundle / "sessionlog-gui").is_file()

    smoke = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "smoke_check.py"), str(bundle)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    for step in ("--version", "demo", "units", "export-packet", "verify-packet", "window"):
        assert step in smoke.stdout
    assert "smoke check passed" in smoke.stdout
