"""Authorization warnings and field rules, and the plan/staff/payer field rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import count

from sessionlog.core.authorizations import (
    authorization_problems,
    authorization_warnings,
    days_left,
)
from sessionlog.core.caseload import payer_problems, plan_following, plan_problems, staff_problems
from sessionlog.core.models import Authorization, Goal, Objective, Payer, Staff, TreatmentPlan

AUTH = Authorization("a1", "c1", "H2014", 100, date(2026, 7, 1), date(2026, 12, 31), "PA-1")


@dataclass
class _Usage:
    authorization: Authorization
    used: int
    remaining: int


def test_no_warning_when_plenty_left_and_far_from_the_end():
    assert authorization_warnings(_Usage(AUTH, 79, 21), date(2026, 11, 1)) == []


def test_warns_at_80_percent_used():
    assert authorization_warnings(_Usage(AUTH, 80, 20), date(2026, 11, 1)) == [
        "80% of units used (80 of 100, 20 left)"
    ]


def test_all_units_used_replaces_the_percentage():
    assert authorization_warnings(_Usage(AUTH, 100, 0), date(2026, 11, 1)) == [
        "All 100 units used: further units are not billable"
    ]


def test_expiring_within_14_days_and_expired():
    assert authorization_warnings(_Usage(AUTH, 0, 100), date(2026, 12, 16)) == []
    assert authorization_warnings(_Usage(AUTH, 0, 100), date(2026, 12, 17)) == [
        "Expires in 14 days (2026-12-31): request a renewal"
    ]
    assert authorization_warnings(_Usage(AUTH, 0, 100), date(2026, 12, 31)) == [
        "Expires today (2026-12-31): request a renewal"
    ]
    assert authorization_warnings(_Usage(AUTH, 0, 100), date(2027, 1, 1)) == [
        "Expired on 2026-12-31: sessions after it are not billable"
    ]


def test_days_left_counts_today_and_stops_at_zero():
    assert days_left(AUTH, date(2026, 12, 31)) == 1
    assert days_left(AUTH, date(2026, 12, 30)) == 2
    assert days_left(AUTH, date(2027, 1, 1)) == 0
    assert days_left(AUTH, date(2026, 1, 1)) == 184  # not started: the whole period


def test_authorization_field_rules():
    bad = Authorization("a2", "c1", "H9999", 0, date(2026, 7, 1), date(2026, 6, 1), " ")
    assert [str(p) for p in authorization_problems(bad)] == [
        "code: unknown service code 'H9999'",
        "number: enter the authorization number the payer issued",
        "units: must be 1 or more",
        "end: 2026-06-01 is before the start 2026-07-01",
    ]
    assert authorization_problems(AUTH) == []


def test_next_plan_copies_goals_with_new_ids_and_follows_the_previous_period():
    previous = TreatmentPlan(
        "p1",
        "c1",
        date(2026, 1, 1),
        date(2026, 6, 30),
        [Goal("g1", "Keep a job", [Objective("o1", "Arrive on time"), Objective("o2", "x", True)])],
    )
    numbers = count(1)
    plan = plan_following(previous, lambda: f"n{next(numbers)}")
    # Six whole months follow as six whole months, not as 181 days (which ends Dec 28).
    assert (plan.start, plan.end) == (date(2026, 7, 1), date(2026, 12, 31))
    assert plan.client_id == "c1"
    assert plan.id not in {"p1"} and plan.goals[0].id != "g1"
    assert [o.text for o in plan.goals[0].objectives] == ["Arrive on time"]
    assert plan.objective_ids().isdisjoint(previous.objective_ids())
    assert plan_problems(plan, [previous]) == []
    odd = TreatmentPlan("p2", "c1", date(2026, 1, 10), date(2026, 2, 18))
    assert (plan_following(odd).start, plan_following(odd).end) == (
        date(2026, 2, 19),
        date(2026, 3, 30),
    )
    overlapping = TreatmentPlan("p3", "c1", date(2026, 6, 1), date(2026, 8, 1))
    assert [p.field for p in plan_problems(overlapping, [previous])] == ["period"]


def test_staff_and_payer_rules_name_the_field():
    staff = Staff("s1", " ", "", "HX")
    assert [p.field for p in staff_problems(staff)] == ["name", "credential", "modifier"]
    payer = Payer("p", "State", per_diem_min_minutes={"H2014": 60}, daily_max_units={"H2014": 0})
    assert [str(p) for p in payer_problems(payer)] == [
        "per-diem minimum H2014: is not a per-diem service code",
        "daily maximum H2014: must be between 1 and 96 units, got 0",
    ]
