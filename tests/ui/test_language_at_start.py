"""The app starts in the system's language, or in the one Setup ▸ Language chose: a real
process with a Spanish (Mexico) locale opens its window in Spanish, with dates in the
locale's format, unless English was chosen."""

from __future__ import annotations

import subprocess
import sys

import pytest
from tests.app_process import SRC, app_env

_SHOW_TEXTS = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
from sessionlog.app import run_gui
from sessionlog.ui.i18n import choose_language

if sys.argv[2] != "system":
    choose_language(sys.argv[2], QSettings("SessionLog", "SessionLog"))

def started(window):
    from PySide6.QtCore import QTimer

    def show():
        print("tab", window.tabs.tabText(0), flush=True)
        print("menu", window.menuBar().actions()[0].text(), flush=True)
        print("day", window.today.day_label.text(), flush=True)
        window.close()

    QTimer.singleShot(0, show)

sys.exit(run_gui(Path(sys.argv[1]), on_started=started))
"""


def _texts(db_path, chosen: str) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", _SHOW_TEXTS, str(db_path), chosen],
        capture_output=True,
        text=True,
        env=app_env(LANG="es_MX.UTF-8", LC_ALL="es_MX.UTF-8", LANGUAGE="es"),
        cwd=SRC,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)


@pytest.mark.parametrize(
    ("chosen", "tab", "menu"),
    [("system", "&Hoy", "&Archivo"), ("es", "&Hoy", "&Archivo"), ("en", "&Today", "&File")],
)
def test_the_window_opens_in_the_chosen_or_the_system_language(
    rosa_store, db_path, chosen, tab, menu
):
    rosa_store.db.close()
    texts = _texts(db_path, chosen)
    assert texts["tab"] == tab and texts["menu"] == menu
    if chosen == "en":
        assert "/2026" in texts["day"] and "Caseload" in texts["day"]
    else:
        assert texts["day"].startswith("Carga de casos · ")
