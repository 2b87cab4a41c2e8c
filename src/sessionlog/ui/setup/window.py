"""The caseload setup window: one tab per kind of record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from sessionlog.core.changes import Changes
from sessionlog.services.records import SetupRecords
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.setup.agency import AgencyEditor
from sessionlog.ui.setup.authorizations import AuthorizationsEditor
from sessionlog.ui.setup.clients import ClientsEditor
from sessionlog.ui.setup.guide import SetupGuide
from sessionlog.ui.setup.pages import (
    AGENCY,
    AUTHORIZATIONS,
    CLIENTS,
    PAYERS,
    PLANS,
    STAFF,
    TEMPLATES,
)
from sessionlog.ui.setup.payers import PayersEditor
from sessionlog.ui.setup.plans import PlansEditor
from sessionlog.ui.setup.staff import StaffEditor
from sessionlog.ui.setup.templates import TemplatesEditor


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
        self.clients = ClientsEditor(store, bus, today)
        self.plans = PlansEditor(store, bus, today)
        self.authorizations = AuthorizationsEditor(store, bus, today)
        self.staff = StaffEditor(store, bus, today, choose_current)
        self.payers = PayersEditor(store, bus, today)
        self.agency = AgencyEditor(store, bus)
        self.templates = TemplatesEditor(store, bus)
        self.tabs = QTabWidget()
        # In the order records depend on each other: who bills and who pays, who you
        # are, then the client, their plan and the authorization under it.
        self.pages: dict[str, QWidget] = {
            AGENCY: self.agency,
            PAYERS: self.payers,
            STAFF: self.staff,
            CLIENTS: self.clients,
            PLANS: self.plans,
            AUTHORIZATIONS: self.authorizations,
            TEMPLATES: self.templates,
        }
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
        for key, page in self.pages.items():
            self.tabs.addTab(page, titles[key])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        self.guide: SetupGuide | None = None
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    def start_guide(self) -> SetupGuide:
        """Walk the tabs in order, one step at a time (first run)."""
        if self.guide is None:
            self.guide = SetupGuide(self)
            self._layout.insertWidget(0, self.guide)
        self.guide.go(0)
        self.guide.show()
        self.show()
        self.raise_()
        self.activateWindow()
        return self.guide

    def show_page(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.pages[key])
        self.show()
        self.raise_()
        self.activateWindow()
