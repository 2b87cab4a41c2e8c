"""The ``units`` report: billing lines as a terminal table, a claim CSV or JSON.

CSV columns follow the 837P professional claim service line so a billing office can
map them one to one (the same :mod:`core.claims` lines the 837P is written from);
JSON carries the same facts for programs. Neither carries a
client's name: the Medicaid ID and the client id identify the line. The terminal table
is for the person at the screen: it names the client, and speaks the current language
(headers, totals, what each flag means, dates and numbers in its format: 12/01/2026 in
English, 01/12/2026 in Spanish), as the GUI and the packet do. The CSV and JSON keep
their English column names, codes and ISO dates in every language: programs read them.
Without a chosen language (the CLI on an English or C locale) the table is the source
text, ISO dates included, which scripts that read it rely on.
"""

from __future__ import annotations

from sessionlog.core.csvcells import BOM, csv_text
from sessionlog.core.line_facts import MAX_MODIFIERS, charge, diagnosis_pointers, is_billable

# The CSV and JSON are written from kept lines without the unit engine, the models or the
# wording (``sessionlog units``' start, issue 12): those are imported where the table and
# the claim lines need them. Lines, clients and staff are read by attribute.
TYPE_CHECKING = False  # not typing's: importing typing costs a report's start
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from datetime import date
    from decimal import Decimal
    from typing import Any

    from sessionlog.core.claims import ClaimLine
    from sessionlog.core.csvcells import Cell
    from sessionlog.core.models import Agency, Client, Payer, Staff
    from sessionlog.core.units import BillingLine

    # A line with its client, payer, rendering and supervising staff, and rate.
    ClaimParts = tuple[BillingLine, Client, Payer, Staff, Staff | None, Decimal | None]

FORMATS = ("table", "csv", "json")

CSV_COLUMNS: tuple[str, ...] = (
    "client_medicaid_id",
    "date_of_service",
    "hcpcs",
    *(f"modifier_{i}" for i in range(1, MAX_MODIFIERS + 1)),
    "units",
    "charge",
    "place_of_service",
    "diagnosis_codes",
    "diagnosis_pointers",
    "prior_authorization_number",
    "payer_id",
    "billing_npi",
    "rendering_npi",
    "supervising_npi",
    "rendering_staff",
    "rendering_credential",
    "raw_minutes",
    "units_before_caps",
    "rule",
    "session_ids",
    "flags",
    "client_id",
)

# The CSV's first line, as csv_text writes it (plain names: nothing to quote).
CSV_HEADER = ",".join(CSV_COLUMNS) + "\r\n"

# Several values in one CSV cell (diagnoses, session ids, flags) are joined with this.
LIST_SEPARATOR = ";"


def _sort_key(ln: BillingLine) -> tuple[str, date, str, tuple[str, ...], str]:
    return (ln.client_id, ln.date, ln.code, ln.modifiers, ln.place_of_service)


def sorted_lines(lines: Sequence[BillingLine]) -> list[BillingLine]:
    return sorted(lines, key=_sort_key)


def _medicaid_id(line: BillingLine, clients: Mapping[str, Client]) -> str:
    client = clients.get(line.client_id)
    return client.medicaid_id if client else ""


def _client_name(line: BillingLine, clients: Mapping[str, Client]) -> str:
    client = clients.get(line.client_id)
    return client.name if client else line.client_id


def _credentials(line: BillingLine, staff: Mapping[str, Staff]) -> str:
    creds = [staff[s].credential for s in line.staff_ids if s in staff and staff[s].credential]
    return LIST_SEPARATOR.join(dict.fromkeys(creds))


def claim_csv(lines: Sequence[ClaimLine], agency: Agency | None, *, include_all: bool) -> str:
    """One row per claim line, UTF-8 with a BOM so spreadsheets read accents.

    Billable lines only, unless ``include_all``: then held and capped lines too, with
    their flags. ``units`` is the billable count a claim carries; ``charge`` is units x
    the payer's rate (empty without a rate). Every cell goes through the shared CSV
    helper, which defuses text a spreadsheet would run as a formula."""
    parts = ((cl.line, cl.client, cl.payer, cl.rendering, cl.supervising, cl.rate) for cl in lines)
    return claim_parts_csv(parts, agency.npi if agency else "", include_all=include_all)


def claim_parts_csv(parts: Iterable[ClaimParts], agency_npi: str, *, include_all: bool) -> str:
    """:func:`claim_csv` of each line given with its client, payer, rendering and
    supervising staff and rate (``core.line_facts.claim_parts``)."""
    chosen = [p for p in parts if include_all or is_billable(p[0])]
    chosen.sort(key=lambda p: _sort_key(p[0]))
    return csv_text(CSV_COLUMNS, claim_rows(chosen, agency_npi), bom=True)


def claim_rows(parts: Iterable[ClaimParts], agency_npi: str) -> list[list[Cell]]:
    """The CSV cells (:data:`CSV_COLUMNS`) of each line given, in the order given."""
    # A client's cells and a charge are worked out once, not per line (a year of an
    # agency is tens of thousands of lines for 150 clients and a few rates).
    client_cells: dict[str, tuple[str, str]] = {}
    charges: dict[tuple[Decimal | None, int], Decimal | None] = {}
    rows: list[list[Cell]] = []
    for line, client, payer, rendering, supervising, rate in parts:
        mods = list(line.modifiers[:MAX_MODIFIERS])
        mods += [""] * (MAX_MODIFIERS - len(mods))
        cells = client_cells.get(client.id)
        if cells is None:
            pointers = diagnosis_pointers(client.diagnoses)
            cells = client_cells[client.id] = (
                LIST_SEPARATOR.join(client.diagnoses),
                LIST_SEPARATOR.join(str(p) for p in pointers),
            )
        units = line.billable_units
        if (rate, units) not in charges:
            charges[rate, units] = charge(rate, units)
        rows.append(
            [
                client.medicaid_id,
                line.date.isoformat(),
                line.code,
                *mods,
                units,
                charges[rate, units],
                line.place_of_service,
                *cells,
                line.authorization_number or "",
                payer.payer_id,
                agency_npi,
                rendering.npi,
                supervising.npi if supervising else "",
                rendering.id,
                rendering.credential,
                line.minutes,
                line.units,
                line.rule,
                LIST_SEPARATOR.join(line.session_ids),
                LIST_SEPARATOR.join(line.flags),
                line.client_id,
            ]
        )
    return rows


def kept_day_texts(
    lines: Sequence[BillingLine],
    *,
    clients: Mapping[str, Client],
    staff: Mapping[str, Staff],
    payers: Mapping[str, Payer],
    agency_npi: str,
) -> tuple[str, str | None, str]:
    """One client-day's part of the CSV and JSON reports (kept with its lines, m013): the
    CSV rows of every line (``--all``), those of the billable lines (None when that is
    every line) and the JSON items. ``lines`` in the report's order (the order in which
    :func:`claim_parts_csv` and :func:`to_json` write them); :func:`csv_document` and
    :func:`json_document` join the days' parts into the reports."""
    from sessionlog.core.csvcells import csv_rows_text
    from sessionlog.core.line_facts import claim_parts

    rows = claim_rows(
        [(line, *claim_parts(line, clients, staff, payers)) for line in lines], agency_npi
    )
    billable = [row for row, line in zip(rows, lines, strict=True) if is_billable(line)]
    items = [line_to_dict(line, clients=clients, staff=staff) for line in lines]
    return (
        csv_rows_text(rows),
        None if len(billable) == len(rows) else csv_rows_text(billable),
        _json_items(items),
    )


def csv_document(days: Iterable[str]) -> str:
    """:func:`claim_parts_csv`'s text from the days' CSV parts, in the report's order."""
    return BOM + CSV_HEADER + "".join(days)


def json_document(days: Iterable[str]) -> str:
    """:func:`to_json`'s text from the days' JSON parts, in the report's order."""
    items = ",\n".join(day for day in days if day)
    return f"[\n{items}\n]\n" if items else "[]\n"


def _json_items(items: list[dict[str, Any]]) -> str:
    """The items as :func:`to_json` indents them inside its list, without the brackets."""
    import json

    # '[\n' + the items at the list's indent, joined by ',\n' + '\n]'.
    return json.dumps(items, indent=2, ensure_ascii=False)[2:-2] if items else ""


def line_to_dict(
    line: BillingLine, *, clients: Mapping[str, Client], staff: Mapping[str, Staff]
) -> dict[str, Any]:
    client = clients.get(line.client_id)
    return {
        "client": line.client_id,
        "medicaid_id": client.medicaid_id if client else None,
        "date": line.date.isoformat(),
        "code": line.code,
        "modifiers": list(line.modifiers),
        "place_of_service": line.place_of_service,
        "minutes": line.minutes,
        "units": line.units,
        "billable_units": line.billable_units,
        "billable_if_signed": line.billable_if_signed,
        "sessions": list(line.session_ids),
        "staff": list(line.staff_ids),
        "rendering_credential": _credentials(line, staff) or None,
        "diagnosis_codes": list(client.diagnoses) if client else [],
        "flags": list(line.flags),
        "explanation": line.explanation,
        "rule": line.rule,
        "authorization": (
            {"id": line.authorization_id, "number": line.authorization_number}
            if line.authorization_id
            else None
        ),
        "authorization_draws": [{"id": a, "units": n} for a, n in line.authorization_draws],
    }


def to_json(
    lines: Sequence[BillingLine], *, clients: Mapping[str, Client], staff: Mapping[str, Staff]
) -> str:
    import json

    rows = [line_to_dict(ln, clients=clients, staff=staff) for ln in sorted_lines(lines)]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def table_headers() -> tuple[str, ...]:
    """The table's column headers in the current language."""
    from sessionlog.export.wording import t

    return (
        "#",
        t("Client"),
        t("Medicaid ID"),
        t("Date"),
        t("Code"),
        t("Modifiers"),
        t.pgettext("place of service, short", "POS"),
        t("Minutes"),
        t("Units"),
        t("Billable"),
        t.pgettext("prior authorization, short", "Auth"),
        t("Flags"),
    )


# The numeric columns, by position: "#", minutes, units, billable units.
_RIGHT_ALIGNED = {0, 7, 8, 9}


def to_table(
    lines: Sequence[BillingLine],
    *,
    clients: Mapping[str, Client],
    staff: Mapping[str, Staff] | None = None,
) -> str:
    """Aligned columns, totals per code and overall, then the explanation of every
    flagged line and what each flag means."""
    from sessionlog.core.units import FLAG_DESCRIPTIONS, flag_description
    from sessionlog.core.wording import date_text, number_text
    from sessionlog.export.wording import t

    ordered = sorted_lines(lines)
    if not ordered:
        return t("No billing lines in this period.") + "\n"
    headers = table_headers()
    rows = [
        (
            str(i),
            _client_name(ln, clients),
            _medicaid_id(ln, clients),
            date_text(ln.date),
            ln.code,
            " ".join(ln.modifiers) or "-",
            ln.place_of_service or "-",
            number_text(ln.minutes),
            number_text(ln.units),
            number_text(ln.billable_units),
            ln.authorization_number or "-",
            ", ".join(ln.flags) or "-",  # the flags' own names: the legend below words them
        )
        for i, ln in enumerate(ordered, start=1)
    ]
    totals: dict[str, list[int]] = {}
    for ln in ordered:
        sums = totals.setdefault(ln.code, [0, 0, 0])
        sums[0] += ln.minutes
        sums[1] += ln.units
        sums[2] += ln.billable_units
    total_rows: list[tuple[str, ...]] = [
        (
            "",
            t("Total {code}", code=code),
            *("",) * 5,
            *(number_text(v) for v in (m, u, b)),
            "",
            "",
        )
        for code, (m, u, b) in sorted(totals.items())
    ]
    grand = [sum(sums[i] for sums in totals.values()) for i in range(3)]
    total_rows.append(("", t("Total"), *("",) * 5, *(number_text(v) for v in grand), "", ""))
    widths = [max(len(r[i]) for r in [headers, *rows, *total_rows]) for i in range(len(headers))]

    def render(row: Sequence[str]) -> str:
        cells = [
            cell.rjust(w) if column in _RIGHT_ALIGNED else cell.ljust(w)
            for column, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    out = [render(headers), rule, *(render(r) for r in rows), rule]
    out += [render(r) for r in total_rows]
    flagged = [(i, ln) for i, ln in enumerate(ordered, start=1) if ln.flags]
    if flagged:
        out += ["", t("Flagged lines:")]
        out += [f"  {i}. {ln.explanation}" for i, ln in flagged]
        used = {f for _, ln in flagged for f in ln.flags}
        out += ["", t("Flags:")]
        out += [f"  {f}: {flag_description(f)}" for f in FLAG_DESCRIPTIONS if f in used]
    return "\n".join(out) + "\n"


def render(
    lines: Sequence[BillingLine],
    fmt: str,
    *,
    clients: Mapping[str, Client],
    staff: Mapping[str, Staff],
    payers: Mapping[str, Payer],
    agency: Agency | None,
    include_all: bool = False,
) -> str:
    if fmt == "csv":
        from sessionlog.core.claims import claim_lines

        claims = claim_lines(lines, clients=clients, staff=staff, payers=payers)
        return claim_csv(claims, agency, include_all=include_all)
    if fmt == "json":
        return to_json(lines, clients=clients, staff=staff)
    if fmt == "table":
        return to_table(lines, clients=clients, staff=staff)
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
