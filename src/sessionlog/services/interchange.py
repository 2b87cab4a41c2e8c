"""Import and export of ``sessionlog/1`` files against the store (all or nothing)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sessionlog.core.changes import Changes, Entity
from sessionlog.core.clock import to_utc_text
from sessionlog.core.errors import NotFoundError
from sessionlog.core.interchange import (
    InterchangeError,
    KnownRecords,
    agency_to_dict,
    authorization_to_dict,
    check_references,
    client_to_dict,
    parse_document,
    payer_to_dict,
    plan_to_dict,
    session_to_dict,
    staff_to_dict,
    to_document,
)
from sessionlog.core.limits import MAX_JSON_DEPTH
from sessionlog.core.models import Dataset, Session, utc_now
from sessionlog.export.files import write_private_file
from sessionlog.services.calendar import agency_days_off
from sessionlog.services.caseload import CaseloadRecord, check_records, entity_of, save_records
from sessionlog.services.records import ImportRecords, Records, own_connection


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
                parts.append(f"{kind}: {new} new" + (f", {same} already present" if same else ""))
        return "; ".join(parts) if parts else "nothing to import"


def read_document(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InterchangeError([f"file: {path}: not found"]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InterchangeError(
            [f"file: {path}: cannot be read ({exc.__class__.__name__})"]
        ) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            [f"file: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]
        ) from exc
    except RecursionError as exc:
        raise InterchangeError(
            [f"file: nested more than {MAX_JSON_DEPTH} levels deep; not a sessionlog/1 file"]
        ) from exc


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
# the clients that use them, clients before their plans and authorizations.
_KINDS: tuple[
    tuple[str, Callable[[Any], dict[str, Any]], Callable[[ImportRecords, str], Any]], ...
] = (
    ("payers", payer_to_dict, lambda store, rid: store.payer(rid)),
    ("staff", staff_to_dict, lambda store, rid: store.staff(rid)),
    ("clients", client_to_dict, lambda store, rid: store.client(rid)),
    ("plans", plan_to_dict, lambda store, rid: store.plan(rid)),
    ("authorizations", authorization_to_dict, lambda store, rid: store.authorization(rid)),
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
    problems = check_references(dataset, known_records(store))
    result = ImportResult()
    to_write: list[tuple[str, Any]] = []
    caseload_new: list[CaseloadRecord] = []
    for key, as_dict, stored_record in _KINDS:
        for record in _records_of(dataset, key):
            try:
                stored = stored_record(store, record.id)
            except NotFoundError:
                to_write.append((key, record))
                caseload_new.append(record)
                continue
            if as_dict(stored) == as_dict(record):
                result.unchanged[key] = result.unchanged.get(key, 0) + 1
            else:
                problems.append(
                    f"{entity_of(record).value} {record.id}: id: already stored with "
                    "different content; refusing to overwrite it"
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
                "agency: already stored with different content; change it in Setup ▸ Agency"
            )
    for session in dataset.sessions:
        if not store.session_exists(session.id):
            to_write.append(("sessions", session))
            continue
        stored = store.session(session.id)
        if session_to_dict(stored) == session_to_dict(session):
            result.unchanged["sessions"] = result.unchanged.get("sessions", 0) + 1
        elif stored.signed:
            problems.append(
                f"session {session.id}: id: stored note is signed and locked; "
                "an import never changes it"
            )
        else:
            problems.append(
                f"session {session.id}: id: already stored with different content; "
                "refusing to overwrite it"
            )
    return ImportCheck(result, to_write, list(dict.fromkeys(problems)))


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


# How often a long import reports progress and looks for a cancel request (records).
PROGRESS_EVERY = 25


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

    def check_cancel() -> None:
        if cancelled is not None and cancelled():
            raise ImportCancelled("The import was cancelled; nothing has been written.")

    check = check_import(store, dataset)
    if check.problems:
        raise InterchangeError(check.problems)
    check_cancel()
    result, to_write = check.result, check.to_write
    total = len(to_write)
    with store.transaction():
        caseload = [record for key, record in to_write if key not in ("sessions", "agency")]
        saved = save_records(store, caseload)
        if not saved.ok:  # the store changed since the check
            raise InterchangeError([str(p) for p in saved.problems])
        changes = saved.changes
        sessions: list[Session] = []
        for done, (key, record) in enumerate(to_write, start=1):
            if key == "agency":
                store.save_agency(record)
                changes = changes | Changes.of(Entity.AGENCY)
            elif key == "sessions":
                if record.signature is not None:
                    store.insert_signed_session(record)
                else:
                    store.save_session(record)
                sessions.append(record)
            result.created[key] = result.created.get(key, 0) + 1
            if done % PROGRESS_EVERY == 0:
                check_cancel()
                if progress is not None:
                    progress(done, total)
        check_cancel()  # the last moment a cancel can still undo everything
        store.audit(
            "import",
            "file",
            "sessionlog/1",
            {"created": result.created, "unchanged": result.unchanged},
        )
    result.changes = changes | Changes.of_sessions(sessions) if sessions else changes
    if progress is not None:
        progress(total, total)
    return result


def import_dataset_from(
    db_path: Path,
    dataset: Dataset,
    *,
    actor: str = "import",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """:func:`import_dataset` on a connection of its own (for a worker thread: it must
    never share the GUI's connection)."""
    with own_connection(db_path, actor=actor) as store:
        return import_dataset(store, dataset, progress=progress, cancelled=cancelled)


def import_file(store: ImportRecords, path: Path) -> ImportResult:
    dataset, problems = parse_document(read_document(path))
    if problems:
        raise InterchangeError(problems)
    return import_dataset(store, dataset)


def export_document(
    store: Records,
    *,
    client_id: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, Any]:
    dataset = store.dataset(client_id=client_id, start=start, end=end)
    return to_document(dataset, exported_at=to_utc_text(utc_now()))


def export_file(
    store: Records,
    path: Path,
    *,
    client_id: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, Any]:
    document = export_document(store, client_id=client_id, start=start, end=end)
    payload = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_private_file(path, payload.encode("utf-8"))
    return document


def export_file_from(
    db_path: Path,
    path: Path,
    *,
    actor: str = "export",
    client_id: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, Any]:
    """:func:`export_file` on a connection of its own (for a worker thread: it must
    never share the GUI's connection)."""
    with own_connection(db_path, actor=actor) as store:
        return export_file(store, path, client_id=client_id, start=start, end=end)
