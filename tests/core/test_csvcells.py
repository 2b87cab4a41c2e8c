"""One CSV helper for every CSV the app writes: formula-looking text is defused."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from sessionlog.core.csvcells import csv_rows_text, csv_text, neutralise_cell, restore_cell
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


def _cell_by_cell(header, rows, line_terminator: str = "\r\n") -> str:
    """What csv_text writes: every cell through neutralise_cell (its reference)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_terminator)
    writer.writerow([neutralise_cell(h) for h in header])
    for row in rows:
        writer.writerow([neutralise_cell(cell) for cell in row])
    return out.getvalue()


def test_the_whole_document_is_written_as_cell_by_cell_whatever_the_cells() -> None:
    """csv_text writes a document with no formula-looking cell in one go (issue 12: a
    year's claim CSV has 70,000 cells); the result is the cell-by-cell one, for any text,
    numbers and empty cells, and for each line ending."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    texts = st.text(alphabet=st.sampled_from('ab=+-@\t\r\n",; 1'), max_size=6)
    cells = st.one_of(texts, st.integers(-5, 5), st.none(), st.just(Decimal("-1.50")))
    rows = st.lists(st.lists(cells, min_size=3, max_size=3), max_size=5)

    @settings(max_examples=400, deadline=None)
    @given(rows, st.sampled_from(["\r\n", "\n", "\r"]))
    def same(rows, ending):
        header = ("a", "b", "c")
        assert csv_text(header, rows, line_terminator=ending) == _cell_by_cell(header, rows, ending)

    same()


@pytest.mark.parametrize(
    "rows",
    [
        [["a", 1, None], ["b", Decimal("2.50"), ""]],
        [["plain", -3, None], ["=SUM(A1)", "x", "@me"], ["ok", "\tindent", 'say "hi", then']],
        [["line\nbreak", "\rcr", "+1"], ["Ñandú", "", -1]],
        [],
    ],
)
def test_rows_written_apart_join_into_the_whole_document(rows: list[list]) -> None:
    """A document written in parts (the units report's kept days) is the header's text
    and each part's rows joined, whether or not some cell needs defusing."""
    header = ("name", "amount", "note")
    whole = csv_text(header, rows, bom=True)
    assert whole == csv_text(header, [], bom=True) + "".join(
        csv_rows_text(rows[i : i + 1]) for i in range(len(rows))
    )
