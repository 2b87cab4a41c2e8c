"""The History and queue table models on their own: no window, no database."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt

from sessionlog.core.models import SessionStatus
from sessionlog.ui.models.queue_model import COL_DUE, COL_STATE, QueueModel
from sessionlog.ui.models.rows import SessionRow, UnitsCell
from sessionlog.ui.models.sessions_model import (
    COL_DATE,
    COL_LATE,
    COL_MINUTES,
    COL_SIGNER,
    COL_STATUS,
    COL_UNITS,
    HEADERS,
    SESSION_ID_ROLE,
    SORT_ROLE,
    SessionsModel,
)

ZONE = ZoneInfo("America/Chicago")


def _row(n: int, **overrides) -> SessionRow:
    values = {
        "session_id": f"s{n}",
        "service_date": date(2026, 11, 1 + n % 28),
        "start_local": datetime(2026, 11, 1 + n % 28, 9, 0, tzinfo=ZONE),
        "client_id": "c1",
        "client_name": "Client One",
        "code": "H2014",
        "minutes": 30 + n,
        "status": SessionStatus.SIGNED,
        "signer": "Ben Okafor, Skills Trainer, BA",
        "late": False,
        "deadline": date(2026, 11, 3 + n % 28),
        "overdue": False,
        "days_left": 2,
        "units": UnitsCell(units=2, billable=2, shared_with=0, explanation="38 minutes: 2"),
    }
    values.update(overrides)
    return SessionRow(**values)


class PageSource:
    """A fetcher that hands pages back synchronously, recording what was asked."""

    def __init__(self, model: SessionsModel, rows: list[SessionRow]) -> None:
        self.model = model
        self.rows = rows
        self.calls: list[tuple[int, int]] = []
        self.deliver = True

    def __call__(self, offset: int, limit: int) -> None:
        self.calls.append((offset, limit))
        if self.deliver:
            self.model.append_rows(self.rows[offset : offset + limit])


def test_set_rows_resets_the_table(qtbot):
    model = SessionsModel()
    with qtbot.waitSignal(model.modelReset):
        model.set_rows([_row(1), _row(2)])
    assert model.rowCount() == 2
    assert model.columnCount() == len(HEADERS) == 8
    with qtbot.waitSignal(model.modelReset):
        model.set_rows([_row(3)])
    assert model.rowCount() == 1
    assert model.index(0, COL_DATE).data(SESSION_ID_ROLE) == "s3"


def test_display_formats_and_sort_role_keeps_raw_values():
    model = SessionsModel()
    model.set_rows([_row(1, minutes=9, late=True, status=SessionStatus.SIGNED)])
    assert model.index(0, COL_DATE).data() == "Mon 11/02/2026 9:00 AM"
    assert model.index(0, COL_DATE).data(SORT_ROLE) == "2026-11-02T09:00:00-06:00"
    assert model.index(0, COL_MINUTES).data() == "9"
    assert model.index(0, COL_MINUTES).data(SORT_ROLE) == 9  # numbers sort as numbers
    assert model.index(0, COL_UNITS).data(SORT_ROLE) == 2
    assert model.index(0, COL_LATE).data() == "Late entry"
    assert model.index(0, COL_LATE).data(SORT_ROLE) == 1
    assert model.index(0, COL_STATUS).data() == "Signed"
    assert model.index(0, COL_SIGNER).data() == "Ben Okafor, Skills Trainer, BA"
    assert model.headerData(COL_UNITS, Qt.Orientation.Horizontal) == "Units"


def test_units_cell_says_when_fewer_units_are_billable_and_when_shared():
    model = SessionsModel()
    capped = UnitsCell(units=4, billable=0, shared_with=0, explanation="authorization has 0 left")
    shared = UnitsCell(units=3, billable=3, shared_with=1, explanation="day total")
    model.set_rows([_row(1, units=capped), _row(2, units=shared), _row(3, units=None, minutes=12)])
    assert model.index(0, COL_UNITS).data() == "4 (0 billable)"
    assert model.index(1, COL_UNITS).data() == "3 · day"
    assert "1 other session" in model.index(1, COL_UNITS).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(2, COL_UNITS).data() == "—"
    assert model.index(2, COL_UNITS).data(SORT_ROLE) == -1


def test_lazy_fetch_asks_for_one_page_at_a_time_until_all_are_loaded():
    rows = [_row(n) for n in range(45)]
    model = SessionsModel(page_size=20)
    source = PageSource(model, rows)
    model.set_fetcher(source)
    model.set_rows(rows[:20], total=45)

    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert source.calls == [(20, 20)]
    assert model.rowCount() == 40
    model.fetchMore(QModelIndex())
    assert source.calls[-1] == (40, 20)
    assert model.rowCount() == 45
    assert not model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert len(source.calls) == 2
    assert [r.session_id for r in model.rows()] == [r.session_id for r in rows]


def test_no_second_fetch_while_one_is_in_flight(qtbot):
    rows = [_row(n) for n in range(30)]
    model = SessionsModel(page_size=10)
    source = PageSource(model, rows)
    source.deliver = False  # the page is "still loading" in a worker
    model.set_fetcher(source)
    model.set_rows(rows[:10], total=30)

    model.fetchMore(QModelIndex())
    assert model.fetching
    assert not model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert source.calls == [(10, 10)]

    with qtbot.waitSignal(model.rowsInserted):
        model.append_rows(rows[10:20])
    assert not model.fetching
    assert model.canFetchMore(QModelIndex())


def test_an_empty_page_stops_fetching_and_a_failure_allows_a_retry():
    model = SessionsModel(page_size=10)
    source = PageSource(model, [])
    source.deliver = False
    model.set_fetcher(source)
    model.set_rows([_row(n) for n in range(10)], total=25)

    model.fetchMore(QModelIndex())
    model.fetch_failed()
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.append_rows([])  # rows were deleted meanwhile
    assert model.total == 10
    assert not model.canFetchMore(QModelIndex())


def test_without_a_fetcher_nothing_is_fetched():
    model = SessionsModel()
    model.set_rows([_row(1)], total=500)
    assert not model.canFetchMore(QModelIndex())


def test_queue_model_names_state_and_deadline():
    model = QueueModel()
    model.set_rows(
        [
            _row(1, status=SessionStatus.DRAFT, overdue=True, days_left=-1, missing=()),
            _row(
                2,
                status=SessionStatus.DRAFT,
                days_left=0,
                missing=("Write the plan for the next session.",),
            ),
            _row(3, status=SessionStatus.RUNNING, days_left=2, missing=("The timer…",)),
        ]
    )
    assert model.index(0, COL_STATE).data() == "Ready to sign"
    assert model.index(0, COL_DUE).data() == "Overdue (Wed 11/04/2026)"
    assert model.index(0, COL_DUE).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, COL_STATE).data() == "1 thing missing"
    assert model.index(1, COL_DUE).data() == "Today (Thu 11/05/2026)"
    assert model.index(1, COL_STATE).data(Qt.ItemDataRole.ToolTipRole) == (
        "Write the plan for the next session."
    )
    assert model.index(2, COL_STATE).data() == "Timer running"
    assert model.row_of("s2") == 1
    assert model.row_of("nope") == -1


def test_units_fill_in_after_the_rows(qtbot):
    model = SessionsModel()
    model.set_rows([_row(1, units=None, units_pending=True), _row(2, units=None)])
    assert model.index(0, COL_UNITS).data() == "…"
    assert model.index(1, COL_UNITS).data() == "—"

    cell = UnitsCell(units=3, billable=3, shared_with=0, explanation="45 minutes: 3 units")
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.set_units({"s1"}, {"s1": cell})
    assert changed.args[0].column() == COL_UNITS
    assert model.index(0, COL_UNITS).data() == "3"
    assert model.index(0, COL_UNITS).data(Qt.ItemDataRole.ToolTipRole) == "45 minutes: 3 units"

    model.set_rows([_row(3, units=None, units_pending=True)])
    model.set_units({"s3"}, {})  # no billing line for it: stop promising one
    assert model.index(0, COL_UNITS).data() == "—"


def test_narrow_update_names_only_the_rows_that_differ_and_keeps_other_units():
    """Worked out in the pool (plain data): a re-read page against the rows shown."""
    from dataclasses import replace

    from sessionlog.ui.models.sessions_model import narrow_update

    cell = UnitsCell(units=2, billable=2, shared_with=0, explanation="2 units")
    shown = [_row(n, units=cell) for n in range(5)]
    # Re-read: units come later (pending), row 3's code changed.
    reread = [replace(r, units=None, units_pending=True) for r in shown]
    reread[3] = replace(reread[3], code="H2017")
    new_cell = UnitsCell(units=3, billable=1, shared_with=0, explanation="3 units")

    updates = narrow_update(shown, reread, {"s3": new_cell}, {"s3"})

    assert updates is not None
    assert [number for number, _row_ in updates] == [3]
    assert updates[0][1].code == "H2017"
    assert updates[0][1].units == new_cell and not updates[0][1].units_pending
    # Another order (a new session on top): no narrow update, the page is shown anew.
    assert narrow_update(shown, [_row(9), *reread[:4]], {}, set()) is None


def test_apply_updates_replaces_those_rows_without_a_reset(qtbot):
    model = SessionsModel(page_size=10)
    rows = [_row(n) for n in range(4)]
    model.set_rows(rows, total=4)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append(top.row()))

    ids = [r.session_id for r in rows]
    assert model.apply_updates(ids, [(2, _row(2, code="H0038"))])
    assert model.index(2, 2).data() == "H0038"
    assert changed == [2] and resets == []
    # Worked out for rows no longer shown: refused, nothing changed.
    assert not model.apply_updates(["other", *ids[1:]], [(1, _row(1, code="H0038"))])
    assert model.index(1, 2).data() == "H2014"
