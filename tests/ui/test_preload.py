"""The modules of later dialogs, imported in the GUI thread's idle time (issue 12)."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

import pytest

from sessionlog.ui import preload
from sessionlog.ui.preload import PRELOADED_MODULES, ModulePreload


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


def test_the_modules_are_imported_in_order_once_the_coach_is_still(
    qtbot, made_modules, monkeypatch
):
    monkeypatch.setattr(preload, "QUIET_MS", 200)
    loader = ModulePreload(modules=["pre_one", "pre_broken", "pre_two", "pre_three"])
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
    loader = ModulePreload(modules=["pre_one", "pre_two"])
    loader.schedule(0)
    qtbot.waitUntil(lambda: "pre_one" in sys.modules, timeout=5000)
    typed = time.monotonic()
    loader.activity.saw_input()  # the coach presses a key
    qtbot.waitUntil(lambda: loader.done, timeout=5000)
    assert made_modules[1][0] == "pre_two"
    assert made_modules[1][1] - typed >= 0.3


def test_stopping_imports_nothing_more(qtbot, made_modules, monkeypatch):
    monkeypatch.setattr(preload, "QUIET_MS", 50)
    loader = ModulePreload(modules=["pre_one", "pre_two"])
    loader.schedule(0)
    loader.stop()
    qtbot.wait(300)
    assert made_modules == [] and loader.done and not loader.activity.watching


def test_every_listed_module_exists_once():
    assert len(set(PRELOADED_MODULES)) == len(PRELOADED_MODULES)
    for name in PRELOADED_MODULES:
        assert importlib.util.find_spec(name) is not None, name
    # The heavy PDF layout stays with the packet's worker (test_packet_dialog).
    assert not any(
        name.startswith(("reportlab", "pypdf", "cryptography")) for name in PRELOADED_MODULES
    )
    assert "sessionlog.export.packet.render" not in PRELOADED_MODULES
