"""The menu entries of caseload setup: Setup ▸ editors, File ▸ import and export.

The main window adds these actions to its menus; everything they open is built
here, so the window needs no knowledge of the editors.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from sessionlog.core.changes import Changes
from sessionlog.services.records import Records
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

# The editors and dialogs load when first opened: the menu is built at start-up.
if TYPE_CHECKING:
    from sessionlog.ui.dialogs.language import LanguageDialog
    from sessionlog.ui.setup.days_off import DaysOffDialog
    from sessionlog.ui.setup.window import SetupWindow


class SetupActions(QObject):
    def __init__(
        self,
        store: Records,
        bus: ChangeBus,
        parent: QWidget,
        choose_current: Callable[[str], Changes] | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.parent_widget = parent
        self.choose_current = choose_current
        self.today = today
        self.window: SetupWindow | None = None

        self.setup_actions: list[QAction] = []
        for text, page in (
            (self.tr("&Clients…"), CLIENTS),
            (self.tr("&Treatment plans…"), PLANS),
            (self.tr("&Authorizations…"), AUTHORIZATIONS),
            (self.tr("&Payers…"), PAYERS),
            (self.tr("&My staff profile…"), STAFF),
            (self.tr("A&gency (who bills)…"), AGENCY),
            (self.tr("Note t&emplates and quick texts…"), TEMPLATES),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _checked=False, key=page: self.open_page(key))
            self.setup_actions.append(action)

        days_off = QAction(self.tr("Agency &days off…"), self)
        days_off.triggered.connect(lambda _checked=False: self.open_days_off())
        self.setup_actions.append(days_off)
        language = QAction(self.tr("&Language…"), self)
        language.triggered.connect(lambda _checked=False: self.open_language())
        self.setup_actions.append(language)

        self.file_actions: list[QAction] = []
        for text, handler in (
            (self.tr("&Import SessionLog file…"), self.import_json),
            (self.tr("Import client &roster (CSV)…"), self.import_roster),
            (self.tr("&Export SessionLog file…"), self.export_json),
            (self.tr("Export client roster (CS&V)…"), self.export_roster),
        ):
            action = QAction(text, self)
            action.triggered.connect(handler)
            self.file_actions.append(action)

    def open_page(self, key: str) -> SetupWindow:
        from sessionlog.ui.setup.window import SetupWindow

        if self.window is None:
            self.window = SetupWindow(
                self.store, self.bus, self.today, self.choose_current, self.parent_widget
            )
        self.window.show_page(key)
        return self.window

    def start_guide(self) -> SetupWindow:
        """The guided first setup, in the Setup window."""
        window = self.open_page(AGENCY)
        window.start_guide()
        return window

    def new_staff_profile(self) -> SetupWindow:
        """Setup ▸ Staff on a blank profile (nobody on this laptop has one yet)."""
        window = self.open_page(STAFF)
        window.staff.new_staff()
        return window

    def open_days_off(self) -> DaysOffDialog:
        from sessionlog.ui.setup.days_off import DaysOffDialog

        dialog = DaysOffDialog(self.store, self.bus, self.parent_widget, today=self.today)
        dialog.open()
        return dialog

    def open_language(self) -> LanguageDialog:
        from sessionlog.ui.dialogs.language import LanguageDialog

        dialog = LanguageDialog(parent=self.parent_widget)
        dialog.open()
        return dialog

    def import_json(self) -> None:
        from sessionlog.ui.dialogs.import_dialog import import_json_interactive

        import_json_interactive(self.parent_widget, self.store, self.bus)

    def import_roster(self) -> None:
        from sessionlog.ui.dialogs.roster_dialog import import_roster_interactive

        import_roster_interactive(self.parent_widget, self.store, self.bus)

    def export_json(self) -> None:
        from sessionlog.ui.dialogs.import_dialog import export_json_interactive

        export_json_interactive(self.parent_widget, self.store)

    def export_roster(self) -> None:
        from sessionlog.ui.dialogs.roster_dialog import export_roster_interactive

        export_roster_interactive(self.parent_widget, self.store)
