"""programme.xlsx: the Programme list, the change list, the day grids, views and the report.

The `Programme` sheet is the contract (DESIGN.md section 4) and the only sheet read back
(programme_reader.py): it holds the same rows as programme.csv, dates and times as text. The
other sheets are views for people, outputs only: day grids and door sheets to print
(day_grids.py, door_sheets.py), lists per facilitator, room and theme (list_sheets.py), and
the report (report_sheet.py). The same inputs and publish time give the same bytes
(xlsx_bytes.py).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils.indexed_list import IndexedList

from ..changelist import CHANGE_COLUMNS, change_list, change_rows, reference
from ..domain import Forum, Programme
from ..programme_reader import SHEET
from .day_grids import day_sheets
from .door_sheets import door_sheets
from .list_sheets import facilitator_sheet, room_sheet, table_sheet, theme_sheet
from .printing import BASE_FONT
from .programme_csv import COLUMNS, programme_rows
from .report_sheet import report_sheet
from .xlsx_bytes import workbook_bytes


def write_xlsx(
    forum: Forum,
    programme: Programme,
    path: Path | str,
    report: dict | None = None,
    *,
    publish_time: datetime,
) -> None:
    """Write the workbook; the same inputs and publish time give byte-identical files.

    When there is something to compare with (what the folder's calendars published, or the
    programme a re-solve started from), a Changes sheet follows the Programme sheet.
    """
    wb = Workbook()
    wb._fonts = IndexedList([BASE_FONT])  # the default font (openpyxl offers no public way)
    wb.remove(wb.active)
    rows = programme_rows(forum, programme)
    table_sheet(wb.create_sheet(SHEET), COLUMNS, ([row[c] for c in COLUMNS] for row in rows))
    if reference(forum) is not None:
        changes = change_rows(forum, change_list(forum, programme))
        table_sheet(
            wb.create_sheet("Changes"),
            CHANGE_COLUMNS,
            ([row[c] for c in CHANGE_COLUMNS] for row in changes),
        )
    day_sheets(wb, forum, programme)
    door_sheets(wb, forum, programme)
    facilitator_sheet(wb.create_sheet("Facilitators"), forum, rows)
    room_sheet(wb.create_sheet("Rooms"), forum, rows)
    theme_sheet(wb.create_sheet("Themes"), forum, rows)
    report_sheet(wb.create_sheet("Report"), forum, programme, report or {})
    Path(path).write_bytes(workbook_bytes(wb, publish_time))
