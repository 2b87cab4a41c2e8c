"""The Alt+letter checks of test_mnemonics, with the GUI in Spanish: the translated
labels, buttons, tabs and menus must not claim a letter twice either."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from tests.ui import test_mnemonics as english

from sessionlog.ui.i18n import qm_path


@pytest.fixture(autouse=True)
def spanish(qapp) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(qm_path("es"))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_the_gui_is_in_spanish_here(main_window):
    assert main_window.tabs.tabText(0) == "&Hoy"


test_the_main_window_in_every_state = english.test_the_main_window_in_every_state
test_the_first_run_window_on_an_empty_database = (
    english.test_the_first_run_window_on_an_empty_database
)
test_the_note_form_dialogs = english.test_the_note_form_dialogs
test_the_menu_dialogs = english.test_the_menu_dialogs
