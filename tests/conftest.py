"""Shared test set-up: headless Qt, and no test touching a real profile."""

from __future__ import annotations

import os
import sys

# Must be set before anything imports Qt: without a display pytest-qt aborts the run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the database, logs and settings at a temporary folder for every test."""
    home = tmp_path_factory.mktemp("profile")
    monkeypatch.setenv("SESSIONLOG_DB", str(home / "default.sqlite3"))
    monkeypatch.setenv("SESSIONLOG_LOG_DIR", str(home / "logs"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    # Qt reads the settings folder once per process: point it at this test's profile so a
    # window one test closed (its geometry, splitters, last tab) never shapes the next test.
    from PySide6.QtCore import QSettings

    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(home / "config"))
    monkeypatch.delenv("SESSIONLOG_PASSPHRASE", raising=False)
    monkeypatch.delenv("SESSIONLOG_NEW_PASSPHRASE", raising=False)
    yield
    # Database keys are kept per process: one test's unlocked file is not the next one's.
    from sessionlog.store.encryption import forget_all_keys

    forget_all_keys()
    # The messages' language is per process too: a test that started the GUI in Spanish
    # leaves the next one the source text.
    from sessionlog.core.language import SOURCE, set_language

    set_language(SOURCE)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "sessionlog.sqlite3"


@pytest.fixture
def store(db_path: Path):
    from sessionlog.store import Store, open_database

    db = open_database(db_path)
    yield Store(db, actor="test")
    db.close()


@pytest.fixture
def demo_store(store):
    from datetime import date

    from sessionlog.services.demo import load_demo

    load_demo(store, today=date(2026, 11, 20))
    return store


# ---- no test hangs on a dialog nobody answers ---------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """A modal dialog left unanswered (tests/modal_guard.py) fails its test, naming the
    dialog, instead of hanging the run. Only where Qt is already loaded and has an
    application: core and store tests never import it."""
    guard = None
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtWidgets import QApplication

        if isinstance(QApplication.instance(), QApplication):
            from tests.modal_guard import ModalGuard, limit_from_environment

            guard = ModalGuard(limit_from_environment()).start()
    try:
        result = yield
    except BaseException as failure:
        unanswered = guard.stop() if guard else []
        if unanswered:
            raise pytest.fail.Exception("; ".join(map(str, unanswered))) from failure
        raise
    unanswered = guard.stop() if guard else []
    if unanswered:
        pytest.fail("; ".join(map(str, unanswered)), pytrace=False)
    return result


# ---- reliability harnesses (tests/reliability): how hard to try ------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--runslow",
        action="store_true",
        default=False,
        help="reliability harnesses at full strength: 200 kills per scenario, thousands "
        "of fuzzed inputs (also: SESSIONLOG_RELIABILITY=full)",
    )


# Mutation testing (docs/testing.md) runs the core tests on a shared, loaded machine:
# there, how fast hypothesis draws inputs is not what is tested ([tool.mutmut] selects it).
settings.register_profile("mutation", deadline=None, suppress_health_check=[HealthCheck.too_slow])


def pytest_configure(config: pytest.Config) -> None:
    # The harness modules read the strength when they are imported (it sizes their
    # hypothesis settings and kill counts), which is after this hook and before collection.
    if config.getoption("--runslow"):
        os.environ["SESSIONLOG_RELIABILITY"] = "full"
