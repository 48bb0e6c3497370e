"""The day grids: one landscape page per day, times down, rooms across by venue, coloured by theme.

A day grid is what a planner pins on the wall or hands out, so each day prints on one page of
the Forum's `paper_size` (A4 or A3), fitted by the spreadsheet program, with nothing cut off:

- rooms are grouped by venue: a row of venue names (each merged across its rooms) above the
  room names and their seats, both repeated if a printer splits the page after all;
- each session is one block over its slots, filled with its first theme's colour: its id and
  attendance/capacity (`S012 · 120/150`), its title, and its facilitators' names;
- a break that nothing overlaps shrinks to a thin grey band, and a legend of the theme colours
  follows the grid.

Fitting a page scales the whole sheet, so legibility is planned rather than left to the
fit: text is Arial 8 (Liberation Sans is its metric twin, so LibreOffice and Excel wrap it
alike), and each day is laid out for the largest scale at which every block's text fits its
block (`_lay_out`): the room columns' width is where the grid's width and height reach the
page's sides at the same scale, and each slot row is only as tall as the blocks ending in it
need (`_slot_heights`), so that quiet hours leave their space to wordy sessions; a day with
space to spare stretches its rows to fill the page. `grid_scales` gives each day's scale: the
sample's 17 rooms print at about 0.72 on A4 (text at about 5.8 points) and at 1 on A3.
"""

from __future__ import annotations

import math
from copy import copy
from dataclasses import dataclass, field
from functools import cache

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from ..domain import Forum, Programme, Room, clock
from ..timegrid import TimeGrid
from .cells import xlsx_value
from .colours import text_colour, theme_colour
from .printing import (
    MARGINS,
    NARROWEST_UNIT,
    PAPERS,
    POINTS_PER_WIDTH_UNIT,
    THIN,
    Measured,
)
from .programme_csv import facilitator_names
from .styles import styled

TITLE_ROW, VENUE_ROW, ROOM_ROW, FIRST_SLOT_ROW = 1, 2, 3, 4
GRID_FONT, GRID_SIZE, GRID_LINE = "Arial", 8, 10.0  # design size; the fit scales it
TITLE_SIZE, TITLE_HEIGHT, VENUE_HEIGHT = 12, 18.0, 13.0
TIME_WIDTH = 30.0  # points, the time column
EMPTY_SHARE = 0.5  # of a room column's width, for a room with no session that day
BISECTIONS, REBALANCE_ROUNDS = 14, 8  # steps of the search for the best column widths
ILLEGIBLE = 0.45  # a scale below which (text under 3.6 points) no rebalancing is worth it
WIDEN, NARROW = 1.08, 0.95  # a round's change of a column short of height, or with spare
ROOM_MIN_WIDTH, ROOM_MAX_WIDTH = 36.0, 250.0  # points, a room column
LABELLED_HEIGHT = GRID_LINE + 1  # a slot row with a time label
THIN_HEIGHT = 2.0  # a slot row where no session starts or ends: it has no label
BAND_HEIGHT = 12.0  # a break that nothing overlaps, all its slots together
LEGEND_GAP = 6.0  # between the grid and the legend
CELL_PADDING = 6.0  # points of a cell's width that text cannot use (padding and border)
BLOCK_PADDING = 4.0  # points of a block's height beyond its lines
BLOCK_NAMES = 3  # facilitators named in a block, at most
BREAK_FILL = PatternFill("solid", start_color="EEEEEE", end_color="EEEEEE")
VENUE_FILL = PatternFill("solid", start_color="D9D9D9", end_color="D9D9D9")
WHITE = "FFFFFF"
WRAPPED = Alignment(wrap_text=True, vertical="top")
CENTRED = Alignment(wrap_text=True, horizontal="center", vertical="center")


def day_sheets(wb: Workbook, forum: Forum, programme: Programme) -> list[Worksheet]:
    """One grid sheet per day of the forum, named after the day ('Mon 04 May')."""
    layout = grid_layout(forum, programme)
    sheets = []
    for day in layout.days:
        ws = wb.create_sheet(forum.settings.day_label(day.day))
        _write_day(ws, forum, layout, day)
        sheets.append(ws)
    return sheets


def grid_scales(forum: Forum, programme: Programme) -> list[float]:
    """The scale at which each day's grid prints on the Forum's paper (1: Arial 8, as set)."""
    return [day.scale for day in grid_layout(forum, programme).days]


# ---------------------------------------------------------------------------------------------
# What goes where


class _Text(Measured):
    """A block's or a header's text, measured for the grid's columns."""

    def lines(self, width: float, size: float = GRID_SIZE) -> int:
        """Lines in a column planned `width` points wide (Excel's narrower digit assumed,
        the cell's padding taken off)."""
        usable = max(1.0, width * NARROWEST_UNIT / POINTS_PER_WIDTH_UNIT - CELL_PADDING)
        return super().lines(usable, size)

    def height(self, width: float) -> float:
        return self.lines(width) * GRID_LINE + BLOCK_PADDING

    def widest_word(self, size: float = GRID_SIZE) -> float:
        """The column width (points) that its longest word needs on a line of its own."""
        widest = super().widest_word(size)
        return (widest + CELL_PADDING) * POINTS_PER_WIDTH_UNIT / NARROWEST_UNIT


@dataclass
class _Block:
    """A session (or, in a hand-edited programme, sessions clashing in one room) on the grid."""

    column: int  # 0-based among the rooms
    first: int  # first slot
    last: int  # last slot (inclusive)
    text: _Text
    fill: str


@dataclass
class _Day:
    """One day's grid: what goes where, and (once laid out) every size, in points."""

    day: int
    blocks: list[_Block]
    bands: list[list[int]]  # runs of break slots that no session overlaps
    labels: set[int]  # slots whose time is written: where a session starts or ends
    widths: list[float] = field(default_factory=list)  # the room columns
    heights: list[float] = field(default_factory=list)  # the slot rows
    header: float = 0.0  # the room row
    legend_span: int = 1  # room columns per legend entry
    legend_heights: list[float] = field(default_factory=list)
    scale: float = 1.0  # at which the page prints


@dataclass
class _Layout:
    rooms: tuple[Room, ...]  # grouped by venue
    days: list[_Day]
    legend: list[tuple[str, str]]  # (theme name, colour)
    paper: str
    slots: int


def grid_layout(forum: Forum, programme: Programme) -> _Layout:
    """Every size of every day grid, chosen so that each day prints on one page at the
    largest scale that keeps every block's text inside its block."""
    settings = forum.settings
    rooms = rooms_by_venue(forum)
    columns = {room.room_id: c for c, room in enumerate(rooms)}
    slots = TimeGrid(settings).slots_per_day()
    layout = _Layout(rooms, [], _legend(forum, programme), settings.paper_size, slots)
    labels = [_Text(_room_label(room), bold=True) for room in rooms]
    names = [_Text(name) for name, _ in layout.legend]
    page = PAPERS[settings.paper_size].printable(landscape=True)
    for day in range(1, settings.days + 1):
        blocks, bands, times = _blocks_and_bands(forum, programme, day, columns, slots)
        layout.days.append(_lay_out(_Day(day, blocks, bands, times), labels, names, slots, page))
    return layout


def _lay_out(day: _Day, labels: list[_Text], names: list[_Text], slots: int, page) -> _Day:
    """Size one day's grid for the largest scale at which every block's text fits.

    Room columns start equal, a room with no session that day at half the width (it still
    shows that the room is free). Then, for a few rounds, the columns whose blocks are short
    of height widen and those with height to spare narrow (never below the longest word of
    their header or blocks), since the wordiest session of each hour sets that hour's height:
    a few rounds raise the sample's scale by about a tenth.
    """
    page_width, page_height = page
    busy = {block.column for block in day.blocks} or set(range(len(labels)))
    shares = [1.0 if c in busy else EMPTY_SHARE for c in range(len(labels))]
    floors = [label.widest_word() for label in labels]
    for block in day.blocks:  # a long word (Telecommunication) is not broken in two
        floors[block.column] = max(floors[block.column], block.text.widest_word())

    def scales(shares: list[float], factor: float) -> tuple[float, float]:
        day.widths = [max(floor, share * factor) for floor, share in zip(floors, shares)]
        day.heights = _slot_heights(day, slots)
        day.header = max(
            [label.height(w) for label, w in zip(labels, day.widths)], default=GRID_LINE
        )
        day.legend_span = _legend_span(names, factor, len(labels)) if names else 1
        day.legend_heights = _legend_heights(names, day) if names else []
        return page_width / (TIME_WIDTH + sum(day.widths)), page_height / _natural_height(day)

    def balanced(shares: list[float]) -> tuple[float, float]:
        """(column width factor, scale) where the width's scale meets the height's: wider
        columns lower the first and raise the second (blocks wrap to fewer lines)."""
        low, high = ROOM_MIN_WIDTH, ROOM_MAX_WIDTH
        for _ in range(BISECTIONS):
            middle = (low + high) / 2
            across, down = scales(shares, middle)
            if across > down:
                low = middle
            else:
                high = middle
        return high, min(scales(shares, high))

    best = (*balanced(shares), shares)
    worth = day.blocks and len(busy) > 1 and best[1] >= ILLEGIBLE
    for _ in range(REBALANCE_ROUNDS if worth else 0):
        slack = _slack(day)
        shares = [
            share * (WIDEN if slack.get(c, 0.0) < GRID_LINE / 2 else 1.0)
            * (NARROW if slack.get(c, math.inf) > 3 * GRID_LINE else 1.0)
            for c, share in enumerate(shares)
        ]  # fmt: skip
        factor, scale = balanced(shares)
        if scale > best[1]:
            best = (factor, scale, shares)
    factor, _, shares = best
    across, down = scales(shares, factor)
    if min(across, down) >= 1:  # the grid fits as designed: widen it to fill the page across
        factor = min(ROOM_MAX_WIDTH, factor * across)
        across, down = scales(shares, factor)
    day.scale = min(1.0, across, down)
    spare = page_height / day.scale - _natural_height(day)
    banded = {i for band in day.bands for i in band}
    free = [i for i in range(slots) if i not in banded]
    for i in free:  # fill the page down
        day.heights[i] += max(0.0, spare) / max(1, len(free))
    return day


def _slack(day: _Day) -> dict[int, float]:
    """Per room column with blocks: the least height any of its blocks has to spare."""
    slack: dict[int, float] = {}
    for block in day.blocks:
        given = sum(day.heights[block.first : block.last + 1])
        spare = given - block.text.height(day.widths[block.column])
        slack[block.column] = min(slack.get(block.column, math.inf), spare)
    return slack


def rooms_by_venue(forum: Forum) -> tuple[Room, ...]:
    """The rooms, each venue's together, venues and rooms in the order of the Rooms sheet."""
    venues: dict[str, list[Room]] = {}
    for room in forum.rooms:
        venues.setdefault(room.venue, []).append(room)
    return tuple(room for rooms in venues.values() for room in rooms)


def _room_label(room: Room) -> str:
    return f"{room.name}\n{room.capacity} seats"


def block_text(forum: Forum, session_id: str, room: Room) -> str:
    """What a block shows: id and attendance/capacity, title, the facilitators' names.

    A session with more than BLOCK_NAMES facilitators names the first ones and counts the
    others ('+ 8 more'): one block listing eleven organisations would otherwise set the
    height of its rows, and so shrink the whole page (the Programme sheet and the door sheets
    name them all)."""
    session = forum.session_by_id[session_id]
    lines = [f"{session.session_id} · {session.attendance}/{room.capacity}", session.title]
    people = session.facilitators
    shown = people if len(people) <= BLOCK_NAMES else people[: BLOCK_NAMES - 1]
    names = facilitator_names(forum, shown, separator="; ")
    if len(shown) < len(people):
        names += f"; + {len(people) - len(shown)} more"
    if names:
        lines.append(names)
    return "\n".join(lines)


def _blocks_and_bands(forum, programme, day, columns, slots):
    """The day's blocks, and the runs of break slots that no block overlaps."""
    grid = TimeGrid(forum.settings)
    blocks: list[_Block] = []
    by_column: dict[int, list[_Block]] = {}
    for placement in programme.sorted(forum):
        if placement.day != day or placement.room_id not in columns:
            continue
        session = forum.session_by_id[placement.session_id]
        room = forum.room_by_id[placement.room_id]
        span = grid.slots_of(placement.start, session.duration)
        first = min(max(span.start, 0), slots - 1)
        last = min(max(span.stop - 1, first), slots - 1)
        text = block_text(forum, session.session_id, room)
        column = columns[placement.room_id]
        clash = next(
            (b for b in by_column.get(column, ()) if b.first <= last and first <= b.last), None
        )
        if clash is not None:  # a hand-edited programme: both sessions in the first's block
            clash.text = _Text(f"{clash.text.text}\n+ {text}")
            continue
        fill = theme_colour(forum, session.themes[0]) if session.themes else WHITE
        block = _Block(column, first, last, _Text(text), fill)
        blocks.append(block)
        by_column.setdefault(column, []).append(block)
    busy = {i for b in blocks for i in range(b.first, b.last + 1)}
    runs: list[list[int]] = []
    for i in sorted(_break_slots(forum) - busy):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    labels = {0} | {b.first for b in blocks} | {b.last + 1 for b in blocks}
    labels |= {run[-1] + 1 for run in runs}
    banded = {i for run in runs for i in run}
    return blocks, runs, {i for i in labels if i < slots and i not in banded}


def _slot_heights(day: _Day, slots: int) -> list[float]:
    """The least slot row heights that give every block the height its text needs.

    A row is one line tall where its time is written (a session starts or ends there), else
    thin: the time axis is not to scale, which is what lets a wordy session take the room it
    needs where the day is quiet. Blocks are taken by the slot they end in, and a block short
    of height gets it in its last slot: what the blocks ending earlier needed is given
    already, and the last slot is the one that the blocks still to come share most (the
    greedy is optimal for such interval covering), so the day is as short as its text allows.
    """
    heights = [LABELLED_HEIGHT if i in day.labels else THIN_HEIGHT for i in range(slots)]
    for band in day.bands:
        for i in band:
            heights[i] = BAND_HEIGHT / len(band)
    for block in sorted(day.blocks, key=lambda b: (b.last, b.first)):
        need = block.text.height(day.widths[block.column])
        short = need - sum(heights[block.first : block.last + 1])
        if short > 0:
            heights[block.last] += short
    return heights


def _natural_height(day: _Day) -> float:
    legend = LEGEND_GAP + sum(day.legend_heights) if day.legend_heights else 0.0
    return TITLE_HEIGHT + VENUE_HEIGHT + day.header + sum(day.heights) + legend


def _legend(forum: Forum, programme: Programme) -> list[tuple[str, str]]:
    """(name, colour) of each theme that colours a block, in the order of the Themes sheet."""
    used = set()
    for placement in programme.placements:
        session = forum.session_by_id.get(placement.session_id)
        if session is not None and session.themes:
            used.add(session.themes[0])
    order = [t.theme_id for t in forum.themes if t.theme_id in used]
    order += sorted(used - set(order))  # not on the Themes sheet (a bare programme)
    return [
        (forum.theme_by_id[t].name if t in forum.theme_by_id else t, theme_colour(forum, t))
        for t in order
    ]


def _legend_span(names: list[_Text], width: float, rooms: int) -> int:
    """Room columns per legend entry: enough for the longest name on two lines."""
    span = 1
    while span < max(1, rooms) and max(n.lines(span * width) for n in names) > 2:
        span += 1
    return span


def _legend_heights(names: list[_Text], day: _Day) -> list[float]:
    """Each legend row's height: its entries' names wrapped in the columns they span."""
    span, per_row = day.legend_span, _legend_per_row(day)
    heights = []
    for first in range(0, len(names), per_row):
        row = names[first : first + per_row]
        heights.append(
            max(
                name.height(sum(day.widths[k * span : (k + 1) * span]))
                for k, name in enumerate(row)
            )
        )
    return heights


def _legend_per_row(day: _Day) -> int:
    return max(1, len(day.widths) // day.legend_span)


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


# ---------------------------------------------------------------------------------------------
# Writing a day's sheet


# Styles: named (styles.py), and their parts made once, since a 2,500-session forum styles
# tens of thousands of grid cells.
@cache
def _font(bold: bool = False, colour: str = "000000", size: float = GRID_SIZE) -> Font:
    return Font(name=GRID_FONT, size=size, bold=bold, color=colour)


@cache
def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", start_color=colour, end_color=colour)


@cache
def _border(edges: str) -> Border:
    """A thin line on each edge named: t(op), b(ottom), l(eft), r(ight)."""
    sides = {"t": "top", "b": "bottom", "l": "left", "r": "right"}
    return Border(**{side: THIN for key, side in sides.items() if key in edges})


def _boxed(ws: Worksheet, name: str, top: int, left: int, bottom=None, right=None, **parts):
    """A cell, or a merged range, in a thin box. The top-left cell takes the named style
    `name` (with `parts`: font, fill, alignment); merged cells show its text and fill, but
    each cell on the range's edge draws its own part of the box."""
    bottom, right = bottom or top, right or left
    if (bottom, right) != (top, left):
        _merge(ws, top, left, bottom, right)
    for r in range(top, bottom + 1):
        for c in range(left, right + 1) if r in (top, bottom) else dict.fromkeys((left, right)):
            edges = "t" * (r == top) + "b" * (r == bottom) + "l" * (c == left) + "r" * (c == right)
            if (r, c) == (top, left):
                styled(ws.cell(row=r, column=c), f"{name} {edges}", border=_border(edges), **parts)
            else:
                styled(ws.cell(row=r, column=c), f"grid edge {edges}", border=_border(edges))


def _merge(ws: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    """Merge a range. openpyxl's merge_cells first compares it with every range merged
    before, which grows with the square of a sheet's blocks (thousands in a large forum);
    the grid's ranges never overlap, so that comparison is skipped."""
    coord = CellRange(min_col=left, min_row=top, max_col=right, max_row=bottom).coord
    merged = MergedCellRange(ws, coord)
    ws.merged_cells.ranges.add(merged)
    ws._clean_merge_range(merged)  # the merged cells, as merge_cells makes them


def _write_day(ws: Worksheet, forum: Forum, layout: _Layout, day: _Day) -> None:
    settings = forum.settings
    last_column = len(layout.rooms) + 1
    title = f"{settings.name} - {settings.long_date(day.day)}"
    styled(xlsx_value(ws, TITLE_ROW, 1, title), "grid title", _font(True, size=TITLE_SIZE))
    _headers(ws, layout)
    for i in sorted(day.labels):
        start, _ = _slot_minutes(settings, i)
        styled(
            xlsx_value(ws, FIRST_SLOT_ROW + i, 1, clock(start)),
            "grid time",
            _font(),
            alignment=WRAPPED,
        )
    taken: set[tuple[int, int]] = set()
    for block in day.blocks:
        column = block.column + 2
        first, last = FIRST_SLOT_ROW + block.first, FIRST_SLOT_ROW + block.last
        xlsx_value(ws, first, column, block.text.text)
        font = _font(colour=text_colour(block.fill))
        fill, align = _fill(block.fill), WRAPPED
        _boxed(
            ws,
            f"grid block {block.fill}",
            first,
            column,
            last,
            font=font,
            fill=fill,
            alignment=align,
        )
        taken.update((r, column) for r in range(first, last + 1))
    _breaks(ws, forum, day, taken, last_column)
    legend_end = _legend_rows(ws, layout, day, FIRST_SLOT_ROW + layout.slots)
    for i, height in enumerate(day.heights):
        ws.row_dimensions[FIRST_SLOT_ROW + i].height = round(height, 2)
    ws.row_dimensions[TITLE_ROW].height = TITLE_HEIGHT
    ws.row_dimensions[VENUE_ROW].height = VENUE_HEIGHT
    ws.row_dimensions[ROOM_ROW].height = round(day.header, 2)
    ws.column_dimensions["A"].width = _width_units(TIME_WIDTH)
    for c, width in enumerate(day.widths, 2):
        ws.column_dimensions[get_column_letter(c)].width = _width_units(width)
    ws.freeze_panes = ws.cell(row=FIRST_SLOT_ROW, column=2)
    _print_setup(ws, layout, f"A1:{get_column_letter(last_column)}{legend_end}")


def _headers(ws: Worksheet, layout: _Layout) -> None:
    """The venue row (each venue merged across its rooms) and the room row."""
    bold = _font(bold=True)
    xlsx_value(ws, ROOM_ROW, 1, "time")
    _boxed(ws, "grid time head", ROOM_ROW, 1, font=bold, alignment=WRAPPED)
    first = 0
    for i, room in enumerate(layout.rooms):
        xlsx_value(ws, ROOM_ROW, i + 2, _room_label(room))
        _boxed(ws, "grid room", ROOM_ROW, i + 2, font=bold, alignment=CENTRED)
        if i + 1 == len(layout.rooms) or layout.rooms[i + 1].venue != room.venue:
            xlsx_value(ws, VENUE_ROW, first + 2, room.venue)
            font = _font(bold=True, size=GRID_SIZE + 1)
            parts = {"font": font, "fill": VENUE_FILL, "alignment": CENTRED}
            _boxed(ws, "grid venue", VENUE_ROW, first + 2, VENUE_ROW, i + 2, **parts)
            first = i + 1


def _breaks(ws: Worksheet, forum: Forum, day: _Day, taken, last_column: int) -> None:
    """A run of break slots that nothing overlaps becomes one grey band that names the break;
    in a break slot that a (hand-placed) session overlaps, the free cells are greyed out."""
    settings = forum.settings
    banded = set()
    for run in day.bands:
        top, bottom = FIRST_SLOT_ROW + run[0], FIRST_SLOT_ROW + run[-1]
        start, end = _slot_minutes(settings, run[0])[0], _slot_minutes(settings, run[-1])[1]
        cell = xlsx_value(ws, top, 2, f"break {clock(start)}-{clock(end)}")
        styled(cell, "grid break", _font(), BREAK_FILL, alignment=CENTRED)
        styled(ws.cell(row=top, column=1), "grid break time", _font(), BREAK_FILL)
        _merge(ws, top, 2, bottom, last_column)
        if bottom > top:
            _merge(ws, top, 1, bottom, 1)
        banded.update(run)
    for i in sorted(_break_slots(forum) - banded):
        for c in range(1, last_column + 1):
            if (FIRST_SLOT_ROW + i, c) not in taken:
                cell = ws.cell(row=FIRST_SLOT_ROW + i, column=c)
                if cell.value is None:
                    styled(cell, "grid break time", _font(), BREAK_FILL)
                else:  # a time label
                    cell.fill = BREAK_FILL


def _legend_rows(ws: Worksheet, layout: _Layout, day: _Day, after: int) -> int:
    """The theme colours below the grid; returns the last row the page prints."""
    if not layout.legend:
        return after - 1
    ws.row_dimensions[after].height = LEGEND_GAP
    per_row, span = _legend_per_row(day), day.legend_span
    styled(
        xlsx_value(ws, after + 1, 1, "themes"), "grid legend head", _font(True), alignment=WRAPPED
    )
    for i, (name, colour) in enumerate(layout.legend):
        row = after + 1 + i // per_row
        column = 2 + (i % per_row) * span
        xlsx_value(ws, row, column, name)
        parts = {"font": _font(colour=text_colour(colour)), "fill": _fill(colour)}
        end = column + span - 1
        _boxed(ws, f"grid legend {colour}", row, column, row, end, alignment=CENTRED, **parts)
    for i, height in enumerate(day.legend_heights):
        ws.row_dimensions[after + 1 + i].height = round(height, 2)
    return after + len(day.legend_heights)


def _width_units(points: float) -> float:
    """Column width units (rounded down, so that a planned page never grows)."""
    return int(points / POINTS_PER_WIDTH_UNIT * 100) / 100


def _print_setup(ws: Worksheet, layout: _Layout, area: str) -> None:
    """One landscape page of the Forum's paper; the headers repeat if a printer splits it."""
    ws.page_setup.paperSize = PAPERS[layout.paper].code
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = copy(MARGINS)
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{TITLE_ROW}:{ROOM_ROW}"
    ws.print_area = area
