"""The documentation packet dialog on a real database file with the demo caseload."""

from __future__ import annotations

import os
import stat
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, QLocale, QUrl
from tests.app_process import run_app_script

from sessionlog.export.packet import PacketError
from sessionlog.services import packet as packet_service
from sessionlog.services.preferences import PACKET_OPEN_WHEN_DONE_KEY
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs import packet_dialog
from sessionlog.ui.dialogs.packet_dialog import (
    PacketDialog,
    default_period,
    suggested_file_name,
)
from sessionlog.ui.setup.clients import COL_NAME, ClientsEditor

NOW = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)
LENA, LENA_MEDICAID = "client-lena", "MCD100871"


def _now() -> datetime:
    return NOW


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """Every URL the dialog asks the desktop to open; nothing is really opened."""
    urls: list[QUrl] = []

    def fake_open(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(packet_dialog.QDesktopServices, "openUrl", fake_open)
    return urls


@pytest.fixture
def make_dialog(qtbot, demo_store, db_path):
    def make(**kwargs) -> PacketDialog:
        kwargs.setdefault("now", _now)
        dialog = PacketDialog(demo_store, db_path, **kwargs)
        qtbot.addWidget(dialog)
        return dialog

    return make


def _export(qtbot, dialog: PacketDialog, out: Path) -> packet_service.PacketResult:
    dialog.path_edit.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as blocker:
        dialog.export_button.click()
    return blocker.args[0]


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


# ---- exporting ---------------------------------------------------------------------------


def test_export_writes_a_private_pdf_off_the_gui_thread(
    qtbot, make_dialog, tmp_path, db_path, opened, monkeypatch
):
    seen: list[tuple[object, bool]] = []
    real_build = packet_dialog.build_packet

    def spy(store_or_path, *args, **kwargs):
        # The worker must get the file path (its own connection), never the GUI's store.
        seen.append((store_or_path, threading.current_thread() is threading.main_thread()))
        return real_build(store_or_path, *args, **kwargs)

    monkeypatch.setattr(packet_dialog, "build_packet", spy)
    dialog = make_dialog(client_id=LENA)
    steps: list[int] = []
    dialog.progress.valueChanged.connect(steps.append)
    out = tmp_path / "lena.pdf"

    result = _export(qtbot, dialog, out)

    assert seen == [(db_path, False)]
    assert result.path == out
    text = _pdf_text(out)
    assert LENA_MEDICAID in text
    assert "Page 1 of" in text
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    # One step per note plus the file write, and the bar ends full.
    assert dialog.progress.maximum() == result.notes_included + 1
    assert dialog.progress.value() == dialog.progress.maximum()
    assert len(steps) > 2
    shown = dialog.result_label.text()
    assert f"{result.pages} pages" in shown
    assert f"{result.notes_included} notes included" in shown
    assert result.sha256 in shown
    assert "Show in folder" in shown
    assert not dialog.error_label.isVisible()
    assert opened == []  # "Open when done" was not ticked


def test_the_packet_is_in_the_app_language(qtbot, make_dialog, tmp_path, opened):
    """The app's language (Qt's default locale: the system's or Setup's choice) picks
    the packet's, with its date format."""
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.UnitedStates))
    try:
        dialog = make_dialog(client_id=LENA)
        _export(qtbot, dialog, tmp_path / "es.pdf")
    finally:
        QLocale.setDefault(previous)
    text = _pdf_text(tmp_path / "es.pdf")
    assert "Resumen de unidades" in text and "Página 1 de" in text
    assert "Generado el 20/11/2026" in text


def test_unsigned_choice_and_paper_reach_the_service(qtbot, make_dialog, tmp_path, opened):
    dialog = make_dialog(client_id=LENA)
    left_out = _export(qtbot, dialog, tmp_path / "signed-only.pdf")
    assert left_out.notes_left_out >= 1
    assert f"{left_out.notes_left_out} unsigned note" in dialog.result_label.text()
    assert "listed on the cover" in dialog.result_label.text()

    dialog.include_radio.setChecked(True)
    dialog.a4_radio.setChecked(True)
    included = _export(qtbot, dialog, tmp_path / "all.pdf")
    assert included.notes_left_out == 0
    assert included.notes_included == left_out.notes_included + left_out.notes_left_out
    assert packet_service.MARK_UNSIGNED in _pdf_text(tmp_path / "all.pdf")
    width, height = PdfReader(str(tmp_path / "all.pdf")).pages[0].mediabox.upper_right
    assert round(float(width)) == 595 and round(float(height)) == 842  # A4 in points


def test_inputs_and_buttons_are_locked_while_the_export_runs(
    qtbot, make_dialog, tmp_path, monkeypatch
):
    release = threading.Event()
    real_build = packet_dialog.build_packet

    def slow_build(*args, **kwargs):
        release.wait(20)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(packet_dialog, "build_packet", slow_build)
    dialog = make_dialog(client_id=LENA)
    dialog.show()
    dialog.path_edit.setText(str(tmp_path / "slow.pdf"))
    try:
        assert dialog.export()
        assert not dialog.export_button.isEnabled()
        assert not dialog.close_button.isEnabled()
        assert not dialog.inputs.isEnabled()
        assert dialog.progress.isVisible()
        dialog.reject()  # Escape mid-export: the dialog stays
        assert dialog.isVisible()
        assert not dialog.export()  # a second click starts nothing
    finally:
        with qtbot.waitSignal(dialog.exported, timeout=30_000):
            release.set()
    assert dialog.export_button.isEnabled()
    assert dialog.close_button.isEnabled()
    assert dialog.inputs.isEnabled()


def test_open_when_done_opens_the_pdf_and_is_remembered(
    qtbot, make_dialog, tmp_path, demo_store, opened
):
    dialog = make_dialog(client_id=LENA)
    assert not dialog.open_check.isChecked()
    dialog.open_check.setChecked(True)
    assert demo_store.get_state(PACKET_OPEN_WHEN_DONE_KEY) == "1"

    out = tmp_path / "open-me.pdf"
    _export(qtbot, dialog, out)
    assert opened == [QUrl.fromLocalFile(str(out))]

    # The next dialog starts with the choice made last time.
    assert make_dialog(client_id=LENA).open_check.isChecked()
    dialog.open_check.setChecked(False)
    assert demo_store.get_state(PACKET_OPEN_WHEN_DONE_KEY) == "0"
    assert not make_dialog().open_check.isChecked()


def test_show_in_folder_opens_the_folder_of_the_pdf(qtbot, make_dialog, tmp_path, opened):
    dialog = make_dialog(client_id=LENA)
    _export(qtbot, dialog, tmp_path / "p.pdf")
    link = dialog.result_label.text().split("href='", 1)[1].split("'", 1)[0]
    dialog.result_label.linkActivated.emit(link)
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]


# ---- checks before starting and errors --------------------------------------------------


def test_until_before_from_is_refused_in_words(qtbot, make_dialog, tmp_path, monkeypatch):
    calls: list[object] = []
    monkeypatch.setattr(packet_dialog, "build_packet", lambda *a, **k: calls.append(a))
    dialog = make_dialog(client_id=LENA)
    dialog.path_edit.setText(str(tmp_path / "x.pdf"))
    dialog.from_edit.setDate(QDate(2026, 11, 20))
    dialog.until_edit.setDate(QDate(2026, 11, 1))
    with qtbot.waitSignal(dialog.failed) as blocker:
        assert not dialog.export()
    assert blocker.args == ["Until: is before From."]
    assert "Until: is before From." in dialog.error_label.text()
    assert calls == []
    assert not (tmp_path / "x.pdf").exists()


def test_no_client_and_no_file_are_named(make_dialog):
    dialog = make_dialog()
    assert dialog.selected_client_id() is None
    assert dialog.path_edit.text() == ""  # no client: nothing to suggest
    assert not dialog.export()
    text = dialog.error_label.text()
    assert "Client: choose a client." in text
    assert "Save to: choose where to save the PDF." in text
    assert "Traceback" not in text


def test_a_folder_that_cannot_be_written_is_named(make_dialog, tmp_path, monkeypatch):
    dialog = make_dialog(client_id=LENA)
    dialog.path_edit.setText(str(tmp_path / "missing" / "x.pdf"))
    assert dialog.problems() == [f"Save to: the folder {tmp_path / 'missing'} does not exist."]
    dialog.path_edit.setText(str(tmp_path / "x.pdf"))
    assert dialog.problems() == []
    # Tests may run as root, for whom every folder is writable: ask access() instead.
    monkeypatch.setattr(packet_dialog.os, "access", lambda *_args: False)
    assert dialog.problems() == [f"Save to: the folder {tmp_path} cannot be written to."]


def test_a_service_error_is_shown_without_a_traceback(qtbot, make_dialog, tmp_path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise PacketError("Paper size 'legal' is not one of: letter, a4")

    monkeypatch.setattr(packet_dialog, "build_packet", refuse)
    dialog = make_dialog(client_id=LENA)
    dialog.path_edit.setText(str(tmp_path / "x.pdf"))
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as blocker:
        assert dialog.export()
    assert blocker.args == ["The packet was not made: Paper size 'legal' is not one of: letter, a4"]
    assert dialog.error_label.text() == blocker.args[0]
    assert not dialog.progress.isVisible()
    assert dialog.export_button.isEnabled()


def test_a_write_error_names_the_file_field(qtbot, make_dialog, tmp_path, monkeypatch):
    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(packet_dialog, "build_packet", disk_full)
    dialog = make_dialog(client_id=LENA)
    dialog.path_edit.setText(str(tmp_path / "x.pdf"))
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as blocker:
        dialog.export()
    assert blocker.args == ["Save to: the file could not be written (No space left on device)."]


# ---- defaults and the file name ---------------------------------------------------------


def test_default_period_is_the_previous_month_to_today():
    assert default_period(date(2026, 11, 20)) == (date(2026, 10, 1), date(2026, 11, 20))
    assert default_period(date(2027, 1, 5)) == (date(2026, 12, 1), date(2027, 1, 5))


def test_suggested_path_names_the_medicaid_id_and_dates_never_the_client(
    make_dialog, monkeypatch, tmp_path
):
    monkeypatch.setattr(packet_dialog, "documents_folder", lambda: tmp_path)
    dialog = make_dialog(client_id=LENA)
    assert dialog.period() == (date(2026, 10, 1), date(2026, 11, 20))
    assert dialog.path_edit.text() == str(
        tmp_path / f"packet-{LENA_MEDICAID}-2026-10-01-2026-11-20.pdf"
    )
    assert "Lena" not in dialog.path_edit.text()
    # The suggestion follows the dates until the coach picks a file.
    dialog.from_edit.setDate(QDate(2026, 11, 1))
    assert dialog.path_edit.text().endswith(f"packet-{LENA_MEDICAID}-2026-11-01-2026-11-20.pdf")
    assert suggested_file_name(" A/B 12 ", date(2026, 1, 1), date(2026, 1, 2)) == (
        "packet-A_B_12-2026-01-01-2026-01-02.pdf"
    )


def test_choose_offers_the_suggestion_and_keeps_the_pick(make_dialog, tmp_path, monkeypatch):
    monkeypatch.setattr(packet_dialog, "documents_folder", lambda: tmp_path)
    asked: list[str] = []

    def fake_save(_parent, _caption, suggested, _filter):
        asked.append(suggested)
        return str(tmp_path / "chosen"), "PDF files (*.pdf)"

    monkeypatch.setattr(packet_dialog.QFileDialog, "getSaveFileName", fake_save)
    dialog = make_dialog(client_id=LENA)
    dialog.choose_button.click()
    assert asked == [str(tmp_path / f"packet-{LENA_MEDICAID}-2026-10-01-2026-11-20.pdf")]
    assert dialog.output_path() == tmp_path / "chosen.pdf"  # the suffix is added
    dialog.until_edit.setDate(QDate(2026, 11, 15))
    assert dialog.output_path() == tmp_path / "chosen.pdf"  # a pick is not overwritten


# ---- where the dialog is opened from ----------------------------------------------------


def _packet_dialogs(parent) -> list[PacketDialog]:
    return parent.findChildren(PacketDialog)


def test_file_menu_opens_the_dialog_for_the_client_on_today(qtbot, main_window):
    (action,) = [a for a in main_window.file_menu.actions() if "documentation" in a.text()]
    assert action.shortcut().toString() == "Ctrl+Shift+E"
    main_window.today.select_client(LENA)
    action.trigger()
    (dialog,) = _packet_dialogs(main_window)
    assert dialog.isVisible()
    assert dialog.selected_client_id() == LENA
    assert dialog.period() == (date(2026, 10, 1), date(2026, 11, 20))
    assert dialog.db_path == main_window.db_path
    dialog.close()


def test_history_button_carries_the_client_and_dates_of_the_filters(qtbot, main_window):
    view = main_window.history
    qtbot.waitUntil(lambda: not view.is_loading)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.set_filters(client_id="client-marcus", start=date(2026, 11, 2), end=date(2026, 11, 13))
    view.packet_button.click()
    (dialog,) = _packet_dialogs(view)
    assert dialog.selected_client_id() == "client-marcus"
    assert dialog.period() == (date(2026, 11, 2), date(2026, 11, 13))
    dialog.close()


def test_history_with_any_date_falls_back_to_the_default_period(qtbot, main_window):
    view = main_window.history
    qtbot.waitUntil(lambda: not view.is_loading)
    dialog = view.export_packet()
    assert dialog.selected_client_id() is None
    assert dialog.period() == (date(2026, 10, 1), date(2026, 11, 20))
    dialog.close()


def test_clients_editor_exports_for_the_selected_client(
    qtbot, demo_store, db_path, tmp_path, opened
):
    # The editor knows no path: the store reports the file it reads.
    assert demo_store.path == db_path
    editor = ClientsEditor(demo_store, ChangeBus(), today=lambda: date(2026, 11, 20))
    qtbot.addWidget(editor)
    row = next(
        r
        for r in range(editor.table.rowCount())
        if editor.table.item(r, COL_NAME).text() == "Lena Nováková"
    )
    editor.table.setCurrentCell(row, COL_NAME)
    assert editor.packet_button.isEnabled()
    editor.packet_button.click()
    (dialog,) = _packet_dialogs(editor)
    assert dialog.selected_client_id() == LENA
    assert dialog.period() == (date(2026, 10, 1), date(2026, 11, 20))
    result = _export(qtbot, dialog, tmp_path / "from-setup.pdf")
    assert LENA_MEDICAID in _pdf_text(result.path)
    dialog.close()

    editor.new_client()
    assert not editor.packet_button.isEnabled()  # nothing saved to print yet


_OPEN_IN_A_FRESH_PROCESS = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from sessionlog.store import Store, open_database
from sessionlog.ui.dialogs.packet_dialog import PacketDialog

app = QApplication([])
db_path = Path(sys.argv[1])
store = Store(open_database(db_path), actor="test")
dialog = PacketDialog(store, db_path)
dialog.show()
app.processEvents()
heavy = ("reportlab.platypus", "pypdf", "cryptography", "sessionlog.export.packet.render")
print("loaded=" + ",".join(name for name in heavy if name in sys.modules), flush=True)
"""


def test_opening_the_dialog_leaves_the_pdf_layout_to_the_worker(demo_store, db_path):
    """The PDF layout and checking modules took about half a second to import on the GUI
    thread when the dialog first opened; the worker that writes the packet imports them."""
    demo_store.db.close()
    result = run_app_script(_OPEN_IN_A_FRESH_PROCESS, db_path)
    assert "loaded=\n" in result.stdout, result.stdout
