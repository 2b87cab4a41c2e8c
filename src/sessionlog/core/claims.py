"""From billing lines to claims: who bills, who rendered, what it costs, which diagnoses.

The unit engine decides units; this module adds what a claim needs around them, for
the claim CSV and the 837P alike, so the two cannot disagree: the payer's id and rate
(charge = billable units x rate per unit), the rendering staff member and their
supervisor, and diagnosis pointers (positions 1-4 in the client's diagnosis list).
Claims group a client's billable lines for one payer over a period, at most
:data:`MAX_LINES_PER_CLAIM` service lines each (the 837P limit); whatever cannot go on a
claim is listed with the reason, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sessionlog.core.line_facts import charge, claim_parts, diagnosis_pointers, is_billable
from sessionlog.core.models import Agency, Client, Payer, Staff
from sessionlog.core.units import FLAG_DESCRIPTIONS, BillingLine, flag_description
from sessionlog.core.wording import t

MAX_LINES_PER_CLAIM = 50  # 837P loop 2400 repeats at most 50 times per claim
MAX_DIAGNOSES = 12  # HI carries up to twelve diagnoses


@dataclass(frozen=True)
class ClaimLine:
    """A billing line with everything a claim service line carries."""

    line: BillingLine
    client: Client
    payer: Payer
    rendering: Staff
    supervising: Staff | None
    rate: Decimal | None  # None when the payer has no rate for the code

    @property
    def charge(self) -> Decimal | None:
        """Billable units x rate per unit (None without a rate)."""
        return charge(self.rate, self.line.billable_units)

    @property
    def diagnosis_pointers(self) -> tuple[int, ...]:
        """Positions (1-based) of the client's first diagnoses, at most four."""
        return diagnosis_pointers(self.client.diagnoses)

    @property
    def billable(self) -> bool:
        return is_billable(self.line)


def claim_lines(
    lines: Iterable[BillingLine],
    *,
    clients: Mapping[str, Client],
    staff: Mapping[str, Staff],
    payers: Mapping[str, Payer],
) -> list[ClaimLine]:
    """Each line with its client, payer, rendering and supervising staff and rate."""
    return [ClaimLine(line, *claim_parts(line, clients, staff, payers)) for line in lines]


@dataclass
class Claim:
    """One 837P claim (loop 2300): one client, one payer, up to 50 service lines."""

    client: Client
    payer: Payer
    lines: list[ClaimLine]
    part: int  # 1, 2... when a period has more than 50 lines

    @property
    def total(self) -> Decimal:
        return sum((ln.charge or Decimal(0) for ln in self.lines), Decimal(0))

    @property
    def units(self) -> int:
        return sum(ln.line.billable_units for ln in self.lines)

    @property
    def diagnoses(self) -> list[str]:
        return self.client.diagnoses[:MAX_DIAGNOSES]


@dataclass
class ClaimBatch:
    """Claims ready to send, and every line left out with the reason in words."""

    claims: list[Claim] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    @property
    def units(self) -> int:
        return sum(c.units for c in self.claims)

    @property
    def total(self) -> Decimal:
        return sum((c.total for c in self.claims), Decimal(0))


def _describe(cl: ClaimLine, units: int) -> str:
    ln = cl.line
    return t(
        "client {client} {date} {code} ({units} units)",
        client=cl.client.id,
        date=ln.date,
        code=ln.code,
        units=units,
    )


def build_claims(lines: Sequence[ClaimLine], agency: Agency | None) -> ClaimBatch:
    """Group billable lines into claims; list held lines and what cannot be claimed.

    Raises ValueError when there is no agency: without a billing provider no claim
    can be written at all."""
    if agency is None:
        raise ValueError(
            t(
                "agency: no billing provider on file; enter the agency in Setup ▸ Agency "
                "(name, NPI, tax id, taxonomy, address)"
            )
        )
    batch = ClaimBatch()
    grouped: dict[tuple[str, str], list[ClaimLine]] = {}
    for cl in lines:
        ln = cl.line
        if ln.held:
            reasons = "; ".join(flag_description(f) for f in ln.flags if f in FLAG_DESCRIPTIONS)
            batch.left_out.append(
                t(
                    "{line}: held ({flags}). {reasons}",
                    line=_describe(cl, ln.units),
                    flags=", ".join(ln.flags),
                    reasons=reasons,
                )
            )
            continue
        if ln.billable_units == 0:
            continue  # nothing to claim (caps); the units report explains it
        grouped.setdefault((cl.client.id, cl.payer.id), []).append(cl)
    for (client_id, _payer_id), group in sorted(grouped.items()):
        client, payer = group[0].client, group[0].payer
        problems = _claim_problems(client, payer)
        missing_rate = sorted({cl.line.code for cl in group if cl.rate is None})
        if missing_rate:
            problems.append(
                t(
                    "payer {payer} has no rate for {codes}",
                    payer=payer.id,
                    codes=", ".join(missing_rate),
                )
            )
        if problems:
            batch.left_out.append(
                t(
                    "client {client}: {count} billable lines left out: {problems}",
                    client=client_id,
                    count=len(group),
                    problems="; ".join(problems),
                )
            )
            continue
        group.sort(key=lambda cl: (cl.line.date, cl.line.code, cl.line.modifiers))
        for part, start in enumerate(range(0, len(group), MAX_LINES_PER_CLAIM), start=1):
            batch.claims.append(
                Claim(client, payer, group[start : start + MAX_LINES_PER_CLAIM], part)
            )
    return batch


def _claim_problems(client: Client, payer: Payer) -> list[str]:
    problems: list[str] = []
    if client.address is None:
        problems.append(t("the client has no address (needed for the subscriber on an 837P)"))
    if not client.diagnoses:
        problems.append(t("the client has no diagnosis (a claim needs at least one)"))
    if not payer.payer_id:
        problems.append(t("payer {payer} has no payer id (the clearinghouse's id)", payer=payer.id))
    return problems
