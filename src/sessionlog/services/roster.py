"""The CSV client roster against the store: check, import (all or nothing), export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sessionlog.core.changes import Changes
from sessionlog.core.roster import RosterCheck, RosterError, check_roster, format_roster
from sessionlog.export.files import write_private_file
from sessionlog.services.caseload import RecordProblem, record_word, save_records
from sessionlog.services.json_stream import cannot_read, not_found
from sessionlog.services.records import RosterExport, RosterRecords
from sessionlog.services.wording import t


@dataclass(frozen=True)
class RosterResult:
    created: int
    unchanged: int
    changes: Changes = field(default_factory=Changes)  # the clients added

    def summary(self) -> str:
        added = t.plural("{count} client added", "{count} clients added", self.created)
        if not self.unchanged:
            return added
        return added + t.plural(
            ", {count} already present", ", {count} already present", self.unchanged
        )


def read_roster_text(path: Path) -> str:
    """The file's text; a file that cannot be read raises RosterError saying why."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise RosterError([not_found(Path(path).name)]) from None
    except OSError as exc:
        raise RosterError([cannot_read(Path(path).name, exc)]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets on Windows often save "CSV" in the ANSI code page.
        return data.decode("cp1252", errors="replace")


def check_roster_text(store: RosterRecords, text: str, today: date | None = None) -> RosterCheck:
    """What importing ``text`` would do, and every problem; nothing is written."""
    return check_roster(
        text,
        payers={p.id: p.name for p in store.payers()},
        existing=store.clients(include_archived=True),
        today=today or date.today(),
    )


def import_roster(store: RosterRecords, text: str, today: date | None = None) -> RosterResult:
    """Add the roster's new clients in one transaction, or raise RosterError with every
    problem and write nothing. Checked again here: the store may have changed since
    the preview."""
    check = check_roster_text(store, text, today)
    if not check.ok:
        raise RosterError(check.problems)
    new = check.new_clients()
    with store.transaction():
        # The same write path as Setup (services.caseload): the rules run once more
        # against what is stored now, inside this transaction.
        saved = save_records(store, new, today=today)
        if not saved.ok:
            raise RosterError([_row_problem(check, p) for p in saved.problems])
        store.audit(
            "import",
            "file",
            "roster",
            {"created": len(new), "unchanged": check.unchanged_count()},
        )
    return RosterResult(len(new), check.unchanged_count(), saved.changes)


def _row_problem(check: RosterCheck, problem: RecordProblem) -> str:
    """A service problem worded as the roster words its own: by spreadsheet row."""
    row = next(
        (r for r in check.rows if r.client is not None and r.client.id == problem.record_id), None
    )
    where = t("row {number}", number=row.number) if row is not None else record_word(problem.kind)
    return t(
        "{where}: {field}: {problem}", where=where, field=problem.field, problem=problem.message
    )


def export_roster(store: RosterExport, path: Path, *, include_archived: bool = True) -> int:
    """Write the client roster CSV (owner-only file); returns the number of clients."""
    clients = store.clients(include_archived=include_archived)
    write_private_file(Path(path), format_roster(clients).encode("utf-8"))
    with store.transaction():
        store.audit("export", "file", "roster", {"clients": len(clients)})
    return len(clients)
