"""The authorizations editor: meter figures from the unit engine, warnings, saving."""

from __future__ import annotations

from datetime import date

import pytest

from sessionlog.core.changes import Entity
from sessionlog.core.models import Authorization
from sessionlog.services.billing import billing_lines
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.setup.authorizations import (
    COL_DAYS,
    COL_LEFT,
    COL_METER,
    COL_NUMBER,
    COL_PERIOD,
    COL_USED,
    COL_WARN,
    METER_WIDTH,
    AuthorizationsEditor,
)
from sessionlog.ui.setup.usage_meter import METER_ROLE, Meter
from sessionlog.ui.theme import Tone

TODAY = date(2026, 11, 20)


@pytest.fixture
def editor(qtbot, demo_store):
    widget = AuthorizationsEditor(demo_store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(widget)
    return widget


def _usage_read(qtbot, editor: AuthorizationsEditor) -> None:
    """The rows' usage is read on a connection of its own: wait until it is shown."""
    qtbot.waitUntil(lambda: not editor.is_loading, timeout=10_000)


def _row_of(editor: AuthorizationsEditor, number: str) -> int:
    for row in range(editor.table.rowCount()):
        if editor.table.item(row, COL_NUMBER).text() == number:
            return row
    raise AssertionError(f"no row for {number}")


@pytest.mark.parametrize("client_id", ["client-marcus", "client-lena", "client-tran"])
def test_meter_equals_the_units_billing_lines_draw(qtbot, editor, demo_store, client_id):
    editor.select_client(client_id)
    _usage_read(qtbot, editor)
    auths = demo_store.authorizations(client_id)
    assert auths
    for auth in auths:
        lines = billing_lines(demo_store, client_id=client_id, start=auth.start, end=TODAY)
        drawn = sum(n for line in lines for aid, n in line.authorization_draws if aid == auth.id)
        row = _row_of(editor, auth.number)
        assert int(editor.table.item(row, COL_USED).text()) == drawn
        assert int(editor.table.item(row, COL_LEFT).text()) == auth.units - drawn
        meter = editor.table.item(row, COL_METER)
        assert meter.data(METER_ROLE).used == drawn
        assert meter.data(METER_ROLE).units == auth.units
        assert meter.text() == f"{round(100 * drawn / auth.units)}% used"
    # The demo bills real units, so the comparison above is not 0 == 0 everywhere.
    assert any(int(editor.table.item(r, COL_USED).text()) for r in range(editor.table.rowCount()))


def test_exhausted_authorization_is_flagged(qtbot, editor):
    editor.select_client("client-tran")
    _usage_read(qtbot, editor)
    row = _row_of(editor, "PA-2602")
    assert editor.table.item(row, COL_LEFT).text() == "0"
    assert "All 40 units used" in editor.table.item(row, COL_WARN).text()
    meter = editor.table.item(row, COL_METER)
    assert meter.data(METER_ROLE) == Meter(40, 40, Tone.WARNING)
    assert meter.text() == "100% used"  # what a screen reader announces for the cell
    assert meter.toolTip() == "40 of 40 units used"


def test_a_meter_without_warnings_is_in_no_tone(qtbot, editor):
    editor.select_client("client-lena")
    _usage_read(qtbot, editor)
    meter = editor.table.item(_row_of(editor, "PA-2601"), COL_METER)
    assert meter.data(METER_ROLE) == Meter(51, 96, None)
    assert meter.text() == "53% used"
    assert editor.table.item(_row_of(editor, "PA-2601"), COL_WARN).text() == "—"


def test_expired_and_expiring_authorizations_are_flagged(qtbot, editor, demo_store):
    demo_store.save_authorization(
        Authorization(
            "a-old", "client-lena", "H2014", 60, date(2026, 4, 1), date(2026, 9, 30), "OLD"
        )
    )
    demo_store.save_authorization(
        Authorization(
            "a-soon", "client-lena", "H0038", 20, date(2026, 6, 1), date(2026, 11, 30), "SOON"
        )
    )
    editor.bus.notify(Entity.AUTHORIZATION)
    _usage_read(qtbot, editor)
    editor.select_client("client-lena")
    _usage_read(qtbot, editor)
    assert editor.table.item(_row_of(editor, "OLD"), COL_WARN).text().startswith("Expired on")
    assert editor.table.item(_row_of(editor, "OLD"), COL_DAYS).text() == "0"
    soon = editor.table.item(_row_of(editor, "SOON"), COL_WARN).text()
    assert soon == "Expires in 10 days (2026-11-30): request a renewal"


def test_new_authorization_is_saved_audited_and_shown(qtbot, editor, demo_store):
    editor.select_client("client-dmitri")
    _usage_read(qtbot, editor)
    editor.new_authorization()
    editor.code_combo.setCurrentIndex(editor.code_combo.findData("H0036"))
    editor.number_edit.setText("PA-NEW-7")
    editor.units_spin.setValue(48)
    editor.start_edit.set_value(date(2026, 11, 1))
    editor.end_edit.set_value(date(2027, 4, 30))
    with qtbot.waitSignal(editor.bus.changed) as blocker:
        assert editor.save()
    _usage_read(qtbot, editor)
    assert blocker.args[0].entities == {Entity.AUTHORIZATION}
    saved = next(a for a in demo_store.authorizations("client-dmitri") if a.number == "PA-NEW-7")
    assert (saved.code, saved.units, saved.end) == ("H0036", 48, date(2027, 4, 30))
    assert demo_store.audit_log("authorization", saved.id)[0]["action"] == "create"
    row = _row_of(editor, "PA-NEW-7")
    assert editor.table.item(row, COL_USED).text() == "0"
    assert editor.table.item(row, COL_DAYS).text() == "162"


def test_bad_authorization_lists_problems_and_writes_nothing(qtbot, editor, demo_store):
    before = len(demo_store.audit_log())
    editor.select_client("client-dmitri")
    _usage_read(qtbot, editor)
    editor.new_authorization()
    editor.units_spin.setValue(0)
    editor.start_edit.set_value(date(2026, 12, 1))
    editor.end_edit.set_value(date(2026, 11, 1))
    assert not editor.save()
    # Each problem under its field, and no list of them besides.
    assert editor.field_errors.messages() == {
        "number": "enter the authorization number the payer issued",
        "units": "must be 1 or more",
        "end": "2026-11-01 is before the start 2026-12-01",
    }
    assert editor.problems.lines() == []
    assert len(demo_store.audit_log()) == before


def test_editing_units_records_the_change(qtbot, editor, demo_store):
    editor.select_client("client-dmitri")
    _usage_read(qtbot, editor)
    [auth] = demo_store.authorizations("client-dmitri")
    editor.load_authorization(auth.id)
    editor.units_spin.setValue(auth.units + 20)
    assert editor.save()
    _usage_read(qtbot, editor)
    last = demo_store.audit_log("authorization", auth.id)[-1]
    assert last["details"] == {"units": {"from": auth.units, "to": auth.units + 20}}
    row = _row_of(editor, auth.number)
    used = int(editor.table.item(row, COL_USED).text())
    assert int(editor.table.item(row, COL_LEFT).text()) == auth.units + 20 - used


def test_meter_follows_a_newly_signed_note_without_touching_the_form(qtbot, editor, demo_store):
    from datetime import UTC, datetime

    from sessionlog.core.models import Signature
    from sessionlog.store import SessionFilter

    editor.select_client("client-dmitri")
    _usage_read(qtbot, editor)
    [auth] = demo_store.authorizations("client-dmitri")
    row = _row_of(editor, auth.number)
    used_before = int(editor.table.item(row, COL_USED).text())
    draft = next(
        s
        for s in demo_store.sessions(SessionFilter(client_id="client-dmitri", end=TODAY))
        if not s.signed and s.code == auth.code
    )
    editor.number_edit.setText("typing…")
    editor.number_edit.textEdited.emit("typing…")
    demo_store.sign_session(
        draft.id, Signature("staff-ben", datetime(2026, 11, 20, 23, 0, tzinfo=UTC), "UTC")
    )
    editor.bus.notify(Entity.SESSION)
    _usage_read(qtbot, editor)
    row = _row_of(editor, auth.number)
    used_after = int(editor.table.item(row, COL_USED).text())
    assert used_after > used_before
    lines = billing_lines(demo_store, client_id="client-dmitri", start=auth.start, end=TODAY)
    assert used_after == sum(n for line in lines for aid, n in line.authorization_draws)
    assert editor.number_edit.text() == "typing…"


def test_rows_are_shown_at_once_and_their_usage_is_read_off_the_gui_thread(
    qtbot, editor, demo_store, monkeypatch
):
    """Usage after a write that forgot the kept draws computes the client's draws (~0.2 s
    at ten years): the rows and the form come at once, the figures once read elsewhere."""
    import threading

    from sessionlog.ui.setup import authorizations as page

    threads: list[threading.Thread] = []
    real = page.authorization_usage_for_client

    def recorded(records, client_id, as_of):
        threads.append(threading.current_thread())
        return real(records, client_id, as_of)

    monkeypatch.setattr(page, "authorization_usage_for_client", recorded)
    auths = demo_store.authorizations("client-marcus")
    editor.select_client("client-marcus")
    assert editor.is_loading
    row = _row_of(editor, auths[0].number)  # the rows are there already
    assert editor.table.item(row, COL_USED).text() == "…"
    # No meter yet (a 0% one would say nothing was used).
    assert editor.table.item(row, COL_METER).data(METER_ROLE) is None
    assert editor.table.item(row, COL_METER).text() == ""
    assert editor.number_edit.text() == editor.table.item(0, COL_NUMBER).text()  # the form too
    _usage_read(qtbot, editor)
    assert threads and threading.main_thread() not in threads
    assert editor.table.item(row, COL_USED).text().isdigit()


def test_a_read_for_a_client_no_longer_shown_is_not_shown(qtbot, editor, demo_store):
    """Choosing clients quickly: only the last one's figures fill the rows."""
    editor.select_client("client-marcus")
    editor.select_client("client-tran")
    _usage_read(qtbot, editor)
    qtbot.wait(200)  # the first read's answer, if it came late, would be here by now
    numbers = {a.number for a in demo_store.authorizations("client-tran")}
    shown = {editor.table.item(r, COL_NUMBER).text() for r in range(editor.table.rowCount())}
    assert shown == numbers
    assert set(editor.usage) == {a.id for a in demo_store.authorizations("client-tran")}


def test_usage_that_could_not_be_read_says_so(qtbot, editor, monkeypatch):
    from sessionlog.ui.setup import authorizations as page

    def broken(records, client_id, as_of):
        raise OSError("disk gone")

    monkeypatch.setattr(page, "authorization_usage_for_client", broken)
    editor.select_client("client-tran")
    _usage_read(qtbot, editor)
    assert editor.table.rowCount() > 0
    assert {editor.table.item(r, COL_USED).text() for r in range(editor.table.rowCount())} == {
        "not read"
    }
    for r in range(editor.table.rowCount()):  # no meter: a guess would be worse than none
        assert editor.table.item(r, COL_METER).data(METER_ROLE) is None


def test_the_meters_column_has_room_for_the_meter_that_comes_later(qtbot, demo_store):
    """The meter's column is laid out while the usage is still being read, and keeps its
    width when the meters come in: a meter drawn later in a column sized to the empty
    cells covered the start of the Attention column (seen in a screenshot)."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    editor = AuthorizationsEditor(demo_store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.resize(1100, 600)
    editor.show()  # laid out while the usage is still being read
    qtbot.waitExposed(editor)
    header = editor.table.horizontalHeader()
    assert editor.is_loading
    assert header.sectionSize(COL_METER) == METER_WIDTH + 10
    _usage_read(qtbot, editor)
    assert editor.table.item(0, COL_METER).data(METER_ROLE) is not None
    assert header.sectionSize(COL_METER) == METER_WIDTH + 10
    index = editor.table.model().index(0, COL_METER)
    option = QStyleOptionViewItem()
    option.initFrom(editor.table)
    hint = editor.table.itemDelegateForColumn(COL_METER).sizeHint(option, index)
    assert hint.width() <= header.sectionSize(COL_METER)


def _filled_share(editor: AuthorizationsEditor, row: int, color) -> float:
    """The share of the row's meter bar painted in ``color``, measured across: the columns
    of pixels in which it appears, over the bar's width (the cell's, less its margins)."""
    from sessionlog.ui.setup.usage_meter import UsageMeterDelegate

    table = editor.table
    image = table.viewport().grab().toImage()
    rect = table.visualRect(table.model().index(row, COL_METER))
    rgb = color.rgb()
    filled = sum(
        1
        for x in range(rect.left(), rect.right() + 1)
        if any(image.pixel(x, y) == rgb for y in range(rect.top(), rect.bottom() + 1))
    )
    return filled / (rect.width() - 2 * UsageMeterDelegate.MARGIN_X)


def test_the_delegate_paints_an_exhausted_meter_in_the_warning_tone(qtbot, demo_store):
    """The meters are painted from the items' data, not cell widgets: an exhausted
    authorization's bar is filled in the warning colour, a fresh one's not at all, and a
    half-used one's in the palette's highlight."""
    from PySide6.QtGui import QPalette

    from sessionlog.ui import theme

    demo_store.save_authorization(
        Authorization(
            "a-fresh", "client-tran", "H2014", 60, date(2026, 11, 1), date(2027, 4, 30), "FRESH"
        )
    )
    editor = AuthorizationsEditor(demo_store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.resize(1100, 600)
    editor.show()
    qtbot.waitExposed(editor)
    editor.select_client("client-tran")
    _usage_read(qtbot, editor)
    assert not any(editor.table.cellWidget(r, COL_METER) for r in range(editor.table.rowCount()))
    palette = editor.table.palette()
    warning = theme.text(Tone.WARNING, palette, on=QPalette.ColorRole.Base)
    # The whole bar, but for its rounded ends' outline.
    assert _filled_share(editor, _row_of(editor, "PA-2602"), warning) == pytest.approx(1, abs=0.05)
    assert _filled_share(editor, _row_of(editor, "FRESH"), warning) == 0

    editor.select_client("client-lena")  # 51 of 96 used, no warning
    _usage_read(qtbot, editor)
    editor.table.clearSelection()  # the highlight colour is the selected row's too
    row = _row_of(editor, "PA-2601")
    highlight = palette.color(QPalette.ColorRole.Highlight)
    assert _filled_share(editor, row, warning) == 0
    assert _filled_share(editor, row, highlight) == pytest.approx(51 / 96, abs=0.05)
    # The empty part is drawn too: the bar's edge runs its whole width.
    assert _filled_share(editor, row, theme.outline(palette)) > 0.9


def test_columns_fitted_to_their_contents_are_measured_once_the_rows_are_in(qtbot, demo_store):
    """Filling holds the columns sized to their contents (each cell set measured every
    row again: 110-220 ms per client at ten years), then measures them: they fit."""
    from PySide6.QtWidgets import QHeaderView

    editor = AuthorizationsEditor(demo_store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.resize(1100, 600)
    editor.show()
    qtbot.waitExposed(editor)
    editor.select_client("client-marcus")
    _usage_read(qtbot, editor)
    header = editor.table.horizontalHeader()
    for col in (COL_NUMBER, COL_PERIOD, COL_USED, COL_DAYS):
        assert header.sectionResizeMode(col) == QHeaderView.ResizeMode.ResizeToContents
        assert header.sectionSize(col) >= editor.table.sizeHintForColumn(col)


def test_rows_fit_their_usage_when_it_comes(qtbot, demo_store):
    """Filling the usage in measures only the rows with warnings: a row without keeps the
    height it had while the usage was read (the meter's column asked for the meter's
    height from the start), a warning wrapped over lines makes its row taller, and every
    row fits its contents."""
    demo_store.save_authorization(
        Authorization(
            "a-fresh", "client-tran", "H2014", 60, date(2026, 11, 1), date(2027, 4, 30), "FRESH"
        )
    )
    editor = AuthorizationsEditor(demo_store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.resize(760, 600)  # narrow: the exhausted one's warning wraps
    editor.show()
    qtbot.waitExposed(editor)
    editor.select_client("client-tran")
    assert editor.is_loading
    table = editor.table
    pending = {table.item(r, COL_NUMBER).text(): table.rowHeight(r) for r in range(2)}
    _usage_read(qtbot, editor)
    fresh, exhausted = _row_of(editor, "FRESH"), _row_of(editor, "PA-2602")
    assert table.rowHeight(fresh) == pending["FRESH"]
    assert table.rowHeight(exhausted) > pending["PA-2602"]
    for row in (fresh, exhausted):
        assert table.rowHeight(row) >= table.sizeHintForRow(row)
