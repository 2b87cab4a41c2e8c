"""Correct a draft's times before signing: each stretch's start and stop (the client's
local time on the date of service), add or remove a stretch, and say why. The note then
shows that its times were corrected, with the reason (audited, and in the packet)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QTimeEdit, QWidget

from sessionlog.core.changes import Changes
from sessionlog.core.clock import local
from sessionlog.core.errors import StoreError
from sessionlog.services import timing
from sessionlog.services.records import TimeCorrecting
from sessionlog.ui.dialogs.draft_correction import DraftCorrectionDialog
from sessionlog.ui.formats import time_pattern, weekday_date_text
from sessionlog.ui.widgets import hint, python_time


def _time_edit(value: time) -> QTimeEdit:
    edit = QTimeEdit(QTime(value.hour, value.minute, value.second))
    edit.setDisplayFormat(time_pattern(seconds=True))  # seconds kept: nothing moves unless edited
    return edit


class CorrectTimesDialog(DraftCorrectionDialog):
    def __init__(
        self,
        store: TimeCorrecting,
        session_id: str,
        now: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session_id, self.tr("Correct the times"), parent)
        self.store = store
        self.now = now
        session = store.session(session_id)
        self.zone = session.timezone
        self.rows: list[tuple[QTimeEdit, QTimeEdit, QPushButton]] = []
        self.grid = QGridLayout()
        self.grid.addWidget(QLabel(self.tr("Start")), 0, 0)
        self.grid.addWidget(QLabel(self.tr("Stop")), 0, 1)
        for segment in session.segments:
            assert segment.end is not None  # only a stopped timer is corrected
            self.add_row(
                local(segment.start, self.zone).time(), local(segment.end, self.zone).time()
            )
        self.add_button = QPushButton(self.tr("&Add a stretch"))
        self.add_button.clicked.connect(self._add_after_last)
        self.ask_reason(
            self.tr("e.g. the timer was started 10 minutes late"),
            self.tr("Why the times are corrected"),
        )
        self.lay_out(
            hint(
                self.tr(
                    "Times are the client's local time ({zone}) on "
                    "{0}. The note will say its times were "
                    "corrected, and why."
                ).format(weekday_date_text(session.service_date()), zone=self.zone)
            ),
            self.grid,
            self.add_button,
            ok_text=self.tr("&Save corrected times"),
        )

    def add_row(self, start: time, end: time) -> None:
        start_edit, end_edit = _time_edit(start), _time_edit(end)
        start_edit.setAccessibleName(self.tr("Stretch start"))
        end_edit.setAccessibleName(self.tr("Stretch end"))
        remove = QPushButton(self.tr("Remove"))
        remove.setAccessibleName(self.tr("Remove this stretch"))
        remove.clicked.connect(lambda: self._remove(remove))
        row = len(self.rows) + 1
        self.grid.addWidget(start_edit, row, 0)
        self.grid.addWidget(end_edit, row, 1)
        self.grid.addWidget(remove, row, 2)
        self.rows.append((start_edit, end_edit, remove))

    def _add_after_last(self) -> None:
        if self.rows:
            last = self.rows[-1][1].time()
            self.add_row(python_time(last), python_time(last.addSecs(15 * 60)))
        else:
            now = local(self.now(), self.zone).time().replace(microsecond=0)
            self.add_row(now, now)

    def _remove(self, button: QPushButton) -> None:
        for entry in self.rows:
            if entry[2] is button:
                for widget in entry:
                    self.grid.removeWidget(widget)
                    widget.deleteLater()
                self.rows.remove(entry)
                return

    def spans(self) -> list[tuple[time, time]]:
        return [(python_time(start.time()), python_time(end.time())) for start, end, _ in self.rows]

    def apply(self) -> Changes:
        assert self.reason is not None
        return timing.correct_times(
            self.store, self.session_id, self.spans(), self.reason.text(), now=self.now()
        ).changes

    def problem_text(self, exc: StoreError) -> str:
        if isinstance(exc, timing.ManualEntryError):
            return " ".join(f"{p.field}: {p.message}." for p in exc.problems)
        return str(exc)
