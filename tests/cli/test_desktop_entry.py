"""What the desktop sees of the app: no display, the .desktop entry, the gui entry point."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from sessionlog.app import display_available

ROOT = Path(__file__).resolve().parents[2]
SRC = str(ROOT / "src")


def test_without_a_display_the_app_says_so_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["PYTHONPATH"] = SRC
    done = subprocess.run(
        [sys.executable, "-m", "sessionlog", "--db", str(tmp_path / "x.sqlite3")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "needs a graphical desktop" in lines[0]
    assert "xcb" not in done.stderr
    # Nothing was created: the app never got as far as the database.
    assert not (tmp_path / "x.sqlite3").exists()


def test_display_detection_per_platform() -> None:
    assert not display_available({}, "linux")
    assert display_available({"DISPLAY": ":0"}, "linux")
    assert display_available({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert display_available({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    # A desktop session's own setting, inherited by an SSH login with no display.
    assert not display_available({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not display_available({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux")
    assert display_available({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, "linux")
    assert display_available({"QT_QPA_PLATFORM": "xcb:nomitshm", "DISPLAY": ":1"}, "linux")
    assert display_available({"QT_QPA_PLATFORM": "vnc:size=1366x768"}, "linux")
    assert not display_available({"QT_QPA_PLATFORM": ""}, "linux")
    assert display_available({}, "win32")
    assert display_available({}, "darwin")


def test_desktop_entry_names_the_gui_command_and_the_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign] - keys are case-sensitive
    entry.read(ROOT / "resources" / "sessionlog.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Name"] == "SessionLog"
    assert section["Icon"] == "sessionlog"
    assert section["StartupWMClass"] == "sessionlog"
    command = section["Exec"].split()[0]
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert command in pyproject["project"]["gui-scripts"]
    for size in (16, 32, 48, 64, 128, 256, 512):
        png = ROOT / "resources" / "icons" / f"sessionlog-{size}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert pyproject["project"]["license"] == "MIT"
