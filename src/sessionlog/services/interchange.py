"""Import and export of ``sessionlog/1`` files against the store (all or nothing)."""

from __future__ import annotations

import gc
import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sessionlog.core.changes import Changes, Entity
from sessionlog.core.clock import to_utc_text
from sessionlog.core.interchange import (
    AGENCY_KEY,
    TOP_LEVEL_KEYS,
    DocumentParser,
    InterchangeError,
    KnownRecords,
    References,
    agency_to_dict,
    authorization_to_dict,
    client_to_dict,
    not_an_object,
    payer_to_dict,
    plan_to_dict,
    session_to_dict,
    staff_to_dict,
    to_document,
)
from sessionlog.core.models import Dataset, Session, utc_now
from sessionlog.core.queries import SessionFilter
from sessionlog.export.files import write_private_with
from sessionlog.services.calendar import agency_days_off
from sessionlog.services.caseload import (
    CaseloadRecord,
    check_records,
    entity_of,
    record_word,
    records_word,
    save_records,
    write_checked_records,
)
from sessionlog.services.json_stream import (
    Piece,
    cannot_read,
    malformed,
    not_found,
    read_pieces,
    too_deep,
)
from sessionlog.services.records import ImportRecords, Records, own_connection
from sessionlog.services.wording import t


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    changes: Changes = field(default_factory=Changes)  # what the import wrote

    def summary(self) -> str:
        parts = []
        for kind in ("agency", "payers", "staff", "clients", "plans", "authorizations", "sessions"):
            new, same = self.created.get(kind, 0), self.unchanged.get(kind, 0)
            if new or same:
                kinds = records_word(kind)
                part = t.plural("{kind}: {count} new", "{kind}: {count} new", new, kind=kinds)
                if same:
                    part += t.plural(", {count} already present", ", {count} already present", same)
                parts.append(part)
        return "; ".join(parts) if parts else t("nothing to import")


def read_document(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InterchangeError([not_found(path)]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InterchangeError([cannot_read(path, exc)]) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError([malformed(exc.lineno, exc.colno, exc.msg)]) from exc
    except RecursionError as exc:
        raise InterchangeError([too_deep()]) from exc


def known_records(store: ImportRecords) -> KnownRecords:
    payers = store.payers()
    clients = store.clients(include_archived=True)
    staff = store.staff_members()
    known = KnownRecords(
        payer_ids={p.id for p in payers},
        staff_ids={s.id for s in staff},
        supervisors={s.id: s.supervisor_id for s in staff},
        client_zones={c.id: c.timezone for c in clients},
        payers={p.id: p for p in payers},
        client_payers={c.id: c.payer_id for c in clients},
        days_off=agency_days_off(store),
    )
    for plan in store.plans():
        known.objectives_by_client.setdefault(plan.client_id, set()).update(plan.objective_ids())
    return known


# Caseload kinds in the order a file's records may refer to each other: payers before
# the clients that use them, clients before their plans and authorizations; each with
# its writer to compare by and a bulk read of what is stored (one query per kind, not
# one per record: an import brings thousands of plans and authorizations).
_KINDS: tuple[
    tuple[str, Callable[[Any], dict[str, Any]], Callable[[ImportRecords], list[Any]]], ...
] = (
    ("payers", payer_to_dict, lambda store: store.payers()),
    ("staff", staff_to_dict, lambda store: store.staff_members()),
    ("clients", client_to_dict, lambda store: store.clients(include_archived=True)),
    ("plans", plan_to_dict, lambda store: store.plans()),
    ("authorizations", authorization_to_dict, lambda store: store.authorizations()),
)


@dataclass
class ImportCheck:
    """What importing a dataset would do, worked out without writing anything."""

    result: ImportResult
    to_write: list[tuple[str, Any]]
    problems: list[str]


def check_import(store: ImportRecords, dataset: Dataset) -> ImportCheck:
    """Every problem importing ``dataset`` would meet, and the records it would add
    (for a preview before committing; import_dataset runs the same check)."""
    references = References(known_records(store), dataset)
    reference_problems = [p for s in dataset.sessions for p in references.session_problems(s)]
    check = _check_caseload(store, dataset)
    session_problems = _check_sessions(store, dataset.sessions, check)
    check.problems = list(
        dict.fromkeys(
            [
                *references.caseload_problems,
                *reference_problems,
                *check.problems,
                *session_problems,
            ]
        )
    )
    return check


def _check_caseload(store: ImportRecords, dataset: Dataset) -> ImportCheck:
    """The caseload records and the agency of ``dataset``: those to write, those already
    stored alike, and the problems (stored with other content; the caseload rules)."""
    problems: list[str] = []
    result = ImportResult()
    to_write: list[tuple[str, Any]] = []
    caseload_new: list[CaseloadRecord] = []
    for key, as_dict, stored_records in _KINDS:
        records = _records_of(dataset, key)
        if not records:
            continue
        stored_by_id = {r.id: r for r in stored_records(store)}
        for record in records:
            stored = stored_by_id.get(record.id)
            if stored is None:
                to_write.append((key, record))
                caseload_new.append(record)
                continue
            if as_dict(stored) == as_dict(record):
                result.unchanged[key] = result.unchanged.get(key, 0) + 1
            else:
                problems.append(
                    t(
                        "{kind} {record_id}: id: already stored with different content; "
                        "refusing to overwrite it",
                        kind=record_word(entity_of(record)),
                        record_id=record.id,
                    )
                )
    # The same rules as Setup, with the same messages (services.caseload).
    problems.extend(str(p) for p in check_records(store, caseload_new))
    if dataset.agency is not None:
        stored_agency = store.agency()
        if stored_agency is None:
            to_write.append(("agency", dataset.agency))
        elif agency_to_dict(stored_agency) == agency_to_dict(dataset.agency):
            result.unchanged["agency"] = 1
        else:
            problems.append(
                t("agency: already stored with different content; change it in Setup ▸ Agency")
            )
    return ImportCheck(result, to_write, problems)


def _check_sessions(
    store: ImportRecords, sessions: Sequence[Session], check: ImportCheck
) -> list[str]:
    """Sessions already stored are counted as such when alike and refused otherwise;
    the others are added to ``check.to_write``. Returns the problems."""
    problems: list[str] = []
    for start in range(0, len(sessions), BATCH):
        batch = sessions[start : start + BATCH]
        stored = {s.id: s for s in store.sessions_with_ids([s.id for s in batch])}
        for session in batch:
            before = stored.get(session.id)
            if before is None:
                check.to_write.append(("sessions", session))
            elif session_to_dict(before) == session_to_dict(session):
                unchanged = check.result.unchanged
                unchanged["sessions"] = unchanged.get("sessions", 0) + 1
            elif before.signed:
                problems.append(
                    t(
                        "session {record_id}: id: stored note is signed and locked; "
                        "an import never changes it",
                        record_id=session.id,
                    )
                )
            else:
                problems.append(
                    t(
                        "{kind} {record_id}: id: already stored with different content; "
                        "refusing to overwrite it",
                        kind=record_word(Entity.SESSION),
                        record_id=session.id,
                    )
                )
    return problems


def _records_of(dataset: Dataset, key: str) -> list[CaseloadRecord]:
    match key:
        case "payers":
            return list(dataset.payers)
        case "staff":
            return list(dataset.staff)
        case "clients":
            return list(dataset.clients)
        case "plans":
            return list(dataset.plans)
        case _:
            return list(dataset.authorizations)


class ImportCancelled(Exception):
    """The import was cancelled before it committed: its transaction was rolled back."""


# How many sessions are checked against the store and written at a time (one query and
# one executemany per table each), and how often a long import reports progress and
# looks for a cancel request.
BATCH = 500
PROGRESS_EVERY = 25


def _check_cancel(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise ImportCancelled(t("The import was cancelled; nothing has been written."))


def _write_caseload(
    store: ImportRecords, to_write: list[tuple[str, Any]], *, checked_in_transaction: bool
) -> tuple[dict[str, int], Changes]:
    """The caseload through the caseload service's one write path, then the agency:
    what was created of each kind, and the changes made. Checked again first unless
    :func:`_check_caseload` checked it in this same transaction (nothing can have
    changed since)."""
    created: dict[str, int] = {}
    caseload = [record for key, record in to_write if key not in ("sessions", "agency")]
    if checked_in_transaction:
        changes = write_checked_records(store, caseload)
    else:
        saved = save_records(store, caseload)
        if not saved.ok:  # the store changed since the check
            raise InterchangeError([str(p) for p in saved.problems])
        changes = saved.changes
    for key, record in to_write:
        if key == "agency":
            store.save_agency(record)
            changes = changes | Changes.of(Entity.AGENCY)
        if key != "sessions":
            created[key] = created.get(key, 0) + 1
    return created, changes


def import_dataset(
    store: ImportRecords,
    dataset: Dataset,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Write a parsed dataset in one transaction, or raise with every problem found.

    ``progress(done, total)`` is called as records are written; when ``cancelled()``
    turns true the transaction is rolled back and :class:`ImportCancelled` is raised:
    all or nothing holds for a cancel too."""
    check = check_import(store, dataset)
    if check.problems:
        raise InterchangeError(check.problems)
    _check_cancel(cancelled)
    result, to_write = check.result, check.to_write
    total = len(to_write)
    with store.undivided_transaction(), store.billing_stale_once():
        result.created, changes = _write_caseload(store, to_write, checked_in_transaction=False)
        done = len(to_write) - sum(1 for key, _ in to_write if key == "sessions")
        sessions = [record for key, record in to_write if key == "sessions"]
        step = min(BATCH, PROGRESS_EVERY)
        for start in range(0, len(sessions), step):
            _check_cancel(cancelled)
            batch = sessions[start : start + step]
            store.insert_new_sessions(batch)
            done += len(batch)
            if progress is not None:
                progress(done, total)
        if sessions:
            result.created["sessions"] = len(sessions)
        _check_cancel(cancelled)  # the last moment a cancel can still undo everything
        _audit_import(store, result)
    result.changes = changes | Changes.of_sessions(sessions) if sessions else changes
    if progress is not None:
        progress(total, total)
    return result


def _audit_import(store: ImportRecords, result: ImportResult) -> None:
    store.audit(
        "import",
        "file",
        "sessionlog/1",
        {"created": result.created, "unchanged": result.unchanged},
    )


# ---- a file, streamed --------------------------------------------------------------

_CASELOAD_KEYS = ("payers", "staff", "clients", "plans", "authorizations")


class _OutOfOrder(Exception):
    """A caseload list or the agency came after the sessions: read the file again,
    caseload first."""


class _StreamedImport:
    """One pass over a file: records parsed as they come; the caseload checked (and
    written, when sound) as the first session arrives; sessions checked against the
    caseload and the store and written a batch at a time. Nothing here commits: the
    caller's transaction does, when :meth:`problems` is empty."""

    def __init__(self, store: ImportRecords, now: datetime | None) -> None:
        self.store = store
        self.parser = DocumentParser(now)
        self.caseload = Dataset()
        self.result = ImportResult()
        self.references: References | None = None
        self.caseload_check: ImportCheck | None = None
        self.reference_problems: list[str] = []
        self.session_problems: list[str] = []
        self.pending: list[Session] = []
        self.writing = True
        self.written: list[Changes] = []  # the sessions written, a batch at a time

    @property
    def sessions_started(self) -> bool:
        return self.references is not None

    def piece(self, piece: Piece, *, strict_order: bool) -> None:
        if piece.key == "" and piece.index is None:  # the document is not an object
            raise InterchangeError([not_an_object()])
        if piece.index is None:
            if (
                strict_order
                and self.sessions_started
                and piece.key
                in (
                    *_CASELOAD_KEYS,
                    AGENCY_KEY,
                )
            ):
                raise _OutOfOrder
            self.parser.value(piece.key, piece.value)
            if piece.key == AGENCY_KEY:
                self.caseload.agency = self.parser.agency
            return
        if piece.index < 0:
            if strict_order and self.sessions_started and piece.key in _CASELOAD_KEYS:
                raise _OutOfOrder
            self.parser.list_started(piece.key)
            return
        record = self.parser.record(
            piece.key, piece.index, piece.value, piece.source, piece.screened
        )
        if piece.key != "sessions":
            if record is not None:
                getattr(self.caseload, piece.key).append(record)
            return
        if not self.sessions_started:
            self.start_sessions()
        if record is None:
            self.writing = False
            return
        assert self.references is not None
        problems = self.references.session_problems(record)
        if problems:
            self.reference_problems.extend(problems)
            self.writing = False
        self.pending.append(record)
        if len(self.pending) >= BATCH:
            self.flush()

    def start_sessions(self) -> None:
        """The caseload is complete: check it, and write it when nothing is wrong so far."""
        self.references = References(known_records(self.store), self.caseload)
        self.caseload_check = _check_caseload(self.store, self.caseload)
        if self.references.caseload_problems or self.caseload_check.problems:
            self.writing = False
        self.writing = self.writing and not self.parser.problems()
        if self.writing:
            self.result.created, self.result.changes = _write_caseload(
                self.store, self.caseload_check.to_write, checked_in_transaction=True
            )
        self.result.unchanged = self.caseload_check.result.unchanged

    def flush(self) -> None:
        """Check the pending sessions against the store; write the new ones while
        nothing is wrong (after a problem they are only checked)."""
        if not self.pending:
            return
        check = ImportCheck(self.result, [], [])
        problems = _check_sessions(self.store, self.pending, check)
        self.pending = []
        if problems:
            self.session_problems.extend(problems)
            self.writing = False
        if self.writing:
            new = [session for _, session in check.to_write]
            self.store.insert_new_sessions(new)
            if new:
                self.written.append(Changes.of_sessions(new))
                created = self.result.created
                created["sessions"] = created.get("sessions", 0) + len(new)

    def finish(self) -> list[str]:
        """Every problem of the file, as import_dataset would list them (none: the
        import may commit)."""
        if not self.sessions_started:
            self.start_sessions()
        self.flush()
        parse_problems = self.parser.problems()
        if parse_problems:
            return parse_problems
        assert self.references is not None and self.caseload_check is not None
        return list(
            dict.fromkeys(
                [
                    *self.references.caseload_problems,
                    *self.reference_problems,
                    *self.caseload_check.problems,
                    *self.session_problems,
                ]
            )
        )


def import_file(
    store: ImportRecords,
    path: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Import a ``sessionlog/1`` file in one transaction, or raise with every problem
    found (nothing written); the same checks and messages as :func:`import_dataset`.

    The file is streamed (issue 12): records are parsed as they are read and sessions
    written a batch at a time inside the one transaction, which rolls back at the
    first cancel, at any problem (after every problem of the file is listed) or
    error. ``progress(done, total)`` counts the file's kibibytes read. A file that
    lists its caseload after its sessions is read twice, caseload first."""
    try:
        return _import_pass(store, path, progress, cancelled, now, strict_order=True)
    except _OutOfOrder:
        return _import_pass(store, path, progress, cancelled, now, strict_order=False)


def _import_pass(
    store: ImportRecords,
    path: Path,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    now: datetime | None,
    *,
    strict_order: bool,
) -> ImportResult:
    streamed = (*TOP_LEVEL_KEYS,)
    try:
        total = max(path.stat().st_size // 1024, 1)
    except OSError:
        total = 1
    if strict_order:
        pieces: Iterator[Piece] = read_pieces(path, streamed)
    else:  # everything but the sessions first, then the sessions
        pieces = itertools.chain(
            (p for p in read_pieces(path, streamed) if p.key != "sessions" or p.index is None),
            (p for p in read_pieces(path, streamed) if p.key == "sessions" and p.index is not None),
        )
    run = _StreamedImport(store, now)
    with _no_cycle_collection():
        return _stream(store, run, pieces, total, progress, cancelled, strict_order)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector paused while a file is imported: the records read are kept
    until the end (none of them is a cycle), and every collection would walk all of
    them again (about 7% of an import's time). Reference counting frees memory as
    always; the collector runs again afterwards, whatever happens."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _stream(
    store: ImportRecords,
    run: _StreamedImport,
    pieces: Iterator[Piece],
    total: int,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    strict_order: bool,
) -> ImportResult:
    # Undivided: the writes nested in it open no savepoints (each would double the cost
    # of the rows written inside it); any error rolls back the whole import anyway. The
    # billing cache is marked stale once for the whole import, not at each row added.
    with store.undivided_transaction(), store.billing_stale_once():
        for count, piece in enumerate(pieces):
            run.piece(piece, strict_order=strict_order)
            if count % PROGRESS_EVERY == 0:
                _check_cancel(cancelled)
                if progress is not None:
                    progress(min(piece.read // 1024, total), total)
        problems = run.finish()
        if problems:
            raise InterchangeError(problems)
        _check_cancel(cancelled)  # the last moment a cancel can still undo everything
        _audit_import(store, run.result)
    run.result.changes = Changes.union([run.result.changes, *run.written])
    if progress is not None:
        progress(total, total)
    return run.result


def import_file_from(
    db_path: Path,
    path: Path,
    *,
    actor: str = "import",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """:func:`import_file` on a connection of its own (for a worker thread: it must
    never share the GUI's connection)."""
    with own_connection(db_path, actor=actor) as store:
        return import_file(store, path, progress=progress, cancelled=cancelled)


def export_document(
    store: Records,
    *,
    client_id: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, Any]:
    dataset = store.dataset(client_id=client_id, start=start, end=end)
    return to_document(dataset, exported_at=to_utc_text(utc_now()))


@dataclass(frozen=True)
class ExportCounts:
    """What an export wrote."""

    clients: int
    sessions: int


def export_file(
    store: Records,
    path: Path,
    *,
    client_id: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> ExportCounts:
    """Write the ``sessionlog/1`` file of :func:`export_document` to ``path``, streamed
    (issue 12): the caseload first, then the notes read and written 500 at a time, so
    memory holds one batch of notes, not ten years of them. The bytes are those of
    ``json.dumps(export_document(...), indent=2, ensure_ascii=False)`` and a newline.
    Written to a temporary file renamed into place: a crash or a kill leaves the old
    file or none."""
    # One moment of the records: notes the window writes while the file is written
    # would otherwise name clients, staff or objectives read before them.
    with store.read_snapshot():
        return _export_file(store, path, client_id, start, end)


def _export_file(
    store: Records, path: Path, client_id: str | None, start: date | None, end: date | None
) -> ExportCounts:
    dataset = store.caseload_dataset(client_id=client_id, start=start, end=end)
    head = to_document(dataset, exported_at=to_utc_text(utc_now()))
    sessions = 0

    def notes() -> Iterator[dict[str, Any]]:
        nonlocal sessions
        period = SessionFilter(client_id=client_id, start=start, end=end)
        for batch in store.session_batches(period):
            sessions += len(batch)
            yield from (session_to_dict(s) for s in batch)

    def write(handle: BinaryIO) -> None:
        buffered = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=False)
        try:
            for text in _indented_document(head, "sessions", notes()):
                buffered.write(text)
            buffered.flush()
        finally:
            buffered.detach()  # the caller flushes, syncs and closes the file itself

    write_private_with(path, write)
    return ExportCounts(clients=len(dataset.clients), sessions=sessions)


def _indented_document(
    head: dict[str, Any], key: str, items: Iterable[dict[str, Any]]
) -> Iterator[str]:
    """``json.dumps(document, indent=2, ensure_ascii=False) + "\\n"`` in pieces, for
    ``head`` with the list ``key`` (``head[key]``, replaced by ``items``) item by item.
    A value's lines are indented by its depth (JSON text holds no raw newline inside a
    string: the encoder writes it as an escape)."""

    def encoded(value: Any, depth: int) -> str:
        text = json.dumps(value, indent=2, ensure_ascii=False)
        return text.replace("\n", "\n" + "  " * depth)

    separator = "{\n  "
    for name, value in head.items():
        yield separator + json.dumps(name, ensure_ascii=False) + ": "
        separator = ",\n  "
        if name != key:
            yield encoded(value, 1)
            continue
        opened = False
        for item in items:
            yield (",\n    " if opened else "[\n    ") + encoded(item, 2)
            opened = True
        yield "\n  ]" if opened else "[]"
    yield "\n}\n" if head else "{}\n"


def export_file_from(
    db_path: Path,
    path: Path,
    *,
    actor: str = "export",
    client_id: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> ExportCounts:
    """:func:`export_file` on a connection of its own (for a worker thread: it must
    never share the GUI's connection)."""
    with own_connection(db_path, actor=actor) as store:
        return export_file(store, path, client_id=client_id, start=start, end=end)
