"""Every writing service returns the changes it made (issue 9 §2): the session ids written
and each one's (client, date of service), so the UI publishes exactly that and views
refresh only the clients and days a write can move. Real database, no window."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from sessionlog.core.changes import Changes, Entity
from sessionlog.core.timer import ClockReading
from sessionlog.export.signing import fingerprint, public_raw
from sessionlog.services import notes, preferences, timing
from sessionlog.services.agency import save_agency
from sessionlog.services.calendar import DAYS_OFF_KEY, set_agency_days_off
from sessionlog.services.preferences import CURRENT_STAFF_KEY, choose_current_staff, current_staff
from sessionlog.services.signing import SIGNING_KEY_STATE, packet_signing_key
from sessionlog.services.templates import copy_from_last

START = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)  # the day after the demo's last
DAY = date(2026, 11, 21)  # START in the clients' zone (America/Chicago)


def _at(minutes: float) -> ClockReading:
    return ClockReading(START + timedelta(minutes=minutes), 1_000.0 + minutes * 60)


def _only(changes: Changes, *session_ids: str, days: set[tuple[str, date]]) -> None:
    """Exactly these sessions, on exactly these (client, day) pairs, and nothing else."""
    assert changes.entities == {Entity.SESSION}
    assert changes.session_ids == frozenset(session_ids)
    assert changes.session_days == frozenset(days)


def test_the_timer_commands_return_the_sessions_they_wrote(demo_store):
    started = timing.start_session(
        demo_store, client_id="client-marcus", staff_id="staff-rosa", code="H2023", reading=_at(0)
    )
    sid = started.value.id
    _only(started.changes, sid, days={("client-marcus", DAY)})
    for written in (
        timing.pause(demo_store, [sid], _at(10)),
        timing.resume(demo_store, [sid], _at(20)),
        timing.place_by_new_clock(demo_store, [sid], timedelta(minutes=1)),
        timing.stop(demo_store, [sid], _at(35)),
    ):
        _only(written.changes, sid, days={("client-marcus", DAY)})
        assert [s.id for s in written.value] == [sid]
    assert demo_store.session(sid).minutes() == 24  # 10, then 14 (the start moved 1 min)


def test_a_note_update_names_its_session_and_day(demo_store):
    session = next(s for s in demo_store.sessions() if not s.signed)
    updated = timing.update_note(demo_store, session.id, plan="Next visit: the bus schedule.")
    assert updated.value.plan == "Next visit: the bus schedule."
    _only(updated.changes, session.id, days={(session.client_id, session.service_date())})


def test_a_group_start_and_a_late_arrival_name_every_attendee_written(demo_store):
    started = timing.start_group(
        demo_store,
        client_ids=["client-marcus", "client-lena"],
        staff_id="staff-rosa",
        code="H2023",
        reading=_at(0),
    )
    ids = [s.id for s in started.value]
    _only(started.changes, *ids, days={("client-marcus", DAY), ("client-lena", DAY)})
    group_id = started.value[0].group_id
    late = timing.add_late_arrival(
        demo_store, group_id=group_id, client_id="client-tran", active_ids=ids, reading=_at(5)
    )
    # The newcomer's session, and both others (their group size went to 3).
    _only(
        late.changes,
        late.value.id,
        *ids,
        days={("client-marcus", DAY), ("client-lena", DAY), ("client-tran", DAY)},
    )
    everyone = [*ids, late.value.id]
    left = timing.stop_attendee(demo_store, late.value.id, everyone, _at(15))
    assert left.value == ids
    _only(left.changes, late.value.id, days={("client-tran", DAY)})
    shared = timing.update_group_shared(demo_store, group_id, note="Mock interviews.")
    _only(
        shared.changes,
        *everyone,
        days={("client-marcus", DAY), ("client-lena", DAY), ("client-tran", DAY)},
    )
    removed = timing.remove_attendee(demo_store, ids[1], ids)
    assert removed.value == [ids[0]]
    # The removed session is named (its day loses its units), and the two resized.
    _only(
        removed.changes,
        *everyone,
        days={("client-marcus", DAY), ("client-lena", DAY), ("client-tran", DAY)},
    )
    assert demo_store.session(ids[0]).group_size == 2


def test_the_note_forms_group_save_names_the_attendees_and_this_session(demo_store):
    started = timing.start_group(
        demo_store,
        client_ids=["client-marcus", "client-lena"],
        staff_id="staff-rosa",
        code="H2023",
        reading=_at(0),
    )
    first, second = started.value
    saved = timing.save_note(
        demo_store, first.id, first.group_id, note="Shared part.", response="Marcus's own."
    )
    assert saved.value.response == "Marcus's own." and saved.value.note == "Shared part."
    assert demo_store.session(second.id).note == "Shared part."
    assert demo_store.session(second.id).response == ""
    _only(saved.changes, first.id, second.id, days={("client-marcus", DAY), ("client-lena", DAY)})
    alone = timing.save_note(demo_store, first.id, None, plan="Practice answers.")
    _only(alone.changes, first.id, days={("client-marcus", DAY)})


def test_recovery_returns_what_it_stopped_or_kept(demo_store):
    started = timing.start_session(
        demo_store, client_id="client-lena", staff_id="staff-rosa", code="H2014", reading=_at(0)
    )
    sid = started.value.id
    kept = timing.recover_keep_running(demo_store, [sid], _at(5))
    _only(kept.changes, sid, days={("client-lena", DAY)})
    stopped = timing.recover_stop_at_heartbeat(demo_store, [sid])
    _only(stopped.changes, sid, days={("client-lena", DAY)})
    assert stopped.value[0].segments[-1].end == START + timedelta(minutes=5)


def test_sleep_answers_return_the_sessions_they_touched(demo_store):
    sid = timing.start_session(
        demo_store, client_id="client-lena", staff_id="staff-rosa", code="H2014", reading=_at(0)
    ).value.id
    counted = timing.count_sleep(demo_store, [sid], timedelta(minutes=20), "Kept working offline")
    _only(counted.changes, sid, days={("client-lena", DAY)})
    paused = timing.pause_at(demo_store, [sid], START + timedelta(minutes=3))
    _only(paused.changes, sid, days={("client-lena", DAY)})


def test_a_manual_entry_and_a_time_correction_return_their_session(demo_store):
    entered = timing.create_manual_session(
        demo_store,
        client_id="client-tran",
        staff_id="staff-ben",
        code="H2014",
        day=DAY,
        start=time(8, 0),
        end=time(8, 45),
        reason="Laptop was charging",
        now=START,
    )
    sid = entered.value.id
    _only(entered.changes, sid, days={("client-tran", DAY)})
    corrected = timing.correct_times(
        demo_store, sid, [(time(8, 0), time(8, 30))], "Left early", now=START
    )
    assert corrected.value.minutes() == 30
    _only(corrected.changes, sid, days={("client-tran", DAY)})


def test_moving_a_draft_names_both_clients_days(demo_store):
    sid = timing.start_session(
        demo_store, client_id="client-marcus", staff_id="staff-rosa", code="H2023", reading=_at(0)
    ).value.id
    timing.stop(demo_store, [sid], _at(30))
    moved = timing.change_client(demo_store, sid, "client-lena")
    session, cleared = moved.value
    assert session.client_id == "client-lena" and cleared == 0
    # The old client's day loses the units, the new one's gains them.
    _only(moved.changes, sid, days={("client-marcus", DAY), ("client-lena", DAY)})


def _complete_draft(store):
    return next(
        s for s in store.sessions() if not s.signed and s.segments and s.response and s.plan
    )


def test_signing_an_addendum_a_cosignature_and_a_discard_return_their_session(demo_store):
    draft = _complete_draft(demo_store)
    day = draft.service_date()
    signed = notes.sign(demo_store, draft.id, draft.staff_id, datetime.now(UTC))
    assert demo_store.session(draft.id).signature == signed.value
    _only(signed.changes, draft.id, days={(draft.client_id, day)})
    added = notes.add_addendum(demo_store, draft.id, draft.staff_id, "Late detail", "Bus late.")
    assert added.value.session_id == draft.id
    _only(added.changes, draft.id, days={(draft.client_id, day)})

    rosa_signed = next(
        s
        for s in demo_store.sessions()
        if s.staff_id == "staff-rosa" and s.signed and s.cosignature is None
    )
    cosigned = notes.cosign(demo_store, rosa_signed.id, "staff-dana")
    rosa_day = (rosa_signed.client_id, rosa_signed.service_date())
    _only(cosigned.changes, rosa_signed.id, days={rosa_day})

    other = _complete_draft(demo_store)
    voided = notes.void_draft(demo_store, other.id, "Duplicate entry")
    assert voided.value.void_reason == "Duplicate entry"
    _only(voided.changes, other.id, days={(other.client_id, other.service_date())})


def test_copying_from_the_last_note_returns_the_draft_it_filled(demo_store):
    sid = timing.start_session(
        demo_store, client_id="client-marcus", staff_id="staff-rosa", code="H2023", reading=_at(0)
    ).value.id
    copied = copy_from_last(demo_store, sid)
    assert copied.fields or copied.objectives
    _only(copied.changes, sid, days={("client-marcus", DAY)})
    again = copy_from_last(demo_store, sid)
    assert not again.changes  # nothing left to fill: nothing written, nothing to publish


def test_settings_writes_name_the_setting_and_nothing_when_unchanged(demo_store):
    days = set_agency_days_off(demo_store, {date(2026, 12, 26)})
    assert days.value == {date(2026, 12, 26)}
    assert days.changes == Changes.of(Entity.SETTINGS, DAYS_OFF_KEY)
    assert not set_agency_days_off(demo_store, {date(2026, 12, 26)}).changes

    made = packet_signing_key(demo_store)
    assert made.changes == Changes.of(Entity.SETTINGS, SIGNING_KEY_STATE)
    again = packet_signing_key(demo_store)
    assert not again.changes
    assert fingerprint(public_raw(again.value)) == fingerprint(public_raw(made.value))


def test_the_agency_save_returns_its_problems_or_its_change(demo_store):
    agency = demo_store.agency()
    assert agency is not None
    saved = save_agency(demo_store, agency)
    assert (saved.problems, saved.changes) == ([], Changes.of(Entity.AGENCY))
    refused = save_agency(demo_store, replace(agency, npi="123"))
    assert refused.problems and not refused.changes


def test_choosing_who_uses_the_laptop_names_the_setting(demo_store):
    chosen = choose_current_staff(demo_store, "staff-ben")
    assert chosen == Changes.of(Entity.SETTINGS, CURRENT_STAFF_KEY)
    assert current_staff(demo_store) == "staff-ben"
    assert choose_current_staff(demo_store, None) == chosen
    assert current_staff(demo_store) is None


def test_the_lock_and_packet_settings_are_written_by_the_service_and_named(demo_store):
    assert preferences.auto_lock_minutes(demo_store) == 5  # the default, nothing stored
    changed = preferences.set_auto_lock_minutes(demo_store, 12)
    assert changed == Changes.of(Entity.SETTINGS, "auto_lock_minutes")
    assert preferences.auto_lock_minutes(demo_store) == 12
    preferences.set_auto_lock_minutes(demo_store, -3)  # never below "never locks"
    assert preferences.auto_lock_minutes(demo_store) == 0
    demo_store.set_state("auto_lock_minutes", "soon")  # a damaged value: the default
    assert preferences.auto_lock_minutes(demo_store) == 5

    assert not preferences.packet_opens_when_done(demo_store)
    opened = preferences.set_packet_opens_when_done(demo_store, True)
    assert opened == Changes.of(Entity.SETTINGS, preferences.PACKET_OPEN_WHEN_DONE_KEY)
    assert preferences.packet_opens_when_done(demo_store)
    preferences.set_packet_opens_when_done(demo_store, False)
    assert not preferences.packet_opens_when_done(demo_store)
