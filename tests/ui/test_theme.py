"""Colours come from the palette: a dark system palette keeps every status readable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory, QWidget

from sessionlog.ui import theme
from sessionlog.ui.theme import WCAG_AA, Tone, contrast_ratio

UI_SOURCE = Path(__file__).resolve().parents[2] / "src" / "sessionlog" / "ui"

_R = QPalette.ColorRole
# A dark palette like the ones KDE Breeze Dark and GNOME's dark style hand to Fusion.
DARK = {
    _R.Window: "#2b2b2b",
    _R.WindowText: "#e6e6e6",
    _R.Base: "#1e1e1e",
    _R.AlternateBase: "#262626",
    _R.Text: "#e6e6e6",
    _R.Button: "#353535",
    _R.ButtonText: "#e6e6e6",
    _R.BrightText: "#ff5555",
    _R.Highlight: "#2f65ca",
    _R.HighlightedText: "#ffffff",
    _R.PlaceholderText: "#8c8c8c",
    _R.ToolTipBase: "#353535",
    _R.ToolTipText: "#e6e6e6",
    _R.Link: "#6ea8ff",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    for role in (_R.WindowText, _R.Text, _R.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7f7f7f"))
    return palette


@pytest.fixture(params=["light", "dark"])
def palette_name(request, qapp):
    """The whole app under Fusion with a light or a dark palette (restored afterwards)."""
    app: QApplication = qapp
    old_style, old_palette = app.style().name(), app.palette()
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(dark_palette() if request.param == "dark" else app.style().standardPalette())
    yield request.param
    app.setStyle(QStyleFactory.create(old_style))
    app.setPalette(old_palette)


_DECLARATION = re.compile(r"(?<![-\w])(color|background)\s*:\s*(#[0-9a-fA-F]{6})")


def _label_colours(label: QLabel) -> tuple[QColor, QColor]:
    """The text and background colour a label is painted with (its style sheet first)."""
    found = dict(_DECLARATION.findall(label.styleSheet()))
    palette = label.palette()
    text = QColor(found["color"]) if "color" in found else palette.color(_R.WindowText)
    back = QColor(found["background"]) if "background" in found else palette.color(_R.Window)
    return text, back


def _assert_labels_readable(root: QWidget, where: str) -> int:
    checked = 0
    for label in root.findChildren(QLabel):
        if "color" not in label.styleSheet():
            continue
        text, back = _label_colours(label)
        ratio = contrast_ratio(text, back)
        assert ratio >= WCAG_AA, (
            f"{where}: label {label.objectName() or label.text()[:40]!r} has "
            f"{text.name()} on {back.name()} (contrast {ratio:.2f})"
        )
        checked += 1
    return checked


def test_every_tone_is_readable_on_window_base_and_its_own_fill(palette_name):
    palette = QApplication.palette()
    for tone in Tone:
        for role in (_R.Window, _R.Base, _R.AlternateBase):
            colour = theme.text(tone, on=role)
            assert contrast_ratio(colour, palette.color(role)) >= WCAG_AA, (tone, role)
        fill = theme.fill(tone)
        assert contrast_ratio(theme.text(tone, on=fill), fill) >= WCAG_AA, tone
        assert contrast_ratio(theme.ink_on_fill(tone), fill) >= WCAG_AA, tone
        if palette_name == "dark":
            # a dark fill under light text, not the light palette's pale tint
            assert theme.luminance(fill) < 0.1, tone


def test_a_meters_text_and_edge_are_readable(palette_name):
    """The authorizations page's meters: the text over a highlight or a warning chunk
    reaches AA, the palette's own highlighted text kept where it does; the groove's edge
    stands 3:1 off the base."""
    palette = QApplication.palette()
    base = palette.color(_R.Base)
    preferred = palette.color(_R.HighlightedText)
    for chunk in (palette.color(_R.Highlight), theme.text(Tone.WARNING, on=_R.Base)):
        ink = theme.ink_over(chunk, preferred)
        assert contrast_ratio(ink, chunk) >= WCAG_AA, (palette_name, chunk.name())
        if contrast_ratio(preferred, chunk) >= WCAG_AA:
            assert ink == preferred
    assert contrast_ratio(theme.outline(palette), base) >= 3


def test_status_labels_and_badges_are_readable(palette_name, main_window, qtbot):
    """Every label with a status colour in the main window, End of day and the note
    form, and the table colours of the queue and history, keep WCAG AA contrast."""
    window = main_window
    assert window.palette().color(_R.Window) == QApplication.palette().color(_R.Window)
    checked = _assert_labels_readable(window, "main window")
    queue = window.end_of_day
    window.show_view(queue)
    qtbot.waitUntil(lambda: not queue.is_loading, timeout=10_000)  # the queue is read
    queue.select_row(0)
    checked += _assert_labels_readable(queue, "end of day")
    assert checked >= 5

    window.show_view(window.history)
    qtbot.waitUntil(lambda: window.history.model.rowCount() > 0, timeout=10_000)
    checked += _assert_labels_readable(window.history, "history")
    base = QApplication.palette().color(_R.Base)
    for model in (queue.model, window.history.model):
        coloured = 0
        for row in range(model.rowCount(QModelIndex())):
            for column in range(model.columnCount(QModelIndex())):
                brush = model.data(model.index(row, column), Qt.ItemDataRole.ForegroundRole)
                if brush is None:
                    continue
                coloured += 1
                assert contrast_ratio(brush.color(), base) >= WCAG_AA, (row, column)
        assert coloured, f"{type(model).__name__} coloured nothing"


def test_note_viewer_blocks_are_readable(palette_name, demo_store):
    """The shaded blocks of a note (signature, unsigned, missing, addenda) carry their own
    text colour, readable on their fill in both palettes."""
    from sessionlog.core.models import utc_now
    from sessionlog.ui.views.note_viewer import note_html

    blocks = 0
    for session in demo_store.sessions()[:20]:
        html = note_html(demo_store, session, utc_now())
        for fill, ink in re.findall(
            r"bgcolor='(#[0-9a-f]{6})'><tr><td class='\w+' style='color: (#[0-9a-f]{6})'", html
        ):
            blocks += 1
            assert contrast_ratio(QColor(ink), QColor(fill)) >= WCAG_AA
        base = QApplication.palette().color(_R.Base)
        for colour in re.findall(
            r"\.(?:label|late|attestation) \{[^}]*color: (#[0-9a-f]{6})", html
        ):
            assert contrast_ratio(QColor(colour), base) >= WCAG_AA
    assert blocks >= 10


def test_no_colour_is_hard_coded_in_the_ui_outside_the_theme():
    literal = re.compile(r"#[0-9a-fA-F]{3,8}\b|QColor\(\s*[\"']|Qt\.GlobalColor\.")
    offenders = [
        f"{path.relative_to(UI_SOURCE)}:{number}: {line.strip()}"
        for path in sorted(UI_SOURCE.rglob("*.py"))
        if path.name != "theme.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert offenders == []


def test_table_colours_are_worked_out_once_per_palette_and_follow_a_change(
    qapp, main_window, qtbot, monkeypatch
):
    """Issue 12: History's table worked out a theme colour (a contrast computation) for
    every coloured cell at every paint; it is worked out once per palette, and a palette
    changed while the table is shown (the system's dark mode) gives the new colours."""
    history = main_window.history
    main_window.show_view(history)
    qtbot.waitUntil(lambda: history.model.rowCount() > 0, timeout=10_000)
    model = history.model
    calls: list[Tone] = []
    text = theme.text
    monkeypatch.setattr(
        theme, "text", lambda tone, *args, **kw: calls.append(tone) or text(tone, *args, **kw)
    )

    def colours() -> list[QColor]:
        found = []
        for row in range(model.rowCount(QModelIndex())):
            for column in range(model.columnCount(QModelIndex())):
                brush = model.data(model.index(row, column), Qt.ItemDataRole.ForegroundRole)
                if brush is not None:
                    found.append(brush.color())
        return found

    calls.clear()  # only what the table itself asks from here (no event is handled)
    light = colours()
    assert len(light) > 2 and len(calls) <= len(Tone)
    old = qapp.palette()
    qapp.setPalette(dark_palette())
    try:
        dark = colours()
        base = qapp.palette().color(_R.Base)
        assert all(contrast_ratio(colour, base) >= WCAG_AA for colour in dark)
        assert dark != light
    finally:
        qapp.setPalette(old)
