"""What the desktop needs from the app before the first window: its id, icon and fonts."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon

from sessionlog.assets import resource_path

DESKTOP_FILE_NAME = "sessionlog"  # resources/sessionlog.desktop; Wayland's app id
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
BUNDLED_FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
FALLBACK_FAMILY = "DejaVu Sans"


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource_path("icons", f"sessionlog-{size}.png")))
    return icon


def register_bundled_fonts() -> list[str]:
    """Make the shipped DejaVu Sans available to every widget, and use it when the system
    offers no usable font (a minimal machine would otherwise show boxes)."""
    families: list[str] = []
    for file_name in BUNDLED_FONTS:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", file_name)))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    system_font = QGuiApplication.font()
    if FALLBACK_FAMILY in families and system_font.family() not in QFontDatabase.families():
        fallback = QFont(FALLBACK_FAMILY, system_font.pointSize())
        QGuiApplication.setFont(fallback)
    return families


def prepare_application(app: QGuiApplication) -> None:
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    app.setWindowIcon(app_icon())
    register_bundled_fonts()
