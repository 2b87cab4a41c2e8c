"""Light and dark palettes, as drawn: the main views and the note viewer are rendered
under each and their pixels read back. Every text line must stand out from what it is
drawn on (tests/ui/test_theme.py checks the colours the code asks for; this checks what
reaches the screen, so a colour from a style sheet, an HTML attribute or a default the
theme never sees is caught too)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from tests.ui.test_theme import palette_name  # noqa: F401 - the light/dark fixture

from sessionlog.ui.theme import contrast_ratio
from sessionlog.ui.views.note_viewer import NoteViewer

# Anti-aliasing blends a glyph's edges into the background; its core keeps the ink.
# Text meeting WCAG AA (4.5) reads at least this much in the rendered pixels.
RENDERED_MINIMUM = 3.0


def ink_contrast(image: QImage, top: int = 0, height: int | None = None) -> float | None:
    """How far the most distinct colour of a band of ``image`` stands from the band's
    commonest colour (its background); None for a band of one colour (no text)."""
    bottom = image.height() if height is None else min(image.height(), top + height)
    colours: Counter[int] = Counter()
    for y in range(top, bottom):
        for x in range(0, image.width(), 2):
            colours[image.pixel(x, y)] += 1
    if len(colours) < 3:
        return None
    background = QColor.fromRgb(colours.most_common(1)[0][0])
    return max(contrast_ratio(QColor.fromRgb(c), background) for c in colours)


def unreadable_labels(root: QWidget) -> list[str]:
    found = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.isEnabled() or not label.text().strip():
            continue
        if label.width() < 4 or label.height() < 4:
            continue
        ratio = ink_contrast(label.grab().toImage())
        if ratio is not None and ratio < RENDERED_MINIMUM:
            found.append(f"{label.text()[:40]!r}: {ratio:.2f}")
    return found


def test_main_views_draw_readable_text(palette_name, main_window, qtbot):  # noqa: F811
    window = main_window
    window.resize(1366, 720)
    window.today.select_client("client-marcus", "H2023")
    QApplication.processEvents()
    checked = [unreadable_labels(window.today)]
    window.show_view(window.end_of_day)
    # Showing the tab reads its queue in the background (issue 12).
    qtbot.waitUntil(lambda: window.end_of_day.model.rowCount() > 0, timeout=10000)
    window.end_of_day.select_row(0)
    QApplication.processEvents()
    checked.append(unreadable_labels(window.end_of_day))
    window.show_view(window.history)
    qtbot.waitUntil(lambda: window.history.model.rowCount() > 0, timeout=10_000)
    checked.append(unreadable_labels(window.history))
    assert checked == [[], [], []]


def test_note_viewer_draws_every_line_readable(palette_name, demo_store, qtbot):  # noqa: F811
    """Signed, co-signed, unsigned and late notes, with their shaded blocks: each text
    line of the rendered viewer stands out from its own background."""
    viewer = NoteViewer(demo_store)
    qtbot.addWidget(viewer)
    viewer.resize(900, 1100)
    viewer.show()
    line = viewer.fontMetrics().height()
    bands = 0
    for session in demo_store.sessions()[:6]:
        viewer.show_session(session.id)
        QApplication.processEvents()
        image = viewer.browser.viewport().grab().toImage()
        for top in range(0, image.height(), line):
            ratio = ink_contrast(image, top, line)
            if ratio is None:
                continue
            bands += 1
            assert ratio >= RENDERED_MINIMUM, (session.id, top, round(ratio, 2))
    assert bands > 50  # text was drawn and read back


def test_the_checker_finds_dark_text_on_a_dark_palette(palette_name, qtbot):  # noqa: F811
    """Text in a colour chosen without the palette: #333 is fine on light, lost on dark."""
    holder = QWidget()
    qtbot.addWidget(holder)
    label = QLabel("Overdue (Thu 11/19/2026)", holder)
    label.setStyleSheet("color: #333333;")
    holder.show()
    QApplication.processEvents()
    assert bool(unreadable_labels(holder)) == (palette_name == "dark")
