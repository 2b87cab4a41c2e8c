"""No text is cut off when a translation is longer than the English (issue 16, §4).

A pseudo-translator installed in the application turns every GUI string into an accented
text about 40% longer ("Timer" -> "[Ţîɱéŕ ~~]"), keeping {fields}, HTML tags and the
&mnemonic working. The main window (every tab, with a note open), the Setup window (every
page) and each dialog are then built at 1366×768 and walked: a label without word wrap,
a push button, check box or radio button, or a tab title narrower than its text fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool, QTranslator
from PySide6.QtGui import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QWidget,
)
from tests.ui.test_accessible_names import DIALOG_NAMES, _dialogs
from tests.ui.test_fits_the_screen import TASKBAR, TITLE_BAR, open_note

ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþʠŕşţûṽŵẋýžÀßÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŞŢÛṼŴẊÝŽ",
)
# What a translation must keep as it is: format fields, HTML tags and entities.
KEEP = re.compile(r"(\{[^{}]*\}|<[^>]*>|&\w+;|%n|\n)")


def pseudo(text: str) -> str:
    """Accented, bracketed and ~40% longer; fields, tags and the mnemonic still work."""
    if not text.strip():
        return text
    parts = KEEP.split(text)
    shown = "".join(p if KEEP.fullmatch(p) else p.translate(ACCENTED) for p in parts)
    visible = len(re.sub(KEEP, "", text))
    padding = "~" * max(1, round(visible * 0.4) - 2)
    lead = text[: len(text) - len(text.lstrip(" "))]
    trail = text[len(text.rstrip(" ")) :]
    return f"{lead}[{shown.strip(' ')} {padding}]{trail}"


class PseudoTranslator(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):
        return pseudo(source_text)

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def pseudo_locale(qapp) -> Iterator[None]:
    translator = PseudoTranslator()
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.fixture(params=["pseudo", "es"])
def long_language(request, qapp) -> Iterator[str]:
    """The pseudo-translation, then the real Spanish catalog (itself ~20% longer)."""
    from sessionlog.ui.i18n import qm_path

    if request.param == "pseudo":
        translator: QTranslator = PseudoTranslator()
    else:
        translator = QTranslator()
        assert translator.load(qm_path("es"))
    QCoreApplication.installTranslator(translator)
    yield request.param
    QCoreApplication.removeTranslator(translator)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def settle(qtbot) -> None:
    """Background reads (the units preview, the lists) finished and the layouts they
    change redone: a label measured between its new text and its layout pass is not cut."""
    pool = QThreadPool.globalInstance()
    qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=10_000)
    for _ in range(2):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


def clipped(root: QWidget) -> list[str]:
    """Visible labels, buttons and tab titles of ``root`` whose text does not fit."""
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or widget.width() <= 0:
            continue
        name = f"{type(widget).__name__} in {type(widget.parentWidget()).__name__}"
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text():
            if widget.pixmap() is not None and not widget.pixmap().isNull():
                continue
            rich = widget.textFormat() == Qt.TextFormat.RichText or (
                widget.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(widget.text())
            )
            text = re.sub(r"<[^>]*>", "", widget.text()) if rich else widget.text()
            lines = _plain(text).splitlines() if widget.buddy() else text.splitlines()
            needed = max(
                (widget.fontMetrics().horizontalAdvance(line) for line in lines), default=0
            )
            if needed > widget.contentsRect().width() + 1:
                problems.append(
                    f"{name}: {widget.text()!r} needs {needed}px, "
                    f"has {widget.contentsRect().width()}"
                )
        elif isinstance(widget, (QPushButton, QCheckBox, QRadioButton)) and widget.text():
            hint = widget.sizeHint().width()
            if widget.width() < hint:
                problems.append(f"{name}: {widget.text()!r} needs {hint}px, has {widget.width()}")
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                hint = widget.tabSizeHint(index).width()
                if widget.tabRect(index).width() < hint:
                    problems.append(f"{name} tab {widget.tabText(index)!r} is cut off")
        elif isinstance(widget, QAbstractSpinBox) and widget.specialValueText():
            # "any size", "no limit": a spin box shows its special text in its own width.
            hint = widget.sizeHint().width()
            if widget.width() < hint:
                problems.append(f"{name}: {widget.specialValueText()!r} needs {hint}px")
    return problems


def combo_room(combo: QComboBox) -> int:
    """The width a closed combo box shows its current text in."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return (
        combo.style()
        .subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
        )
        .width()
    )


def test_the_pseudo_translation_is_longer_and_keeps_what_the_code_fills_in():
    assert pseudo("Timer") == "[Ţîɱéŕ ~]"
    text = pseudo("&Save {name} for <b>{count}</b> days")
    assert "{name}" in text and "<b>{count}</b>" in text and "&Şàṽé" in text
    assert len(pseudo("Treatment plans")) >= len("Treatment plans") * 1.3


def test_the_pseudo_translator_reaches_the_widgets(qtbot, pseudo_locale):
    from sessionlog.ui.dialogs.language import LanguageDialog

    dialog = LanguageDialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == pseudo("Language")


def test_the_checker_finds_a_cut_off_label_and_button(qtbot):
    holder = QWidget()
    qtbot.addWidget(holder)
    label = QLabel("A label much longer than its room", holder)
    label.setGeometry(0, 0, 40, 20)
    button = QPushButton("A button much longer than its room", holder)
    button.setGeometry(0, 30, 40, 30)
    holder.show()
    problems = clipped(holder)
    assert len(problems) == 2, problems


SCREEN = (1366, 768 - TASKBAR - TITLE_BAR)


def test_main_window_views_show_whole_text_in_a_longer_language(
    qtbot, long_language, rosa_store, db_path, fake_clock
):
    window = open_note(qtbot, rosa_store, db_path, fake_clock, SCREEN)
    needed = window.minimumSizeHint()
    assert needed.width() <= SCREEN[0] and needed.height() <= SCREEN[1], needed
    problems = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        settle(qtbot)
        problems += clipped(window)
    window.close()
    assert sorted(set(problems)) == []


@pytest.mark.parametrize("name", [*DIALOG_NAMES, "language"])
def test_dialogs_show_whole_text_in_a_longer_language(
    name, qtbot, long_language, rosa_store, db_path, tmp_path, fake_clock
):
    if name == "language":
        from sessionlog.ui.dialogs.language import LanguageDialog

        dialog: QWidget = LanguageDialog()
    else:
        dialog = _dialogs(rosa_store, db_path, tmp_path, fake_clock)[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    needed = dialog.minimumSizeHint()
    assert needed.width() <= SCREEN[0] and needed.height() <= SCREEN[1], needed
    # A dialog opens at its size hint, never larger than the screen.
    hint = dialog.sizeHint()
    dialog.resize(min(hint.width(), SCREEN[0]), min(hint.height(), SCREEN[1]))
    settle(qtbot)
    problems = clipped(dialog)
    tabs = getattr(dialog, "tabs", None)
    if tabs is not None:  # the Setup window: every page
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            settle(qtbot)
            problems += clipped(dialog)
    assert sorted(set(problems)) == []


def test_the_spanish_note_form_shows_every_place_whole_at_1366(
    qtbot, rosa_store, db_path, fake_clock
):
    """Seen on a 1366x768 screenshot: the place of service lost its last letters ("sitio de
    trabajc") because the caption column took the width of a caption most notes never
    show. Every place's Spanish name fits the closed choice, and the form needs no
    sideways scrolling."""
    from sessionlog.core.catalog import places_of_service
    from sessionlog.core.language import using_language
    from sessionlog.ui.i18n import qm_path

    translator = QTranslator()
    assert translator.load(qm_path("es"))
    QCoreApplication.installTranslator(translator)
    try:
        with using_language("es"):
            window = open_note(qtbot, rosa_store, db_path, fake_clock, SCREEN)
            settle(qtbot)
            form = window.today.note
            names = [form.place.itemText(i) for i in range(1, form.place.count())]
            assert len(names) == len(places_of_service())
            assert "18 Lugar de empleo / sitio de trabajo" in names
            room = combo_room(form.place)
            metrics = form.place.fontMetrics()
            cut = [n for n in names if metrics.horizontalAdvance(n) > room]
            assert cut == [], f"{room}px: {cut}"
            scroll: QAbstractScrollArea = form.note_scroll
            assert not scroll.horizontalScrollBar().isVisible()
            window.close()
    finally:
        QCoreApplication.removeTranslator(translator)
