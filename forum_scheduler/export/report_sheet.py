"""The workbook's Report sheet: the solve's outcome, written for an organiser to read and print.

It answers in order what the terminal summary answers: is there a schedule, how many sessions
have a place, do the hard rules hold, how large is the penalty and how much of it no programme
can avoid; then each soft goal's weight, penalty and lower bound, the worst offences, what was
not met, the changes against what was published, and how much of the rooms' open time the
programme uses, per day and venue.

It is drawn from the stable part of report.json (export/__init__.py keeps the solver's status,
bound, gap and times out, since they depend on the machine and the clock), so that the same
input gives the same workbook; those are in report.json.
"""

from __future__ import annotations

from copy import copy

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..domain import Forum, Programme
from .cells import xlsx_value
from .printing import A4_PAPER, BASE_FONT, MARGINS, NARROWEST_UNIT, line_count
from .room_use import room_use

# Columns: a label, a text, then numbers (a table's columns beyond G keep the number width).
WIDTHS = {"A": 22, "B": 40}
NUMBER_WIDTH = 12
TEXT_COLUMNS = 6  # B:G, where a long text is merged across
LINE = 12.75  # points per line of Arial 10
TITLE = Font(name=BASE_FONT.name, size=14, bold=True)
HEADING = Font(name=BASE_FONT.name, size=12, bold=True)
BOLD = Font(name=BASE_FONT.name, size=BASE_FONT.sz, bold=True)
NOTE = Font(name=BASE_FONT.name, size=9, italic=True, color="555555")
RULE = Border(bottom=Side(style="thin", color="999999"))
HEAD_FILL = PatternFill("solid", start_color="E7E6E6", end_color="E7E6E6")
WRAPPED = Alignment(vertical="top", wrap_text=True)
UNWRAPPED = Alignment(vertical="top")
RIGHT = Alignment(vertical="top", horizontal="right")
NUMBER, PERCENT = "#,##0", "0%"


def report_sheet(ws: Worksheet, forum: Forum, programme: Programme, report: dict) -> None:
    """Write the report: `report` is report.json's stable part (may be empty, as when a
    library user writes a workbook without solving)."""
    sheet = _Sheet(ws)
    sheet.line((f"{forum.settings.name}: programme report",), fonts=(TITLE,), height=20, wrap=False)
    _outcome(sheet, forum, programme, report)
    goals = report.get("goals") or {}
    if goals:
        _goals(sheet, goals)
    _unmet(sheet, report)
    if report.get("notes"):
        sheet.heading("Notes")
        for note in report["notes"]:
            sheet.text("", note)
    if report.get("changes"):
        _changes(sheet, report["changes"])
    _room_use(sheet, forum, programme)
    sheet.finish()


class _Sheet:
    """Writes rows one after the other; a long text spans columns B:G and wraps."""

    def __init__(self, ws: Worksheet):
        self.ws, self.row, self.last_column = ws, 1, 1 + TEXT_COLUMNS

    def line(self, values, fonts=(), formats=(), height=None, fill=None, wrap=True) -> None:
        """One row; a title or heading (`wrap` False) runs on over the empty cells."""
        for c, value in enumerate(values, 1):
            if value is None or value == "":
                continue
            cell = xlsx_value(self.ws, self.row, c, value)
            cell.alignment = WRAPPED if wrap else UNWRAPPED
            if not isinstance(value, str) or (c > 2 and not wrap):
                cell.alignment = RIGHT
            if c - 1 < len(fonts) and fonts[c - 1] is not None:
                cell.font = fonts[c - 1]
            if c - 1 < len(formats) and formats[c - 1]:
                cell.number_format = formats[c - 1]
        if fill is not None:
            for c in range(1, len(values) + 1):
                self.ws.cell(row=self.row, column=c).fill = fill
        self.last_column = max(self.last_column, len(values))
        if height is not None:
            self.ws.row_dimensions[self.row].height = height
        self.row += 1

    def heading(self, text: str) -> None:
        self.row += 1  # a blank row before each section
        self.line((text,), fonts=(HEADING,), height=18, wrap=False)
        for c in range(1, 1 + 1 + TEXT_COLUMNS):
            self.ws.cell(row=self.row - 1, column=c).border = RULE

    def text(self, label: str, text: str, font: Font | None = None) -> None:
        """A label in A and a text merged across B:G, its row as tall as its lines."""
        self.line((label, text), fonts=(BOLD, font))
        row = self.row - 1
        self.ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=1 + TEXT_COLUMNS)
        width = (WIDTHS["B"] + NUMBER_WIDTH * (TEXT_COLUMNS - 1)) * NARROWEST_UNIT - 6
        lines = max(
            line_count(text, width, (font or BASE_FONT).sz),
            line_count(label, WIDTHS["A"] * NARROWEST_UNIT - 6, BASE_FONT.sz * 1.1),
        )
        if lines > 1:
            self.ws.row_dimensions[row].height = lines * LINE

    def table(self, header, rows, formats) -> None:
        """A header row on grey, then rows whose numbers take `formats`."""
        self.line(header, fonts=[BOLD] * len(header), fill=HEAD_FILL, wrap=False)
        for values in rows:
            bold = values[0] in ("total", "week")
            self.line(values, fonts=[BOLD if bold else None] * len(values), formats=formats)

    def finish(self) -> None:
        ws = self.ws
        for c in range(1, self.last_column + 1):
            letter = get_column_letter(c)
            ws.column_dimensions[letter].width = WIDTHS.get(letter, NUMBER_WIDTH)
        ws.page_setup.paperSize = A4_PAPER
        ws.page_setup.orientation = "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = copy(MARGINS)
        ws.print_area = f"A1:{get_column_letter(self.last_column)}{self.row - 1}"


def _outcome(sheet: _Sheet, forum: Forum, programme: Programme, report: dict) -> None:
    sheet.heading("Outcome")
    total = len(forum.sessions)
    placed = len({p.session_id for p in programme.placements} & set(forum.session_by_id))
    if "schedule" in report:
        sheet.text("schedule", "found" if report["schedule"] else "none: see what was not met")
    sheet.text("sessions placed", f"{placed:,} of {total:,}")
    if "hard_rules_hold" in report:
        held = report["hard_rules_hold"]
        sheet.text(
            "hard rules",
            "every hard rule holds, re-checked by the independent checker"
            if held
            else "not all hold: see what was not met",
        )
    objective, lower = report.get("objective"), report.get("lower_bound")
    if objective is not None:
        sheet.text("penalty", f"{objective:,} over the soft goals (the lower, the better)")
    if objective is not None and lower is not None:
        share = 100 if objective <= 0 else min(100, round(100 * lower / objective))
        sheet.text(
            "provably unavoidable",
            f"at least {lower:,}: no programme of this forum scores below it, so at least "
            f"{share}% of the penalty is unavoidable (the goals' own floors; report.json may "
            "hold a higher bound that the solver proved)",
        )
    venues = len({room.venue for room in forum.rooms})
    sheet.text(
        "forum",
        f"{total:,} sessions, {len(forum.rooms):,} rooms in {venues} venue"
        f"{'s' if venues != 1 else ''}, {forum.settings.days} days",
    )
    if report:
        sheet.text(
            "",
            "The solver's status, its bound and gap, and the times are in report.json: they "
            "depend on the machine, and this workbook does not.",
            font=NOTE,
        )


def _goals(sheet: _Sheet, goals: dict) -> None:
    sheet.heading("Soft goals")
    header = ("goal", "what it asks for", "weight", "measure", "penalty", "lower bound", "offences")
    rows = [
        (
            goal_id,
            goal.get("title", ""),
            goal.get("weight"),
            goal.get("measure"),
            goal.get("penalty"),
            goal.get("lower_bound"),
            goal.get("offences"),
        )
        for goal_id, goal in goals.items()
    ]
    penalty = sum(goal.get("penalty") or 0 for goal in goals.values())
    lower = sum(goal.get("lower_bound") or 0 for goal in goals.values())
    rows.append(("total", "", None, None, penalty, lower, None))
    sheet.table(header, rows, (None, None, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER))
    for row in range(sheet.row - len(rows), sheet.row):  # titles wrap like texts
        title = sheet.ws.cell(row=row, column=2).value or ""
        lines = line_count(title, WIDTHS["B"] * NARROWEST_UNIT - 6, BASE_FONT.sz)
        if lines > 1:
            sheet.ws.row_dimensions[row].height = lines * LINE
    worst = [(goal_id, text) for goal_id, goal in goals.items() for text in goal.get("worst", [])]
    if worst:
        sheet.heading("Worst offences")
        for goal_id, text in worst:
            sheet.text(goal_id, text)
    forced = [(goal_id, text) for goal_id, goal in goals.items() for text in goal.get("forced", [])]
    if forced:
        sheet.heading("Clashes no programme avoids")
        for goal_id, text in forced:
            sheet.text(goal_id, text)


def _unmet(sheet: _Sheet, report: dict) -> None:
    if "unmet" not in report:
        return
    sheet.heading("What was not met")
    if not report["unmet"]:
        sheet.text("", "nothing: every session has a place and every hard rule holds")
    for text in report["unmet"]:
        sheet.text("", text)


def _changes(sheet: _Sheet, changes: dict) -> None:
    sheet.heading("Changes")
    against = changes.get("against")
    if against:
        sheet.text("compared with", str(against))
    for key, label in (
        ("changed", "sessions moved or edited"),
        ("added", "sessions added"),
        ("cancelled", "sessions cancelled"),
        ("by_hand", "edits by hand"),
        ("facilitators_to_tell", "facilitators to tell"),
    ):
        if key in changes:
            sheet.text(label, f"{changes[key]:,}")
    for text in changes.get("list", []):
        sheet.text("", text)


def _room_use(sheet: _Sheet, forum: Forum, programme: Programme) -> None:
    days = room_use(forum, programme)
    sheet.heading("Room use")
    sheet.text(
        "",
        "Room-minutes used by sessions over room-minutes open: the day's hours less the breaks "
        "and each room's hard unavailability.",
        font=NOTE,
    )
    venues = list(days[0].venues) if days else []
    header = ("day", "room-hours used / open", "all rooms", *venues)
    rows = []
    for use in days:
        label = forum.settings.day_label(use.day)
        rows.append(_use_row(label, use.rooms, use.venues.values()))
    if days:
        week = sum((use.rooms for use in days[1:]), days[0].rooms)
        per_venue = [sum((d.venues[v] for d in days[1:]), days[0].venues[v]) for v in venues]
        rows.append(_use_row("week", week, per_venue))
    sheet.table(header, rows, (None, None, *[PERCENT] * (1 + len(venues))))


def _use_row(label: str, rooms, venues) -> tuple:
    hours = f"{rooms.used / 60:,.1f} / {rooms.open / 60:,.1f}"
    return (label, hours, rooms.share, *[use.share for use in venues])
