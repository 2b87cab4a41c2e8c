"""Export one client's documentation packet (PDF) from the GUI (issue #6).

The packet itself is ``sessionlog.services.packet.build_packet``. This dialog only
collects its arguments, checks them in words a coach understands, and runs it in the
thread pool on the database *path*: the worker opens its own connection, because the
GUI's sqlite connection must never be used from another thread.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.errors import StoreError
from sessionlog.core.models import utc_now
from sessionlog.export.packet import PacketError
from sessionlog.export.packet.language import language_from_locale
from sessionlog.services import preferences
from sessionlog.services.packet import MARK_UNSIGNED, PacketResult, build_packet
from sessionlog.services.records import PacketRecords
from sessionlog.ui import theme
from sessionlog.ui.formats import date_pattern
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP, Count
from sessionlog.ui.tasks import run_in_background
from sessionlog.ui.theme import Tone
from sessionlog.ui.widgets import hint

log = logging.getLogger("sessionlog.ui.packet")

PDF_FILTER = QT_TRANSLATE_NOOP("PacketDialog", "PDF files (*.pdf)")
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def default_period(today: date) -> tuple[date, date]:
    """First day of the previous month to today: a monthly review usually asks for
    last month, and the days of this month so far cost nothing to include."""
    first_of_month = today.replace(day=1)
    if first_of_month.month == 1:
        return first_of_month.replace(year=first_of_month.year - 1, month=12), today
    return first_of_month.replace(month=first_of_month.month - 1), today


def suggested_file_name(medicaid_id: str, start: date, end: date) -> str:
    """``packet-<medicaid id>-<from>-<to>.pdf``: never the client's name, which a file
    name would show to anyone who sees a folder listing or a mail attachment."""
    safe_id = _UNSAFE_IN_NAME.sub("_", medicaid_id.strip()).strip("_") or "client"
    return f"packet-{safe_id}-{start.isoformat()}-{end.isoformat()}.pdf"


def documents_folder() -> Path:
    """Where a coach expects a saved document; the home folder when there is none."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class PacketDialog(QDialog):
    exported = Signal(object)  # PacketResult, after the file is written
    failed = Signal(str)  # the message shown, for a refused or failed export

    def __init__(
        self,
        store: PacketRecords,
        db_path: Path | str,
        parent: QWidget | None = None,
        *,
        client_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.db_path = Path(db_path)
        self.now = now
        self.outcome: PacketResult | None = None
        self._job: object | None = None  # the running export's signal holder, kept alive
        self._running = False
        # The suggested path follows the client and dates until the coach picks one.
        self._path_by_hand = False
        # A path chosen in the file dialog was already confirmed there if it exists.
        self._confirmed_path: Path | None = None
        self.setWindowTitle(self.tr("Export documentation packet"))

        self._build_widgets()
        self._build_layout()
        self._fill(client_id, start, end)
        self._connect()
        self._suggest_path()
        self._update_buttons()

    # ---- layout ---------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.client_combo = QComboBox()
        self.client_combo.setPlaceholderText(self.tr("Choose a client"))
        self.client_combo.setMinimumContentsLength(24)
        self.from_edit = self._date_edit()
        self.until_edit = self._date_edit()

        self.letter_radio = QRadioButton(self.tr("&Letter"))
        self.a4_radio = QRadioButton(self.tr("&A4"))
        self.letter_radio.setChecked(True)  # US Medicaid reviewers print on Letter
        self._paper = QButtonGroup(self)
        self._paper.addButton(self.letter_radio)
        self._paper.addButton(self.a4_radio)

        self.leave_out_radio = QRadioButton(
            self.tr("Lea&ve unsigned notes out (listed on the cover)")
        )
        self.include_radio = QRadioButton(
            self.tr("&Include unsigned notes, marked {MARK_UNSIGNED}").format(
                MARK_UNSIGNED=MARK_UNSIGNED
            )
        )
        self.leave_out_radio.setChecked(True)  # only signed notes support a claim
        self._unsigned = QButtonGroup(self)
        self._unsigned.addButton(self.leave_out_radio)
        self._unsigned.addButton(self.include_radio)

        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("Where to save the PDF"))
        self.path_edit.setMinimumWidth(380)
        self.choose_button = QPushButton(self.tr("C&hoose…"))
        self.open_check = QCheckBox(self.tr("&Open the PDF when done"))
        self.open_check.setChecked(preferences.packet_opens_when_done(self.store))

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(theme.css(Tone.WARNING))
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.hide()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.hide()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        # Links are handled here (not opened by Qt) so "Show in folder" can be tested.
        self.result_label.setOpenExternalLinks(False)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.result_label.hide()

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)

    @staticmethod
    def _date_edit() -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_pattern())
        return edit

    def _build_layout(self) -> None:
        period = QHBoxLayout()
        from_label = QLabel(self.tr("&From"))
        from_label.setBuddy(self.from_edit)
        until_label = QLabel(self.tr("&Until"))
        until_label.setBuddy(self.until_edit)
        period.addWidget(from_label)
        period.addWidget(self.from_edit)
        period.addSpacing(12)
        period.addWidget(until_label)
        period.addWidget(self.until_edit)
        period.addStretch(1)

        paper = QHBoxLayout()
        paper.addWidget(self.letter_radio)
        paper.addWidget(self.a4_radio)
        paper.addStretch(1)

        unsigned = QVBoxLayout()
        unsigned.addWidget(self.leave_out_radio)
        unsigned.addWidget(self.include_radio)

        target = QHBoxLayout()
        target.addWidget(self.path_edit, 1)
        target.addWidget(self.choose_button)

        # Everything the coach sets, in one widget so a running export can lock it at once.
        self.inputs = QWidget()
        form = QFormLayout(self.inputs)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        client_label = QLabel(self.tr("&Client"))
        client_label.setBuddy(self.client_combo)
        form.addRow(client_label, self.client_combo)
        form.addRow(self.tr("Period"), period)
        period_hint = hint(self.tr("Dates of service; both days are included."))
        period_hint.setWordWrap(False)  # short: wrapping only lets the layout squash it
        form.addRow("", period_hint)
        form.addRow(self.tr("Paper"), paper)
        form.addRow(self.tr("Unsigned notes"), unsigned)
        save_label = QLabel(self.tr("&Save to"))
        save_label.setBuddy(self.path_edit)
        form.addRow(save_label, target)
        form.addRow("", self.open_check)

        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                self.tr(
                    "One PDF with the client's progress notes, the unit summary, treatment "
                    "plans and authorizations for the period, readable without SessionLog."
                )
            )
        )
        layout.addSpacing(4)
        layout.addWidget(self.inputs)
        layout.addSpacing(6)
        layout.addWidget(self.error_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        # The progress, result and error lines appear later: the dialog grows to hold
        # them instead of squeezing the form above.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)

    def _fill(self, client_id: str | None, start: date | None, end: date | None) -> None:
        for client in self.store.clients(include_archived=True):
            label = (
                self.tr("{name} (archived)").format(name=client.name)
                if client.archived
                else client.name
            )
            self.client_combo.addItem(label, client.id)
        self.client_combo.setCurrentIndex(self.client_combo.findData(client_id))
        if start is None or end is None:
            # Half a period (History with only one date set) is completed the way the
            # default is, from the date that was given.
            if end is None:
                end = max(self.today(), start) if start is not None else self.today()
            if start is None:
                start = default_period(end)[0]
        self.from_edit.setDate(_qdate(start))
        self.until_edit.setDate(_qdate(end))

    def _connect(self) -> None:
        self.client_combo.currentIndexChanged.connect(self._on_input_changed)
        self.from_edit.dateChanged.connect(self._on_input_changed)
        self.until_edit.dateChanged.connect(self._on_input_changed)
        self.path_edit.textEdited.connect(self._on_path_edited)
        self.choose_button.clicked.connect(self.choose_path)
        self.open_check.toggled.connect(self._remember_open_choice)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.reject)
        self.result_label.linkActivated.connect(self._show_in_folder)

    # ---- what the form says -----------------------------------------------------------

    def today(self) -> date:
        """The laptop's own date, as everywhere else in the app."""
        return self.now().astimezone().date()

    def selected_client_id(self) -> str | None:
        value = self.client_combo.currentData()
        return None if value is None else str(value)

    def period(self) -> tuple[date, date]:
        return _pydate(self.from_edit.date()), _pydate(self.until_edit.date())

    def paper(self) -> str:
        return "a4" if self.a4_radio.isChecked() else "letter"

    def output_path(self) -> Path | None:
        text = self.path_edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        # The file dialog may hand back a bare name; a reviewer's viewer needs the suffix.
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def problems(self) -> list[str]:
        """What stops the export, each naming its field, in the form's order."""
        found: list[str] = []
        if self.selected_client_id() is None:
            found.append(self.tr("Client: choose a client."))
        start, end = self.period()
        if end < start:
            found.append(self.tr("Until: is before From."))
        path = self.output_path()
        if path is None:
            found.append(self.tr("Save to: choose where to save the PDF."))
        elif not path.is_absolute():
            found.append(self.tr("Save to: give the full path of the file, or use Choose…."))
        elif path.is_dir():
            found.append(self.tr("Save to: that is a folder; add a file name."))
        elif not path.parent.is_dir():
            found.append(
                self.tr("Save to: the folder {parent} does not exist.").format(parent=path.parent)
            )
        elif not os.access(path.parent, os.W_OK | os.X_OK):
            found.append(
                self.tr("Save to: the folder {parent} cannot be written to.").format(
                    parent=path.parent
                )
            )
        return found

    # ---- reactions --------------------------------------------------------------------

    def _on_input_changed(self, *_args: object) -> None:
        self._suggest_path()
        self._show_error(None)

    def _on_path_edited(self, _text: str) -> None:
        self._path_by_hand = True
        self._confirmed_path = None
        self._show_error(None)

    def _suggest_path(self) -> None:
        if self._path_by_hand:
            return
        client_id = self.selected_client_id()
        if client_id is None:
            self.path_edit.clear()
            return
        start, end = self.period()
        name = suggested_file_name(self.store.client(client_id).medicaid_id, start, end)
        self.path_edit.setText(str(documents_folder() / name))

    def choose_path(self) -> None:
        current = self.output_path()
        suggested = str(current) if current is not None else str(documents_folder())
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the documentation packet"), suggested, self.tr(PDF_FILTER)
        )
        if not name:
            return
        self.path_edit.setText(name)
        self._path_by_hand = True
        self._confirmed_path = self.output_path()
        self._show_error(None)

    def _remember_open_choice(self, checked: bool) -> None:
        try:
            # A setting only this dialog reads: nothing else to tell of the change.
            preferences.set_packet_opens_when_done(self.store, checked)
        except StoreError:
            # Only a convenience: the tick still applies to this export.
            log.warning("could not remember the open-when-done choice")

    def _update_buttons(self) -> None:
        self.inputs.setEnabled(not self._running)
        self.export_button.setEnabled(not self._running)
        self.close_button.setEnabled(not self._running)

    def _show_error(self, text: str | None) -> None:
        self.error_label.setText(text or "")
        self.error_label.setVisible(bool(text))

    # ---- exporting --------------------------------------------------------------------

    def export(self) -> bool:
        """Check the form, then write the packet in the background; False if refused."""
        if self._running:
            return False
        problems = self.problems()
        if problems:
            message = "\n".join(problems)
            self._show_error(message)
            self.failed.emit(message)
            return False
        client_id = self.selected_client_id()
        path = self.output_path()
        assert client_id is not None and path is not None  # problems() checked both
        if path.exists() and path != self._confirmed_path and not self._replace_ok(path):
            return False
        start, end = self.period()
        db_path, paper = self.db_path, self.paper()
        include_unsigned = self.include_radio.isChecked()
        generated_at = self.now()
        # The app's language (the system's, or Setup's choice made Qt's default locale).
        language = language_from_locale(QLocale().name())

        def work(progress: Callable[[int, int], None]) -> PacketResult:
            # The path, never self.store: this runs in a worker thread.
            return build_packet(
                db_path,
                client_id,
                start,
                end,
                path,
                paper=paper,
                include_unsigned=include_unsigned,
                progress=progress,
                now=generated_at,
                language=language,
            )

        self._running = True
        self.outcome = None
        self._update_buttons()
        self._show_error(None)
        self.result_label.hide()
        self.progress.setRange(0, 0)  # gathering the notes has no steps to count
        self.progress.show()
        self.status_label.setText(self.tr("Gathering the notes and unit figures…"))
        self.status_label.show()
        # A packet is written to a temporary file renamed into place: quitting may stop it.
        self._job = run_in_background(
            work, self._on_done, self._on_error, self._on_progress, abandon_at_quit=True
        )
        return True

    def _replace_ok(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Replace the file?"),
            self.tr("{name} already exists in {parent}.\n\nReplace it with the new packet?").format(
                name=path.name, parent=path.parent
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))
        self.status_label.setText(self.tr("Laying out the notes and writing the PDF…"))

    def _on_done(self, result: Any) -> None:
        self._job = None
        self._running = False
        self.outcome = result
        if self.progress.maximum() == 0:  # no step was reported: still a busy bar
            self.progress.setRange(0, 1)
        self.progress.setValue(self.progress.maximum())
        self.status_label.hide()
        self._update_buttons()
        self.result_label.setText(self._result_html(result))
        self.result_label.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        if self.open_check.isChecked():
            opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))
            if not opened:
                self._show_error(
                    self.tr(
                        "The PDF was saved, but no program to open it was found. "
                        "Use Show in folder to find it."
                    )
                )
        self.exported.emit(result)

    @staticmethod
    def _result_html(result: PacketResult) -> str:
        left_out = ""
        if result.notes_left_out:
            left_out = QCoreApplication.translate(
                "PacketDialog", ", {0} left out (listed on the cover)"
            ).format(Count.tr("%n unsigned note(s)", "", result.notes_left_out))
        folder = QUrl.fromLocalFile(str(result.path.parent)).toString()
        name = result.path.name.replace("&", "&amp;").replace("<", "&lt;")
        return QCoreApplication.translate(
            "PacketDialog",
            "<b>Saved {name}</b><br>"
            "{0}, "
            "{1} included{left_out}.<br>"
            "SHA-256 (printed in every page footer):<br>"
            "<span style='font-family: monospace;'>{sha256}</span><br>"
            "<a href='{folder}'>Show in folder</a>",
        ).format(
            Count.tr("%n page(s)", "", result.pages),
            Count.tr("%n note(s)", "", result.notes_included),
            name=name,
            left_out=left_out,
            sha256=result.sha256,
            folder=folder,
        )

    def _on_error(self, exc: Exception) -> None:
        self._job = None
        self._running = False
        self.progress.hide()
        self.status_label.hide()
        self._update_buttons()
        message = self._error_text(exc)
        # The type only: a message could one day quote client data.
        log.warning("packet export failed: %s", type(exc).__name__)
        self._show_error(message)
        self.failed.emit(message)

    @staticmethod
    def _error_text(exc: Exception) -> str:
        if isinstance(exc, PacketError | StoreError):
            return QCoreApplication.translate(
                "PacketDialog", "The packet was not made: {exc}"
            ).format(exc=exc)
        if isinstance(exc, OSError):
            reason = exc.strerror or type(exc).__name__
            return QCoreApplication.translate(
                "PacketDialog", "Save to: the file could not be written ({reason})."
            ).format(reason=reason)
        return QCoreApplication.translate(
            "PacketDialog",
            "The packet was not made because of an unexpected error ({__name__}). "
            "The application log has the details.",
        ).format(__name__=type(exc).__name__)

    def _show_in_folder(self, _link: str = "") -> None:
        if self.outcome is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.outcome.path.parent)))

    # ---- closing ----------------------------------------------------------------------

    def reject(self) -> None:
        # Closing mid-export would leave the worker's callbacks without a dialog.
        if not self._running:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._running:
            event.ignore()
            return
        super().closeEvent(event)


def open_packet_dialog(
    store: PacketRecords,
    db_path: Path | str,
    parent: QWidget | None,
    *,
    client_id: str | None = None,
    start: date | None = None,
    end: date | None = None,
    now: Callable[[], datetime] = utc_now,
) -> PacketDialog:
    """Show the dialog window-modal; it deletes itself when closed."""
    dialog = PacketDialog(
        store, db_path, parent, client_id=client_id, start=start, end=end, now=now
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
