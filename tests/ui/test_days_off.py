"""Setup ▸ Agency days off…: saved (and audited), and signing then counts them."""

from __future__ import annotations

from datetime import date

from sessionlog.core.changes import Entity
from sessionlog.services.calendar import agency_days_off
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.setup.days_off import DaysOffDialog


def test_days_off_are_saved_audited_and_announced(qtbot, store) -> None:
    bus = ChangeBus()
    dialog = DaysOffDialog(store, bus, today=lambda: date(2026, 11, 27))
    qtbot.addWidget(dialog)
    dialog.add_picked()
    dialog.add_picked()  # the same day once
    assert dialog.chosen() == [date(2026, 11, 27)]
    with qtbot.waitSignal(bus.changed) as changed:
        dialog.accept()
    assert changed.args[0].touches(Entity.SETTINGS)
    assert agency_days_off(store) == {date(2026, 11, 27)}
    entry = store.audit_log(entity="settings")[-1]
    assert entry["details"] == {"added": ["2026-11-27"], "removed": []}

    again = DaysOffDialog(store, bus)
    qtbot.addWidget(again)
    assert again.chosen() == [date(2026, 11, 27)]
    again.days.item(0).setSelected(True)
    again.remove_selected()
    again.accept()
    assert agency_days_off(store) == frozenset()
