"""What a list of sessions shows per row, built from the store and the services.

Row building runs in worker threads (History) as well as on the GUI thread (end
of day), so it touches no Qt object: only the store it is given and plain data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

from sessionlog.core.clock import local, local_date
from sessionlog.core.completeness import documentation_deadline, missing_elements
from sessionlog.core.errors import NotFoundError
from sessionlog.core.models import Client, Session, SessionStatus
from sessionlog.core.units import BillingLine
from sessionlog.services.billing import kept_day_lines
from sessionlog.services.calendar import agency_days_off
from sessionlog.services.records import Reader
from sessionlog.ui.i18n import Count


@dataclass(frozen=True)
class UnitsCell:
    """The units a session's billing line earns, and how to explain them."""

    units: int
    billable: int  # what the line bills once its notes are signed
    shared_with: int  # other sessions on the same line (day aggregation)
    explanation: str

    @property
    def text(self) -> str:
        shown = str(self.units)
        if self.billable != self.units:
            shown += QCoreApplication.translate("UnitsCell", " ({billable} billable)").format(
                billable=self.billable
            )
        if self.shared_with:
            shown += QCoreApplication.translate("UnitsCell", " · day")
        return shown

    @property
    def tooltip(self) -> str:
        lines = [self.explanation]
        if self.shared_with:
            lines.append(
                Count.tr(
                    "These units are for the whole line: this session and %n "
                    "other session(s) of the same client, code and day, rounded together.",
                    "",
                    self.shared_with,
                )
            )
        return "\n".join(lines)


@dataclass(frozen=True)
class SessionRow:
    session_id: str
    service_date: date | None
    start_local: datetime | None
    client_id: str
    client_name: str
    code: str
    minutes: int
    status: SessionStatus
    signer: str
    late: bool
    deadline: date | None
    overdue: bool
    days_left: int | None  # until the deadline, in the note's zone; negative when overdue
    missing: tuple[str, ...] = ()
    units: UnitsCell | None = None
    # True until the billing engine has been asked (History fills units in later).
    units_pending: bool = False
    staff_id: str = ""


def units_by_session(store: Reader, sessions: list[Session]) -> dict[str, UnitsCell]:
    """Billing-line units for each finished session, from the billing service.

    Only the clients and dates of these sessions are read: from the lines kept for them,
    computed only where none are kept (a page of search hits spanning ten years costs
    its own days, not the agency's history); running sessions get no cell (their
    minutes are still growing)."""
    dated = [s for s in sessions if s.service_date() is not None]
    if not dated:
        return {}
    pairs = {(s.client_id, day) for s in dated if (day := s.service_date()) is not None}
    lines: list[BillingLine] = kept_day_lines(store, pairs)
    wanted = {s.id for s in dated}
    cells: dict[str, UnitsCell] = {}
    for line in lines:
        for session_id in line.session_ids:
            if session_id in wanted:
                cells[session_id] = UnitsCell(
                    units=line.units,
                    billable=line.billable_if_signed,
                    shared_with=len(line.session_ids) - 1,
                    explanation=line.explanation,
                )
    return cells


# Up to this many clients are read one by one; more, and all of them in one query.
CLIENTS_READ_ONE_BY_ONE = 16


def _clients_of(store: Reader, sessions: list[Session]) -> dict[str, Client]:
    """The clients of these sessions: a row or two refreshed reads only theirs (the
    agency's clients are 150 rows of decoding, most of a narrow refresh)."""
    wanted = {s.client_id for s in sessions}
    if len(wanted) > CLIENTS_READ_ONE_BY_ONE:
        return {c.id: c for c in store.clients(include_archived=True)}
    clients: dict[str, Client] = {}
    for client_id in wanted:
        try:
            clients[client_id] = store.client(client_id)
        except NotFoundError:
            continue  # shown by its id, as before
    return clients


def build_rows(
    store: Reader,
    sessions: Iterable[Session],
    *,
    now: datetime,
    with_units: bool = False,
    units_later: bool = False,
) -> list[SessionRow]:
    """Rows for ``sessions``; units computed now (``with_units``), or marked as coming
    in a second step (``units_later``) so a long history shows before its units."""
    sessions = list(sessions)
    clients = _clients_of(store, sessions)
    payers = {p.id: p for p in store.payers()}
    days_off = agency_days_off(store)
    units = units_by_session(store, sessions) if with_units else {}
    rows: list[SessionRow] = []
    for s in sessions:
        client = clients.get(s.client_id)
        service_date = s.service_date()
        deadline = None
        days_left = None
        if service_date is not None and client is not None:
            deadline = documentation_deadline(service_date, payers.get(client.payer_id), days_off)
            days_left = (deadline - local_date(now, s.timezone)).days
        overdue = s.signature is None and days_left is not None and days_left < 0
        first = s.first_start()
        signer = ""
        if s.signature is not None:
            signer = s.signature.signer_name
            if s.signature.credential:
                signer += f", {s.signature.credential}"
        rows.append(
            SessionRow(
                session_id=s.id,
                service_date=service_date,
                start_local=local(first, s.timezone) if first is not None else None,
                client_id=s.client_id,
                client_name=client.name if client is not None else s.client_id,
                code=s.code,
                minutes=s.minutes(now),
                status=s.status,
                signer=signer,
                late=bool(s.signature and s.signature.late),
                deadline=deadline,
                overdue=overdue,
                days_left=days_left,
                missing=tuple(m.message for m in missing_elements(s)) if not s.signed else (),
                units=units.get(s.id),
                units_pending=units_later and s.status != SessionStatus.RUNNING,
                staff_id=s.staff_id,
            )
        )
    return rows
