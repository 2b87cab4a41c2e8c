"""Setup for claims: the Agency tab, staff NPI and supervisor, payer id, rates, groups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.setup.agency import AgencyEditor
from sessionlog.ui.setup.payers import PayersEditor
from sessionlog.ui.setup.staff import StaffEditor

TODAY = date(2026, 11, 20)


@pytest.fixture
def agency_editor(qtbot, store):
    widget = AgencyEditor(store, ChangeBus())
    qtbot.addWidget(widget)
    return widget


def test_agency_is_saved_and_read_back(agency_editor, store) -> None:
    values = {
        "name": "Prairie Supports",
        "npi": "1234567893",
        "tax_id": "12-3456789",
        "taxonomy": "251s00000x",
        "line1": "100 Main St",
        "city": "Springfield",
        "state": "il",
        "zip": "62701-1234",
        "phone": "(217) 555-0100",
    }
    for key, value in values.items():
        agency_editor.edits[key].setText(value)
    assert agency_editor.save()
    agency = store.agency()
    assert agency is not None
    assert (agency.npi, agency.taxonomy, agency.address.state) == ("1234567893", "251S00000X", "IL")
    again = AgencyEditor(store, ChangeBus())
    assert again.edits["zip"].text() == "62701-1234"


def test_agency_problems_are_named_by_field_and_nothing_is_saved(agency_editor, store) -> None:
    agency_editor.edits["name"].setText("Prairie Supports")
    agency_editor.edits["npi"].setText("1234567890")
    agency_editor.edits["state"].setText("ZZ")
    assert not agency_editor.save()
    shown = agency_editor.field_errors.messages()
    assert shown["npi"].startswith("'1234567890' fails the NPI check digit")
    assert shown["state"].startswith("'ZZ' is not a two-letter US state code")
    assert store.agency() is None


def test_staff_npi_and_supervisor(qtbot, demo_store) -> None:
    editor = StaffEditor(demo_store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.load_staff("staff-ben")
    assert editor.npi_edit.text() == "1755034562"
    editor.supervisor_combo.setCurrentIndex(editor.supervisor_combo.findData("staff-dana"))
    assert editor.save()
    assert demo_store.staff("staff-ben").supervisor_id == "staff-dana"
    editor.npi_edit.setText("1755034560")
    assert not editor.save()
    assert editor.field_errors.message("npi")
    assert demo_store.staff("staff-ben").npi == "1755034562"
    # Nobody is offered as their own supervisor.
    ids = [editor.supervisor_combo.itemData(i) for i in range(editor.supervisor_combo.count())]
    assert "staff-ben" not in ids


def test_payer_claim_fields(qtbot, demo_store) -> None:
    editor = PayersEditor(demo_store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.load_payer("payer-state-medicaid")
    assert editor.payer_id_edit.text() == "SMCD1"
    assert editor.rate_spins["H2023"].value() == pytest.approx(18.25)
    editor.rate_spins["H2015"].setValue(21.1)
    editor.group_spins["H2015"].setValue(3)
    editor.audio_only_edit.setText("fq")
    assert editor.save()
    payer = demo_store.payer("payer-state-medicaid")
    assert payer.rates["H2015"] == Decimal("21.10")
    assert payer.max_group_size["H2015"] == 3
    assert payer.audio_only_modifier == "FQ"


def test_client_address_is_edited_kept_and_checked(qtbot, demo_store) -> None:
    from sessionlog.ui.setup.clients import ClientsEditor

    editor = ClientsEditor(demo_store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.load_client("client-marcus")
    assert editor.address_edits["line1"].text() == "18 Cedar Lane"
    editor.name_edit.setText("Marcus J. Webb")
    assert editor.save()
    # Saving other fields keeps the address.
    assert demo_store.client("client-marcus").address.city == "Springfield"
    editor.address_edits["zip"].setText("627")
    assert not editor.save()
    # The address's parts share one line under it; each problem names its part.
    assert editor.field_errors.message("address.zip").startswith("ZIP: '627'")
    for edit in editor.address_edits.values():
        edit.setText("")
    assert editor.save()
    assert demo_store.client("client-marcus").address is None
