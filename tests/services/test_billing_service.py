"""The billing service over stored sessions, without any window: only signed notes
bill, the rule that produced the units is named, and a preview of a draft says what
signing it would bill."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from sessionlog.core.errors import NotFoundError
from sessionlog.core.models import Segment, Session, new_id
from sessionlog.services import notes
from sessionlog.services.billing import billing_lines, preview_session

DAY = date(2026, 11, 23)
START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 09:00 in Chicago, a Monday


def _draft(store, minutes: int) -> Session:
    session = Session(
        id=new_id(),
        client_id="client-marcus",
        staff_id="staff-rosa",
        code="H2023",
        segments=[Segment(START, START + timedelta(minutes=minutes))],
        place_of_service="18",
        intervention="Job coaching on site",
        response="Completed the shift checklist",
        plan="Practice the closing tasks",
    )
    plan = store.active_plan("client-marcus", DAY)
    session.objective_ids = [plan.goals[0].objectives[0].id]
    store.save_session(session)
    return session


def test_a_draft_bills_nothing_until_signed_then_its_units(demo_store):
    session = _draft(demo_store, 38)  # 38 minutes: 3 units by the midpoint rule
    [line] = billing_lines(demo_store, client_id="client-marcus", start=DAY, end=DAY)
    assert line.session_ids == (session.id,)
    assert (line.minutes, line.units, line.billable_units) == (38, 3, 0)
    assert line.billable_if_signed == 3
    assert line.rule  # the rule that produced the units is named

    notes.sign(demo_store, session.id, "staff-rosa", now=START + timedelta(hours=2))
    [line] = billing_lines(demo_store, client_id="client-marcus", start=DAY, end=DAY)
    assert (line.units, line.billable_units) == (3, 3)


def test_preview_of_an_unsaved_draft_counts_its_minutes(demo_store):
    session = Session(
        id=new_id(),
        client_id="client-marcus",
        staff_id="staff-rosa",
        code="H2023",
        segments=[Segment(START, START + timedelta(minutes=7))],
    )
    line = preview_session(demo_store, session, now=START + timedelta(minutes=7))
    assert (line.minutes, line.units) == (7, 0)  # under 8 minutes: no unit


def test_unknown_client_is_refused(demo_store):
    with pytest.raises(NotFoundError):
        billing_lines(demo_store, client_id="client-nobody", start=DAY, end=DAY)


def test_a_period_ending_before_it_starts_is_refused(demo_store):
    with pytest.raises(ValueError, match="before start"):
        billing_lines(demo_store, start=DAY, end=DAY - timedelta(days=1))
