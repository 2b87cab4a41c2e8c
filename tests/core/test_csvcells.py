"""One CSV helper for every CSV the app writes: formula-looking text is defused."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from sessionlog.core.csvcells import csv_text, neutralise_cell, restore_cell
from sessionlog.core.models import Client
from sessionlog.core.roster import check_roster, format_roster


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Zoë Nguyễn", "Zoë Nguyễn"),
        ("PA-778", "PA-778"),
        ("", ""),
        (None, ""),
        (-3, "-3"),  # a number is not a formula
        (Decimal("54.75"), "54.75"),
    ],
)
def test_cells_that_would_run_as_formulas_are_neutralised(value, written) -> None:
    assert neutralise_cell(value) == written
    if isinstance(value, str):
        assert restore_cell(written) == value


def test_csv_text_neutralises_every_cell_and_adds_the_bom_on_request() -> None:
    text = csv_text(["a", "=b"], [["=1+2", 3]], bom=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [["a", "'=b"], ["'=1+2", "3"]]


def test_roster_export_is_neutralised_and_reads_back_unchanged() -> None:
    client = Client(
        "c1", '=HYPERLINK("http://evil","x")', date(1990, 1, 1), "MCD1", "p1", ["F20.9"]
    )
    text = format_roster([client])
    assert ",\"'=HYPERLINK" in text
    check = check_roster(text, payers={"p1": "Payer"}, existing=[], today=date(2026, 3, 1))
    assert [r.client.name for r in check.rows if r.client] == [client.name]
