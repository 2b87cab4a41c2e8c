"""A whole note as an auditor reads it: the original, its signature, then every addendum.

Read-only by construction (a text browser over HTML built from the stored record),
so what is shown after signing is exactly what was locked. Used from History, the
end-of-day queue and the addendum dialog; the note in a window of its own, with its
Sign and Add addendum buttons, is ``ui.dialogs.note_dialog``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sessionlog.core.catalog import place_label, service_codes
from sessionlog.core.clock import local, local_date
from sessionlog.core.completeness import documentation_deadline, missing_elements
from sessionlog.core.errors import NotFoundError, StoreError
from sessionlog.core.models import Session, utc_now
from sessionlog.services.calendar import agency_days_off
from sessionlog.services.records import Reader
from sessionlog.services.timing import time_correction_lines
from sessionlog.ui import theme
from sessionlog.ui.formats import datetime_text, span_text, weekday_date_text
from sessionlog.ui.theme import Tone


def _style() -> str:
    """The viewer's CSS, its colours taken from the palette (see ``ui.theme``)."""
    on_base = QPalette.ColorRole.Base
    muted = theme.text(Tone.MUTED, on=on_base).name()
    return f"""
<style>
  h2 {{ margin: 0 0 4px 0; }}
  .meta td {{ padding: 1px 12px 1px 0; vertical-align: top; }}
  .label {{ color: {muted}; }}
  .section {{ margin-top: 10px; font-weight: bold; }}
  .missing {{ color: {theme.text(Tone.ERROR, on=theme.fill(Tone.ERROR)).name()}; }}
  .late {{ color: {theme.text(Tone.WARNING, on=on_base).name()}; font-weight: bold; }}
  .attestation {{ font-style: italic; color: {muted}; }}
</style>
"""


# Each shaded block is the fill of a status tone.
_BOX_TONES = {
    "missing": Tone.ERROR,
    "signature": Tone.SUCCESS,
    "unsigned": Tone.WARNING,
    "addendum": Tone.INFO,
    "cosignature": Tone.INFO,
}


def _box(kind: str, body: str) -> str:
    """A shaded block; Qt's rich text ignores padding and background on a div, so
    the box is a one-cell table. Its text colour is set for the fill, which a dark
    palette's light text would not be readable on otherwise."""
    tone = _BOX_TONES[kind]
    return (
        f"<table width='100%' cellpadding='8' cellspacing='0' style='margin-top: 10px' "
        f"bgcolor='{theme.fill(tone).name()}'><tr><td class='{kind}' "
        f"style='color: {theme.ink_on_fill(tone).name()}'>{body}</td></tr></table>"
    )


def _text(value: str) -> str:
    """User text as HTML, line breaks kept."""
    return (
        escape(value).replace("\n", "<br>")
        if value.strip()
        else QCoreApplication.translate("note_viewer", "<i>(empty)</i>")
    )


def _person(name: str, credential: str) -> str:
    """'Name, Credential' as escaped HTML (signer, co-signer, addendum author)."""
    return escape(f"{name}, {credential}" if credential else name)


def when_text(instant: datetime, zone: str) -> str:
    """An instant as the note shows it: local weekday, date, time and zone."""
    return _when(instant, zone)


def _when(instant: datetime, zone: str) -> str:
    return datetime_text(local(instant, zone), weekday=True, zone=True)


def _times(session: Session) -> str:
    if not session.segments:
        return QCoreApplication.translate("note_viewer", "<i>no times recorded</i>")
    running = QCoreApplication.translate("note_viewer", "running")
    parts = [span_text(s.start, s.end, session.timezone, running) for s in session.segments]
    zones = {
        local(instant, session.timezone).strftime("%Z")
        for s in session.segments
        for instant in (s.start, s.end)
        if instant is not None
    }
    if len(zones) == 1:
        return escape(", ".join(parts) + f" ({zones.pop()})")
    # Across a daylight-saving change every time names its zone.
    named = [
        part if " – " in part else f"{part} {local(s.start, session.timezone):%Z}"
        for part, s in zip(parts, session.segments, strict=True)
    ]
    return escape(", ".join(named))


def note_html(store: Reader, session: Session, now: datetime) -> str:
    """The note as HTML; every user-entered string is escaped."""
    try:
        client = store.client(session.client_id)
        client_name = client.name
        try:
            payer = store.payer(client.payer_id)
        except NotFoundError:
            payer = None
    except NotFoundError:
        client_name, payer = session.client_id, None
    try:
        staff = store.staff(session.staff_id)
        staff_text = f"{staff.name}, {staff.credential}" if staff.credential else staff.name
    except NotFoundError:
        staff_text = session.staff_id
    code = service_codes().get(session.code)
    code_text = f"{session.code} {code.shown_description}" if code else session.code
    service_date = session.service_date()

    objective_text: dict[str, tuple[str, str]] = {}
    for plan in store.plans(session.client_id):
        for goal in plan.goals:
            for objective in goal.objectives:
                objective_text[objective.id] = (goal.text, objective.text)

    html = [_style()]
    html.append(f"<h2>{escape(client_name)} — {escape(code_text)}</h2>")
    rows = [
        (
            QCoreApplication.translate("note_viewer", "Date of service"),
            escape(weekday_date_text(service_date, long=True)) if service_date else "—",
        ),
        (QCoreApplication.translate("note_viewer", "Times"), _times(session)),
        (QCoreApplication.translate("note_viewer", "Minutes"), str(session.minutes(now))),
        (
            QCoreApplication.translate("note_viewer", "Place of service"),
            escape(place_label(session.place_of_service)) or "—",
        ),
        (
            QCoreApplication.translate("note_viewer", "Delivery"),
            QCoreApplication.translate("note_viewer", "Telehealth")
            if session.telehealth
            else QCoreApplication.translate("note_viewer", "In person"),
        ),
        (
            QCoreApplication.translate("note_viewer", "Setting"),
            QCoreApplication.translate("note_viewer", "Group of {group_size}").format(
                group_size=session.group_size
            )
            if session.is_group
            else QCoreApplication.translate("note_viewer", "Individual"),
        ),
        (QCoreApplication.translate("note_viewer", "Staff"), escape(staff_text)),
    ]
    if session.manual_reason is not None:
        rows.append(
            (
                QCoreApplication.translate("note_viewer", "Entered by hand because"),
                _text(session.manual_reason),
            )
        )
    for line in time_correction_lines(store, session.id):
        rows.append((QCoreApplication.translate("note_viewer", "Times corrected"), _text(line)))
    html.append("<table class='meta'>")
    for label, value in rows:
        html.append(f"<tr><td class='label'>{label}</td><td>{value}</td></tr>")
    html.append("</table>")

    if session.void_reason is not None:
        html.append(
            _box(
                "unsigned",
                QCoreApplication.translate(
                    "note_viewer", "<b>VOIDED — discarded draft, never billed.</b> Reason: {0}"
                ).format(_text(session.void_reason)),
            )
        )
    elif not session.signed:
        missing = missing_elements(session)
        if missing:
            items = "".join(f"<li>{escape(m.message)}</li>" for m in missing)
            html.append(
                _box(
                    "missing",
                    QCoreApplication.translate(
                        "note_viewer", "<b>Missing before it can be signed:</b><ul>{items}</ul>"
                    ).format(items=items),
                )
            )

    html.append(
        QCoreApplication.translate(
            "note_viewer", "<p class='section'>Treatment-plan objectives worked on</p>"
        )
    )
    if session.objective_ids:
        entries: list[str] = []
        for objective_id in session.objective_ids:
            goal_text, objective_label = objective_text.get(objective_id, ("", objective_id))
            goal_part = (
                QCoreApplication.translate(
                    "note_viewer", " <span class='label'>(goal: {0})</span>"
                ).format(escape(goal_text))
                if goal_text
                else ""
            )
            entries.append(f"<li>{escape(objective_label)}{goal_part}</li>")
        html.append(f"<ul>{''.join(entries)}</ul>")
    else:
        html.append(QCoreApplication.translate("note_viewer", "<p><i>(none ticked)</i></p>"))
    for label, value in (
        (QCoreApplication.translate("note_viewer", "Intervention"), session.intervention),
        (
            QCoreApplication.translate("note_viewer", "Client's response and progress"),
            session.response,
        ),
        (QCoreApplication.translate("note_viewer", "Plan"), session.plan),
    ):
        html.append(f"<p class='section'>{label}</p><p>{_text(value)}</p>")
    if session.note.strip():
        html.append(
            QCoreApplication.translate(
                "note_viewer", "<p class='section'>Other notes</p><p>{0}</p>"
            ).format(_text(session.note))
        )

    deadline = (
        documentation_deadline(service_date, payer, agency_days_off(store))
        if service_date
        else None
    )
    signature = session.signature
    if signature is not None:
        who = _person(signature.signer_name or signature.staff_id, signature.credential)
        late = ""
        if signature.late:
            due = (
                QCoreApplication.translate("note_viewer", " of {0}").format(
                    weekday_date_text(deadline)
                )
                if deadline
                else ""
            )
            late = QCoreApplication.translate(
                "note_viewer",
                "<br><span class='late'>LATE ENTRY — signed after the documentation deadline"
                "{0}.</span>",
            ).format(escape(due))
        html.append(
            _box(
                "signature",
                QCoreApplication.translate(
                    "note_viewer",
                    "<b>Electronically signed</b> by {who} on "
                    "{0}. Locked.{late}"
                    "<p class='attestation'>{1}</p>",
                ).format(
                    escape(_when(signature.signed_at, signature.timezone)),
                    escape(signature.attestation),
                    who=who,
                    late=late,
                ),
            )
        )
        cosigned = session.cosignature
        if cosigned is not None:
            by = _person(cosigned.signer_name or cosigned.staff_id, cosigned.credential)
            html.append(
                _box(
                    "cosignature",
                    QCoreApplication.translate(
                        "note_viewer",
                        "<b>Co-signed by the supervisor</b> {by} on "
                        "{0}."
                        "<p class='attestation'>{1}</p>",
                    ).format(
                        escape(_when(cosigned.signed_at, cosigned.timezone)),
                        escape(cosigned.statement),
                        by=by,
                    ),
                )
            )
    elif session.void_reason is None:
        due = ""
        if deadline is not None:
            due = QCoreApplication.translate("note_viewer", " Sign by {0}").format(
                weekday_date_text(deadline)
            )
            if local_date(now, session.timezone) > deadline:
                due += QCoreApplication.translate(
                    "note_viewer",
                    " — <span class='late'>overdue: it will be marked a late entry</span>.",
                )
            else:
                due += "."
        html.append(
            _box(
                "unsigned",
                QCoreApplication.translate("note_viewer", "<b>Not signed yet.</b>{due}").format(
                    due=due
                ),
            )
        )

    for number, addendum in enumerate(session.addenda, start=1):
        who = _person(addendum.signer_name or addendum.staff_id, addendum.credential)
        html.append(
            _box(
                "addendum",
                QCoreApplication.translate(
                    "note_viewer",
                    "<b>Addendum {number}</b> — written and signed by {who} on "
                    "{0}<br>"
                    "<span class='label'>Reason:</span> {1}"
                    "<p>{2}</p>",
                ).format(
                    escape(_when(addendum.written_at, addendum.timezone)),
                    _text(addendum.reason),
                    _text(addendum.text),
                    number=number,
                    who=who,
                ),
            )
        )
    return "".join(html)


class NoteViewer(QWidget):
    """Shows one stored note; call :meth:`show_session` with its id."""

    def __init__(
        self,
        store: Reader,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.now = now
        self.session_id: str | None = None
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("Note"))
        self.browser.setOpenLinks(False)
        self.browser.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)

    def show_session(self, session_id: str) -> Session | None:
        self.session_id = session_id
        try:
            session = self.store.session(session_id)
        except StoreError as exc:
            self.browser.setHtml(f"<p>{escape(str(exc))}</p>")
            return None
        self.browser.setHtml(note_html(self.store, session, self.now()))
        return session

    def refresh(self) -> None:
        if self.session_id is not None:
            self.show_session(self.session_id)

    def clear(self) -> None:
        self.session_id = None
        self.browser.clear()

    def text(self) -> str:
        return self.browser.toPlainText()
