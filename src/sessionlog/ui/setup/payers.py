"""Payers: the unit rules of each payer, in plain words, with a live example.

The example is computed by the unit engine (core.units), the same code that bills,
so what the screen promises is what the claim gets.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.caseload import (
    MAX_DAILY_UNITS,
    MAX_PER_DIEM_MINUTES,
)
from sessionlog.core.catalog import service_codes
from sessionlog.core.changes import Changes, Entity
from sessionlog.core.errors import StoreError
from sessionlog.core.limits import MAX_DEADLINE_BUSINESS_DAYS
from sessionlog.core.models import Payer, UnitKind, new_id
from sessionlog.core.units import AGGREGATION_DESCRIPTIONS, ROUNDING_RULES, units_for_minutes
from sessionlog.core.wording import t
from sessionlog.services import caseload
from sessionlog.services.records import CaseloadWriter
from sessionlog.ui import theme
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP
from sessionlog.ui.setup.common import ID_ROLE, FieldErrors, ProblemList, hint, show_error
from sessionlog.ui.setup.record_list import RecordListMixin
from sessionlog.ui.theme import Tone
from sessionlog.ui.widgets import scaled_font


# The choices come from the engine's registries: a new rule appears here by itself.
# Each rule by its one name (core.units), capitalised to start a line, then what it does,
# in the app's language (the core's catalog words them when the editor is built).
def rounding_labels() -> dict[str, str]:
    labels = {}
    for name, rule in ROUNDING_RULES.items():
        label = t(rule.label)
        label = label[:1].upper() + label[1:]
        labels[name] = f"{label}: {t(rule.description)}" if rule.description else label
    return labels


def aggregate_labels() -> dict[str, str]:
    return {name: t(words) for name, words in AGGREGATION_DESCRIPTIONS.items()}


TELEHEALTH_CHOICES: list[tuple[str, str | None]] = [
    (QT_TRANSLATE_NOOP("PayersEditor", "95 (audio-video; most payers)"), "95"),
    (QT_TRANSLATE_NOOP("PayersEditor", "GT (some payers still require it)"), "GT"),
    (QT_TRANSLATE_NOOP("PayersEditor", "93 (audio-only)"), "93"),
    (QT_TRANSLATE_NOOP("PayersEditor", "None"), None),
]
# Minutes shown in the "at a glance" line: where the 8-minute rule changes its mind.
GLANCE_MINUTES = (7, 8, 14, 15, 22, 23, 37, 38)
EXAMPLE_MINUTES = 38
FIELD_LABELS = {"name": QT_TRANSLATE_NOOP("FieldLabels", "Name")}


def _units_text(n: int) -> str:
    return (
        QCoreApplication.translate("payers", "{n} unit").format(n=n)
        if n == 1
        else QCoreApplication.translate("payers", "{n} units").format(n=n)
    )


class PayersEditor(RecordListMixin, QWidget):
    discard_question = QT_TRANSLATE_NOOP("RecordListMixin", "Discard the changes to this payer?")

    def __init__(
        self,
        store: CaseloadWriter,
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
        codes = service_codes()
        self._per_diem_codes = [c for c, sc in codes.items() if sc.unit == UnitKind.PER_DIEM]

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Payers"))
        self.record_view = self.list
        self.new_button = QPushButton(self.tr("New pa&yer"))
        self.name_edit = QLineEdit()

        self.rounding_group = QButtonGroup(self)
        self.rounding_buttons: dict[str, QRadioButton] = {}
        for value, label in rounding_labels().items():
            button = QRadioButton(label)
            self.rounding_buttons[value] = button
            self.rounding_group.addButton(button)
        self.aggregate_group = QButtonGroup(self)
        self.aggregate_buttons: dict[str, QRadioButton] = {}
        for value, label in aggregate_labels().items():
            button = QRadioButton(label)
            self.aggregate_buttons[value] = button
            self.aggregate_group.addButton(button)

        self.per_diem_spins: dict[str, QSpinBox] = {}
        for code in self._per_diem_codes:
            spin = QSpinBox()
            spin.setRange(0, MAX_PER_DIEM_MINUTES)
            spin.setSingleStep(15)
            spin.setSuffix(self.tr(" min"))
            default = codes[code].default_per_diem_min_minutes
            spin.setSpecialValueText(
                self.tr("usual ({default} min)").format(default=default)
                if default
                else self.tr("not set")
            )
            # Never narrower than its longest text (a translation may be longer).
            spin.setMaximumWidth(max(160, spin.sizeHint().width()))
            self.per_diem_spins[code] = spin
        self.daily_max_spins: dict[str, QSpinBox] = {}
        for code in codes:
            spin = QSpinBox()
            spin.setRange(0, MAX_DAILY_UNITS)
            spin.setSpecialValueText(self.tr("no limit"))
            spin.setSuffix(self.tr(" units"))
            spin.setMaximumWidth(max(110, spin.sizeHint().width()))
            self.daily_max_spins[code] = spin

        self.payer_id_edit = QLineEdit()
        self.payer_id_edit.setPlaceholderText(self.tr("the payer's id at the clearinghouse"))
        self.audio_only_edit = QLineEdit()
        self.audio_only_edit.setMaxLength(2)
        self.audio_only_edit.setMaximumWidth(60)
        self.rate_spins: dict[str, QDoubleSpinBox] = {}
        self.group_spins: dict[str, QSpinBox] = {}
        for code in codes:
            rate = QDoubleSpinBox()
            rate.setRange(0, 99_999.99)
            rate.setDecimals(2)
            rate.setPrefix("$ ")
            rate.setSpecialValueText(self.tr("no rate"))
            rate.setMaximumWidth(max(130, rate.sizeHint().width()))
            self.rate_spins[code] = rate
            group = QSpinBox()
            group.setRange(0, 99)
            group.setSpecialValueText(self.tr("any size"))
            group.setMaximumWidth(max(110, group.sizeHint().width()))
            self.group_spins[code] = group
        self.credential_check = QCheckBox(
            self.tr("Add the staff credential modifier (HM/HN/HO/HP)")
        )
        self.telehealth_combo = QComboBox()
        for label, modifier in TELEHEALTH_CHOICES:
            self.telehealth_combo.addItem(self.tr(label), modifier)
        self.deadline_spin = QSpinBox()
        self.deadline_spin.setRange(0, MAX_DEADLINE_BUSINESS_DAYS)
        self.deadline_spin.setSuffix(self.tr(" business days"))
        self.deadline_spin.setSpecialValueText(self.tr("the same day"))

        self.example_minutes = QSpinBox()
        self.example_minutes.setRange(0, MAX_PER_DIEM_MINUTES)
        self.example_minutes.setValue(EXAMPLE_MINUTES)
        self.example_minutes.setSuffix(self.tr(" minutes"))
        self.example_code = QComboBox()
        # Long service descriptions must not widen the whole form.
        self.example_code.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.example_code.setMinimumContentsLength(16)
        for code, sc in codes.items():
            self.example_code.addItem(f"{code} {sc.shown_description}", code)
        self.example_label = QLabel()
        example_font = scaled_font(self.example_label.font(), 1.6)
        example_font.setWeight(QFont.Weight.DemiBold)
        self.example_label.setFont(example_font)
        self.glance_label = QLabel()
        self.glance_label.setWordWrap(True)
        self.glance_label.setStyleSheet(theme.css(Tone.MUTED))

        self.problems = ProblemList(FIELD_LABELS)
        self.field_errors = FieldErrors(self.problems)
        self.save_button = QPushButton(self.tr("&Save payer"))
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
        left.addWidget(QLabel(self.tr("Payers")))
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)

        name_form = QFormLayout()
        name_form.addRow(self.tr("&Name"), self.name_edit)
        errors = self.field_errors
        errors.add("name", self.name_edit, form=name_form)

        rounding = QGroupBox(self.tr("Partial 15-minute units"))
        rl = QVBoxLayout(rounding)
        for button in self.rounding_buttons.values():
            rl.addWidget(button)
        first_rounding = next(iter(self.rounding_buttons.values()))
        rl.addWidget(errors.add("rounding", first_rounding))
        aggregate = QGroupBox(self.tr("Several sessions of one code on one day"))
        al = QVBoxLayout(aggregate)
        for button in self.aggregate_buttons.values():
            al.addWidget(button)
        first_aggregate = next(iter(self.aggregate_buttons.values()))
        al.addWidget(errors.add("aggregation", first_aggregate))

        per_diem = QGroupBox(self.tr("Per-diem codes: minutes a day for the unit"))
        pl = QFormLayout(per_diem)
        codes = service_codes()
        for code, spin in self.per_diem_spins.items():
            label = QLabel(code)
            label.setToolTip(codes[code].shown_description)
            pl.addRow(label, spin)
        first_per_diem = next(iter(self.per_diem_spins.values()))
        # The rules name these fields in English (core.caseload), whatever the GUI's language:
        # each place also holds the English name, so a Spanish GUI shows the problem there.
        errors.add(
            "per-diem",
            first_per_diem,
            prefixes=(self.tr("per-diem minimum "), "per-diem minimum "),
            form=pl,
        )

        caps = QGroupBox(self.tr("Daily maximum units per client and code"))
        grid = QGridLayout(caps)
        for i, (code, spin) in enumerate(self.daily_max_spins.items()):
            row, col = divmod(i, 2)
            label = QLabel(code)
            label.setToolTip(codes[code].shown_description)
            grid.addWidget(label, row, col * 2)
            grid.addWidget(spin, row, col * 2 + 1)
        first_cap = next(iter(self.daily_max_spins.values()))
        caps_error = errors.add(
            self.tr("daily maximum"),
            first_cap,
            prefixes=(self.tr("daily maximum "), "daily maximum "),
        )
        grid.addWidget(caps_error, grid.rowCount(), 0, 1, 4)

        claim = QGroupBox(self.tr("Claim lines and deadlines"))
        cl = QFormLayout(claim)
        cl.addRow(self.credential_check)
        cl.addRow(self.tr("&Telehealth modifier"), self.telehealth_combo)
        errors.add(
            self.tr("telehealth modifier"),
            self.telehealth_combo,
            also={"telehealth modifier"},
            form=cl,
        )
        cl.addRow(self.tr("Notes due &within"), self.deadline_spin)
        errors.add(
            self.tr("documentation deadline"),
            self.deadline_spin,
            also={"documentation deadline"},
            form=cl,
        )
        cl.addRow("", hint(self.tr("after the date of service; later notes are marked late")))

        billing = QGroupBox(self.tr("Claims: payer id, rates and group sizes"))
        bgrid = QGridLayout(billing)
        bgrid.addWidget(QLabel(self.tr("Payer id")), 0, 0)
        bgrid.addWidget(self.payer_id_edit, 0, 1, 1, 2)
        bgrid.addWidget(QLabel(self.tr("Audio-only modifier")), 1, 0)
        bgrid.addWidget(self.audio_only_edit, 1, 1)
        bgrid.addWidget(QLabel(self.tr("Code")), 2, 0)
        bgrid.addWidget(QLabel(self.tr("Rate per unit")), 2, 1)
        bgrid.addWidget(QLabel(self.tr("Largest group")), 2, 2)
        for row, code in enumerate(self.rate_spins, start=3):
            label = QLabel(code)
            label.setToolTip(codes[code].shown_description)
            bgrid.addWidget(label, row, 0)
            bgrid.addWidget(self.rate_spins[code], row, 1)
            bgrid.addWidget(self.group_spins[code], row, 2)
        billing_error = errors.add(
            self.tr("audio-only modifier"),
            self.audio_only_edit,
            also={"audio-only modifier"},
            prefixes=(self.tr("rate "), self.tr("maximum group "), "rate ", "maximum group "),
        )
        bgrid.addWidget(billing_error, bgrid.rowCount(), 0, 1, 3)

        example = QGroupBox(self.tr("Example with these settings"))
        el = QVBoxLayout(example)
        inputs = QHBoxLayout()
        inputs.addWidget(self.example_minutes)
        inputs.addWidget(QLabel(self.tr("of")))
        inputs.addWidget(self.example_code, 1)
        el.addLayout(inputs)
        el.addWidget(self.example_label)
        el.addWidget(self.glance_label)
        el.addWidget(
            hint(self.tr("Worked out by the same rules that bill the claim, before caps."))
        )

        col_a = QVBoxLayout()
        col_a.addLayout(name_form)
        col_a.addWidget(rounding)
        col_a.addWidget(aggregate)
        col_a.addWidget(claim)
        col_a.addWidget(billing)
        col_a.addStretch(1)
        col_b = QVBoxLayout()
        col_b.addWidget(example)
        col_b.addWidget(per_diem)
        col_b.addWidget(caps)
        col_b.addStretch(1)
        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        columns.addLayout(col_a, 1)
        columns.addLayout(col_b, 1)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(columns)
        body_layout.addWidget(self.problems)
        scroll = SideBySideScroll(body, columns)

        actions = QHBoxLayout()
        actions.addWidget(self.saved_label, 1)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addWidget(scroll, 1)
        right.addLayout(actions)

        self.list.setMinimumWidth(180)
        self.list.setMaximumWidth(260)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 4)

    def _connect(self) -> None:
        self.list.currentItemChanged.connect(self._on_item_changed)
        self.new_button.clicked.connect(self.new_payer)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self._revert)
        self.name_edit.textEdited.connect(self._changed)
        self.rounding_group.buttonToggled.connect(self._changed)
        self.aggregate_group.buttonToggled.connect(self._changed)
        for spin in [*self.per_diem_spins.values(), *self.daily_max_spins.values()]:
            spin.valueChanged.connect(self._changed)
        self.credential_check.toggled.connect(self._changed)
        self.payer_id_edit.textEdited.connect(self._changed)
        self.audio_only_edit.textEdited.connect(self._changed)
        for rate in self.rate_spins.values():
            rate.valueChanged.connect(self._changed)
        for group in self.group_spins.values():
            group.valueChanged.connect(self._changed)
        self.telehealth_combo.currentIndexChanged.connect(self._changed)
        self.deadline_spin.valueChanged.connect(self._changed)
        self.example_minutes.valueChanged.connect(self.update_example)
        self.example_code.currentIndexChanged.connect(self.update_example)
        self.bus.subscribe(self, {Entity.PAYER}, self._on_bus)

    # ---- loading ---------------------------------------------------------

    def refresh(self) -> None:
        payers = self.store.payers()
        with QSignalBlocker(self.list):
            self.list.clear()
            for payer in payers:
                item = QListWidgetItem(payer.name)
                item.setData(ID_ROLE, payer.id)
                self.list.addItem(item)
        if self._current_id and self._select(self._current_id):
            return
        if payers:
            self.load_payer(payers[0].id)
        else:
            self.new_payer()

    def _fetch_record(self, record_id: str) -> Payer:
        return self.store.payer(record_id)

    def _blank_record(self) -> Payer:
        return Payer("", "")

    def load_payer(self, payer_id: str) -> None:
        self._load_record(payer_id)

    def new_payer(self) -> None:
        self._new_record()

    def _show(self, payer: Payer) -> None:
        blockers = [
            QSignalBlocker(w)
            for w in (
                self.rounding_group,
                self.aggregate_group,
                self.credential_check,
                self.telehealth_combo,
                self.deadline_spin,
                *self.per_diem_spins.values(),
                *self.daily_max_spins.values(),
                *self.rate_spins.values(),
                *self.group_spins.values(),
            )
        ]
        self.payer_id_edit.setText(payer.payer_id)
        self.audio_only_edit.setText(payer.audio_only_modifier)
        for code, rate in self.rate_spins.items():
            rate.setValue(float(payer.rates.get(code, 0)))
        for code, group in self.group_spins.items():
            group.setValue(payer.max_group_size.get(code, 0))
        self.name_edit.setText(payer.name)
        if payer.rounding in self.rounding_buttons:
            self.rounding_buttons[payer.rounding].setChecked(True)
        if payer.aggregate in self.aggregate_buttons:
            self.aggregate_buttons[payer.aggregate].setChecked(True)
        for code, spin in self.per_diem_spins.items():
            spin.setValue(payer.per_diem_min_minutes.get(code, 0))
        for code, spin in self.daily_max_spins.items():
            spin.setValue(payer.daily_max_units.get(code, 0))
        self.credential_check.setChecked(payer.credential_modifiers)
        index = self.telehealth_combo.findData(payer.telehealth_modifier)
        self.telehealth_combo.setCurrentIndex(index if index >= 0 else 0)
        self.deadline_spin.setValue(payer.documentation_deadline_days)
        for blocker in blockers:
            blocker.unblock()
        self._dirty = False
        self.field_errors.clear()
        self.saved_label.clear()
        self.revert_button.setEnabled(False)
        self.update_example()

    # ---- the form and the example --------------------------------------------

    def form_payer(self) -> Payer:
        rounding = next((v for v, b in self.rounding_buttons.items() if b.isChecked()), "midpoint")
        aggregate = next((v for v, b in self.aggregate_buttons.items() if b.isChecked()), "day")
        return Payer(
            id=self._current_id or "",
            name=self.name_edit.text().strip(),
            rounding=str(rounding),
            aggregate=str(aggregate),
            per_diem_min_minutes={
                code: spin.value() for code, spin in self.per_diem_spins.items() if spin.value()
            },
            daily_max_units={
                code: spin.value() for code, spin in self.daily_max_spins.items() if spin.value()
            },
            credential_modifiers=self.credential_check.isChecked(),
            telehealth_modifier=self.telehealth_combo.currentData(),
            documentation_deadline_days=self.deadline_spin.value(),
            payer_id=self.payer_id_edit.text().strip(),
            rates={
                code: Decimal(f"{spin.value():.2f}")
                for code, spin in self.rate_spins.items()
                if spin.value()
            },
            max_group_size={
                code: spin.value() for code, spin in self.group_spins.items() if spin.value()
            },
            audio_only_modifier=self.audio_only_edit.text().strip().upper() or "93",
        )

    def _changed(self, *_args: object) -> None:
        self._dirty = True
        self.saved_label.clear()
        self.revert_button.setEnabled(True)
        self.update_example()

    def update_example(self, *_args: object) -> None:
        payer = self.form_payer()
        code = str(self.example_code.currentData())
        minutes = self.example_minutes.value()
        units = units_for_minutes(minutes, payer, code)
        self.example_label.setText(
            self.tr("{minutes} minutes → {0}").format(_units_text(units), minutes=minutes)
        )
        if service_codes()[code].unit == UnitKind.PER_DIEM:
            needed = next(
                (m for m in range(MAX_PER_DIEM_MINUTES + 1) if units_for_minutes(m, payer, code)),
                None,
            )
            glance = (
                self.tr(
                    "One unit a day from {needed} minutes; less than that pays nothing."
                ).format(needed=needed)
                if needed is not None
                else self.tr("No amount of minutes earns a unit.")
            )
        else:
            glance = self.tr("Minutes → units: ") + " · ".join(
                f"{m} → {units_for_minutes(m, payer, code)}" for m in GLANCE_MINUTES
            )
        cap = payer.daily_max_units.get(code)
        if cap:
            glance += self.tr("\nNo more than {0} of {code} a day are billable.").format(
                _units_text(cap), code=code
            )
        self.glance_label.setText(glance)

    # ---- saving ----------------------------------------------------------

    def save(self) -> bool:
        payer = self.form_payer()
        payer.id = payer.id or new_id()
        try:
            result = caseload.save_payer(self.store, payer)
        except StoreError as exc:
            show_error(self, self.tr("Payer not saved"), str(exc))
            return False
        if not result.ok:
            self.field_errors.show(result.problems)
            return False
        self._current_id = payer.id
        self._dirty = False
        self.bus.publish(result.changes)
        self.refresh()
        self.load_payer(payer.id)
        self.saved_label.setText(self.tr("Saved."))
        return True

    def _on_bus(self, changes: Changes) -> None:
        if changes.touches(Entity.PAYER) and not self._dirty:
            self.refresh()


class SideBySideScroll(QScrollArea):
    """The payer's settings and its example side by side when they fit the width, the
    example below them when not: side by side they need ~950 px in English and ~1,030
    in Spanish, and the Setup window gives them ~890, so the example, the per-diem
    minutes and the daily caps were cut off at the right edge (no sideways scrolling)."""

    def __init__(self, body: QWidget, columns: QBoxLayout) -> None:
        super().__init__()
        self._columns = columns
        self.setWidgetResizable(True)
        self.setWidget(body)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Never narrower than one column under the other, with the scroll bar beside it:
        # the window is then kept wide enough that nothing is cut off.
        self.setMinimumWidth(
            self._edges()
            + max(self._column_widths(), default=0)
            + self.verticalScrollBar().sizeHint().width()
        )

    def _column_widths(self) -> list[int]:
        return [
            item.minimumSize().width()
            for item in (self._columns.itemAt(i) for i in range(self._columns.count()))
            if item is not None
        ]

    def _edges(self) -> int:
        body = self.widget()
        if body is None:
            return 0
        margins = body.contentsMargins()
        edges = margins.left() + margins.right()
        layout = body.layout()
        if layout is not None:
            outer = layout.contentsMargins()
            edges += outer.left() + outer.right()
        return edges

    def side_by_side_width(self) -> int:
        """The narrowest the body can be with its columns side by side."""
        widths = self._column_widths()
        spacing = max(self._columns.spacing(), 0) * max(len(widths) - 1, 0)
        return self._edges() + sum(widths) + spacing

    def resizeEvent(self, event: QResizeEvent) -> None:
        fits = self.viewport().width() >= self.side_by_side_width()
        wanted = QBoxLayout.Direction.LeftToRight if fits else QBoxLayout.Direction.TopToBottom
        if self._columns.direction() != wanted:
            self._columns.setDirection(wanted)
        super().resizeEvent(event)
