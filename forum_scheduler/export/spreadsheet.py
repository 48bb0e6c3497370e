"""The programme as CSV and as a workbook, and reading a (possibly hand-edited) programme back.

The `Programme` list is the contract (DESIGN.md section 4): its columns, order and text formats
are what planners and other tools rely on, so the workbook keeps dates and times as text and reads
back exactly as written. The other sheets are views for people: day grids to print, and lists per
facilitator, room and theme; they are outputs only and never read back.
"""

from __future__ import annotations

import csv
import io
import json
import math
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break as PageBreak
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..changelist import CHANGE_COLUMNS, change_list, change_rows, reference
from ..domain import Baseline, Forum, Placement, Programme, PublishedEntry, Room, clock, end_of
from ..errors import ForumInputError, InputIssue
from ..sheets import as_bool, as_list
from ..timegrid import MINUTES_PER_DAY, TimeGrid, parse_clock
from .cells import csv_value, write_csv_rows, xlsx_value

COLUMNS = (
    "session_id", "title", "kind", "day", "date", "start", "end", "room_id", "room", "venue",
    "themes", "action_lines", "facilitators", "attendance", "capacity", "locked",
    "facilitator_names", "description",
)  # fmt: skip
SHEET = "Programme"
PROGRAMME_CSV = "programme.csv"
PROGRAMME_XLSX = "programme.xlsx"
REQUIRED = ("session_id", "start", "room_id")

# Light colours, so that black text stays readable on them; picked by a hash of the theme id so
# that a theme keeps its colour when other themes are added.
PALETTE = (
    "AEC7E8", "FFBB78", "98DF8A", "FF9896", "C5B0D5", "C49C94", "F7B6D2", "DBDB8D",
    "9EDAE5", "FDD0A2", "C7E9C0", "DADAEB", "FCBBA1", "D9D9D9", "FFF2AE", "B3E2CD",
)  # fmt: skip
BREAK_FILL = PatternFill("solid", start_color="EEEEEE", end_color="EEEEEE")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MAX_COLUMN_WIDTH = 60
EXCEL_EPOCH = date(1899, 12, 30)

# Printing, in points: A4 landscape (the forum is in Geneva) less the margins, kept 3 % short
# because spreadsheet programs lay out text and round sizes slightly differently.
A4_PAPER = 9  # SpreadsheetML's paperSize code for A4
MARGINS = PageMargins(left=0.3, right=0.3, top=0.45, bottom=0.45, header=0.2, footer=0.2)
PRINT_WIDTH = (841.9 - 72 * (MARGINS.left + MARGINS.right)) * 0.97
PRINT_HEIGHT = (595.3 - 72 * (MARGINS.top + MARGINS.bottom)) * 0.97
# A column width unit is one digit of the workbook's default font, which is therefore Arial
# 10: it has metric twins everywhere (Liberation Sans), so every program sizes the columns
# alike (LibreOffice 5.55 points a unit, Excel 5.25; Calibri, missing outside Office, would
# become a wider font and widen every column by a third). Text is measured at the narrower.
BASE_FONT = Font(name="Arial", size=10)
POINTS_PER_WIDTH_UNIT, NARROWEST_UNIT = 5.55, 5.25
HEADER_FONT = Font(name=BASE_FONT.name, size=BASE_FONT.sz, bold=True)
# Lists wrap text columns at this width (in units), so that a list fitted to the page width
# prints at about 7 points or more; rows get the height their wrapped text needs.
LIST_WRAP_WIDTH, LIST_LINE = 24, 12.75
TOP = Alignment(vertical="top")
TOP_WRAPPED = Alignment(vertical="top", wrap_text=True)


# ---------------------------------------------------------------------------------------------
# The programme list


def programme_rows(forum: Forum, programme: Programme) -> list[dict]:
    """One dict per placement, keyed by COLUMNS in order, sorted by date, start and room."""
    return [_row(forum, p) for p in programme.sorted(forum)]


def _row(forum: Forum, placement: Placement) -> dict:
    session = forum.session_by_id[placement.session_id]
    room = forum.room_by_id[placement.room_id]
    return {
        "session_id": session.session_id,
        "title": session.title,
        "kind": session.kind,
        "day": placement.day,
        "date": forum.settings.date_of(placement.day).isoformat(),
        "start": clock(placement.start),
        "end": clock(end_of(forum, placement)),
        "room_id": room.room_id,
        "room": room.name,
        "venue": room.venue,
        "themes": ", ".join(session.themes),
        "action_lines": ", ".join(session.action_lines),
        "facilitators": ", ".join(session.facilitators),
        "attendance": session.attendance,
        "capacity": room.capacity,
        # A planner ticks this in the published programme to keep a session when re-solving;
        # a tick carries over to the next publish (a Sessions-sheet lock stays on that sheet,
        # so that unticking it there unlocks the session).
        "locked": "TRUE"
        if forum.baseline is not None
        and getattr(forum.baseline.by_session.get(session.session_id), "locked", False)
        else "",
        # For readers of the list: who the ids are, and what the session is about.
        "facilitator_names": ", ".join(
            forum.facilitator_by_id[f].name if f in forum.facilitator_by_id else f
            for f in session.facilitators
        ),
        "description": session.description,
    }


def write_csv(forum: Forum, programme: Programme, path: Path | str) -> None:
    """UTF-8 without a byte-order mark, CR LF line ends (see cells.py)."""
    write_csv_rows(path, COLUMNS, programme_rows(forum, programme))


# ---------------------------------------------------------------------------------------------
# The workbook


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
    _programme_sheet(wb.create_sheet(SHEET), rows)
    if reference(forum) is not None:
        changes = change_rows(forum, change_list(forum, programme))
        _table_sheet(
            wb.create_sheet("Changes"),
            CHANGE_COLUMNS,
            ([row[c] for c in CHANGE_COLUMNS] for row in changes),
        )
    plan = _grid_plan(forum, programme)
    for day in range(1, forum.settings.days + 1):
        _day_sheet(wb.create_sheet(forum.settings.day_label(day)), forum, programme, day, plan)
    _facilitator_sheet(wb.create_sheet("Facilitators"), forum, rows)
    _room_sheet(wb.create_sheet("Rooms"), forum, rows)
    _theme_sheet(wb.create_sheet("Themes"), forum, rows)
    _report_sheet(wb.create_sheet("Report"), report or {})
    Path(path).write_bytes(workbook_bytes(wb, publish_time))


def workbook_bytes(wb: Workbook, publish_time: datetime) -> bytes:
    """Save with fixed document dates and zip entry times (openpyxl would stamp 'now')."""
    if publish_time.tzinfo is None:  # as in the calendars: a naive publish time is UTC
        publish_time = publish_time.replace(tzinfo=UTC)
    moment = publish_time.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    wb.properties.creator = "forum-scheduler"
    wb.properties.created = moment
    wb.properties.modified = moment
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, date_time=moment) as archive:
        ExcelWriter(wb, archive).save()
    return buffer.getvalue()


class _FixedTimeZip(zipfile.ZipFile):
    """A ZipFile whose entries all carry one given time instead of the clock's."""

    def __init__(self, file, mode, compression, date_time: datetime):
        super().__init__(file, mode, compression, allowZip64=True)
        self._date_time = max(date_time, datetime(1980, 1, 1)).timetuple()[:6]

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._date_time)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        """openpyxl adds worksheets from temporary files, whose time and mode would leak in."""
        data = Path(filename).read_bytes()
        self.writestr(arcname or Path(filename).name, data, compress_type, compresslevel)


_set = xlsx_value  # every cell the workbook writes goes through cells.py


def _table_sheet(
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
        _set(ws, 1, c, name).font = HEADER_FONT
    table = [list(values) for values in rows]
    for r, values in enumerate(table, 2):
        for c, value in enumerate(values, 1):
            _set(ws, r, c, value).alignment = TOP
            if value is not None:
                widths[c - 1] = max(widths[c - 1], len(str(value)) + 2)
    widths = [min(width, wrap_at, MAX_COLUMN_WIDTH) for width in widths]
    for r, values in enumerate(table, 2):
        lines = 1
        for c, value in enumerate(values, 1):
            if isinstance(value, str) and len(value) + 2 > widths[c - 1]:
                ws.cell(row=r, column=c).alignment = TOP_WRAPPED
                usable = widths[c - 1] * NARROWEST_UNIT - 6
                lines = max(lines, _line_count(value, usable, BASE_FONT.sz))
        if lines > 1:
            ws.row_dimensions[r].height = lines * LIST_LINE
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(table) + 1}"
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    _print_setup(ws, landscape)


def _print_setup(ws: Worksheet, landscape: bool) -> None:
    ws.page_setup.paperSize = A4_PAPER
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = copy(MARGINS)
    ws.print_title_rows = "1:1"


def _programme_sheet(ws: Worksheet, rows: list[dict]) -> None:
    _table_sheet(ws, COLUMNS, ([row[c] for c in COLUMNS] for row in rows))


def _facilitator_sheet(ws: Worksheet, forum: Forum, rows: list[dict]) -> None:
    """One row per (facilitator, session), so a person's week reads top to bottom."""
    entries = []
    for row in rows:
        for fid in _split(row["facilitators"]):
            fac = forum.facilitator_by_id.get(fid)
            name, org = (fac.name, fac.organisation) if fac else (fid, "")
            key = (fid, row["day"], row["start"], row["room_id"])
            entries.append((key, [fid, name, org, *_when_where(row)]))
    columns = ["facilitator_id", "facilitator", "organisation", *_WHEN_WHERE]
    _table_sheet(ws, columns, (values for _, values in sorted(entries, key=lambda e: e[0])))


def _room_sheet(ws: Worksheet, forum: Forum, rows: list[dict]) -> None:
    order = {r.room_id: i for i, r in enumerate(forum.rooms)}
    ordered = sorted(
        rows,
        key=lambda r: (order.get(r["room_id"], len(order)), r["room_id"], r["day"], r["start"]),
    )
    _table_sheet(ws, _ROOM_COLUMNS, ([row[c] for c in _ROOM_COLUMNS] for row in ordered))


def _theme_sheet(ws: Worksheet, forum: Forum, rows: list[dict]) -> None:
    """One row per (theme, session): a theme's followers see their track in time order."""
    order = {t.theme_id: i for i, t in enumerate(forum.themes)}
    entries = []
    for row in rows:
        for tid in _split(row["themes"]):
            theme = forum.theme_by_id.get(tid)
            key = (order.get(tid, len(order)), tid, row["day"], row["start"], row["room_id"])
            entries.append((key, [tid, theme.name if theme else tid, *_when_where(row)]))
    columns = ["theme_id", "theme", *_WHEN_WHERE]
    _table_sheet(ws, columns, (values for _, values in sorted(entries, key=lambda e: e[0])))


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


def _report_sheet(ws: Worksheet, report: dict) -> None:
    rows = sorted(_flatten(report), key=lambda kv: kv[0])
    _table_sheet(ws, ["key", "value"], rows, landscape=False, wrap_at=MAX_COLUMN_WIDTH)
    ws.column_dimensions["B"].width = MAX_COLUMN_WIDTH


def _flatten(data: dict, prefix: str = "") -> list[tuple[str, object]]:
    """Nested dicts become `a.b` keys; lists and other values become readable cell values."""
    out: list[tuple[str, object]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out += _flatten(value, name + ".")
        else:
            out.append((name, _cell_value(value)))
    return out


def _cell_value(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


# ---------------------------------------------------------------------------------------------
# Day grids

GRID_HEADER_ROW = 2
GRID_FIRST_ROW = 3

# The grid prints at 100 %, in Arial 8 (about 16 characters a line in a 72-point column).
GRID_FONT, GRID_SIZE, GRID_LINE = "Arial", 8, 10.0
TITLE_SIZE, TITLE_HEIGHT = 12, 18.0
TIME_WIDTH = 30.0
ROOM_MIN_WIDTH, ROOM_MAX_WIDTH = 72.0, 250.0
SLOT_MIN_HEIGHT, SLOT_MAX_HEIGHT, SLOT_ONE_PAGE_HEIGHT = 12.0, 30.0, 36.0
BREAK_ROW_HEIGHT = 6.0
LIGHT_TEXT_BELOW = 0.179  # WCAG relative luminance where white and black text contrast equally


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
    return _line_count(text, usable, GRID_SIZE * (1.1 if bold else 1)) * GRID_LINE + 4


def _line_count(text: str, width: float, size: float) -> int:
    """Lines after word wrapping, with Arial's character widths (a little generous)."""
    space, lines = _char_width(" ") * size, 0
    for paragraph in text.split("\n"):
        used = None
        for word in paragraph.split(" "):
            length = sum(_char_width(ch) for ch in word) * size
            if used is None or used + space + length > width:
                lines, used = lines + 1, length
            else:
                used += space + length
            while used > width:  # a word longer than the line breaks anywhere
                lines, used = lines + 1, used - width
    return lines


def _char_width(ch: str) -> float:
    """Advance width in ems, rounded up from Arial's metrics; anything unusual counts as wide."""
    if ch in "ijl|'":
        return 0.23
    if ch in " .,:;!ftI[]()/\\":
        return 0.28
    if ch in 'r-"':
        return 0.34
    if ch in "mwMW":
        return 0.95
    if ch.isupper() or not ch.isascii():
        return 0.78 if unicodedata.east_asian_width(ch) not in "WF" else 1.0
    return 0.56


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
        cell = _set(ws, 1, columns[page[0].room_id], f"{title} - {venues}")
        cell.font = Font(name=GRID_FONT, bold=True, size=TITLE_SIZE)
    _boxed(_set(ws, GRID_HEADER_ROW, 1, "time")).font = _grid_font(bold=True)
    for room in plan.rooms:
        cell = _set(ws, GRID_HEADER_ROW, columns[room.room_id], _room_label(room))
        _boxed(cell).font = _grid_font(bold=True)
    for i in range(slots):
        start, _ = _slot_minutes(settings, i)
        cell = _set(ws, GRID_FIRST_ROW + i, 1, clock(start))
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
        _set(ws, clash[0], clash[1], f"{anchor.value}\n+ {text}")
        return
    colour = _theme_colour(forum, session.themes[0]) if session.themes else "FFFFFF"
    cell = _boxed(_set(ws, rows.start, column, text))
    cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
    cell.font = _grid_font(colour=_text_colour(colour))
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


def _theme_colour(forum: Forum, theme_id: str) -> str:
    """The theme's own colour if it is a valid hex colour, else a stable palette colour."""
    theme = forum.theme_by_id.get(theme_id)
    given = (theme.colour or "").strip().lstrip("#").upper() if theme else ""
    if len(given) == 3:
        given = "".join(ch * 2 for ch in given)
    if len(given) == 6 and all(ch in "0123456789ABCDEF" for ch in given):
        return given
    return PALETTE[zlib.crc32(theme_id.encode("utf-8")) % len(PALETTE)]


def _luminance(colour: str) -> float:
    """WCAG relative luminance of an RRGGBB colour: 0 for black, 1 for white."""
    channels = []
    for i in (0, 2, 4):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _text_colour(fill: str) -> str:
    """White text on dark fills, black on light ones: whichever contrasts more."""
    return "FFFFFF" if _luminance(fill) < LIGHT_TEXT_BELOW else "000000"


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


# ---------------------------------------------------------------------------------------------
# Reading a programme back


def read_programme(path: Path | str, forum: Forum) -> Programme:
    """Read a programme from a .csv, an .xlsx (sheet Programme) or an output folder.

    Only the Programme sheet of a workbook is read: the day grids and the views per facilitator,
    room and theme are outputs only, so edits there are not read back. A placement is its
    session_id, day (or date), start and room_id; end and room follow from them and may be
    cleared, but if filled in they must agree (an end that disagrees with start plus the
    session's duration, or a room name that is not room_id's, is an error rather than a guess
    at which of the two the planner meant).

    Hand edits in a spreadsheet program are accepted (time and date cells, '9:30'); every problem
    is collected and raised at once as ForumInputError. Duplicates are left to the checker.
    """
    path = programme_file(path)
    source = str(path)
    table = _read_table(path, source)
    columns = _columns(table[0] if table else (), source)
    issues: list[InputIssue] = []
    warnings: list[str] = []
    placements = []
    for number, values in enumerate(table[1:], 2):
        if all(_blank(v) for v in values):
            continue
        reader = _RowReader(forum, columns, values, number, source, issues, warnings)
        placement = reader.placement()
        if placement is not None:
            placements.append(placement)
    if issues:
        raise ForumInputError(issues)
    return Programme(tuple(placements), tuple(warnings))


def programme_file(path: Path | str) -> Path:
    """The file a programme is read from. An output folder stands for its programme.xlsx,
    where planners edit the programme and tick `locked` (else its programme.csv), so that
    `check FOLDER` and `solve --previous FOLDER` read the same file."""
    path = Path(path)
    if not path.is_dir():
        return path
    for name in (PROGRAMME_XLSX, PROGRAMME_CSV):
        if (path / name).is_file():
            return path / name
    hint = "give the programme file or an output folder"
    raise _unreadable(f"the folder has no {PROGRAMME_XLSX} or {PROGRAMME_CSV}", str(path), hint)


def read_previous(path: Path | str, forum: Forum, max_changes: int | None = None) -> Baseline:
    """Read a published programme (.csv, .xlsx or output folder) to re-solve against.

    Unlike `read_programme`, a session or room that the forum no longer has is not an error:
    the session was removed (it will be cancelled) or its room was lost (it will move). An end
    that disagrees with today's duration is what was published, and is kept as such.
    """
    path = programme_file(path)
    source = str(path)
    table = _read_table(path, source)
    columns = _columns(table[0] if table else (), source)
    issues: list[InputIssue] = []
    entries: dict[str, PublishedEntry] = {}
    notes: list[str] = []
    for number, values in enumerate(table[1:], 2):
        if all(_blank(v) for v in values):
            continue
        reader = _PublishedRowReader(forum, columns, values, number, source, issues, notes)
        entry = reader.entry()
        if entry is None:
            continue
        if entry.session_id in entries:
            issues.append(
                _issue(
                    f"session {entry.session_id} appears twice (rows "
                    f"{entries[entry.session_id].row} and {number})",
                    source,
                    number,
                    "session_id",
                    "a published programme has one row per session",
                )
            )
            continue
        entries[entry.session_id] = entry
    if issues:
        raise ForumInputError(issues)
    ordered = sorted(entries.values(), key=lambda e: (e.day, e.start, e.room_id, e.session_id))
    return Baseline(tuple(ordered), source, max_changes, tuple(notes))


def _issue(message: str, source: str, row=None, column=None, hint=None) -> InputIssue:
    return InputIssue(message, sheet=SHEET, row=row, column=column, hint=hint, source=source)


def _unreadable(message: str, source: str, hint: str | None = None, sheet: str | None = SHEET):
    """The error for a programme file that cannot be read at all."""
    return ForumInputError([InputIssue(message, sheet=sheet, hint=hint, source=source)])


def _read_table(path: Path, source: str) -> list[tuple]:
    """The rows (header first) of the programme, from whichever kind of file was given."""
    if not path.is_file():
        raise _unreadable("the programme file does not exist", source)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, source)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, source)
    hint = "give a .csv or .xlsx programme, or an output folder"
    raise _unreadable(f"cannot read {suffix or 'these'} files", source, hint)


def _read_csv(path: Path, source: str) -> list[tuple]:
    """CSV as saved by us, Excel (BOM, `;` in some locales) or LibreOffice: line breaks inside
    quoted fields kept as they are, and the apostrophe that protects a formula-like text (see
    cells.py) taken off."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        hint = "save it as 'CSV UTF-8' from the spreadsheet program"
        raise _unreadable("the file is not UTF-8 text", source, hint) from None
    first = text.replace("\r", "\n").split("\n", 1)[0]
    delimiter = next((d for d in (",", ";", "\t") if d in first), ",")
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [tuple(csv_value(cell) for cell in record) for record in records]


read_csv_table = _read_csv  # the highlighted copy of a CSV programme reads it the same way


def _read_xlsx(path: Path, source: str) -> list[tuple]:
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise _unreadable(f"cannot open the workbook ({exc})", source, sheet=None) from None
    try:
        name = next((n for n in wb.sheetnames if n.strip().casefold() == SHEET.casefold()), None)
        if name is None:
            hint = f"sheets found: {', '.join(wb.sheetnames)}"
            raise _unreadable(f"the workbook has no sheet {SHEET}", source, hint, sheet=None)
        sheet = wb[name]
        sheet.reset_dimensions()  # a stale <dimension> in an edited file would cut rows off
        return [tuple(values) for values in sheet.iter_rows(values_only=True)]
    finally:
        wb.close()


def _columns(header: tuple, source: str) -> dict[str, int]:
    """Column name (case and spaces ignored) -> index; missing required columns are errors."""
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        if not _blank(value):
            columns.setdefault(_clean(str(value)).lower(), index)
    missing = [c for c in REQUIRED if c not in columns]
    if "day" not in columns and "date" not in columns:
        missing.append("day")
    issues = [
        _issue(
            f"required column {c} is missing",
            source,
            row=1,
            column=c,
            hint="the header row must name session_id, day (or date), start and room_id",
        )
        for c in missing
    ]
    if issues:
        raise ForumInputError(issues)
    return columns


def _clean(text: str) -> str:
    return text.replace("\u00a0", " ").strip()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not _clean(value))


class _RowReader:
    """Turns one programme row into a Placement, recording every problem it finds."""

    ANY_DAY = False  # a day outside the forum's week is an error

    def __init__(self, forum, columns, values, row, source, issues, warnings=None):
        self.forum, self.columns, self.values = forum, columns, values
        self.row, self.source, self.issues = row, source, issues
        self.warnings = [] if warnings is None else warnings

    def get(self, column: str):
        index = self.columns.get(column)
        if index is None or index >= len(self.values) or _blank(self.values[index]):
            return None
        value = self.values[index]
        return _clean(value) if isinstance(value, str) else value

    def fail(self, column: str, message: str, hint: str | None = None) -> None:
        self.issues.append(_issue(message, self.source, self.row, column, hint))

    def placement(self) -> Placement | None:
        session_id, room_id = self.session_id(), self.room_id()
        day, start = self.day(), self.start()
        end_agrees = self.end_agrees(session_id, start)
        room_agrees = self.room_agrees(room_id)
        if None in (session_id, room_id, day, start) or not (end_agrees and room_agrees):
            return None
        return Placement(session_id, day, start, room_id, row=self.row)

    def end_agrees(self, session_id: str | None, start: int | None) -> bool:
        """A filled-in end should be start plus the session's duration. A planner who moves a
        session changes its start and may forget its end: start wins, with a warning. An end
        that is not a time at all is an error."""
        value = self.get("end")
        if value is None or session_id is None or start is None:
            return True
        duration = self.forum.session_by_id[session_id].duration
        expected = start + duration
        try:
            minutes = _minutes(value)
        except ValueError:
            minutes = None
        if minutes is None or not 0 <= minutes <= MINUTES_PER_DAY:
            hint = (
                "end follows from start and the duration "
                f"({duration} minutes): write {clock(expected)} or clear end"
            )
            self.fail("end", f"{value!r} is not a time of day", hint)
            return False
        if minutes != expected:
            self.warnings.append(
                f"{SHEET} row {self.row} ({self.source}): {session_id}'s end {clock(minutes)} "
                f"disagrees with its start {clock(start)} and its {duration} minutes; the start "
                f"wins, so it ends at {clock(expected)} (clear end, or write {clock(expected)}, "
                "to silence this)"
            )
        return True

    def room_agrees(self, room_id: str | None) -> bool:
        """A filled-in room must be the name of room_id's room (case and spaces aside)."""
        value = self.get("room")
        if value is None or room_id is None:
            return True
        name = self.forum.room_by_id[room_id].name
        given = _clean(_id_text(value))
        if given.casefold() == _clean(name).casefold():
            return True
        hint = (
            "change room_id to move a session; room follows from room_id: "
            f"write {name} or clear room"
        )
        self.fail("room", f"room {given!r} is not room {room_id}, which is {name!r}", hint)
        return False

    def session_id(self) -> str | None:
        value = self.get("session_id")
        if value is None:
            return self.fail("session_id", "the session id is blank")
        session_id = _id_text(value)
        if session_id not in self.forum.session_by_id:
            return self.fail(
                "session_id",
                f"unknown session {session_id}",
                "the forum's Sessions sheet has no session with this id",
            )
        return session_id

    def room_id(self) -> str | None:
        value = self.get("room_id")
        if value is None:
            return self.fail("room_id", "the room id is blank")
        room_id = _id_text(value)
        if room_id not in self.forum.room_by_id:
            known = ", ".join(r.room_id for r in self.forum.rooms[:20])
            return self.fail("room_id", f"unknown room {room_id}", f"known rooms: {known}")
        return room_id

    def start(self) -> int | None:
        value = self.get("start")
        if value is None:
            return self.fail("start", "the start time is blank", "write it as HH:MM")
        try:
            minutes = _minutes(value)
        except ValueError:
            return self.fail("start", f"{value!r} is not a time of day", "write it as HH:MM")
        if not 0 <= minutes < MINUTES_PER_DAY:
            return self.fail("start", f"{value!r} is not a time of day", "write it as HH:MM")
        return minutes

    def day(self) -> int | None:
        from_day = self._day_column()
        if from_day and self._outside_the_week(self.get("date")):
            # the forum's week moved since this programme was written: its day numbers hold
            s = self.forum.settings
            note = (
                f"{SHEET} ({self.source}): dates outside the forum's week "
                f"({s.first_day.isoformat()} to {s.date_of(s.days).isoformat()}), as after the "
                "week moved: each session is read by its day number"
            )
            if note not in self.warnings:
                self.warnings.append(note)
            return from_day
        from_date = self._date_column()
        if from_day is False or from_date is False:
            return None
        if from_day is None and from_date is None:
            return self.fail(
                "day" if "day" in self.columns else "date",
                "the day is blank",
                f"write a day number 1..{self.forum.settings.days} or a date",
            )
        if from_day is not None and from_date is not None and from_day != from_date:
            return self.fail(
                "date",
                f"day {from_day} and date {self.get('date')} disagree",
                "correct one of them, or clear one",
            )
        return from_day if from_day is not None else from_date

    def _day_column(self):
        """Day number 1..N (a date is accepted too). None if blank, False after an issue."""
        value = self.get("day")
        if value is None:
            return None
        as_date = _to_date(value, serials=False)
        if as_date is not None:
            return self._day_of(as_date, "day")
        number, n = _day_number(value), self.forum.settings.days
        if number is None:
            return self._failed("day", f"{value!r} is not a day", f"write a day number 1..{n}")
        if not 1 <= number <= n and not self.ANY_DAY:
            return self._failed(
                "day", f"day {number} is outside the forum's {n} days", f"write a day number 1..{n}"
            )
        return number

    def _date_column(self):
        """The date's day number. None if blank, False after an issue."""
        value = self.get("date")
        if value is None:
            return None
        as_date = _to_date(value, serials=True)
        if as_date is None:
            return self._failed("date", f"{value!r} is not a date", "write it as YYYY-MM-DD")
        return self._day_of(as_date, "date")

    def _outside_the_week(self, value) -> bool:
        when = None if value is None else _to_date(value, serials=True)
        s = self.forum.settings
        return when is not None and not 1 <= (when - s.first_day).days + 1 <= s.days

    def _day_of(self, when: date, column: str):
        s = self.forum.settings
        day = (when - s.first_day).days + 1
        if not 1 <= day <= s.days:
            last = s.date_of(s.days).isoformat()
            return self._failed(
                column,
                f"{when.isoformat()} is outside the forum week",
                f"the forum runs {s.first_day.isoformat()} to {last}",
            )
        return day

    def _failed(self, column: str, message: str, hint: str | None = None):
        self.fail(column, message, hint)
        return False


class _PublishedRowReader(_RowReader):
    """A row of a published programme: ids the forum no longer knows are kept, not refused."""

    def session_id(self) -> str | None:
        value = self.get("session_id")
        if value is None:
            return self.fail("session_id", "the session id is blank")
        return _id_text(value)

    def room_id(self) -> str | None:
        value = self.get("room_id")
        if value is None:
            return self.fail("room_id", "the room id is blank")
        return _id_text(value)

    def entry(self) -> PublishedEntry | None:
        session_id, room_id = self.session_id(), self.room_id()
        day, start = self.day(), self.start()
        session = self.forum.session_by_id.get(session_id)
        end = self._end(start, session)
        locked = self._locked()
        if None in (session_id, room_id, day, start, end, locked):
            return None
        room = self.forum.room_by_id.get(room_id)
        title = self.get("title")
        people = self.get("facilitators")
        return PublishedEntry(
            session_id,
            str(title) if title is not None else (session.title if session else ""),
            day,
            start,
            end,
            room_id,
            str(self.get("room") or (room.name if room else room_id)),
            as_list(people) if people is not None else (session.facilitators if session else ()),
            locked,
            self.row,
        )

    def _end(self, start: int | None, session) -> int | None:
        value = self.get("end")
        if value is None:
            if session is None and start is not None:
                return self.fail(
                    "end",
                    "the end is blank and the forum no longer has this "
                    "session, so its duration is unknown",
                    "write the end as HH:MM",
                )
            return None if start is None else start + session.duration
        try:
            return _minutes(value)
        except ValueError:
            return self.fail("end", f"{value!r} is not a time of day", "write it as HH:MM")

    # A day outside today's week is kept (the week was shortened or moved): a session
    # published on a day that no longer exists must move.
    ANY_DAY = True

    def _outside_the_week(self, value) -> bool:
        when = None if value is None else _to_date(value, serials=True)
        s = self.forum.settings
        return when is not None and not 1 <= (when - s.first_day).days + 1 <= s.days

    def _day_of(self, when: date, column: str):
        return (when - self.forum.settings.first_day).days + 1

    def _locked(self) -> bool | None:
        value = self.get("locked")
        try:
            return as_bool(value)
        except ValueError:
            self.fail(
                "locked",
                f"{value!r} is not TRUE or FALSE",
                "write TRUE to keep the session where it is, or leave it blank",
            )
            return None


def _id_text(value) -> str:
    """An id typed as a number (1 or 1.0) reads as '1', as the workbook loader would have it."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _minutes(value) -> int:
    """A time cell, 'H:MM' text, a fraction of a day (General format) or a duration cell."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
        if seconds % 60:
            raise ValueError(value)
        return int(seconds // 60)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and 0 <= value < 1:
            minutes = value * MINUTES_PER_DAY
            if abs(minutes - round(minutes)) < 1e-6:
                return round(minutes)
        raise ValueError(value)
    return parse_clock(value)


def _day_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _to_date(value, serials: bool) -> date | None:
    """A date cell, ISO text, or (in a date column) an Excel serial day number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if serials and float(value).is_integer() and value > 60:
            return EXCEL_EPOCH + timedelta(days=int(value))
        return None
    text = str(value).strip()
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()
    except ValueError:
        return None
