"""Field rules for setting up a caseload by hand: staff, payers and treatment plans.

The setup screens show these messages as they are; each names the field so the
person typing knows what to fix. Client rules and the CSV roster live in
:mod:`sessionlog.core.roster`, authorization rules in
:mod:`sessionlog.core.authorizations`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sessionlog.core import limits
from sessionlog.core.catalog import TELEHEALTH_MODIFIERS, service_codes
from sessionlog.core.identifiers import (
    address_problems,
    npi_problem,
    phone_problem,
    tax_id_problem,
    taxonomy_problem,
)
from sessionlog.core.limits import MAX_DEADLINE_BUSINESS_DAYS as MAX_DEADLINE_BUSINESS_DAYS
from sessionlog.core.models import (
    Agency,
    Goal,
    Objective,
    Payer,
    Staff,
    TreatmentPlan,
    UnitKind,
    new_id,
)
from sessionlog.core.units import AGGREGATIONS, ROUNDING_RULES
from sessionlog.core.wording import mark, t

# Credential tiers a payer may require on the claim line (domain brief, "Modifiers"); the
# meanings are English (``mark``), worded with ``t`` where shown.
CREDENTIAL_MODIFIERS: dict[str, str] = {
    "HM": mark("less than a bachelor's degree"),
    "HN": mark("bachelor's degree"),
    "HO": mark("master's degree"),
    "HP": mark("doctoral degree"),
}
# A 15-minute code cannot bill more than a whole day of units.
MAX_DAILY_UNITS = 96
MAX_PER_DIEM_MINUTES = 24 * 60


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


# ---- staff --------------------------------------------------------------------


def staff_problems(staff: Staff) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not staff.name.strip():
        problems.append(FieldProblem("name", limits.blank_field("staff", "name")))
    if not staff.credential.strip():
        problems.append(FieldProblem("credential", limits.blank_field("staff", "credential")))
    if staff.modifier is not None and staff.modifier not in CREDENTIAL_MODIFIERS:
        allowed = ", ".join(CREDENTIAL_MODIFIERS)
        problems.append(
            FieldProblem(
                "modifier",
                t(
                    "must be one of {allowed} or blank, got {value!r}",
                    allowed=allowed,
                    value=staff.modifier,
                ),
            )
        )
    if not staff.attestation.strip():
        problems.append(
            FieldProblem("attestation", t("enter the statement a signature attests to"))
        )
    for name, value, limit in (
        ("name", staff.name, limits.MAX_NAME_CHARS),
        ("credential", staff.credential, limits.MAX_NAME_CHARS),
        ("attestation", staff.attestation, limits.MAX_TEXT_CHARS),
    ):
        problem = limits.text_problem(value, limit)
        if problem:
            problems.append(FieldProblem(name, problem))
    if staff.npi and (problem := npi_problem(staff.npi)):
        problems.append(FieldProblem("npi", problem))
    if staff.supervisor_id is not None and staff.supervisor_id == staff.id:
        problems.append(FieldProblem("supervisor", t("a staff member cannot supervise themselves")))
    return problems


def agency_problems(agency: Agency) -> list[FieldProblem]:
    """What keeps the agency (the billing provider of every claim) from being saved."""
    problems: list[FieldProblem] = []
    if not agency.name.strip():
        problems.append(FieldProblem("name", limits.blank_field("agency", "name")))
    for name, check, value in (
        ("npi", npi_problem, agency.npi),
        ("tax_id", tax_id_problem, agency.tax_id),
        ("taxonomy", taxonomy_problem, agency.taxonomy),
    ):
        if (problem := check(value)) is not None:
            problems.append(FieldProblem(name, problem))
    problems += [FieldProblem(f, m) for f, m in address_problems(agency.address)]
    if agency.phone and (problem := phone_problem(agency.phone)):
        problems.append(FieldProblem("phone", problem))
    return problems


# ---- payers -------------------------------------------------------------------


def payer_problems(payer: Payer) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    codes = service_codes()
    if not payer.name.strip():
        problems.append(FieldProblem("name", limits.blank_field("payer", "name")))
    if payer.rounding not in ROUNDING_RULES:
        problems.append(FieldProblem("rounding", limits.one_of(ROUNDING_RULES, payer.rounding)))
    if payer.aggregate not in AGGREGATIONS:
        problems.append(FieldProblem("aggregation", limits.one_of(AGGREGATIONS, payer.aggregate)))
    for code, minutes in sorted(payer.per_diem_min_minutes.items()):
        known = codes.get(code)
        if known is None or known.unit != UnitKind.PER_DIEM:
            problems.append(
                FieldProblem(f"per-diem minimum {code}", t("is not a per-diem service code"))
            )
        elif not 1 <= minutes <= MAX_PER_DIEM_MINUTES:
            problems.append(
                FieldProblem(
                    f"per-diem minimum {code}",
                    t(
                        "must be between 1 and {largest} minutes, got {value}",
                        largest=MAX_PER_DIEM_MINUTES,
                        value=minutes,
                    ),
                )
            )
    for code, units in sorted(payer.daily_max_units.items()):
        if code not in codes:
            problems.append(FieldProblem(f"daily maximum {code}", t("unknown service code")))
        elif not 1 <= units <= MAX_DAILY_UNITS:
            problems.append(
                FieldProblem(
                    f"daily maximum {code}",
                    t(
                        "must be between 1 and {largest} units, got {value}",
                        largest=MAX_DAILY_UNITS,
                        value=units,
                    ),
                )
            )
    if payer.telehealth_modifier is not None and (
        payer.telehealth_modifier not in TELEHEALTH_MODIFIERS
    ):
        problems.append(
            FieldProblem("telehealth modifier", limits.one_of_or_none(TELEHEALTH_MODIFIERS))
        )
    if not re.fullmatch(r"[0-9A-Z]{2}", payer.audio_only_modifier):
        problems.append(FieldProblem("audio-only modifier", limits.two_character_modifier()))
    for code, size in sorted(payer.max_group_size.items()):
        if code not in codes:
            problems.append(FieldProblem(f"maximum group {code}", t("unknown service code")))
        elif size < 1:
            problems.append(FieldProblem(f"maximum group {code}", limits.at_least_one()))
    for code, price in sorted(payer.rates.items()):
        if code not in codes:
            problems.append(FieldProblem(f"rate {code}", t("unknown service code")))
        elif price < 0 or price != price.quantize(Decimal("0.01")):
            problems.append(FieldProblem(f"rate {code}", t("must be 0 or more, in whole cents")))
    if not 0 <= payer.documentation_deadline_days <= MAX_DEADLINE_BUSINESS_DAYS:
        problems.append(
            FieldProblem(
                "documentation deadline",
                t(
                    "must be between 0 and {largest} business days",
                    largest=MAX_DEADLINE_BUSINESS_DAYS,
                ),
            )
        )
    return problems


# ---- treatment plans ------------------------------------------------------------


def plan_problems(plan: TreatmentPlan, others: Iterable[TreatmentPlan] = ()) -> list[FieldProblem]:
    """``others``: the client's other stored plans; periods must not overlap, since a
    note links to the one plan that covers its date of service."""
    problems: list[FieldProblem] = []
    if plan.end < plan.start:
        problems.append(FieldProblem("end", limits.end_before_start(plan.start, plan.end)))
    for other in others:
        if other.id != plan.id and other.start <= plan.end and plan.start <= other.end:
            problems.append(
                FieldProblem(
                    "period",
                    t(
                        "overlaps the plan {start} to {end}; shorten one of them first",
                        start=other.start,
                        end=other.end,
                    ),
                )
            )
    for gi, goal in enumerate(plan.goals, start=1):
        if not goal.text.strip():
            problems.append(FieldProblem(f"goal {gi}", t("enter the goal's text")))
        elif limits.text_problem(goal.text):
            problems.append(FieldProblem(f"goal {gi}", str(limits.text_problem(goal.text))))
        for oi, objective in enumerate(goal.objectives, start=1):
            where = f"goal {gi}, objective {oi}"
            if not objective.text.strip():
                problems.append(FieldProblem(where, t("enter the objective's text")))
            elif limits.text_problem(objective.text):
                problems.append(FieldProblem(where, str(limits.text_problem(objective.text))))
    return problems


def plan_following(previous: TreatmentPlan, make_id: Callable[[], str] = new_id) -> TreatmentPlan:
    """The next period's plan, started from a copy of ``previous``.

    Goals and objectives get new ids, so notes on the old plan keep pointing at the
    old plan's objectives. Retired objectives stay behind: they were retired on
    purpose. The period starts the day after ``previous`` ends and is as long: as
    many months when the previous period was whole months, else as many days."""
    start = previous.end + timedelta(days=1)
    months = _whole_months(previous.start, start)
    if months:
        end = _add_months(start, months) - timedelta(days=1)
    else:
        end = start + (previous.end - previous.start)
    goals = [
        Goal(
            make_id(),
            goal.text,
            [Objective(make_id(), o.text) for o in goal.objectives if not o.retired],
        )
        for goal in previous.goals
    ]
    return TreatmentPlan(make_id(), previous.client_id, start, end, goals)


def _add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later (callers pass days 1-28 only)."""
    index = day.month - 1 + months
    return day.replace(year=day.year + index // 12, month=index % 12 + 1)


def _whole_months(start: date, end_exclusive: date) -> int:
    """How many months ``start`` to ``end_exclusive`` is, if exactly whole months."""
    if start.day != end_exclusive.day or start.day > 28:
        return 0
    return (end_exclusive.year - start.year) * 12 + end_exclusive.month - start.month


def empty_plan(client_id: str, today: date, make_id: Callable[[], str] = new_id) -> TreatmentPlan:
    """A first plan: one year from ``today`` (a common review period), with no goals."""
    try:
        anniversary = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        anniversary = date(today.year + 1, 3, 1)
    return TreatmentPlan(make_id(), client_id, today, anniversary - timedelta(days=1), [])
