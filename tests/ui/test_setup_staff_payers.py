"""Staff profiles and payer unit settings, edited on a real database."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from sessionlog.core.changes import Changes
from sessionlog.core.units import units_for_minutes
from sessionlog.services.preferences import CURRENT_STAFF_KEY, choose_current_staff
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.setup.payers import PayersEditor
from sessionlog.ui.setup.staff import StaffEditor

TODAY = date(2026, 11, 20)


@pytest.fixture
def staff_editor(qtbot, demo_store):
    widget = StaffEditor(demo_store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def payers_editor(qtbot, demo_store):
    widget = PayersEditor(demo_store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(widget)
    return widget


# ---- staff ------------------------------------------------------------------------


def test_profile_edit_is_saved_and_audited(staff_editor, demo_store):
    staff_editor.load_staff("staff-rosa")
    staff_editor.credential_edit.setText("Job Coach (CESP), BA")
    staff_editor.modifier_combo.setCurrentIndex(staff_editor.modifier_combo.findData("HN"))
    staff_editor.attestation_edit.setPlainText("I provided this service as documented.")
    assert staff_editor.save()
    rosa = demo_store.staff("staff-rosa")
    assert (rosa.credential, rosa.modifier) == ("Job Coach (CESP), BA", "HN")
    assert rosa.attestation == "I provided this service as documented."
    last = demo_store.audit_log("staff", "staff-rosa")[-1]
    assert last["action"] == "update" and last["actor"] == "test"
    assert last["details"]["modifier"] == {"from": "HM", "to": "HN"}


def test_blank_modifier_is_stored_as_none(staff_editor, demo_store):
    staff_editor.load_staff("staff-rosa")
    staff_editor.modifier_combo.setCurrentIndex(0)
    assert staff_editor.save()
    assert demo_store.staff("staff-rosa").modifier is None


def test_profile_without_credential_is_refused(staff_editor, demo_store):
    count = len(demo_store.staff_members())
    staff_editor.new_staff()
    staff_editor.name_edit.setText("New Coach")
    assert not staff_editor.save()
    message = "enter the credential or title shown with the signature (e.g. Job Coach, CESP)"
    assert staff_editor.field_errors.messages() == {"credential": message}
    assert len(demo_store.staff_members()) == count


def test_choosing_who_i_am_sets_app_state(qtbot, staff_editor, demo_store):
    assert demo_store.get_state(CURRENT_STAFF_KEY) is None
    assert staff_editor.me_combo.currentText() == "(choose your name)"
    staff_editor.me_combo.setCurrentIndex(staff_editor.me_combo.findData("staff-ben"))
    with qtbot.waitSignal(staff_editor.bus.changed):
        staff_editor.use_selected_profile()
    assert demo_store.get_state(CURRENT_STAFF_KEY) == "staff-ben"
    assert staff_editor.me_label.text() == "This laptop is used by Ben Okafor."


def test_first_profile_on_an_empty_laptop_becomes_mine(qtbot, store):
    chosen: list[str] = []

    def choose(staff_id: str) -> Changes:
        chosen.append(staff_id)
        return choose_current_staff(store, staff_id)

    editor = StaffEditor(store, ChangeBus(), choose_current=choose)
    qtbot.addWidget(editor)
    editor.name_edit.setText("Rosa Delgado")
    editor.credential_edit.setText("Job Coach")
    assert editor.save()
    [member] = store.staff_members()
    assert chosen == [member.id]
    assert store.audit_log("staff", member.id)[0]["action"] == "create"


# ---- payers -----------------------------------------------------------------------


def test_live_example_follows_the_rounding_setting(payers_editor, demo_store):
    payers_editor.load_payer("payer-state-medicaid")
    payers_editor.example_code.setCurrentIndex(payers_editor.example_code.findData("H2014"))
    payers_editor.example_minutes.setValue(38)
    assert payers_editor.example_label.text() == "38 minutes → 3 units"
    payers_editor.rounding_buttons["down"].setChecked(True)
    assert payers_editor.example_label.text() == "38 minutes → 2 units"
    payers_editor.example_minutes.setValue(8)
    assert payers_editor.example_label.text() == "8 minutes → 0 units"
    payers_editor.rounding_buttons["midpoint"].setChecked(True)
    assert payers_editor.example_label.text() == "8 minutes → 1 unit"
    # Each rule by its one name (core.units), the words the explanations and packet use.
    assert payers_editor.rounding_buttons["midpoint"].text().startswith("CMS 8-minute rule: ")
    assert payers_editor.rounding_buttons["down"].text().startswith("Whole units only: ")
    # Nothing is written until Save.
    assert demo_store.payer("payer-state-medicaid").rounding == "midpoint"


def test_example_agrees_with_the_engine_for_every_minute(payers_editor):
    payers_editor.load_payer("payer-prairie-mco")
    payer = payers_editor.form_payer()
    for minutes in (0, 7, 8, 22, 23, 37, 38, 52, 53, 120):
        payers_editor.example_minutes.setValue(minutes)
        expected = units_for_minutes(minutes, payer, "H2014")
        assert payers_editor.example_label.text().endswith(
            f"→ {expected} unit" + ("" if expected == 1 else "s")
        )


def test_per_diem_example_uses_the_payer_minimum(payers_editor):
    payers_editor.load_payer("payer-state-medicaid")
    payers_editor.example_code.setCurrentIndex(payers_editor.example_code.findData("H2024"))
    payers_editor.example_minutes.setValue(149)
    assert payers_editor.example_label.text() == "149 minutes → 0 units"
    payers_editor.per_diem_spins["H2024"].setValue(120)
    assert payers_editor.example_label.text() == "149 minutes → 1 unit"
    assert "One unit a day from 120 minutes" in payers_editor.glance_label.text()


def test_payer_settings_are_saved_and_audited(payers_editor, demo_store):
    payers_editor.load_payer("payer-prairie-mco")
    payers_editor.rounding_buttons["midpoint"].setChecked(True)
    payers_editor.aggregate_buttons["day"].setChecked(True)
    payers_editor.daily_max_spins["H0038"].setValue(16)
    payers_editor.daily_max_spins["H2014"].setValue(0)  # no limit
    payers_editor.telehealth_combo.setCurrentIndex(payers_editor.telehealth_combo.findData(None))
    payers_editor.credential_check.setChecked(False)
    payers_editor.deadline_spin.setValue(5)
    assert payers_editor.save()
    payer = demo_store.payer("payer-prairie-mco")
    assert (payer.rounding, payer.aggregate) == ("midpoint", "day")
    assert payer.daily_max_units == {"H0038": 16, "H2023": 16}
    assert payer.telehealth_modifier is None
    assert payer.credential_modifiers is False
    assert payer.documentation_deadline_days == 5
    details = demo_store.audit_log("payer", "payer-prairie-mco")[-1]["details"]
    assert details["rounding"] == {"from": "down", "to": "midpoint"}
    assert details["documentation_deadline_days"] == {"from": 3, "to": 5}


def test_new_payer_needs_a_name(payers_editor, demo_store):
    payers_editor.new_payer()
    assert not payers_editor.save()
    assert payers_editor.field_errors.messages() == {"name": "enter the payer's name"}
    payers_editor.name_edit.setText("Lakeside MCO")
    assert payers_editor.save()
    assert "Lakeside MCO" in {p.name for p in demo_store.payers()}


def _cut_off(editor: PayersEditor) -> list[str]:
    """The payer page's group boxes reaching past the right edge of what is shown."""
    from PySide6.QtWidgets import QGroupBox

    from sessionlog.ui.setup.payers import SideBySideScroll

    scroll = editor.findChild(SideBySideScroll)
    viewport = scroll.viewport()
    right = viewport.mapToGlobal(viewport.rect().topRight()).x()
    return [
        box.title()
        for box in scroll.widget().findChildren(QGroupBox)
        if box.mapToGlobal(box.rect().topRight()).x() > right
    ]


def test_the_example_and_caps_are_never_cut_off_at_the_right(qtbot, payers_editor):
    """Side by side the settings and the example needed ~950 px (English) where the
    Setup window gave ~890: the example, per-diem minutes and caps were cut off."""
    from PySide6.QtWidgets import QBoxLayout

    from sessionlog.ui.setup.payers import SideBySideScroll

    scroll = payers_editor.findChild(SideBySideScroll)
    payers_editor.show()
    for width in (1150, 900, 760, 1600):
        payers_editor.resize(width, 700)  # never below its minimum width
        for _ in range(3):
            QApplication.processEvents()
        assert payers_editor.width() == max(width, payers_editor.minimumSizeHint().width())
        assert _cut_off(payers_editor) == [], width
        side_by_side = scroll._columns.direction() == QBoxLayout.Direction.LeftToRight
        assert side_by_side == (scroll.viewport().width() >= scroll.side_by_side_width())
    assert side_by_side  # 1600 px: the example beside the settings again
