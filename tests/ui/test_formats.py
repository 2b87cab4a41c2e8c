"""Dates, times and numbers in the GUI follow the locale; the language follows the
system unless Setup ▸ Language chose one."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from PySide6.QtCore import QLocale, QSettings

from sessionlog.ui import formats, i18n


@pytest.fixture
def in_locale():
    """Switch the GUI's default locale for one test, and put it back."""
    before = QLocale()

    def switch(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield switch
    QLocale.setDefault(before)


def test_us_english_dates_and_times(in_locale):
    in_locale("en_US")
    assert formats.date_text(date(2026, 12, 1)) == "12/01/2026"
    assert formats.time_text(time(9, 15)) == "9:15 AM"
    assert formats.time_text(time(21, 5, 7), seconds=True) == "9:05:07 PM"
    assert formats.weekday_date_text(date(2026, 12, 1)) == "Tue 12/01/2026"
    assert formats.weekday_date_text(date(2026, 12, 1), long=True) == "Tuesday 12/01/2026"
    assert formats.number_text(1234.5, 1) == "1,234.5"


def test_spanish_dates_put_the_day_first(in_locale):
    in_locale("es_MX")
    assert formats.date_text(date(2026, 12, 1)) == "01/12/2026"
    assert formats.time_text(time(9, 15)).startswith("9:15")
    assert formats.weekday_date_text(date(2026, 12, 1), long=True) == "martes 01/12/2026"
    assert formats.date_pattern() == "dd/MM/yyyy"


def test_a_locale_without_conventions_formats_as_us_english(in_locale):
    in_locale("C")
    assert formats.date_text(date(2026, 12, 1)) == "12/01/2026"


def test_a_span_across_a_daylight_saving_change_names_both_zones(in_locale):
    in_locale("en_US")
    start = datetime(2026, 11, 1, 6, 58, tzinfo=UTC)  # 01:58 CDT
    end = datetime(2026, 11, 1, 7, 0, tzinfo=UTC)  # 01:00 CST
    assert formats.span_text(start, end, "America/Chicago", "now") == ("1:58 AM CDT – 1:00 AM CST")
    assert formats.span_text(start, None, "America/Chicago", "now") == "1:58 AM–now"


@pytest.fixture
def store(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_the_language_follows_the_system_until_one_is_chosen(store, monkeypatch):
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: QLocale("es_US")))
    assert i18n.effective_locale(store).name() == "es_US"
    i18n.choose_language("en", store)
    assert i18n.effective_locale(store).name() == "en_US"
    i18n.choose_language(i18n.SYSTEM, store)
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert i18n.effective_locale(store).name() == "en_US"  # a language the GUI lacks
    i18n.choose_language("es", store)
    assert i18n.effective_locale(store).name() == "es_MX"


def test_the_language_dialog_keeps_the_choice(qtbot, store):
    from sessionlog.ui.dialogs.language import LanguageDialog

    dialog = LanguageDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.choice.currentData() == i18n.SYSTEM
    dialog.choice.setCurrentIndex(dialog.choice.findData("es"))
    dialog.accept()
    assert i18n.chosen_language(store) == "es"
    again = LanguageDialog(store)
    qtbot.addWidget(again)
    assert again.choice.currentText() == "Español"
