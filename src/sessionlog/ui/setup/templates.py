"""Setup ▸ Templates: a coach's note templates (one per service code) and quick texts.

Both follow the other editors' list-and-form pattern (``RecordListMixin``); saves go
through ``services.templates`` (checked in core, audited by the store) and are announced
on the bus. Templates belong to a coach: the editor opens on this laptop's user.
"""

from __future__ import annotations

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

from sessionlog.core.catalog import service_codes
from sessionlog.core.changes import Changes, Entity
from sessionlog.core.errors import StoreError
from sessionlog.core.templates import NoteTemplate, QuickText, example_template
from sessionlog.services import templates
from sessionlog.services.caseload import SaveResult
from sessionlog.services.preferences import CURRENT_STAFF_KEY
from sessionlog.services.records import TemplateSetupRecords
from sessionlog.ui import theme
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.i18n import QT_TRANSLATE_NOOP, translate
from sessionlog.ui.setup.common import (
    ID_ROLE,
    ProblemList,
    confirm,
    fill_combo,
    hint,
    show_error,
)
from sessionlog.ui.setup.record_list import RecordListMixin
from sessionlog.ui.theme import Tone

TEMPLATE_LABELS = {
    "staff": QT_TRANSLATE_NOOP("FieldLabels", "Coach"),
    "code": QT_TRANSLATE_NOOP("FieldLabels", "Service code"),
    "intervention": QT_TRANSLATE_NOOP("FieldLabels", "Intervention"),
    "response": QT_TRANSLATE_NOOP("FieldLabels", "Client response"),
    "plan": QT_TRANSLATE_NOOP("FieldLabels", "Plan"),
}
QUICK_LABELS = {
    "staff": QT_TRANSLATE_NOOP("FieldLabels", "Coach"),
    "key": QT_TRANSLATE_NOOP("FieldLabels", "Key"),
    "phrase": QT_TRANSLATE_NOOP("FieldLabels", "Phrase"),
}


def _text_box(placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    spacing = edit.fontMetrics().lineSpacing()
    edit.setMinimumHeight(spacing * 3 + 12)
    edit.setMaximumHeight(spacing * 5 + 12)
    return edit


class _CoachRecords(RecordListMixin, QWidget):
    """A list of one coach's records beside their form (templates or quick texts)."""

    list_name = QT_TRANSLATE_NOOP("CoachRecords", "Records")  # what a screen reader calls the list

    def __init__(
        self, store: TemplateSetupRecords, bus: ChangeBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.staff_id = ""
        self._current_id: str | None = None
        self._dirty = False
        self.list = QListWidget()
        self.record_view = self.list
        self.list.setMaximumWidth(200)
        self.list.setAccessibleName(translate("CoachRecords", self.list_name))
        self.list.currentItemChanged.connect(self._on_item_changed)
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet(theme.css(Tone.SUCCESS))

    def set_staff(self, staff_id: str) -> None:
        self.staff_id = staff_id
        self._current_id = None
        self._dirty = False
        self.refresh()

    def refresh(self) -> None:
        records = self._records()
        with QSignalBlocker(self.list):
            self.list.clear()
            for record_id, label in records:
                item = QListWidgetItem(label)
                item.setData(ID_ROLE, record_id)
                self.list.addItem(item)
        if self._current_id and self._select(self._current_id):
            return
        if records:
            self._load_record(records[0][0])
        else:
            self._current_id = None
            self._show(self._blank_record())

    def _records(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def _changed(self, *_args: object) -> None:
        self._dirty = True
        self.saved_label.clear()

    def _after_save(self, result: SaveResult, record_id: str, problems: ProblemList) -> bool:
        if not result.ok:
            problems.show_problems(result.problems)
            return False
        self._current_id = record_id
        self._dirty = False
        self.bus.publish(result.changes)
        self.refresh()
        self._load_record(record_id)
        self.saved_label.setText(self.tr("Saved."))
        return True

    def _after_delete(self, changes: Changes) -> None:
        self._current_id = None
        self._dirty = False
        self.bus.publish(changes)
        self.refresh()


class TemplateList(_CoachRecords):
    list_name = QT_TRANSLATE_NOOP("CoachRecords", "Your templates")
    discard_question = QT_TRANSLATE_NOOP("RecordListMixin", "Discard the changes to this template?")

    def __init__(
        self, store: TemplateSetupRecords, bus: ChangeBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(store, bus, parent)
        self._by_id: dict[str, NoteTemplate] = {}
        self.new_button = QPushButton(self.tr("Ne&w template"))
        self.code_combo = QComboBox()
        for known in service_codes().values():
            self.code_combo.addItem(f"{known.code} — {known.description}", known.code)
        self.intervention_edit = _text_box(self.tr("What you usually do, e.g. modeled [task]…"))
        self.response_edit = _text_box(self.tr("e.g. [What the client did] with [number] prompts."))
        self.plan_edit = _text_box(self.tr("e.g. Next session: [what to practice]."))
        self.example_button = QPushButton(self.tr("Fill with an e&xample"))
        self.example_button.setToolTip(
            self.tr(
                "Puts an example for this code in the empty fields: edit it into your own words."
            )
        )
        self.problems = ProblemList(TEMPLATE_LABELS)
        self.save_button = QPushButton(self.tr("Sa&ve template"))
        self.delete_button = QPushButton(self.tr("&Delete"))

        form = QFormLayout()
        form.addRow(self.tr("Service c&ode"), self.code_combo)
        form.addRow(self.tr("&Intervention"), self.intervention_edit)
        form.addRow(self.tr("Client r&esponse"), self.response_edit)
        form.addRow(self.tr("Pla&n"), self.plan_edit)
        form.addRow(
            "",
            hint(
                self.tr(
                    "Words in [square brackets] are placeholders: a note still containing one "
                    "cannot be signed, so each must be replaced with what happened."
                )
            ),
        )
        actions = QHBoxLayout()
        actions.addWidget(self.example_button)
        actions.addWidget(self.saved_label, 1)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.save_button)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.problems)
        right.addStretch(1)
        right.addLayout(actions)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left)
        layout.addLayout(right, 1)

        self.new_button.clicked.connect(self._new_record)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.example_button.clicked.connect(self.fill_example)
        self.code_combo.activated.connect(self._changed)
        for edit in (self.intervention_edit, self.response_edit, self.plan_edit):
            edit.textChanged.connect(self._changed)

    def _first_field(self) -> QWidget:
        return self.code_combo

    def _records(self) -> list[tuple[str, str]]:
        found = self.store.note_templates(self.staff_id) if self.staff_id else []
        self._by_id = {t.id: t for t in found}
        return [(t.id, t.code) for t in found]

    def _fetch_record(self, record_id: str) -> NoteTemplate:
        return self._by_id[record_id]

    def _blank_record(self) -> NoteTemplate:
        taken = set(t.code for t in self._by_id.values())
        free = next((c for c in service_codes() if c not in taken), "H2023")
        return NoteTemplate("", self.staff_id, free)

    def _show(self, template: NoteTemplate) -> None:
        self.code_combo.setCurrentIndex(max(0, self.code_combo.findData(template.code)))
        for edit, text in (
            (self.intervention_edit, template.intervention),
            (self.response_edit, template.response),
            (self.plan_edit, template.plan),
        ):
            with QSignalBlocker(edit):
                edit.setPlainText(text)
        self._dirty = False
        self.delete_button.setEnabled(bool(template.id))
        self.problems.clear_problems()
        self.saved_label.clear()

    def form_template(self) -> NoteTemplate:
        return NoteTemplate(
            self._current_id or "",
            self.staff_id,
            str(self.code_combo.currentData()),
            self.intervention_edit.toPlainText().strip(),
            self.response_edit.toPlainText().strip(),
            self.plan_edit.toPlainText().strip(),
        )

    def fill_example(self) -> None:
        """The example for the chosen code, in the fields that are still empty."""
        example = example_template(str(self.code_combo.currentData()))
        for edit, text in (
            (self.intervention_edit, example.intervention),
            (self.response_edit, example.response),
            (self.plan_edit, example.plan),
        ):
            if not edit.toPlainText().strip():
                edit.setPlainText(text)

    def save(self) -> bool:
        template = self.form_template()
        if not template.staff_id:
            self.problems.show_problems(
                [self.tr("Choose whose templates these are (Coach, above).")]
            )
            return False
        try:
            result = templates.save_template(self.store, template)
        except StoreError as exc:
            show_error(self, self.tr("Template not saved"), str(exc))
            return False
        return self._after_save(result, template.id, self.problems)

    def delete(self) -> None:
        if self._current_id is None:
            return
        code = self._by_id[self._current_id].code
        if not confirm(
            self,
            self.tr("Delete template"),
            self.tr("Delete your template for {code}?").format(code=code),
        ):
            return
        self._after_delete(templates.delete_template(self.store, self._current_id))


class QuickTextList(_CoachRecords):
    list_name = QT_TRANSLATE_NOOP("CoachRecords", "Your quick texts")
    discard_question = QT_TRANSLATE_NOOP(
        "RecordListMixin", "Discard the changes to this quick text?"
    )

    def __init__(
        self, store: TemplateSetupRecords, bus: ChangeBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(store, bus, parent)
        self._by_id: dict[str, QuickText] = {}
        self.new_button = QPushButton(self.tr("New &quick text"))
        self.key_edit = QLineEdit()
        self.key_edit.setPlaceholderText(self.tr(";prompt"))
        self.phrase_edit = _text_box(self.tr("e.g. with one verbal prompt"))
        self.problems = ProblemList(QUICK_LABELS)
        self.save_button = QPushButton(self.tr("Save q&uick text"))
        self.delete_button = QPushButton(self.tr("De&lete"))

        form = QFormLayout()
        form.addRow(self.tr("&Key"), self.key_edit)
        form.addRow(self.tr("Ph&rase"), self.phrase_edit)
        form.addRow(
            "",
            hint(
                self.tr(
                    "In any note text field, type the key and a space to put the phrase in; "
                    "Ctrl+Space lists your quick texts."
                )
            ),
        )
        actions = QHBoxLayout()
        actions.addWidget(self.saved_label, 1)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.save_button)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.problems)
        right.addStretch(1)
        right.addLayout(actions)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left)
        layout.addLayout(right, 1)

        self.new_button.clicked.connect(self._new_record)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.key_edit.textEdited.connect(self._changed)
        self.phrase_edit.textChanged.connect(self._changed)

    def _first_field(self) -> QWidget:
        return self.key_edit

    def _records(self) -> list[tuple[str, str]]:
        found = self.store.quick_texts(self.staff_id) if self.staff_id else []
        self._by_id = {q.id: q for q in found}
        return [(q.id, q.key) for q in found]

    def _fetch_record(self, record_id: str) -> QuickText:
        return self._by_id[record_id]

    def _blank_record(self) -> QuickText:
        return QuickText("", self.staff_id, "", "")

    def _show(self, quick: QuickText) -> None:
        self.key_edit.setText(quick.key)
        with QSignalBlocker(self.phrase_edit):
            self.phrase_edit.setPlainText(quick.phrase)
        self._dirty = False
        self.delete_button.setEnabled(bool(quick.id))
        self.problems.clear_problems()
        self.saved_label.clear()

    def save(self) -> bool:
        quick = QuickText(
            self._current_id or "",
            self.staff_id,
            self.key_edit.text().strip(),
            self.phrase_edit.toPlainText().strip(),
        )
        if not quick.staff_id:
            self.problems.show_problems(
                [self.tr("Choose whose quick texts these are (Coach, above).")]
            )
            return False
        try:
            result = templates.save_quick_text(self.store, quick)
        except StoreError as exc:
            show_error(self, self.tr("Quick text not saved"), str(exc))
            return False
        return self._after_save(result, quick.id, self.problems)

    def delete(self) -> None:
        if self._current_id is None:
            return
        key = self._by_id[self._current_id].key
        if not confirm(
            self,
            self.tr("Delete quick text"),
            self.tr("Delete the quick text {key}?").format(key=key),
        ):
            return
        self._after_delete(templates.delete_quick_text(self.store, self._current_id))


class TemplatesEditor(QWidget):
    """The Templates tab: whose templates, then their templates and quick texts."""

    def __init__(
        self, store: TemplateSetupRecords, bus: ChangeBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.coach_combo = QComboBox()
        self.coach_combo.setMinimumWidth(220)
        self.templates = TemplateList(store, bus)
        self.quick_texts = QuickTextList(store, bus)

        coach_row = QHBoxLayout()
        coach_label = QLabel(self.tr("Coac&h"))
        coach_label.setBuddy(self.coach_combo)
        coach_row.addWidget(coach_label)
        coach_row.addWidget(self.coach_combo)
        coach_row.addWidget(
            hint(
                self.tr("Templates and quick texts are each coach's own; the note form uses yours.")
            ),
            1,
        )
        template_box = QGroupBox(self.tr("Note templates (one per service code)"))
        QVBoxLayout(template_box).addWidget(self.templates)
        quick_box = QGroupBox(self.tr("Quick texts"))
        QVBoxLayout(quick_box).addWidget(self.quick_texts)
        layout = QVBoxLayout(self)
        layout.addLayout(coach_row)
        layout.addWidget(template_box, 3)
        layout.addWidget(quick_box, 2)

        self.coach_combo.activated.connect(self._coach_chosen)
        bus.subscribe(self, {Entity.STAFF, Entity.SETTINGS, Entity.TEMPLATE}, self._on_bus)
        self.refresh()

    def refresh(self) -> None:
        staff = self.store.staff_members()
        keep = self.coach_combo.currentData() or self.store.get_state(CURRENT_STAFF_KEY)
        fill_combo(self.coach_combo, [(m.name, m.id) for m in staff], keep)
        self._coach_chosen()

    def _coach_chosen(self, *_args: object) -> None:
        staff_id = str(self.coach_combo.currentData() or "")
        parts = (self.templates, self.quick_texts)
        shown = self.templates.staff_id
        if shown != staff_id and any(p._dirty and not p._discard_ok() for p in parts):
            index = self.coach_combo.findData(shown)
            with QSignalBlocker(self.coach_combo):
                self.coach_combo.setCurrentIndex(index)
            return
        for part in parts:
            if part.staff_id != staff_id:
                part.set_staff(staff_id)

    def _on_bus(self, changes: Changes) -> None:
        if changes.touches(Entity.STAFF) and not (self.templates._dirty or self.quick_texts._dirty):
            self.refresh()
