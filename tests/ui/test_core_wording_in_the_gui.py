"""A Spanish GUI shows the core's messages in Spanish (issue 16): the clients editor's
field checks, and the note form's unit explanation with a day-first date. The language is
set the way the app sets it at start (``install_translators`` from Setup ▸ Language)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator

from sessionlog.core.language import current_language
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.i18n import choose_language, install_translators
from sessionlog.ui.setup.clients import ClientsEditor

TODAY = date(2026, 11, 20)


@pytest.fixture
def spanish_app(qtbot):
    """The app's language chosen in Setup as Spanish, applied as at start."""
    settings = QSettings()
    choose_language("es", settings)
    app = QCoreApplication.instance()
    assert app is not None
    before = QLocale()
    install_translators(app, settings)
    assert current_language() == "es"
    yield app
    # The next tests see the GUI as it was (conftest resets the messages' language).
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(before)


def test_the_clients_editor_names_bad_fields_in_spanish(qtbot, demo_store, spanish_app):
    editor = ClientsEditor(demo_store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.new_client()
    editor.name_edit.setText("Ana Ruiz")
    editor.birth_edit.setText("1990-03-04")
    editor.diagnoses_edit.setText("F20.9; 295.30")
    editor.zone_combo.set_zone("America/Denver")
    assert not editor.save()
    shown = editor.field_errors.messages()
    assert shown["diagnoses"] == "'295.30' no es un código CIE-10-MC (p. ej., F20.9)"
    assert shown["medicaid_id"] == "ingrese el número de Medicaid del cliente"
    assert not editor.field_errors.label("diagnoses").isHidden()
