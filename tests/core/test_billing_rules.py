"""Issue 11's billing rules, one table per rule (docs/units.md, "The rules")."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from tests.interchange_sample import sample

from sessionlog.core.completeness import is_late_entry
from sessionlog.core.interchange import KnownRecords, check_references, parse_document
from sessionlog.core.models import Payer
from sessionlog.core.units import allocate, modifiers_for, overlapping_session_ids

# ---- rule 1: the day is the unit of aggregation ------------------------------------

# (sessions as (local start, minutes, overrides), expected (pos, units) per line in order)
DAY_CASES: dict[str, tuple[list[tuple[str, int, dict[str, Any]]], list[tuple[str, int]]]] = {
    "10 + 10 min at two places: 20 min, one unit, on the earlier line": (
        [("09:00", 10, {"pos": "12"}), ("11:00", 10, {"pos": "11"})],
        [("12", 1), ("11", 0)],
    ),
    "4 + 4 min: 8 min reach a unit (not 0 + 0)": (
        [("09:00", 4, {"pos": "12"}), ("11:00", 4, {"pos": "11"})],
        [("12", 1), ("11", 0)],
    ),
    "across modifier sets (telehealth) too": (
        [("09:00", 10, {"pos": "18"}), ("11:00", 10, {"pos": "10", "telehealth": True})],
        [("18", 1), ("10", 0)],
    ),
    "shares follow minutes, largest remainder first": (
        # 100 min = 7 units; quotas 4.2 / 2.8 -> 4 + 3
        [("09:00", 60, {"pos": "12"}), ("11:00", 40, {"pos": "11"})],
        [("12", 4), ("11", 3)],
    ),
    "the bigger remainder wins even on the later line": (
        # 45 min = 3 units; quotas 1.33 / 1.67 -> 1 + 2
        [("09:00", 20, {"pos": "12"}), ("11:00", 25, {"pos": "11"})],
        [("12", 1), ("11", 2)],
    ),
    "three lines always add up to the day": (
        # 30 min = 2 units; quotas 0.67 each -> ties go to the earlier lines
        [("08:00", 10, {"pos": "12"}), ("09:00", 10, {"pos": "11"}), ("10:00", 10, {"pos": "03"})],
        [("12", 1), ("11", 1), ("03", 0)],
    ),
}


@pytest.mark.parametrize("case", list(DAY_CASES), ids=list(DAY_CASES))
def test_day_minutes_are_added_across_lines_then_shared_out(caseload, case: str) -> None:
    sessions, expected = DAY_CASES[case]
    caseload.authorize_everything()
    for start, minutes, extra in sessions:
        caseload.session(f"2026-03-02 {start}", minutes, **extra)
    lines = caseload.lines()
    assert [(ln.place_of_service, ln.units) for ln in lines] == expected
    assert [ln.billable_units for ln in lines] == [u for _, u in expected]


def test_session_aggregation_still_rounds_each_session(caseload) -> None:
    caseload.payer.aggregate = "session"
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 10, pos="12")
    caseload.session("2026-03-02 11:00", 10, pos="11")
    assert [ln.units for ln in caseload.lines()] == [1, 1]


@pytest.mark.parametrize(
    ("total", "weights", "shares"),
    [
        (1, [4, 4], [1, 0]),
        (1, [3, 5], [0, 1]),
        (7, [60, 40], [4, 3]),
        (2, [10, 10, 10], [1, 1, 0]),
        (5, [0, 0], [5, 0]),
        (5, [0, 1], [0, 5]),  # one minute of weight is weight: the first gets nothing
        (0, [10, 20], [0, 0]),
        (3, [], []),
    ],
)
def test_allocate_largest_remainder_ties_to_the_earlier(total, weights, shares) -> None:
    assert allocate(total, weights) == shares
    assert sum(allocate(total, weights)) == (total if weights else 0)


# ---- rule 2: per-diem minimums are per day ------------------------------------------

PER_DIEM_CASES = {
    "100 at POS 18 + 60 at POS 99 reach 150: the unit on the bigger line": (
        [("08:00", 100, "18"), ("13:00", 60, "99")],
        [1, 0],
    ),
    "the bigger line is the later one": ([("08:00", 60, "99"), ("13:00", 100, "18")], [0, 1]),
    "equal lines: the earlier": ([("08:00", 80, "99"), ("13:00", 80, "18")], [1, 0]),
    "below the minimum across the day: nothing": (
        [("08:00", 70, "18"), ("13:00", 70, "99")],
        [0, 0],
    ),
}


@pytest.mark.parametrize("case", list(PER_DIEM_CASES), ids=list(PER_DIEM_CASES))
def test_per_diem_minimum_is_met_by_the_day(caseload, case: str) -> None:
    sessions, units = PER_DIEM_CASES[case]
    caseload.authorize_everything()
    for start, minutes, pos in sessions:
        caseload.session(f"2026-03-02 {start}", minutes, code="H2024", pos=pos)
    lines = caseload.lines()
    assert [ln.units for ln in lines] == units
    assert [ln.billable_units for ln in lines] == units
    if not any(units):
        assert all("below-per-diem-minimum" in ln.flags for ln in lines)


# ---- rule 3: one authorization per claim line ----------------------------------------

AUTH_CASES = {
    "one authorization: one line": ([(10, "PA-A")], [(3, "PA-A")]),
    "two authorizations: two lines": ([(2, "PA-A"), (10, "PA-B")], [(2, "PA-A"), (1, "PA-B")]),
    "three authorizations: three lines": (
        [(1, "PA-A"), (1, "PA-B"), (10, "PA-C")],
        [(1, "PA-A"), (1, "PA-B"), (1, "PA-C")],
    ),
    "exceeded: what is left is on the last line, not billed": (
        [(1, "PA-A"), (1, "PA-B")],
        [(1, "PA-A"), (1, "PA-B")],
    ),
}


@pytest.mark.parametrize("case", list(AUTH_CASES), ids=list(AUTH_CASES))
def test_a_line_drawing_on_two_authorizations_becomes_two_lines(caseload, case: str) -> None:
    auths, expected = AUTH_CASES[case]
    for i, (units, number) in enumerate(auths):
        caseload.auth(units, f"2026-02-0{i + 1}", "2026-03-31", number=number)
    caseload.session("2026-03-02 09:00", 38)  # 3 units
    lines = caseload.lines()
    assert [(ln.billable_units, ln.authorization_number) for ln in lines] == expected
    assert all(len(ln.authorization_draws) == 1 for ln in lines)
    assert sum(ln.units for ln in lines) == 3
    assert sum(ln.minutes for ln in lines) == 38
    exceeded = [ln for ln in lines if "authorization-exceeded" in ln.flags]
    if sum(u for u, _ in auths) < 3:
        assert exceeded == [lines[-1]]
    else:
        assert exceeded == []


# ---- rule 4: unsigned or running holds the whole line ---------------------------------

HOLD_CASES = {
    "all signed bills": ([True, True], 3, ()),
    "one unsigned holds both": ([True, False], 0, ("unsigned",)),
    "all unsigned": ([False, False], 0, ("unsigned",)),
}


@pytest.mark.parametrize("case", list(HOLD_CASES), ids=list(HOLD_CASES))
def test_an_unsigned_session_holds_its_line(caseload, case: str) -> None:
    signed, billable, flags = HOLD_CASES[case]
    caseload.auth(10, "2026-03-01", "2026-03-31")
    caseload.session("2026-03-02 09:00", 23, signed=signed[0])
    caseload.session("2026-03-02 14:00", 15, signed=signed[1])
    line = caseload.line()
    assert line.billable_units == billable
    assert line.flags == flags
    assert line.billable_if_signed == 3
    assert sum(n for _, n in line.authorization_draws) == billable


def test_a_running_session_holds_its_line(caseload) -> None:
    caseload.auth(10, "2026-03-01", "2026-03-31")
    caseload.session("2026-03-02 09:00", 30)
    caseload.session("", segments=[("2026-03-02 10:00", None)])  # still running at 10:30
    line = caseload.line(now=caseload.at("2026-03-02 10:30"))
    assert (line.units, line.billable_units) == (4, 0)
    assert ("unsigned" in line.flags, "running" in line.flags) == (True, True)
    assert line.authorization_draws == ()


# ---- rule 5: held lines -----------------------------------------------------------


def _no_objective(c) -> None:
    c.session("2026-03-02 09:00", 30, objectives=())


def _retired_plan_objective_elsewhere(c) -> None:
    c.session("2026-03-02 09:00", 30, objectives=("O-other-plan",))


def _outside_plan(c) -> None:
    c.plans[0].end = c.plans[0].start + timedelta(days=30)  # ends 2026-01-31
    c.session("2026-03-02 09:00", 30)


def _group_too_big(c) -> None:
    c.payer.max_group_size["H2014"] = 4
    c.session("2026-03-02 09:00", 30, group_size=5)


def _group_at_the_maximum(c) -> None:
    c.payer.max_group_size["H2014"] = 4
    c.session("2026-03-02 09:00", 30, group_size=4)


def _telehealth_in_person_pos(c) -> None:
    c.session("2026-03-02 09:00", 30, telehealth=True, pos="18")


def _in_person_telehealth_pos(c) -> None:
    c.session("2026-03-02 09:00", 30, pos="02")


def _telehealth_at_home(c) -> None:
    c.session("2026-03-02 09:00", 30, telehealth=True, pos="10")


HELD_CASES = {
    "note addresses no objective": (_no_objective, "no-objective", "addresses no objective"),
    "objective not in the plan in force": (
        _retired_plan_objective_elsewhere,
        "no-objective",
        "addresses no objective",
    ),
    "no plan in force": (_outside_plan, "outside-plan", "no treatment plan in force"),
    "group above the payer's maximum": (_group_too_big, "group-size", "above the payer's maximum"),
    "group at the maximum bills": (_group_at_the_maximum, None, ""),
    "telehealth at an in-person place": (
        _telehealth_in_person_pos,
        "telehealth-pos",
        "telehealth session with in-person place of service 18",
    ),
    "in person at a telehealth place": (
        _in_person_telehealth_pos,
        "telehealth-pos",
        "in-person session with telehealth place of service 02",
    ),
    "telehealth at home bills": (_telehealth_at_home, None, ""),
}


@pytest.mark.parametrize("case", list(HELD_CASES), ids=list(HELD_CASES))
def test_documentation_that_cannot_support_a_claim_holds_the_line(caseload, case: str) -> None:
    build, flag, words = HELD_CASES[case]
    caseload.auth(10, "2026-01-01", "2026-12-31")
    build(caseload)
    line = caseload.line()
    if flag is None:
        assert (line.billable_units, line.held) == (2, False)
        return
    assert flag in line.flags and line.held
    assert (line.units, line.billable_units, line.billable_if_signed) == (2, 0, 0)
    assert line.authorization_draws == ()
    assert words in line.explanation and "held:" in line.explanation


def test_a_held_line_leaves_the_authorization_to_the_next_line(caseload) -> None:
    caseload.auth(2, "2026-03-01", "2026-03-31")
    caseload.session("2026-03-02 09:00", 30, objectives=())
    caseload.session("2026-03-03 09:00", 30)
    held, billed = caseload.lines()
    assert (held.billable_units, billed.billable_units) == (0, 2)


# ---- rule 6: overlap, also with the coach's own group session -------------------------

OVERLAP_CASES = {
    "individual during own group session": (
        [{"group_size": 3, "group_id": "V1"}, {"start": "09:30", "client": "C2"}],
        True,
    ),
    "attendees of one group visit": (
        [{"group_size": 2, "group_id": "V1"}, {"client": "C2", "group_size": 2, "group_id": "V1"}],
        False,
    ),
    "two different group visits": (
        [
            {"group_size": 2, "group_id": "V1"},
            {"start": "09:30", "client": "C2", "group_size": 2, "group_id": "V2"},
        ],
        True,
    ),
    "another coach's group": (
        [{"group_size": 3, "group_id": "V1", "staff": "S2"}, {"start": "09:30", "client": "C2"}],
        False,
    ),
    "after the group ends": (
        [{"group_size": 3, "group_id": "V1"}, {"start": "10:00", "client": "C2"}],
        False,
    ),
}


@pytest.mark.parametrize("case", list(OVERLAP_CASES), ids=list(OVERLAP_CASES))
def test_overlap_exempts_only_one_group_visit(caseload, case: str) -> None:
    sessions, overlap = OVERLAP_CASES[case]
    for extra in sessions:
        extra = dict(extra)
        start = extra.pop("start", "09:00")
        caseload.session(f"2026-03-02 {start}", 60, **extra)
    assert bool(overlapping_session_ids(caseload.sessions)) is overlap


# ---- rule 7: late entries are computed ----------------------------------------------

# (signed at, the file's "late", expected) for a session on Monday 2026-03-02, deadline
# 2 business days -> Wednesday 2026-03-04.
LATE_CASES = [
    ("2026-03-04T23:00:00-05:00", True, False),  # on time, whatever the file says
    ("2026-03-05T08:00:00-05:00", False, True),  # late, whatever the file says
    ("2026-03-02T17:00:00-05:00", None, False),
]


@pytest.mark.parametrize(("signed_at", "claimed", "late"), LATE_CASES)
def test_late_entry_is_computed_on_import(signed_at: str, claimed: bool | None, late: bool) -> None:
    doc = sample()
    session = doc["sessions"][0]
    session["signed"] = {"by": "s1", "at": signed_at}
    if claimed is not None:
        session["signed"]["late"] = claimed
    dataset, problems = parse_document(doc)
    assert problems == []
    assert check_references(dataset, KnownRecords()) == []
    assert dataset.sessions[0].signature is not None
    assert dataset.sessions[0].signature.late is late


def test_late_entry_uses_the_payers_deadline(caseload) -> None:
    session = caseload.session("2026-03-02 09:00", 30, signed=False)
    thursday = caseload.at("2026-03-05 09:00")
    assert is_late_entry(session, thursday, Payer("p", "P", documentation_deadline_days=2))
    assert not is_late_entry(session, thursday, Payer("p", "P", documentation_deadline_days=3))


# ---- rule 8: audio-only telehealth ----------------------------------------------------


@pytest.mark.parametrize(
    ("telehealth", "audio_only", "payer", "expected"),
    [
        (True, False, {}, ("HN", "95")),
        (True, True, {}, ("HN", "93")),
        (True, True, {"audio_only_modifier": "FQ"}, ("HN", "FQ")),
        (True, True, {"telehealth_modifier": "GT"}, ("HN", "93")),
        (False, False, {}, ("HN",)),
    ],
)
def test_audio_only_telehealth_takes_the_payers_audio_modifier(
    caseload, telehealth: bool, audio_only: bool, payer: dict, expected: tuple
) -> None:
    session = caseload.session(
        "2026-03-02 09:00",
        30,
        telehealth=telehealth,
        audio_only=audio_only,
        pos="10" if telehealth else "18",
    )
    assert modifiers_for(session, caseload.staff["S1"], Payer("p", "P", **payer)) == expected
