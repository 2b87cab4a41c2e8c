"""One table of bad caseload records, run through every way a record is written: the
service call, the JSON import, the CSV roster import (clients) and the Setup editor.
Each path must refuse the record with the same rule's same message and write nothing."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from sessionlog.core.interchange import InterchangeError, to_document
from sessionlog.core.models import Authorization, Client, Dataset, Staff, TreatmentPlan
from sessionlog.core.roster import RosterError
from sessionlog.services import caseload
from sessionlog.services.interchange import check_import, import_file
from sessionlog.services.roster import import_roster
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.setup import authorizations as auth_ui
from sessionlog.ui.setup import clients as clients_ui
from sessionlog.ui.setup import plans as plans_ui
from sessionlog.ui.setup import staff as staff_ui

TODAY = date(2026, 11, 20)
MARCUS_PLAN = "the demo's current plan for client-marcus"


@dataclass(frozen=True)
class BadRecord:
    name: str
    record: Callable[[], Staff | Client | TreatmentPlan | Authorization]
    field: str
    message: str  # MARCUS_PLAN stands for that plan's period, read from the store
    setup: Callable[[object, object], object] | None  # (qtbot, store) -> editor, filled


# How each editor labels a field in its problem list (the plans editor shows field names).
FIELD_LABELS: dict[type, dict[str, str]] = {
    staff_ui.StaffEditor: staff_ui.FIELD_LABELS,
    clients_ui.ClientsEditor: clients_ui.FIELD_LABELS,
    auth_ui.AuthorizationsEditor: auth_ui.FIELD_LABELS,
}


def _staff_editor(qtbot, store, name: str, credential: str):
    editor = staff_ui.StaffEditor(store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.new_staff()
    editor.name_edit.setText(name)
    editor.credential_edit.setText(credential)
    return editor


def _client_editor(qtbot, store, birth: str, medicaid: str):
    editor = clients_ui.ClientsEditor(store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.new_client()
    editor.name_edit.setText("Ana Ruiz")
    editor.birth_edit.setText(birth)
    editor.medicaid_edit.setText(medicaid)
    editor.payer_combo.setCurrentIndex(editor.payer_combo.findData("payer-state-medicaid"))
    editor.zone_combo.set_zone("America/Chicago")
    return editor


def _plan_editor(qtbot, store):
    editor = plans_ui.PlansEditor(store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.select_client("client-marcus")
    editor.new_empty_plan()  # a year from TODAY: the current plan covers TODAY
    return editor


def _auth_editor(qtbot, store):
    editor = auth_ui.AuthorizationsEditor(store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.select_client("client-marcus")
    editor.new_authorization()
    editor.units_spin.setValue(0)
    editor.number_edit.setText("PA-NEW-1")
    return editor


def _client(birth: date, medicaid: str) -> Client:
    return Client(
        "client-new", "Ana Ruiz", birth, medicaid, "payer-state-medicaid", [], "America/Chicago"
    )


BAD_RECORDS = [
    BadRecord(
        "staff without credential",
        lambda: Staff("staff-new", "New Coach", "  "),
        "credential",
        "enter the credential or title shown with the signature (e.g. Job Coach, CESP)",
        lambda qtbot, store: _staff_editor(qtbot, store, "New Coach", " "),
    ),
    BadRecord(
        "staff with a blank name",
        lambda: Staff("staff-new", "   ", "Job Coach"),
        "name",
        "enter the name signed notes will show",
        lambda qtbot, store: _staff_editor(qtbot, store, "   ", "Job Coach"),
    ),
    BadRecord(
        "client with a Medicaid ID already in use",
        lambda: _client(date(1990, 3, 4), "MCD100234"),
        "medicaid_id",
        "MCD100234 is already used by the stored client client-marcus",
        lambda qtbot, store: _client_editor(qtbot, store, "1990-03-04", "MCD100234"),
    ),
    BadRecord(
        "client born in the future",
        lambda: _client(date(2031, 1, 2), "MCD999001"),
        "birth_date",
        "2031-01-02 is in the future",
        lambda qtbot, store: _client_editor(qtbot, store, "2031-01-02", "MCD999001"),
    ),
    BadRecord(
        "plan overlapping the client's current plan",
        lambda: TreatmentPlan("plan-new", "client-marcus", TODAY, TODAY + timedelta(days=364), []),
        "period",
        MARCUS_PLAN,
        _plan_editor,
    ),
    BadRecord(
        "authorization of zero units",
        lambda: Authorization(
            "auth-new", "client-marcus", "H2023", 0, TODAY, TODAY + timedelta(days=90), "PA-9"
        ),
        "units",
        "must be 1 or more",
        _auth_editor,
    ),
]


def _expected_message(bad: BadRecord, store) -> str:
    if bad.message != MARCUS_PLAN:
        return bad.message
    current = store.active_plan("client-marcus", TODAY)
    return (
        f"overlaps the plan {current.start.isoformat()} to {current.end.isoformat()}; "
        "shorten one of them first"
    )


def _kind(record) -> str:
    return caseload.entity_of(record).value


def _dataset_of(record) -> Dataset:
    dataset = Dataset()
    match record:
        case Staff():
            dataset.staff.append(record)
        case Client():
            dataset.clients.append(record)
        case TreatmentPlan():
            dataset.plans.append(record)
        case Authorization():
            dataset.authorizations.append(record)
    return dataset


def _audit_size(store) -> int:
    return len(store.audit_log())


@pytest.mark.parametrize("bad", BAD_RECORDS, ids=lambda b: b.name)
def test_service_call_refuses_with_the_rule_message(bad, demo_store):
    record = bad.record()
    before = _audit_size(demo_store)
    result = caseload.save_records(demo_store, [record], today=TODAY)
    message = _expected_message(bad, demo_store)
    assert not result.ok and not result.changes
    assert [(p.field, p.message) for p in result.problems] == [(bad.field, message)]
    assert str(result.problems[0]) == f"{_kind(record)} {record.id}: {bad.field}: {message}"
    assert _audit_size(demo_store) == before


@pytest.mark.parametrize("bad", BAD_RECORDS, ids=lambda b: b.name)
def test_json_import_prints_kind_id_field_message(bad, demo_store, tmp_path: Path):
    record = bad.record()
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(to_document(_dataset_of(record))), encoding="utf-8")
    line = f"{_kind(record)} {record.id}: {bad.field}: {_expected_message(bad, demo_store)}"
    # The preview before importing shows it too, not only the import.
    assert line in check_import(demo_store, _dataset_of(record)).problems
    before = _audit_size(demo_store)
    with pytest.raises(InterchangeError) as refused:
        import_file(demo_store, path)
    assert line in refused.value.problems
    assert _audit_size(demo_store) == before


@pytest.mark.parametrize(
    "bad", [b for b in BAD_RECORDS if isinstance(b.record(), Client)], ids=lambda b: b.name
)
def test_roster_import_names_the_row_with_the_same_message(bad, demo_store):
    client = bad.record()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "birth_date", "medicaid_id", "payer", "timezone"])
    writer.writerow(
        [
            client.name,
            client.birth_date.isoformat(),
            client.medicaid_id,
            client.payer_id,
            client.timezone,
        ]
    )
    before = _audit_size(demo_store)
    with pytest.raises(RosterError) as refused:
        import_roster(demo_store, out.getvalue(), today=TODAY)
    assert f"row 2: {bad.field}: {bad.message}" in refused.value.problems
    assert _audit_size(demo_store) == before


@pytest.mark.parametrize("bad", BAD_RECORDS, ids=lambda b: b.name)
def test_setup_editor_shows_the_same_message(bad, qtbot, demo_store):
    editor = bad.setup(qtbot, demo_store)
    before = _audit_size(demo_store)
    assert not editor.save()
    labels = FIELD_LABELS.get(type(editor), {})
    label = labels.get(bad.field, bad.field)
    assert f"{label}: {_expected_message(bad, demo_store)}" in editor.problems.lines()
    assert _audit_size(demo_store) == before
