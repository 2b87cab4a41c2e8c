"""The progress note, written while or after timing.

Every change is saved: after a short pause in typing, when a field loses focus,
and when the form closes or shows another session; there is no Save button.
Missing elements are said next to their fields. A signed note is read-only;
it offers an addendum instead. For a group, the shared part (place, mode,
intervention, narrative) is written once for every attendee; objectives,
response and plan are each attendee's own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.catalog import place_label, places_of_service, service_codes
from sessionlog.core.changes import Changes, Entity, Written
from sessionlog.core.clock import local
from sessionlog.core.completeness import missing_elements
from sessionlog.core.errors import BusyError, NotFoundError, StoreError
from sessionlog.core.models import Session, TreatmentPlan
from sessionlog.core.timer import Clock
from sessionlog.core.units import (
    FLAG_RUNNING,
    FLAG_UNSIGNED,
    TELEHEALTH_PLACES,
    BillingLine,
    flag_description,
    same_lines,
)
from sessionlog.services import timing
from sessionlog.services.billing import preview_session
from sessionlog.services.records import NoteFormRecords, NoteWriting, Reader
from sessionlog.ui import theme
from sessionlog.ui.after_paint import AfterPaint, records_closed
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.formats import datetime_text, span_text, time_text, weekday_date_text
from sessionlog.ui.idle import read_after_idle
from sessionlog.ui.pending_writes import PendingWrites
from sessionlog.ui.theme import Tone
from sessionlog.ui.views.note_text import (
    QuickTextTyping,
    copied_label,
    select_first_placeholder,
    show_copied,
)
from sessionlog.ui.widgets import (
    FlowRow,
    FocusLabel,
    StatusText,
    heading,
    hint,
    keep_focus_visible,
    problem_label,
    scaled_font,
    separator,
    set_problem,
)

if TYPE_CHECKING:
    # Annotations only: copy marks and templates are imported where they are made.
    from sessionlog.core.cloning import CopyMark
    from sessionlog.core.templates import NoteTemplate

log = logging.getLogger("sessionlog.ui.note")

AUTOSAVE_MS = 400  # after a pause in typing
AUTOSAVE_MAX_MS = 2_000  # at the latest, even while typing goes on without a pause
UNITS_REFRESH_MS = 60_000
# Plans whose objective boxes stay built for the next note that shows them.
OBJECTIVE_PANELS_KEPT = 24


class _FocusOutSaver(QObject):
    """Saves as soon as a field loses focus (not only after the typing pause)."""

    def __init__(self, form: NoteForm) -> None:
        super().__init__(form)
        self.form = form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            # In the background: what takes the focus next does not read the note back
            # (switching notes, signing and closing write it at once themselves).
            self.form.autosave()
        return False


class NoteForm(QWidget):
    saved = Signal(str)  # session id, after each write
    units_shown = Signal()  # the unit preview, worked out off the GUI thread, is shown

    def __init__(
        self,
        store: NoteFormRecords,
        bus: ChangeBus,
        clock: Clock,
        staff_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store: NoteFormRecords = store
        self.bus = bus
        self.clock = clock
        self.staff_id = staff_id
        self.session: Session | None = None
        self._loading = False
        # True while the form moves the place or mode to follow the other one.
        self._following = False
        self._dirty = False
        self._saving = False
        self._own_change = False  # publishing its own autosave (see _publish_own)
        self.pending: PendingWrites | None = None
        self._objective_boxes: dict[str, QCheckBox] = {}
        self._hidden_objectives: list[str] = []
        # Plans by client, and each plan's objective boxes once built (_fill_objectives).
        self._plans: dict[str, list[TreatmentPlan]] = {}
        self._objective_panels: dict[object, tuple[QWidget, dict[str, QCheckBox]]] = {}
        self._objectives_panel: QWidget | None = None
        self.dialog: QDialog | None = None

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self._autosave_deadline = QTimer(self)
        self._autosave_deadline.setSingleShot(True)
        self._autosave_deadline.setInterval(AUTOSAVE_MAX_MS)
        self._autosave_deadline.timeout.connect(self.autosave)
        self._units_generation = 0
        self._units_pending = False
        # Sign was asked for while the note was still on its way to the database: the
        # dialog opens once it is stored (``open_sign``).
        self._sign_when_stored: str | None = None
        self._units_timer = QTimer(self)
        self._units_timer.setInterval(UNITS_REFRESH_MS)
        self._units_timer.timeout.connect(self.refresh_units)
        self._units_after_paint = AfterPaint(self, self._start_units)
        self._focus_saver = _FocusOutSaver(self)
        # The coach's quick texts (key -> phrase) and this draft's "copied from" marks.
        self._phrases: dict[str, str] = {}
        self._copy_marks: list[CopyMark] = []
        self.quick_text = QuickTextTyping(self, lambda: self._phrases)

        self._build_ui()
        self.bus.subscribe(self, {Entity.SESSION, Entity.TEMPLATE}, self._on_changed)
        self.bus.subscribe(self, {Entity.PLAN, Entity.CLIENT}, self._forget_plans)
        self.show_session(None)

    # ---- layout -------------------------------------------------------------------

    def _text(self, name: str, placeholder: str, lines: int = 2) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        # Sized by the font (4K screens, large fonts), never stretched over the form: the
        # lines show a typical answer whole on a 1366×768 laptop; longer text scrolls.
        spacing = edit.fontMetrics().lineSpacing()
        edit.setFixedHeight(spacing * lines + 12)
        edit.textChanged.connect(self._changed)
        edit.installEventFilter(self._focus_saver)
        self.quick_text.install(edit)
        return edit

    def _row(
        self, grid: QGridLayout, text: str, field: QWidget | QLayout, key: str | None
    ) -> QLabel:
        """A field with its bold caption on the left (captions above fields cost a line
        each: the note did not fit a laptop screen), and its problem line below it."""
        label = FocusLabel(text)
        if isinstance(field, QWidget):
            label.setBuddy(field)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        row = grid.rowCount()
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if isinstance(field, QWidget):
            grid.addWidget(field, row, 1)
        else:
            grid.addLayout(field, row, 1)
        if key is not None:
            grid.addWidget(self.problems[key], row + 1, 1)
        return label

    @staticmethod
    def _grid(box: QGroupBox) -> QGridLayout:
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        return grid

    def _build_ui(self) -> None:
        self.problems = {
            key: problem_label()
            for key in (
                "times",
                "code",
                "objectives",
                "intervention",
                "response",
                "plan",
                "place_of_service",
                "manual_reason",
                "group_size",
                "note",
            )
        }
        self.copied = {"intervention": copied_label(), "plan": copied_label()}
        self.empty = hint(
            self.tr(
                "Start the timer, pick a session from today's list, or enter an untimed "
                "session: its note appears here."
            )
        )
        # A long name at a large system font wraps rather than widening the window past
        # the screen (this title row set the window's minimum width: 1,476 px at 18 pt).
        self.title = heading(self.tr("Note"), wrap=True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        # Room for its usual texts, kept as they change: an autosave repaints only the
        # status, not the window. A longer one ("Saving… (another program is writing;
        # kept safe)") wraps onto a second line; it never widens the window.
        self.save_status = StatusText([self.tr("Saving…"), self._saved_text(time(12, 59, 59))])
        self.save_status.setAccessibleName(self.tr("Save status"))
        self.lock_note = QLabel()
        self.lock_note.setWordWrap(True)

        # Units on one line with the rule that produced them beside it.
        self.units_label = QLabel()
        self.units_label.setAccessibleName(self.tr("Units"))
        self.units_explanation = hint("")
        self.units_warning = QLabel()
        self.units_warning.setWordWrap(True)
        self.units_warning.setStyleSheet(theme.css(Tone.WARNING))
        units_row = QHBoxLayout()
        units_row.addWidget(self.units_label, 0, Qt.AlignmentFlag.AlignTop)
        units_row.addWidget(self.units_explanation, 1)

        # Shared part (the whole note for an individual session).
        self.shared_box = QGroupBox(self.tr("Service"))
        shared = self._grid(self.shared_box)
        self.mode_label = QLabel()
        self.code = QComboBox()
        self.code.setAccessibleName(self.tr("Service code"))
        for known in service_codes().values():
            self.code.addItem(f"{known.code} — {known.shown_description}", known.code)
        self.code.currentIndexChanged.connect(self._choice_changed)
        self.place = QComboBox()
        self.place.setAccessibleName(self.tr("Place of service"))
        self.place.addItem(self.tr("Choose where the service happened…"), "")
        for code in places_of_service():
            self.place.addItem(place_label(code), code)
        self.place.currentIndexChanged.connect(self._place_chosen)
        for combo in (self.code, self.place):
            # Narrow enough for a 150% laptop screen; the open list shows whole names.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
            combo.view().setMinimumWidth(320)
        place_label_widget = FocusLabel(self.tr("&Place"))
        place_label_widget.setBuddy(self.place)
        place_label_widget.setFont(scaled_font(place_label_widget.font(), 1.0, bold=True))
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addSpacing(8)
        code_row.addWidget(place_label_widget)
        code_row.addWidget(self.place, 1)
        code_caption = self._row(shared, self.tr("Service co&de"), code_row, "code")
        code_caption.setBuddy(self.code)
        shared.addWidget(self.problems["place_of_service"], shared.rowCount(), 1)
        # In person / telehealth: reached with Tab from Place, changed with the arrows.
        mode_row = QHBoxLayout()
        self.in_person = QRadioButton(self.tr("In person"))
        self.telehealth = QRadioButton(self.tr("Telehealth"))
        self._mode_group = QButtonGroup(self)
        self._mode_group.addButton(self.in_person)
        self._mode_group.addButton(self.telehealth)
        self.in_person.setChecked(True)
        self.telehealth.toggled.connect(self._mode_chosen)
        mode_row.addWidget(self.in_person)
        mode_row.addWidget(self.telehealth)
        mode_row.addSpacing(16)
        mode_row.addWidget(self.mode_label, 1)
        self._row(shared, self.tr("Mode"), mode_row, "group_size")
        self.manual_reason = QLineEdit()
        self.manual_reason.textChanged.connect(self._changed)
        self.manual_reason.installEventFilter(self._focus_saver)
        self.manual_label = self._row(
            shared, self.tr("Reason not timed"), self.manual_reason, "manual_reason"
        )

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(1)
        self.methods: dict[str, QCheckBox] = {}
        # Four short columns: three rows instead of four keep the whole note on a
        # 1280x720 screen without squeezing the boxes below their height.
        columns = 4
        for index, method in enumerate(timing.INTERVENTION_METHODS):
            box = QCheckBox(timing.method_label(method))
            box.toggled.connect(self._changed)
            self.methods[method] = box
            grid.addWidget(box, index // columns, index % columns)
        methods_caption = self._row(shared, self.tr("Wh&at you did"), grid, None)
        # The caption's mnemonic lands on the first method and never ticks it.
        methods_caption.setBuddy(self.methods[timing.INTERVENTION_METHODS[0]])
        self.intervention = self._text(
            self.tr("Intervention details"),
            self.tr("Details: what you modeled, prompted, practiced…"),
        )
        self._row(shared, self.tr("Detai&ls"), self.intervention, "intervention")
        shared.addWidget(self.copied["intervention"], shared.rowCount(), 1)
        # One line: it is optional, and the fields every note needs come first on screen.
        self.narrative = self._text(
            self.tr("Narrative"),
            self.tr("Anything else that happened (optional): others present, setting…"),
            1,
        )
        self._row(shared, self.tr("Narrative"), self.narrative, "note")

        # Each attendee's own part.
        self.own_box = QGroupBox(self.tr("Progress"))
        own = self._grid(self.own_box)
        self.objectives_area = QWidget()
        self.objectives_layout = QVBoxLayout(self.objectives_area)
        self.objectives_layout.setContentsMargins(0, 0, 0, 0)
        self.objectives_layout.setSpacing(2)
        self._no_plan_hint = hint("")
        self._no_plan_hint.hide()
        self.objectives_layout.addWidget(self._no_plan_hint)
        self.objectives_label = self._row(
            own, self.tr("&Objectives"), self.objectives_area, "objectives"
        )
        self.response = self._text(
            self.tr("Client response"),
            self.tr("How the client responded; progress or barriers toward the goal"),
        )
        self._row(own, self.tr("&Response"), self.response, "response")
        self.plan = self._text(self.tr("Plan"), self.tr("What happens next session; new needs"))
        self._row(own, self.tr("Ne&xt session"), self.plan, "plan")
        own.addWidget(self.copied["plan"], own.rowCount(), 1)
        # Captions share one width in both boxes, so the fields line up. The caption of a
        # field most notes never show (the reason a session was not timed: the longest,
        # in Spanish) wraps instead of widening every caption: at 1366x768 that width was
        # taken from the service and place choices, which then cut their names short.
        self.manual_label.setWordWrap(True)
        captions = [
            w
            for w in (*self.shared_box.findChildren(QLabel), *self.own_box.findChildren(QLabel))
            if isinstance(w, FocusLabel) and w is not place_label_widget
        ]
        width = max(w.sizeHint().width() for w in captions if w is not self.manual_label)
        for caption in captions:
            caption.setMinimumWidth(width)

        # Filling a draft faster: the coach's template, or the last note's text.
        # Mnemonic letters still free in the main window: M here; the copy has a shortcut.
        self.template_button = QPushButton(self.tr("Use te&mplate"))
        self.template_button.setAccessibleName(self.tr("Use template"))
        self.template_button.clicked.connect(self.use_template)
        self.copy_button = QPushButton(self.tr("Copy from last note"))
        self.copy_button.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.copy_button.clicked.connect(self.copy_from_last)
        self.fill_hint = hint("")
        self.fill_row = QWidget()
        fill = QHBoxLayout(self.fill_row)
        fill.setContentsMargins(0, 0, 0, 0)
        fill.addWidget(self.template_button)
        fill.addWidget(self.copy_button)
        self.sign_button = QPushButton(self.tr("Sign… (Ctrl+Enter)"))
        self.sign_button.clicked.connect(self.open_sign)
        # Rare, deliberate actions carry no mnemonic: every letter is taken by a field
        # the coach types into, and Alt+letter must never void or move a note by accident.
        self.addendum_button = QPushButton(self.tr("Add addendum…"))
        self.addendum_button.clicked.connect(self.open_addendum)
        self.discard_button = QPushButton(self.tr("Discard draft…"))
        self.discard_button.clicked.connect(self.open_discard)
        self.times_button = QPushButton(self.tr("Correct times…"))
        self.times_button.clicked.connect(self.open_correct_times)
        self.client_button = QPushButton(self.tr("Change client…"))
        self.client_button.clicked.connect(self.open_change_client)
        self.addenda = QLabel()
        self.addenda.setWordWrap(True)
        self.addenda.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        actions = QHBoxLayout()
        actions.addWidget(self.save_status, 1)
        # Wraps onto two lines at a large system font instead of widening the window.
        button_row = FlowRow()
        button_row.addWidget(self.client_button)
        button_row.addWidget(self.times_button)
        button_row.addWidget(self.discard_button)
        button_row.addWidget(self.addendum_button)
        button_row.addWidget(self.sign_button)
        actions.addLayout(button_row)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._sign_from_keyboard)

        self.body = QWidget()
        # Its fields sit from the top down: when a problem line shows or hides, the body
        # changes height, and only what moved is painted again, not the whole note.
        self.body.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(4)
        body.addWidget(self.problems["times"])
        body.addWidget(self.lock_note)
        body.addLayout(units_row)
        body.addWidget(self.units_warning)
        body.addWidget(self.fill_hint)
        body.addWidget(self.shared_box)
        body.addWidget(self.own_box)
        body.addWidget(self.addenda)
        body.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.body)
        keep_focus_visible(scroll)

        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addSpacing(12)
        header.addWidget(self.details, 1)
        # Template and copy sit in the title row: a row of their own pushed the plan
        # below the fold on a 150% screen.
        header.addWidget(self.fill_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        layout.addWidget(separator())
        layout.addLayout(actions)
        self.note_scroll = scroll
        # Tab follows the row left to right, Sign last (they were made in another order).
        buttons = [
            self.client_button,
            self.times_button,
            self.discard_button,
            self.addendum_button,
            self.sign_button,
        ]
        for before, after in pairwise([self.plan, *buttons]):
            QWidget.setTabOrder(before, after)

    def focus_first_missing(self) -> QWidget | None:
        """Put the keyboard focus on the first field the note still lacks (after Stop,
        or when End of day sends a draft here), so the coach types straight away."""
        session = self.session
        if session is None or session.signed:
            return None
        missing = {m.field for m in missing_elements(session)}
        first_box = next(iter(self._objective_boxes.values()), None)
        for field, widget in (
            ("code", self.code),
            ("place_of_service", self.place),
            ("manual_reason", self.manual_reason),
            ("intervention", self.intervention),
            ("objectives", first_box),
            ("response", self.response),
            ("plan", self.plan),
        ):
            if field in missing and widget is not None and widget.isEnabled():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return widget
        return None

    def _sign_from_keyboard(self) -> None:
        """Ctrl+Enter, as in End of day: the Sign dialog, where Enter (or Ctrl+Enter again)
        signs; the coach still reads what the signature attests."""
        if self.session is not None and self.session.status.value == "draft":
            self.open_sign()

    # ---- which session ---------------------------------------------------------

    def set_staff(self, staff_id: str | None) -> None:
        self.staff_id = staff_id

    def show_session(self, session_id: str | None, known: Session | None = None) -> None:
        """Show one session's note (saving what was typed in the previous one);
        ``known``: the session as a service just wrote it (the timer's Start), not read
        again on the GUI thread."""
        self.flush()
        if session_id != self._sign_when_stored:
            self._sign_when_stored = None  # the coach went on to another note
        self.session = None
        if known is not None and known.id == session_id:
            self.session = known
        elif session_id is not None:
            try:
                self.session = self.store.session(session_id)
            except NotFoundError:
                self.session = None
        has = self.session is not None
        self.empty.setVisible(not has)
        self.note_scroll.setVisible(has)
        self.sign_button.setVisible(has)
        self.addendum_button.setVisible(has)
        self.discard_button.setVisible(has)
        self.times_button.setVisible(has)
        self.client_button.setVisible(has)
        self.save_status.setText("")
        if self.session is None:
            self.title.setText(self.tr("Note"))
            self._units_timer.stop()
            return
        self._load()

    @property
    def is_group(self) -> bool:
        return self.session is not None and self.session.group_id is not None

    def _client_name(self, session: Session) -> str:
        try:
            return self.store.client(session.client_id).name
        except NotFoundError:
            return self.tr("(unknown client)")

    def _load(self) -> None:
        session = self.session
        assert session is not None
        self._loading = True
        try:
            name = self._client_name(session)
            # Two notes of one client on a day (alone, in a group) must not look alike.
            group = (
                self.tr(" · group of {group_size}").format(group_size=session.group_size)
                if session.group_id
                else ""
            )
            self.title.setText(self.tr("Note — {name}{group}").format(name=name, group=group))
            self._show_details(session)
            self.code.setCurrentIndex(max(0, self.code.findData(session.code)))
            self.code.setEnabled(not self.is_group)
            manual = session.manual_reason is not None
            self.manual_label.setVisible(manual)
            self.manual_reason.setVisible(manual)
            self.manual_reason.setText(session.manual_reason or "")
            self.place.setCurrentIndex(max(0, self.place.findData(session.place_of_service)))
            (self.telehealth if session.telehealth else self.in_person).setChecked(True)
            methods, details = timing.split_intervention(session.intervention)
            for method, box in self.methods.items():
                box.setChecked(method in methods)
            self.intervention.setPlainText(details)
            self.narrative.setPlainText(session.note)
            self.response.setPlainText(session.response)
            self.plan.setPlainText(session.plan)
            self._fill_objectives(session)
            if self.is_group:
                self.shared_box.setTitle(
                    self.tr("Shared by all attendees — written once, copied to each note")
                )
                self.own_box.setTitle(self.tr("{name} — their own progress").format(name=name))
            else:
                self.shared_box.setTitle(self.tr("Service"))
                self.own_box.setTitle(self.tr("Progress"))
        finally:
            self._loading = False
        self._dirty = False
        self._apply_lock()
        self._load_fill_helpers()
        self._show_missing()
        self.refresh_units()
        if session.status.value == "running":
            self._units_timer.start()
        else:
            self._units_timer.stop()

    def _show_details(self, session: Session) -> None:
        zone = session.timezone
        first, last = session.first_start(), session.last_end()
        day = weekday_date_text(local(first, zone).date()) if first else self.tr("no times yet")
        times = ""
        if first is not None:
            end = last if last and session.status.value != "running" else None
            pauses = len(session.segments) - 1
            pause_text = self.tr(", %n pause(s)", "", pauses) if pauses > 0 else ""
            running_until = self.tr("now")
            times = f" · {span_text(first, end, zone, running_until)}{pause_text}"
        status = {
            "running": self.tr("Timer running"),
            "draft": self.tr("Draft"),
            "signed": self.tr("Signed"),
            "voided": self.tr("Voided"),
        }[session.status.value]
        manual = self.tr(" · Manual entry") if session.manual_reason is not None else ""
        edits = [c for c in self.store.time_corrections(session.id) if c.kind == "time_edit"]
        corrected = (
            self.tr(" · times corrected: {reason}").format(reason=edits[-1].reason) if edits else ""
        )
        self.details.setText(f"{day}{times} · {status}{manual}{corrected}")
        if session.is_group or session.group_id:
            present = session.group_size
            self.mode_label.setText(
                self.tr("Group session · {present} clients present").format(present=present)
            )
        else:
            self.mode_label.setText(self.tr("Individual session"))

    def _client_plans(self, client_id: str) -> list[TreatmentPlan]:
        """The client's plans, read once per client until a plan or client changes (the
        bus clears them): opening notes one after another costs no plan queries."""
        plans = self._plans.get(client_id)
        if plans is None:
            plans = self._plans[client_id] = self.store.plans(client_id)
        return plans

    def _forget_plans(self, _changes: Changes) -> None:
        self._plans.clear()

    def _fill_objectives(self, session: Session) -> None:
        """The objectives of the plan covering the note's day, as check boxes. A plan's
        boxes are built once and kept (hidden while another plan is shown): opening the
        next note of a client only ticks them (widget building was most of an open)."""
        day = session.service_date() or local(self.clock.read().wall, session.timezone).date()
        covering = [p for p in self._client_plans(session.client_id) if p.covers(day)]
        plan = covering[-1] if covering else None
        ticked = set(session.objective_ids)
        if self._objectives_panel is not None:
            self._objectives_panel.hide()
        if plan is None:
            self._no_plan_hint.setText(
                self.tr(
                    "No treatment plan covers {day}: add or extend the plan (Setup) so "
                    "this note can name the goal it worked on."
                ).format(day=day)
            )
            self._no_plan_hint.show()
            self._objectives_panel = None
            self._objective_boxes = {}
            self._hidden_objectives = list(session.objective_ids)
            return
        self._no_plan_hint.hide()
        shape = tuple(
            (goal.text, tuple((o.id, o.text, o.retired) for o in visible))
            for goal in plan.goals
            if (visible := [o for o in goal.objectives if not o.retired or o.id in ticked])
        )
        built = self._objective_panels.pop(shape, None)
        panel, boxes = built if built is not None else self._objectives_for(shape)
        self._objective_panels[shape] = (panel, boxes)  # the newest last: kept longest
        while len(self._objective_panels) > OBJECTIVE_PANELS_KEPT:
            oldest = next(iter(self._objective_panels))
            old_panel, _boxes = self._objective_panels.pop(oldest)
            old_panel.deleteLater()
        for objective_id, box in boxes.items():
            box.setChecked(objective_id in ticked)
        panel.show()
        self._objectives_panel = panel
        self._objective_boxes = boxes
        if boxes:
            self.objectives_label.setBuddy(next(iter(boxes.values())))
        # The boxes are made after the rest of the form, so Tab would reach them after
        # Sign; chain them where they are seen: after the narrative, before the response.
        chain = [self.narrative, *boxes.values(), self.response]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        # Ticks on objectives of another plan stay on the note untouched.
        self._hidden_objectives = [i for i in session.objective_ids if i not in boxes]

    def _objectives_for(
        self, shape: tuple[tuple[str, tuple[tuple[str, str, bool], ...]], ...]
    ) -> tuple[QWidget, dict[str, QCheckBox]]:
        """One plan's goals and objective boxes, in a panel of their own."""
        panel = QWidget(self.objectives_area)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        boxes: dict[str, QCheckBox] = {}
        for goal_text, objectives in shape:
            goal_label = QLabel(self.tr("Goal: {text}").format(text=goal_text))
            goal_label.setWordWrap(True)
            goal_label.setStyleSheet("font-style: italic;")
            layout.addWidget(goal_label)
            for objective_id, text, retired in objectives:
                box = QCheckBox(text + (self.tr(" (retired)") if retired else ""))
                box.setToolTip(text)
                box.toggled.connect(self._changed)
                layout.addWidget(box)
                boxes[objective_id] = box
        panel.hide()
        self.objectives_layout.addWidget(panel)
        return panel, boxes

    # ---- read-only when signed ------------------------------------------------------

    def _apply_lock(self) -> None:
        session = self.session
        assert session is not None
        signed = session.signed
        for widget in (
            self.code,
            self.place,
            self.in_person,
            self.telehealth,
            *self.methods.values(),
            *self._objective_boxes.values(),
        ):
            widget.setEnabled(not signed and (widget is not self.code or not self.is_group))
        for edit in (self.intervention, self.narrative, self.response, self.plan):
            edit.setReadOnly(signed)
        self.manual_reason.setReadOnly(signed)
        self.sign_button.setVisible(not signed)
        self.sign_button.setEnabled(session.status.value == "draft")
        self.sign_button.setToolTip(
            self.tr("Stop the timer before signing.")
            if session.status.value == "running"
            else self.tr("Check the note, then sign and lock it.")
        )
        self.addendum_button.setVisible(signed)
        self.discard_button.setVisible(not signed)
        self.discard_button.setEnabled(session.status.value == "draft")
        self.times_button.setVisible(not signed)
        self.times_button.setEnabled(session.status.value == "draft")
        self.client_button.setVisible(not signed and not self.is_group)
        self.client_button.setEnabled(session.status.value == "draft")
        self.times_button.setToolTip(
            self.tr("Stop the timer before correcting the times.")
            if session.status.value == "running"
            else self.tr("Edit each stretch's start and stop, add or remove one; say why.")
        )
        self.discard_button.setToolTip(
            self.tr("Stop the timer before discarding.")
            if session.status.value == "running"
            else self.tr("Keep it as voided, with a reason: it counts for nothing.")
        )
        if signed and session.signature is not None:
            sig = session.signature
            when = datetime_text(local(sig.signed_at, sig.timezone))
            late = self.tr(" (late entry)") if sig.late else ""
            self.lock_note.setText(
                self.tr(
                    "🔒 Signed by {signer_name}, {credential}, on {when}{late}. "
                    "The note is locked; add an addendum to correct or add to it."
                ).format(
                    signer_name=sig.signer_name, credential=sig.credential, when=when, late=late
                )
            )
        elif self.is_group:
            self.lock_note.setText(
                self.tr(
                    "Changes to the shared part are copied to every attendee whose note is not "
                    "yet signed."
                )
            )
        else:
            self.lock_note.setText("")
        self.lock_note.setVisible(bool(self.lock_note.text()))
        if session.addenda:
            parts = []
            for addendum in session.addenda:
                when = datetime_text(local(addendum.written_at, addendum.timezone))
                parts.append(
                    self.tr("<p><b>Addendum</b> by {signer_name}, {when} — {0}<br>{1}</p>").format(
                        _escape(addendum.reason),
                        _escape(addendum.text),
                        signer_name=addendum.signer_name,
                        when=when,
                    )
                )
            self.addenda.setText("".join(parts))
            self.addenda.setVisible(True)
        else:
            self.addenda.setVisible(False)

    # ---- service, place and mode: choices, saved at once ------------------------------

    def _choice_changed(self, *_args: object) -> None:
        """A code, place or mode was chosen: saved now (not after a typing pause), so the
        units and modifiers shown below are at once those of the new choice."""
        if self._loading or self.session is None or self.session.signed:
            return
        self._changed()
        self.flush()

    def _place_chosen(self, *_args: object) -> None:
        """POS 02 and 10 are telehealth, every other place is in person: the mode follows
        the place the coach picked, so the note never claims both."""
        place = str(self.place.currentData() or "")
        if not self._loading and place:
            telehealth = place in TELEHEALTH_PLACES
            if self.telehealth.isChecked() != telehealth:
                self._following = True
                try:
                    (self.telehealth if telehealth else self.in_person).setChecked(True)
                finally:
                    self._following = False
        self._choice_changed()

    def _mode_chosen(self, *_args: object) -> None:
        """In person / telehealth changed: a place that belongs to the other mode is
        cleared, and the form asks for one of this mode (telehealth: 02 or 10)."""
        if self._following:
            return
        place = str(self.place.currentData() or "")
        wrong_mode = bool(place) and (place in TELEHEALTH_PLACES) != self.telehealth.isChecked()
        if not self._loading and wrong_mode:
            self._following = True
            try:
                self.place.setCurrentIndex(0)  # "Choose where the service happened…"
            finally:
                self._following = False
        self._choice_changed()

    # ---- templates, quick texts, copy from last note ---------------------------------

    def _load_fill_helpers(self) -> None:
        """The coach's quick texts, this draft's copy marks, and which fill actions apply."""
        session = self.session
        assert session is not None
        coach = self.staff_id or session.staff_id
        self._phrases = {q.key: q.phrase for q in self.store.quick_texts(coach)}
        self._copy_marks = [] if session.signed else self.store.note_copies(session.id)
        self._show_copies()
        self._update_fill_actions()

    def _form_template(self) -> NoteTemplate | None:
        session = self.session
        if session is None or session.signed:
            return None
        code = str(self.code.currentData() or session.code)
        template = self.store.note_template(session.staff_id, code)
        return None if template is None or template.is_empty() else template

    def _template_targets(self) -> dict[str, QPlainTextEdit]:
        return {"intervention": self.intervention, "response": self.response, "plan": self.plan}

    def _update_fill_actions(self) -> None:
        session = self.session
        draft = session is not None and not session.signed
        self.fill_row.setVisible(draft)
        if session is None or not draft:
            return
        template = self._form_template()
        empty = {n for n, e in self._template_targets().items() if not e.toPlainText().strip()}
        fillable = template is not None and any(template.field_text(n).strip() for n in empty)
        self.template_button.setEnabled(fillable)
        code = str(self.code.currentData() or session.code)
        if template is None:
            self.template_button.setToolTip(
                self.tr("No template of yours for {code} (Setup ▸ Templates).").format(code=code)
            )
        else:
            self.template_button.setToolTip(
                self.tr(
                    "Fill the empty fields from your {code} template; replace each [placeholder]."
                ).format(code=code)
            )
        copyable = bool(empty - {"response"}) or not self._ticked_objectives()
        self.copy_button.setEnabled(copyable)
        self.copy_button.setToolTip(
            self.tr(
                "Copy objectives, intervention and plan of this client's last "
                "{code} note into the empty fields (never the response). Ctrl+Shift+L"
            ).format(code=code)
        )

    def _ticked_objectives(self) -> list[str]:
        return [i for i, box in self._objective_boxes.items() if box.isChecked()]

    def use_template(self) -> bool:
        """Fill the empty intervention, response and plan from the coach's template for
        this code, then select the first placeholder so typing replaces it."""
        template = self._form_template()
        if template is None:
            self.fill_hint.setText(
                self.tr("No template of yours for this code: add one in Setup ▸ Templates.")
            )
            return False
        filled = []
        for name, edit in self._template_targets().items():
            text = template.field_text(name)
            if text.strip() and not edit.toPlainText().strip():
                edit.setPlainText(text)
                filled.append(name)
        if not filled:
            self.fill_hint.setText(self.tr("Every field the template fills already has text."))
            return False
        self.fill_hint.setText(
            self.tr("Template used: replace each [placeholder] with what happened.")
        )
        self._update_fill_actions()
        select_first_placeholder(list(self._template_targets().values()))
        return True

    def copy_from_last(self) -> bool:
        """Copy objectives, intervention and plan of the client's last note of this code
        into the empty fields (saved first; the copied text stays marked until edited)."""
        self.flush()
        if self.session is None or self.session.signed:
            return False
        # Imported on first use: its modules are no part of the first paint (issue 12).
        from sessionlog.services import templates

        try:
            result = templates.copy_from_last(self.store, self.session.id)
        except StoreError as exc:
            reason = str(exc).split(": ", 1)[-1]  # without "Session <id>: "
            self.fill_hint.setText(reason[:1].upper() + reason[1:] + ".")
            return False
        session_id = self.session.id
        self.show_session(session_id)
        if result.fields or result.objectives:
            self.fill_hint.setText(
                self.tr(
                    "Copied from the note of {source_date}: make it about this session."
                ).format(source_date=result.source_date)
            )
            self.bus.publish(result.changes)
        else:
            self.fill_hint.setText(self.tr("Nothing to copy: those fields already have text."))
        return bool(result.fields or result.objectives)

    def _show_copies(self) -> None:
        """Tint each field still holding the text copied into it."""
        values = {
            "intervention": timing.compose_intervention(
                [m for m, box in self.methods.items() if box.isChecked()],
                self.intervention.toPlainText(),
            ),
            "plan": self.plan.toPlainText(),
        }
        edits = {"intervention": self.intervention, "plan": self.plan}
        marks = {m.field: m for m in self._copy_marks}
        for name, label in self.copied.items():
            mark = marks.get(name)
            unedited = mark is not None and values[name] == mark.text
            show_copied(
                edits[name], label, mark.source_date.isoformat() if unedited and mark else None
            )

    # ---- saving ---------------------------------------------------------------------

    def _changed(self, *_args: object) -> None:
        if self._loading or self.session is None or self.session.signed:
            return
        if self._copy_marks:
            self._show_copies()
        self._dirty = True
        self.save_status.setText(self.tr("Saving…"))
        self._autosave.start()
        if not self._autosave_deadline.isActive():
            self._autosave_deadline.start()

    def _form_values(self) -> dict[str, object]:
        methods = [m for m, box in self.methods.items() if box.isChecked()]
        ticked = [i for i, box in self._objective_boxes.items() if box.isChecked()]
        values: dict[str, object] = {
            "place_of_service": str(self.place.currentData() or ""),
            "telehealth": self.telehealth.isChecked(),
            "intervention": timing.compose_intervention(methods, self.intervention.toPlainText()),
            "note": self.narrative.toPlainText(),
            "objective_ids": [*self._hidden_objectives, *ticked],
            "response": self.response.toPlainText(),
            "plan": self.plan.toPlainText(),
        }
        if not self.is_group:
            values["code"] = str(self.code.currentData())
        assert self.session is not None
        if self.session.manual_reason is not None:
            values["manual_reason"] = self.manual_reason.text()
        return values

    def shut_down(self) -> None:
        """The window closes: save the typing and stop refreshing (the database closes next)."""
        self.flush()
        self._units_timer.stop()
        self._units_after_paint.cancel()
        self._units_pending = False

    def autosave(self) -> None:
        """A pause in typing (or the 2 s deadline): what was typed is written by the
        writer thread on its own connection, so typing never waits for the disk; the
        form says "Saving…" until it is in the database, then "Saved" (and ``saved`` is
        emitted: only then is the write acknowledged). Without a writer, as ``flush``."""
        if self.pending is None:
            self.flush()
            return
        self._autosave.stop()
        self._autosave_deadline.stop()
        if not self._dirty or self.session is None or self._saving:
            return
        session_id = self.session.id
        write = self._note_write(session_id, self.session.group_id, self._form_values())
        self._dirty = False
        self.pending.submit(f"note:{session_id}", write)

    def flush(self) -> bool:
        """Write what was typed, now, on the GUI's connection (focus-out, switching
        notes, signing, closing: what comes next reads it back). False when it could not
        be: it waits for the writer thread (another write holds the lock, or an older
        write in flight may still land after it), or was refused."""
        self._autosave.stop()
        self._autosave_deadline.stop()
        if self.session is None or self._saving:
            return True
        key = f"note:{self.session.id}"
        # An autosave still on its way to the database (the writer thread): what comes
        # next (the Sign dialog, another note) would read the text without it.
        in_flight = self._pending_has(key)
        if not self._dirty and not in_flight:
            return True
        self._saving = True
        queued_behind = False
        try:
            values = self._form_values()
            session_id = self.session.id
            write = self._note_write(session_id, self.session.group_id, values)
            if self.pending is None:
                written = write(self.store)
            elif in_flight:
                try:
                    written = write(self.store)
                except BusyError:
                    self.pending.submit(key, write)
                    self._dirty = False
                    self.save_status.setText(
                        self.tr("Saving… (another program is writing; kept safe)")
                    )
                    return False
                if self._dirty:
                    # Typed since the write in flight was made: it may land after this
                    # one, so the same newest text is queued behind it, and the note
                    # ends as typed whatever the order. Until then the database may
                    # still hold the older text: what comes next waits for it (the Sign
                    # dialog read a plan as missing that was on the screen).
                    self.pending.submit(key, write)
                    queued_behind = True
            else:
                done, result = self.pending.write(key, write, self.store)
                if not done:
                    # Another program holds the write lock: saved in the background.
                    self._dirty = False
                    self.save_status.setText(
                        self.tr("Saving… (another program is writing; kept safe)")
                    )
                    return False
                assert isinstance(result, Written)
                written = result
        except StoreError as exc:
            log.warning("note not saved: %s", type(exc).__name__)
            self.save_status.setText(self.tr("Not saved: {exc}").format(exc=exc))
            return False
        finally:
            self._saving = False
        self._dirty = False
        self._stored(written)
        self.save_status.setText(self._saved_text(datetime.now()))
        self.saved.emit(session_id)
        self._publish_own(written.changes)
        return not queued_behind

    def _saved_text(self, moment: datetime | time) -> str:
        return self.tr("Saved {stamp}").format(stamp=time_text(moment, seconds=True))

    def _stored(self, written: Written[Session]) -> None:
        """The note as its write stored it (what the write returned, not read back on
        the GUI thread): its missing elements, and its units recounted only when the
        write changed what billing reads (words alone leave the preview as it is)."""
        before, self.session = self.session, written.value
        self._show_missing()
        if before is None or not same_lines(before, written.value):
            self.refresh_units()

    def _publish_own(self, changes: Changes) -> None:
        """Tell the other views; this form already shows what it wrote (its units are
        recounted if billing moved), so it does not read the session back for its own
        change."""
        self._own_change = True
        try:
            self.bus.publish(changes)
        finally:
            self._own_change = False

    def _note_write(
        self, session_id: str, group_id: str | None, values: dict[str, object]
    ) -> Callable[[NoteWriting], Written[Session]]:
        """The write of these values, for any connection (the GUI's or a worker's); a
        group note's shared part goes to every attendee."""
        shared_with = group_id if self.is_group else None

        def write(store: NoteWriting) -> Written[Session]:
            return timing.save_note(store, session_id, shared_with, **values)

        return write

    def use_pending_writes(self, pending: PendingWrites) -> None:
        """Autosaves that meet another program's write lock finish in the background."""
        self.pending = pending
        pending.saved.connect(self._on_saved_later)
        pending.failed.connect(self._on_failed_later)

    def _on_saved_later(self, key: str, written: object) -> None:
        if not key.startswith("note:") or not isinstance(written, Written):
            return
        if getattr(getattr(self.store, "db", None), "closed", False):
            return  # the window's database closed meanwhile (quit, restore, a test's end)
        session_id = key.removeprefix("note:")
        if self.session is None or session_id != self.session.id:
            # The coach went on to another note meanwhile: the others still hear of it.
            self.saved.emit(session_id)
            self.bus.publish(written.changes)
            return
        self._stored(written)
        if not self._dirty:
            self.save_status.setText(self._saved_text(datetime.now()))
        self.saved.emit(session_id)
        self._publish_own(written.changes)
        if self._sign_when_stored == session_id and not self._pending_has(key):
            self.open_sign()  # Ctrl+Enter (or Sign) was pressed while it was being stored

    def _pending_has(self, key: str) -> bool:
        return self.pending is not None and self.pending.has(key)

    def _on_failed_later(self, key: str, problem: str) -> None:
        if self.session is not None and key == f"note:{self.session.id}":
            self._sign_when_stored = None  # not signed: the note is not what is on screen
            self._dirty = True  # what is on screen is not in the database: keep trying
            self.save_status.setText(self.tr("Not saved: {problem}").format(problem=problem))

    # ---- feedback ---------------------------------------------------------------------

    def _show_missing(self) -> None:
        assert self.session is not None
        found = {m.field: m.message for m in missing_elements(self.session)}
        for key, label in self.problems.items():
            set_problem(label, None if self.session.signed else found.get(key))

    def units_pending(self) -> bool:
        """Whether the unit preview is still being worked out (tests, benchmarks)."""
        return self._units_pending

    def refresh_units(self) -> None:
        """Work the unit preview out off the GUI thread (it reads the client's history
        back to the authorization's start), then show it. The worker starts once the
        window has painted (``AfterPaint``): opening a note, a save or another view's
        change is on screen before the recount competes with it for the GIL; calls
        meanwhile make one recount."""
        if self.session is None:
            return
        self._units_generation += 1
        self._units_pending = True
        self._units_after_paint.start()

    def _start_units(self) -> None:
        session = self.session
        if session is None or records_closed(self.store):
            self._units_pending = False
            return
        now = self.clock.read().wall
        generation = self._units_generation

        def work(store: Reader) -> tuple[BillingLine, date | None] | Exception:
            try:
                line = preview_session(store, session, now)
                day = session.service_date()
                ended = (
                    None
                    if day is None
                    else timing.expired_authorization_end(
                        store, session.client_id, session.code, day
                    )
                )
            except (StoreError, ValueError) as exc:
                return exc
            return line, ended

        def shown(result: tuple[BillingLine, date | None] | Exception | None) -> None:
            if generation != self._units_generation:
                return
            self._units_pending = False
            if self.session is None or self.session.id != session.id:
                return
            self._show_units(self.session, now, result)
            self.units_shown.emit()

        # After the click or save that asked has been handled and painted (ui/idle.py).
        read_after_idle(self, self.store, (self, "units"), work, shown)

    def _show_units(
        self,
        session: Session,
        now: datetime,
        result: tuple[BillingLine, date | None] | Exception | None,
    ) -> None:
        if not isinstance(result, tuple):
            self.units_label.setText(self.tr("Units cannot be worked out yet."))
            self.units_explanation.setText(str(result) if result is not None else "")
            self.units_warning.setVisible(False)
            return
        line, ended = result
        billable = line.billable_units if session.signed else line.billable_if_signed
        code = line.code_with_modifiers
        so_far = self.tr(" so far") if FLAG_RUNNING in line.flags else ""
        text = self.tr("<b>%n unit(s)</b> of {code} · ", "", line.units).format(code=code)
        text += self.tr("{minutes} min{so_far}").format(minutes=line.minutes, so_far=so_far)
        if billable != line.units:
            text += self.tr(" — <b>{billable} billable</b>").format(billable=billable)
        self.units_label.setText(text)
        self.units_explanation.setText(line.explanation)
        warnings = [
            flag_description(flag)
            for flag in line.flags
            if flag not in (FLAG_UNSIGNED, FLAG_RUNNING)
        ]
        explanation = line.explanation
        others = len(line.session_ids) - 1
        if others > 0:
            own = session.minutes(now)
            explanation = self.tr(
                "This session: {own} min. The payer counts the day's minutes together, so "
                "the units are for the day with %n other session(s) of this client and "
                "service.\n{explanation}",
                "",
                others,
            ).format(own=own, explanation=explanation)
        self.units_explanation.setText(explanation)
        if ended is not None:
            warnings.insert(
                0,
                self.tr("The authorization for {code} expired on {ended}.").format(
                    code=session.code, ended=ended
                ),
            )
        self.units_warning.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.units_warning.setVisible(bool(warnings))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.TEMPLATE) and self.session is not None:
            self._load_fill_helpers()
        if not changes.touches(Entity.SESSION) or self.session is None or self._saving:
            return
        if self._own_change:
            # Its own autosave: already on screen. A group note's write names every
            # attendee too, but only their copies of the shared words and place, which
            # move none of this client's units (nor are shown here).
            return
        day = self.session.service_date()
        if changes.sessions_named and not (
            self.session.id in changes.session_ids
            # Another session of the client (day totals, draw-down), or of that day
            # (overlap), can move this one's units; any other cannot.
            or self.session.client_id in changes.session_clients
            or any(changed == day for _client, changed in changes.session_days)
        ):
            return
        try:
            fresh = self.store.session(self.session.id)
        except NotFoundError:
            self.show_session(None)
            return
        signed_now = fresh.signed and not self.session.signed
        timing_changed = fresh.segments != self.session.segments
        # Only the form edits the text, so a change elsewhere never overwrites typing.
        self.session = fresh
        if signed_now:
            self._load()
            return
        if timing_changed:
            self._show_details(self.session)
            self._show_missing()
            if self.session.status.value == "running":
                self._units_timer.start()
            else:
                self._units_timer.stop()
            self._apply_lock()
        self.refresh_units()

    # ---- sign and addendum (the dialogs live in their own modules) -----------------------

    def open_sign(self) -> QWidget | None:
        """Open the Sign dialog (window-modal; the form reloads when it closes). When
        what was typed is still on its way to the database (the write lock was held
        longer than the GUI waits), the dialog opens once it is stored: it reads the note
        back, and would otherwise call a field on the screen missing."""
        stored = self.flush()
        if self.session is None or self.staff_id is None or self.dialog is not None:
            return None
        if not stored and self._pending_has(f"note:{self.session.id}"):
            self._sign_when_stored = self.session.id
            self.save_status.setText(
                self.tr("Saving… the Sign dialog opens as soon as the note is stored.")
            )
            return None
        self._sign_when_stored = None
        from sessionlog.ui.dialogs.sign import SignDialog

        dialog = SignDialog(
            self.store,
            self.session.id,
            self.staff_id,
            self,
            bus=self.bus,
            now=self._now,
            writes=self.pending,
        )
        return self._open_dialog(dialog)

    def open_addendum(self) -> QWidget | None:
        if self.session is None or self.staff_id is None:
            return None
        from sessionlog.ui.dialogs.addendum import AddendumDialog

        dialog = AddendumDialog(
            self.store, self.session.id, self.staff_id, self, bus=self.bus, now=self._now
        )
        return self._open_dialog(dialog)

    def _now(self) -> datetime:
        return self.clock.read().wall

    def open_discard(self) -> QWidget | None:
        """Discard this draft with a reason (window-modal)."""
        self.flush()
        if self.session is None or self.session.signed:
            return None
        from sessionlog.ui.dialogs.void_draft import VoidDraftDialog

        subject = f"{self.title.text().removeprefix('Note — ')} · {self.session.code}"
        return self._open_dialog(VoidDraftDialog(self.store, self.session.id, subject, self))

    def open_correct_times(self) -> QWidget | None:
        """Correct this draft's times, with a reason (window-modal)."""
        self.flush()
        if self.session is None or self.session.signed:
            return None
        from sessionlog.ui.dialogs.correct_times import CorrectTimesDialog

        return self._open_dialog(CorrectTimesDialog(self.store, self.session.id, self._now, self))

    def open_change_client(self) -> QWidget | None:
        """Move this draft to another client whose plan covers its date (window-modal)."""
        self.flush()
        if self.session is None or self.session.signed or self.is_group:
            return None
        from sessionlog.ui.dialogs.change_client import ChangeClientDialog

        return self._open_dialog(ChangeClientDialog(self.store, self.session.id, self))

    def _open_dialog(self, dialog: QDialog) -> QDialog:
        session_id = self.session.id if self.session else None
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _result: self._after_dialog(dialog, session_id))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _after_dialog(self, dialog: QDialog, session_id: str | None) -> None:
        # Loaded already when such a dialog was opened (not imported for the first paint).
        from sessionlog.ui.dialogs.draft_correction import DraftCorrectionDialog

        self.dialog = None
        # A correction publishes what its service wrote; Sign and Addendum publish their own.
        if isinstance(dialog, DraftCorrectionDialog) and dialog.changes is not None:
            self.bus.publish(dialog.changes)
        if session_id is not None and self.store.session(session_id).void_reason is not None:
            session_id = None  # a voided draft is no longer a note to write
        self.show_session(session_id)


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
    )
