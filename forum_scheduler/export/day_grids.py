"""The day grids: one printable timetable per day, times down, rooms across, coloured by theme."""

from __future__ import annotations

import math
from copy import copy
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break as PageBreak
from openpyxl.worksheet.worksheet import Worksheet

from ..domain import Forum, Programme, Room, clock
from ..timegrid import TimeGrid
from .cells import xlsx_value
from .colours import text_colour, theme_colour
from .printing import (
    A4_PAPER,
    BOX,
    MARGINS,
    NARROWEST_UNIT,
    POINTS_PER_WIDTH_UNIT,
    PRINT_HEIGHT,
    PRINT_WIDTH,
    TOP,
    line_count,
)

BREAK_FILL = PatternFill("solid", start_color="EEEEEE", end_color="EEEEEE")


def day_sheets(wb: Workbook, forum: Forum, programme: Programme) -> None:
    """One grid sheet per day of the forum, named after the day ('Mon 04 May')."""
    plan = _grid_plan(forum, programme)
    for day in range(1, forum.settings.days + 1):
        _day_sheet(wb.create_sheet(forum.settings.day_label(day)), forum, programme, day, plan)


GRID_HEADER_ROW = 2
GRID_FIRST_ROW = 3

# The grid prints at 100 %, in Arial 8 (about 16 characters a line in a 72-point column).
GRID_FONT, GRID_SIZE, GRID_LINE = "Arial", 8, 10.0
TITLE_SIZE, TITLE_HEIGHT = 12, 18.0
TIME_WIDTH = 30.0
ROOM_MIN_WIDTH, ROOM_MAX_WIDTH = 72.0, 250.0
SLOT_MIN_HEIGHT, SLOT_MAX_HEIGHT, SLOT_ONE_PAGE_HEIGHT = 12.0, 30.0, 36.0
BREAK_ROW_HEIGHT = 6.0


@dataclass(frozen=True)
class _GridPlan:
    """How every day grid is laid out: the rooms of each printed page across, and sizes."""

    pages: tuple[tuple[Room, ...], ...]
    widths: dict[str, float]  # points, by room id
    slot_height: float  # points, for a slot row with sessions

    @property
    def rooms(self) -> tuple[Room, ...]:
        return tuple(room for page in self.pages for room in page)


def _grid_plan(forum: Forum, programme: Programme) -> _GridPlan:
    """Size the day grids so that a day prints legibly at 100 % on A4 landscape.

    Fitting a day to one page does not stay legible: the sample's 17 rooms across one page
    leave 44 points a room (about 9 characters a line), and its 37 quarter-hour rows share 500
    points, so text would have to shrink to about 4 points. Instead:

    - rooms are grouped by venue, and a page across takes as many whole venues as fit with
      columns of at least ROOM_MIN_WIDTH (a venue too big for a page is split evenly); each
      page's columns share its width (the sample: CICG's 10 rooms, then ITU HQ's 7);
    - text is Arial 8 at 100 %, and a slot row is as tall as the wordiest session needs per
      slot (id and title, wrapped), capped at SLOT_MAX_HEIGHT so that one long title cannot
      stretch every day;
    - a day taller than a page goes on over more pages with the title rows and the time column
      repeated, broken where no session is cut in two (see _grid_rows): the sample's day takes
      two pages per venue, morning and afternoon; a day that fits one page is stretched to
      fill it.

    The sheets print at a fixed 100 % and not fit-to-page, because Excel ignores manual page
    breaks when it fits to pages.
    """
    per_page = max(1, int((PRINT_WIDTH - TIME_WIDTH) // ROOM_MIN_WIDTH))
    venues: dict[str, list[Room]] = {}
    for room in forum.rooms:
        venues.setdefault(room.venue, []).append(room)
    pages: list[list[Room]] = []
    shared = False  # whether the last page holds whole venues and may take another
    for rooms in venues.values():
        if shared and len(pages[-1]) + len(rooms) <= per_page:
            pages[-1].extend(rooms)
            continue
        parts = -(-len(rooms) // per_page)
        size = -(-len(rooms) // parts)
        pages += [rooms[i : i + size] for i in range(0, len(rooms), size)]
        shared = parts == 1
    widths = {
        room.room_id: min(ROOM_MAX_WIDTH, (PRINT_WIDTH - TIME_WIDTH) / len(page))
        for page in pages
        for room in page
    }
    grid, need = TimeGrid(forum.settings), SLOT_MIN_HEIGHT
    for placement in programme.placements:
        session = forum.session_by_id.get(placement.session_id)
        width = widths.get(placement.room_id)
        if session is not None and width is not None:
            slots = max(1, len(grid.slots_of(placement.start, session.duration)))
            need = max(need, _text_height(_session_text(session), width) / slots)
    slot = float(math.ceil(min(need, SLOT_MAX_HEIGHT)))
    return _GridPlan(tuple(tuple(page) for page in pages), widths, slot)


def _session_text(session) -> str:
    return f"{session.session_id}\n{session.title}"


def _room_label(room: Room) -> str:
    return f"{room.name}\n{room.venue} ({room.capacity})"


def _width_units(points: float) -> float:
    """Column width units (rounded down, so that a planned page never grows)."""
    return math.floor(points / POINTS_PER_WIDTH_UNIT * 100) / 100


def _text_height(text: str, width: float, bold: bool = False) -> float:
    """Points that `text` needs in a wrapped grid cell planned `width` points wide."""
    usable = width * NARROWEST_UNIT / POINTS_PER_WIDTH_UNIT - 6  # less padding and border
    return line_count(text, usable, GRID_SIZE * (1.1 if bold else 1)) * GRID_LINE + 4


def _day_sheet(
    ws: Worksheet, forum: Forum, programme: Programme, day: int, plan: _GridPlan
) -> None:
    """A printable timetable: times down in slot steps, rooms across, sessions merged over time."""
    settings = forum.settings
    slots = TimeGrid(settings).slots_per_day()
    title = f"{settings.name} - {settings.date_of(day).strftime('%A %d %B %Y')}"
    columns = {room.room_id: c for c, room in enumerate(plan.rooms, 2)}
    for page in plan.pages:  # each printed page across has its own title, naming its venues
        venues = ", ".join(dict.fromkeys(room.venue for room in page))
        cell = xlsx_value(ws, 1, columns[page[0].room_id], f"{title} - {venues}")
        cell.font = Font(name=GRID_FONT, bold=True, size=TITLE_SIZE)
    _boxed(xlsx_value(ws, GRID_HEADER_ROW, 1, "time")).font = _grid_font(bold=True)
    for room in plan.rooms:
        cell = xlsx_value(ws, GRID_HEADER_ROW, columns[room.room_id], _room_label(room))
        _boxed(cell).font = _grid_font(bold=True)
    for i in range(slots):
        start, _ = _slot_minutes(settings, i)
        cell = xlsx_value(ws, GRID_FIRST_ROW + i, 1, clock(start))
        cell.font, cell.alignment = _grid_font(), TOP
    taken: dict[tuple[int, int], tuple[int, int]] = {}
    for placement in programme.sorted(forum):
        if placement.day == day and placement.room_id in columns:
            _grid_session(ws, forum, placement, columns[placement.room_id], slots, taken)
    _shade_breaks(ws, forum, len(columns), taken)
    _grid_layout(ws, forum, plan, slots, taken)


def _grid_font(bold: bool = False, colour: str = "000000") -> Font:
    return Font(name=GRID_FONT, size=GRID_SIZE, bold=bold, color=colour)


def _grid_session(ws, forum, placement, column, slots, taken) -> None:
    """Place one session; a clash (possible in a hand-edited programme) shares the first cell."""
    session = forum.session_by_id[placement.session_id]
    span = TimeGrid(forum.settings).slots_of(placement.start, session.duration)
    first = min(max(span.start, 0), slots - 1)
    last = min(max(span.stop - 1, first), slots - 1)
    rows = range(GRID_FIRST_ROW + first, GRID_FIRST_ROW + last + 1)
    text = _session_text(session)
    clash = next((taken[(r, column)] for r in rows if (r, column) in taken), None)
    if clash is not None:
        anchor = ws.cell(row=clash[0], column=clash[1])
        xlsx_value(ws, clash[0], clash[1], f"{anchor.value}\n+ {text}")
        return
    colour = theme_colour(forum, session.themes[0]) if session.themes else "FFFFFF"
    cell = _boxed(xlsx_value(ws, rows.start, column, text))
    cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
    cell.font = _grid_font(colour=text_colour(colour))
    if len(rows) > 1:
        ws.merge_cells(
            start_row=rows.start, start_column=column, end_row=rows[-1], end_column=column
        )
    for r in rows:
        taken[(r, column)] = (rows.start, column)


def _boxed(cell):
    """Wrapped, top-aligned text in a thin box: how every grid cell with content looks."""
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    cell.border = BOX
    return cell


def _break_slots(forum: Forum) -> set[int]:
    s = forum.settings
    return {
        i
        for i in range(TimeGrid(s).slots_per_day())
        if any(b.overlaps(*_slot_minutes(s, i)) for b in s.breaks)
    }


def _slot_minutes(settings, index: int) -> tuple[int, int]:
    start = settings.day_start + index * settings.slot_minutes
    return start, start + settings.slot_minutes


def _shade_breaks(ws: Worksheet, forum: Forum, rooms: int, taken) -> None:
    """Grey out the free cells of the break slots so the printed grid shows them."""
    for i in sorted(_break_slots(forum)):
        for c in range(1, rooms + 2):
            if (GRID_FIRST_ROW + i, c) not in taken:
                ws.cell(row=GRID_FIRST_ROW + i, column=c).fill = BREAK_FILL


def _grid_layout(ws: Worksheet, forum: Forum, plan: _GridPlan, slots: int, taken) -> None:
    """Sizes, page breaks and print set-up: A4 landscape at 100 %, pages down then across.

    Each printed page shows the title and room header rows and the time column again; the
    pages of one venue group come first (the day top to bottom), then the next group's.
    """
    ws.freeze_panes = ws.cell(row=GRID_FIRST_ROW, column=2)
    ws.column_dimensions["A"].width = _width_units(TIME_WIDTH)
    for c, room in enumerate(plan.rooms, 2):
        ws.column_dimensions[get_column_letter(c)].width = _width_units(plan.widths[room.room_id])
    header = max(
        [_text_height(_room_label(r), plan.widths[r.room_id], True) for r in plan.rooms],
        default=GRID_LINE,
    )
    ws.row_dimensions[1].height = TITLE_HEIGHT
    ws.row_dimensions[GRID_HEADER_ROW].height = header
    for i, height in enumerate(_grid_rows(ws, forum, plan, slots, taken, TITLE_HEIGHT + header)):
        ws.row_dimensions[GRID_FIRST_ROW + i].height = height
    column = 1
    for page in plan.pages[:-1]:
        column += len(page)
        ws.col_breaks.append(PageBreak(id=column))
    ws.page_setup.paperSize = A4_PAPER
    ws.page_setup.orientation = "landscape"
    ws.page_setup.scale = 100
    ws.page_setup.pageOrder = "downThenOver"
    ws.page_margins = copy(MARGINS)
    ws.print_title_rows = f"1:{GRID_HEADER_ROW}"
    ws.print_title_cols = "A:A"
    last = get_column_letter(len(plan.rooms) + 1)
    ws.print_area = f"A1:{last}{GRID_FIRST_ROW + slots - 1}"


def _grid_rows(ws, forum, plan: _GridPlan, slots: int, taken, top: float) -> list[float]:
    """The slot rows' heights, with page breaks placed where no session is cut in two.

    A run of break slots with nothing in it shrinks to a thin grey band (its time label kept in
    a merged cell). If the day fits one page tall, the slot rows grow to fill it.
    """
    busy = {r - GRID_FIRST_ROW for r, _ in taken}
    bands = sorted(_break_slots(forum) - busy)
    runs: list[list[int]] = []
    for i in bands:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    heights = [plan.slot_height] * slots
    for run in runs:
        for i in run:
            heights[i] = max(BREAK_ROW_HEIGHT, math.ceil((GRID_LINE + 2) / len(run)))
        if len(run) > 1:
            ws.merge_cells(
                start_row=GRID_FIRST_ROW + run[0], end_row=GRID_FIRST_ROW + run[-1],
                start_column=1, end_column=1,
            )  # fmt: skip
    room = PRINT_HEIGHT - top
    normal = [i for i in range(slots) if i not in bands]
    if sum(heights) <= room and normal:
        spare = room - sum(heights[i] for i in bands)
        stretched = math.floor(min(SLOT_ONE_PAGE_HEIGHT, spare / len(normal)))
        for i in normal:
            heights[i] = max(plan.slot_height, stretched)
        return heights
    # the boundaries b (between slot b-1 and slot b) inside a session
    cut = {r - GRID_FIRST_ROW for (r, _), (anchor, _) in taken.items() if r > anchor}
    first, used = 0, 0.0
    for i in range(slots):
        if used + heights[i] > room and i > first:
            whole = [b for b in range(i, first, -1) if b not in cut]
            fair = [b for b in whole if sum(heights[first:b]) >= room / 2]
            b = fair[0] if fair else i
            ws.row_breaks.append(PageBreak(id=GRID_FIRST_ROW + b - 1))
            first, used = b, sum(heights[b:i])
        used += heights[i]
    return heights
