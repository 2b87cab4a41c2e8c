"""The composed store the composition root (app.py, cli.py) opens.

It is every repository over one connection. Code that needs one kind of record takes
that repository's type (``CaseloadRepository``, ``PlanRepository``, ``SessionRepository``,
``AuditLogRepository``, ``AppStateRepository``), so it can be built and tested alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sessionlog.core.models import Dataset, Session
from sessionlog.core.queries import SessionFilter
from sessionlog.store.app_state import AppStateRepository
from sessionlog.store.audit import AuditLogRepository
from sessionlog.store.billing_cache import BillingCacheRepository
from sessionlog.store.caseload import CaseloadRepository
from sessionlog.store.plans import PlanRepository
from sessionlog.store.sessions import SessionRepository
from sessionlog.store.templates import TemplateRepository
from sessionlog.store.timers import TimerRepository


class Store(
    CaseloadRepository,
    PlanRepository,
    SessionRepository,
    AuditLogRepository,
    AppStateRepository,
    TimerRepository,
    TemplateRepository,
    BillingCacheRepository,
):
    def dataset(
        self, *, client_id: str | None = None, start: date | None = None, end: date | None = None
    ) -> Dataset:
        """Everything needed to describe a caseload (or one client) in a period."""
        sessions = self.sessions(SessionFilter(client_id=client_id, start=start, end=end))
        dataset = self._caseload_dataset(client_id, _staff_ids_of(sessions))
        dataset.sessions = sessions
        return dataset

    def caseload_dataset(
        self, *, client_id: str | None = None, start: date | None = None, end: date | None = None
    ) -> Dataset:
        """:meth:`dataset` without its sessions, which a caller reads a batch at a time
        (``session_batches(SessionFilter(client_id=..., start=..., end=...))``): the staff
        of one client's notes are found a batch of notes at a time (issue 12)."""
        staff_ids: set[str] = set()
        if client_id is not None:
            for batch in self.session_batches(
                SessionFilter(client_id=client_id, start=start, end=end)
            ):
                staff_ids |= _staff_ids_of(batch)
        return self._caseload_dataset(client_id, staff_ids)

    def _caseload_dataset(self, client_id: str | None, staff_ids: set[str]) -> Dataset:
        """The caseload records of a dataset: every one, or those of one client (and the
        staff ``staff_ids`` who wrote or signed its notes)."""
        clients = [self.client(client_id)] if client_id else self.clients(include_archived=True)
        client_ids = {c.id for c in clients}
        staff = (
            self.staff_members()
            if client_id is None
            else [m for m in self.staff_members() if m.id in staff_ids]
        )
        payer_ids = {c.payer_id for c in clients}
        return Dataset(
            payers=[p for p in self.payers() if p.id in payer_ids or client_id is None],
            staff=staff,
            clients=clients,
            plans=[p for p in self.plans(client_id) if p.client_id in client_ids],
            authorizations=[a for a in self.authorizations(client_id) if a.client_id in client_ids],
            agency=self.agency(),
        )


def _staff_ids_of(sessions: Iterable[Session]) -> set[str]:
    """Who wrote, signed or added to these notes."""
    staff_ids: set[str] = set()
    for s in sessions:
        staff_ids.add(s.staff_id)
        if s.signature:
            staff_ids.add(s.signature.staff_id)
        staff_ids.update(a.staff_id for a in s.addenda)
    return staff_ids
