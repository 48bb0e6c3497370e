"""Forum sheets (rows as dicts) written as a workbook a planner can edit.

Dates and times become real date and time cells, the header is bold and frozen, columns are
wide enough to read, and the same rows give the same bytes. Used for the bundled sample
(`data/make_sample.py`) and the generated test forums.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

FIXED_STAMP = datetime(2026, 1, 1, tzinfo=UTC)

# Every column of the input contract (DESIGN.md section 3), in the order a workbook shows them.
CONTRACT_COLUMNS: dict[str, list[str]] = {
    "Forum": ["setting", "value"],
    "Rooms": ["room_id", "name", "venue", "capacity", "features", "changeover_minutes"],
    "Themes": ["theme_id", "name", "action_lines", "colour"],
    "Facilitators": ["facilitator_id", "name", "organisation", "email"],
    "Sessions": [
        "session_id",
        "title",
        "kind",
        "duration_minutes",
        "themes",
        "action_lines",
        "facilitators",
        "attendance",
        "needs",
        "day",
        "start",
        "room",
        "locked",
        "description",
        "change_note",
    ],
    "Unavailability": ["who", "day", "from", "to", "strength", "weight", "note"],
    "Rules": ["rule", "session_a", "session_b", "value", "strength", "weight", "note"],
    "Weights": ["objective", "weight"],
}


def shown(value) -> str:
    """A cell's value as a planner reads it (and as a CSV file holds it)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def write_sheets(
    sheets: dict[str, list[dict]],
    path,
    columns: dict[str, list[str]],
    stamp: datetime = FIXED_STAMP,
) -> None:
    """One worksheet per entry of `columns` (in that order), rows taken from `sheets`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from .export.cells import xlsx_value
    from .export.xlsx_bytes import workbook_bytes

    wb = Workbook()
    wb.remove(wb.active)
    for name, header in columns.items():
        rows = sheets[name]
        ws = wb.create_sheet(name)
        for c, column in enumerate(header, start=1):
            xlsx_value(ws, 1, c, column).font = Font(bold=True)
        for r, row in enumerate(rows, start=2):
            for c, column in enumerate(header, start=1):
                if row.get(column) is not None:
                    xlsx_value(ws, r, c, row.get(column))  # a text is never a formula
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, time):
                    cell.number_format = "hh:mm"
                elif isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
        for i, column in enumerate(header, start=1):
            width = max([len(column)] + [len(shown(r.get(column))) for r in rows])
            ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes(wb, stamp))
