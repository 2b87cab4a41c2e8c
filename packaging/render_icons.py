"""Render resources/icons/sessionlog.svg into the PNG sizes desktops and installers ask for.

Run after changing the SVG:
``QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py``.
The PNGs are committed so that neither the app nor a build needs an SVG renderer at run time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "sessionlog.svg"))
    if not renderer.isValid():
        print("sessionlog.svg could not be read", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / f"sessionlog-{size}.png"))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
