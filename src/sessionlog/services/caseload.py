"""The one write path for caseload records: payers, staff, clients, plans, authorizations.

Where does a client's save go, and what checks it? Every caller (the Setup editors, the
JSON import in ``services.interchange``, the CSV roster in ``services.roster``) calls a
function here. It runs the field rules of the core (``core.caseload`` for staff, payers
and plans, ``core.roster.client_problems`` for clients, ``core.authorizations`` for
authorizations) against the stored records plus the others being saved with it, and
then either returns the problems (nothing written) or writes every record in one
transaction through the store, which appends each write to the audit log, and returns
the :class:`~sessionlog.core.changes.Changes` made.

A problem names the record kind, its id, the field and the message; Setup shows the
message under the field it concerns, an import prints ``kind id: field: message``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sessionlog.core.authorizations import authorization_problems
from sessionlog.core.caseload import (
    FieldProblem,
    payer_problems,
    plan_problems,
    staff_problems,
)
from sessionlog.core.changes import Changes, Entity
from sessionlog.core.models import Authorization, Client, Payer, Staff, TreatmentPlan
from sessionlog.core.roster import client_problems
from sessionlog.services.records import CaseloadRecords, CaseloadWriter
from sessionlog.services.wording import t

CaseloadRecord = Payer | Staff | Client | TreatmentPlan | Authorization


@dataclass(frozen=True)
class RecordProblem(FieldProblem):
    """A field problem of one record: ``kind id: field: message``."""

    kind: Entity = Entity.CLIENT
    record_id: str = ""

    def __str__(self) -> str:
        return t(
            "{kind} {record_id}: {problem}",
            kind=record_word(self.kind),
            record_id=self.record_id,
            problem=FieldProblem.__str__(self),
        )


def record_word(kind: Entity) -> str:
    """One record of ``kind`` as a message names it: "client 42: ..." (in English the
    kind's own name, which scripts reading the CLI's errors match)."""
    words = {
        Entity.PAYER: t.pgettext("one record", "payer"),
        Entity.STAFF: t.pgettext("one record", "staff"),
        Entity.CLIENT: t.pgettext("one record", "client"),
        Entity.PLAN: t.pgettext("one record", "plan"),
        Entity.AUTHORIZATION: t.pgettext("one record", "authorization"),
        Entity.SESSION: t.pgettext("one record", "session"),
        Entity.AGENCY: t.pgettext("one record", "agency"),
        Entity.TEMPLATE: t.pgettext("one record", "template"),
    }
    return words.get(kind, kind.value)


def records_word(key: str) -> str:
    """The records of a file's section ("clients") as a summary names them."""
    words = {
        "agency": t.pgettext("records", "agency"),
        "payers": t.pgettext("records", "payers"),
        "staff": t.pgettext("records", "staff"),
        "clients": t.pgettext("records", "clients"),
        "plans": t.pgettext("records", "plans"),
        "authorizations": t.pgettext("records", "authorizations"),
        "sessions": t.pgettext("records", "sessions"),
    }
    return words.get(key, key)


@dataclass(frozen=True)
class SaveResult:
    """Either the problems found (nothing was written) or the changes made."""

    problems: list[RecordProblem] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    @property
    def ok(self) -> bool:
        return not self.problems


_ENTITY_OF_TYPE: dict[type, Entity] = {
    Payer: Entity.PAYER,
    Staff: Entity.STAFF,
    Client: Entity.CLIENT,
    TreatmentPlan: Entity.PLAN,
    Authorization: Entity.AUTHORIZATION,
}


def entity_of(record: CaseloadRecord) -> Entity:
    found = _ENTITY_OF_TYPE.get(type(record))  # one look-up per record of an import
    if found is not None:
        return found
    match record:
        case Payer():
            return Entity.PAYER
        case Staff():
            return Entity.STAFF
        case Client():
            return Entity.CLIENT
        case TreatmentPlan():
            return Entity.PLAN
        case Authorization():
            return Entity.AUTHORIZATION


class _Context:
    """The stored caseload as the rules see it, plus the records accepted so far in
    this batch (a client whose payer arrives in the same import is not refused)."""

    def __init__(self, records: CaseloadRecords, today: date) -> None:
        self.today = today
        self._records = records
        self._payer_ids: set[str] | None = None
        self._clients: dict[str, Client] | None = None
        # Medicaid ID -> the clients holding it, in the order of clients(): a client's
        # check looks up its own ID, not every other client (an import checks hundreds).
        self._holders: dict[str, list[str]] | None = None
        self._plans: dict[str, dict[str, TreatmentPlan]] = {}

    def payer_ids(self) -> set[str]:
        if self._payer_ids is None:
            self._payer_ids = {p.id for p in self._records.payers()}
        return self._payer_ids

    def clients(self) -> dict[str, Client]:
        if self._clients is None:
            self._clients = {c.id: c for c in self._records.clients(include_archived=True)}
        return self._clients

    def medicaid_holders(self) -> dict[str, list[str]]:
        if self._holders is None:
            self._holders = {}
            for c in self.clients().values():
                if c.medicaid_id.strip():
                    self._holders.setdefault(c.medicaid_id.strip(), []).append(c.id)
        return self._holders

    def taken_medicaid_ids(self, client: Client) -> dict[str, str]:
        """The client's Medicaid ID and who else holds it, when anyone does (what
        ``client_problems`` looks up)."""
        medicaid = client.medicaid_id.strip()
        others = [i for i in self.medicaid_holders().get(medicaid, []) if i != client.id]
        if not others:
            return {}
        return {medicaid: t("the stored client {client_id}", client_id=others[-1])}

    def plans_of(self, client_id: str) -> dict[str, TreatmentPlan]:
        if client_id not in self._plans:
            stored = self._records.plans(client_id)
            self._plans[client_id] = {p.id: p for p in stored}
        return self._plans[client_id]

    def field_problems(self, record: CaseloadRecord) -> list[FieldProblem]:
        match record:
            case Payer():
                return payer_problems(record)
            case Staff():
                return staff_problems(record)
            case Client():
                return client_problems(
                    record,
                    payer_ids=self.payer_ids(),
                    today=self.today,
                    taken_medicaid_ids=self.taken_medicaid_ids(record),
                )
            case TreatmentPlan():
                others = [p for p in self.plans_of(record.client_id).values() if p.id != record.id]
                return plan_problems(record, others)
            case Authorization():
                return authorization_problems(record)

    def accept(self, record: CaseloadRecord) -> None:
        match record:
            case Payer():
                self.payer_ids().add(record.id)
            case Client():
                before = self.clients().get(record.id)
                holders = self.medicaid_holders()
                held = holders.get(before.medicaid_id.strip(), []) if before else []
                if record.id in held:
                    held.remove(record.id)
                if record.medicaid_id.strip():
                    holders.setdefault(record.medicaid_id.strip(), []).append(record.id)
                self.clients()[record.id] = record
            case TreatmentPlan():
                self.plans_of(record.client_id)[record.id] = record
            case _:
                pass


def check_records(
    records: CaseloadRecords, items: Iterable[CaseloadRecord], *, today: date | None = None
) -> list[RecordProblem]:
    """Every rule problem of ``items`` taken together with what is stored; writes nothing.
    Pass payers before the clients that use them, clients before their plans."""
    context = _Context(records, today or date.today())
    problems: list[RecordProblem] = []
    for record in items:
        kind = entity_of(record)
        found = context.field_problems(record)
        problems.extend(RecordProblem(p.field, p.message, kind, record.id) for p in found)
        if not found:
            context.accept(record)
    return problems


def save_records(
    records: CaseloadWriter, items: Sequence[CaseloadRecord], *, today: date | None = None
) -> SaveResult:
    """Check ``items`` and, when nothing is wrong, write them all in one transaction
    (each write audited by the store). Callers inside a larger transaction (an import)
    get all or nothing with it."""
    problems = check_records(records, items, today=today)
    if problems:
        return SaveResult(problems=problems)
    return SaveResult(changes=write_checked_records(records, items))


def write_checked_records(records: CaseloadWriter, items: Sequence[CaseloadRecord]) -> Changes:
    """Write ``items`` that :func:`check_records` found sound in the caller's same
    transaction (nothing stored can have changed since; an import checks its caseload
    once, then writes it), in one transaction; the changes made."""
    with records.transaction():
        # Runs of clients, plans or authorizations are written together (an import
        # brings thousands); everything else one at a time, in the order given.
        for _kind, run in itertools.groupby(items, key=type):
            _write_run(records, list(run))
    written: dict[Entity, list[str]] = {}
    for record in items:
        written.setdefault(entity_of(record), []).append(record.id)
    return Changes.union(Changes.of(entity, *ids) for entity, ids in written.items())


def _write_run(records: CaseloadWriter, run: list[CaseloadRecord]) -> None:
    """Records of one kind, in order."""
    plans = [r for r in run if isinstance(r, TreatmentPlan)]
    auths = [r for r in run if isinstance(r, Authorization)]
    clients = [r for r in run if isinstance(r, Client)]
    if len(plans) == len(run):
        records.save_plans(plans)
    elif len(auths) == len(run):
        records.save_authorizations(auths)
    elif len(clients) == len(run):
        records.save_clients(clients)
    else:
        for record in run:
            _write(records, record)


def _write(records: CaseloadWriter, record: CaseloadRecord) -> None:
    match record:
        case Payer():
            records.save_payer(record)
        case Staff():
            records.save_staff(record)
        case Client():
            records.save_client(record)
        case TreatmentPlan():
            records.save_plan(record)
        case Authorization():
            records.save_authorization(record)


def save_payer(records: CaseloadWriter, payer: Payer) -> SaveResult:
    return save_records(records, [payer])


def save_staff(records: CaseloadWriter, staff: Staff) -> SaveResult:
    return save_records(records, [staff])


def save_client(
    records: CaseloadWriter, client: Client, *, today: date | None = None
) -> SaveResult:
    return save_records(records, [client], today=today)


def save_plan(records: CaseloadWriter, plan: TreatmentPlan) -> SaveResult:
    return save_records(records, [plan])


def save_authorization(records: CaseloadWriter, auth: Authorization) -> SaveResult:
    return save_records(records, [auth])


def set_client_archived(records: CaseloadWriter, client_id: str, archived: bool = True) -> Changes:
    """Archive (or restore) a client; raises StoreError when it cannot be saved."""
    records.set_client_archived(client_id, archived)
    return Changes.of(Entity.CLIENT, client_id)


def delete_client(records: CaseloadWriter, client_id: str) -> Changes:
    """Delete a client with no records at all; raises StoreError for anyone else (they
    are archived instead)."""
    records.delete_client(client_id)
    return Changes.of(Entity.CLIENT, client_id)
