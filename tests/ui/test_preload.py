"""The modules of later dialogs, imported in the GUI thread's idle time (issue 12)."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

import pytest

from sessionlog.ui import preload
from sessionlog.ui.preload import PRELOAD_STEPS, ModulePreload


@pytest.fixture
def made_modules(tmp_path: Path, monkeypatch):
    """Three small modules on a path of their own; each records when it was imported."""
    folder = tmp_path / "mods"
    folder.mkdir()
    for name in ("pre_one", "pre_two", "pre_three"):
        (folder / f"{name}.py").write_text(
            "import time, builtins\n"
            "seen = builtins.__dict__.setdefault('_preload_seen', [])\n"
            "seen.append((__name__, time.monotonic()))\n"
        )
    (folder / "pre_broken.py").write_text("raise RuntimeError('broken on purpose')\n")
    monkeypatch.syspath_prepend(str(folder))
    import builtins

    builtins.__dict__["_preload_seen"] = []
    yield builtins.__dict__["_preload_seen"]
    for name in ("pre_one", "pre_two", "pre_three", "pre_broken"):
        sys.modules.pop(name, None)
    builtins.__dict__.pop("_preload_seen", None)


def _imports(*names: str) -> list:
    """Steps importing the test's own modules (the app's steps name theirs statically)."""
    return [lambda name=name: importlib.import_module(name) for name in names]


def test_the_modules_are_imported_in_order_once_the_coach_is_still(
    qtbot, made_modules, monkeypatch
):
    monkeypatch.setattr(preload, "QUIET_MS", 200)
    loader = ModulePreload(steps=_imports("pre_one", "pre_broken", "pre_two", "pre_three"))
    begun = time.monotonic()
    loader.schedule(0)
    qtbot.waitUntil(lambda: loader.done, timeout=5000)
    assert [name for name, _at in made_modules] == ["pre_one", "pre_two", "pre_three"]
    # Nothing before the coach was still for the quiet time; a broken module is skipped.
    assert made_modules[0][1] - begun >= 0.2
    assert "pre_broken" not in sys.modules
    assert not loader.activity.watching  # the app-wide input filter is gone when done


def test_input_puts_the_next_step_off(qtbot, made_modules, monkeypatch):
    monkeypatch.setattr(preload, "QUIET_MS", 300)
    loader = ModulePreload(steps=_imports("pre_one", "pre_two"))
    loader.schedule(0)
    qtbot.waitUntil(lambda: "pre_one" in sys.modules, timeout=5000)
    typed = time.monotonic()
    loader.activity.saw_input()  # the coach presses a key
    qtbot.waitUntil(lambda: loader.done, timeout=5000)
    assert made_modules[1][0] == "pre_two"
    assert made_modules[1][1] - typed >= 0.3


def test_stopping_imports_nothing_more(qtbot, made_modules, monkeypatch):
    monkeypatch.setattr(preload, "QUIET_MS", 50)
    loader = ModulePreload(steps=_imports("pre_one", "pre_two"))
    loader.schedule(0)
    loader.stop()
    qtbot.wait(300)
    assert made_modules == [] and loader.done and not loader.activity.watching


_EVERY_STEP_IN_A_FRESH_PROCESS = """
import sys
from sessionlog.ui.preload import PRELOAD_STEPS
for step in PRELOAD_STEPS:
    step()
wanted = ("sessionlog.ui.dialogs.sign", "sessionlog.ui.views.end_of_day",
          "sessionlog.ui.views.history", "sessionlog.ui.dialogs.packet_dialog",
          "sessionlog.ui.dialogs.claims_dialog", "sessionlog.ui.setup.window",
          "sessionlog.ui.setup.payers", "sessionlog.ui.dialogs.backups")
heavy = ("reportlab.platypus", "pypdf", "cryptography", "sessionlog.export.packet.render")
print("missing=" + ",".join(name for name in wanted if name not in sys.modules))
print("heavy=" + ",".join(name for name in heavy if name in sys.modules))
"""


def test_every_step_imports_and_the_pdf_layout_stays_with_the_worker(tmp_path):
    """Each step runs in a fresh process (a module renamed would fail it here, not only
    be logged in the app); the heavy PDF layout stays with the packet's worker."""
    import os
    import subprocess

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", _EVERY_STEP_IN_A_FRESH_PROCESS],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    assert lines == {"missing": "", "heavy": ""}
    assert len({step.__name__ for step in PRELOAD_STEPS}) == len(PRELOAD_STEPS)
