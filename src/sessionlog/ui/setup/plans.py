"""Treatment plans: a plan per period, its goals and measurable objectives.

Signed notes point at objectives, so an objective a note uses is never removed:
the editor offers Retire instead (and the store retires anything used, whatever
the editor sends). Wording that a signed note shows is locked too: changing it
would change what the signed note appears to have addressed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.caseload import empty_plan, plan_following
from sessionlog.core.changes import Changes, Entity
from sessionlog.core.errors import StoreError
from sessionlog.core.models import Goal, Objective, TreatmentPlan, new_id
from sessionlog.services import caseload
from sessionlog.services.records import CaseloadWriter
from sessionlog.ui import theme
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.formats import date_text
from sessionlog.ui.setup.common import (
    ID_ROLE,
    DateBox,
    FieldErrors,
    ProblemList,
    confirm,
    fill_combo,
    hint,
    show_error,
)
from sessionlog.ui.theme import Tone

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
RETIRED_ROLE = Qt.ItemDataRole.UserRole + 2
GOAL, OBJECTIVE = "goal", "objective"
COL_TEXT, COL_STATUS = 0, 1
NEW_PLAN = "__new__"


class PlansEditor(QWidget):
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
        self._plan: TreatmentPlan | None = None  # what the editor started from
        self._is_new = False
        self._dirty = False
        self._used_signed: set[str] = set()
        self._used_any: set[str] = set()

        self.client_combo = QComboBox()
        self.client_combo.setMinimumContentsLength(20)
        self.plan_combo = QComboBox()
        self.plan_combo.setMinimumContentsLength(30)
        self.copy_button = QPushButton(self.tr("New plan from the &previous one"))
        self.empty_button = QPushButton(self.tr("New &empty plan"))
        self.start_edit = DateBox()
        self.end_edit = DateBox()

        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Goals and objectives"), self.tr("Status")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setStyleSheet("QTreeWidget::item { padding: 3px 0; }")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.ResizeToContents)

        self.add_goal_button = QPushButton(self.tr("Add &goal"))
        self.add_objective_button = QPushButton(self.tr("Add &objective"))
        self.up_button = QPushButton(self.tr("Move &up"))
        self.down_button = QPushButton(self.tr("Move do&wn"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.retire_button = QPushButton(self.tr("Re&tire"))
        self.item_note = QLabel()
        self.item_note.setWordWrap(True)
        self.item_note.setStyleSheet(theme.css(Tone.MUTED))
        self.item_note.setMaximumWidth(200)

        self.problems = ProblemList()
        self.field_errors = FieldErrors(self.problems)
        self.save_button = QPushButton(self.tr("&Save plan"))
        self.save_button.setDefault(True)
        self.revert_button = QPushButton(self.tr("Re&vert"))
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet(theme.css(Tone.SUCCESS))
        self.empty_label = QLabel()
        self.empty_label.setStyleSheet(theme.css(Tone.MUTED))

        self._build_layout()
        self._connect()
        self.refresh()

    # ---- layout ----------------------------------------------------------------

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        client_label = QLabel(self.tr("&Client"))
        client_label.setBuddy(self.client_combo)
        plan_label = QLabel(self.tr("P&lan"))
        plan_label.setBuddy(self.plan_combo)
        top.addWidget(client_label)
        top.addWidget(self.client_combo)
        top.addSpacing(12)
        top.addWidget(plan_label)
        top.addWidget(self.plan_combo)
        top.addStretch(1)
        top.addWidget(self.copy_button)
        top.addWidget(self.empty_button)

        period = QHBoxLayout()
        period.addWidget(QLabel(self.tr("Period")))
        period.addWidget(self.start_edit)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.end_edit)
        period.addStretch(1)

        side = QVBoxLayout()
        for button in (
            self.add_goal_button,
            self.add_objective_button,
            self.up_button,
            self.down_button,
            self.remove_button,
            self.retire_button,
        ):
            side.addWidget(button)
        side.addWidget(self.item_note)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.tree, 1)
        middle.addLayout(side)

        actions = QHBoxLayout()
        actions.addWidget(self.saved_label, 1)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)

        box = QGroupBox(self.tr("Plan"))
        self.plan_box = box
        bl = QVBoxLayout(box)
        bl.addLayout(period)
        bl.addWidget(self.field_errors.add("period", self.end_edit, also={"start", "end"}))
        bl.addLayout(middle, 1)
        # Goal and objective problems ("goal 2, objective 1: ...") name the row in the tree.
        bl.addWidget(self.field_errors.add("goals", self.tree, prefixes=(self.tr("goal "),)))
        bl.addWidget(
            hint(
                self.tr(
                    "Double-click a goal or objective to change its wording. Objectives that "
                    "notes refer to cannot be removed, only retired; a retired objective stays "
                    "on its old notes but is no longer offered for new ones."
                )
            )
        )
        bl.addWidget(self.problems)
        bl.addLayout(actions)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(box, 1)
        layout.addStretch(0)

    def _connect(self) -> None:
        self.client_combo.currentIndexChanged.connect(self._on_client_changed)
        self.plan_combo.currentIndexChanged.connect(self._on_plan_changed)
        self.copy_button.clicked.connect(self.new_plan_from_previous)
        self.empty_button.clicked.connect(self.new_empty_plan)
        self.start_edit.dateChanged.connect(self._changed)
        self.end_edit.dateChanged.connect(self._changed)
        self.tree.itemChanged.connect(self._on_item_changed)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.add_goal_button.clicked.connect(self.add_goal)
        self.add_objective_button.clicked.connect(self.add_objective)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.remove_button.clicked.connect(self.remove_current)
        self.retire_button.clicked.connect(self.toggle_retired)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self._revert)
        self.bus.subscribe(self, {Entity.CLIENT, Entity.PLAN, Entity.SESSION}, self._on_bus)

    # ---- choosing client and plan ------------------------------------------------

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
        self._load_plans(keep=self._plan.id if self._plan and not self._is_new else None)

    def _plan_label(self, plan: TreatmentPlan) -> str:
        label = self.tr("{0} to {1}").format(date_text(plan.start), date_text(plan.end))
        today = self.today()
        if plan.covers(today):
            return self.tr("{label} (current)").format(label=label)
        return (
            self.tr("{label} (ended)").format(label=label)
            if plan.end < today
            else self.tr("{label} (upcoming)").format(label=label)
        )

    def _load_plans(self, keep: str | None = None) -> None:
        client_id = self.client_id()
        plans = self.store.plans(client_id) if client_id else []
        current = next((p for p in plans if p.covers(self.today())), None)
        wanted = keep or (current.id if current else (plans[-1].id if plans else None))
        fill_combo(self.plan_combo, [(self._plan_label(p), p.id) for p in plans], wanted)
        self.copy_button.setEnabled(bool(plans))
        self.empty_button.setEnabled(client_id is not None)
        if not client_id:
            self.empty_label.setText(self.tr("Add a client first (Setup ▸ Clients)."))
        elif not plans:
            self.empty_label.setText(
                self.tr(
                    "No treatment plan on file for this client yet: "
                    "start one with “New empty plan”."
                )
            )
        self.empty_label.setVisible(not plans)
        if plans:
            self.load_plan(str(self.plan_combo.currentData()))
        else:
            self._show(None)

    def _on_client_changed(self, _index: int) -> None:
        self._dirty = False
        self._is_new = False
        self._load_plans()

    def _on_plan_changed(self, _index: int) -> None:
        plan_id = self.plan_combo.currentData()
        if plan_id == NEW_PLAN or (self._plan and plan_id == self._plan.id):
            return
        if self._dirty and not self._discard_ok():
            with QSignalBlocker(self.plan_combo):
                keep = NEW_PLAN if self._is_new else (self._plan.id if self._plan else None)
                self.plan_combo.setCurrentIndex(self.plan_combo.findData(keep))
            return
        if self._is_new:
            self.plan_combo.removeItem(self.plan_combo.findData(NEW_PLAN))
        self.load_plan(str(plan_id))

    def _discard_ok(self) -> bool:
        return confirm(
            self, self.tr("Unsaved changes"), self.tr("Discard the changes to this plan?")
        )

    def load_plan(self, plan_id: str) -> None:
        plan = self.store.plan(plan_id)
        self._is_new = False
        index = self.plan_combo.findData(plan_id)
        if index >= 0:
            with QSignalBlocker(self.plan_combo):
                self.plan_combo.setCurrentIndex(index)
        self._show(plan)

    def new_plan_from_previous(self) -> None:
        client_id = self.client_id()
        plans = self.store.plans(client_id) if client_id else []
        if not plans:
            return
        previous = max(plans, key=lambda p: p.end)
        self._start_new(plan_following(previous))

    def new_empty_plan(self) -> None:
        client_id = self.client_id()
        if client_id is None:
            return
        self._start_new(empty_plan(client_id, self.today()))

    def _start_new(self, plan: TreatmentPlan) -> None:
        if self._dirty and not self._discard_ok():
            return
        with QSignalBlocker(self.plan_combo):
            if self.plan_combo.findData(NEW_PLAN) < 0:
                self.plan_combo.addItem(self.tr("New plan (not saved yet)"), NEW_PLAN)
            self.plan_combo.setCurrentIndex(self.plan_combo.findData(NEW_PLAN))
        self.empty_label.hide()
        self._show(plan)
        self._is_new = True
        self._dirty = True
        self.revert_button.setEnabled(True)
        self.saved_label.setText(self.tr("Not saved yet: check the period, then save."))

    # ---- showing a plan ------------------------------------------------------------

    def _show(self, plan: TreatmentPlan | None) -> None:
        self._plan = plan
        ids = plan.objective_ids() if plan else set()
        self._used_signed = self.store.objectives_used_by_signed_notes(ids)
        self._used_any = self.store.objectives_used_by_notes(ids)
        with QSignalBlocker(self.tree):
            self.tree.clear()
            for goal in plan.goals if plan else []:
                goal_item = self._goal_item(goal)
                self.tree.addTopLevelItem(goal_item)
                for objective in goal.objectives:
                    goal_item.addChild(self._objective_item(objective))
                goal_item.setExpanded(True)
                self._refresh_goal(goal_item)
        if plan is not None:
            self.start_edit.set_value(plan.start)
            self.end_edit.set_value(plan.end)
        enabled = plan is not None
        self.plan_box.setVisible(enabled)
        self._dirty = False
        self.field_errors.clear()
        self.saved_label.clear()
        self.revert_button.setEnabled(False)
        self.save_button.setEnabled(enabled)
        self._update_buttons()

    def _goal_item(self, goal: Goal) -> QTreeWidgetItem:
        item = QTreeWidgetItem([goal.text, ""])
        item.setData(COL_TEXT, ID_ROLE, goal.id)
        item.setData(COL_TEXT, KIND_ROLE, GOAL)
        font = QFont(item.font(COL_TEXT))
        font.setBold(True)
        item.setFont(COL_TEXT, font)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def _objective_item(self, objective: Objective) -> QTreeWidgetItem:
        item = QTreeWidgetItem([objective.text, ""])
        item.setData(COL_TEXT, ID_ROLE, objective.id)
        item.setData(COL_TEXT, KIND_ROLE, OBJECTIVE)
        item.setData(COL_TEXT, RETIRED_ROLE, objective.retired)
        self._refresh_objective(item)
        return item

    def _refresh_objective(self, item: QTreeWidgetItem) -> None:
        oid = item.data(COL_TEXT, ID_ROLE)
        retired = bool(item.data(COL_TEXT, RETIRED_ROLE))
        parts = []
        if retired:
            parts.append("retired")
        if oid in self._used_signed:
            parts.append(self.tr("used by signed notes"))
        elif oid in self._used_any:
            parts.append(self.tr("used by draft notes"))
        item.setText(COL_STATUS, ", ".join(parts) or "")
        font = QFont(item.font(COL_TEXT))
        font.setItalic(retired)
        item.setFont(COL_TEXT, font)
        brush = QBrush(theme.text(Tone.MUTED, on=QPalette.ColorRole.Base)) if retired else QBrush()
        item.setForeground(COL_TEXT, brush)
        flags = item.flags()
        if oid in self._used_signed:
            flags &= ~Qt.ItemFlag.ItemIsEditable
        else:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)

    def _refresh_goal(self, item: QTreeWidgetItem) -> None:
        child_ids = {child.data(COL_TEXT, ID_ROLE) for child in _children(item)}
        flags = item.flags()
        if child_ids & self._used_signed:
            flags &= ~Qt.ItemFlag.ItemIsEditable
        else:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)

    # ---- editing the tree ------------------------------------------------------------

    def _changed(self, *_args: object) -> None:
        if self._plan is None:
            return
        self._dirty = True
        self.revert_button.setEnabled(True)
        if not self._is_new:
            self.saved_label.clear()

    def _on_item_changed(self, _item: QTreeWidgetItem, column: int) -> None:
        if column == COL_TEXT:
            self._changed()

    def _current(self) -> tuple[QTreeWidgetItem | None, str | None]:
        item = self.tree.currentItem()
        if item is None:
            return None, None
        return item, str(item.data(COL_TEXT, KIND_ROLE))

    def _removal_block(self, item: QTreeWidgetItem, kind: str) -> str | None:
        """Why ``item`` cannot be removed, or None when it can."""
        if kind == OBJECTIVE:
            oid = item.data(COL_TEXT, ID_ROLE)
            if oid in self._used_signed:
                return self.tr("Signed notes refer to this objective: retire it instead.")
            if oid in self._used_any:
                return self.tr("Draft notes refer to this objective: retire it instead.")
            return None
        ids = {child.data(COL_TEXT, ID_ROLE) for child in _children(item)}
        if ids & self._used_any:
            return self.tr("Notes refer to objectives of this goal: retire those instead.")
        return None

    def _update_buttons(self) -> None:
        item, kind = self._current()
        editable = self._plan is not None
        self.add_objective_button.setEnabled(editable and item is not None)
        self.up_button.setEnabled(editable and item is not None and self._sibling_index(item) > 0)
        self.down_button.setEnabled(
            editable
            and item is not None
            and self._sibling_index(item) < self._sibling_count(item) - 1
        )
        block = self._removal_block(item, kind) if item is not None and kind else None
        self.remove_button.setEnabled(editable and item is not None and block is None)
        self.remove_button.setToolTip(block or self.tr("Remove from the plan"))
        objective = item if kind == OBJECTIVE else None
        is_objective = objective is not None
        self.retire_button.setEnabled(editable and is_objective)
        retired = objective is not None and bool(objective.data(COL_TEXT, RETIRED_ROLE))
        self.retire_button.setText(self.tr("Res&tore") if retired else self.tr("Re&tire"))
        notes = []
        if block and retired:
            notes.append(
                self.tr("Notes refer to this objective, so it stays on the plan, retired.")
            )
        elif block:
            notes.append(block)
        if objective is not None and objective.data(COL_TEXT, ID_ROLE) in self._used_signed:
            notes.append(self.tr("Its wording is locked: signed notes show it."))
        self.item_note.setText(" ".join(notes))

    def _sibling_index(self, item: QTreeWidgetItem | None) -> int:
        if item is None:
            return -1
        parent = item.parent()
        return parent.indexOfChild(item) if parent else self.tree.indexOfTopLevelItem(item)

    def _sibling_count(self, item: QTreeWidgetItem) -> int:
        parent = item.parent()
        return parent.childCount() if parent else self.tree.topLevelItemCount()

    def add_goal(self) -> QTreeWidgetItem | None:
        if self._plan is None:
            return None
        item = self._goal_item(Goal(new_id(), self.tr("New goal")))
        with QSignalBlocker(self.tree):
            self.tree.addTopLevelItem(item)
        item.setExpanded(True)
        self.tree.setCurrentItem(item)
        self.tree.editItem(item, COL_TEXT)
        self._changed()
        return item

    def add_objective(self) -> QTreeWidgetItem | None:
        item, kind = self._current()
        if item is None or self._plan is None:
            return None
        goal_item = item if kind == GOAL else item.parent()
        if goal_item is None:  # an objective always sits under its goal
            return None
        child = self._objective_item(Objective(new_id(), self.tr("New objective")))
        with QSignalBlocker(self.tree):
            goal_item.addChild(child)
        goal_item.setExpanded(True)
        self.tree.setCurrentItem(child)
        self.tree.editItem(child, COL_TEXT)
        self._changed()
        return child

    def move_current(self, step: int) -> None:
        item, _kind = self._current()
        if item is None:
            return
        index = self._sibling_index(item)
        target = index + step
        if not 0 <= target < self._sibling_count(item):
            return
        parent = item.parent()
        expanded = item.isExpanded()
        with QSignalBlocker(self.tree):
            if parent is not None:
                parent.takeChild(index)
                parent.insertChild(target, item)
            else:
                self.tree.takeTopLevelItem(index)
                self.tree.insertTopLevelItem(target, item)
            item.setExpanded(expanded)
        self.tree.setCurrentItem(item)
        self._changed()
        self._update_buttons()

    def remove_current(self) -> None:
        item, kind = self._current()
        if item is None or kind is None or self._removal_block(item, kind):
            return
        parent = item.parent()
        with QSignalBlocker(self.tree):
            if parent is not None:
                parent.removeChild(item)
            else:
                self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        self._changed()
        self._update_buttons()

    def toggle_retired(self) -> None:
        item, kind = self._current()
        if item is None or kind != OBJECTIVE:
            return
        with QSignalBlocker(self.tree):
            item.setData(COL_TEXT, RETIRED_ROLE, not bool(item.data(COL_TEXT, RETIRED_ROLE)))
            self._refresh_objective(item)
        self._changed()
        self._update_buttons()

    def find_item(self, record_id: str) -> QTreeWidgetItem | None:
        for goal in _goal_items(self.tree):
            if goal.data(COL_TEXT, ID_ROLE) == record_id:
                return goal
            for child in _children(goal):
                if child.data(COL_TEXT, ID_ROLE) == record_id:
                    return child
        return None

    # ---- saving ----------------------------------------------------------------------

    def form_plan(self) -> TreatmentPlan | None:
        if self._plan is None:
            return None
        goals = []
        for goal_item in _goal_items(self.tree):
            objectives = [
                Objective(
                    str(child.data(COL_TEXT, ID_ROLE)),
                    child.text(COL_TEXT).strip(),
                    bool(child.data(COL_TEXT, RETIRED_ROLE)),
                )
                for child in _children(goal_item)
            ]
            goals.append(
                Goal(
                    str(goal_item.data(COL_TEXT, ID_ROLE)),
                    goal_item.text(COL_TEXT).strip(),
                    objectives,
                )
            )
        return TreatmentPlan(
            self._plan.id,
            self._plan.client_id,
            self.start_edit.value(),
            self.end_edit.value(),
            goals,
        )

    def save(self) -> bool:
        plan = self.form_plan()
        if plan is None:
            return False
        try:
            result = caseload.save_plan(self.store, plan)
        except StoreError as exc:
            show_error(self, self.tr("Plan not saved"), str(exc))
            return False
        if not result.ok:
            self.field_errors.show(result.problems)
            return False
        self._dirty = False
        self._is_new = False
        self.bus.publish(result.changes)
        self._load_plans(keep=plan.id)
        self.saved_label.setText(self.tr("Saved."))
        return True

    def _revert(self) -> None:
        self._dirty = False
        if self._is_new or self._plan is None:
            self._is_new = False
            self._load_plans()
        else:
            self.load_plan(self._plan.id)

    def _on_bus(self, changes: Changes) -> None:
        if changes.touches(Entity.CLIENT) and not self._dirty:
            self.refresh()
        elif changes.touches(Entity.PLAN) and not self._dirty:
            self._load_plans(keep=self._plan.id if self._plan and not self._is_new else None)
        elif changes.touches(Entity.SESSION):
            # Notes autosave often; rebuilding the tree would close an open edit.
            self._refresh_usage()

    def _refresh_usage(self) -> None:
        ids = self._plan.objective_ids() if self._plan else set()
        self._used_signed = self.store.objectives_used_by_signed_notes(ids)
        self._used_any = self.store.objectives_used_by_notes(ids)
        with QSignalBlocker(self.tree):
            for goal in _goal_items(self.tree):
                for child in _children(goal):
                    self._refresh_objective(child)
                self._refresh_goal(goal)
        self._update_buttons()


def _goal_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """The tree's top-level items: one per goal."""
    found = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    return [item for item in found if item is not None]


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """A goal item's objective items, in order."""
    found = (item.child(i) for i in range(item.childCount()))
    return [child for child in found if child is not None]
