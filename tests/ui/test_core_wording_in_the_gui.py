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


def test_the_payers_editor_places_spanish_problems_under_their_fields(
    qtbot, demo_store, spanish_app
):
    """The rules name payer fields in English ("documentation deadline", "rate H2014");
    a Spanish editor still shows each problem under its own field, in Spanish."""
    from sessionlog.core.caseload import FieldProblem
    from sessionlog.core.limits import two_character_modifier
    from sessionlog.ui.setup.payers import PayersEditor

    editor = PayersEditor(demo_store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.field_errors.show(
        [
            FieldProblem("documentation deadline", "debe estar entre 0 y 30 días hábiles"),
            FieldProblem("audio-only modifier", two_character_modifier()),
            FieldProblem("per-diem minimum H2024", "no es un código de servicio por día"),
        ]
    )
    assert editor.field_errors.message("documentation deadline") == (
        "debe estar entre 0 y 30 días hábiles"
    )
    assert editor.field_errors.message("audio-only modifier") == (
        "debe ser un modificador de dos caracteres, como 93"
    )
    assert "no es un código de servicio por día" in editor.field_errors.message(
        "per-diem minimum H2024"
    )
