"""The guided first setup: Setup's own editors one after another, in the order records
depend on each other (agency and payer → who you are → first client → plan →
authorization). A bar above the tabs says what each step is for; every step can be
skipped. There is no second form here: each step is the editor Setup always shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sessionlog.ui import theme
from sessionlog.ui.setup.agency import AgencyEditor
from sessionlog.ui.setup.common import hint
from sessionlog.ui.theme import Tone

if TYPE_CHECKING:
    from sessionlog.ui.setup.window import SetupWindow


@dataclass(frozen=True)
class GuideStep:
    page: str  # a SetupWindow page key
    title: str
    text: str


def guide_steps() -> tuple[GuideStep, ...]:
    from sessionlog.ui.setup.window import (
        AGENCY,
        AUTHORIZATIONS,
        CLIENTS,
        PAYERS,
        PLANS,
        STAFF,
    )

    return (
        GuideStep(
            AGENCY,
            QCoreApplication.translate("guide", "Your agency"),
            QCoreApplication.translate(
                "guide",
                "The agency that bills: its name, NPI and address go on every packet and claim.",
            ),
        ),
        GuideStep(
            PAYERS,
            QCoreApplication.translate("guide", "The payer"),
            QCoreApplication.translate(
                "guide",
                "Who pays for the services (your state's Medicaid program, say) and its rules: "
                "unit rounding, daily caps, the documentation deadline.",
            ),
        ),
        GuideStep(
            STAFF,
            QCoreApplication.translate("guide", "Who you are"),
            QCoreApplication.translate(
                "guide",
                "Your name and credential go on every note you sign. The first profile saved "
                "is the one using this laptop.",
            ),
        ),
        GuideStep(
            CLIENTS,
            QCoreApplication.translate("guide", "Your first client"),
            QCoreApplication.translate(
                "guide",
                "Name, Medicaid ID and payer; the time zone is this computer's "
                "unless you change it.",
            ),
        ),
        GuideStep(
            PLANS,
            QCoreApplication.translate("guide", "Their treatment plan"),
            QCoreApplication.translate(
                "guide",
                "Goals and objectives: each note ticks the objectives the session worked on.",
            ),
        ),
        GuideStep(
            AUTHORIZATIONS,
            QCoreApplication.translate("guide", "Their authorization"),
            QCoreApplication.translate(
                "guide",
                "Units granted for a service between two dates: Today shows the units left "
                "and warns before they run out.",
            ),
        ),
    )


def has_unsaved_typing(page: QWidget) -> bool:
    """Whether the coach typed something on ``page`` that is not saved yet. The record
    editors keep a ``_dirty`` flag; the agency editor is a single form compared with
    what is stored."""
    if isinstance(page, AgencyEditor):
        stored = page.store.agency()
        if stored is None:
            return any(edit.text().strip() for edit in page.edits.values())
        return page.form_agency() != stored
    return bool(getattr(page, "_dirty", False))


class SetupGuide(QFrame):
    """The bar that walks the Setup window's tabs: Back, Skip, Save and next."""

    finished = Signal()

    def __init__(self, window: SetupWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.steps = guide_steps()
        self.index = 0
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"SetupGuide {{ background: {theme.fill(Tone.INFO).name()}; "
            f"color: {theme.ink_on_fill(Tone.INFO).name()}; }}"
        )
        self.step_label = QLabel()
        bold = self.step_label.font()
        bold.setBold(True)
        self.step_label.setFont(bold)
        self.text_label = hint("")
        self.back_button = QPushButton(self.tr("◀ Back"))
        self.skip_button = QPushButton(self.tr("Skip this step"))
        self.next_button = QPushButton(self.tr("Save and next ▶"))
        self.back_button.clicked.connect(self.back)
        self.skip_button.clicked.connect(self.skip)
        self.next_button.clicked.connect(self.save_and_next)
        words = QVBoxLayout()
        words.addWidget(self.step_label)
        words.addWidget(self.text_label)
        row = QHBoxLayout(self)
        row.addLayout(words, 1)
        row.addWidget(self.back_button)
        row.addWidget(self.skip_button)
        row.addWidget(self.next_button)
        self.go(0)

    @property
    def step(self) -> GuideStep:
        return self.steps[self.index]

    def page(self) -> QWidget:
        return self.window_.page(self.step.page)

    def go(self, index: int) -> None:
        self.index = index
        step = self.step
        self.window_.select_page(step.page)
        self.step_label.setText(
            self.tr("Step {0} of {1} · {title}").format(
                index + 1, len(self.steps), title=step.title
            )
        )
        self.text_label.setText(
            self.tr("{text} Fill it in and choose Save and next, or skip it for now.").format(
                text=step.text
            )
        )
        self.back_button.setEnabled(index > 0)
        last = index == len(self.steps) - 1
        self.skip_button.setText(self.tr("Skip and finish") if last else self.tr("Skip this step"))
        self.next_button.setText(self.tr("Save and finish") if last else self.tr("Save and next ▶"))

    def back(self) -> None:
        if self.index > 0:
            self.go(self.index - 1)

    def skip(self) -> None:
        """On without saving; what was typed stays in that tab for later."""
        self._advance()

    def save_and_next(self) -> bool:
        """Save the step's editor if something was typed (its own problems show when the
        save is refused, and the guide stays); then the next step."""
        page = self.page()
        save = getattr(page, "save", None)
        if has_unsaved_typing(page) and callable(save) and not save():
            return False
        self._advance()
        return True

    def _advance(self) -> None:
        if self.index + 1 < len(self.steps):
            self.go(self.index + 1)
        else:
            self.hide()
            self.finished.emit()
