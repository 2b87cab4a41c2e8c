"""The types are checked, not hoped for: mypy, configured in pyproject.toml (strict on
core, store, services and export; default strictness on the UI and the entry points)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_error() -> None:
    # No cache read or written: a stale cache must not hide an error.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", "/dev/null"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_the_layers_below_the_ui_are_checked_strictly() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    [strict] = [o for o in config["overrides"] if "sessionlog.core.*" in o["module"]]
    assert set(strict["module"]) == {
        "sessionlog.core.*",
        "sessionlog.store.*",
        "sessionlog.services.*",
        "sessionlog.export.*",
    }
    # what `mypy --strict` turns on, per module
    for flag in (
        "disallow_untyped_defs",
        "disallow_incomplete_defs",
        "disallow_untyped_calls",
        "disallow_any_generics",
        "check_untyped_defs",
        "warn_return_any",
        "no_implicit_reexport",
    ):
        assert strict[flag] is True, flag
    assert config["warn_unused_ignores"] is True
