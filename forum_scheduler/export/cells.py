"""Text as it leaves the tool for spreadsheets: never a formula, never a broken row.

Programmes and change lists are opened in Excel and LibreOffice, which run a cell that starts
with `=`, `+`, `-` or `@` as a formula (a title such as `=HYPERLINK(...)` would be a live
link, or worse). Every CSV and xlsx file the tool writes goes through this module:

- CSV: such a text gets a leading apostrophe (OWASP's advice for CSV injection), which
  spreadsheet programs show as plain text and the reader layer (`sheets.csv_value`) takes off
  again when reading back; rows end with CR LF and any field holding a line break is quoted
  (RFC 4180), so a line break inside a text can never split a row.
- xlsx: text is written as a text cell, never a formula, without the characters XML forbids.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..sheets import FORMULA_START, csv_value

__all__ = ["FORMULA_START", "csv_text", "csv_value", "write_csv_rows", "xlsx_value"]

MAX_CELL_TEXT = 32767  # the most an xlsx cell holds


def csv_text(value):
    """A value for a CSV cell: a text that a spreadsheet would run is made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv_rows(path: Path | str, columns: Iterable[str], rows: Iterable[dict]) -> None:
    """A CSV file: UTF-8 without a byte-order mark, a header, CR LF line ends, quotes where a
    field needs them, and no text that a spreadsheet would run."""
    columns = list(columns)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: csv_text(value) for key, value in row.items()})


def xlsx_value(ws, row: int, column: int, value):
    """Write a cell: text is always text (never a formula) and free of XML-illegal
    characters; other values as they are. Returns the cell."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
