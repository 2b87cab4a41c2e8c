"""Claims from the store: the claim CSV and the 837P file for a period.

Both come from the same billing lines the ``units`` report shows
(:func:`services.billing.billing_lines`) and the same claim lines
(:mod:`core.claims`), so their units and charges cannot disagree with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sessionlog.core.claims import ClaimBatch, ClaimLine, build_claims, claim_lines
from sessionlog.core.models import utc_now
from sessionlog.export.files import write_private_file
from sessionlog.export.units_report import claim_csv
from sessionlog.export.x837 import Envelope, write_837
from sessionlog.services.billing import billing_lines
from sessionlog.services.records import Records, own_connection

CONTROL_NUMBER_KEY = "x12_control_number"


def period_claim_lines(
    store: Records,
    *,
    start: date,
    end: date,
    client_id: str | None = None,
    payer_id: str | None = None,
) -> list[ClaimLine]:
    """Every claim line with a date of service in [start, end], held ones included."""
    if payer_id is not None:
        store.payer(payer_id)  # NotFoundError names it
    lines = billing_lines(store, client_id=client_id, start=start, end=end)
    clines = claim_lines(
        lines,
        clients={c.id: c for c in store.clients(include_archived=True)},
        staff={m.id: m for m in store.staff_members()},
        payers={p.id: p for p in store.payers()},
    )
    return [cl for cl in clines if payer_id is None or cl.payer.id == payer_id]


def export_claim_csv(
    store: Records,
    path: Path,
    *,
    start: date,
    end: date,
    client_id: str | None = None,
    include_all: bool = False,
) -> int:
    """Write the claim-line CSV; returns the number of rows written."""
    clines = period_claim_lines(store, start=start, end=end, client_id=client_id)
    text = claim_csv(clines, store.agency(), include_all=include_all)
    write_private_file(path, text.encode("utf-8"))
    return sum(1 for cl in clines if include_all or cl.billable)


@dataclass
class ClaimFileResult:
    batch: ClaimBatch
    control_number: int


def export_837(
    store: Records,
    path: Path,
    *,
    start: date,
    end: date,
    client_id: str | None = None,
    payer_id: str | None = None,
    now: datetime | None = None,
    usage: str = "P",
) -> ClaimFileResult:
    """Write an 837P file for the period; held lines and clients that cannot be
    claimed are left out and listed in the result. Raises ValueError (worded for the
    user) when no file can be written (no agency, nothing billable)."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    batch = build_claims(
        period_claim_lines(store, start=start, end=end, client_id=client_id, payer_id=payer_id),
        store.agency(),
    )
    agency = store.agency()
    assert agency is not None  # build_claims refuses without one
    control = _next_control_number(store)
    text = write_837(
        batch,
        agency,
        start=start,
        end=end,
        envelope=Envelope(now or utc_now(), control, usage),
    )
    write_private_file(path, text.encode("ascii"))
    payers = len({c.payer.id for c in batch.claims})
    with store.transaction():
        # Each payer's interchange used one control number.
        store.set_state(CONTROL_NUMBER_KEY, str(control + payers))
        store.audit("export", "claims", f"{start}..{end}", {"claims": len(batch.claims)})
    return ClaimFileResult(batch, control)


def _next_control_number(store: Records) -> int:
    """Interchange control numbers never repeat on this database (ISA13)."""
    try:
        return max(int(store.get_state(CONTROL_NUMBER_KEY) or "1"), 1)
    except ValueError:
        return 1


CLAIM_KINDS = ("lines", "837")


@dataclass
class ClaimExportResult:
    """What an export from the app wrote, for the dialog to report."""

    path: Path
    kind: str
    rows: int = 0  # CSV rows
    claims: int = 0  # 837P claims
    units: int = 0
    left_out: list[str] | None = None


def export_claims_from(
    db_path: Path,
    kind: str,
    out_path: Path,
    *,
    start: date,
    end: date,
    client_id: str | None = None,
    include_all: bool = False,
    now: datetime | None = None,
) -> ClaimExportResult:
    """File ▸ Export claim lines / claims: opens its own connection (a GUI worker thread
    must not share the window's) and writes the CSV or the 837P."""
    if kind not in CLAIM_KINDS:
        raise ValueError(f"unknown claim export {kind!r}")
    with own_connection(db_path, actor="claims") as store:
        if kind == "lines":
            rows = export_claim_csv(
                store, out_path, start=start, end=end, client_id=client_id, include_all=include_all
            )
            return ClaimExportResult(out_path, kind, rows=rows)
        result = export_837(store, out_path, start=start, end=end, client_id=client_id, now=now)
        return ClaimExportResult(
            out_path,
            kind,
            claims=len(result.batch.claims),
            units=result.batch.units,
            left_out=list(result.batch.left_out),
        )
