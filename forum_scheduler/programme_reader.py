"""Reading a programme back: a .csv, a programme.xlsx (its Programme sheet) or an output folder.

The programme is the tool's output, but planners edit it by hand (in Excel or LibreOffice) and
give it back to `check` and to `solve --previous`, so it is read like any input: every problem
is collected and reported with its sheet, row and column, and its cells are parsed by the same
reader layer as the forum's workbooks (`sheets.py`: ids, times, dates, lists, TRUE/FALSE).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from .domain import Baseline, Forum, Placement, Programme, PublishedEntry, clock
from .errors import ForumInputError, InputIssue
from .sheets import (
    as_bool,
    as_int,
    as_list,
    as_minutes,
    as_text,
    clean,
    csv_value,
    date_or_none,
    normalise,
)
from .timegrid import MINUTES_PER_DAY

SHEET = "Programme"
PROGRAMME_CSV = "programme.csv"
PROGRAMME_XLSX = "programme.xlsx"
REQUIRED = ("session_id", "start", "room_id")


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
            columns.setdefault(normalise(value), index)
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


def _blank(value) -> bool:
    return clean(value) is None


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
        return clean(self.values[index])

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
            minutes = as_minutes(value)
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
        given = as_text(value)
        if given.casefold() == as_text(name).casefold():
            return True
        named = [r for r in self.forum.rooms if r.name.casefold() == given.casefold()]
        keep = f"; to keep it in {named[0].room_id}, set room_id back to it" if named else ""
        hint = (
            "change room_id to move a session; room follows from room_id: to move it to "
            f"{room_id}, write {name} in room or clear room{keep}"
        )
        self.fail("room", f"room {given!r} is not room {room_id}, which is {name!r}", hint)
        return False

    def session_id(self) -> str | None:
        value = self.get("session_id")
        if value is None:
            return self.fail("session_id", "the session id is blank")
        session_id = as_text(value)
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
        room_id = as_text(value)
        if room_id not in self.forum.room_by_id:
            known = ", ".join(r.room_id for r in self.forum.rooms[:20])
            return self.fail("room_id", f"unknown room {room_id}", f"known rooms: {known}")
        return room_id

    def start(self) -> int | None:
        value = self.get("start")
        if value is None:
            return self.fail("start", "the start time is blank", "write it as HH:MM")
        try:
            minutes = as_minutes(value)
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
        as_date = date_or_none(value, serials=False)
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
        as_date = date_or_none(value, serials=True)
        if as_date is None:
            return self._failed("date", f"{value!r} is not a date", "write it as YYYY-MM-DD")
        return self._day_of(as_date, "date")

    def _outside_the_week(self, value) -> bool:
        when = None if value is None else date_or_none(value, serials=True)
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
        return as_text(value)

    def room_id(self) -> str | None:
        value = self.get("room_id")
        if value is None:
            return self.fail("room_id", "the room id is blank")
        return as_text(value)

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
            return as_minutes(value)
        except ValueError:
            return self.fail("end", f"{value!r} is not a time of day", "write it as HH:MM")

    # A day outside today's week is kept (the week was shortened or moved): a session
    # published on a day that no longer exists must move.
    ANY_DAY = True

    def _outside_the_week(self, value) -> bool:
        when = None if value is None else date_or_none(value, serials=True)
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


def _day_number(value) -> int | None:
    """A day number (1, 1.0, '1'); None for anything else."""
    try:
        return as_int(value)
    except ValueError:
        return None
