"""``sessionlog units`` in CSV or JSON straight from the kept report (issue 12).

When every billed day of the period has its part of the report kept (m013, written when
its lines were kept, m012) under the source text's stamp, the report is those parts
joined in order under the CSV's header or in the JSON's list: no unit engine, no
models, no store opened and no work per line, so the command costs little more than the
read. The table is laid out from the JSON parts' items and the clients' names as they
are now, without the store, the lines' models or the claim parts. Anything else (a day
not kept, another language, a file the quick read cannot answer for) answers None and
the command takes the ordinary path, which computes and keeps the missing days. Kept
lines are decoded here for the billing service.
"""

from __future__ import annotations

from datetime import date

from sessionlog import __version__
from sessionlog.core.line_facts import RULES_VERSION
from sessionlog.store.kept_report import read_kept_report, read_kept_table

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
    import json  # not at the top: the quick report never parses kept lines

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


def kept_units_text(
    path: str, start: date, end: date, client_id: str | None, fmt: str, include_all: bool
) -> str | None:
    """The ``units`` report in ``fmt`` ("csv", "json" or "table") of [start, end] from
    the report kept in the database at ``path`` under the source text's stamp, in the
    source text; None when the ordinary path must answer (see the module)."""
    stamp = kept_stamp_in("")
    if fmt == "table":
        read = read_kept_table(path, start.isoformat(), end.isoformat(), client_id, stamp)
        return None if read is None else _kept_table(*read)
    report = "json" if fmt == "json" else "csv-all" if include_all else "csv"
    days = read_kept_report(path, start.isoformat(), end.isoformat(), client_id, stamp, report)
    if days is None:
        return None
    from sessionlog.export.units_report import csv_document, json_document

    return json_document(days) if fmt == "json" else csv_document(days)


class _TableLine:
    """What the table (``units_report.to_table``) reads of a line, from its JSON item."""

    __slots__ = (
        "authorization_number",
        "billable_units",
        "client_id",
        "code",
        "date",
        "explanation",
        "flags",
        "minutes",
        "modifiers",
        "place_of_service",
        "units",
    )

    def __init__(self, item: dict[str, Any]) -> None:
        self.client_id = item["client"]
        self.date = date.fromisoformat(item["date"])
        self.code = item["code"]
        self.modifiers = tuple(item["modifiers"])
        self.place_of_service = item["place_of_service"]
        self.minutes = item["minutes"]
        self.units = item["units"]
        self.billable_units = item["billable_units"]
        # A line has an authorization's number with its id, or neither (core.units).
        authorization = item["authorization"]
        self.authorization_number = authorization["number"] if authorization else None
        self.flags = tuple(item["flags"])
        self.explanation = item["explanation"]


class _TableClient:
    """What the table reads of a client: its name and Medicaid ID as the records have them."""

    __slots__ = ("medicaid_id", "name")

    def __init__(self, name: str, medicaid_id: str) -> None:
        self.name = name
        self.medicaid_id = medicaid_id


def _kept_table(parts: list[str], clients: dict[str, tuple[str, str]]) -> str:
    """The table of the kept JSON parts (items in the report's order), as the ordinary
    path lays it out from the lines."""
    import json  # not at the top: the CSV and JSON from kept texts parse nothing

    from sessionlog.export.units_report import to_table

    items = json.loads("[" + ",".join(part for part in parts if part) + "]")
    # Read by attribute, as the table reads a BillingLine and a Client.
    lines: list[Any] = [_TableLine(item) for item in items]
    by_id: dict[str, Any] = {cid: _TableClient(*facts) for cid, facts in clients.items()}
    return to_table(lines, clients=by_id)
