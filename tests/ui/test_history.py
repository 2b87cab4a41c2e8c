"""History: filters, full-text search, paging and the note viewer, on a real file."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QEvent, QObject, Qt

from sessionlog.core.changes import Entity
from sessionlog.core.models import SessionStatus
from sessionlog.services import notes
from sessionlog.services.billing import billing_lines
from sessionlog.store import SessionFilter
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.note_dialog import NoteViewerDialog
from sessionlog.ui.models.sessions_model import COL_DATE, COL_LATE, COL_STATUS, COL_UNITS
from sessionlog.ui.views import history
from sessionlog.ui.views.history import HistoryView

NOW = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)


def _now() -> datetime:
    return NOW


@pytest.fixture
def make_view(qtbot, demo_store, db_path):
    def make(**kwargs) -> HistoryView:
        bus = kwargs.pop("bus", None) or ChangeBus()
        view = HistoryView(demo_store, bus, db_path, lambda: "staff-rosa", now=_now, **kwargs)
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: not view.is_loading)
        return view

    return make


def _ids(view: HistoryView) -> list[str]:
    return [row.session_id for row in view.model.rows()]


def _expected(store, **filters) -> list[str]:
    return [s.id for s in store.sessions(SessionFilter(newest_first=True, **filters))]


def _apply(qtbot, view: HistoryView, **filters) -> None:
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.set_filters(**filters)


def test_first_page_lists_every_session_newest_first(make_view, demo_store):
    view = make_view()
    assert _ids(view) == _expected(demo_store)
    assert view.model.total == demo_store.count_sessions()
    starts = [row.start_local for row in view.model.rows()]
    assert starts == sorted(starts, reverse=True)
    assert f"{demo_store.count_sessions()} sessions" in view.count_label.text()


def test_filters_by_client_code_status_and_dates(qtbot, make_view, demo_store):
    view = make_view()

    _apply(qtbot, view, client_id="client-lena")
    assert _ids(view) == _expected(demo_store, client_id="client-lena")
    assert {r.client_name for r in view.model.rows()} == {"Lena Nováková"}

    _apply(qtbot, view, code="H2023")
    assert _ids(view) == _expected(demo_store, code="H2023")
    assert {r.code for r in view.model.rows()} == {"H2023"}

    _apply(qtbot, view, status=SessionStatus.DRAFT)
    assert _ids(view) == _expected(demo_store, status=SessionStatus.DRAFT)
    assert {view.model.index(i, COL_STATUS).data() for i in range(view.model.rowCount())} == {
        "Draft"
    }

    _apply(qtbot, view, start=date(2026, 11, 2), end=date(2026, 11, 6))
    assert _ids(view) == _expected(demo_store, start=date(2026, 11, 2), end=date(2026, 11, 6))
    assert all(date(2026, 11, 2) <= r.service_date <= date(2026, 11, 6) for r in view.model.rows())

    _apply(qtbot, view, client_id="client-marcus", code="H2023", status=SessionStatus.SIGNED)
    expected = _expected(
        demo_store, client_id="client-marcus", code="H2023", status=SessionStatus.SIGNED
    )
    assert expected and _ids(view) == expected


def test_reversed_dates_are_read_as_a_range(qtbot, make_view, demo_store):
    view = make_view()
    _apply(qtbot, view, start=date(2026, 11, 6), end=date(2026, 11, 2))
    assert _ids(view) == _expected(demo_store, start=date(2026, 11, 2), end=date(2026, 11, 6))


def test_full_text_search_finds_notes_by_their_words(qtbot, make_view, demo_store):
    view = make_view()
    everything = demo_store.sessions()

    _apply(qtbot, view, search="receipts")
    expected = {s.id for s in everything if "receipts" in s.intervention}
    assert expected and set(_ids(view)) == expected

    _apply(qtbot, view, search="redirection sleep")  # every word must appear
    expected = {s.id for s in everything if "redirection" in s.response and "sleep" in s.response}
    assert expected and set(_ids(view)) == expected

    _apply(qtbot, view, search="receipts", client_id="client-marcus")
    assert _ids(view) == []
    assert "No sessions match" in view.count_label.text()


def test_full_text_search_also_finds_words_written_in_addenda(qtbot, make_view, demo_store):
    signed = next(s for s in demo_store.sessions() if s.signed)
    assert not any("forklift" in s.note + s.intervention for s in demo_store.sessions())
    notes.add_addendum(
        demo_store,
        signed.id,
        "staff-rosa",
        "late detail",
        "Marcus also passed the forklift safety quiz.",
        now=NOW,
    )
    view = make_view()
    _apply(qtbot, view, search="forklift")
    assert _ids(view) == [signed.id]
    _apply(qtbot, view, search="late detail")  # the addendum's reason counts too
    assert signed.id in _ids(view)


def test_search_box_runs_the_query_after_typing_stops(qtbot, make_view):
    view = make_view()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClicks(view.search_edit, "stocking")
    assert view.model.rowCount() > 0
    assert all(r.code == "H2023" for r in view.model.rows())


def test_queries_run_off_the_gui_thread(qtbot, make_view, monkeypatch):
    threads: list[int] = []
    real = history.load_page

    def spy(*args, **kwargs):
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(history, "load_page", spy)
    view = make_view()
    assert view.busy.isHidden()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.refresh()
        assert not view.busy.isHidden()  # the busy indicator shows while it runs
    qtbot.waitUntil(lambda: not view.is_loading, timeout=10_000)
    assert threads and threading.get_ident() not in threads
    assert view.busy.isHidden()


def test_the_first_page_shows_before_every_match_is_counted(
    qtbot, make_view, demo_store, monkeypatch
):
    """A search shows its first rows without waiting for the count of all its matches
    (issue 12: a common word matches most of ten years of notes); the count follows."""
    release = threading.Event()
    real = history.load_count

    def slow_count(*args, **kwargs):
        release.wait(timeout=30)
        return real(*args, **kwargs)

    view = make_view(page_size=5)
    monkeypatch.setattr(history, "load_count", slow_count)
    try:
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            view.refresh()
        assert view.model.rowCount() == 5
        assert "counting them all" in view.count_label.text()
        assert view.is_loading  # the count is still running
    finally:
        release.set()
    qtbot.waitUntil(lambda: not view.is_loading, timeout=10_000)
    total = demo_store.count_sessions()
    assert view.model.total == total > 5
    assert view.model.canFetchMore()
    assert f"{total:,} sessions" in view.count_label.text()


def test_pages_load_lazily_as_the_table_asks_for_more(qtbot, make_view, demo_store):
    total = demo_store.count_sessions()
    view = make_view(page_size=20)
    assert view.model.rowCount() == 20
    assert view.model.total == total
    assert view.model.canFetchMore()
    assert "showing 20" in view.count_label.text()

    while view.model.canFetchMore():
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            view.model.fetchMore()
        qtbot.waitUntil(lambda: not view.is_loading, timeout=10_000)
    assert _ids(view) == _expected(demo_store)
    assert view.model.rowCount() == total


def test_a_newer_query_wins_over_a_slower_older_one(qtbot, make_view, demo_store):
    view = make_view()
    view.set_filters(client_id="client-lena")
    view.set_filters(client_id="client-dmitri")
    qtbot.waitUntil(lambda: not view.is_loading, timeout=10_000)
    assert _ids(view) == _expected(demo_store, client_id="client-dmitri")


def test_units_come_from_the_billing_engine_and_late_entries_are_flagged(make_view, demo_store):
    view = make_view()
    lines = billing_lines(demo_store, start=date(2026, 10, 1), end=date(2026, 11, 20))
    by_session = {sid: line for line in lines for sid in line.session_ids}
    late_rows = 0
    for number, row in enumerate(view.model.rows()):
        line = by_session[row.session_id]
        assert row.units is not None and row.units.units == line.units
        assert view.model.index(number, COL_UNITS).data().startswith(str(line.units))
        assert line.explanation in view.model.index(number, COL_UNITS).data(
            Qt.ItemDataRole.ToolTipRole
        )
        signature = demo_store.session(row.session_id).signature
        is_late = bool(signature and signature.late)
        assert (view.model.index(number, COL_LATE).data() == "Late entry") == is_late
        late_rows += is_late
    assert late_rows, "the demo signs a few notes late"


def test_double_click_opens_the_note_viewer(qtbot, make_view, demo_store):
    view = make_view()
    view.resize(1200, 600)
    view.show()
    qtbot.waitExposed(view)
    index = view.model.index(0, COL_DATE)
    rect = view.table.visualRect(index)
    # A real double-click is press, release, then the double-click event.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    dialogs = view.findChildren(NoteViewerDialog)
    assert len(dialogs) == 1
    session = demo_store.session(view.model.row_at(0).session_id)
    assert session.intervention in dialogs[0].viewer.text()
    dialogs[0].close()


def test_history_refreshes_after_a_note_is_signed(qtbot, make_view, demo_store):
    bus = ChangeBus()
    view = make_view(bus=bus)
    draft = demo_store.sessions(SessionFilter(status=SessionStatus.DRAFT, staff_id="staff-rosa"))
    target = next(s for s in draft if s.response and s.plan)
    notes.sign(demo_store, target.id, "staff-rosa", NOW)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        bus.notify(Entity.SESSION)
    row = next(r for r in view.model.rows() if r.session_id == target.id)
    assert row.status == SessionStatus.SIGNED
    assert row.signer == "Rosa Delgado, Job Coach (CESP)"


def test_rows_show_before_their_units_then_units_fill_in(qtbot, make_view):
    view = make_view()
    with qtbot.waitSignal(view.units_loaded, timeout=10_000):
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            view.set_filters(code="H2014")
        # The page is in the table; its units are still being worked out.
        pending = [r for r in view.model.rows() if r.units_pending]
        assert pending and all(r.units is None for r in pending)
    assert all(r.units is not None and not r.units_pending for r in view.model.rows())


class _PaintLog(QObject):
    """Notes each paint of the widget it watches in ``events``."""

    def __init__(self, events: list[str]) -> None:
        super().__init__()
        self.events = events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.events.append("paint")
        return False


def test_units_and_count_start_once_the_new_page_is_painted(qtbot, make_view, monkeypatch):
    """A worker computing in Python while the table paints takes the GIL back at every
    data() call of the paint (issue 12: 10 ms of painting became a 100 ms freeze), so a
    new page's units and count are only started once the table has painted its rows."""
    view = make_view(page_size=5)
    view.resize(1000, 500)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: not view.is_loading, timeout=10_000)
    events: list[str] = []
    paints = _PaintLog(events)
    view.table.viewport().installEventFilter(paints)
    view.loaded.connect(lambda: events.append("rows"))
    real_units, real_count = history.load_units, history.load_count

    def units(*args, **kwargs):
        events.append("units")  # list.append is atomic: the worker may note it
        return real_units(*args, **kwargs)

    def count(*args, **kwargs):
        events.append("count")
        return real_count(*args, **kwargs)

    monkeypatch.setattr(history, "load_units", units)
    monkeypatch.setattr(history, "load_count", count)
    with qtbot.waitSignal(view.units_loaded, timeout=10_000):
        view.set_filters(status=SessionStatus.SIGNED)
    qtbot.waitUntil(lambda: not view.is_loading, timeout=10_000)
    view.table.viewport().removeEventFilter(paints)
    rows = events.index("rows")
    painted = events.index("paint", rows)
    assert rows < painted < events.index("units")
    assert painted < events.index("count")
    assert all(r.units is not None for r in view.model.rows())


def test_units_read_from_kept_lines_equal_the_fresh_computation(
    qtbot, make_view, demo_store, monkeypatch
):
    """The units column reads the lines kept for its days once they are (issue 12): the
    cells then, with nothing computed, are those the engine's fresh lines give."""
    from sessionlog.services import billing
    from sessionlog.ui.models import rows as row_building

    view = make_view()  # the first page's days computed, and kept
    first = {row.session_id: row.units for row in view.model.rows()}
    assert first and all(cell is not None for cell in first.values())
    fresh_lines = billing.lines_for_days

    def no_computing(*args, **kwargs):
        raise AssertionError("the page's days are kept: nothing is computed")

    monkeypatch.setattr(billing, "lines_for_days", no_computing)
    with qtbot.waitSignal(view.units_loaded, timeout=10_000):
        view.refresh()
    again = {row.session_id: row.units for row in view.model.rows()}
    assert again == first
    # Byte for byte what the engine's lines computed afresh give, text and tooltip too.
    sessions = [demo_store.session(sid) for sid in first]
    monkeypatch.setattr(billing, "kept_day_lines", fresh_lines)
    monkeypatch.setattr(row_building, "kept_day_lines", fresh_lines)
    computed = row_building.units_by_session(demo_store, sessions)
    assert computed == again
    assert [c.text for c in computed.values()] == [again[sid].text for sid in computed]
    assert [c.tooltip for c in computed.values()] == [again[sid].tooltip for sid in computed]


def test_a_new_pages_texts_are_made_by_the_worker_not_at_the_paint(qtbot, make_view, monkeypatch):
    """The dates of a new page go through QLocale in the worker that read it: the GUI
    thread's first paint of the page formats none (issue 12), and shows what the GUI
    thread would have made."""
    from sessionlog.ui.models import sessions_model

    made_on: list[threading.Thread] = []
    real = sessions_model.datetime_text

    def noted(*args, **kwargs):
        made_on.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(sessions_model, "datetime_text", noted)
    view = make_view()
    _apply(qtbot, view, code="H2014")
    rows = view.model.rows()[: history.FIRST_PAINT_ROWS]
    assert rows and len(made_on) >= len(rows)
    assert all(thread is not threading.main_thread() for thread in made_on)
    made_on.clear()
    shown = [view.model.index(n, COL_DATE).data() for n in range(len(rows))]
    assert made_on == []  # every text was there before the table asked
    assert shown == [real(row.start_local, weekday=True) for row in rows]
