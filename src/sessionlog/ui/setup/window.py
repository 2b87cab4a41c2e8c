"""The caseload setup window: one tab per kind of record.

Each tab's editor is built the first time its tab is shown (or its editor is asked
for): building all seven, with their modules' imports, the time-zone list and each
editor's first read, held the window ~150-250 ms at the Setup window's first open at
300,000 sessions (issue 12), and a coach opening Setup ▸ Clients needs one of them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, cast

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from sessionlog.core.changes import Changes
from sessionlog.services.records import SetupRecords
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.setup.pages import (
    AGENCY,
    AUTHORIZATIONS,
    CLIENTS,
    PAYERS,
    PLANS,
    STAFF,
    TEMPLATES,
)

if TYPE_CHECKING:
    from sessionlog.ui.setup.agency import AgencyEditor
    from sessionlog.ui.setup.authorizations import AuthorizationsEditor
    from sessionlog.ui.setup.clients import ClientsEditor
    from sessionlog.ui.setup.guide import SetupGuide
    from sessionlog.ui.setup.payers import PayersEditor
    from sessionlog.ui.setup.plans import PlansEditor
    from sessionlog.ui.setup.staff import StaffEditor
    from sessionlog.ui.setup.templates import TemplatesEditor

# In the order records depend on each other: who bills and who pays, who you are, then
# the client, their plan and the authorization under it.
PAGE_ORDER = (AGENCY, PAYERS, STAFF, CLIENTS, PLANS, AUTHORIZATIONS, TEMPLATES)


class SetupWindow(QDialog):
    """Not modal: a coach may keep it open beside the day's work."""

    def __init__(
        self,
        store: SetupRecords,
        bus: ChangeBus,
        today: Callable[[], date] = date.today,
        choose_current: Callable[[str], Changes] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Caseload setup"))
        self.setModal(False)
        self.resize(1180, 720)
        self._store = store
        self._bus = bus
        self._today = today
        self._choose_current = choose_current
        self._editors: dict[str, QWidget] = {}
        # Each tab holds a frame its editor is put in when first shown.
        self._frames: dict[str, QWidget] = {}
        self.tabs = QTabWidget()
        # No mnemonics on the tabs (Ctrl+Tab moves between them): the editors' fields
        # need the letters, and a letter claimed twice does nothing.
        titles = {
            AGENCY: self.tr("Agency"),
            PAYERS: self.tr("Payers"),
            STAFF: self.tr("Staff"),
            CLIENTS: self.tr("Clients"),
            PLANS: self.tr("Treatment plans"),
            AUTHORIZATIONS: self.tr("Authorizations"),
            TEMPLATES: self.tr("Templates"),
        }
        for key in PAGE_ORDER:
            frame = QWidget()
            frame_layout = QVBoxLayout(frame)
            frame_layout.setContentsMargins(0, 0, 0, 0)
            self._frames[key] = frame
            self.tabs.addTab(frame, titles[key])
        # Connected after the tabs are added: the first tab becoming current while they
        # are added must not build its editor (the window may open on another page).
        self.tabs.currentChanged.connect(self._build_current_page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        self.guide: SetupGuide | None = None
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    def page(self, key: str) -> QWidget:
        """The editor of the tab ``key`` (one of ``PAGE_ORDER``), built if not yet."""
        editor = self._editors.get(key)
        if editor is None:
            editor = self._build_editor(key)
            self._editors[key] = editor
            frame_layout = self._frames[key].layout()
            assert frame_layout is not None  # set in __init__
            frame_layout.addWidget(editor)
            # A child added to a shown frame would wait for the event loop to show it.
            editor.show()
        return editor

    def built_pages(self) -> list[str]:
        """The keys of the editors built so far, in the tabs' order."""
        return [key for key in PAGE_ORDER if key in self._editors]

    def current_page(self) -> QWidget:
        """The editor of the tab shown."""
        return self.page(PAGE_ORDER[self.tabs.currentIndex()])

    def select_page(self, key: str) -> None:
        """Show the tab ``key``, its editor built."""
        self.page(key)  # built before the tab changes: it is shown already filled in
        self.tabs.setCurrentWidget(self._frames[key])

    def showEvent(self, event: QShowEvent) -> None:
        # Shown without a page chosen (a test, a restored window): the tab on top is built.
        self._build_current_page(self.tabs.currentIndex())
        super().showEvent(event)

    def _build_current_page(self, index: int) -> None:
        if 0 <= index < len(PAGE_ORDER):
            self.page(PAGE_ORDER[index])

    def _build_editor(self, key: str) -> QWidget:
        # Each editor's module is imported with it: the window opens with only the one
        # shown (issue 12).
        store, bus, today = self._store, self._bus, self._today
        if key == AGENCY:
            from sessionlog.ui.setup.agency import AgencyEditor

            return AgencyEditor(store, bus)
        if key == PAYERS:
            from sessionlog.ui.setup.payers import PayersEditor

            return PayersEditor(store, bus, today)
        if key == STAFF:
            from sessionlog.ui.setup.staff import StaffEditor

            return StaffEditor(store, bus, today, self._choose_current)
        if key == CLIENTS:
            from sessionlog.ui.setup.clients import ClientsEditor

            return ClientsEditor(store, bus, today)
        if key == PLANS:
            from sessionlog.ui.setup.plans import PlansEditor

            return PlansEditor(store, bus, today)
        if key == AUTHORIZATIONS:
            from sessionlog.ui.setup.authorizations import AuthorizationsEditor

            return AuthorizationsEditor(store, bus, today)
        if key == TEMPLATES:
            from sessionlog.ui.setup.templates import TemplatesEditor

            return TemplatesEditor(store, bus)
        raise KeyError(key)

    @property
    def agency(self) -> AgencyEditor:
        return cast("AgencyEditor", self.page(AGENCY))

    @property
    def payers(self) -> PayersEditor:
        return cast("PayersEditor", self.page(PAYERS))

    @property
    def staff(self) -> StaffEditor:
        return cast("StaffEditor", self.page(STAFF))

    @property
    def clients(self) -> ClientsEditor:
        return cast("ClientsEditor", self.page(CLIENTS))

    @property
    def plans(self) -> PlansEditor:
        return cast("PlansEditor", self.page(PLANS))

    @property
    def authorizations(self) -> AuthorizationsEditor:
        return cast("AuthorizationsEditor", self.page(AUTHORIZATIONS))

    @property
    def templates(self) -> TemplatesEditor:
        return cast("TemplatesEditor", self.page(TEMPLATES))

    def start_guide(self) -> SetupGuide:
        """Walk the tabs in order, one step at a time (first run)."""
        if self.guide is None:
            from sessionlog.ui.setup.guide import SetupGuide

            self.guide = SetupGuide(self)
            self._layout.insertWidget(0, self.guide)
        self.guide.go(0)
        self.guide.show()
        self.show()
        self.raise_()
        self.activateWindow()
        return self.guide

    def show_page(self, key: str) -> None:
        self.select_page(key)
        self.show()
        self.raise_()
        self.activateWindow()
