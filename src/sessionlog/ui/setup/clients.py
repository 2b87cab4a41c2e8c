"""Clients: add, edit, archive (and delete one that has no records at all)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.caseload import FieldProblem
from sessionlog.core.changes import Changes, Entity
from sessionlog.core.errors import StoreError
from sessionlog.core.limits import blank_field
from sessionlog.core.models import Address, Client, new_id
from sessionlog.core.queries import SessionFilter
from sessionlog.core.roster import (
    format_diagnoses,
    parse_birth_date,
    parse_diagnoses,
)
from sessionlog.services import caseload
from sessionlog.services.records import ClientSetupRecords
from sessionlog.ui import theme
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP
from sessionlog.ui.setup.common import (
    ID_ROLE,
    FieldErrors,
    ProblemList,
    TimezoneCombo,
    computer_time_zone,
    confirm,
    fill_combo,
    hint,
    show_error,
)
from sessionlog.ui.setup.record_list import RecordListMixin
from sessionlog.ui.theme import Tone
from sessionlog.ui.widgets import columns_measured_once

if TYPE_CHECKING:
    from sessionlog.ui.dialogs.packet_dialog import PacketDialog

FIELD_LABELS = {
    "name": QT_TRANSLATE_NOOP("FieldLabels", "Name"),
    "birth_date": QT_TRANSLATE_NOOP("FieldLabels", "Birth date"),
    "medicaid_id": QT_TRANSLATE_NOOP("FieldLabels", "Medicaid ID"),
    "payer": QT_TRANSLATE_NOOP("FieldLabels", "Payer"),
    "diagnoses": QT_TRANSLATE_NOOP("FieldLabels", "Diagnoses"),
    "timezone": QT_TRANSLATE_NOOP("FieldLabels", "Time zone"),
    "address.line1": QT_TRANSLATE_NOOP("FieldLabels", "Street"),
    "address.city": QT_TRANSLATE_NOOP("FieldLabels", "City"),
    "address.state": QT_TRANSLATE_NOOP("FieldLabels", "State"),
    "address.zip": QT_TRANSLATE_NOOP("FieldLabels", "ZIP"),
}
ADDRESS_PARTS = ("line1", "city", "state", "zip")
COL_NAME, COL_MEDICAID, COL_PAYER, COL_STATUS = range(4)


class ClientsEditor(RecordListMixin, QWidget):
    discard_question = QT_TRANSLATE_NOOP("RecordListMixin", "Discard the changes to this client?")
    id_column = COL_NAME

    def __init__(
        self,
        store: ClientSetupRecords,
        bus: ChangeBus,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.today = today
        self._current_id: str | None = None  # None: a new client not saved yet
        self._dirty = False
        self._archived = False
        self._deletable = False

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find a client by name or Medicaid ID"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Find a client"))
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(self.tr("Clients"))
        self.record_view = self.table
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Medicaid ID"), self.tr("Payer"), self.tr("Status")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list: it holds rows, not cells
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col in (COL_MEDICAID, COL_PAYER, COL_STATUS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.show_archived = QCheckBox(self.tr("Show archived clients"))
        self.new_button = QPushButton(self.tr("Ne&w client"))
        self.archive_button = QPushButton(self.tr("&Archive"))
        self.delete_button = QPushButton(self.tr("&Delete"))
        # ---- documentation packet (issue #6) ----
        self.packet_button = QPushButton(self.tr("E&xport packet…"))
        self.packet_button.setToolTip(self.tr("A PDF documentation packet for this client"))
        # ---- end documentation packet ----

        self.name_edit = QLineEdit()
        self.birth_edit = QLineEdit()
        self.birth_edit.setPlaceholderText(self.tr("YYYY-MM-DD or MM/DD/YYYY"))
        self.medicaid_edit = QLineEdit()
        self.payer_combo = QComboBox()
        self.payer_combo.setPlaceholderText(
            self.tr("No payers yet: add one on the Payers tab first")
        )
        # The address is optional; an 837P claim needs it (subscriber and patient).
        self.address_edits = {part: QLineEdit() for part in ADDRESS_PARTS}
        self.address_edits["line1"].setPlaceholderText(self.tr("street (needed for claims)"))
        self.address_edits["city"].setPlaceholderText(self.tr("city"))
        self.address_edits["state"].setPlaceholderText("IL")
        self.address_edits["state"].setMaxLength(2)
        self.address_edits["state"].setMaximumWidth(50)
        self.address_edits["zip"].setPlaceholderText(self.tr("ZIP"))
        self.address_edits["zip"].setMaximumWidth(110)
        self.diagnoses_edit = QLineEdit()
        self.diagnoses_edit.setPlaceholderText(self.tr("ICD-10-CM codes, e.g. F20.9; F41.1"))
        self.zone_combo = TimezoneCombo()
        self.status_label = QLabel()
        self.problems = ProblemList(FIELD_LABELS)
        self.field_errors = FieldErrors(self.problems)
        self.save_button = QPushButton(self.tr("&Save client"))
        self.save_button.setDefault(True)
        self.revert_button = QPushButton(self.tr("Re&vert"))
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet(theme.css(Tone.SUCCESS))

        self._build_layout()
        self._connect()
        self.refresh()

    # ---- layout ----------------------------------------------------------

    def _build_layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.table, 1)
        left.addWidget(self.show_archived)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.packet_button)
        left.addLayout(buttons)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        errors = self.field_errors
        form.addRow(self.tr("&Name"), self.name_edit)
        errors.add("name", self.name_edit, also={"id"}, form=form)
        form.addRow(self.tr("&Birth date"), self.birth_edit)
        errors.add("birth_date", self.birth_edit, form=form)
        form.addRow(self.tr("&Medicaid ID"), self.medicaid_edit)
        errors.add("medicaid_id", self.medicaid_edit, form=form)
        form.addRow(self.tr("&Payer"), self.payer_combo)
        errors.add("payer", self.payer_combo, form=form)
        form.addRow(self.tr("Dia&gnoses"), self.diagnoses_edit)
        errors.add("diagnoses", self.diagnoses_edit, form=form)
        form.addRow(
            "", hint(self.tr("Separate codes with semicolons; each is checked for ICD-10 form."))
        )
        address_row = QHBoxLayout()
        for part in ADDRESS_PARTS:
            address_row.addWidget(self.address_edits[part], 3 if part == "line1" else 1)
        address_label = QLabel(self.tr("Addr&ess"))
        # A row of fields has no buddy of its own: the mnemonic jumps to the street.
        address_label.setBuddy(self.address_edits["line1"])
        form.addRow(address_label, address_row)
        errors.add("address", self.address_edits["line1"], prefixes=("address.",), form=form)
        form.addRow(self.tr("&Time zone"), self.zone_combo)
        errors.add("timezone", self.zone_combo, form=form)
        form.addRow(
            "",
            hint(
                self.tr("Dates of service and note times are recorded in the client's time zone.")
            ),
        )
        form.addRow(self.tr("Status"), self.status_label)
        actions = QHBoxLayout()
        actions.addWidget(self.saved_label, 1)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)
        details = QGroupBox(self.tr("Client details"))
        right = QVBoxLayout(details)
        right.addLayout(form)
        right.addWidget(self.problems)
        right.addStretch(1)
        right.addWidget(
            hint(
                self.tr(
                    "A client with sessions, a plan or an authorization is archived, never "
                    "deleted: their notes stay for audits. Archived clients leave the daily "
                    "lists and can be restored at any time."
                )
            )
        )
        right.addLayout(actions)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(details, 4)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._apply_filter)
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        self.table.currentCellChanged.connect(self._on_row_changed)
        self.new_button.clicked.connect(self.new_client)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.delete_button.clicked.connect(self.delete_current)
        self.packet_button.clicked.connect(lambda _checked=False: self.export_packet())
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self._revert)
        for edit in (
            self.name_edit,
            self.birth_edit,
            self.medicaid_edit,
            self.diagnoses_edit,
            *self.address_edits.values(),
        ):
            edit.textEdited.connect(self._mark_dirty)
        self.payer_combo.activated.connect(self._mark_dirty)
        self.zone_combo.editTextChanged.connect(self._mark_dirty)
        self.bus.subscribe(
            self,
            {Entity.CLIENT, Entity.PAYER, Entity.SESSION, Entity.PLAN, Entity.AUTHORIZATION},
            self._on_bus,
        )

    # ---- loading ---------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list and the payer choices from the store."""
        payers = self.store.payers()
        fill_combo(
            self.payer_combo, [(p.name, p.id) for p in payers], self.payer_combo.currentData()
        )
        payer_names = {p.id: p.name for p in payers}
        clients = self.store.clients(include_archived=self.show_archived.isChecked())
        with QSignalBlocker(self.table), columns_measured_once(self.table):
            self.table.setRowCount(len(clients))
            for row, client in enumerate(clients):
                cells = [
                    client.name,
                    client.medicaid_id,
                    payer_names.get(client.payer_id, client.payer_id),
                    self.tr("Archived") if client.archived else self.tr("Active"),
                ]
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(ID_ROLE, client.id)
                    if client.archived:
                        item.setForeground(theme.text(Tone.MUTED, on=QPalette.ColorRole.Base))
                    self.table.setItem(row, col, item)
        self._apply_filter(self.search.text())
        if self._current_id is not None and not self._select(self._current_id):
            self._current_id = None
        if self._current_id is None and not self._dirty:
            if self.table.rowCount():
                self._select_first_visible()
            else:
                self.new_client()
        self._update_buttons()

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        if item is None:  # every row is filled in whole by refresh()
            raise LookupError(
                self.tr("client table row {row} has no column {column}").format(
                    row=row, column=column
                )
            )
        return item

    def _select_first_visible(self) -> None:
        for row in range(self.table.rowCount()):
            if not self.table.isRowHidden(row):
                self.table.setCurrentCell(row, COL_NAME)
                return

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.table.rowCount()):
            name = self._cell(row, COL_NAME).text().casefold()
            medicaid = self._cell(row, COL_MEDICAID).text().casefold()
            self.table.setRowHidden(row, bool(needle) and needle not in f"{name} {medicaid}")

    def load_client(self, client_id: str) -> None:
        self._load_record(client_id)

    def _fetch_record(self, record_id: str) -> Client:
        return self.store.client(record_id)

    def _show(self, client: Client) -> None:
        self.name_edit.setText(client.name)
        self.birth_edit.setText(client.birth_date.isoformat() if self._current_id else "")
        self.medicaid_edit.setText(client.medicaid_id)
        if self.payer_combo.findData(client.payer_id, ID_ROLE) >= 0:
            self.payer_combo.setCurrentIndex(self.payer_combo.findData(client.payer_id, ID_ROLE))
        self.diagnoses_edit.setText(format_diagnoses(client.diagnoses))
        address = client.address
        for part, edit in self.address_edits.items():
            edit.setText(getattr(address, part) if address is not None else "")
        with QSignalBlocker(self.zone_combo):
            self.zone_combo.set_zone(client.timezone)
        self._archived = client.archived
        # Looked up once per load, not per keystroke: it costs three queries.
        self._deletable = self._current_id is not None and not self.has_records(client.id)
        if self._current_id is None:
            self.status_label.setText(self.tr("New — not saved yet"))
        else:
            self.status_label.setText(self.tr("Archived") if client.archived else self.tr("Active"))
        self.field_errors.clear()
        self.saved_label.clear()
        self._dirty = False
        self._update_buttons()

    def new_client(self) -> None:
        self._new_record()

    def _blank_record(self) -> Client:
        # Clients of one agency mostly share a zone; the first one gets the computer's.
        known = self.store.clients(include_archived=True)
        zone = known[-1].timezone if known else computer_time_zone()
        payer = self.payer_combo.currentData() or ""
        return Client("", "", self.today(), "", payer, [], zone)

    # ---- saving ----------------------------------------------------------

    def _mark_dirty(self, *_args: object) -> None:
        self._dirty = True
        self.saved_label.clear()
        self._update_buttons()

    def _form_address(self) -> Address | None:
        parts = {part: edit.text().strip() for part, edit in self.address_edits.items()}
        if not any(parts.values()):
            return None
        parts["state"] = parts["state"].upper()
        return Address(**parts)

    def form_client(self) -> tuple[Client, list[FieldProblem]]:
        """The client the form describes, and what in the typing stops it being read
        (a birth date that is no date); the record's rules are the service's."""
        problems: list[FieldProblem] = []
        birth_text = self.birth_edit.text().strip()
        birth: date | None = None
        if not birth_text:
            problems.append(FieldProblem("birth_date", blank_field("client", "birth_date")))
        else:
            try:
                birth = parse_birth_date(birth_text)
            except ValueError as exc:
                problems.append(FieldProblem("birth_date", str(exc)))
        archived = False
        if self._current_id is not None:
            archived = self.store.client(self._current_id).archived
        client = Client(
            id=self._current_id or new_id(),
            name=self.name_edit.text().strip(),
            birth_date=birth or self.today(),
            medicaid_id=self.medicaid_edit.text().strip(),
            payer_id=self.payer_combo.currentData() or "",
            diagnoses=parse_diagnoses(self.diagnoses_edit.text()),
            timezone=self.zone_combo.zone(),
            archived=archived,
            address=self._form_address(),
        )
        return client, problems

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        self.field_errors.show(problems)

    def save(self) -> bool:
        client, typed = self.form_client()
        if typed:
            # Show every problem at once; the rules cannot judge a date that is not one.
            found = caseload.check_records(self.store, [client], today=self.today())
            self._show_problems(typed + [p for p in found if p.field != "birth_date"])
            return False
        try:
            result = caseload.save_client(self.store, client, today=self.today())
        except StoreError as exc:
            show_error(self, self.tr("Client not saved"), str(exc))
            return False
        if not result.ok:
            self._show_problems(list(result.problems))
            return False
        self._current_id = client.id
        self._dirty = False
        self.field_errors.clear()
        self.bus.publish(result.changes)
        self.refresh()
        self.load_client(client.id)
        self.saved_label.setText(self.tr("Saved."))
        return True

    # ---- archive and delete ------------------------------------------------

    def has_records(self, client_id: str) -> bool:
        return bool(
            self.store.any_sessions(SessionFilter(client_id=client_id))
            or self.store.plans(client_id)
            or self.store.authorizations(client_id)
        )

    def _update_buttons(self) -> None:
        saved = self._current_id is not None
        self.archive_button.setEnabled(saved)
        self.archive_button.setText(
            self.tr("&Restore") if saved and self._archived else self.tr("&Archive")
        )
        deletable = saved and self._deletable
        self.delete_button.setEnabled(deletable)
        self.delete_button.setToolTip(
            self.tr("Remove this client for good (only possible while they have no records)")
            if deletable
            else self.tr("A client with sessions, a plan or an authorization can only be archived")
        )
        self.revert_button.setEnabled(self._dirty)
        # The packet prints what is saved, so a new client has none yet.
        self.packet_button.setEnabled(saved)

    def toggle_archived(self) -> None:
        if self._current_id is None:
            return
        client = self.store.client(self._current_id)
        if self._dirty and not self._discard_ok():
            return
        try:
            changes = caseload.set_client_archived(self.store, client.id, not client.archived)
        except StoreError as exc:
            show_error(self, self.tr("Not changed"), str(exc))
            return
        self._dirty = False
        self.bus.publish(changes)
        if not client.archived and not self.show_archived.isChecked():
            # The client leaves the list; keep them in view so the change can be undone.
            with QSignalBlocker(self.show_archived):
                self.show_archived.setChecked(True)
        self.refresh()
        self.load_client(client.id)
        self.saved_label.setText(self.tr("Restored.") if client.archived else self.tr("Archived."))

    def delete_current(self) -> None:
        if self._current_id is None:
            return
        client = self.store.client(self._current_id)
        if not confirm(
            self,
            self.tr("Delete client"),
            self.tr(
                "Delete {name} for good? They have no sessions, plans or authorizations."
            ).format(name=client.name),
        ):
            return
        try:
            changes = caseload.delete_client(self.store, client.id)
        except StoreError as exc:
            show_error(self, self.tr("Not deleted"), str(exc))
            return
        self._current_id = None
        self._dirty = False
        self.bus.publish(changes)
        self.refresh()

    # ---- documentation packet (issue #6) ----

    def export_packet(self) -> PacketDialog | None:
        """The packet dialog for the selected client; the worker opens the store's file."""
        from sessionlog.ui.dialogs.packet_dialog import default_period, open_packet_dialog

        db_path = self.store.path
        if self._current_id is None or db_path is None:  # an in-memory store has no file
            return None
        start, end = default_period(self.today())
        return open_packet_dialog(
            self.store, db_path, self, client_id=self._current_id, start=start, end=end
        )

    # ---- end documentation packet ----

    def _on_bus(self, changes: Changes) -> None:
        if changes.touches(Entity.CLIENT, Entity.PAYER) and not self._dirty:
            self.refresh()
            if self._current_id is not None:
                self.load_client(self._current_id)
        elif (
            changes.touches(Entity.SESSION, Entity.PLAN, Entity.AUTHORIZATION)
            and self._current_id is not None
        ):
            # Notes autosave often: only the Delete button depends on them.
            self._deletable = not self.has_records(self._current_id)
            self._update_buttons()
