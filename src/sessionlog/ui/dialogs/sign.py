"""Signing a note: what is missing, or who signs, the attestation and the late mark.

The rules (completeness, late entry, the lock) live in ``services.notes``; this
module only shows what they say and asks for the signer's confirmation.
``SignaturePanel`` is shared by the Sign dialog and the end-of-day queue so both
show the same words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.catalog import place_label
from sessionlog.core.changes import Written
from sessionlog.core.clock import local
from sessionlog.core.completeness import documentation_deadline, missing_elements
from sessionlog.core.errors import NotFoundError, StoreError
from sessionlog.core.models import Session, Signature, utc_now
from sessionlog.core.units import (
    FLAG_DESCRIPTIONS,
    FLAG_RUNNING,
    FLAG_UNSIGNED,
    BillingLine,
    flag_description,
)
from sessionlog.services import notes, templates
from sessionlog.services.billing import preview_session
from sessionlog.services.calendar import agency_days_off
from sessionlog.services.records import Reader, SignRecords
from sessionlog.ui import theme
from sessionlog.ui.after_paint import AfterPaint, records_closed
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.formats import datetime_text, span_text, weekday_date_text
from sessionlog.ui.tasks import read_in_background
from sessionlog.ui.theme import Tone

if TYPE_CHECKING:
    from sessionlog.ui.pending_writes import PendingWrites

log = logging.getLogger("sessionlog.ui.sign")

# The writer thread's key for a signature made in the Sign dialog (End of day's differ:
# each listens for its own).
DIALOG_SIGN_KEY = "sign-dialog:"
# A signature not stored after this long waits for another program's write lock: say so.
STILL_SIGNING_MS = 1500


def _client_label(store: Reader, session: Session) -> str:
    try:
        return store.client(session.client_id).name
    except NotFoundError:
        return session.client_id


def session_summary(store: Reader, session: Session, now: datetime) -> str:
    """One line naming the record: client, date, times, minutes, code, place."""
    parts = [_client_label(store, session)]
    first, last = session.first_start(), session.last_end()
    if first is not None:
        start = local(first, session.timezone)
        closed = last is not None and all(seg.end is not None for seg in session.segments)
        span = f"{weekday_date_text(start.date())} " + span_text(
            first, last if closed else None, session.timezone, ""
        ).rstrip("–")
        parts.append(span)
    parts.append(QCoreApplication.translate("sign", "{0} min").format(session.minutes(now)))
    try:
        # The code with its modifiers, as the note form names it (HN, HQ, 95…).
        parts.append(preview_session(store, session, now).code_with_modifiers)
    except (StoreError, ValueError):
        parts.append(session.code)
    if session.place_of_service:
        parts.append(place_label(session.place_of_service))
    return " · ".join(parts)


@dataclass(frozen=True)
class PanelFacts:
    """What the signature panel shows for one note, read in one go (on any thread:
    no Qt here, only the records); :meth:`SignaturePanel.show_facts` shows it."""

    session_id: str
    staff_id: str | None
    now: datetime
    session: Session | None = None
    error: str | None = None  # the note could not be read
    warnings: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    signature: Signature | None = None  # what signing now records (None: signer unknown)
    deadline: date | None = None  # the documentation deadline, for a late entry


def read_panel_facts(
    store: Reader, session_id: str, staff_id: str | None, now: datetime
) -> PanelFacts:
    """Everything the panel shows for ``session_id``, but the billing preview."""
    base = PanelFacts(session_id=session_id, staff_id=staff_id, now=now)
    try:
        session = store.session(session_id)
    except StoreError as exc:
        return replace(base, error=str(exc))
    base = replace(base, session=session)
    if session.signature is not None:
        return base
    warnings = tuple(w.message for w in templates.note_warnings(store, session))
    missing = tuple(m.message for m in missing_elements(session))
    base = replace(base, warnings=warnings, missing=missing)
    if missing or not staff_id:
        return base
    try:
        signature = notes.prepare_signature(store, session, staff_id, now)
    except NotFoundError:
        return base
    deadline = None
    service_date = session.service_date()
    if signature.late and service_date is not None:
        try:
            client = store.client(session.client_id)
            payer = store.payer(client.payer_id)
        except NotFoundError:
            payer = None
        deadline = documentation_deadline(service_date, payer, agency_days_off(store))
    return replace(base, signature=signature, deadline=deadline)


def read_billing_line(store: Reader, session: Session, now: datetime) -> BillingLine | None:
    """The billing preview the panel shows under a signable note (any thread); None when
    the payer's settings cannot be used (said in the log by type; signing is allowed)."""
    try:
        return preview_session(store, session, now)
    except (StoreError, ValueError) as exc:
        log.warning("unit preview unavailable: %s", type(exc).__name__)
        return None


class SignaturePanel(QFrame):
    """What signing this note would record, or why it cannot be signed yet."""

    signed = Signal(str)  # session id, after the signature is stored
    billing_done = Signal()  # the billing preview worked out in the pool is shown

    def __init__(
        self,
        store: SignRecords,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.now = now
        self.session_id: str | None = None
        self._billing_generation = 0
        self._billing_pending = False
        self._billing_of: tuple[Session, datetime] | None = None  # waiting for the paint
        self._billing_after_paint = AfterPaint(self, self._start_billing)
        self.staff_id: str | None = None
        self._can_sign = False
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setTextFormat(Qt.TextFormat.RichText)
        self.missing_label.setStyleSheet(
            theme.css(Tone.ERROR, filled=True, extra="padding: 8px; border-radius: 4px;")
        )
        # Cloning guard and copied text never edited: warnings, signing stays possible.
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setTextFormat(Qt.TextFormat.RichText)
        self.warning_label.setAccessibleName(self.tr("Warnings"))
        self.warning_label.setStyleSheet(
            theme.css(Tone.WARNING, filled=True, extra="padding: 8px; border-radius: 4px;")
        )
        self.signer_label = QLabel()
        self.signer_label.setWordWrap(True)
        self.attestation_label = QLabel()
        self.attestation_label.setWordWrap(True)
        self.attestation_label.setStyleSheet("font-style: italic;")
        self.late_label = QLabel()
        self.late_label.setWordWrap(True)
        self.late_label.setStyleSheet(
            theme.css(
                Tone.WARNING, filled=True, bold=True, extra="padding: 6px; border-radius: 4px;"
            )
        )
        self.billing_label = QLabel()
        self.billing_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(theme.css(Tone.ERROR, bold=True))
        for label in (self.missing_label, self.warning_label, self.signer_label, self.late_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        for widget in (
            self.missing_label,
            self.warning_label,
            self.signer_label,
            self.attestation_label,
            self.late_label,
            self.billing_label,
            self.error_label,
        ):
            layout.addWidget(widget)
        self._show_nothing()

    # ---- state -----------------------------------------------------------

    def can_sign(self) -> bool:
        return self._can_sign

    def missing_text(self) -> str:
        return self.missing_label.text() if self.missing_label.isVisible() else ""

    def warning_text(self) -> str:
        return self.warning_label.text() if not self.warning_label.isHidden() else ""

    def _show_nothing(self) -> None:
        self._can_sign = False
        for label in (
            self.missing_label,
            self.warning_label,
            self.signer_label,
            self.attestation_label,
            self.late_label,
            self.billing_label,
            self.error_label,
        ):
            label.hide()

    def clear(self) -> None:
        self.session_id = None
        self._show_nothing()
        # A preview still waiting for the paint, or under way, is for a note gone.
        self._billing_after_paint.cancel()
        self._billing_of = None
        self._billing_generation += 1
        self._billing_pending = False

    def set_session(self, session_id: str, staff_id: str | None) -> None:
        """Show what signing this note would record, read here and now (the Sign
        dialog); End of day reads it in the background (:func:`read_panel_facts`)."""
        self.show_facts(read_panel_facts(self.store, session_id, staff_id, self.now()))

    def show_facts(self, facts: PanelFacts, line: BillingLine | None = None) -> None:
        """Show what :func:`read_panel_facts` read (GUI thread, no query but the
        billing preview, which is worked out in the background unless ``line`` is it,
        read ahead by :func:`read_billing_line`)."""
        self.session_id = facts.session_id
        self.staff_id = facts.staff_id
        self._show_nothing()
        if facts.error is not None or facts.session is None:
            self._error(facts.error or "")
            return
        session = facts.session
        if session.signature is not None:
            sig = session.signature
            when = datetime_text(local(sig.signed_at, sig.timezone), weekday=True, zone=True)
            self.signer_label.setText(
                self.tr("Signed by {signer_name} on {when}. The note is locked.").format(
                    signer_name=sig.signer_name, when=when
                )
            )
            self.signer_label.show()
            return
        if facts.warnings:
            items = "".join(f"<li>{escape(w)}</li>" for w in facts.warnings)
            self.warning_label.setText(
                self.tr("<b>Check before signing:</b><ul>{items}</ul>").format(items=items)
            )
            self.warning_label.show()
        if facts.missing:
            items = "".join(f"<li>{escape(m)}</li>" for m in facts.missing)
            self.missing_label.setText(
                self.tr(
                    "<b>This note cannot be signed yet.</b> Still missing:<ul>{items}</ul>"
                ).format(items=items)
            )
            self.missing_label.show()
            return
        if not facts.staff_id:
            self._error(self.tr("Choose who is using this laptop (Setup menu) before signing."))
            return
        signature = facts.signature
        if signature is None:
            self._error(
                self.tr(
                    "The signer is not on the staff list; choose who is using this laptop "
                    "(Setup menu) before signing."
                )
            )
            return
        who = escape(signature.signer_name)
        credential = (
            escape(signature.credential) if signature.credential else self.tr("no credential")
        )
        self.signer_label.setText(
            self.tr("Signing as <b>{who}</b>, {credential}").format(who=who, credential=credential)
        )
        self.signer_label.show()
        self.attestation_label.setText(signature.attestation)
        self.attestation_label.show()
        if signature.late:
            text = self.tr("Late entry: the documentation deadline has passed")
            if facts.deadline is not None:
                text += self.tr(" (it was {0})").format(weekday_date_text(facts.deadline))
            text += self.tr(". The signature will be marked as a late entry.")
            self.late_label.setText(text)
            self.late_label.show()
        if line is None:
            self._show_billing(session, facts.now)
        else:
            self._billing_generation += 1  # a preview still under way is not shown
            self._billing_pending = False
            self._show_line(line)
        self._can_sign = True

    def show_signing(self, message: str | None = None) -> None:
        """The signature is being written: nothing can be signed until it is stored
        (``message``: what is said instead of "Signing…")."""
        self._can_sign = False
        # A wait, not a refusal: said in the panel's informational tone.
        self._say(message or self.tr("Signing…"), Tone.INFO)

    def show_refusal(self, problem: str) -> None:
        """A signature that was not stored, and why (the note stays unsigned)."""
        self._error(self.tr("Not signed: {exc}").format(exc=problem))

    def billing_pending(self) -> bool:
        """Whether the preview of what signing will bill is still being worked out."""
        return self._billing_pending

    def _show_billing(self, session: Session, now: datetime) -> None:
        """What signing will bill, so a problem shows before the note is locked; worked
        out off the GUI thread (it reads the client's authorization history), once the
        window has painted the note (``AfterPaint``: the worker would otherwise hold the
        GIL while the note is laid out)."""
        self._billing_generation += 1
        self._billing_pending = True
        self._billing_of = (session, now)
        self._billing_after_paint.start()

    def _start_billing(self) -> None:
        if self._billing_of is None or records_closed(self.store):
            self._billing_pending = False
            return
        session, now = self._billing_of
        self._billing_of = None
        generation = self._billing_generation

        def shown(line: BillingLine | None) -> None:
            if generation != self._billing_generation:
                return
            self._billing_pending = False
            if line is not None and self.session_id == session.id:
                self._show_line(line)
            self.billing_done.emit()

        read_in_background(
            self, self.store, lambda store: read_billing_line(store, session, now), shown
        )

    def _show_line(self, line: BillingLine) -> None:
        text = self.tr(
            "Once signed: <b>%n billable unit(s)</b> of {code_with_modifiers} "
            "({minutes} min on the line, {units} before limits).",
            "",
            line.billable_if_signed,
        ).format(
            code_with_modifiers=line.code_with_modifiers,
            minutes=line.minutes,
            units=self.tr("%n unit(s)", "", line.units),
        )
        warnings = [
            flag_description(flag)
            for flag in line.flags
            if flag not in (FLAG_UNSIGNED, FLAG_RUNNING) and flag in FLAG_DESCRIPTIONS
        ]
        if warnings:
            text += "<br>" + "<br>".join(f"⚠ {escape(w)}" for w in warnings)
        self.billing_label.setText(text)
        self.billing_label.show()

    def _error(self, message: str) -> None:
        self._say(message, Tone.ERROR)

    def _say(self, message: str, tone: Tone) -> None:
        self.error_label.setStyleSheet(theme.css(tone, bold=True))
        self.error_label.setText(message)
        self.error_label.show()

    # ---- action ----------------------------------------------------------

    def sign(self) -> Written[Signature] | None:
        """Sign and lock the shown note: the signature and the changes made (for the
        caller to publish); on refusal, show why and return None."""
        if self.session_id is None or not self._can_sign or not self.staff_id:
            return None
        session_id = self.session_id
        try:
            signed = notes.sign(self.store, session_id, self.staff_id, self.now())
        except notes.IncompleteNoteError as exc:
            self.set_session(session_id, self.staff_id)
            self._error(self.tr("Not signed: ") + " ".join(exc.messages))
            return None
        except StoreError as exc:
            self.show_refusal(str(exc))
            return None
        self._can_sign = False
        self.signed.emit(session_id)
        return signed


class SignDialog(QDialog):
    """Confirm and sign one note; ``exec()`` returns Accepted once it is signed."""

    def __init__(
        self,
        store: SignRecords,
        session_id: str,
        staff_id: str,
        parent: QWidget | None = None,
        *,
        bus: ChangeBus | None = None,
        now: Callable[[], datetime] = utc_now,
        writes: PendingWrites | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session_id = session_id
        self.bus = bus
        # The window's writer thread: the signature is written there, as End of day's is,
        # so the GUI thread never waits on the write lock (a typing-pause save or another
        # program may hold it; the GUI's own connection gives up after 100 ms).
        self.writes = writes
        self._signing = False
        if writes is not None:
            writes.saved.connect(self._on_write_saved)
            writes.failed.connect(self._on_write_failed)
        self.setWindowTitle(self.tr("Sign and lock the note"))
        self.setMinimumWidth(520)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("QLabel { font-weight: bold; }")
        try:
            self.summary_label.setText(session_summary(store, store.session(session_id), now()))
        except StoreError as exc:
            self.summary_label.setText(str(exc))
        self.panel = SignaturePanel(store, self, now=now)
        self.panel.set_session(session_id, staff_id)
        explain = QLabel(
            self.tr(
                "After signing, the note is locked: corrections are added as dated, signed "
                "addenda and the original stays as it is."
            )
        )
        explain.setWordWrap(True)
        explain.setStyleSheet(theme.css(Tone.MUTED))

        buttons = QDialogButtonBox()
        self.sign_button = QPushButton(self.tr("&Sign and lock"))
        self.sign_button.setDefault(True)
        self.sign_button.setEnabled(self.panel.can_sign())
        buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = cancel
        self.cancel_text = cancel.text()
        self._still_signing = QTimer(self)
        self._still_signing.setSingleShot(True)
        self._still_signing.setInterval(STILL_SIGNING_MS)
        self._still_signing.timeout.connect(self._say_still_signing)
        if not self.panel.can_sign():
            cancel.setText(self.tr("Close"))
            cancel.setDefault(True)
        self.sign_button.clicked.connect(self._sign)
        buttons.rejected.connect(self.reject)
        # Ctrl+Enter opened this dialog from the note form; pressed again it signs, as in
        # End of day (Enter does too: Sign is the default button).
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self._sign_if_ready)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.panel)
        layout.addWidget(explain)
        layout.addWidget(buttons)

    def _sign_if_ready(self) -> None:
        if self.sign_button.isEnabled():
            self._sign()

    def _sign(self) -> None:
        if self._signing:
            return
        if self.writes is not None:
            self._sign_on_the_writer(self.writes)
            return
        signed = self.panel.sign()
        if signed is not None:
            if self.bus is not None:
                self.bus.publish(signed.changes)
            self.accept()
        else:
            self.sign_button.setEnabled(self.panel.can_sign())

    def _sign_on_the_writer(self, writes: PendingWrites) -> None:
        """Send the signature to the writer thread; the dialog closes once it is stored
        (a refusal is shown here and the note stays unsigned)."""
        staff_id = self.panel.staff_id
        if not self.panel.can_sign() or not staff_id:
            return
        session_id, now = self.session_id, self.panel.now()
        self._signing = True
        self.panel.show_signing()
        self.sign_button.setEnabled(False)
        # The window may be closed meanwhile (another program can hold the write lock
        # for minutes: a command-line import): the signature still lands.
        self.cancel_button.setText(self.tr("Close"))
        self._still_signing.start()
        writes.submit(
            DIALOG_SIGN_KEY + session_id,
            lambda store: notes.sign(store, session_id, staff_id, now),
        )

    def _say_still_signing(self) -> None:
        if self._signing:
            self.panel.show_signing(
                self.tr(
                    "Still signing: another program is writing to the database. The note "
                    "is signed as soon as it is done; you can close this window."
                )
            )

    def _on_write_saved(self, key: str, written: object) -> None:
        if key != DIALOG_SIGN_KEY + self.session_id or not self._signing:
            return
        self._signing = False
        self._still_signing.stop()
        if isinstance(written, Written):
            self.panel.signed.emit(self.session_id)
            if self.bus is not None:
                self.bus.publish(written.changes)
        if self.isVisible():
            self.accept()

    def _on_write_failed(self, key: str, problem: str) -> None:
        if key != DIALOG_SIGN_KEY + self.session_id or not self._signing:
            return
        self._signing = False
        self._still_signing.stop()
        self.cancel_button.setText(self.cancel_text)
        log.warning("signature not stored")  # why is shown in the dialog
        self.panel.set_session(self.session_id, self.panel.staff_id)
        self.panel.show_refusal(problem)
        self.sign_button.setEnabled(self.panel.can_sign())
