"""Authorizations: code, units, period and number, with a usage meter per row.

Used and remaining units come from the unit engine (services.billing), the same
numbers the units report and the claim lines show; the warnings come from
core.authorizations. The rows are shown at once and their usage once read on a
connection of its own (``ui.tasks.read_in_background``): read from the kept draws it
takes a few ms, but after a write that forgot them (saving an authorization here does)
it computes the client's draws, ~0.2 s at 300,000 sessions, which must not hold the
window (issue 12).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.authorizations import (
    authorization_warnings,
    days_left,
)
from sessionlog.core.catalog import service_codes
from sessionlog.core.changes import Changes, Entity
from sessionlog.core.errors import NotFoundError, StoreError
from sessionlog.core.models import Authorization, new_id
from sessionlog.core.units import AuthorizationUsage, usage_of
from sessionlog.services import caseload
from sessionlog.services.billing import authorization_usage_for_client
from sessionlog.services.records import AuthorizationSetupRecords
from sessionlog.ui import theme
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.formats import date_text
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP
from sessionlog.ui.setup.common import (
    ID_ROLE,
    DateBox,
    FieldErrors,
    ProblemList,
    fill_combo,
    hint,
    show_error,
)
from sessionlog.ui.setup.record_list import RecordListMixin
from sessionlog.ui.setup.usage_meter import METER_ROLE, Meter, UsageMeterDelegate
from sessionlog.ui.tasks import read_in_background
from sessionlog.ui.theme import Tone
from sessionlog.ui.widgets import columns_measured_once

FIELD_LABELS = {
    "code": QT_TRANSLATE_NOOP("FieldLabels", "Service code"),
    "number": QT_TRANSLATE_NOOP("FieldLabels", "Authorization number"),
    "units": QT_TRANSLATE_NOOP("FieldLabels", "Units"),
    "end": QT_TRANSLATE_NOOP("FieldLabels", "End"),
    "client": QT_TRANSLATE_NOOP("FieldLabels", "Client"),
}
COLUMNS = [
    QT_TRANSLATE_NOOP("AuthorizationsEditor", "Code"),
    QT_TRANSLATE_NOOP("AuthorizationsEditor", "Number"),
    QT_TRANSLATE_NOOP("AuthorizationsEditor", "Period"),
    QT_TRANSLATE_NOOP("AuthorizationsEditor", "Units"),
    QT_TRANSLATE_NOOP("AuthorizationsEditor", "Used"),
    QT_TRANSLATE_NOOP("AuthorizationsEditor", "Left"),
    QT_TRANSLATE_NOOP("AuthorizationsEditor", "Days left"),
    QT_TRANSLATE_NOOP("AuthorizationsEditor", "Usage"),
    QT_TRANSLATE_NOOP("AuthorizationsEditor", "Attention"),
]
METER_WIDTH = 110
(
    COL_CODE,
    COL_NUMBER,
    COL_PERIOD,
    COL_UNITS,
    COL_USED,
    COL_LEFT,
    COL_DAYS,
    COL_METER,
    COL_WARN,
) = range(len(COLUMNS))


class AuthorizationsEditor(RecordListMixin, QWidget):
    discard_question = QT_TRANSLATE_NOOP(
        "RecordListMixin", "Discard the changes to this authorization?"
    )
    id_column = COL_CODE
    # The usage of the rows shown was read and filled in (or could not be read).
    usage_shown = Signal()

    def __init__(
        self,
        store: AuthorizationSetupRecords,
        bus: ChangeBus,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.today = today
        self._current_id: str | None = None
        self._dirty = False
        self.authorizations: dict[str, Authorization] = {}  # the rows', by id
        self.usage: dict[str, AuthorizationUsage] = {}  # once read
        self._usage_read: object | None = None  # the read whose result the rows await

        self.client_combo = QComboBox()
        self.client_combo.setMinimumContentsLength(24)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName(self.tr("Authorizations"))
        self.record_view = self.table
        self.table.setHorizontalHeaderLabels([self.tr(column) for column in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list: it holds rows, not cells
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_WARN, QHeaderView.ResizeMode.Stretch)
        # The meter's room is kept while the usage is read: the columns must not jump when
        # the meters come in.
        header.setSectionResizeMode(COL_METER, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_METER, METER_WIDTH + 10)
        # Painted from the items' data: a progress bar widget made and styled per row held
        # the GUI thread 17-21 ms per client's usage at 300,000 sessions (usage_meter).
        self.meter_delegate = UsageMeterDelegate(METER_WIDTH, self.table)
        self.table.setItemDelegateForColumn(COL_METER, self.meter_delegate)
        self.table.setWordWrap(True)
        self.new_button = QPushButton(self.tr("Ne&w authorization"))

        self.code_combo = QComboBox()
        for code, sc in service_codes().items():
            self.code_combo.addItem(f"{code} {sc.description}", code)
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText(self.tr("as printed on the payer's approval"))
        self.units_spin = QSpinBox()
        self.units_spin.setRange(0, 100_000)
        self.units_spin.setSuffix(self.tr(" units"))
        self.units_spin.setMinimumWidth(140)
        self.start_edit = DateBox()
        self.end_edit = DateBox()
        self.problems = ProblemList(FIELD_LABELS)
        self.field_errors = FieldErrors(self.problems)
        self.save_button = QPushButton(self.tr("&Save authorization"))
        self.save_button.setDefault(True)
        self.revert_button = QPushButton(self.tr("Re&vert"))
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet(theme.css(Tone.SUCCESS))
        self.empty_label = QLabel()
        self.empty_label.setStyleSheet(theme.css(Tone.MUTED))

        self._build_layout()
        self._connect()
        self.refresh()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        client_label = QLabel(self.tr("&Client"))
        client_label.setBuddy(self.client_combo)
        top.addWidget(client_label)
        top.addWidget(self.client_combo)
        top.addStretch(1)
        top.addWidget(self.new_button)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.number_edit.setMinimumWidth(260)
        errors = self.field_errors
        form.addRow(self.tr("Service co&de"), self.code_combo)
        errors.add("code", self.code_combo, form=form)
        form.addRow(self.tr("Authorization &number"), self.number_edit)
        errors.add("number", self.number_edit, form=form)
        form.addRow(self.tr("&Units granted"), self.units_spin)
        errors.add("units", self.units_spin, form=form)
        period = QHBoxLayout()
        period.addWidget(self.start_edit)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.end_edit)
        period.addStretch(1)
        form.addRow(self.tr("Period"), period)
        errors.add("end", self.end_edit, also={"start"}, form=form)
        actions = QHBoxLayout()
        actions.addWidget(self.saved_label, 1)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)
        details = QGroupBox(self.tr("Authorization"))
        dl = QVBoxLayout(details)
        dl.addLayout(form)
        dl.addWidget(self.problems)
        dl.addLayout(actions)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(
            hint(
                self.tr(
                    "Used: units billed by signed notes dated up to today, counted by the same "
                    "rules as the units report. Warnings appear at 80% used, within 14 days "
                    "of the end date, and once expired."
                )
            )
        )
        layout.addWidget(details)

    def _connect(self) -> None:
        self.client_combo.currentIndexChanged.connect(self._on_client_changed)
        self.table.currentCellChanged.connect(self._on_row_changed)
        self.new_button.clicked.connect(self.new_authorization)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self._revert)
        self.code_combo.activated.connect(self._changed)
        self.number_edit.textEdited.connect(self._changed)
        self.units_spin.valueChanged.connect(self._changed)
        self.start_edit.dateChanged.connect(self._changed)
        self.end_edit.dateChanged.connect(self._changed)
        self.bus.subscribe(
            self,
            {Entity.CLIENT, Entity.AUTHORIZATION, Entity.SESSION, Entity.PAYER, Entity.STAFF},
            self._on_bus,
        )

    # ---- loading ---------------------------------------------------------------

    def client_id(self) -> str | None:
        value = self.client_combo.currentData()
        return str(value) if value else None

    def select_client(self, client_id: str) -> None:
        index = self.client_combo.findData(client_id, ID_ROLE)
        if index >= 0:
            self.client_combo.setCurrentIndex(index)

    def refresh(self) -> None:
        clients = self.store.clients()
        fill_combo(self.client_combo, [(c.name, c.id) for c in clients], self.client_id())
        self._load_table()

    def _on_client_changed(self, _index: int) -> None:
        self._current_id = None
        self._dirty = False
        self._load_table()

    @property
    def is_loading(self) -> bool:
        """The rows' usage is still being read."""
        return self._usage_read is not None

    def _load_table(self, show_form: bool = True) -> None:
        client_id = self.client_id()
        today = self.today()
        auths: list[Authorization] = []
        if client_id:
            self.store.client(client_id)  # NotFoundError for a client gone meanwhile
            auths = [u.authorization for u in usage_of(self.store.authorizations(client_id), {})]
        self.authorizations = {a.id: a for a in auths}
        self.usage = {}
        with QSignalBlocker(self.table), columns_measured_once(self.table):
            self.table.setRowCount(len(auths))
            for row, auth in enumerate(auths):
                self._fill_row(row, auth, None, today)
        self.table.resizeRowsToContents()
        has_rows = bool(auths)
        self.empty_label.setVisible(not has_rows)
        self.empty_label.setText(
            self.tr("No authorizations on file for this client yet: add one below.")
            if client_id
            else self.tr("Add a client first (Setup ▸ Clients).")
        )
        self.new_button.setEnabled(client_id is not None)
        self.save_button.setEnabled(client_id is not None)
        if not show_form:
            if self._current_id in self.authorizations:
                self._select(self._current_id or "")
        elif self._current_id in self.authorizations:
            self._select(self._current_id or "")
            self._show(self.authorizations[self._current_id or ""])
        elif auths:
            self.load_authorization(auths[0].id)
        else:
            self.new_authorization()
        self._read_usage(client_id if auths else None, today)

    def _read_usage(self, client_id: str | None, today: date) -> None:
        """Fill the rows' usage in once read; a newer read (another client, a later
        change) makes this one's result go unused."""
        read = self._usage_read = object() if client_id else None
        if client_id is None:
            self.usage_shown.emit()
            return

        def shown(usages: list[AuthorizationUsage] | None) -> None:
            if self._usage_read is not read:
                return
            self._usage_read = None
            if usages is not None:
                self.usage = {u.authorization.id: u for u in usages}
            taller: list[int] = []  # the rows that may need more than one line
            with QSignalBlocker(self.table), columns_measured_once(self.table):
                for row in range(self.table.rowCount()):
                    auth_id = self._id_at(row) or ""
                    usage = self.usage.get(auth_id)
                    if usage is None:
                        if usages is None:  # not read (logged by type): said, not guessed
                            self._fill_usage(row, self.authorizations[auth_id], None, today, True)
                    elif usage.authorization == self.authorizations.get(auth_id):
                        # Only the cells the usage fills: the rest are as the rows were
                        # filled (half the GUI thread's time at 22 rows).
                        if self._fill_usage(row, usage.authorization, usage, today):
                            taller.append(row)
                    else:  # changed since the rows were filled (that change reloads them)
                        self._fill_row(row, usage.authorization, usage, today)
                        taller.append(row)
            # Only rows with warnings can grow (lines of them, wrapped): the others keep the
            # height their pending cells gave them, the meter's column having asked for the
            # meter's height from the start. Measuring every row again cost 4-5 ms.
            for row in taller:
                self.table.resizeRowToContents(row)
            self.usage_shown.emit()

        read_in_background(
            self,
            self.store,
            lambda records: authorization_usage_for_client(records, client_id, today),
            shown,
        )

    def _fill_row(
        self,
        row: int,
        auth: Authorization,
        usage: AuthorizationUsage | None,
        today: date,
        failed: bool = False,
    ) -> None:
        """One row; without ``usage`` (still being read, or ``failed``) its used and left
        units, meter and warnings wait."""
        cells = {
            COL_CODE: auth.code,
            COL_NUMBER: auth.number,
            COL_PERIOD: self.tr("{0} to {1}").format(date_text(auth.start), date_text(auth.end)),
            COL_UNITS: str(auth.units),
            COL_DAYS: str(days_left(auth, today)),
        }
        for col, text in cells.items():
            self._set_cell(row, col, auth.id, text)
        self._fill_usage(row, auth, usage, today, failed)

    def _fill_usage(
        self,
        row: int,
        auth: Authorization,
        usage: AuthorizationUsage | None,
        today: date,
        failed: bool = False,
    ) -> bool:
        """The row's cells that come from its usage: used and left units, meter and
        warnings (waiting without ``usage``). Whether the row warns."""
        warnings = authorization_warnings(usage, today) if usage is not None else []
        pending = self.tr("not read") if failed else "…"
        self._set_cell(row, COL_USED, auth.id, str(usage.used) if usage is not None else pending)
        self._set_cell(
            row, COL_LEFT, auth.id, str(usage.remaining) if usage is not None else pending
        )
        warn = self._set_cell(
            row,
            COL_WARN,
            auth.id,
            "\n".join(warnings) if warnings else ("—" if usage is not None else pending),
        )
        if warnings:
            warn.setForeground(theme.text(Tone.WARNING, on=QPalette.ColorRole.Base))
        # The meter's cell: blank until the usage is read (and when it could not be), then
        # its figures for the delegate to paint and its text for screen readers to read.
        meter_item = self._set_cell(row, COL_METER, auth.id, "")
        if usage is not None:
            meter = Meter(usage.used, auth.units, Tone.WARNING if warnings else None)
            meter_item.setData(METER_ROLE, meter)
            meter_item.setText(self.tr("{share}% used").format(share=meter.share))
            meter_item.setToolTip(
                self.tr("{used} of %n unit(s) used", "", auth.units).format(used=usage.used)
            )
        return bool(warnings)

    def _set_cell(self, row: int, col: int, auth_id: str, text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setData(ID_ROLE, auth_id)
        if col in (COL_UNITS, COL_USED, COL_LEFT, COL_DAYS):
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, col, item)
        return item

    def load_authorization(self, auth_id: str) -> None:
        self._load_record(auth_id)

    def _fetch_record(self, record_id: str) -> Authorization:
        return self.store.authorization(record_id)

    def new_authorization(self) -> None:
        self._new_record()

    def _blank_record(self) -> Authorization:
        today = self.today()
        # A typical authorization runs six months; the coach adjusts to the letter.
        return Authorization(
            "", self.client_id() or "", "", 0, today, today + timedelta(days=182), ""
        )

    def _first_field(self) -> QWidget:
        return self.number_edit

    def _show(self, auth: Authorization) -> None:
        with QSignalBlocker(self.code_combo), QSignalBlocker(self.units_spin):
            index = self.code_combo.findData(auth.code)
            self.code_combo.setCurrentIndex(index if index >= 0 else 0)
            self.units_spin.setValue(auth.units)
        self.number_edit.setText(auth.number)
        self.start_edit.set_value(auth.start)
        self.end_edit.set_value(auth.end)
        self._dirty = False
        self.revert_button.setEnabled(False)
        self.field_errors.clear()
        self.saved_label.clear()

    def _changed(self, *_args: object) -> None:
        self._dirty = True
        self.revert_button.setEnabled(True)
        self.saved_label.clear()

    # ---- saving ----------------------------------------------------------------

    def form_authorization(self) -> Authorization:
        return Authorization(
            id=self._current_id or "",
            client_id=self.client_id() or "",
            code=str(self.code_combo.currentData()),
            units=self.units_spin.value(),
            start=self.start_edit.value(),
            end=self.end_edit.value(),
            number=self.number_edit.text().strip(),
        )

    def save(self) -> bool:
        auth = self.form_authorization()
        auth.id = auth.id or new_id()
        try:
            result = caseload.save_authorization(self.store, auth)
        except StoreError as exc:
            show_error(self, self.tr("Authorization not saved"), str(exc))
            return False
        if not result.ok:
            self.field_errors.show(result.problems)
            return False
        self._current_id = auth.id
        self._dirty = False
        self.bus.publish(result.changes)
        self._load_table()
        self.saved_label.setText(self.tr("Saved."))
        return True

    def _on_bus(self, changes: Changes) -> None:
        if changes.touches(Entity.CLIENT) and not self._dirty:
            self.refresh()
        elif changes.touches(Entity.AUTHORIZATION, Entity.SESSION, Entity.PAYER, Entity.STAFF):
            # The meter follows every signed note; typing in the form is left alone.
            try:
                self._load_table(show_form=not self._dirty)
            except NotFoundError:
                self.refresh()
