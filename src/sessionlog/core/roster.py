"""Client records: the field rules, and the CSV client roster (read, check, write).

A roster is how an agency moves its client list from a spreadsheet into SessionLog.
Checking it never writes anything: every row gets its problems (row number as a
spreadsheet shows it, field, message), and the caller writes only a roster without
any (``services.roster``). The columns are documented in ``docs/roster.md``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sessionlog.core import limits
from sessionlog.core.caseload import FieldProblem
from sessionlog.core.clock import is_valid_timezone
from sessionlog.core.csvcells import csv_text, restore_cell
from sessionlog.core.identifiers import address_problems
from sessionlog.core.interchange import is_icd10_code
from sessionlog.core.models import Client, new_id
from sessionlog.core.wording import t

ROSTER_COLUMNS = (
    "id",
    "name",
    "birth_date",
    "medicaid_id",
    "payer",
    "diagnoses",
    "timezone",
    "archived",
)
REQUIRED_COLUMNS = ("name", "birth_date", "medicaid_id", "payer", "timezone")
# Birth dates before this are typos (an 1896 for a 1996), not clients.

_TRUE = {"yes", "y", "true", "1", "archived"}
_FALSE = {"", "no", "n", "false", "0"}
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class RosterError(Exception):
    """A roster that cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# ---- client field rules -----------------------------------------------------------


def parse_diagnoses(text: str) -> list[str]:
    """``"f20.9; F41.1"`` -> ``["F20.9", "F41.1"]`` (semicolons or commas, duplicates
    dropped, order kept)."""
    codes = [part.strip().upper() for part in re.split(r"[;,]", text)]
    return list(dict.fromkeys(code for code in codes if code))


def format_diagnoses(codes: Iterable[str]) -> str:
    return "; ".join(codes)


def parse_birth_date(text: str) -> date:
    """ISO ``1994-05-12`` or the US spreadsheet form ``5/12/1994`` (month first).
    Raises ValueError with a message a person can act on."""
    value = text.strip()
    us = _US_DATE.fullmatch(value)
    try:
        if us:
            month, day, year = (int(g) for g in us.groups())
            return date(year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(limits.not_a_date(value, us_form=True)) from None


def client_problems(
    client: Client,
    *,
    payer_ids: Iterable[str],
    today: date,
    taken_medicaid_ids: Mapping[str, str] | None = None,
) -> list[FieldProblem]:
    """Rules for one client record; empty when it can be saved.

    ``taken_medicaid_ids`` maps Medicaid IDs already in use to who holds them (e.g.
    "the stored client client-marcus": an id, never a name, so no import prints one),
    leaving this client out: one person entered twice would split their record and
    their authorizations."""
    problems: list[FieldProblem] = []
    if not client.name.strip():
        problems.append(FieldProblem("name", limits.blank_field("client", "name")))
    birth_problem = limits.birth_date_problem(client.birth_date, today)
    if birth_problem:
        problems.append(FieldProblem("birth_date", birth_problem))
    for name, value in (
        ("id", client.id),
        ("name", client.name),
        ("medicaid_id", client.medicaid_id),
    ):
        text_problem = limits.text_problem(value, limit=limits.MAX_NAME_CHARS)
        if text_problem:
            problems.append(FieldProblem(name, text_problem))
    medicaid = client.medicaid_id.strip()
    if not medicaid:
        problems.append(FieldProblem("medicaid_id", limits.blank_field("client", "medicaid_id")))
    elif taken_medicaid_ids and medicaid in taken_medicaid_ids:
        problems.append(
            FieldProblem(
                "medicaid_id",
                t(
                    "{medicaid_id} is already used by {holder}",
                    medicaid_id=medicaid,
                    holder=taken_medicaid_ids[medicaid],
                ),
            )
        )
    if client.address is not None:
        problems += [
            FieldProblem(f"address.{part}", message)
            for part, message in address_problems(client.address)
        ]
    if not client.payer_id:
        problems.append(FieldProblem("payer", limits.blank_field("client", "payer")))
    elif client.payer_id not in set(payer_ids):
        problems.append(FieldProblem("payer", t("unknown payer {payer!r}", payer=client.payer_id)))
    for code in client.diagnoses:
        if not is_icd10_code(code):
            problems.append(
                FieldProblem(
                    "diagnoses", t("{code!r} is not an ICD-10-CM code (e.g. F20.9)", code=code)
                )
            )
    if not client.timezone.strip():
        problems.append(FieldProblem("timezone", limits.blank_field("client", "timezone")))
    elif not is_valid_timezone(client.timezone):
        problems.append(FieldProblem("timezone", limits.unknown_time_zone(client.timezone)))
    return problems


# ---- the CSV roster ---------------------------------------------------------------


@dataclass
class RosterRow:
    number: int  # as a spreadsheet shows it: the header is row 1
    values: dict[str, str]
    client: Client | None = None  # None when the row has problems
    problems: list[FieldProblem] = field(default_factory=list)
    unchanged: bool = False  # the same client is already stored, exactly so

    @property
    def status(self) -> str:
        if self.problems:
            return t("error")
        return t("already stored") if self.unchanged else t("new")


@dataclass
class RosterCheck:
    rows: list[RosterRow] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        lines = list(self.file_problems)
        for row in self.rows:
            lines.extend(t("row {row}: {problem}", row=row.number, problem=p) for p in row.problems)
        return lines

    @property
    def ok(self) -> bool:
        return not self.problems

    def new_clients(self) -> list[Client]:
        return [r.client for r in self.rows if r.client is not None and not r.unchanged]

    def unchanged_count(self) -> int:
        return sum(1 for r in self.rows if r.unchanged and not r.problems)


def check_roster(
    text: str,
    *,
    payers: Mapping[str, str],
    existing: Iterable[Client],
    today: date,
    make_id: Callable[[], str] = new_id,
) -> RosterCheck:
    """Read and check a roster without writing anything.

    ``payers`` maps payer id -> name (the payer column takes either); ``existing`` are
    the stored clients (archived included)."""
    check = RosterCheck()
    try:
        records = [
            [restore_cell(cell) for cell in record]
            for record in csv.reader(io.StringIO(text.lstrip("\ufeff")))
        ]
    except csv.Error as exc:
        check.file_problems.append(t("file: not a readable CSV file ({error})", error=exc))
        return check
    header_index = next((i for i, rec in enumerate(records) if any(c.strip() for c in rec)), None)
    if header_index is None:
        check.file_problems.append(t("file: is empty; the first row must name the columns"))
        return check
    columns = [c.strip().lower() for c in records[header_index]]
    unknown = [c for c in columns if c not in ROSTER_COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    for name in unknown:
        check.file_problems.append(
            t(
                "header: unknown column {name!r} (columns: {columns})",
                name=name,
                columns=", ".join(ROSTER_COLUMNS),
            )
        )
    for name in missing:
        check.file_problems.append(t("header: missing the column {name!r}", name=name))
    for name in repeated:
        check.file_problems.append(t("header: the column {name!r} appears twice", name=name))
    if unknown or missing or repeated:
        return check

    stored = {c.id: c for c in existing}
    payer_by_name = {name.strip().casefold(): pid for pid, name in payers.items()}
    medicaid_holders = {
        c.medicaid_id.strip(): t("the stored client {client}", client=c.id) for c in stored.values()
    }
    seen_ids: dict[str, int] = {}
    for offset, record in enumerate(records[header_index + 1 :], start=header_index + 2):
        if not any(cell.strip() for cell in record):
            continue
        row = RosterRow(offset, {})
        check.rows.append(row)
        if len(record) > len(columns):
            row.problems.append(
                FieldProblem(
                    "",
                    t(
                        "has {fields} fields but the header names {columns}",
                        fields=len(record),
                        columns=len(columns),
                    ),
                )
            )
        row.values = {
            name: (record[i].strip() if i < len(record) else "") for i, name in enumerate(columns)
        }
        _check_row(row, payers, payer_by_name, stored, medicaid_holders, seen_ids, today, make_id)
    if not check.rows:
        check.file_problems.append(t("file: no client rows below the header"))
    return check


def _check_row(
    row: RosterRow,
    payers: Mapping[str, str],
    payer_by_name: Mapping[str, str],
    stored: Mapping[str, Client],
    medicaid_holders: dict[str, str],
    seen_ids: dict[str, int],
    today: date,
    make_id: Callable[[], str],
) -> None:
    v = row.values
    for name, value in v.items():
        cell_problem = limits.text_problem(value, limit=limits.MAX_NAME_CHARS)
        if cell_problem:
            row.problems.append(FieldProblem(name, cell_problem))
    if row.problems:
        return  # characters no field may hold: nothing further is worth reading
    rid = v.get("id", "")
    if rid and rid in seen_ids:
        row.problems.append(
            FieldProblem("id", t("{id!r} is also used by row {row}", id=rid, row=seen_ids[rid]))
        )
    if rid:
        seen_ids.setdefault(rid, row.number)
    for name in REQUIRED_COLUMNS:
        if not v[name]:
            row.problems.append(FieldProblem(name, limits.blank_field("client", name)))
    birth: date | None = None
    if v["birth_date"]:
        try:
            birth = parse_birth_date(v["birth_date"])
        except ValueError as exc:
            row.problems.append(FieldProblem("birth_date", str(exc)))
    payer_text = v["payer"]
    payer_id = payer_text if payer_text in payers else payer_by_name.get(payer_text.casefold())
    if payer_text and payer_id is None:
        row.problems.append(
            FieldProblem("payer", t("no payer with the id or name {payer!r}", payer=payer_text))
        )
    archived_text = v.get("archived", "").lower()
    if archived_text not in _TRUE | _FALSE:
        row.problems.append(
            FieldProblem("archived", t("use yes or no, got {value!r}", value=v["archived"]))
        )
    client = Client(
        id=rid or make_id(),
        name=v["name"],
        birth_date=birth or today,
        medicaid_id=v["medicaid_id"],
        payer_id=payer_id or "",
        diagnoses=parse_diagnoses(v.get("diagnoses", "")),
        timezone=v["timezone"],
        archived=archived_text in _TRUE,
    )
    if rid in stored:
        # The roster has no address column: a stored address is not a difference.
        client.address = stored[rid].address
        if stored[rid] == client and not row.problems:
            row.unchanged = True
            row.client = client
            return
        row.problems.append(
            FieldProblem(
                "id",
                t(
                    "{id!r} is a stored client with different details; a roster only adds "
                    "clients (edit existing ones in Setup ▸ Clients)",
                    id=rid,
                ),
            )
        )
    found = client_problems(
        client, payer_ids=payers, today=today, taken_medicaid_ids=medicaid_holders
    )
    reported = {p.field for p in row.problems}
    # A field whose raw text was already found wanting needs no second message.
    row.problems.extend(p for p in found if p.field not in reported)
    medicaid = client.medicaid_id.strip()
    if medicaid and medicaid not in medicaid_holders:
        medicaid_holders[medicaid] = t("row {row}", row=row.number)
    if not row.problems:
        row.client = client


def format_roster(clients: Iterable[Client]) -> str:
    """The roster CSV for ``clients`` (every column, a header row first)."""
    return csv_text(
        ROSTER_COLUMNS,
        (
            [
                c.id,
                c.name,
                c.birth_date.isoformat(),
                c.medicaid_id,
                c.payer_id,
                format_diagnoses(c.diagnoses),
                c.timezone,
                "yes" if c.archived else "no",
            ]
            for c in clients
        ),
    )
