"""Import previews (sessionlog/1 JSON and CSV roster): every problem shown before
anything is written, then all or nothing; exports are owner-only files."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from sessionlog.core.changes import Entity
from sessionlog.services.interchange import export_file
from sessionlog.services.roster import export_roster
from sessionlog.store import Store, open_database
from sessionlog.ui.bus import ChangeBus
from sessionlog.ui.dialogs.import_dialog import JsonImportDialog
from sessionlog.ui.dialogs.roster_dialog import RosterImportDialog

TODAY = date(2026, 11, 20)
HEADER = "id,name,birth_date,medicaid_id,payer,diagnoses,timezone\n"


@pytest.fixture
def other_store(tmp_path):
    db = open_database(tmp_path / "other.sqlite3")
    yield Store(db, actor="importer")
    db.close()


def _roster_dialog(qtbot, store, path: Path) -> RosterImportDialog:
    dialog = RosterImportDialog(store, ChangeBus(), path, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    return dialog


# ---- CSV roster -------------------------------------------------------------------


def test_bad_roster_rows_are_listed_and_nothing_is_written(qtbot, demo_store, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(
        HEADER
        + ",Ana Ruiz,1990-03-04,MCD900,payer-state-medicaid,F20.9,America/Chicago\n"
        + ",Bo Li,1990-02-30,MCD901,payer-state-medicaid,F41.1,America/Chicago\n"
        + ",Cy Park,1985-07-01,MCD902,Nobody Health,2950,America/Chicago\n",
        encoding="utf-8",
    )
    clients_before = len(demo_store.clients(include_archived=True))
    audit_before = len(demo_store.audit_log())
    dialog = _roster_dialog(qtbot, demo_store, path)
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any(p.startswith("row 3: birth_date: '1990-02-30' is not a date") for p in problems)
    assert "row 4: payer: no payer with the id or name 'Nobody Health'" in problems
    assert "row 4: diagnoses: '2950' is not an ICD-10-CM code (e.g. F20.9)" in problems
    assert not any(p.startswith("row 2") for p in problems)
    assert not dialog.import_button.isEnabled()
    assert dialog.table.rowCount() == 3
    assert [dialog.table.item(r, 1).text() for r in range(3)] == ["new", "error", "error"]
    dialog.commit()  # refused even if called directly
    assert dialog.outcome is None
    assert len(demo_store.clients(include_archived=True)) == clients_before
    assert len(demo_store.audit_log()) == audit_before


def test_good_roster_is_added_in_one_go_with_audit_rows(qtbot, demo_store, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(
        "\ufeff"  # Excel's byte-order mark
        + HEADER
        + ",Ana Ruiz,1990-03-04,MCD900,payer-state-medicaid,F20.9; F41.1,America/Chicago\n"
        + "client-marcus,Marcus Webb,1994-05-12,MCD100234,payer-state-medicaid,F20.9,"
        + "America/Chicago\n"
        + ",Bo Li,2/3/1988,MCD901,Prairie Health Plan (MCO),,America/Denver\n",
        encoding="utf-8",
    )
    before = len(demo_store.clients(include_archived=True))
    dialog = _roster_dialog(qtbot, demo_store, path)
    assert dialog.import_button.isEnabled()
    assert "Ready to add 2 clients, 1 already stored" in dialog.summary.text()
    with qtbot.waitSignal(dialog.bus.changed) as blocker:
        dialog.commit()
    assert blocker.args[0].entities == {Entity.CLIENT}
    assert dialog.outcome is not None and dialog.outcome.created == 2
    clients = {c.name: c for c in demo_store.clients(include_archived=True)}
    assert len(clients) == before + 2
    assert clients["Bo Li"].payer_id == "payer-prairie-mco"
    assert clients["Bo Li"].birth_date == date(1988, 2, 3)
    assert clients["Ana Ruiz"].diagnoses == ["F20.9", "F41.1"]
    created = [r for r in demo_store.audit_log("client") if r["action"] == "create"]
    assert {r["entity_id"] for r in created} >= {clients["Ana Ruiz"].id, clients["Bo Li"].id}
    [summary] = [r for r in demo_store.audit_log("file") if r["entity_id"] == "roster"]
    assert summary["details"] == {"created": 2, "unchanged": 1}
    assert summary["actor"] == "test"


def test_missing_roster_file_is_explained(qtbot, demo_store, tmp_path):
    dialog = _roster_dialog(qtbot, demo_store, tmp_path / "nope.csv")
    assert dialog.problems.item(0).text() == "file: nope.csv: not found"
    assert not dialog.import_button.isEnabled()


def test_roster_export_is_owner_only_and_reimports_unchanged(qtbot, demo_store, tmp_path):
    path = tmp_path / "out" / "roster.csv"
    assert export_roster(demo_store, path) == len(demo_store.clients(include_archived=True))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    dialog = _roster_dialog(qtbot, demo_store, path)
    assert dialog.problems.count() == 0
    assert "already stored; nothing to add" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


# ---- sessionlog/1 JSON ----------------------------------------------------------


def _json_dialog(qtbot, store, path: Path) -> JsonImportDialog:
    """The dialog once its preview (checked in the background) is shown."""
    dialog = JsonImportDialog(store, ChangeBus(), path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)
    return dialog


def test_json_preview_counts_and_imports_all(qtbot, demo_store, other_store, tmp_path):
    path = tmp_path / "caseload.json"
    export_file(demo_store, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    dialog = _json_dialog(qtbot, other_store, path)
    assert dialog.problems.count() == 0
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 2).text() for r in range(6)}
    assert rows["Clients"] == str(len(document["clients"]))
    assert rows["Sessions"] == str(len(document["sessions"]))
    assert other_store.is_empty()  # the preview wrote nothing
    assert dialog.import_button.isEnabled()
    dialog.commit()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert len(other_store.clients(include_archived=True)) == len(document["clients"])
    assert other_store.audit_log("file")[-1]["action"] == "import"


def test_json_problems_are_shown_before_anything_is_written(
    qtbot, demo_store, other_store, tmp_path
):
    path = tmp_path / "caseload.json"
    export_file(demo_store, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["clients"][0]["diagnoses"] = ["F20.9", "banana"]
    document["authorizations"][0]["client"] = "client-nobody"
    path.write_text(json.dumps(document), encoding="utf-8")
    dialog = _json_dialog(qtbot, other_store, path)
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    first = document["clients"][0]["id"]
    assert f"client {first}: diagnoses[1]: 'banana' is not an ICD-10-CM code (e.g. F20.9)" in (
        problems
    )
    assert not dialog.import_button.isEnabled()
    assert "Nothing has been written" in dialog.summary.text()
    assert other_store.is_empty()
    assert other_store.audit_log() == []


def test_json_conflict_with_stored_record_is_caught_in_preview(qtbot, demo_store, tmp_path):
    path = tmp_path / "caseload.json"
    export_file(demo_store, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["payers"][0]["name"] = "Renamed payer"
    path.write_text(json.dumps(document), encoding="utf-8")
    audit_before = len(demo_store.audit_log())
    dialog = _json_dialog(qtbot, demo_store, path)
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert problems == [
        f"payer {document['payers'][0]['id']}: id: already stored with different content; "
        "refusing to overwrite it"
    ]
    assert not dialog.import_button.isEnabled()
    assert len(demo_store.audit_log()) == audit_before


def test_malformed_json_names_line_and_column(qtbot, store, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "sessionlog/1",\n "clients": [}', encoding="utf-8")
    dialog = _json_dialog(qtbot, store, path)
    assert dialog.problems.item(0).text().startswith("file: malformed JSON at line 2")
    assert not dialog.import_button.isEnabled()


def test_gui_json_export_runs_on_a_connection_of_its_own(qtbot, demo_store, tmp_path, monkeypatch):
    """The export worker opens the database file itself: the GUI's connection is never
    used from another thread."""
    import threading

    from sessionlog.ui.dialogs import import_dialog

    out = tmp_path / "caseload.json"
    monkeypatch.setattr(
        import_dialog.QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), "")
    )
    told: list[str] = []
    monkeypatch.setattr(
        import_dialog.QMessageBox, "information", lambda _p, title, _t: told.append(title)
    )
    calls: list[tuple[Path, int]] = []
    real = import_dialog.export_file_from

    def spy(db_path: Path, path: Path, **kwargs):
        calls.append((db_path, threading.get_ident()))
        return real(db_path, path, **kwargs)

    monkeypatch.setattr(import_dialog, "export_file_from", spy)
    parent = QWidget()
    qtbot.addWidget(parent)
    import_dialog.export_json_interactive(parent, demo_store)
    qtbot.waitUntil(lambda: told == ["Exported"], timeout=10_000)
    assert [db for db, _ in calls] == [demo_store.path]
    assert calls[0][1] != threading.get_ident()
    document = json.loads(out.read_text(encoding="utf-8"))
    assert len(document["sessions"]) == demo_store.count_sessions()
