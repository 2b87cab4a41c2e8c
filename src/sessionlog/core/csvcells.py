"""Writing CSV that a spreadsheet opens safely: one helper for every CSV the app writes.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as
a formula by spreadsheet programs (CSV injection, OWASP): a note or a name typed as
``=HYPERLINK(...)`` would become a live link on the billing office's machine. Such a
text cell is written with a leading apostrophe, which spreadsheets show as text and
:func:`restore_cell` removes again when SessionLog reads its own file back.
"""

from __future__ import annotations

# csv, io, re and decimal are imported where used: ``sessionlog units`` from kept texts
# needs only BOM here, and they cost its start a tenth of a Python start (issue 12).
TYPE_CHECKING = False  # not typing's: importing typing costs a report's start
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from decimal import Decimal

    Cell = str | int | Decimal | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
# Spreadsheets (Excel on Windows in particular) read UTF-8 only with this mark.
BOM = "\ufeff"


def neutralise_cell(value: Cell) -> str:
    """The text a CSV cell gets; text a spreadsheet would run as a formula is defused.
    Numbers are written as they are (a negative count is a number, not a formula)."""
    if type(value) is str:  # nearly every cell: checked first (a report writes 70,000)
        return NEUTRALISER + value if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if value.startswith(FORMULA_STARTS):
        return NEUTRALISER + value
    return value


def restore_cell(text: str) -> str:
    """Undo :func:`neutralise_cell` on a cell read back from a file SessionLog wrote."""
    if text.startswith(NEUTRALISER) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def csv_text(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    line_terminator: str = "\r\n",
    bom: bool = False,
) -> str:
    """The whole CSV document, every cell neutralised, optionally with a UTF-8 BOM."""
    import csv
    import io
    import re

    rows = list(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_terminator)
    # The csv module writes a number as str() does and None as an empty cell, as
    # neutralise_cell does: only a text cell starting a formula differs. Written as they
    # are (in C: a report writes 70,000 cells), then neutralised cell by cell only if a
    # cell of the output may start one.
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    if re.search(_MAY_START_FORMULA, "\n" + text):  # compiled once, in re's cache
        out = io.StringIO()
        writer = csv.writer(out, lineterminator=line_terminator)
        writer.writerow([neutralise_cell(h) for h in header])
        for row in rows:
            writer.writerow([neutralise_cell(cell) for cell in row])
        text = out.getvalue()
    return (BOM if bom else "") + text


def csv_rows_text(rows: Iterable[Sequence[Cell]], *, line_terminator: str = "\r\n") -> str:
    """The lines :func:`csv_text` writes for ``rows``, without a header or BOM: a
    document cut into parts (``units``' kept days, issue 12) is the header's text and
    its parts' joined. Cell by cell, as :func:`csv_text` writes whenever it neutralises;
    the same text when nothing needs it."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_terminator)
    writer.writerows([neutralise_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


# Where a written cell may start with a formula character: after a comma or a line break
# (the document is searched with one before it), quoted or not. It also finds negative
# numbers, an empty last cell (",\r") and text after a line break inside a quoted cell:
# those take the cell-by-cell path, which leaves them as they are.
_MAY_START_FORMULA = r'[,\r\n]"?[=+\-@\t\r]'
