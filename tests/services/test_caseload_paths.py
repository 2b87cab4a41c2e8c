"""One table of bad caseload records, run through every way a record is written: the
service call, the JSON import, the CSV roster import (clients) and the Setup editor.
Each path must refuse the record with the same rule's same message and write nothing:
an import prints ``kind id: field: message``, Setup shows the message under the field.

Some of the bad values are caught by the JSON parser's own format checks before any rule
runs (a plan ending before it starts, an unknown time zone, a required key missing from
the file, negative units): the parser must say it in the rules' words."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from sessionlog.core.interchange import TOP_LEVEL_KEYS, InterchangeError, to_document
from sessionlog.core.models import Authorization, Client, Dataset, Payer, Staff, TreatmentPlan
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
    record: Callable[[], Payer | Staff | Client | TreatmentPlan | Authorization]
    field: str
    message: str  # MARCUS_PLAN stands for that plan's period, read from the store
    setup: Callable[[object, object], object] | None  # (qtbot, store) -> editor, filled
    widget: str = ""  # the editor's attribute holding the field
    # How the file says it, when not as the record exports (a key left out).
    json_edit: Callable[[dict], None] | None = None


def _staff_editor(qtbot, store, name: str, credential: str):
    editor = staff_ui.StaffEditor(store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.new_staff()
    editor.name_edit.setText(name)
    editor.credential_edit.setText(credential)
    return editor


def _client_editor(qtbot, store, birth: str, medicaid: str, zone: str = "America/Chicago"):
    editor = clients_ui.ClientsEditor(store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.new_client()
    editor.name_edit.setText("Ana Ruiz")
    editor.birth_edit.setText(birth)
    editor.medicaid_edit.setText(medicaid)
    editor.payer_combo.setCurrentIndex(editor.payer_combo.findData("payer-state-medicaid"))
    editor.zone_combo.set_zone(zone)
    return editor


def _plan_editor(qtbot, store):
    editor = plans_ui.PlansEditor(store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.select_client("client-marcus")
    editor.new_empty_plan()  # a year from TODAY: the current plan covers TODAY
    return editor


def _plan_editor_with(start: date, end: date):
    def make(qtbot, store):
        editor = _plan_editor(qtbot, store)
        editor.start_edit.set_value(start)
        editor.end_edit.set_value(end)
        return editor

    return make


def _auth_editor(qtbot, store, units: int = 0, period: tuple[date, date] | None = None):
    editor = auth_ui.AuthorizationsEditor(store, ChangeBus(), today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.select_client("client-marcus")
    editor.new_authorization()
    editor.units_spin.setValue(units)
    editor.number_edit.setText("PA-NEW-1")
    if period is not None:
        editor.start_edit.set_value(period[0])
        editor.end_edit.set_value(period[1])
    return editor


def _client(birth: date, medicaid: str, zone: str = "America/Chicago") -> Client:
    return Client("client-new", "Ana Ruiz", birth, medicaid, "payer-state-medicaid", [], zone)


def _without(key: str) -> Callable[[dict], None]:
    def edit(record: dict) -> None:
        del record[key]

    return edit


LATER = TODAY + timedelta(days=3 * 365)  # after every stored plan of the demo


BAD_RECORDS = [
    BadRecord(
        "staff without credential",
        lambda: Staff("staff-new", "New Coach", "  "),
        "credential",
        "enter the credential or title shown with the signature (e.g. Job Coach, CESP)",
        lambda qtbot, store: _staff_editor(qtbot, store, "New Coach", " "),
        "credential_edit",
    ),
    BadRecord(
        "staff with a blank name",
        lambda: Staff("staff-new", "   ", "Job Coach"),
        "name",
        "enter the name signed notes will show",
        lambda qtbot, store: _staff_editor(qtbot, store, "   ", "Job Coach"),
        "name_edit",
        json_edit=_without("name"),  # the file leaves the name out altogether
    ),
    BadRecord(
        "client with a Medicaid ID already in use",
        lambda: _client(date(1990, 3, 4), "MCD100234"),
        "medicaid_id",
        "MCD100234 is already used by the stored client client-marcus",
        lambda qtbot, store: _client_editor(qtbot, store, "1990-03-04", "MCD100234"),
        "medicaid_edit",
    ),
    BadRecord(
        "client without a Medicaid ID",
        lambda: _client(date(1990, 3, 4), ""),
        "medicaid_id",
        "enter the client's Medicaid ID",
        lambda qtbot, store: _client_editor(qtbot, store, "1990-03-04", ""),
        "medicaid_edit",
        json_edit=_without("medicaid_id"),
    ),
    BadRecord(
        "client in an unknown time zone",
        lambda: _client(date(1990, 3, 4), "MCD999002", "Mars/Olympus_Mons"),
        "timezone",
        "unknown time zone 'Mars/Olympus_Mons' (use an IANA name, e.g. America/Chicago)",
        lambda qtbot, store: _client_editor(
            qtbot, store, "1990-03-04", "MCD999002", "Mars/Olympus_Mons"
        ),
        "zone_combo",
    ),
    BadRecord(
        "client born in the future",
        lambda: _client(date(2031, 1, 2), "MCD999001"),
        "birth_date",
        "2031-01-02 is in the future",
        lambda qtbot, store: _client_editor(qtbot, store, "2031-01-02", "MCD999001"),
        "birth_edit",
    ),
    BadRecord(
        "plan overlapping the client's current plan",
        lambda: TreatmentPlan("plan-new", "client-marcus", TODAY, TODAY + timedelta(days=364), []),
        "period",
        MARCUS_PLAN,
        _plan_editor,
        "end_edit",
    ),
    BadRecord(
        "plan ending before it starts",
        lambda: TreatmentPlan("plan-new", "client-marcus", LATER, LATER - timedelta(days=10), []),
        "end",
        f"{(LATER - timedelta(days=10)).isoformat()} is before the start {LATER.isoformat()}",
        _plan_editor_with(LATER, LATER - timedelta(days=10)),
        "end_edit",
    ),
    BadRecord(
        "authorization of zero units",
        lambda: Authorization(
            "auth-new", "client-marcus", "H2023", 0, TODAY, TODAY + timedelta(days=90), "PA-9"
        ),
        "units",
        "must be 1 or more",
        _auth_editor,
        "units_spin",
    ),
    BadRecord(
        "authorization of negative units",  # the parser's own check: the same words
        lambda: Authorization(
            "auth-new", "client-marcus", "H2023", -4, TODAY, TODAY + timedelta(days=90), "PA-9"
        ),
        "units",
        "must be 1 or more",
        None,  # Setup's units box stops at 0
    ),
    BadRecord(
        "authorization ending before it starts",
        lambda: Authorization(
            "auth-new", "client-marcus", "H2023", 40, TODAY, TODAY - timedelta(days=1), "PA-9"
        ),
        "end",
        f"{(TODAY - timedelta(days=1)).isoformat()} is before the start {TODAY.isoformat()}",
        lambda qtbot, store: _auth_editor(qtbot, store, 40, (TODAY, TODAY - timedelta(days=1))),
        "end_edit",
    ),
    BadRecord(
        "authorization without a number in the file",
        lambda: Authorization(
            "auth-new", "client-marcus", "H2023", 40, TODAY, TODAY + timedelta(days=90), ""
        ),
        "number",
        "enter the authorization number the payer issued",
        None,
        json_edit=_without("number"),
    ),
    BadRecord(
        "payer with an unknown rounding rule",
        lambda: Payer("payer-new", "Lakeside MCO", rounding="nearest"),
        "rounding",
        'must be "midpoint", "down" or "threshold80", got \'nearest\'',
        None,  # Setup offers the rules as buttons
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
        case Payer():
            dataset.payers.append(record)
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
    document = to_document(_dataset_of(record))
    if bad.json_edit is not None:
        [written] = [d for key in TOP_LEVEL_KEYS for d in document[key]]
        bad.json_edit(written)
    path.write_text(json.dumps(document), encoding="utf-8")
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


@pytest.mark.parametrize(
    "bad", [b for b in BAD_RECORDS if b.setup is not None], ids=lambda b: b.name
)
def test_setup_editor_shows_the_same_message_under_the_field(bad, qtbot, demo_store):
    editor = bad.setup(qtbot, demo_store)
    editor.resize(1200, 900)
    editor.show()
    qtbot.waitExposed(editor)
    before = _audit_size(demo_store)
    assert not editor.save()
    message = _expected_message(bad, demo_store)
    assert editor.field_errors.message(bad.field) == message
    label = editor.field_errors.label(bad.field)
    field = getattr(editor, bad.widget)
    qtbot.waitUntil(lambda: label.isVisible())
    # Right under the field: its top below the field's bottom, with no row between.
    field_bottom = field.mapTo(editor, field.rect().bottomLeft()).y()
    label_top = label.mapTo(editor, label.rect().topLeft()).y()
    assert 0 <= label_top - field_bottom < 24
    # The focus moves to the (first) bad field; no list repeats the message.
    assert editor.focusWidget() is field
    assert not any(message in line for line in editor.problems.lines())
    assert _audit_size(demo_store) == before
