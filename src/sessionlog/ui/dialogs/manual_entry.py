"""Enter a session that was not timed: date, start and end (the client's local
time) and the reason it was not timed. Problems are named by field; nothing is
written until every field is right."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.catalog import service_codes
from sessionlog.core.changes import Written
from sessionlog.core.clock import local
from sessionlog.core.limits import LONG_SEGMENT
from sessionlog.core.models import Session
from sessionlog.services import timing
from sessionlog.services.records import ManualEntry
from sessionlog.ui.formats import date_pattern, time_pattern, time_text
from sessionlog.ui.widgets import hint, problem_label, python_date, python_time, set_problem


class ManualEntryDialog(QDialog):
    def __init__(
        self,
        store: ManualEntry,
        staff_id: str,
        now: datetime,
        client_id: str | None,
        code: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Enter an untimed session"))
        self.store = store
        self.staff_id = staff_id
        self.now = now
        self.session: Session | None = None
        self.entered: Written[Session] | None = None  # the session and the changes made

        self.client = QComboBox()
        for client in store.clients():
            self.client.addItem(client.name, client.id)
        if client_id is not None:
            self.client.setCurrentIndex(max(0, self.client.findData(client_id)))
        self.code = QComboBox()
        for known in service_codes().values():
            self.code.addItem(f"{known.code} — {known.shown_description}", known.code)
        if code is not None:
            self.code.setCurrentIndex(max(0, self.code.findData(code)))
        today = local(now, self._zone()).date()
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(date_pattern())
        self.start = QTimeEdit(QTime(9, 0))
        self.start.setDisplayFormat(time_pattern())
        self.end = QTimeEdit(QTime(10, 0))
        self.end.setDisplayFormat(time_pattern())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("e.g. laptop battery was flat; timed on paper"))
        self.zone_note = hint("")
        self.client.currentIndexChanged.connect(self._show_zone)
        # Overlap with the coach's other sessions: warned once per set of times.
        self.overlap = problem_label()
        self._overlap_accepted: tuple[object, ...] | None = None
        self._default_times()

        self.problems = {
            name: problem_label()
            for name in (
                self.tr("Client"),
                self.tr("Service code"),
                self.tr("Start"),
                self.tr("End"),
                self.tr("Reason"),
            )
        }
        form = QFormLayout()
        self._row(form, self.tr("&Client:"), self.client, self.tr("Client"))
        self._row(form, self.tr("Ser&vice:"), self.code, self.tr("Service code"))
        self._row(form, self.tr("&Date:"), self.date, None)
        self._row(form, self.tr("S&tart:"), self.start, self.tr("Start"))
        self._row(form, self.tr("&End:"), self.end, self.tr("End"))
        form.addRow("", self.zone_note)
        form.addRow("", self.overlap)
        self._row(form, self.tr("&Reason not timed:"), self.reason, self.tr("Reason"))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("&Add session"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                self.tr(
                    "The note is marked as a manual entry with your reason, so a reviewer can "
                    "tell it from a timed session."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._show_zone()

    def _row(self, form: QFormLayout, text: str, field: QWidget, problem: str | None) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, field)
        if problem is not None:
            form.addRow("", self.problems[problem])

    def _zone(self) -> str:
        client_id = self.client.currentData()
        if client_id is None:
            return "UTC"
        return self.store.client(str(client_id)).timezone

    def _show_zone(self) -> None:
        self.zone_note.setText(self.tr("Times are local to the client: {0}.").format(self._zone()))

    def _default_times(self) -> None:
        """Start where the coach's day left off (after their last session that day)."""
        client_id = self.client.currentData()
        if client_id is None:
            return
        times = timing.default_manual_times(
            self.store,
            staff_id=self.staff_id,
            client_id=str(client_id),
            day=python_date(self.date.date()),
            now=self.now,
        )
        if times is not None:
            self.start.setTime(QTime(times[0].hour, times[0].minute))
            self.end.setTime(QTime(times[1].hour, times[1].minute))

    def _overlap_warning(self, client_id: str) -> bool:
        """Warn (once for these times) when they overlap the coach's other sessions;
        True when the entry should wait for a second click."""
        day = python_date(self.date.date())
        start, end = python_time(self.start.time()), python_time(self.end.time())
        key = (client_id, day, start, end)
        if key == self._overlap_accepted:
            return False
        clashes = timing.manual_overlaps(
            self.store, staff_id=self.staff_id, client_id=client_id, day=day, start=start, end=end
        )
        if not clashes:
            return False
        described = []
        for other in clashes:
            name = self.store.client(other.client_id).name
            first, last = other.first_start(), other.last_end()
            span = time_text(local(first, other.timezone)) if first else "?"
            span += "–" + (time_text(local(last, other.timezone)) if last else self.tr("now"))
            described.append(f"{name} {span} ({other.code})")
        set_problem(
            self.overlap,
            (
                self.tr("These times overlap your sessions")
                if len(clashes) > 1
                else self.tr("These times overlap your session")
            )
            + self.tr(" with ")
            + "; ".join(described)
            + self.tr(
                ". Auditors check a coach's clock times: change the times, or add it anyway."
            ),
        )
        self._overlap_accepted = key
        self.ok.setText(self.tr("&Add anyway"))
        return True

    def _long_session_confirmed(self) -> bool:
        """Over 12 hours is possible but rare: ask before taking it (over 24 is refused)."""
        start, end = self.start.time(), self.end.time()
        minutes = (end.hour() * 60 + end.minute()) - (start.hour() * 60 + start.minute())
        if minutes <= LONG_SEGMENT.total_seconds() / 60:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("A long session"),
            self.tr("This session lasts {0} h {1:02d} min. Is that right?").format(
                minutes // 60, minutes % 60
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def accept(self) -> None:
        for label in self.problems.values():
            set_problem(label, None)
        client_id = self.client.currentData()
        if client_id is None:
            set_problem(self.problems["Client"], self.tr("Client: add a client first (Setup)."))
            return
        set_problem(self.overlap, None)
        if self._overlap_warning(str(client_id)):
            return
        if not self._long_session_confirmed():
            return
        qdate, qstart, qend = self.date.date(), self.start.time(), self.end.time()
        try:
            self.entered = timing.create_manual_session(
                self.store,
                client_id=str(client_id),
                staff_id=self.staff_id,
                code=str(self.code.currentData()),
                day=date(qdate.year(), qdate.month(), qdate.day()),
                start=time(qstart.hour(), qstart.minute()),
                end=time(qend.hour(), qend.minute()),
                reason=self.reason.text(),
                now=self.now,
            )
        except timing.ManualEntryError as exc:
            for problem in exc.problems:
                set_problem(self.problems[problem.field], f"{problem.field}: {problem.message}")
            return
        self.session = self.entered.value
        super().accept()
