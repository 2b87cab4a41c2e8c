"""Platform conventions: About, the remembered window, bundled fonts, app id and icon."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QLabel, QSplitter

from sessionlog import __version__
from sessionlog.ui.dialogs.about import AboutDialog
from sessionlog.ui.platform import prepare_application


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url)


def test_about_shows_version_paths_and_licences_and_opens_the_folder(qtbot, db_path: Path):
    dialog = AboutDialog(db_path)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(__version__ in text for text in labels)
    assert any(str(db_path) == text for text in labels)
    assert any(str(db_path.resolve().parent) == text for text in labels)
    notices = dialog.licences.toPlainText()
    for work in ("Qt", "LGPL", "DejaVu", "Droid Sans Fallback", "ReportLab"):
        assert work in notices
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "catch")
    try:
        dialog.open_folder_button.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [url.toLocalFile() for url in catcher.urls] == [str(db_path.resolve().parent)]


def test_window_geometry_splitters_and_tab_come_back(qtbot, rosa_store, db_path, fake_clock):
    from sessionlog.ui.bus import ChangeBus
    from sessionlog.ui.main_window import MainWindow

    first = MainWindow(rosa_store, db_path, bus=ChangeBus(), clock=fake_clock)
    qtbot.addWidget(first)
    first.show()
    first.resize(1300, 720)
    first.tabs.setCurrentIndex(2)
    # End of day's splitter: that view is built when first used, after the window's state
    # was put back, and still gets its own back.
    splitter = first.end_of_day.findChildren(QSplitter)[0]
    splitter.setSizes([200, 800])
    sizes = splitter.sizes()
    first.close()

    second = MainWindow(rosa_store, db_path, bus=ChangeBus(), clock=fake_clock)
    qtbot.addWidget(second)
    second.show()
    assert second.tabs.currentIndex() == 2
    # The offscreen screen is smaller than the window's minimum width, so Qt fits the width
    # to it; the height (760 by default) shows the geometry came back.
    assert second.height() == 720
    assert second.end_of_day.findChildren(QSplitter)[0].sizes() == sizes
    second.close()


# What earlier versions stored the splitters and column widths under: a coach's layout
# comes back after an upgrade only while these stay the same.
KEYS_OF_EARLIER_VERSIONS = [
    "splitter:QStackedWidget0/QWidget0/QTabWidget0/qt_tabwidget_stackedwidget0/TodayView0/QSplitter0",
    "splitter:QStackedWidget0/QWidget0/QTabWidget0/qt_tabwidget_stackedwidget0/EndOfDayView0"
    "/QSplitter0",
    "header:QStackedWidget0/QWidget0/QTabWidget0/qt_tabwidget_stackedwidget0/TodayView0/QSplitter0"
    "/ColumnScroll0/qt_scrollarea_viewport0/QWidget0/QTreeWidget0/QHeaderView0",
    "header:QStackedWidget0/QWidget0/QTabWidget0/qt_tabwidget_stackedwidget0/EndOfDayView0"
    "/QSplitter0/QTableView0/QHeaderView1",
    "header:QStackedWidget0/QWidget0/QTabWidget0/qt_tabwidget_stackedwidget0/HistoryView0"
    "/QTableView0/QHeaderView1",
]


def test_splitters_and_headers_keep_the_keys_earlier_versions_saved(
    qtbot, rosa_store, db_path, fake_clock
):
    from sessionlog.ui.bus import ChangeBus
    from sessionlog.ui.main_window import MainWindow
    from sessionlog.ui.window_state import _remembered

    window = MainWindow(rosa_store, db_path, bus=ChangeBus(), clock=fake_clock)
    qtbot.addWidget(window)
    window.show()
    window.show_view(window.end_of_day)
    window.show_view(window.history)
    assert [key for key, _widget in _remembered(window)] == KEYS_OF_EARLIER_VERSIONS
    window.close()


def test_app_id_icon_and_bundled_fonts(qapp) -> None:
    prepare_application(qapp)
    assert QGuiApplication.desktopFileName() == "sessionlog"
    assert not QGuiApplication.windowIcon().isNull()
    assert QGuiApplication.windowIcon().availableSizes()
    assert "DejaVu Sans" in QFontDatabase.families()


def test_high_dpi_keeps_qts_exact_scaling_and_the_icon_has_real_2x_pixels(qapp) -> None:
    """150 % stays 150 % (Qt 6's PassThrough rounding, not overridden), and every icon
    size a 2× screen asks for is drawn from artwork that large, not blown up."""
    from PySide6.QtCore import QSize, Qt

    from sessionlog.ui.platform import app_icon

    prepare_application(qapp)
    assert (
        QGuiApplication.highDpiScaleFactorRoundingPolicy()
        == Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    for logical in (16, 24, 32, 64, 128, 256):
        # A fresh icon each time: one QIcon asked for several scales in a row answers from
        # the pixmap it made first (seen with Qt 6.11).
        pixmap = app_icon().pixmap(QSize(logical, logical), 2.0)
        assert pixmap.width() == 2 * logical, logical
        assert pixmap.devicePixelRatio() == 2.0
