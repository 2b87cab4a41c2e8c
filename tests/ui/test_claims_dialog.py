"""File ▸ Export claim lines… and File ▸ Export claims… on the demo caseload."""

from __future__ import annotations

import csv
import io
from datetime import date

from PySide6.QtCore import QDate
from tests.export.x12check import x12_errors

from sessionlog.services.billing import billing_lines


def _period(dialog) -> None:
    dialog.from_edit.setDate(QDate(2026, 10, 21))
    dialog.to_edit.setDate(QDate(2026, 11, 20))


def test_export_claims_writes_a_valid_837_and_lists_what_is_left_out(
    qtbot, main_window, rosa_store, tmp_path
) -> None:
    dialog = main_window.export_claims("837")
    qtbot.addWidget(dialog)
    _period(dialog)
    out = tmp_path / "claims.837"
    dialog.path_edit.setText(str(out))
    assert dialog.export()
    qtbot.waitUntil(lambda: dialog.export_result is not None, timeout=20_000)
    assert x12_errors(out) == []
    lines = billing_lines(rosa_store, start=date(2026, 10, 21), end=date(2026, 11, 20))
    assert dialog.export_result.units == sum(ln.billable_units for ln in lines if not ln.held)
    assert (
        "Left out" in dialog.status_label.text() and "held (unsigned" in dialog.status_label.text()
    )


def test_export_claim_lines_with_held_lines(qtbot, main_window, tmp_path) -> None:
    dialog = main_window.export_claims("lines")
    qtbot.addWidget(dialog)
    _period(dialog)
    out = tmp_path / "lines.csv"
    dialog.path_edit.setText(str(out))
    dialog.held_check.setChecked(True)
    assert dialog.export()
    qtbot.waitUntil(lambda: dialog.export_result is not None, timeout=20_000)
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert len(rows) == dialog.export_result.rows > 0
    assert any("unsigned" in r["flags"] for r in rows)
    assert {r["billing_npi"] for r in rows} == {"1555012347"}


def test_a_period_that_ends_before_it_starts_is_named(qtbot, main_window) -> None:
    dialog = main_window.export_claims("837")
    qtbot.addWidget(dialog)
    dialog.from_edit.setDate(QDate(2026, 11, 20))
    dialog.to_edit.setDate(QDate(2026, 11, 1))
    assert not dialog.export()
    assert "before" in dialog.error_label.text()
