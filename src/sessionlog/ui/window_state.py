"""Remember how the coach left the window: geometry, splitters, column widths, last tab.

Stored with QSettings (the platform's own place: ~/.config on Linux, the registry on
Windows, a plist on macOS). Splitters and table headers are found by walking the widget
tree, so a view gets this for free; each is keyed by its path of class names and
positions under the window, which stays the same from one start to the next.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QTabWidget, QWidget

GROUP = "window"
# The title bar and borders, which Qt cannot measure before the window is first shown.
FRAME_ALLOWANCE = 40
DIRECT_CHILDREN = Qt.FindChildOption.FindDirectChildrenOnly


def _key(widget: QWidget, root: QWidget) -> str:
    parts: list[str] = []
    node: QWidget | None = widget
    while node is not None and node is not root:
        parent = node.parentWidget()
        name = node.objectName() or type(node).__name__
        if parent is not None:
            # Direct children only: a search of the parent's whole subtree, filtered
            # afterwards, walked the window's every widget at each level of each key
            # (most of End of day's first showing, issue 12). Same siblings, same order.
            siblings = parent.findChildren(type(node), options=DIRECT_CHILDREN)
            name = f"{name}{siblings.index(node)}"
        parts.append(name)
        node = parent
    return "/".join(reversed(parts))


def _remembered(
    root: QWidget, under: QWidget | None = None
) -> list[tuple[str, QSplitter | QHeaderView]]:
    """The splitters and column headers under ``under`` (the whole of ``root`` when
    None), each keyed by its path under ``root``."""
    within = root if under is None else under
    found: list[tuple[str, QSplitter | QHeaderView]] = []
    for splitter in within.findChildren(QSplitter):
        found.append((f"splitter:{_key(splitter, root)}", splitter))
    for header in within.findChildren(QHeaderView):
        if header.orientation().name == "Horizontal":
            found.append((f"header:{_key(header, root)}", header))
    return found


def save_window_state(window: QMainWindow, tabs: QTabWidget, settings: QSettings) -> None:
    settings.beginGroup(GROUP)
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("state", window.saveState())
    settings.setValue("tab", tabs.currentIndex())
    for key, widget in _remembered(window):
        settings.setValue(key, widget.saveState())
    settings.endGroup()
    settings.sync()


def restore_window_state(window: QMainWindow, tabs: QTabWidget, settings: QSettings) -> bool:
    """Put the window back as it was; False when nothing was remembered (first start)."""
    settings.beginGroup(GROUP)
    try:
        geometry = settings.value("geometry")
        if not isinstance(geometry, QByteArray) or geometry.isEmpty():
            return False
        window.restoreGeometry(geometry)
        state = settings.value("state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        raw_tab = settings.value("tab", 0)
        try:
            tab = int(raw_tab) if isinstance(raw_tab, int | str) else 0
        except ValueError:
            tab = 0
        if 0 <= tab < tabs.count():
            tabs.setCurrentIndex(tab)
        for key, widget in _remembered(window):
            saved = settings.value(key)
            if isinstance(saved, QByteArray) and not saved.isEmpty():
                widget.restoreState(saved)
        return True
    finally:
        settings.endGroup()


def restore_view_state(window: QMainWindow, view: QWidget, settings: QSettings) -> None:
    """A view built after the window (a tab built when first shown) gets its splitters
    and column widths back as the coach left them."""
    settings.beginGroup(GROUP)
    try:
        # Only the view's own splitters and headers are keyed: keying every one of the
        # window's (Today's too) was most of a first showing's cost (issue 12).
        for key, widget in _remembered(window, view):
            saved = settings.value(key)
            if isinstance(saved, QByteArray) and not saved.isEmpty():
                widget.restoreState(saved)
    finally:
        settings.endGroup()


def fit_to_screen(window: QWidget) -> None:
    """Never larger than the screen's free area: a 1280×760 window on a 1920×1080 screen
    at 150% (1280×720 logical) used to open 1140 pixels tall, its bottom under the
    taskbar. A remembered size from a bigger monitor is trimmed the same way."""
    screen = window.screen()
    if screen is None:
        return
    available = screen.availableGeometry()
    width = min(window.width(), available.width())
    height = min(window.height(), available.height() - FRAME_ALLOWANCE)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
