"""The billing-unit engine, rule by rule (see docs: domain brief, minutes into units)."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import date

import pytest

from sessionlog.core.models import Authorization, Objective, Payer, Session
from sessionlog.core.units import (
    AGGREGATIONS,
    FLAG_DESCRIPTIONS,
    FLAG_ORDER,
    ROUNDING_RULES,
    aggregation,
    authorization_usage,
    compute_lines,
    overlapping_session_ids,
    per_diem_minimum,
    rounding_label,
    same_lines,
    service_date,
    units_for_minutes,
)

# ---- minutes -> units --------------------------------------------------------

MIDPOINT = [(0, 0), (7, 0), (8, 1), (15, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3)]
MIDPOINT += [(53, 4), (67, 4), (68, 5), (82, 5), (83, 6), (240, 16)]
DOWN = [(0, 0), (14, 0), (15, 1), (29, 1), (30, 2), (44, 2), (45, 3), (59, 3), (60, 4)]
THRESHOLD80 = [(0, 0), (11, 0), (12, 1), (26, 1), (27, 2), (41, 2), (42, 3), (60, 4)]


@pytest.mark.parametrize(
    ("rounding", "minutes", "units"),
    [("midpoint", m, u) for m, u in MIDPOINT]
    + [("down", m, u) for m, u in DOWN]
    + [("threshold80", m, u) for m, u in THRESHOLD80],
)
def test_units_for_minutes_per_rounding_rule(rounding: str, minutes: int, units: int) -> None:
    payer = Payer("p", "P", rounding=rounding)
    assert units_for_minutes(minutes, payer, "H2014") == units


def test_midpoint_is_not_pythons_round_at_22_minutes() -> None:
    # round((22 + 7) / 15) == 2 would overbill: 22 minutes is one unit.
    assert round((22 + 7) / 15) == 2
    assert units_for_minutes(22, Payer("p", "P"), "H2023") == 1


@pytest.mark.parametrize(
    ("code", "payer_minimum", "minutes", "units"),
    [
        ("H2024", None, 149, 0),  # catalog default 150
        ("H2024", None, 150, 1),
        ("H2024", None, 600, 1),
        ("H2020", None, 179, 0),  # catalog default 180
        ("H2020", None, 180, 1),
        ("H2024", 120, 119, 0),
        ("H2024", 120, 120, 1),
    ],
)
def test_units_for_minutes_per_diem(
    code: str, payer_minimum: int | None, minutes: int, units: int
) -> None:
    payer = Payer("p", "P")
    if payer_minimum is not None:
        payer.per_diem_min_minutes[code] = payer_minimum
    assert units_for_minutes(minutes, payer, code) == units


def test_unknown_rounding_is_refused_by_name() -> None:
    with pytest.raises(ValueError) as refused:
        units_for_minutes(30, Payer("p", "P", rounding="nearest"), "H2014")
    assert str(refused.value) == (
        "payer p: unknown rounding 'nearest' (known: down, midpoint, threshold80)"
    )


@pytest.mark.parametrize(
    ("rounding", "label"),
    [
        ("midpoint", "CMS 8-minute rule"),
        ("down", "whole units only"),
        ("threshold80", "80% threshold rule"),
        ("nearest", "nearest"),  # not a known rule: the setting itself, never a blank
    ],
)
def test_a_rounding_setting_is_named_as_the_packet_prints_it(rounding: str, label: str) -> None:
    """Auditors want the rule that produced the units: the packet names it this way."""
    assert rounding_label(rounding) == label


def test_unknown_aggregation_is_refused_by_name() -> None:
    with pytest.raises(ValueError) as refused:
        aggregation(Payer("p", "P", aggregate="week"))
    assert str(refused.value) == "payer p: unknown aggregate 'week' (known: day, session)"


def test_a_per_diem_code_without_any_minimum_is_refused_by_name(monkeypatch) -> None:
    from sessionlog.core import units

    catalog = dict(units.service_codes())
    catalog["H2024"] = replace(catalog["H2024"], default_per_diem_min_minutes=None)
    monkeypatch.setattr(units, "service_codes", lambda: catalog)
    with pytest.raises(ValueError) as refused:
        per_diem_minimum(Payer("p", "P"), "H2024")
    assert str(refused.value) == "per-diem code H2024 has no minimum in the payer or the catalog"


def test_an_authorization_nothing_drew_from_has_all_its_units_left() -> None:
    auth = Authorization("a1", "c1", "H2014", 40, date(2026, 1, 1), date(2026, 6, 30), "PA-1")
    [usage] = authorization_usage([], [auth])
    assert (usage.used, usage.remaining) == (0, 40)


def test_registries_hold_the_documented_variants() -> None:
    assert set(ROUNDING_RULES) == {"midpoint", "down", "threshold80"}
    assert set(AGGREGATIONS) == {"day", "session"}


# ---- minutes and date of service ----------------------------------------------


@pytest.mark.parametrize(
    ("segments", "minutes", "units", "day"),
    [
        # paused: 20 + 25 minutes, the pause does not count
        (
            [("2026-03-02 09:00", "2026-03-02 09:20"), ("2026-03-02 09:40", "2026-03-02 10:05")],
            45,
            3,
            date(2026, 3, 2),
        ),
        # seconds are summed before flooring: 7m40s + 0m30s = 8m10s -> 8 minutes -> 1 unit
        (
            [
                ("2026-03-02 09:00:00", "2026-03-02 09:07:40"),
                ("2026-03-02 09:10:00", "2026-03-02 09:10:30"),
            ],
            8,
            1,
            date(2026, 3, 2),
        ),
        # past midnight: 70 real minutes, dated the start day
        ([("2026-03-02 23:30", "2026-03-03 00:40")], 70, 5, date(2026, 3, 2)),
        # spring forward, New York 2026-03-08: 01:30 EST -> 03:30 EDT is one real hour
        ([("2026-03-08T01:30:00-05:00", "2026-03-08T03:30:00-04:00")], 60, 4, date(2026, 3, 8)),
        # fall back, New York 2026-11-01: 01:30 EDT -> 01:30 EST is one real hour
        ([("2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00")], 60, 4, date(2026, 11, 1)),
        # fall back, 00:50 EDT -> 01:10 EST is 80 real minutes (wall clock says 20)
        ([("2026-11-01T00:50:00-04:00", "2026-11-01T01:10:00-05:00")], 80, 5, date(2026, 11, 1)),
        # 21:00 in New York is already the next day in UTC: the local date counts
        ([("2026-03-02T02:00:00Z", "2026-03-02T02:30:00Z")], 30, 2, date(2026, 3, 1)),
    ],
)
def test_minutes_and_date_of_service(caseload, segments, minutes, units, day) -> None:
    caseload.authorize_everything()
    caseload.session("", segments=segments)
    line = caseload.line()
    assert (line.minutes, line.units, line.billable_units, line.date) == (
        minutes,
        units,
        units,
        day,
    )


def test_session_without_zone_is_dated_in_the_clients_zone(caseload) -> None:
    caseload.authorize_everything()
    session = caseload.session("", segments=[("2026-03-02T02:00:00Z", "2026-03-02T02:30:00Z")])
    session.timezone = ""  # not set yet: the client's New York date, not UTC's 2 March
    assert caseload.line().date == date(2026, 3, 1)


# ---- lines and aggregation --------------------------------------------------


@pytest.mark.parametrize(
    ("rounding", "aggregate", "units"),
    [
        ("midpoint", "day", 1),  # 20 minutes together
        ("midpoint", "session", 2),  # 10 -> 1, 10 -> 1
        ("down", "day", 1),
        ("down", "session", 0),  # whole units only, no daily aggregation
        ("threshold80", "day", 1),
        ("threshold80", "session", 0),
    ],
)
def test_aggregate_day_or_session(caseload, rounding: str, aggregate: str, units: int) -> None:
    caseload.payer.rounding, caseload.payer.aggregate = rounding, aggregate
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 10)
    caseload.session("2026-03-02 14:00", 10)
    line = caseload.line()
    assert (line.minutes, line.units, line.billable_units) == (20, units, units)
    assert line.rule == f"{rounding}/{aggregate}"
    assert len(line.session_ids) == 2


def test_session_aggregate_explains_each_session(caseload) -> None:
    caseload.payer.aggregate = "session"
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 10)
    caseload.session("2026-03-02 14:00", 25)
    line = caseload.line()
    assert line.units == 3
    assert line.explanation.startswith(
        "35 minutes on 2026-03-02 (10 + 25), CMS 8-minute rule per session: 3 units"
    )


def test_lines_split_by_client_date_code_modifiers_and_place(caseload) -> None:
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 30)
    caseload.session("2026-03-02 10:00", 30)  # same line as the first
    caseload.session("2026-03-03 09:00", 30)  # another date
    caseload.session("2026-03-02 11:00", 30, client="C2")  # another client
    caseload.session("2026-03-02 12:00", 30, code="H2023")  # another code
    caseload.session("2026-03-02 13:00", 30, pos="12")  # another place
    caseload.session("2026-03-02 14:00", 30, telehealth=True, pos="10")  # other modifiers
    caseload.session("2026-03-02 15:00", 30, staff="S2")  # HM instead of HN
    lines = caseload.lines()
    keys = [(ln.client_id, ln.date, ln.code, ln.modifiers, ln.place_of_service) for ln in lines]
    assert len(lines) == 7
    assert len(set(keys)) == 7
    first = next(ln for ln in lines if ln.session_ids == ("s001", "s002"))
    assert (first.minutes, first.units) == (60, 4)


def test_lines_come_out_in_chronological_order(caseload) -> None:
    caseload.authorize_everything()
    caseload.session("2026-03-05 09:00", 30)
    caseload.session("2026-03-02 09:00", 30, client="C2")
    caseload.session("2026-03-03 09:00", 30)
    assert [ln.date.day for ln in caseload.lines()] == [2, 3, 5]


# ---- modifiers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("staff", "credential_modifiers", "group_size", "telehealth", "tele_mod", "expected"),
    [
        ("S1", True, 1, False, "95", ("HN",)),
        ("S1", False, 1, False, "95", ()),
        ("S3", True, 1, False, "95", ()),  # staff without a credential modifier
        ("S1", True, 2, False, "95", ("HN", "HQ")),
        ("S1", False, 3, False, "95", ("HQ",)),
        ("S1", True, 1, True, "95", ("HN", "95")),
        ("S2", True, 4, True, "GT", ("HM", "HQ", "GT")),
        ("S1", True, 2, True, None, ("HN", "HQ")),  # payer wants no telehealth modifier
    ],
)
def test_modifiers_credential_group_telehealth_in_order(
    caseload, staff, credential_modifiers, group_size, telehealth, tele_mod, expected
) -> None:
    caseload.payer.credential_modifiers = credential_modifiers
    caseload.payer.telehealth_modifier = tele_mod
    caseload.authorize_everything()
    caseload.session(
        "2026-03-02 09:00", 30, staff=staff, group_size=group_size, telehealth=telehealth
    )
    line = caseload.line()
    assert line.modifiers == expected
    assert line.staff_ids == (staff,)


# ---- per diem ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "minimum", "session_minutes", "units", "flags"),
    [
        ("H2024", None, [160], 1, ()),
        ("H2024", None, [140], 0, ("below-per-diem-minimum",)),
        ("H2024", None, [80, 80], 1, ()),  # the day's minutes add up
        ("H2024", None, [400], 1, ()),  # never more than one
        ("H2024", 200, [160], 0, ("below-per-diem-minimum",)),  # payer minimum wins
        ("H2020", None, [170], 0, ("below-per-diem-minimum",)),  # catalog default 180
        ("H2020", 120, [130], 1, ()),
    ],
)
def test_per_diem_minimum(caseload, code, minimum, session_minutes, units, flags) -> None:
    if minimum is not None:
        caseload.payer.per_diem_min_minutes[code] = minimum
    caseload.authorize_everything()
    for i, minutes in enumerate(session_minutes):
        caseload.session(f"2026-03-02 {8 + i * 4:02d}:00", minutes, code=code)
    line = caseload.line()
    assert (line.units, line.billable_units, line.flags) == (units, units, flags)
    assert line.rule.startswith("per-diem/")


@pytest.mark.parametrize(("minutes", "units"), [(149, 0), (150, 1)])
def test_per_diem_day_of_exactly_the_minimum_bills_one_unit(caseload, minutes, units) -> None:
    caseload.authorize_everything()  # H2024: catalog minimum 150 minutes
    caseload.session("2026-03-02 08:00", minutes - 50, code="H2024")
    caseload.session("2026-03-02 13:00", 50, code="H2024")
    line = caseload.line()
    assert (line.minutes, line.units, line.billable_units) == (minutes, units, units)
    relation = "reaches" if units else "is below"
    assert f"{minutes} minutes on 2026-03-02 {relation} the per-diem minimum of 150" in (
        line.explanation
    )


def test_per_diem_never_more_than_one_a_day_across_modifier_sets(caseload) -> None:
    caseload.authorize_everything()
    caseload.session("2026-03-02 08:00", 160, code="H2024")
    caseload.session("2026-03-02 13:00", 160, code="H2024", telehealth=True, pos="10")
    caseload.session("2026-03-03 08:00", 160, code="H2024")  # next day bills again
    lines = caseload.lines()
    same_day = [ln for ln in lines if ln.date == date(2026, 3, 2)]
    # The day's one unit sits on the line with the most minutes (a tie: the earlier).
    assert [(ln.units, ln.billable_units) for ln in same_day] == [(1, 1), (0, 0)]
    assert same_day[1].flags == ()
    assert "the day's unit is on the line with the most minutes" in same_day[1].explanation
    assert [ln.billable_units for ln in lines if ln.date == date(2026, 3, 3)] == [1]


def test_per_diem_unit_on_a_draft_line_waits_for_its_signature(caseload) -> None:
    caseload.authorize_everything()
    caseload.session("2026-03-02 08:00", 160, code="H2024", signed=False)
    caseload.session("2026-03-02 13:00", 160, code="H2024", telehealth=True, pos="10")
    draft, signed = caseload.lines()
    # The unit is the day's, on the earlier of two equal lines: held until it is signed.
    assert (draft.units, draft.billable_units, draft.billable_if_signed) == (1, 0, 1)
    assert "unsigned" in draft.flags
    assert (signed.units, signed.billable_units) == (0, 0)


# Same-day per-diem conflict: (local start, minutes, code, signed, client) per session;
# expected (client, day, code, billable, billable_if_signed, flags) per line, in order.
CONFLICT = "per-diem-conflict"
PER_DIEM_CONFLICT_CASES = {
    "lower code wins between signed lines, whatever the clock order": (
        [("08:00", 160, "H2024", True, "C1"), ("13:00", 190, "H2020", True, "C1")],
        [("C1", 2, "H2024", 0, 0, (CONFLICT,)), ("C1", 2, "H2020", 1, 1, ())],
    ),
    "a signed line wins over a lower-coded draft": (
        [("08:00", 190, "H2020", False, "C1"), ("13:00", 160, "H2024", True, "C1")],
        [("C1", 2, "H2020", 0, 0, ("unsigned", CONFLICT)), ("C1", 2, "H2024", 1, 1, ())],
    ),
    "two drafts: each alone would bill, other notes as they are": (
        [("08:00", 190, "H2020", False, "C1"), ("13:00", 160, "H2024", False, "C1")],
        [("C1", 2, "H2020", 0, 1, ("unsigned",)), ("C1", 2, "H2024", 0, 1, ("unsigned",))],
    ),
    "below the minimum bills nothing, so no conflict": (
        [("08:00", 170, "H2020", True, "C1"), ("13:00", 160, "H2024", True, "C1")],
        [
            ("C1", 2, "H2020", 0, 0, ("below-per-diem-minimum",)),
            ("C1", 2, "H2024", 1, 1, ()),
        ],
    ),
    "other client: no conflict": (
        [("08:00", 190, "H2020", True, "C1"), ("13:00", 160, "H2024", True, "C2")],
        [("C1", 2, "H2020", 1, 1, ()), ("C2", 2, "H2024", 1, 1, ())],
    ),
    "another client's 15-minute line first that day: the rule still holds": (
        [
            ("07:00", 30, "H2014", True, "C2"),
            ("08:00", 160, "H2024", True, "C1"),
            ("13:00", 190, "H2020", True, "C1"),
        ],
        [
            ("C2", 2, "H2014", 2, 2, ()),
            ("C1", 2, "H2024", 0, 0, (CONFLICT,)),
            ("C1", 2, "H2020", 1, 1, ()),
        ],
    ),
    "a 15-minute code beside a per diem: no conflict": (
        [("08:00", 60, "H2014", True, "C1"), ("13:00", 160, "H2024", True, "C1")],
        [("C1", 2, "H2014", 4, 4, ()), ("C1", 2, "H2024", 1, 1, ())],
    ),
}


@pytest.mark.parametrize(
    ("sessions", "expected"),
    list(PER_DIEM_CONFLICT_CASES.values()),
    ids=list(PER_DIEM_CONFLICT_CASES),
)
def test_one_per_diem_code_a_day(caseload, sessions, expected) -> None:
    caseload.authorize_everything()
    for start, minutes, code, signed, client in sessions:
        caseload.session(f"2026-03-02 {start}", minutes, code=code, signed=signed, client=client)
    got = [
        (ln.client_id, ln.date.day, ln.code, ln.billable_units, ln.billable_if_signed, ln.flags)
        for ln in caseload.lines()
    ]
    assert got == expected


def test_per_diem_conflict_explains_and_draws_nothing(caseload) -> None:
    caseload.auth(5, "2026-03-01", "2026-03-31", code="H2024", number="PA-24")
    caseload.auth(5, "2026-03-01", "2026-03-31", code="H2020", number="PA-20")
    caseload.session("2026-03-02 08:00", 160, code="H2024")
    caseload.session("2026-03-02 13:00", 190, code="H2020")
    caseload.session("2026-03-03 08:00", 160, code="H2024")  # next day: bills again
    lost, won, next_day = caseload.lines()
    assert "per-diem code H2020 bills this day" in lost.explanation
    assert lost.explanation.endswith("0 billable")
    assert lost.authorization_draws == ()
    assert [ln.billable_units for ln in (won, next_day)] == [1, 1]
    usage = {
        u.authorization.number: u.used
        for u in authorization_usage([lost, won, next_day], caseload.authorizations)
    }
    assert usage == {"PA-24": 1, "PA-20": 1}


def test_a_per_diem_line_explains_the_minimum_and_its_unit(caseload) -> None:
    caseload.auth(5, "2026-03-01", "2026-03-31", code="H2024", number="PA-24")
    caseload.session("2026-03-02 08:00", 160, code="H2024")
    assert caseload.line().explanation == (
        "160 minutes on 2026-03-02 reaches the per-diem minimum of 150: 1 unit; "
        "authorization PA-24 has 5 left: 1 billable"
    )


def test_a_per_diem_day_is_shared_across_lines_whatever_the_aggregation(caseload) -> None:
    caseload.payer.aggregate = "session"  # per-diem minutes always add up over the day
    caseload.auth(5, "2026-03-01", "2026-03-31", code="H2024", number="PA-24")
    caseload.session("2026-03-02 08:00", 100, code="H2024")
    caseload.session("2026-03-02 13:00", 60, code="H2024", pos="12")
    day = "on 2026-03-02 (160 minutes that day across 2 lines) reaches the per-diem minimum"
    assert [ln.explanation for ln in caseload.lines()] == [
        f"100 minutes {day} of 150: 1 unit; authorization PA-24 has 5 left: 1 billable",
        f"60 minutes {day} of 150: the day's unit is on the line with the most minutes, "
        "0 units; 0 billable",
    ]


def test_a_per_diem_line_losing_to_its_rival_leaves_its_daily_maximum_unused(caseload) -> None:
    caseload.payer.daily_max_units["H2024"] = 1
    caseload.auth(5, "2026-03-01", "2026-03-31", code="H2024", number="PA-24")
    caseload.auth(5, "2026-03-01", "2026-03-31", code="H2020", number="PA-20")
    caseload.session("2026-03-02 08:00", 160, code="H2024")
    caseload.session("2026-03-02 13:00", 190, code="H2020")
    lost, won = caseload.lines()
    assert (lost.billable_units, won.billable_units) == (0, 1)
    assert "per-diem code H2020 bills this day" in lost.explanation
    assert "daily maximum" not in lost.explanation  # the day's one H2024 unit is still free


def test_per_diem_without_authorization_does_not_block_the_other_code(caseload) -> None:
    caseload.auth(5, "2026-03-01", "2026-03-31", code="H2024")
    caseload.session("2026-03-02 08:00", 190, code="H2020")  # no authorization: bills 0
    caseload.session("2026-03-02 13:00", 160, code="H2024")
    got = [(ln.code, ln.billable_units, ln.flags) for ln in caseload.lines()]
    assert got == [("H2020", 0, ("no-authorization",)), ("H2024", 1, ())]


def test_every_line_of_the_losing_per_diem_code_is_flagged(caseload) -> None:
    caseload.authorize_everything()
    caseload.session("2026-03-02 07:00", 160, code="H2024")
    caseload.session("2026-03-02 10:00", 160, code="H2024", telehealth=True, pos="10")
    caseload.session("2026-03-02 13:00", 190, code="H2020")
    got = [(ln.code, ln.billable_units, ln.flags) for ln in caseload.lines()]
    # H2024's day unit is on its first line (equal minutes: the earlier); that line loses
    # to H2020, and the other H2024 line has no unit to lose.
    assert got == [("H2024", 0, (CONFLICT,)), ("H2024", 0, ()), ("H2020", 1, ())]


# ---- daily maximum ------------------------------------------------------------------


def test_daily_max_caps_one_line(caseload) -> None:
    caseload.payer.daily_max_units["H2014"] = 4
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 90)
    line = caseload.line()
    assert (line.units, line.billable_units, line.flags) == (6, 4, ("daily-max",))
    assert line.explanation.endswith(
        "daily maximum 4 units leaves 4, authorization PA-1 has 10000 left: 4 billable"
    )


def test_daily_max_is_shared_by_the_days_lines_and_resets_next_day(caseload) -> None:
    caseload.payer.daily_max_units["H2014"] = 4
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 45)  # 3 units
    caseload.session("2026-03-02 13:00", 30, telehealth=True, pos="10")  # 2 units, 1 left
    caseload.session("2026-03-02 15:00", 30, client="C2")  # another client: own maximum
    caseload.session("2026-03-03 09:00", 60)  # next day: 4 again
    got = [(ln.client_id, ln.date.day, ln.billable_units, ln.flags) for ln in caseload.lines()]
    assert got == [
        ("C1", 2, 3, ()),
        ("C1", 2, 1, ("daily-max",)),
        ("C2", 2, 2, ()),
        ("C1", 3, 4, ()),
    ]


def test_draft_preview_sees_the_daily_maximum_already_used(caseload) -> None:
    caseload.payer.daily_max_units["H2014"] = 4
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 45)  # signed: 3 units, 1 left today
    caseload.session("2026-03-02 13:00", 30, signed=False, telehealth=True, pos="10")  # 2
    caseload.session("2026-03-02 15:00", 15, pos="12")  # signed: 1 unit, still 1 left
    signed, draft, later = caseload.lines()
    assert (signed.billable_units, signed.flags) == (3, ())
    assert (draft.units, draft.billable_units, draft.billable_if_signed) == (2, 0, 1)
    assert draft.flags == ("unsigned", "daily-max")
    assert draft.explanation.endswith(
        "once signed, daily maximum 4 units leaves 1, authorization PA-1 has 9997 left: 1 billable"
    )
    # the draft's preview took nothing from the day: the signed line after it bills its unit
    assert (later.billable_units, later.flags) == (1, ())


def test_daily_max_for_another_code_does_not_apply(caseload) -> None:
    caseload.payer.daily_max_units["H2023"] = 1
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 90)
    assert caseload.line().billable_units == 6


# ---- authorizations ------------------------------------------------------------------


def test_authorization_exhausted_across_several_days(caseload) -> None:
    caseload.auth(5, "2026-03-01", "2026-03-31", number="PA-778")
    # given out of order: the draw-down still follows the calendar
    caseload.session("2026-03-04 09:00", 45)
    caseload.session("2026-03-03 09:00", 38)
    caseload.session("2026-03-02 09:00", 45)
    lines = caseload.lines()
    got = [(ln.date.day, ln.units, ln.billable_units, ln.flags) for ln in lines]
    assert got == [
        (2, 3, 3, ()),
        (3, 3, 2, ("authorization-exceeded",)),
        (4, 3, 0, ("authorization-exceeded",)),
    ]
    assert lines[1].explanation == (
        "38 minutes on 2026-03-03, CMS 8-minute rule: 3 units; "
        "authorization PA-778 has 2 left: 2 billable"
    )
    assert lines[2].explanation.endswith("authorization PA-778 has 0 left: 0 billable")
    assert all(ln.authorization_number == "PA-778" for ln in lines)
    [usage] = authorization_usage(lines, caseload.authorizations)
    assert (usage.used, usage.remaining) == (5, 0)


def test_authorization_must_cover_code_and_date(caseload) -> None:
    caseload.auth(50, "2026-03-01", "2026-03-31", code="H2023")  # other code
    caseload.auth(50, "2026-04-01", "2026-04-30")  # other dates
    caseload.auth(50, "2026-03-01", "2026-03-31", client="C2")  # other client
    caseload.session("2026-03-02 09:00", 30)
    line = caseload.line()
    assert (line.units, line.billable_units, line.flags) == (2, 0, ("no-authorization",))
    assert line.authorization_id is None
    assert line.explanation.endswith("no authorization for H2014 covers 2026-03-02: 0 billable")


def test_authorization_dates_are_inclusive(caseload) -> None:
    caseload.auth(50, "2026-03-02", "2026-03-02")
    caseload.session("2026-03-02 23:50", 30)  # runs past midnight, dated the 2nd
    assert caseload.line().billable_units == 2


def test_earliest_starting_authorization_first_then_spill(caseload) -> None:
    later = caseload.auth(10, "2026-03-02", "2026-03-31", number="PA-LATER")
    earlier = caseload.auth(2, "2026-02-15", "2026-03-15", number="PA-EARLY")
    caseload.session("2026-03-05 09:00", 45)
    caseload.session("2026-03-06 09:00", 45)
    first_early, first_later, second = caseload.lines()
    # The first day spills into the later authorization: one claim line per number.
    assert [(ln.billable_units, ln.authorization_number) for ln in (first_early, first_later)] == [
        (2, "PA-EARLY"),
        (1, "PA-LATER"),
    ]
    assert first_early.authorization_draws == ((earlier.id, 2),)
    assert first_later.authorization_draws == ((later.id, 1),)
    assert first_early.minutes + first_later.minutes == 45
    assert "PA-EARLY has 2 left and PA-LATER has 10 left: 3 billable" in first_early.explanation
    assert second.authorization_draws == ((later.id, 3),)
    assert second.authorization_number == "PA-LATER"
    usage = {
        u.authorization.number: (u.used, u.remaining)
        for u in authorization_usage(caseload.lines(), caseload.authorizations)
    }
    assert usage == {"PA-EARLY": (2, 0), "PA-LATER": (4, 6)}


def test_a_line_split_over_authorizations_keeps_the_unbilled_units_on_its_last_part(
    caseload,
) -> None:
    caseload.auth(2, "2026-03-01", "2026-03-31", number="PA-A")
    caseload.auth(1, "2026-03-02", "2026-03-31", number="PA-B")
    caseload.session("2026-03-05 09:00", 75)  # 5 units: 2 + 1 drawn, 2 over
    head = (
        "75 minutes on 2026-03-05, CMS 8-minute rule: 5 units; authorization PA-A has 2 left "
        "and PA-B has 1 left: 3 billable; "
    )
    assert [
        (ln.units, ln.billable_units, ln.minutes, ln.flags, ln.explanation)
        for ln in caseload.lines()
    ] == [
        (2, 2, 30, (), head + "claim line 1 of 2: 2 units on authorization PA-A"),
        (
            3,
            1,
            45,
            ("authorization-exceeded",),
            head + "claim line 2 of 2: 1 unit on authorization PA-B",
        ),
    ]


def test_of_three_parts_only_the_last_carries_the_units_not_billed(caseload) -> None:
    for number, start in (("PA-A", "2026-03-01"), ("PA-B", "2026-03-02"), ("PA-C", "2026-03-03")):
        caseload.auth(1, start, "2026-03-31", number=number)
    caseload.session("2026-03-05 09:00", 75)  # 5 units: 1 from each, 2 over
    assert [
        (ln.authorization_number, ln.units, ln.billable_units, ln.minutes, ln.flags)
        for ln in caseload.lines()
    ] == [
        ("PA-A", 1, 1, 15, ()),
        ("PA-B", 1, 1, 15, ()),
        ("PA-C", 3, 1, 45, ("authorization-exceeded",)),
    ]


@pytest.mark.parametrize(
    ("aggregate", "sessions", "explanations"),
    [
        (
            "session",
            [("2026-03-05 09:00", {})],
            ["10 minutes on 2026-03-05, CMS 8-minute rule: 1 unit; {auth}: 1 billable"],
        ),
        (
            "session",
            [("2026-03-05 09:00", {}), ("2026-03-05 13:00", {})],
            [
                "20 minutes on 2026-03-05 (10 + 10), CMS 8-minute rule per session: 2 units; "
                "{auth}: 2 billable"
            ],
        ),
        (
            "day",
            [("2026-03-05 09:00", {}), ("2026-03-05 13:00", {})],
            ["20 minutes on 2026-03-05, CMS 8-minute rule: 1 unit; {auth}: 1 billable"],
        ),
        (
            "day",
            [("2026-03-05 09:00", {}), ("2026-03-05 13:00", {"pos": "12"})],
            [
                "10 minutes on 2026-03-05 (20 minutes that day across 2 lines), CMS 8-minute "
                "rule: 1 unit for the day, 1 on this line by share of minutes; "
                "{auth}: 1 billable",
                "10 minutes on 2026-03-05 (20 minutes that day across 2 lines), CMS 8-minute "
                "rule: 1 unit for the day, 0 on this line by share of minutes; 0 billable",
            ],
        ),
    ],
)
def test_the_explanation_says_how_the_minutes_were_rounded(
    caseload, aggregate, sessions, explanations
) -> None:
    caseload.payer.aggregate = aggregate
    caseload.auth(50, "2026-03-01", "2026-03-31")
    for start, extra in sessions:
        caseload.session(start, 10, **extra)
    auth = "authorization PA-1 has 50 left"
    assert [ln.explanation for ln in caseload.lines()] == [
        e.format(auth=auth) for e in explanations
    ]


def test_a_held_line_keeps_its_other_flags_and_says_why_it_is_held(caseload) -> None:
    caseload.session("2027-01-05 09:00", 30)  # after every plan, and no authorization
    line = caseload.line()
    assert line.flags == ("outside-plan", "no-authorization")
    assert line.explanation == (
        "30 minutes on 2027-01-05, CMS 8-minute rule: 2 units; "
        "held: no treatment plan in force on 2027-01-05: 0 billable"
    )


def test_a_line_of_no_units_says_so_without_an_authorization_clause(caseload) -> None:
    caseload.auth(50, "2026-03-01", "2026-03-31")
    caseload.session("2026-03-02 09:00", 5)
    assert caseload.line().explanation == (
        "5 minutes on 2026-03-02, CMS 8-minute rule: 0 units; 0 billable"
    )


def test_a_session_without_segments_has_no_date_of_service(caseload) -> None:
    session = caseload.session("2026-03-02 09:00", 30)
    empty = replace(session, segments=[])
    with pytest.raises(ValueError) as refused:
        service_date(empty, caseload.clients["C1"])
    assert str(refused.value) == f"session {session.id} has no segment"


def test_with_every_covering_authorization_used_up_only_the_first_is_named(caseload) -> None:
    caseload.auth(0, "2026-03-01", "2026-03-31", number="PA-A")
    caseload.auth(0, "2026-03-02", "2026-03-31", number="PA-B")
    caseload.session("2026-03-05 09:00", 30)
    assert caseload.line().explanation == (
        "30 minutes on 2026-03-05, CMS 8-minute rule: 2 units; "
        "authorization PA-A has 0 left: 0 billable"
    )


def test_zero_unit_authorization_is_exceeded_not_missing(caseload) -> None:
    caseload.auth(0, "2026-03-01", "2026-03-31")
    caseload.session("2026-03-02 09:00", 30)
    line = caseload.line()
    assert (line.billable_units, line.flags) == (0, ("authorization-exceeded",))


# ---- signatures and running timers --------------------------------------------------


def test_unsigned_session_shows_units_but_bills_nothing_and_draws_nothing(caseload) -> None:
    caseload.auth(3, "2026-03-01", "2026-03-31", number="PA-9")
    caseload.session("2026-03-02 09:00", 45, signed=False)
    caseload.session("2026-03-03 09:00", 45)
    draft, signed = caseload.lines()
    assert (draft.units, draft.billable_units, draft.billable_if_signed) == (3, 0, 3)
    assert draft.flags == ("unsigned",)
    assert draft.authorization_draws == ()
    assert draft.authorization_number == "PA-9"
    assert draft.explanation == (
        "45 minutes on 2026-03-02, CMS 8-minute rule: 3 units; not signed: 0 billable now; "
        "once signed, authorization PA-9 has 3 left: 3 billable"
    )
    assert (signed.billable_units, signed.flags) == (3, ())
    [usage] = authorization_usage([draft, signed], caseload.authorizations)
    assert (usage.used, usage.remaining) == (3, 0)


def test_if_signed_keeps_other_notes_as_they_are(caseload) -> None:
    caseload.auth(4, "2026-03-01", "2026-03-31", number="PA-4")
    caseload.session("2026-03-02 09:00", 45, signed=False)  # 3 units, draft
    caseload.session("2026-03-03 09:00", 30)  # 2 units, signed
    caseload.session("2026-03-04 09:00", 45, signed=False)  # 3 units, draft
    first, signed, last = caseload.lines()
    # each draft is priced as if only it were signed; the signed line is untouched
    assert (first.billable_units, first.billable_if_signed) == (0, 3)
    assert (signed.billable_units, signed.billable_if_signed) == (2, 2)
    assert (last.billable_units, last.billable_if_signed) == (0, 2)
    assert last.flags == ("unsigned", "authorization-exceeded")
    assert last.explanation.endswith("once signed, authorization PA-4 has 2 left: 2 billable")


def test_draft_flags_warn_what_signing_will_meet(caseload) -> None:
    caseload.session("2026-03-02 09:00", 45, signed=False)  # no authorization at all
    line = caseload.line()
    assert line.flags == ("unsigned", "no-authorization")
    assert line.billable_if_signed == 0


def test_partly_signed_line_is_held_whole(caseload) -> None:
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 23)
    caseload.session("2026-03-02 14:00", 15, signed=False)
    line = caseload.line()
    assert (line.minutes, line.units, line.billable_units, line.billable_if_signed) == (
        38,
        3,
        0,
        3,
    )
    assert line.authorization_draws == ()
    assert "1 of 2 sessions not signed, the whole line waits: 0 billable now" in line.explanation


def test_running_session_excluded_without_now_counted_with_it(caseload) -> None:
    caseload.authorize_everything()
    caseload.session("", segments=[("2026-03-02 09:00", None)])
    assert caseload.lines() == []
    line = caseload.line(now=caseload.at("2026-03-02 09:38"))
    assert (line.minutes, line.units, line.billable_units, line.billable_if_signed) == (
        38,
        3,
        0,
        3,
    )
    assert line.flags == ("unsigned", "running")
    assert line.explanation.startswith("38 minutes so far on 2026-03-02")


def test_paused_running_session_counts_only_timed_segments(caseload) -> None:
    caseload.authorize_everything()
    caseload.session(
        "",
        segments=[("2026-03-02 09:00", "2026-03-02 09:20"), ("2026-03-02 10:00", None)],
    )
    assert caseload.line(now=caseload.at("2026-03-02 10:05")).minutes == 25


def test_naive_now_is_refused(caseload) -> None:
    with pytest.raises(ValueError) as refused:
        caseload.lines(now=caseload.at("2026-03-02 10:00").replace(tzinfo=None))
    assert str(refused.value) == "now must be timezone-aware"


# ---- overlap ------------------------------------------------------------------------


def test_overlap_same_staff_individual_sessions_any_client(caseload) -> None:
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 60)
    caseload.session("2026-03-02 09:30", 60, client="C2")
    caseload.session("2026-03-03 09:30", 30)  # clean, next day
    lines = caseload.lines()
    assert [("overlap" in ln.flags) for ln in lines] == [True, True, False]
    # a flag, not a cap: the clerk decides which record is wrong
    assert [ln.billable_units for ln in lines] == [4, 4, 2]
    assert lines[0].explanation.endswith("; overlaps another session of the same staff member")


@pytest.mark.parametrize(
    ("second", "overlap"),
    [
        ({"start": "2026-03-02 10:00", "minutes": 30}, False),  # touching is fine
        ({"start": "2026-03-02 09:59", "minutes": 30}, True),
        ({"start": "2026-03-02 09:30", "minutes": 20, "staff": "S2"}, False),  # other staff
        # the coach's own group session, during an individual one
        ({"start": "2026-03-02 09:30", "minutes": 20, "group_size": 3}, True),
    ],
)
def test_overlap_cases(caseload, second: dict, overlap: bool) -> None:
    caseload.session("2026-03-02 09:00", 60)
    # read, never pop: the parameters are shared by every run of this test in the process
    options = {k: v for k, v in second.items() if k not in ("start", "minutes")}
    caseload.session(second["start"], second["minutes"], client="C2", **options)
    assert bool(overlapping_session_ids(caseload.sessions)) is overlap


def test_group_session_listed_first_does_not_hide_later_overlaps(caseload) -> None:
    # the attendees' copies of one group visit are exempt from each other...
    caseload.session("2026-03-02 08:00", 60, group_size=2, group_id="g1", sid="g-c1")
    caseload.session("2026-03-02 08:00", 60, group_size=2, group_id="g1", client="C2", sid="g-c2")
    # ...and the two individual sessions after them still overlap each other
    caseload.session("2026-03-02 09:00", 60, sid="a")
    caseload.session("2026-03-02 09:30", 60, client="C2", sid="b")
    assert overlapping_session_ids(caseload.sessions) == {"a", "b"}


def test_zero_length_segment_overlaps_nothing(caseload) -> None:
    caseload.session("2026-03-02 09:00", 60)
    caseload.session("", segments=[("2026-03-02 09:30", "2026-03-02 09:30")], client="C2")
    assert overlapping_session_ids(caseload.sessions) == set()


def test_a_pause_is_not_an_overlap(caseload) -> None:
    caseload.session(
        "",
        segments=[
            ("2026-03-02 09:00", "2026-03-02 09:30"),
            ("2026-03-02 10:00", "2026-03-02 10:30"),
        ],
    )
    caseload.session("2026-03-02 09:30", 30, client="C2")
    assert overlapping_session_ids(caseload.sessions) == set()


def test_running_session_overlaps_up_to_now(caseload) -> None:
    caseload.session("", segments=[("2026-03-02 09:00", None)])
    caseload.session("2026-03-02 09:30", 20, client="C2")
    assert overlapping_session_ids(caseload.sessions) == set()
    now = caseload.at("2026-03-02 09:40")
    assert overlapping_session_ids(caseload.sessions, now) == {"s001", "s002"}


def test_running_session_is_flagged_as_overlapping_on_its_line(caseload) -> None:
    caseload.authorize_everything()
    caseload.session("", segments=[("2026-03-02 09:00", None)])
    caseload.session("2026-03-02 09:30", 20, client="C2")
    lines = caseload.lines(now=caseload.at("2026-03-02 09:40"))
    assert [(ln.client_id, "overlap" in ln.flags) for ln in lines] == [("C1", True), ("C2", True)]
    assert lines[0].flags == ("unsigned", "running", "overlap")


# ---- contract ---------------------------------------------------------------------


def test_every_flag_is_described_in_plain_words() -> None:
    assert set(FLAG_DESCRIPTIONS) == set(FLAG_ORDER)
    assert all(len(text.split()) >= 8 for text in FLAG_DESCRIPTIONS.values())


def test_missing_reference_data_is_named(caseload) -> None:
    caseload.session("2026-03-02 09:00", 30, client="C2")
    del caseload.clients["C2"]
    with pytest.raises(ValueError, match="client 'C2' not given"):
        caseload.lines()


def test_session_without_segments_is_left_out(caseload) -> None:
    caseload.session("2026-03-02 09:00", 30).segments.clear()
    assert caseload.lines() == []


def test_explanations_carry_no_client_name(caseload) -> None:
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 30, signed=False)
    caseload.session("2026-03-02 09:10", 30, client="C2")
    for line in caseload.lines():
        assert "Client" not in line.explanation


def test_compute_lines_accepts_any_iterables(caseload) -> None:
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 30)
    lines = compute_lines(
        iter(caseload.sessions),
        clients=caseload.clients,
        staff=caseload.staff,
        payers=caseload.payers,
        authorizations=iter(caseload.authorizations),
        plans=iter(caseload.plans),
    )
    assert lines[0].billable_units == 2


def test_a_line_held_for_two_reasons_names_both_in_order(caseload) -> None:
    """Each documentation hold is named, so the coach fixes the note once, not twice."""
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 30, objectives=(), telehealth=True, pos="18")
    line = caseload.line()
    assert {"no-objective", "telehealth-pos"} <= set(line.flags)
    assert line.billable_units == 0
    assert line.explanation == (
        "30 minutes on 2026-03-02, CMS 8-minute rule: 2 units; held: the note of session "
        "s001 addresses no objective of the treatment plan; a telehealth session with "
        "in-person place of service 18 (use 02 or 10): 0 billable"
    )


def test_a_held_draft_keeps_its_hold_beside_unsigned(caseload) -> None:
    """A draft's flags say what blocks it besides the missing signature."""
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 30, objectives=(), signed=False)
    assert set(caseload.line().flags) >= {"unsigned", "no-objective"}


def test_a_segment_over_twelve_hours_is_flagged_and_said(caseload) -> None:
    caseload.authorize_everything()
    caseload.session("2026-03-02 06:00", 13 * 60)
    line = caseload.line()
    assert "long-session" in line.flags
    assert line.explanation.endswith("; a segment is longer than 12 hours")


def test_a_line_names_the_authorization_it_draws_from(caseload) -> None:
    """The claim line carries the prior-authorization it was billed against (REF*G1)."""
    drawn = caseload.auth(50, "2026-03-01", "2026-03-31", number="PA-778")
    caseload.session("2026-03-02 09:00", 30)
    line = caseload.line()
    assert (line.authorization_id, line.authorization_number) == (drawn.id, "PA-778")


def test_a_client_with_no_plan_at_all_is_held_not_a_crash(caseload) -> None:
    caseload.authorize_everything()
    caseload.plans = [p for p in caseload.plans if p.client_id != "C2"]
    caseload.session("2026-03-02 09:00", 30, client="C2")
    line = caseload.line()
    assert "outside-plan" in line.flags and line.billable_units == 0


def test_a_missing_payer_or_staff_member_is_named(caseload) -> None:
    """The engine is given the records it needs; one left out is named, not a KeyError."""
    session = caseload.session("2026-03-02 09:00", 30)
    with pytest.raises(ValueError) as no_payer:
        caseload.payers = {}
        caseload.lines()
    assert str(no_payer.value) == "client C1: payer 'medicaid' not given"
    caseload.payers = {caseload.payer.id: caseload.payer}
    caseload.staff = {}
    with pytest.raises(ValueError) as no_staff:
        caseload.lines()
    assert str(no_staff.value) == f"session {session.id}: staff 'S1' not given"


def test_attendees_of_a_group_without_a_group_id_are_one_visit(caseload) -> None:
    """Older group notes carry no group id: attendees starting together are one visit,
    so their copies do not overlap each other; another group later that hour does."""
    caseload.authorize_everything()
    caseload.session("2026-03-02 09:00", 60, group_size=2)
    caseload.session("2026-03-02 09:00", 60, group_size=2, client="C2")
    caseload.session("2026-03-02 09:30", 60, group_size=2)
    assert [("overlap" in ln.flags) for ln in caseload.lines()] == [True, True]
    caseload.sessions.pop()
    assert not any("overlap" in ln.flags for ln in caseload.lines())


# ---- which writes move billing (the note's live preview) --------------------------

# What billing never reads: a save that changes only these leaves every line as it was.
WORDS = {
    "intervention": "Modeled the route.",
    "response": "Walked it with one prompt.",
    "plan": "Fade the prompt.",
    "note": "Met at the worksite.",
    "manual_reason": "Forgot to start the timer.",
}


def test_a_change_of_words_alone_keeps_the_same_lines(caseload) -> None:
    caseload.authorize_everything()
    draft = caseload.session("2026-03-02 09:00", 40, signed=False)
    before = caseload.lines()
    for name, text in WORDS.items():
        worded = replace(draft, **{name: text})
        assert same_lines(draft, worded), name
        caseload.sessions[-1] = worded
        assert caseload.lines() == before, name
    # The form lists ticked objectives in screen order, the store in the plan's.
    caseload.plans[0].goals[0].objectives.append(Objective("O2", "Ask for help"))
    both = replace(draft, objective_ids=["O1", "O2"])
    assert same_lines(both, replace(draft, objective_ids=["O2", "O1"]))


def test_a_change_of_anything_billing_reads_is_not_the_same_lines(caseload) -> None:
    """Every field of a session is either words (above) or read by billing: a field
    added to Session must be placed on one side or the other."""
    draft = caseload.session("2026-03-02 09:00", 40, signed=False)
    other = caseload.session("2026-03-03 10:00", 20, signed=True, client="C2")
    changed = {
        "client_id": "C2",
        "staff_id": "S2",
        "code": "H2023",
        "segments": other.segments,
        "place_of_service": "53",
        "telehealth": True,
        "audio_only": True,
        "group_size": 3,
        "group_id": "g1",
        "objective_ids": [],
        "signature": other.signature,
        "timezone": "America/Chicago",
        "void_reason": "Timed by mistake.",
    }
    unread = {"id", "addenda", "cosignature", *WORDS}
    fields = {f.name for f in dataclasses.fields(Session)}
    assert fields - unread == changed.keys()
    for name, value in changed.items():
        assert not same_lines(draft, replace(draft, **{name: value})), name
