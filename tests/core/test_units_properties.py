"""Properties of the unit engine that must hold for any caseload."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sessionlog.core.catalog import service_codes
from sessionlog.core.models import (
    Authorization,
    Client,
    Goal,
    Objective,
    Payer,
    Segment,
    Session,
    Signature,
    Staff,
    TreatmentPlan,
    UnitKind,
)
from sessionlog.core.units import (
    AGGREGATIONS,
    ROUNDING_RULES,
    authorization_usage,
    compute_lines,
    is_per_diem,
    units_for_minutes,
)

CODES = ["H2014", "H2023", "H2020", "H2024"]
PER_DIEM_CODES = [c for c, sc in service_codes().items() if sc.unit == UnitKind.PER_DIEM]
BASE = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)  # 08:00 in New York

payers = st.builds(
    Payer,
    id=st.just("p"),
    name=st.just("Payer"),
    rounding=st.sampled_from(sorted(ROUNDING_RULES)),
    aggregate=st.sampled_from(sorted(AGGREGATIONS)),
    per_diem_min_minutes=st.dictionaries(
        st.sampled_from(PER_DIEM_CODES), st.integers(0, 400), max_size=2
    ),
    daily_max_units=st.dictionaries(st.sampled_from(CODES), st.integers(0, 20), max_size=4),
    max_group_size=st.dictionaries(st.sampled_from(CODES), st.integers(1, 6), max_size=2),
    credential_modifiers=st.booleans(),
    telehealth_modifier=st.sampled_from(["95", "GT", None]),
)


@st.composite
def sessions(draw: st.DrawFn, index: int) -> Session:
    day = draw(st.integers(0, 4))
    offset = draw(st.integers(0, 14 * 60))
    start = BASE + timedelta(days=day, minutes=offset)
    segments: list[Segment] = []
    for _ in range(draw(st.integers(1, 3))):
        seconds = draw(st.integers(0, 4 * 3600))
        segments.append(Segment(start, start + timedelta(seconds=seconds)))
        start += timedelta(seconds=seconds + draw(st.integers(0, 3600)))
    signed = draw(st.booleans())
    staff_id = draw(st.sampled_from(["S1", "S2"]))
    telehealth = draw(st.booleans())
    # Mostly a place of service that fits, sometimes one that holds the line.
    places = ["02", "10", "18"] if telehealth else ["18", "12", "02"]
    return Session(
        id=f"s{index:03d}",
        client_id=draw(st.sampled_from(["C1", "C2"])),
        staff_id=staff_id,
        code=draw(st.sampled_from(CODES)),
        segments=segments,
        place_of_service=draw(st.sampled_from(places)),
        telehealth=telehealth,
        audio_only=telehealth and draw(st.booleans()),
        group_size=draw(st.sampled_from([1, 1, 2, 4])),
        objective_ids=draw(st.sampled_from([["O1"], ["O1"], ["O1"], []])),
        signature=Signature(staff_id, start + timedelta(hours=1)) if signed else None,
        timezone="America/New_York",
    )


@st.composite
def caseloads(draw: st.DrawFn) -> dict:
    count = draw(st.integers(0, 14))
    auths = [
        Authorization(
            f"a{i}",
            draw(st.sampled_from(["C1", "C2"])),
            draw(st.sampled_from(CODES)),
            draw(st.integers(0, 30)),
            date(2026, 3, 1) + timedelta(days=(first := draw(st.integers(0, 5)))),
            date(2026, 3, 1) + timedelta(days=first + draw(st.integers(0, 5))),
            f"PA-{i}",
        )
        for i in range(draw(st.integers(0, 5)))
    ]
    return {
        "sessions": [draw(sessions(i)) for i in range(count)],
        "payer": draw(payers),
        "authorizations": auths,
    }


def _lines(world: dict) -> list:
    payer = world["payer"]
    objective = Objective("O1", "objective")
    return compute_lines(
        world["sessions"],
        clients={c: Client(c, "Name", date(1990, 1, 1), f"M{c}", payer.id) for c in ("C1", "C2")},
        staff={"S1": Staff("S1", "A", "BA", "HN"), "S2": Staff("S2", "B", "", None)},
        payers={payer.id: payer},
        authorizations=world["authorizations"],
        plans=[
            # C2's plan ends mid-week, so some of its lines are outside the plan.
            TreatmentPlan(f"plan-{c}", c, date(2026, 3, 1), end, [Goal("G", "g", [objective])])
            for c, end in (("C1", date(2026, 3, 31)), ("C2", date(2026, 3, 4)))
        ],
    )


@given(payers, st.sampled_from(CODES), st.integers(0, 24 * 60), st.integers(0, 600))
def test_units_never_decrease_as_minutes_grow(payer: Payer, code: str, m: int, more: int) -> None:
    assert units_for_minutes(m, payer, code) <= units_for_minutes(m + more, payer, code)


@given(st.integers(0, 24 * 60))
def test_midpoint_matches_the_8_minute_table(minutes: int) -> None:
    units = units_for_minutes(minutes, Payer("p", "P"), "H2014")
    # a unit from 8 minutes of it: u units cover 15u - 7 .. 15u + 7 minutes
    assert max(15 * units - 7, 0) <= minutes <= 15 * units + 7


@given(caseloads(), st.integers(1, 120))
@settings(max_examples=60, deadline=None)
def test_line_units_never_decrease_when_a_session_grows(world: dict, extra: int) -> None:
    if not world["sessions"]:
        return
    before = {ln.session_ids: ln.units for ln in _lines(world)}
    target = world["sessions"][0]
    last = target.segments[-1]
    assert last.end is not None
    last.end += timedelta(minutes=extra)
    after = {ln.session_ids: ln.units for ln in _lines(world)}
    key = next(k for k in after if target.id in k)
    assert after[key] >= before[key]


@given(caseloads())
@settings(max_examples=150, deadline=None)
def test_billable_within_units_and_caps(world: dict) -> None:
    lines = _lines(world)
    payer: Payer = world["payer"]
    by_day: dict[tuple, int] = defaultdict(int)
    for line in lines:
        assert 0 <= line.billable_units <= line.units
        assert line.billable_units <= line.billable_if_signed <= line.units
        assert line.billable_units == sum(n for _, n in line.authorization_draws)
        if "unsigned" not in line.flags:
            assert line.billable_units == line.billable_if_signed
        by_day[(line.client_id, line.code, line.date)] += line.billable_units
        assert len(line.modifiers) <= 4
        if is_per_diem(line.code):
            # each draft's what-if is its own hypothetical, so only per line
            assert line.units <= 1 and line.billable_if_signed <= 1
        assert line.flags == tuple(dict.fromkeys(line.flags))
    for (_client, code, _day), billable in by_day.items():
        if is_per_diem(code):
            assert billable <= 1
        if code in payer.daily_max_units:
            assert billable <= payer.daily_max_units[code]
    for usage in authorization_usage(lines, world["authorizations"]):
        assert 0 <= usage.used <= usage.authorization.units
        assert usage.used + usage.remaining == usage.authorization.units


@given(caseloads())
@settings(max_examples=100, deadline=None)
def test_held_lines_draw_nothing_and_days_add_up(world: dict) -> None:
    lines = _lines(world)
    sessions = {s.id: s for s in world["sessions"]}
    payer: Payer = world["payer"]
    by_day: dict[tuple, list] = defaultdict(list)
    for line in lines:
        if any(not sessions[sid].signed for sid in line.session_ids):
            assert "unsigned" in line.flags
        if line.held:
            assert line.billable_units == 0 and line.authorization_draws == ()
        assert len(line.authorization_draws) <= 1  # one authorization per claim line
        by_day[(line.client_id, line.code, line.date)].append(line)
    for (_client, code, _day), day_lines in by_day.items():
        minutes = sum(ln.minutes for ln in day_lines)
        units = sum(ln.units for ln in day_lines)
        if is_per_diem(code):
            assert units == units_for_minutes(minutes, payer, code)
        elif payer.aggregate == "day":
            # the day's minutes are rounded once, whatever the lines
            assert units == units_for_minutes(minutes, payer, code)
