"""Text scales with the system font size (issue 16 §3): built under an application font
1.5 times larger, every widget's font (and every size inside a rich-text document) is 1.5
times larger too, so no fixed point or pixel size holds text back; and the note form at
1366×768 with that font clips no label or button."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QTextEdit,
    QWidget,
)
from tests.ui.test_fits_the_screen import client_area, open_note

from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.security import RecoveryKeyDialog
from sessionlog.ui.setup.payers import PayersEditor

LARGE = 1.5


@pytest.fixture
def app_font(qapp) -> Iterator[Callable[[float], None]]:
    """Set the application font to ``factor`` times the usual one; put back afterwards."""
    original = QFont(qapp.font())

    def scale(factor: float) -> None:
        font = QFont(original)
        font.setPointSizeF(original.pointSizeF() * factor)
        qapp.setFont(font)

    yield scale
    qapp.setFont(original)


def document_sizes(document: QTextDocument) -> list[float]:
    """Every point size set inside a rich-text document (0: none set, it inherits)."""
    sizes = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid():
                sizes.append(fragment.charFormat().fontPointSize())
            it += 1
        block = block.next()
    return sizes


def font_sizes(root: QWidget) -> dict[str, float]:
    """Each widget's point size (and each rich-text fragment's), keyed by where it sits."""
    sizes: dict[str, float] = {}

    def walk(widget: QWidget, path: str) -> None:
        widget.ensurePolished()
        font = widget.font()
        assert font.pixelSize() <= 0, f"{path} has a font in pixels ({font.pixelSize()} px)"
        sizes[path] = font.pointSizeF()
        if isinstance(widget, QTextEdit):
            for i, size in enumerate(document_sizes(widget.document())):
                if size > 0:
                    sizes[f"{path}#fragment{i}"] = size
        children = [c for c in widget.children() if isinstance(c, QWidget)]
        for i, child in enumerate(children):
            name = child.objectName() or type(child).__name__
            walk(child, f"{path}/{i}:{name}")

    walk(root, type(root).__name__)
    return sizes


def built_sizes(qtbot, store, db_path, clock) -> dict[str, float]:
    """The main window on a typical note (Today, End of day, History each shown), the
    payer editor and the recovery-key dialog, built under the current application font."""
    window = open_note(qtbot, store, db_path, clock, client_area(1366, 768))
    sizes = {}
    for tab in (window.today, window.end_of_day, window.history):
        window.show_view(tab)
        QApplication.processEvents()
    qtbot.waitUntil(lambda: not window.history.is_loading, timeout=10_000)
    window.show_view(window.end_of_day)
    QApplication.processEvents()
    sizes.update(font_sizes(window))
    payers = PayersEditor(store, ChangeBus())
    qtbot.addWidget(payers)
    payers.show()
    sizes.update(font_sizes(payers))
    key = RecoveryKeyDialog("ABCD-EFGH-IJKL-MNOP")
    qtbot.addWidget(key)
    key.show()
    sizes.update(font_sizes(key))
    for widget in (window, payers, key):
        widget.close()
    # The next build starts once this one's background reads are done, and its garbage
    # collected then: collected while the next build's reads ran, it crashed PySide6 6.11.
    QThreadPool.globalInstance().waitForDone(10_000)
    gc.collect()
    return sizes


def test_every_font_follows_the_application_font(qtbot, rosa_store, db_path, fake_clock, app_font):
    app_font(1.0)
    normal = built_sizes(qtbot, rosa_store, db_path, fake_clock)
    app_font(LARGE)
    large = built_sizes(qtbot, rosa_store, db_path, fake_clock)
    shared = normal.keys() & large.keys()
    assert len(shared) > 0.9 * len(normal), "the two builds hold the same widgets"
    fixed = {
        path: (normal[path], large[path])
        for path in sorted(shared)
        if abs(large[path] - normal[path] * LARGE) > 0.6  # whole-point rounding
    }
    assert not fixed, f"fonts that did not grow with the application font: {fixed}"


def clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons drawn smaller than their text needs."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        text = widget.text().replace("&", "")
        if not text.strip():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            need_w, need_h = 0, widget.heightForWidth(widget.width())
        else:
            hint = widget.minimumSizeHint()
            need_w, need_h = hint.width(), hint.height()
        if widget.width() < need_w or widget.height() < need_h:
            found.append(f"{text[:40]!r}: {widget.width()}×{widget.height()} < {need_w}×{need_h}")
    return found


def test_note_form_clips_nothing_at_1366x768_with_large_text(
    qtbot, rosa_store, db_path, fake_clock, app_font
):
    app_font(LARGE)
    window = open_note(qtbot, rosa_store, db_path, fake_clock, client_area(1366, 768))
    form = window.today.note
    assert form.intervention.font().pointSizeF() == pytest.approx(QApplication.font().pointSizeF())
    assert clipped(form) == []
    assert clipped(window.today) == []
    window.close()


def squeezed(root: QWidget) -> list[str]:
    """Visible widgets a layout (or a splitter) gave less than their own minimum size:
    their text is cut off, or the row under them paints over them."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow():
            continue
        need = max(widget.minimumSizeHint().height(), widget.minimumHeight())
        layout = widget.layout()
        if layout is not None and layout.hasHeightForWidth():
            # Wrapped text counted as wrapped at the width the widget got.
            need = max(need, layout.totalMinimumHeightForWidth(widget.width()))
        need_width = max(widget.minimumSizeHint().width(), widget.minimumWidth())
        if widget.layout() is not None and (widget.height() < need or widget.width() < need_width):
            found.append(f"{type(widget).__name__}: {widget.width()}×{widget.height()}")
    return found


@pytest.mark.parametrize("points", [14, 18])
def test_today_and_end_of_day_fit_1366x768_at_a_large_system_font(
    qtbot, rosa_store, db_path, fake_clock, qapp, points
):
    """A 14 pt and an 18 pt system font on a 1366×768 laptop: the window still fits the
    screen (its minimum size is what a window manager cannot shrink), and no part of Today
    is squeezed under its own height (at 18 pt the timer's buttons were cut off by the row
    under them, and the note's title row made the window 1,476 pixels wide; End of day cut
    its checks before signing off)."""
    original = QFont(qapp.font())
    font = QFont(original)
    font.setPointSize(points)
    qapp.setFont(font)
    try:
        width, height = client_area(1366, 768)
        window = open_note(qtbot, rosa_store, db_path, fake_clock, (width, height))
        window.resize(width, height)
        QApplication.processEvents()
        # What Qt lets the window shrink to: its layout's minimum, after the note showed.
        window.layout().activate()
        assert (window.width(), window.height()) == (width, height)
        minimum = window.minimumSize()
        assert minimum.width() <= width and minimum.height() <= height, minimum
        assert squeezed(window.today) == []
        assert clipped(window.today.timer) == []
        # End of day: the note, what signing records (the checks, the attestation, a late
        # entry) and the Sign button; at 18 pt the checks were cut off at the bottom.
        window.show_view(window.end_of_day)
        # Showing the tab reads its queue in the background (issue 12).
        qtbot.waitUntil(lambda: window.end_of_day.model.rowCount() > 0, timeout=10000)
        window.end_of_day.select_row(0)
        panel = window.end_of_day.panel  # its facts are read in the background
        qtbot.waitUntil(lambda: any(lb.isVisible() for lb in panel.findChildren(QLabel)))
        # The column fits its content once the facts' new height is laid out.
        qtbot.waitUntil(lambda: squeezed(window.end_of_day) == [], timeout=5000)
        window.close()
    finally:
        qapp.setFont(original)
