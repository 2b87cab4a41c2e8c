"""What the services and the UI may ask of the stored records, as Protocols.

The UI never imports the store: views are typed against these read protocols (one per kind
of record, like the store's repositories), and they pass the object they were given on to
the services, which do every write. ``sessionlog.store.Store`` satisfies all of them; a test
can hand a view a single repository instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sessionlog.core.integrity import IntegrityReport
from sessionlog.core.models import (
    Addendum,
    Agency,
    Authorization,
    Client,
    Cosignature,
    Dataset,
    GroupVisit,
    Payer,
    Session,
    Signature,
    Staff,
    TreatmentPlan,
)
from sessionlog.core.queries import SessionFilter
from sessionlog.core.timer import TimeCorrection, TimerRow
from sessionlog.store import Store, open_database

if TYPE_CHECKING:
    # Named in the protocols' annotations only: copy marks and templates are no part of
    # the first window (issue 12).
    from sessionlog.core.cloning import CopyMark, PriorNote
    from sessionlog.core.templates import NoteTemplate, QuickText


class CaseloadReader(Protocol):
    """Payers, staff, clients and authorizations."""

    def payers(self) -> list[Payer]: ...
    def payer(self, payer_id: str) -> Payer: ...
    def staff_members(self) -> list[Staff]: ...
    def staff(self, staff_id: str) -> Staff: ...
    def clients(self, *, include_archived: bool = False) -> list[Client]: ...
    def client(self, client_id: str) -> Client: ...
    def authorizations(self, client_id: str | None = None) -> list[Authorization]: ...
    def authorizations_of(self, client_ids: Iterable[str]) -> list[Authorization]: ...
    def authorization(self, authorization_id: str) -> Authorization: ...
    def is_empty(self) -> bool: ...
    def agency(self) -> Agency | None: ...


class PlanReader(Protocol):
    """Treatment plans with goals and objectives."""

    def plans(self, client_id: str | None = None) -> list[TreatmentPlan]: ...
    def plans_in_force(self, start: date, end: date) -> list[TreatmentPlan]: ...
    def plan(self, plan_id: str) -> TreatmentPlan: ...
    def active_plan(self, client_id: str, day: date) -> TreatmentPlan | None: ...
    def clients_with_plan_on(self, day: date) -> set[str]: ...
    def objectives_used_by_signed_notes(self, objective_ids: Iterable[str]) -> set[str]: ...
    def objectives_used_by_notes(self, objective_ids: Iterable[str]) -> set[str]: ...


class SessionReader(Protocol):
    """Sessions with segments, signatures and addenda; group visits."""

    def group_visit(self, group_id: str) -> GroupVisit: ...
    def session(self, session_id: str) -> Session: ...
    def sessions_in_group(self, group_id: str) -> list[Session]: ...
    def session_exists(self, session_id: str) -> bool: ...
    def sessions_with_ids(self, session_ids: Sequence[str]) -> list[Session]: ...
    def sessions(self, f: SessionFilter | None = None) -> list[Session]: ...
    def count_sessions(self, f: SessionFilter | None = None) -> int: ...
    def any_sessions(self, f: SessionFilter | None = None) -> bool: ...
    def running_sessions(self) -> list[Session]: ...
    def staff_sessions_between(
        self, staff_id: str, start: datetime, end: datetime
    ) -> list[Session]: ...
    def sessions_on_days(self, client_days: Iterable[tuple[str, date]]) -> list[Session]: ...
    def staff_session_times(
        self, windows: Iterable[tuple[str, datetime, datetime]]
    ) -> list[Session]: ...
    def time_corrections(self, session_id: str) -> list[TimeCorrection]: ...
    def last_place(self, client_id: str, code: str) -> tuple[str, bool] | None: ...


class TemplateReader(Protocol):
    """A coach's note templates and quick texts, drafts' copied-from marks, and the
    narrow reads over notes the cloning guard and "Copy from last note" make."""

    def note_templates(self, staff_id: str) -> list[NoteTemplate]: ...
    def note_template(self, staff_id: str, code: str) -> NoteTemplate | None: ...
    def quick_texts(self, staff_id: str) -> list[QuickText]: ...
    def note_copies(self, session_id: str) -> list[CopyMark]: ...
    def recent_note_texts(
        self, client_id: str, since: date, *, exclude_id: str, limit: int
    ) -> list[PriorNote]: ...
    def last_note_id(self, client_id: str, code: str, before_session_id: str) -> str | None: ...


class BillingCache(Protocol):
    """The authorization draw-down the unit engine computed, per client and date
    (derived facts the store's triggers mark stale; ``services.billing`` keeps them)."""

    def billing_cache_generation(self) -> int: ...
    def billing_valid_before(
        self, client_id: str, chain_start: date, rules: str
    ) -> date | None: ...
    def billing_validity(self, rules: str) -> dict[tuple[str, date], date]: ...
    def billing_draws(
        self, client_id: str, start: date, before: date
    ) -> list[tuple[date, str, int]]: ...
    def save_billing_draws(
        self,
        client_id: str,
        chain_start: date,
        rules: str,
        start: date,
        valid_before: date,
        draws: Iterable[tuple[date, str, int]],
        generation: int,
    ) -> bool: ...
    def billed_days(
        self, start: date, end: date, client_id: str | None = None
    ) -> list[tuple[str, date]]: ...
    def kept_lines(
        self, start: date, end: date, stamp: str, client_id: str | None = None
    ) -> dict[tuple[str, date], str]: ...
    def kept_lines_of_days(
        self, client_days: Iterable[tuple[str, date]], stamp: str
    ) -> dict[tuple[str, date], str]: ...
    def save_kept_lines(
        self,
        stamp: str,
        days: Iterable[tuple[str, date, str]],
        generation: int,
        reports: Iterable[tuple[str, date, str, str | None, str]] = (),
    ) -> bool: ...
    def first_starts(self, session_ids: Iterable[str]) -> dict[str, str]: ...
    def sessions_past_their_next_day(self, session_ids: Iterable[str]) -> set[str]: ...
    def save_billing_draws_of_runs(
        self,
        rules: str,
        runs: Iterable[tuple[str, date, date, date, list[tuple[date, str, int]]]],
        generation: int,
    ) -> bool: ...


class SettingsReader(Protocol):
    """The app's own small settings, read only (the agency's days off, for deadlines)."""

    def get_state(self, key: str, default: str | None = None) -> str | None: ...


class AppSettings(SettingsReader, Protocol):
    """The app's own small settings and the timer heartbeat (not audited: no care record)."""

    def set_state(self, key: str, value: str) -> None: ...
    def delete_state(self, key: str) -> None: ...


class TimerRecords(Protocol):
    """Timer state on each timed session's row, and corrections of a session's time."""

    def timers(self) -> list[TimerRow]: ...
    def timer(self, session_id: str) -> TimerRow | None: ...
    def set_timers(self, session_ids: Sequence[str], *, running: bool) -> None: ...
    def clear_timers(self, session_ids: Sequence[str]) -> None: ...
    def write_heartbeats(
        self, session_ids: Sequence[str], wall: datetime, monotonic: float
    ) -> None: ...
    def write_running_heartbeats(
        self, session_ids: Sequence[str], wall: datetime, monotonic: float
    ) -> int: ...
    def commit_without_fsync(self) -> None: ...
    def add_time_correction(
        self, session_id: str, kind: str, reason: str, details: dict[str, Any] | None = None
    ) -> None: ...
    def void_session(self, session_id: str, reason: str) -> None: ...


class CaseloadRecords(CaseloadReader, PlanReader, Protocol):
    """What the caseload rules read: who is served, by whom, paid by whom, and the plans."""


class IntegrityReader(Protocol):
    """The record check (issue 13): seals and the audit hash chain recomputed."""

    def check_record(
        self, client_id: str | None = None, *, now: datetime | None = None
    ) -> IntegrityReport: ...
    def triggers_restored_at_open(self) -> list[str]: ...


class CaseloadWriter(CaseloadRecords, Protocol):
    """What the one write path for caseload records (``services.caseload``) needs: the
    records its rules read, a transaction, and the store's audited writes."""

    def transaction(self) -> AbstractContextManager[object]: ...
    def save_payer(self, payer: Payer) -> None: ...
    def save_staff(self, staff: Staff) -> None: ...
    def save_client(self, client: Client) -> None: ...
    def save_clients(self, clients: Sequence[Client]) -> None: ...
    def set_client_archived(self, client_id: str, archived: bool = True) -> None: ...
    def delete_client(self, client_id: str) -> None: ...
    def save_authorization(self, auth: Authorization) -> None: ...
    def save_authorizations(self, auths: Sequence[Authorization]) -> None: ...
    def save_plan(self, plan: TreatmentPlan) -> None: ...
    def save_plans(self, plans: Sequence[TreatmentPlan]) -> None: ...


class AgencyRecords(Protocol):
    """The agency (the billing provider), read and saved."""

    def agency(self) -> Agency | None: ...
    def save_agency(self, agency: Agency) -> None: ...


class AuditedSettings(AppSettings, Protocol):
    """Settings whose change is audited (the agency's days off move every deadline)."""

    def transaction(self) -> AbstractContextManager[object]: ...
    def audit(
        self, action: str, entity: str, entity_id: str, details: dict[str, Any] | None = None
    ) -> None: ...


class Reader(
    CaseloadReader,
    PlanReader,
    SessionReader,
    TemplateReader,
    IntegrityReader,
    SettingsReader,
    BillingCache,
    Protocol,
):
    """Every kind of record, read only (and the billing facts derived from them)."""

    def get_state(self, key: str, default: str | None = None) -> str | None: ...

    @property
    def path(self) -> Path | None: ...


# ---- what each Setup editor and dialog is given (narrower than Records) ----------------


class StaffSetupRecords(CaseloadWriter, AppSettings, Protocol):
    """Setup ▸ Staff: the caseload writes, and who uses this laptop (a setting)."""


class PacketRecords(CaseloadReader, AppSettings, Protocol):
    """The packet dialog: clients to choose from, and its remembered choices."""


class ClientSetupRecords(CaseloadWriter, SessionReader, AppSettings, Protocol):
    """Setup ▸ Clients: the caseload writes, whether a client has sessions (archive or
    delete), and the packet dialog it opens."""

    @property
    def path(self) -> Path | None: ...


class AuthorizationSetupRecords(CaseloadWriter, Reader, Protocol):
    """Setup ▸ Authorizations: the caseload writes, and every read the units used so
    far are computed from (signed sessions, payers' rules, the agency's days off)."""


class TemplateWriter(TemplateReader, Protocol):
    """A coach's note templates and quick texts, saved and deleted (services.templates)."""

    def save_note_template(self, template: NoteTemplate) -> None: ...
    def delete_note_template(self, template_id: str) -> None: ...
    def save_quick_text(self, quick: QuickText) -> None: ...
    def delete_quick_text(self, quick_id: str) -> None: ...


class TemplateSetupRecords(CaseloadReader, TemplateWriter, SettingsReader, Protocol):
    """Setup ▸ Templates: the templates and quick texts, the staff whose they are, and
    who uses this laptop (shown first)."""


class SetupRecords(
    AuthorizationSetupRecords,
    ClientSetupRecords,
    StaffSetupRecords,
    TemplateSetupRecords,
    AgencyRecords,
    Protocol,
):
    """The Setup window: what each of its editors is given, and nothing else."""


# ---- signing and amending a note (services.notes) and the dialogs that do it -----------


class SignatureReader(CaseloadReader, SessionReader, SettingsReader, Protocol):
    """What a signature, co-signature or addendum is made from: the note, its signer
    (name, credential), client and payer, and the agency's days off (a late entry)."""


class NoteSigner(SignatureReader, Protocol):
    def sign_session(self, session_id: str, signature: Signature) -> None: ...


class AddendumWriter(SignatureReader, Protocol):
    def add_addendum(self, addendum: Addendum) -> None: ...


class Cosigner(SignatureReader, Protocol):
    def cosign_session(self, session_id: str, cosignature: Cosignature) -> None: ...


class SignRecords(Reader, NoteSigner, Protocol):
    """The Sign dialog and End of day (its queue, note viewer and sign panel): the reads
    the note's unit preview, deadline and warnings come from (read only), and the
    signature."""


class AddendumRecords(Reader, AddendumWriter, Protocol):
    """The addendum dialog: the note as shown (read only), and the addendum."""


class NoteWindowRecords(SignRecords, AddendumRecords, Cosigner, Protocol):
    """The note window: the note shown, co-signing, and the Sign and Addendum dialogs
    it opens."""


# ---- what each main-window view is given (narrower than Records) ---------------------


class HistoryRecords(NoteWindowRecords, PacketRecords, Protocol):
    """History: the client filter, the note window it opens, and the packet dialog (its
    pages are read on connections of their own)."""


class NoteWriting(SessionReader, Protocol):
    """Saving a note's fields (services.timing.save_note): to the session, and a group
    note's shared part to the group visit and its unsigned attendees, in one transaction."""

    def transaction(self) -> AbstractContextManager[object]: ...
    def save_session(self, session: Session) -> None: ...
    def save_group_visit(self, visit: GroupVisit) -> None: ...


class NoteCopying(PlanReader, NoteWriting, TemplateReader, Protocol):
    """Copy from last note (services.templates.copy_from_last): the client's last note
    and plan read, the draft saved with the copied-from marks beside it."""

    def set_note_copies(self, session_id: str, marks: Sequence[CopyMark]) -> None: ...


class DraftVoiding(SessionReader, Protocol):
    """Discarding a draft (kept as voided): the session, its timer, the void."""

    def timer(self, session_id: str) -> TimerRow | None: ...
    def void_session(self, session_id: str, reason: str) -> None: ...


class DraftMoving(CaseloadReader, PlanReader, SessionReader, Protocol):
    """Moving a draft to another client: who has a plan that day, the timer, the save."""

    def timer(self, session_id: str) -> TimerRow | None: ...
    def save_session(self, session: Session) -> None: ...


class ManualEntry(CaseloadReader, SessionReader, Protocol):
    """Entering a session after the fact: the client's zone, the staff member's other
    sessions that day, the last place seen, and the save."""

    def save_session(self, session: Session) -> None: ...


class TimeCorrecting(CaseloadReader, SessionReader, Protocol):
    """Correcting a stopped draft's times, with the reason kept beside the session."""

    def timer(self, session_id: str) -> TimerRow | None: ...
    def transaction(self) -> AbstractContextManager[object]: ...
    def save_session(self, session: Session) -> None: ...
    def add_time_correction(
        self, session_id: str, kind: str, reason: str, details: dict[str, Any] | None = None
    ) -> None: ...


class NoteFormRecords(
    NoteCopying, SignRecords, AddendumRecords, DraftVoiding, DraftMoving, TimeCorrecting, Protocol
):
    """The note form on Today: the note read and saved, its units previewed, and the
    dialogs it opens (Sign, Addendum, Discard draft, Correct times, Change client)."""


class TimingRecords(CaseloadRecords, SessionReader, TimerRecords, Protocol):
    """The timer's writes (services.timing: start, pause, stop, a group's attendees, the
    heartbeat and recovery after a crash): the caseload and sessions read, the timer state
    and the sessions written in one transaction."""

    def transaction(self) -> AbstractContextManager[object]: ...
    def save_session(self, session: Session) -> None: ...
    def save_group_visit(self, visit: GroupVisit) -> None: ...
    def delete_unsigned_session(self, session_id: str) -> None: ...


class TimerPanelRecords(TimingRecords, ManualEntry, Protocol):
    """The timer panel on Today: the timer's writes, the group-start and manual-entry
    dialogs it opens, and the file its heartbeat thread opens a connection to."""

    @property
    def path(self) -> Path | None: ...


class DemoRecords(CaseloadWriter, AgencyRecords, Protocol):
    """Loading the demo caseload (services.demo): the agency, caseload and plans, and
    sessions (some signed) written in one transaction."""

    def save_session(self, session: Session) -> None: ...
    def insert_signed_session(self, session: Session) -> None: ...


class TodayRecords(TimerPanelRecords, NoteFormRecords, DemoRecords, Protocol):
    """Today: the caseload and the day's sessions read, its timer panel and note form,
    and the demo caseload it offers on an empty database."""


class Audited(Protocol):
    """An entry of its own in the audit trail (an import or an export of a file)."""

    def transaction(self) -> AbstractContextManager[object]: ...
    def audit(
        self, action: str, entity: str, entity_id: str, details: dict[str, Any] | None = None
    ) -> None: ...


class RosterRecords(CaseloadWriter, Audited, Protocol):
    """The CSV roster: clients and payers read, clients written, the import audited."""


class RosterExport(CaseloadReader, Audited, Protocol):
    """Writing the roster file (audited: client data leaves the app)."""


class ImportRecords(
    CaseloadWriter, AgencyRecords, SessionReader, SettingsReader, Audited, Protocol
):
    """The JSON import: what a file may hold is checked against every stored record
    of its kinds, then written (caseload through the caseload service, sessions signed
    or not, the agency)."""

    def undivided_transaction(self) -> AbstractContextManager[object]: ...
    def billing_stale_once(self) -> AbstractContextManager[None]: ...
    def save_session(self, session: Session) -> None: ...
    def insert_signed_session(self, session: Session) -> None: ...
    def insert_new_sessions(self, sessions: Sequence[Session]) -> None: ...


class BackgroundImportRecords(ImportRecords, Protocol):
    """The import dialog: the import's records, and what a worker needs to open a
    connection of its own (the file, and who is writing)."""

    actor: str

    @property
    def path(self) -> Path | None: ...


class Records(Reader, CaseloadWriter, AgencyRecords, AuditedSettings, TimerRecords, Protocol):
    """What the UI holds and hands to the services: reads, settings, and the writes the
    services make (views call services for every write, never these methods)."""

    actor: str

    @property
    def read_only(self) -> bool: ...
    def set_busy_timeout(self, milliseconds: int) -> None: ...
    def read_snapshot(self) -> AbstractContextManager[None]: ...
    def reopen(self, busy_timeout_ms: int = 10_000) -> Records: ...
    def save_group_visit(self, visit: GroupVisit) -> None: ...
    def save_session(self, session: Session) -> None: ...
    def delete_unsigned_session(self, session_id: str) -> None: ...
    def sign_session(self, session_id: str, signature: Signature) -> None: ...
    def add_addendum(self, addendum: Addendum) -> None: ...
    def cosign_session(self, session_id: str, cosignature: Cosignature) -> None: ...
    def save_note_template(self, template: NoteTemplate) -> None: ...
    def delete_note_template(self, template_id: str) -> None: ...
    def save_quick_text(self, quick: QuickText) -> None: ...
    def delete_quick_text(self, quick_id: str) -> None: ...
    def set_note_copies(self, session_id: str, marks: Sequence[CopyMark]) -> None: ...
    def insert_signed_session(self, session: Session) -> None: ...
    def insert_new_sessions(self, sessions: Sequence[Session]) -> None: ...
    def undivided_transaction(self) -> AbstractContextManager[object]: ...
    def billing_stale_once(self) -> AbstractContextManager[None]: ...
    def dataset(
        self, *, client_id: str | None = None, start: date | None = None, end: date | None = None
    ) -> Dataset: ...
    def caseload_dataset(
        self, *, client_id: str | None = None, start: date | None = None, end: date | None = None
    ) -> Dataset: ...
    def session_batches(self, f: SessionFilter, size: int = 500) -> Iterator[list[Session]]: ...


@contextmanager
def own_connection(
    path: Path | str, *, actor: str = "worker", migrate: bool = False
) -> Iterator[Records]:
    """The records on a connection of their own, closed afterwards: for a worker thread,
    which must never share the GUI's connection. By default the file is not migrated
    (the app did that when it opened it), nor checked again (the app checked it then: the
    integrity check reads the whole file, seconds at ten years)."""
    db = open_database(Path(path), migrate=migrate, verify=migrate)
    try:
        yield Store(db, actor=actor)
    finally:
        db.close()
