"""Setup ▸ Agency: who bills (the billing provider on every claim).

A view only: the fields are checked by ``core.caseload.agency_problems`` and saved by
``services.agency``; the problems are shown next to the form by field.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.models import Address, Agency
from sessionlog.services.agency import save_agency
from sessionlog.services.records import AgencyRecords
from sessionlog.ui import theme
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP, translate
from sessionlog.ui.setup.common import FieldErrors, ProblemList, hint
from sessionlog.ui.theme import Tone

FIELD_LABELS = {
    "name": QT_TRANSLATE_NOOP("FieldLabels", "Name"),
    "npi": QT_TRANSLATE_NOOP("FieldLabels", "NPI"),
    "tax_id": QT_TRANSLATE_NOOP("FieldLabels", "Tax id (EIN)"),
    "taxonomy": QT_TRANSLATE_NOOP("FieldLabels", "Taxonomy code"),
    "line1": QT_TRANSLATE_NOOP("FieldLabels", "Street"),
    "city": QT_TRANSLATE_NOOP("FieldLabels", "City"),
    "state": QT_TRANSLATE_NOOP("FieldLabels", "State"),
    "zip": QT_TRANSLATE_NOOP("FieldLabels", "ZIP"),
    "phone": QT_TRANSLATE_NOOP("FieldLabels", "Telephone"),
}


class AgencyEditor(QWidget):
    def __init__(self, store: AgencyRecords, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.edits: dict[str, QLineEdit] = {key: QLineEdit() for key in FIELD_LABELS}
        self.edits["npi"].setPlaceholderText(self.tr("10 digits"))
        self.edits["tax_id"].setPlaceholderText("12-3456789")
        self.edits["taxonomy"].setPlaceholderText(self.tr("e.g. 251S00000X"))
        self.edits["state"].setPlaceholderText("IL")
        self.edits["state"].setMaxLength(2)
        self.edits["zip"].setPlaceholderText(self.tr("62701-1402 (claims need ZIP+4)"))
        self.problems = ProblemList(FIELD_LABELS)
        self.field_errors = FieldErrors(self.problems)
        self.save_button = QPushButton(self.tr("&Save agency"))
        self.save_button.setDefault(True)
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet(theme.css(Tone.SUCCESS))

        form = QFormLayout()
        for key, label in FIELD_LABELS.items():
            form.addRow(translate("FieldLabels", label), self.edits[key])
            self.field_errors.add(key, self.edits[key], form=form)
        box = QGroupBox(self.tr("Billing provider"))
        bl = QVBoxLayout(box)
        bl.addWidget(
            hint(
                self.tr(
                    "The agency that bills: printed on the packet's cover and sent as the "
                    "billing provider of every claim (837P loop 2010AA)."
                )
            )
        )
        bl.addLayout(form)
        bl.addWidget(self.problems)
        actions = QHBoxLayout()
        actions.addWidget(self.saved_label, 1)
        actions.addWidget(self.save_button)
        bl.addLayout(actions)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        for edit in self.edits.values():
            edit.textEdited.connect(lambda _text: self.saved_label.clear())
        self.refresh()

    def refresh(self) -> None:
        agency = self.store.agency()
        values = {key: "" for key in FIELD_LABELS}
        if agency is not None:
            values |= {
                "name": agency.name,
                "npi": agency.npi,
                "tax_id": agency.tax_id,
                "taxonomy": agency.taxonomy,
                "line1": agency.address.line1,
                "city": agency.address.city,
                "state": agency.address.state,
                "zip": agency.address.zip,
                "phone": agency.phone,
            }
        for key, value in values.items():
            self.edits[key].setText(value)

    def form_agency(self) -> Agency:
        v = {key: edit.text().strip() for key, edit in self.edits.items()}
        address = Address(v["line1"], v["city"], v["state"].upper(), v["zip"])
        return Agency(v["name"], v["npi"], v["tax_id"], v["taxonomy"].upper(), address, v["phone"])

    def save(self) -> bool:
        result = save_agency(self.store, self.form_agency())
        if result.problems:
            self.field_errors.show(result.problems)
            self.saved_label.clear()
            return False
        self.field_errors.clear()
        self.saved_label.setText(self.tr("Saved."))
        self.bus.publish(result.changes)
        return True
