"""The suite-wide guard (tests/modal_guard.py, started in tests/conftest.py): a modal
dialog nobody answers fails its test with the dialog's title and text, and the run goes
on instead of hanging."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QVBoxLayout
from tests.modal_guard import LIMIT_ENV_VAR, ModalGuard

REPO = Path(__file__).resolve().parents[2]

_HANGING_TESTS = """
from PySide6.QtWidgets import QMessageBox


def test_asks_and_nobody_answers(qtbot):
    QMessageBox.question(None, "Discard this draft?", "The note of Marcus goes.")


def test_after_it_still_runs(qtbot):
    assert True
"""


def test_an_unanswered_message_box_is_closed_and_named(qtbot) -> None:
    guard = ModalGuard(limit_s=0.3).start()
    started = time.monotonic()
    answer = QMessageBox.question(None, "Discard this draft?", "The note of Marcus goes.")
    unanswered = guard.stop()
    assert time.monotonic() - started < 10
    assert answer != QMessageBox.StandardButton.Yes
    assert [(d.title, d.text) for d in unanswered] == [
        ("Discard this draft?", "The note of Marcus goes.")
    ]
    assert "'Discard this draft?'" in str(unanswered[0])


def test_an_unanswered_dialog_is_rejected_and_named_by_its_labels(qtbot) -> None:
    dialog = QDialog()
    dialog.setWindowTitle("Sign the note")
    QVBoxLayout(dialog).addWidget(QLabel("I attest this note is accurate."))
    qtbot.addWidget(dialog)
    guard = ModalGuard(limit_s=0.3).start()
    result = dialog.exec()
    unanswered = guard.stop()
    assert result == QDialog.DialogCode.Rejected
    assert [(d.title, d.text) for d in unanswered] == [
        ("Sign the note", "I attest this note is accurate.")
    ]


def test_an_answered_dialog_is_left_alone(qtbot) -> None:
    guard = ModalGuard(limit_s=5).start()
    box = QMessageBox(QMessageBox.Icon.Question, "Stop the timer?", "Marcus: 40 min")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    box.open()
    qtbot.waitUntil(box.isVisible)
    box.button(QMessageBox.StandardButton.Yes).click()
    assert guard.stop() == []
    assert box.result() == QMessageBox.StandardButton.Yes


def test_a_run_with_an_unanswered_dialog_fails_that_test_and_goes_on(tmp_path: Path) -> None:
    """A real pytest run with the project's conftest: it ends, names the dialog, and the
    next test still passes."""
    test_file = tmp_path / "test_hangs.py"
    test_file.write_text(_HANGING_TESTS, encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.conftest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-c",
            str(REPO / "pyproject.toml"),
            "--rootdir",
            str(REPO),
            str(test_file),
        ],
        cwd=REPO,
        env={**os.environ, LIMIT_ENV_VAR: "1", "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed, 1 passed" in run.stdout, run.stdout
    assert "'Discard this draft?': 'The note of Marcus goes.'" in run.stdout, run.stdout
