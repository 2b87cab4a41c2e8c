"""The facts of a billing line that reports read without the unit engine (issue 12).

``sessionlog units`` on kept lines reads them with no engine at all: importing
:mod:`sessionlog.core.units` (its models, catalog and wording) cost several bare Python
starts. What a claim line needs from a line (whether it bills, its charge, its
diagnosis pointers, who rendered it) lives here, with nothing imported but Decimal (when
a charge is computed), and :mod:`sessionlog.core.units` and :mod:`sessionlog.core.claims`
use the same definitions.
Lines and records are read by attribute: a :class:`~sessionlog.core.units.BillingLine`
or a kept line, a :class:`~sessionlog.core.models.Client` or a row read for a report.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs a report's start
if TYPE_CHECKING:
    from collections.abc import Mapping
    from decimal import Decimal
    from typing import Any

# Names this version of the rules: billing facts cached in the database (the
# authorization draw-down of past days, the kept lines) are recomputed when it changes.
RULES_VERSION = "2026-12-units-1"
MAX_MODIFIERS = 4  # an 837P service line carries at most four modifiers
MAX_POINTERS = 4  # SV107 carries up to four diagnosis pointers

FLAG_UNSIGNED = "unsigned"
FLAG_RUNNING = "running"
FLAG_NO_OBJECTIVE = "no-objective"
FLAG_OUTSIDE_PLAN = "outside-plan"
FLAG_GROUP_SIZE = "group-size"
FLAG_TELEHEALTH_POS = "telehealth-pos"

# Flags that hold the whole line: it bills 0 and draws nothing from an authorization.
HOLD_FLAGS: tuple[str, ...] = (
    FLAG_UNSIGNED,
    FLAG_RUNNING,
    FLAG_NO_OBJECTIVE,
    FLAG_OUTSIDE_PLAN,
    FLAG_GROUP_SIZE,
    FLAG_TELEHEALTH_POS,
)


def is_held(flags: tuple[str, ...]) -> bool:
    """Held lines bill nothing until what holds them is put right."""
    return any(f in HOLD_FLAGS for f in flags)


def is_billable(line: Any) -> bool:
    """Whether a claim carries the line: it bills units and nothing holds it."""
    return bool(line.billable_units > 0 and not is_held(line.flags))


def charge(rate: Decimal | None, billable_units: int) -> Decimal | None:
    """Billable units x rate per unit, to the cent (None without a rate)."""
    if rate is None:
        return None
    # Imported here: the units report from kept texts reads this module's constants
    # only, and decimal cost its start (issue 12).
    from decimal import Decimal

    return (rate * billable_units).quantize(Decimal("0.01"))


def diagnosis_pointers(diagnoses: list[str]) -> tuple[int, ...]:
    """Positions (1-based) of the client's first diagnoses, at most four."""
    return tuple(range(1, min(len(diagnoses), MAX_POINTERS) + 1))


def claim_parts(
    line: Any, clients: Mapping[str, Any], staff: Mapping[str, Any], payers: Mapping[str, Any]
) -> tuple[Any, Any, Any, Any, Decimal | None]:
    """A line's client, payer, rendering and supervising staff (None) and rate (None)."""
    client = clients[line.client_id]
    payer = payers[client.payer_id]
    rendering = staff[line.staff_ids[0]]
    supervising = staff.get(rendering.supervisor_id) if rendering.supervisor_id else None
    return client, payer, rendering, supervising, payer.rates.get(line.code)
