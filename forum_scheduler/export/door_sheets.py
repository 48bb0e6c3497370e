"""Door sheets: one printed page per room and day, to post at the room's door.

A page names the room, its venue and the date in large type, and lists the room's sessions
that day in time order: time, title (and id), facilitators. One sheet per day holds the
pages of every room used that day (a room with no session that day gets no page), separated
by manual page breaks, so that a day's signs print in one go and a 2,500-session forum adds
five sheets, not a thousand.

Excel ignores manual page breaks when a sheet is fitted to pages, so these sheets print at a
fixed scale instead: 100 %, or less when a room's day is too long for one page (then the
whole sheet, so that every sign of a day looks alike).
"""

from __future__ import annotations

import math
from copy import copy

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break as PageBreak
from openpyxl.worksheet.worksheet import Worksheet

from ..domain import Forum, Placement, Programme, clock, end_of
from .cells import xlsx_value
from .day_grids import rooms_by_venue
from .printing import MARGINS, NARROWEST_UNIT, PAPERS, POINTS_PER_WIDTH_UNIT, line_count
from .programme_csv import facilitator_names
from .styles import styled

FONT = "Arial"
ROOM_SIZE, PLACE_SIZE, HEAD_SIZE, TEXT_SIZE = 28, 16, 10, 14
ROOM_HEIGHT, PLACE_HEIGHT, GAP_HEIGHT, HEAD_HEIGHT = 38.0, 24.0, 12.0, 16.0
LINE = 1.25  # line height, in font sizes
PADDING = 8.0  # points of a session row beyond its lines
COLUMNS = (("time", 100.0), ("session", 255.0), ("facilitators", 180.0))  # points: A4 portrait
HEAD_FILL = PatternFill("solid", start_color="D9D9D9", end_color="D9D9D9")
RULE = Border(bottom=Side(style="thin", color="999999"))
TOP = Alignment(vertical="top", wrap_text=True)
SHEET_PREFIX = "Doors "


def door_sheets(wb: Workbook, forum: Forum, programme: Programme) -> list[Worksheet]:
    """One sheet per day with a session ('Doors Mon 04 May'), one page per room used."""
    order = {room.room_id: i for i, room in enumerate(rooms_by_venue(forum))}
    by_day: dict[int, dict[str, list[Placement]]] = {}
    for placement in programme.sorted(forum):
        if placement.room_id in forum.room_by_id and placement.session_id in forum.session_by_id:
            rooms = by_day.setdefault(placement.day, {})
            rooms.setdefault(placement.room_id, []).append(placement)
    sheets = []
    for day in sorted(d for d in by_day if 1 <= d <= forum.settings.days):
        ws = wb.create_sheet(SHEET_PREFIX + forum.settings.day_label(day))
        rooms = sorted(by_day[day], key=lambda room_id: order[room_id])
        _write_day(ws, forum, day, [(forum.room_by_id[r], by_day[day][r]) for r in rooms])
        sheets.append(ws)
    return sheets


def _font(size: float, bold: bool = False) -> Font:
    return Font(name=FONT, size=size, bold=bold)


# Named styles (styles.py): a large forum's door sheets style tens of thousands of cells.
ROOM_STYLE = ("door room", {"font": _font(ROOM_SIZE, bold=True)})
PLACE_STYLE = ("door place", {"font": _font(PLACE_SIZE)})
HEAD_STYLE = ("door head", {"font": _font(HEAD_SIZE, bold=True), "fill": HEAD_FILL})
SESSION_STYLES = tuple(
    (f"door {name}", {"font": _font(size, bold=bold), "border": RULE, "alignment": TOP})
    for name, size, bold in (
        ("time", TEXT_SIZE, True),
        ("title", TEXT_SIZE, False),
        ("names", TEXT_SIZE - 1, False),
    )
)


def _styled(cell, style) -> None:
    name, parts = style
    styled(cell, name, **parts)


def _write_day(ws: Worksheet, forum: Forum, day: int, rooms) -> None:
    when = forum.settings.long_date(day)
    row, tallest = 1, 0.0
    for room, placements in rooms:
        if row > 1:  # each room on a page of its own
            ws.row_breaks.append(PageBreak(id=row - 1))
        height = ROOM_HEIGHT + PLACE_HEIGHT + GAP_HEIGHT + HEAD_HEIGHT
        _styled(xlsx_value(ws, row, 1, room.name), ROOM_STYLE)
        ws.row_dimensions[row].height = ROOM_HEIGHT
        _styled(xlsx_value(ws, row + 1, 1, f"{room.venue} - {when}"), PLACE_STYLE)
        ws.row_dimensions[row + 1].height = PLACE_HEIGHT
        ws.row_dimensions[row + 2].height = GAP_HEIGHT
        for c, (name, _) in enumerate(COLUMNS, 1):
            _styled(xlsx_value(ws, row + 3, c, name), HEAD_STYLE)
        ws.row_dimensions[row + 3].height = HEAD_HEIGHT
        row += 4
        for placement in placements:
            height += _session_row(ws, forum, row, placement)
            row += 1
        tallest = max(tallest, height)
    for c, (_, points) in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(c)].width = _units(points)
    _print_setup(ws, tallest, row - 1)


def _session_row(ws: Worksheet, forum: Forum, row: int, placement: Placement) -> float:
    """Time, title and id, facilitators (one a line); returns the row's height."""
    session = forum.session_by_id[placement.session_id]
    when = f"{clock(placement.start)}-{clock(end_of(forum, placement))}"
    names = facilitator_names(forum, session.facilitators, separator="\n")
    texts = (when, f"{session.title}\n{session.session_id}", names)
    sizes = (TEXT_SIZE, TEXT_SIZE, TEXT_SIZE - 1)
    for c, (text, style) in enumerate(zip(texts, SESSION_STYLES), 1):
        _styled(xlsx_value(ws, row, c, text), style)
    lines = max(
        line_count(text, _usable(points), size) * size * LINE
        for text, size, (_, points) in zip(texts, sizes, COLUMNS)
    )
    height = math.ceil(lines + PADDING)
    ws.row_dimensions[row].height = height
    return height


def _usable(points: float) -> float:
    """The width text has in a column planned `points` wide (Excel's narrower digit, less
    padding)."""
    return points * NARROWEST_UNIT / POINTS_PER_WIDTH_UNIT - 6


def _units(points: float) -> float:
    return int(points / POINTS_PER_WIDTH_UNIT * 100) / 100


def _print_setup(ws: Worksheet, tallest: float, last_row: int) -> None:
    """A4 portrait at a fixed scale: 100 %, or what the longest room day needs to fit."""
    paper = PAPERS["A4"]
    _, page_height = paper.printable(landscape=False)
    ws.page_setup.paperSize = paper.code
    ws.page_setup.orientation = "portrait"
    ws.page_setup.scale = max(10, min(100, math.floor(100 * page_height / max(tallest, 1))))
    ws.page_margins = copy(MARGINS)
    ws.print_options.horizontalCentered = True
    ws.print_area = f"A1:{get_column_letter(len(COLUMNS))}{last_row}"
