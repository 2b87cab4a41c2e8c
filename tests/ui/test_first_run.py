"""A first run without the demo that leads somewhere: the guided setup (Setup's own
editors in dependency order, each step skippable), the demo still one choice away, and
"Who is using this laptop" offering to create a profile when there is none."""

from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs import choose_staff
from sessionlog.ui.dialogs.first_run import DEMO, EMPTY, GUIDED, FirstRunDialog
from sessionlog.ui.main_window import MainWindow


def _answer(choice: str):
    def exec_(dialog: FirstRunDialog) -> int:
        {GUIDED: dialog.guided_button, DEMO: dialog.demo_button, EMPTY: dialog.empty_button}[
            choice
        ].click()
        return dialog.result()

    return exec_


@pytest.fixture
def first_window(qtbot, store, db_path, fake_clock, monkeypatch):
    monkeypatch.setenv("TZ", "America/Chicago")  # this laptop's zone
    time.tzset()
    # The passphrase offer comes first on a new database: declined here (its own tests
    # are in test_protection_ui.py); the first-run choices follow it.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window = MainWindow(store, db_path, bus=ChangeBus(), clock=fake_clock)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


def test_guided_setup_walks_setup_in_dependency_order_and_steps_can_be_skipped(
    qtbot, first_window, store, monkeypatch
):
    window = first_window
    monkeypatch.setattr(FirstRunDialog, "exec", _answer(GUIDED))
    window.start_up()
    setup = window.setup_actions.window
    assert setup is not None and setup.isVisible()
    guide = setup.guide
    assert guide is not None and guide.isVisible()
    titles = [setup.tabs.tabText(i) for i in range(setup.tabs.count())]
    assert titles[:6] == [
        "Agency",
        "Payers",
        "Staff",
        "Clients",
        "Treatment plans",
        "Authorizations",
    ]
    assert setup.current_page() is setup.agency
    assert guide.step_label.text() == "Step 1 of 6 · Your agency"

    guide.skip()  # the agency's NPI and address can wait
    assert setup.current_page() is setup.payers
    setup.payers.new_payer()
    qtbot.keyClicks(setup.payers.name_edit, "Illinois Medicaid")
    assert guide.save_and_next()
    [payer] = store.payers()
    assert payer.name == "Illinois Medicaid"

    assert setup.current_page() is setup.staff
    qtbot.keyClicks(setup.staff.name_edit, "Rosa Delgado")
    assert not guide.save_and_next()  # no credential: refused, said, and the guide stays
    assert setup.current_page() is setup.staff
    assert setup.staff.problems.isVisible()
    assert store.staff_members() == []
    qtbot.keyClicks(setup.staff.credential_edit, "Job Coach")
    assert guide.save_and_next()
    [rosa] = store.staff_members()
    assert window.current_staff_id == rosa.id  # the first profile is this laptop's user

    assert setup.current_page() is setup.clients
    assert setup.clients.zone_combo.zone() == "America/Chicago"  # the computer's zone
    setup.clients.new_client()
    qtbot.keyClicks(setup.clients.name_edit, "Ana Ruiz")
    qtbot.keyClicks(setup.clients.birth_edit, "1990-03-04")
    qtbot.keyClicks(setup.clients.medicaid_edit, "MCD777")
    assert guide.save_and_next()
    [client] = store.clients()
    assert (client.name, client.payer_id, client.timezone) == (
        "Ana Ruiz",
        payer.id,
        "America/Chicago",
    )

    assert setup.current_page() is setup.plans
    guide.skip()
    assert setup.current_page() is setup.authorizations
    assert guide.skip_button.text() == "Skip and finish"
    guide.skip()
    assert not guide.isVisible()
    # Today now says what is missing next, instead of pointing at the demo.
    assert "treatment plan" in window.today.empty_text.text()


def test_the_demo_is_still_one_choice_away(first_window, store, monkeypatch):
    monkeypatch.setattr(FirstRunDialog, "exec", _answer(DEMO))
    assert first_window.offer_demo_if_empty()
    assert len(store.clients()) == 4
    assert first_window.setup_actions.window is None  # no guide over the demo


def test_starting_empty_opens_nothing(first_window, store, monkeypatch):
    monkeypatch.setattr(FirstRunDialog, "exec", _answer(EMPTY))
    assert not first_window.offer_demo_if_empty()
    assert store.is_empty() and first_window.setup_actions.window is None


def test_who_is_using_this_laptop_offers_a_new_profile_when_there_is_none(
    qtbot, first_window, store, monkeypatch
):
    window = first_window
    seen: list[bool] = []

    def create(dialog: choose_staff.ChooseStaffDialog) -> int:
        seen.append(dialog.list.isVisibleTo(dialog))
        dialog.new_button.click()
        return dialog.result()

    monkeypatch.setattr(choose_staff.ChooseStaffDialog, "exec", create)
    who = next(a for a in window.setup_menu.actions() if "Who is using" in a.text())
    who.trigger()
    assert seen == [False]  # no empty list to pick from: the offer to create one
    setup = window.setup_actions.window
    assert setup is not None and setup.current_page() is setup.staff
    qtbot.keyClicks(setup.staff.name_edit, "Ben Okafor")
    qtbot.keyClicks(setup.staff.credential_edit, "Skills Trainer, BA")
    assert setup.staff.save()
    [ben] = store.staff_members()
    assert window.current_staff_id == ben.id
    assert "Ben Okafor" in window._staff_label.text()


def test_first_run_choice_closed_means_start_empty(qtbot):
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    assert dialog.choice == EMPTY
    assert dialog.guided_button.isDefault()
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
