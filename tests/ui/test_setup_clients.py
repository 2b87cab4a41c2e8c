"""The clients editor on a real database: add, edit, archive, delete, field checks."""

from __future__ import annotations

import time
from datetime import date

import pytest

from sessionlog.core.changes import Entity
from sessionlog.core.models import Client, Payer
from sessionlog.store import SessionFilter
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.setup import clients as clients_module
from sessionlog.ui.setup import record_list
from sessionlog.ui.setup.clients import ClientsEditor

TODAY = date(2026, 11, 20)


@pytest.fixture
def editor(qtbot, demo_store):
    bus = ChangeBus()
    widget = ClientsEditor(demo_store, bus, today=lambda: TODAY)
    qtbot.addWidget(widget)
    return widget


def _fill(editor: ClientsEditor, **values: str) -> None:
    editor.new_client()
    editor.name_edit.setText(values.get("name", "Ana Ruiz"))
    editor.birth_edit.setText(values.get("birth", "1990-03-04"))
    editor.medicaid_edit.setText(values.get("medicaid", "MCD777"))
    editor.diagnoses_edit.setText(values.get("diagnoses", "f20.9; F41.1"))
    editor.zone_combo.set_zone(values.get("zone", "America/Denver"))


def test_new_client_is_saved_with_audit_row_and_bus_notice(qtbot, editor, demo_store):
    _fill(editor)
    with qtbot.waitSignal(editor.bus.changed) as blocker:
        assert editor.save()
    assert blocker.args[0].entities == {Entity.CLIENT}
    saved = next(c for c in demo_store.clients() if c.name == "Ana Ruiz")
    assert saved.diagnoses == ["F20.9", "F41.1"]
    assert saved.timezone == "America/Denver"
    assert saved.birth_date == date(1990, 3, 4)
    audit = demo_store.audit_log("client", saved.id)
    assert [(row["action"], row["actor"]) for row in audit] == [("create", "test")]


def test_bad_diagnosis_is_named_and_nothing_is_written(editor, demo_store):
    before = len(demo_store.clients(include_archived=True))
    audit_before = len(demo_store.audit_log())
    _fill(editor, diagnoses="F20.9; 295.30")
    assert not editor.save()
    assert editor.field_errors.messages() == {
        "diagnoses": "'295.30' is not an ICD-10-CM code (e.g. F20.9)"
    }
    assert not editor.field_errors.label("diagnoses").isHidden()
    assert len(demo_store.clients(include_archived=True)) == before
    assert len(demo_store.audit_log()) == audit_before


def test_every_missing_field_is_listed(editor):
    editor.new_client()
    editor.zone_combo.set_zone("Not/AZone")
    assert not editor.save()
    shown = editor.field_errors.messages()
    assert shown["birth_date"] == "enter the client's birth date"
    assert shown["name"] == "enter the client's name"
    assert shown["medicaid_id"] == "enter the client's Medicaid ID"
    assert shown["timezone"].startswith("unknown time zone 'Not/AZone'")
    # The focus goes to the first of them in the form: the name.
    assert editor.focusWidget() is editor.name_edit


def test_duplicate_medicaid_id_is_refused(editor):
    _fill(editor, medicaid="MCD100234")
    assert not editor.save()
    assert editor.field_errors.messages() == {
        "medicaid_id": "MCD100234 is already used by the stored client client-marcus"
    }


def test_editing_records_the_changed_fields_in_the_audit_log(editor, demo_store):
    editor.load_client("client-marcus")
    editor.medicaid_edit.setText("MCD100235")
    assert editor.save()
    last = demo_store.audit_log("client", "client-marcus")[-1]
    assert last["action"] == "update"
    assert last["details"] == {"medicaid_id": {"from": "MCD100234", "to": "MCD100235"}}


def test_client_with_sessions_is_archived_never_deleted(editor, demo_store):
    assert demo_store.count_sessions(SessionFilter(client_id="client-marcus")) > 0
    editor.load_client("client-marcus")
    assert not editor.delete_button.isEnabled()
    assert editor.archive_button.isEnabled()
    editor.toggle_archived()
    assert demo_store.client("client-marcus").archived
    assert "client-marcus" not in {c.id for c in demo_store.clients()}
    assert demo_store.count_sessions(SessionFilter(client_id="client-marcus")) > 0
    # Still listed (archived shown on demand) so the change can be undone at once.
    assert editor.show_archived.isChecked()
    assert editor.archive_button.text() == "&Restore"
    editor.toggle_archived()
    assert not demo_store.client("client-marcus").archived
    actions = [r["details"] for r in demo_store.audit_log("client", "client-marcus")]
    assert actions[-2:] == [
        {"archived": {"from": 0, "to": 1}},
        {"archived": {"from": 1, "to": 0}},
    ]


def test_archived_clients_are_hidden_until_asked_for(qtbot, editor, demo_store):
    demo_store.set_client_archived("client-lena")
    editor.refresh()
    names = {editor.table.item(r, 0).text() for r in range(editor.table.rowCount())}
    assert "Lena Nováková" not in names
    editor.show_archived.setChecked(True)
    statuses = {
        editor.table.item(r, 0).text(): editor.table.item(r, 3).text()
        for r in range(editor.table.rowCount())
    }
    assert statuses["Lena Nováková"] == "Archived"


def test_client_without_records_can_be_deleted(qtbot, editor, demo_store, monkeypatch):
    demo_store.save_client(
        Client("c-new", "Typo Person", date(1990, 1, 1), "X1", "payer-state-medicaid")
    )
    editor.refresh()
    editor.load_client("c-new")
    assert editor.delete_button.isEnabled()
    monkeypatch.setattr(clients_module, "confirm", lambda *_args: True)
    editor.delete_current()
    assert "c-new" not in {c.id for c in demo_store.clients(include_archived=True)}
    assert demo_store.audit_log("client", "c-new")[-1]["action"] == "delete"


def test_payer_list_follows_the_bus(qtbot, editor, demo_store):
    demo_store.save_payer(Payer("payer-new", "Lakeside MCO"))
    editor.bus.notify(Entity.PAYER)
    names = [editor.payer_combo.itemText(i) for i in range(editor.payer_combo.count())]
    assert "Lakeside MCO" in names


def test_unsaved_typing_is_not_lost_silently(qtbot, editor, monkeypatch):
    editor.load_client("client-marcus")
    editor.name_edit.setText("Marcus W.")
    editor.name_edit.textEdited.emit("Marcus W.")
    asked: list[str] = []
    monkeypatch.setattr(editor, "_discard_ok", lambda: asked.append("asked") or False)
    editor.new_client()
    assert asked == ["asked"]
    assert editor.name_edit.text() == "Marcus W."


def test_time_zone_box_finds_zones_by_part_of_the_name(editor):
    completer = editor.zone_combo.completer()
    completer.setCompletionPrefix("chicago")
    assert completer.currentCompletion() == "America/Chicago"


def test_setup_and_file_menus_open_the_editors(qtbot, demo_store, db_path):
    from sessionlog.ui.main_window import MainWindow

    window = MainWindow(demo_store, db_path)
    qtbot.addWidget(window)
    setup_titles = [a.text() for a in window.setup_menu.actions()]
    assert {"&Clients…", "&Treatment plans…", "&Authorizations…", "&Payers…"} <= set(setup_titles)
    file_titles = [a.text() for a in window.file_menu.actions()]
    assert file_titles.index("&Import SessionLog file…") < file_titles.index("&Quit")
    assert "Import client &roster (CSV)…" in file_titles
    plans_action = next(a for a in window.setup_menu.actions() if a.text() == "&Treatment plans…")
    plans_action.trigger()
    setup = window.setup_actions.window
    assert setup is not None and setup.isVisible()
    assert setup.current_page() is setup.plans
    setup.close()


def test_the_setup_window_builds_a_tab_when_first_shown(qtbot, demo_store, db_path):
    """Opening Setup ▸ Treatment plans builds that editor only (issue 12: all seven,
    with their imports, held the window 150-250 ms at 300,000 sessions); another tab's
    editor is built, filled in, when the coach first shows it."""
    from sessionlog.ui.main_window import MainWindow
    from sessionlog.ui.setup.pages import CLIENTS, PLANS, TEMPLATES

    window = MainWindow(demo_store, db_path)
    qtbot.addWidget(window)
    setup = window.setup_actions.open_page(PLANS)
    assert setup.built_pages() == [PLANS]
    assert setup.tabs.currentIndex() == 4 and setup.current_page().isVisible()
    setup.tabs.setCurrentIndex(3)  # Clients, as Ctrl+Tab or a click on the tab
    assert setup.built_pages() == [CLIENTS, PLANS]
    clients = setup.current_page()
    assert clients is setup.clients and clients.isVisible()
    assert clients.table.rowCount() == len(demo_store.clients())
    window.setup_actions.open_page(TEMPLATES)
    assert setup.built_pages() == [CLIENTS, PLANS, TEMPLATES]
    assert setup.clients is clients  # built once
    setup.close()


def test_first_client_on_an_empty_laptop_gets_the_computers_zone(qtbot, store, monkeypatch):
    from sessionlog.core.models import Payer

    monkeypatch.setenv("TZ", "America/Denver")  # this laptop's zone
    time.tzset()
    store.save_payer(Payer("p1", "State Medicaid"))
    editor = ClientsEditor(store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    assert editor.zone_combo.zone() == "America/Denver"
    editor.name_edit.setText("Ana Ruiz")
    editor.birth_edit.setText("03/04/1990")
    editor.medicaid_edit.setText("M1")
    assert editor.save()
    [client] = store.clients()
    assert (client.payer_id, client.timezone) == ("p1", "America/Denver")
    # A zone the coach clears is asked for, never guessed at save.
    editor.new_client()
    editor.zone_combo.set_zone("")
    editor.name_edit.setText("Ben Ruiz")
    editor.birth_edit.setText("03/04/1991")
    editor.medicaid_edit.setText("M2")
    assert not editor.save()
    assert editor.field_errors.messages() == {
        "timezone": "choose the client's time zone (e.g. America/Chicago)"
    }
    editor.zone_combo.set_zone("America/New_York")
    assert editor.save()
    # The next new client starts in the same zone as the last one.
    editor.new_client()
    assert editor.zone_combo.zone() == "America/New_York"


@pytest.mark.parametrize("discard", [False, True])
def test_choosing_another_row_asks_before_dropping_typing(editor, demo_store, monkeypatch, discard):
    """The shared list-and-form navigation (setup/record_list.py) on the clients table."""
    editor.load_client("client-marcus")
    editor.name_edit.setText("Marcus W.")
    editor.name_edit.textEdited.emit("Marcus W.")
    monkeypatch.setattr(record_list, "confirm", lambda *_args: discard)
    other = next(
        row
        for row in range(editor.table.rowCount())
        if editor.table.item(row, 0).data(clients_module.ID_ROLE) != "client-marcus"
    )
    other_id = editor.table.item(other, 0).data(clients_module.ID_ROLE)
    editor.table.setCurrentCell(other, 0)
    if discard:
        assert editor._current_id == other_id
        assert editor.name_edit.text() == demo_store.client(other_id).name
    else:
        assert editor._current_id == "client-marcus"
        assert editor.name_edit.text() == "Marcus W."
        assert (
            editor.table.item(editor.table.currentRow(), 0).data(clients_module.ID_ROLE)
            == "client-marcus"
        )
