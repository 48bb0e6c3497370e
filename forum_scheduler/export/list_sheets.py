"""The workbook's lists: filterable tables that print fitted to the page width.

The Programme and Changes sheets and the views per facilitator, room and theme are all lists:
a bold frozen header with an autofilter, columns as wide as their content up to a limit, and
longer texts wrapped in rows as tall as they need.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..domain import Forum
from .cells import xlsx_value
from .printing import (
    A4_PAPER,
    BASE_FONT,
    HEADER_FONT,
    MARGINS,
    NARROWEST_UNIT,
    TOP,
    TOP_WRAPPED,
    line_count,
)

MAX_COLUMN_WIDTH = 60
# Lists wrap text columns at this width (in units), so that a list fitted to the page width
# prints at about 7 points or more; rows get the height their wrapped text needs.
LIST_WRAP_WIDTH, LIST_LINE = 24, 12.75


def table_sheet(
    ws: Worksheet,
    columns: Iterable[str],
    rows: Iterable[Iterable],
    *,
    landscape: bool = True,
    wrap_at: int = LIST_WRAP_WIDTH,
) -> None:
    """A filterable list: bold frozen header, autofilter, widths that fit the content.

    Longer text wraps at `wrap_at` units. Printed on A4 fitted to the page width, as many
    pages down as needed, with the header row on every page.
    """
    columns = list(columns)
    widths = [len(c) + 2 for c in columns]
    for c, name in enumerate(columns, 1):
        xlsx_value(ws, 1, c, name).font = HEADER_FONT
    table = [list(values) for values in rows]
    for r, values in enumerate(table, 2):
        for c, value in enumerate(values, 1):
            xlsx_value(ws, r, c, value).alignment = TOP
            if value is not None:
                widths[c - 1] = max(widths[c - 1], len(str(value)) + 2)
    widths = [min(width, wrap_at, MAX_COLUMN_WIDTH) for width in widths]
    for r, values in enumerate(table, 2):
        lines = 1
        for c, value in enumerate(values, 1):
            if isinstance(value, str) and len(value) + 2 > widths[c - 1]:
                ws.cell(row=r, column=c).alignment = TOP_WRAPPED
                usable = widths[c - 1] * NARROWEST_UNIT - 6
                lines = max(lines, line_count(value, usable, BASE_FONT.sz))
        if lines > 1:
            ws.row_dimensions[r].height = lines * LIST_LINE
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(table) + 1}"
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    list_print_setup(ws, landscape)


def list_print_setup(ws: Worksheet, landscape: bool) -> None:
    """A4, fitted to the page width, as many pages down as needed, the header on each."""
    ws.page_setup.paperSize = A4_PAPER
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = copy(MARGINS)
    ws.print_title_rows = "1:1"


def facilitator_sheet(ws: Worksheet, forum: Forum, rows: list[dict]) -> None:
    """One row per (facilitator, session), so a person's week reads top to bottom."""
    entries = []
    for row in rows:
        for fid in _split(row["facilitators"]):
            fac = forum.facilitator_by_id.get(fid)
            name, org = (fac.name, fac.organisation) if fac else (fid, "")
            key = (fid, row["day"], row["start"], row["room_id"])
            entries.append((key, [fid, name, org, *_when_where(row)]))
    columns = ["facilitator_id", "facilitator", "organisation", *_WHEN_WHERE]
    table_sheet(ws, columns, (values for _, values in sorted(entries, key=lambda e: e[0])))


def room_sheet(ws: Worksheet, forum: Forum, rows: list[dict]) -> None:
    order = {r.room_id: i for i, r in enumerate(forum.rooms)}
    ordered = sorted(
        rows,
        key=lambda r: (order.get(r["room_id"], len(order)), r["room_id"], r["day"], r["start"]),
    )
    table_sheet(ws, _ROOM_COLUMNS, ([row[c] for c in _ROOM_COLUMNS] for row in ordered))


def theme_sheet(ws: Worksheet, forum: Forum, rows: list[dict]) -> None:
    """One row per (theme, session): a theme's followers see their track in time order."""
    order = {t.theme_id: i for i, t in enumerate(forum.themes)}
    entries = []
    for row in rows:
        for tid in _split(row["themes"]):
            theme = forum.theme_by_id.get(tid)
            key = (order.get(tid, len(order)), tid, row["day"], row["start"], row["room_id"])
            entries.append((key, [tid, theme.name if theme else tid, *_when_where(row)]))
    columns = ["theme_id", "theme", *_WHEN_WHERE]
    table_sheet(ws, columns, (values for _, values in sorted(entries, key=lambda e: e[0])))


_WHEN_WHERE = (
    "day", "date", "start", "end", "session_id", "title", "kind", "room_id", "room", "venue",
)  # fmt: skip
_ROOM_COLUMNS = (
    "room_id", "room", "venue", "capacity", "day", "date", "start", "end", "session_id", "title",
    "kind", "attendance", "facilitators",
)  # fmt: skip


def _when_where(row: dict) -> list:
    return [row[c] for c in _WHEN_WHERE]


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]
