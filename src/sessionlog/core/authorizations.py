"""Authorization rules: what a valid authorization is, and when it needs attention.

Running out of authorized units or past the end date is the costliest denial there
is (CARC 197, rarely recoverable), so the thresholds that raise a warning live here
as named constants, not in a view.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from sessionlog.core import limits
from sessionlog.core.caseload import FieldProblem
from sessionlog.core.catalog import service_codes
from sessionlog.core.models import Authorization
from sessionlog.core.wording import t

# Warn once this share of the granted units has been billed.
USAGE_WARNING_FRACTION = 0.8
# Warn when the authorization ends within this many days (a renewal takes time).
EXPIRY_WARNING_DAYS = 14


class Usage(Protocol):
    """What the unit engine reports for one authorization (services.billing)."""

    @property
    def authorization(self) -> Authorization: ...

    @property
    def used(self) -> int: ...

    @property
    def remaining(self) -> int: ...


def days_left(auth: Authorization, today: date) -> int:
    """Calendar days of the period still to come, today included (0 once expired).
    Before the period starts, the whole period is still to come."""
    if today > auth.end:
        return 0
    first = max(today, auth.start)
    return (auth.end - first).days + 1


def authorization_warnings(usage: Usage, today: date) -> list[str]:
    """Plain sentences for what needs attention, most urgent first (none when fine)."""
    auth = usage.authorization
    warnings: list[str] = []
    if today > auth.end:
        warnings.append(t("Expired on {date}: sessions after it are not billable", date=auth.end))
    elif (auth.end - today).days <= EXPIRY_WARNING_DAYS:
        remaining_days = (auth.end - today).days
        if remaining_days == 0:
            warnings.append(t("Expires today ({date}): request a renewal", date=auth.end))
        else:
            warnings.append(
                t.plural(
                    "Expires in {count} day ({date}): request a renewal",
                    "Expires in {count} days ({date}): request a renewal",
                    remaining_days,
                    date=auth.end,
                )
            )
    if auth.units > 0 and usage.remaining <= 0:
        warnings.append(
            t("All {units} units used: further units are not billable", units=auth.units)
        )
    elif auth.units > 0 and usage.used >= USAGE_WARNING_FRACTION * auth.units:
        share = round(100 * usage.used / auth.units)
        warnings.append(
            t(
                "{share}% of units used ({used} of {units}, {left} left)",
                share=share,
                used=usage.used,
                units=auth.units,
                left=usage.remaining,
            )
        )
    if today < auth.start:
        warnings.append(t("Not started yet: begins on {date}", date=auth.start))
    return warnings


def authorization_problems(auth: Authorization) -> list[FieldProblem]:
    """Field rules for an authorization typed in by hand; empty when it can be saved."""
    problems: list[FieldProblem] = []
    if auth.code not in service_codes():
        problems.append(FieldProblem("code", t("unknown service code {code!r}", code=auth.code)))
    if not auth.number.strip():
        problems.append(FieldProblem("number", limits.blank_field("authorization", "number")))
    if auth.units <= 0:
        problems.append(FieldProblem("units", limits.at_least_one()))
    if auth.end < auth.start:
        problems.append(FieldProblem("end", limits.end_before_start(auth.start, auth.end)))
    if not auth.client_id:
        problems.append(FieldProblem("client", limits.blank_field("authorization", "client")))
    return problems
