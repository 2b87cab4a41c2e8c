"""Fits the screen (issue 15): on a 1366×768 laptop at 100% a typical note shows whole,
without scrolling; at 1920×1080 and 150% (1280×720 logical pixels), also with large
fonts, the window fits and the note's key fields are in view.

Offscreen there is no window manager: the client area is the screen minus a taskbar
(40 px) and a title bar (32 px), what a laptop leaves the window.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from sessionlog.core.timer import ClockReading
from sessionlog.services import timing
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.main_window import MainWindow

TASKBAR, TITLE_BAR = 40, 32


def client_area(width: int, height: int) -> tuple[int, int]:
    return width, height - TASKBAR - TITLE_BAR


def typical_note(store, clock) -> str:
    """A stopped session of Marcus: 2 objectives, intervention, response and plan."""
    start = clock.read().wall - timedelta(minutes=50)
    session = timing.start_session(
        store,
        client_id="client-marcus",
        staff_id="staff-rosa",
        code="H2023",
        reading=ClockReading(start, 0.0, None),
    ).value
    timing.stop(store, [session.id], ClockReading(start + timedelta(minutes=40), 2400.0, None))
    plan = store.active_plan("client-marcus", start.date())
    timing.update_note(
        store,
        session.id,
        place_of_service="18",
        intervention=timing.compose_intervention(
            ["Modeling", "Prompting"], "Modeled asking the shift lead for the next task."
        ),
        objective_ids=[o.id for o in plan.goals[0].objectives][:2],
        response="Asked for the next task twice without a prompt; needed one prompt to "
        "finish the stocking checklist.",
        plan="Fade prompts on the checklist; practise asking for help at the start of shift.",
    )
    return session.id


@pytest.fixture
def font_scale(qapp):
    """Large fonts: the application font scaled, put back afterwards."""
    original = QFont(qapp.font())

    def scale(factor: float) -> None:
        font = QFont(original)
        font.setPointSizeF(original.pointSizeF() * factor)
        qapp.setFont(font)

    yield scale
    qapp.setFont(original)


def open_note(qtbot, store, db_path, clock, size: tuple[int, int]) -> MainWindow:
    session_id = typical_note(store, clock)
    window = MainWindow(store, db_path, bus=ChangeBus(), clock=clock)
    qtbot.addWidget(window)
    window.show()
    window.resize(*size)
    window.today.select_client("client-marcus", "H2023")
    window.today.focus_session(session_id)
    qtbot.waitUntil(lambda: window.size().width() == size[0])
    QApplication.processEvents()
    return window


def fields_in_view(window: MainWindow) -> dict[str, bool]:
    form = window.today.note
    viewport = form.note_scroll.viewport()
    seen = {}
    boxes = list(form._objective_boxes.values())
    for name, field in (
        ("place", form.place),
        ("intervention", form.intervention),
        ("objective 1", boxes[0]),
        ("objective 2", boxes[1]),
        ("response", form.response),
        ("plan", form.plan),
        ("sign", form.sign_button),
    ):
        if field is form.sign_button:
            seen[name] = field.isVisible() and field.visibleRegion().boundingRect().size() == (
                field.size()
            )
            continue
        top = field.mapTo(viewport, QPoint(0, 0)).y()
        seen[name] = top >= 0 and top + field.height() <= viewport.height()
    return seen


def test_typical_note_is_whole_without_scrolling_at_1366x768(
    qtbot, rosa_store, db_path, fake_clock
):
    window = open_note(qtbot, rosa_store, db_path, fake_clock, client_area(1366, 768))
    assert all(fields_in_view(window).values()), fields_in_view(window)
    assert window.today.note.note_scroll.verticalScrollBar().maximum() == 0
    window.close()


@pytest.mark.parametrize(
    ("screen", "font"),
    [
        ((1366, 768), 1.0),  # a 1366×768 laptop at 100%
        ((1280, 720), 1.0),  # 1920×1080 at 150%
        ((1280, 720), 1.25),  # the same with large fonts
        ((1366, 768), 1.5),  # a 1366×768 laptop with very large fonts
    ],
)
def test_the_window_fits_the_screen(
    qtbot, rosa_store, db_path, fake_clock, font_scale, screen, font
):
    font_scale(font)
    width, height = client_area(*screen)
    window = open_note(qtbot, rosa_store, db_path, fake_clock, (width, height))
    needed = window.minimumSizeHint()
    assert needed.width() <= width and needed.height() <= height, (needed, screen, font)
    if font == 1.0:
        # The fields a coach types into are in view at once. With large fonts the note
        # scrolls, and the field with the focus is scrolled into view (test_keyboard).
        assert all(fields_in_view(window).values()), fields_in_view(window)
    window.close()
