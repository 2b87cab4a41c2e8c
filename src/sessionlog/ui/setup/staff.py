"""Staff profiles: name, credential, modifier and attestation, and who "I am" here.

The profile is what a signature shows on every note, so it is edited like the
other records: checked in core, saved through the store (audited), announced on
the bus.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.caseload import CREDENTIAL_MODIFIERS
from sessionlog.core.changes import Changes, Entity
from sessionlog.core.errors import NotFoundError, StoreError
from sessionlog.core.models import Staff, new_id
from sessionlog.core.wording import t
from sessionlog.services import caseload
from sessionlog.services.preferences import CURRENT_STAFF_KEY, choose_current_staff
from sessionlog.services.records import StaffSetupRecords
from sessionlog.ui import theme
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP
from sessionlog.ui.setup.common import (
    ID_ROLE,
    FieldErrors,
    ProblemList,
    fill_combo,
    hint,
    show_error,
)
from sessionlog.ui.setup.record_list import RecordListMixin
from sessionlog.ui.theme import Tone

FIELD_LABELS = {
    "name": QT_TRANSLATE_NOOP("FieldLabels", "Name"),
    "credential": QT_TRANSLATE_NOOP("FieldLabels", "Credential"),
    "modifier": QT_TRANSLATE_NOOP("FieldLabels", "Credential modifier"),
    "attestation": QT_TRANSLATE_NOOP("FieldLabels", "Attestation"),
    "npi": QT_TRANSLATE_NOOP("FieldLabels", "NPI"),
    "supervisor": QT_TRANSLATE_NOOP("FieldLabels", "Supervisor"),
}


class StaffEditor(RecordListMixin, QWidget):
    """``choose_current`` records who uses this laptop; the main window passes its own
    (which also updates the status bar and the audit actor), tests the default."""

    discard_question = QT_TRANSLATE_NOOP("RecordListMixin", "Discard the changes to this profile?")

    def __init__(
        self,
        store: StaffSetupRecords,
        bus: ChangeBus,
        today: Callable[[], date] = date.today,
        choose_current: Callable[[str], Changes] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.today = today
        self._choose_current = choose_current or self._store_current
        self._current_id: str | None = None
        self._dirty = False

        self.me_combo = QComboBox()
        self.me_button = QPushButton(self.tr("&Use this profile on this laptop"))
        self.me_label = QLabel()

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Staff"))
        self.record_view = self.list
        self.list.setMaximumWidth(280)
        self.new_button = QPushButton(self.tr("Ne&w staff member"))
        self.name_edit = QLineEdit()
        self.credential_edit = QLineEdit()
        self.credential_edit.setPlaceholderText(
            self.tr("e.g. Job Coach (CESP), Skills Trainer, BA")
        )
        self.modifier_combo = QComboBox()
        self.modifier_combo.addItem(self.tr("None (the payer sets no credential modifier)"), None)
        for code, meaning in CREDENTIAL_MODIFIERS.items():
            self.modifier_combo.addItem(f"{code} — {t(meaning)}", code)
        self.npi_edit = QLineEdit()
        self.npi_edit.setPlaceholderText(self.tr("10 digits (rendering provider on claims)"))
        self.supervisor_combo = QComboBox()
        self.attestation_edit = QPlainTextEdit()
        self.attestation_edit.setTabChangesFocus(True)
        self.attestation_edit.setMinimumHeight(80)
        self.attestation_edit.setMaximumHeight(130)
        self.problems = ProblemList(FIELD_LABELS)
        self.field_errors = FieldErrors(self.problems)
        self.save_button = QPushButton(self.tr("&Save profile"))
        self.save_button.setDefault(True)
        self.revert_button = QPushButton(self.tr("Re&vert"))
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet(theme.css(Tone.SUCCESS))

        self._build_layout()
        self._connect()
        self.refresh()

    def _build_layout(self) -> None:
        me = QGroupBox(self.tr("Who is using this laptop"))
        ml = QVBoxLayout(me)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("I am")))
        row.addWidget(self.me_combo, 1)
        row.addWidget(self.me_button)
        row.addStretch(1)
        ml.addLayout(row)
        ml.addWidget(self.me_label)
        ml.addWidget(
            hint(
                self.tr(
                    "Sessions you time and notes you sign here are recorded under this profile, "
                    "and the audit log names it."
                )
            )
        )

        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Staff")))
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)

        form = QFormLayout()
        errors = self.field_errors
        form.addRow(self.tr("&Name"), self.name_edit)
        errors.add("name", self.name_edit, form=form)
        form.addRow(self.tr("&Credential"), self.credential_edit)
        errors.add("credential", self.credential_edit, form=form)
        form.addRow("", hint(self.tr("Printed with the signature on every note.")))
        form.addRow(self.tr("&Modifier"), self.modifier_combo)
        errors.add("modifier", self.modifier_combo, form=form)
        form.addRow(
            "",
            hint(self.tr("Added to claim lines when the payer asks for credential modifiers.")),
        )
        form.addRow(self.tr("N&PI"), self.npi_edit)
        errors.add("npi", self.npi_edit, form=form)
        form.addRow(self.tr("Supervis&or"), self.supervisor_combo)
        errors.add("supervisor", self.supervisor_combo, form=form)
        form.addRow(
            "",
            hint(
                self.tr("Named as supervising provider on this person's claims; may co-sign notes.")
            ),
        )
        form.addRow(self.tr("&Attestation"), self.attestation_edit)
        errors.add("attestation", self.attestation_edit, form=form)
        form.addRow("", hint(self.tr("The statement a signature attests to; shown when signing.")))
        actions = QHBoxLayout()
        actions.addWidget(self.saved_label, 1)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)
        details = QGroupBox(self.tr("Profile"))
        dl = QVBoxLayout(details)
        dl.addLayout(form)
        dl.addWidget(self.problems)
        dl.addStretch(1)
        dl.addLayout(actions)

        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(details, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(me)
        layout.addLayout(body, 1)

    def _connect(self) -> None:
        self.list.currentItemChanged.connect(self._on_item_changed)
        self.new_button.clicked.connect(self.new_staff)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self._revert)
        self.me_button.clicked.connect(self.use_selected_profile)
        self.name_edit.textEdited.connect(self._changed)
        self.credential_edit.textEdited.connect(self._changed)
        self.modifier_combo.activated.connect(self._changed)
        self.npi_edit.textEdited.connect(self._changed)
        self.supervisor_combo.activated.connect(self._changed)
        self.attestation_edit.textChanged.connect(self._changed)
        self.bus.subscribe(self, {Entity.STAFF, Entity.SETTINGS}, self._on_bus)

    # ---- who am I ------------------------------------------------------------

    def current_staff_id(self) -> str | None:
        return self.store.get_state(CURRENT_STAFF_KEY)

    def _store_current(self, staff_id: str) -> Changes:
        return choose_current_staff(self.store, staff_id)

    def use_selected_profile(self) -> None:
        staff_id = self.me_combo.currentData()
        if not staff_id or staff_id == self.current_staff_id():
            return
        self.bus.publish(self._choose_current(staff_id))
        self._show_me()

    def _show_me(self) -> None:
        current = self.current_staff_id()
        name = None
        if current:
            try:
                name = self.store.staff(current).name
            except NotFoundError:
                name = None
        if name:
            text = self.tr("This laptop is used by {name}.").format(name=name)
        elif self.me_combo.count() > 1:
            text = self.tr("Nobody is chosen yet: pick your name.")
        else:
            text = self.tr("No staff profiles yet: add yours below; it becomes this laptop's user.")
        self.me_label.setText(text)

    # ---- loading -------------------------------------------------------------

    def refresh(self) -> None:
        staff = self.store.staff_members()
        current = self.current_staff_id()
        choices = [(m.name, m.id) for m in staff]
        if current not in {m.id for m in staff}:
            # No silent default: the coach must pick a name on purpose.
            choices.insert(0, (self.tr("(choose your name)"), ""))
        fill_combo(self.me_combo, choices, current)
        self.me_button.setEnabled(bool(staff))
        self._show_me()
        with QSignalBlocker(self.list):
            self.list.clear()
            for member in staff:
                item = QListWidgetItem(member.name)
                item.setData(ID_ROLE, member.id)
                self.list.addItem(item)
        if self._current_id and self._select(self._current_id):
            return
        mine = self.current_staff_id()
        first = mine if mine in {m.id for m in staff} else (staff[0].id if staff else None)
        if first:
            self.load_staff(first)
        else:
            self.new_staff()

    def _fetch_record(self, record_id: str) -> Staff:
        return self.store.staff(record_id)

    def _blank_record(self) -> Staff:
        return Staff("", "")

    def load_staff(self, staff_id: str) -> None:
        self._load_record(staff_id)

    def new_staff(self) -> None:
        self._new_record()

    def _show(self, staff: Staff) -> None:
        others = [(m.name, m.id) for m in self.store.staff_members() if m.id != staff.id]
        fill_combo(
            self.supervisor_combo, [(self.tr("None"), ""), *others], staff.supervisor_id or ""
        )
        self.npi_edit.setText(staff.npi)
        self.name_edit.setText(staff.name)
        self.credential_edit.setText(staff.credential)
        index = self.modifier_combo.findData(staff.modifier)
        self.modifier_combo.setCurrentIndex(max(index, 0))
        with QSignalBlocker(self.attestation_edit):
            self.attestation_edit.setPlainText(staff.attestation)
        self._dirty = False
        self.revert_button.setEnabled(False)
        self.field_errors.clear()
        self.saved_label.clear()

    def _changed(self, *_args: object) -> None:
        self._dirty = True
        self.revert_button.setEnabled(True)
        self.saved_label.clear()

    # ---- saving ----------------------------------------------------------------

    def form_staff(self) -> Staff:
        staff = Staff(
            self._current_id or "",
            self.name_edit.text().strip(),
            self.credential_edit.text().strip(),
            self.modifier_combo.currentData(),
            self.npi_edit.text().strip(),
            self.supervisor_combo.currentData() or None,
        )
        staff.attestation = self.attestation_edit.toPlainText().strip()
        return staff

    def save(self) -> bool:
        staff = self.form_staff()
        staff.id = staff.id or new_id()
        try:
            result = caseload.save_staff(self.store, staff)
        except StoreError as exc:
            show_error(self, self.tr("Profile not saved"), str(exc))
            return False
        if not result.ok:
            self.field_errors.show(result.problems)
            return False
        self._current_id = staff.id
        self._dirty = False
        first_profile = not self.current_staff_id()
        self.bus.publish(result.changes)
        if first_profile:
            # The first profile on a laptop is, in practice, its user.
            self.bus.publish(self._choose_current(staff.id))
        self.refresh()
        self.load_staff(staff.id)
        self.saved_label.setText(self.tr("Saved."))
        return True

    def _on_bus(self, changes: Changes) -> None:
        if changes.touches(Entity.STAFF, Entity.SETTINGS) and not self._dirty:
            self.refresh()
