"""``sessionlog units`` in CSV or JSON straight from kept lines (issue 12).

When every billed day of the period has its lines kept (m012) under the source text's
stamp, the report is those lines, sorted as :func:`~sessionlog.services.billing.
kept_period_lines` sorts them, written by the same :mod:`sessionlog.export.units_report`
functions: no unit engine, no models, no store opened, so the command costs little more
than the read. Anything else (a day not kept, another language, the table, a file the
quick read cannot answer for) answers None and the command takes the ordinary path,
which computes and keeps the missing days. Kept lines are decoded here for both paths.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from sessionlog import __version__
from sessionlog.core.line_facts import RULES_VERSION, claim_parts, is_held
from sessionlog.store.kept_report import read_kept_report

TYPE_CHECKING = False  # not typing's: importing typing costs a report's start
if TYPE_CHECKING:
    from typing import Any

    # A kept line's fields, in BillingLine's order.
    LineFields = tuple[
        str,
        date,
        str,
        tuple[str, ...],
        str,
        int,
        int,
        int,
        tuple[str, ...],
        tuple[str, ...],
        str,
        str,
        str | None,
        str | None,
        tuple[str, ...],
        int,
        tuple[tuple[str, int], ...],
    ]


def kept_stamp_in(language: str) -> str:
    """What kept lines must have been computed under to be used: the rules, the app
    (whose wording the explanations are in) and the language they are worded in."""
    return f"{RULES_VERSION}|{__version__}|{language}"


def decode_kept(client_id: str, day: date, item: list[Any]) -> tuple[str, LineFields]:
    """A kept line's first start and its fields (``billing._encode_line`` wrote it)."""
    (first, code, mods, place, minutes, units, billable, sessions, flags, explanation, rule,
     auth_id, auth_number, staff_ids, if_signed, draws) = item  # fmt: skip
    return first, (
        client_id,
        day,
        code,
        tuple(mods),
        place,
        minutes,
        units,
        billable,
        tuple(sessions),
        tuple(flags),
        explanation,
        rule,
        auth_id,
        auth_number,
        tuple(staff_ids),
        if_signed,
        tuple(map(tuple, draws)),  # [[id, units]] -> ((id, units),)
    )


def decode_days(days: list[tuple[str, date, str]]) -> list[tuple[str, LineFields]]:
    """Each line of the kept days given (client id, date of service, the day's lines as
    ``billing._encode_line`` wrote them), in order, with its first start."""
    # One JSON document for every kept day: a parse per day cost a tenth of the report.
    decoded = json.loads("[" + ",".join(lines for _, _, lines in days) + "]")
    return [
        decode_kept(client_id, day, item)
        for (client_id, day, _), items in zip(days, decoded, strict=True)
        for item in items
    ]


def kept_order(row: tuple[str, Any]) -> tuple[Any, ...]:
    """The engine's order of (first start, line): by date, then first start, then the
    line's key (a day's lines were kept in it, and the sort is stable)."""
    first, line = row
    return (
        line.date,
        first,
        line.client_id,
        line.code,
        line.modifiers,
        line.place_of_service,
        line.staff_ids,
    )


class KeptLine:
    """A kept billing line as the report reads it: BillingLine's fields, without the
    unit engine's module."""

    __slots__ = (
        "authorization_draws",
        "authorization_id",
        "authorization_number",
        "billable_if_signed",
        "billable_units",
        "client_id",
        "code",
        "date",
        "explanation",
        "flags",
        "minutes",
        "modifiers",
        "place_of_service",
        "rule",
        "session_ids",
        "staff_ids",
        "units",
    )

    def __init__(self, fields: LineFields) -> None:
        (self.client_id, self.date, self.code, self.modifiers, self.place_of_service,
         self.minutes, self.units, self.billable_units, self.session_ids, self.flags,
         self.explanation, self.rule, self.authorization_id, self.authorization_number,
         self.staff_ids, self.billable_if_signed, self.authorization_draws) = fields  # fmt: skip

    @property
    def held(self) -> bool:
        return is_held(self.flags)


def kept_units_text(
    path: str, start: date, end: date, client_id: str | None, fmt: str, include_all: bool
) -> str | None:
    """The ``units`` report in ``fmt`` ("csv" or "json") of [start, end] from the lines
    kept in the database at ``path`` under the source text's stamp; None when the
    ordinary path must answer (see the module)."""
    if fmt not in ("csv", "json"):
        return None  # the table speaks the user's language: the ordinary path
    read = read_kept_report(path, start.isoformat(), end.isoformat(), client_id, kept_stamp_in(""))
    if read is None:
        return None
    days = [(cid, date.fromisoformat(day), lines) for cid, day, lines in read.kept]
    rows = [(first, KeptLine(fields)) for first, fields in decode_days(days)]
    rows.sort(key=kept_order)
    lines = [line for _, line in rows]
    clients = {
        cid: SimpleNamespace(
            id=cid, name=name, medicaid_id=medicaid_id, payer_id=payer, diagnoses=json.loads(dx)
        )
        for cid, name, medicaid_id, payer, dx in read.clients
    }
    staff = {
        sid: SimpleNamespace(id=sid, credential=credential, npi=npi, supervisor_id=supervisor)
        for sid, credential, npi, supervisor in read.staff
    }
    from sessionlog.export.units_report import claim_parts_csv, to_json

    if fmt == "json":
        return to_json(lines, clients=clients, staff=staff)  # type: ignore[arg-type]
    payers = {
        pid: SimpleNamespace(
            payer_id=payer_id, rates={c: Decimal(v) for c, v in json.loads(rates).items()}
        )
        for pid, payer_id, rates in read.payers
    }
    parts = ((ln, *claim_parts(ln, clients, staff, payers)) for ln in lines)
    return claim_parts_csv(parts, read.agency_npi or "", include_all=include_all)  # type: ignore[arg-type]
