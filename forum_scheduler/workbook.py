"""Workbooks and CSV folders -> a `Forum`. Every problem is collected and reported at once."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .domain import (
    KINDS,
    PAIR_RULES,
    PAPER_SIZES,
    RULE_KINDS,
    STRENGTHS,
    Break,
    Facilitator,
    Forum,
    Room,
    Rule,
    Session,
    Settings,
    Theme,
    Unavailability,
    clock,
)
from .errors import ForumInputError, InputIssue
from .sheets import (
    Table,
    Tables,
    as_bool,
    as_date,
    as_int,
    as_list,
    as_multiline_text,
    as_text,
    as_time_value,
    normalise,
    read_inputs,
)
from .timegrid import TimeGrid, parse_clock, parse_interval

REQUIRED_SHEETS = ("Forum", "Rooms", "Sessions")
REQUIRED_COLUMNS = {
    "Forum": ("setting", "value"),
    "Rooms": ("room_id", "venue", "capacity"),
    "Themes": ("theme_id",),
    "Facilitators": ("facilitator_id",),
    "Sessions": ("session_id", "title", "duration_minutes", "attendance"),
    "Unavailability": ("who", "day"),
    "Rules": ("rule", "session_a"),
    "Weights": ("objective", "weight"),
}
SETTINGS = (
    "name",
    "first_day",
    "days",
    "day_start",
    "day_end",
    "breaks",
    "slot_minutes",
    "timezone",
    "venue_travel_minutes",
    "facilitator_max_sessions_per_day",
    "facilitator_min_pause_minutes",
    "room_changeover_minutes",
    "session_starts",
    "time_limit_seconds",
    "paper_size",
)


def did_you_mean(value, known) -> str:
    """ " (did you mean 'UNDP'?)" with the known id nearest to a mistyped one (ignoring case),
    else ""."""
    by_lower = {}
    for k in sorted(str(k) for k in known):
        by_lower.setdefault(k.lower(), k)
    close = difflib.get_close_matches(str(value).lower(), list(by_lower), n=1, cutoff=0.6)
    return f" (did you mean '{by_lower[close[0]]}'?)" if close else ""


@dataclass
class Reader:
    """Turns one table's cells into values, recording each problem with its place."""

    tables: Tables
    issues: list[InputIssue] = field(default_factory=list)

    def problem(self, message, sheet=None, row=None, column=None, hint=None, source=None):
        self.issues.append(InputIssue(message, sheet, row, column, hint, source))

    def table(self, name: str, required: bool = False) -> Table | None:
        table = self.tables.get(name)
        if normalise(name) in self.tables.refused:
            return None  # too large to read: said where it was found
        if table is None:
            if required:
                found = ", ".join(self.tables.seen) or "none"
                self.problem(
                    f"required sheet '{name}' is missing (sheets found: {found})",
                    hint=f"add a sheet named {name} (CSV: {name}.csv)",
                    source=", ".join(self.tables.inputs) or None,
                )
            return None
        missing = [c for c in REQUIRED_COLUMNS.get(name, ()) if not table.has(c)]
        for column in missing:
            found = ", ".join(table.columns.values()) or "none"
            self.problem(
                f"required column '{column}' is missing (columns found: {found})",
                sheet=table.name,
                row=1,
                column=column,
                hint="add the column header in row 1",
                source=", ".join(table.sources) or None,
            )
        return None if missing else table

    def cell(
        self,
        table: Table,
        record,
        column: str,
        convert: Callable | None = None,
        required: bool = False,
        default=None,
    ):
        source, row, cells = record
        value = cells.get(column)
        if value is None:
            if required:
                self.problem("a value is required here", table.name, row, column, source=source)
            return default
        if convert is None:
            return value
        try:
            return convert(value)
        except ValueError as exc:
            self.problem(str(exc), table.name, row, column, source=source)
            return default


# The largest forum the tool takes (the largest congresses it is built for have about 2,500
# sessions); beyond, a workbook is far more likely a mistake than a forum. The reader stops
# at the first row past the cap.
MAX_ROWS_OF = {
    "Sessions": (10_000, "sessions"),
    "Rooms": (1_000, "rooms"),
    "Facilitators": (50_000, "facilitators"),
}


def load_forum(inputs: Iterable[str | Path]) -> Forum:
    """Read a forum from workbooks or CSV folders; raise ForumInputError listing every problem."""
    paths = [Path(p) for p in inputs]
    tables = read_inputs(paths, tuple(REQUIRED_COLUMNS), MAX_ROWS_OF)
    reader = Reader(tables, list(tables.issues))
    forum_table = reader.table("Forum", required=True)
    rooms_table = reader.table("Rooms", required=True)
    sessions_table = reader.table("Sessions", required=True)
    for name in ("Themes", "Facilitators", "Unavailability", "Rules", "Weights"):
        reader.table(name)
    settings = _settings(reader, forum_table) if forum_table else None
    if settings is None:
        raise ForumInputError(reader.issues or [InputIssue("the Forum sheet cannot be read")])
    rooms = _rooms(reader, rooms_table) if rooms_table else ()
    themes = _themes(reader, reader.table("Themes"))
    facilitators = _facilitators(reader, reader.table("Facilitators"))
    _check_shared_namespace(reader, rooms, facilitators)
    # References are checked against every id written, even on a row with other problems; a
    # sheet that cannot be read at all checks nothing, rather than flood the report.
    context = _Context(
        settings,
        _written_ids(tables, "Rooms", "room_id"),
        _written_ids(tables, "Themes", "theme_id", missing=set()),
        _written_ids(tables, "Facilitators", "facilitator_id", missing=set()),
    )
    sessions = _sessions(reader, sessions_table, context) if sessions_table else ()
    context.session_ids = _written_ids(tables, "Sessions", "session_id")
    unavailability = _unavailability(reader, reader.table("Unavailability"), context)
    rules = _rules(reader, reader.table("Rules"), context)
    weights = _weights(reader, reader.table("Weights"))
    if reader.issues:
        raise ForumInputError(reader.issues)
    absent = tuple(
        name
        for name in ("Themes", "Facilitators", "Unavailability", "Rules", "Weights")
        if tables.get(name) is None
    )
    return Forum(
        settings,
        rooms,
        themes,
        facilitators,
        sessions,
        unavailability,
        rules,
        weights,
        tuple(str(p) for p in paths),
        absent,
    )


def _written_ids(tables: Tables, sheet: str, column: str, missing=None):
    """Every id written in a sheet's id column; `missing` if the sheet or column is absent;
    every id, if the sheet could not be read (its problem is said already)."""
    if normalise(sheet) in tables.refused:
        return _Everything()
    table = tables.get(sheet)
    if table is None or not table.has(column):
        return missing
    return {as_text(cells[column]) for _, _, cells in table.rows if cells.get(column) is not None}


class _Everything(set):
    """Stands for the ids of a sheet that could not be read: every id counts as known."""

    def __contains__(self, item) -> bool:
        return True


@dataclass
class _Context:
    settings: Settings
    room_ids: set[str] | None
    theme_ids: set[str]
    facilitator_ids: set[str]
    session_ids: set[str] | None = None

    def __post_init__(self):
        if self.room_ids is None:
            self.room_ids = _Everything()

    def day(self, value) -> int:
        """A day number 1..N or a date inside the forum week."""
        s = self.settings
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = as_int(value)
        elif isinstance(value, str) and value.strip().isdigit():
            number = int(value.strip())
        else:
            number = (as_date(value) - s.first_day).days + 1
            if not 1 <= number <= s.days:
                raise ValueError(
                    f"{as_date(value)} is not a date of the forum week "
                    f"({s.date_of(1)} to {s.date_of(s.days)})"
                )
        if not 1 <= number <= s.days:
            raise ValueError(f"day {number} is outside the forum week (1 to {s.days})")
        return number


def _time(value) -> int:
    return parse_clock(as_time_value(value))


def _settings(reader: Reader, table: Table) -> Settings | None:
    values: dict[str, tuple] = {}
    for record in table.rows:
        source, row, cells = record
        key = cells.get("setting")
        if key is None:
            continue
        key_norm = str(key).strip().lower()
        if key_norm not in SETTINGS:
            reader.problem(
                f"unknown setting '{key}'{did_you_mean(key, SETTINGS)}",
                table.name,
                row,
                "setting",
                hint="valid settings: " + ", ".join(SETTINGS),
                source=source,
            )
            continue
        if key_norm in values:
            reader.problem(
                f"setting '{key}' is given twice", table.name, row, "setting", source=source
            )
        values[key_norm] = record
    defaults = Settings(name="", first_day=None)  # type: ignore[arg-type]
    before = len(reader.issues)

    def get(key, convert, required=False, default=None):
        if key not in values:
            if required:
                reader.problem(
                    f"setting '{key}' is required",
                    table.name,
                    None,
                    "setting",
                    hint=f"add a row with setting '{key}' and its value",
                )
            return default
        return reader.cell(
            table, values[key], "value", _naming(key, convert), required=required, default=default
        )

    name = get("name", as_text, required=True)
    first_day = get("first_day", _first_day, required=True)
    days = get("days", _count(MAX_DAYS), default=defaults.days)
    day_start = get("day_start", _time, default=defaults.day_start)
    day_end = get("day_end", _time, default=defaults.day_end)
    breaks_value = get("breaks", as_text, default=None)
    slot = get("slot_minutes", _count(MINUTES), default=defaults.slot_minutes)
    tz = get("timezone", _timezone, default=defaults.timezone)
    travel = get("venue_travel_minutes", _amount(MINUTES), default=defaults.venue_travel_minutes)
    max_per_day = get("facilitator_max_sessions_per_day", _count(MAX_PER_DAY), default=None)
    pause = get(
        "facilitator_min_pause_minutes",
        _amount(MINUTES),
        default=defaults.facilitator_min_pause_minutes,
    )
    changeover = get(
        "room_changeover_minutes", _amount(MINUTES), default=defaults.room_changeover_minutes
    )
    starts_value = get("session_starts", as_text, default=None)
    limit = get("time_limit_seconds", _seconds, default=defaults.time_limit_seconds)
    paper = get("paper_size", _paper_size, default=defaults.paper_size)
    row_of = {k: v[1] for k, v in values.items()}
    if day_start >= day_end:
        reader.problem(
            "day_start must be before day_end", table.name, row_of.get("day_end"), "value"
        )
    breaks: list[Break] = []
    if breaks_value:
        for part in str(breaks_value).split(";"):
            if not part.strip():
                continue
            try:
                start, end = parse_interval(part)
            except ValueError as exc:
                reader.problem(
                    f"breaks: {exc}",
                    table.name,
                    row_of.get("breaks"),
                    "value",
                    hint="write breaks as HH:MM-HH:MM; several separated by ';'",
                )
                continue
            if start < day_start or end > day_end:
                reader.problem(
                    f"break {part.strip()} lies outside the day",
                    table.name,
                    row_of.get("breaks"),
                    "value",
                    hint="a break must fall between day_start and day_end",
                )
            breaks.append(Break(start, end))
    starts = _session_starts(
        reader, table, row_of.get("session_starts"), starts_value, day_start, day_end, slot, breaks
    )
    if len(reader.issues) > before:
        return None
    return Settings(
        name=name,
        first_day=first_day,
        days=days,
        day_start=day_start,
        day_end=day_end,
        breaks=tuple(sorted(breaks, key=lambda b: b.start)),
        slot_minutes=slot,
        timezone=tz,
        venue_travel_minutes=travel,
        facilitator_max_sessions_per_day=max_per_day,
        facilitator_min_pause_minutes=pause,
        room_changeover_minutes=changeover,
        session_starts=starts,
        time_limit_seconds=limit,
        paper_size=paper,
    )


def _naming(key: str, convert):
    """`convert`, whose errors name the Forum setting they are about."""

    def named(value):
        try:
            return convert(value)
        except ValueError as exc:
            message = str(exc)
            raise ValueError(message if message.startswith(key) else f"{key}: {message}") from None

    return named


def _session_starts(reader, table, row, text, day_start, day_end, slot, breaks):
    """The standard starts, 'HH:MM, HH:MM, ...', each on the grid, inside the day and off the
    breaks (a start where no session can begin is a typing mistake, not a wish)."""
    if not text or not _has_slot(day_start, slot):
        return ()
    starts = []
    for part in str(text).replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        hint = (
            f"list times such as 09:00, 11:00, 14:30 on the {slot}-minute grid that starts "
            f"at {clock(day_start)}, inside the day and outside the breaks"
        )
        try:
            minute = parse_clock(part)
        except ValueError as exc:
            reader.problem(f"session_starts: {exc}", table.name, row, "value", hint=hint)
            continue
        why = None
        if not day_start <= minute < day_end:
            why = f"outside the day {clock(day_start)}-{clock(day_end)}"
        elif (minute - day_start) % slot:
            why = f"off the {slot}-minute grid that starts at {clock(day_start)}"
        else:
            hit = next((b for b in breaks if b.start <= minute < b.end), None)
            if hit is not None:
                why = f"inside the break {clock(hit.start)}-{clock(hit.end)}"
        if why:
            reader.problem(
                f"session_starts: {clock(minute)} is {why}", table.name, row, "value", hint=hint
            )
            continue
        starts.append(minute)
    return tuple(sorted(set(starts)))


def _has_slot(day_start, slot) -> bool:
    """The grid is known (its own problems are reported where they are read)."""
    return day_start is not None and slot is not None


# What a value may be: beyond these, a cell is a typing mistake, and the numbers the model
# multiplies (weights x minutes x sessions) would overflow.
MAX_DAYS = 31
MINUTES = 24 * 60
MAX_PEOPLE = 1_000_000
MAX_WEIGHT = 1_000_000
MAX_SECONDS = 24 * 3600
MAX_PER_DAY = 100  # facilitator_max_sessions_per_day
FIRST_YEAR, LAST_YEAR = 1900, 2999


def _at_most(read, most: int):
    """`read`, then refuse a number above `most`."""

    def convert(value) -> int:
        number = read(value)
        if number > most:
            raise ValueError(f"{value!r} is too large: at most {most:,}")
        return number

    return convert


def _count(most: int):
    """A whole number from 1 to `most`."""
    return _at_most(_positive_int, most)


def _amount(most: int):
    """A whole number from 0 to `most`."""
    return _at_most(_non_negative_int, most)


def _seconds(value) -> float:
    number = _positive_number(value)
    if number > MAX_SECONDS:
        raise ValueError(f"{value!r} is too large: at most {MAX_SECONDS:,} seconds (a day)")
    return number


def _first_day(value):
    day = as_date(value)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(
            f"{day} is not a plausible date: write a year from {FIRST_YEAR} to {LAST_YEAR}"
        )
    return day


def _positive_int(value) -> int:
    number = as_int(value)
    if number <= 0:
        raise ValueError(f"{value!r} must be a whole number above 0")
    return number


def _non_negative_int(value) -> int:
    number = as_int(value)
    if number < 0:
        raise ValueError(f"{value!r} must be a whole number, 0 or more")
    return number


def _positive_number(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a number") from None
    if not number > 0:
        raise ValueError(f"{value!r} must be above 0")
    return number


def _paper_size(value) -> str:
    """A4 or A3 (any case): the paper the day grids are laid out for."""
    name = as_text(value).upper()
    if name not in PAPER_SIZES:
        raise ValueError(
            f"unknown paper size '{as_text(value)}'{did_you_mean(as_text(value), PAPER_SIZES)}"
            f" (use {' or '.join(PAPER_SIZES)})"
        )
    return name


def _timezone(value) -> str:
    name = str(value).strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown timezone '{name}' (use an IANA name such as Europe/Zurich)"
        ) from None
    return name


def _unique(reader: Reader, table: Table, record, column: str, seen: dict[str, int]):
    source, row, _ = record
    value = reader.cell(table, record, column, as_text, required=True)
    if value is None:
        return None
    if value in seen:
        reader.problem(
            f"duplicate id '{value}' (also in row {seen[value]})",
            table.name,
            row,
            column,
            hint="every id must be unique",
            source=source,
        )
        return None
    seen[value] = row
    return value


def _rooms(reader: Reader, table: Table) -> tuple[Room, ...]:
    rooms, seen = [], {}
    for record in table.rows:
        room_id = _unique(reader, table, record, "room_id", seen)
        venue = reader.cell(table, record, "venue", as_text, required=True)
        capacity = reader.cell(table, record, "capacity", _count(MAX_PEOPLE), required=True)
        if room_id is None or venue is None or capacity is None:
            continue
        name = reader.cell(table, record, "name", as_text) or room_id
        features = frozenset(reader.cell(table, record, "features", as_list, default=()))
        changeover = reader.cell(table, record, "changeover_minutes", _amount(MINUTES))
        rooms.append(Room(room_id, name, venue, capacity, features, record[1], changeover))
    if not rooms and table.rows == []:
        reader.problem("the Rooms sheet has no rooms", table.name, 2, "room_id")
    return tuple(rooms)


def _themes(reader: Reader, table: Table | None) -> tuple[Theme, ...]:
    if table is None:
        return ()
    themes, seen = [], {}
    for record in table.rows:
        theme_id = _unique(reader, table, record, "theme_id", seen)
        if theme_id is None:
            continue
        name = reader.cell(table, record, "name", as_text) or theme_id
        lines = reader.cell(table, record, "action_lines", as_list, default=())
        colour = reader.cell(table, record, "colour", _colour)
        themes.append(Theme(theme_id, name, lines, colour, record[1]))
    return tuple(themes)


def _colour(value) -> str:
    text = str(value).strip().lstrip("#")
    if len(text) != 6 or any(c not in "0123456789abcdefABCDEF" for c in text):
        raise ValueError(f"{value!r} is not a hex colour (expected e.g. #4E79A7)")
    return "#" + text.upper()


def _facilitators(reader: Reader, table: Table | None) -> tuple[Facilitator, ...]:
    if table is None:
        return ()
    people, seen = [], {}
    for record in table.rows:
        fid = _unique(reader, table, record, "facilitator_id", seen)
        if fid is None:
            continue
        people.append(
            Facilitator(
                fid,
                reader.cell(table, record, "name", as_text) or fid,
                reader.cell(table, record, "organisation", as_text) or "",
                reader.cell(table, record, "email", as_text) or "",
                record[1],
            )
        )
    return tuple(people)


def _check_shared_namespace(reader: Reader, rooms, facilitators) -> None:
    room_ids = {r.room_id for r in rooms}
    for person in facilitators:
        if person.facilitator_id in room_ids:
            reader.problem(
                f"id '{person.facilitator_id}' is both a room and a facilitator",
                "Facilitators",
                person.row,
                "facilitator_id",
                hint="room and facilitator ids share one namespace (the who column "
                "of Unavailability); rename one",
            )


def _ids(reader: Reader, table: Table, record, column: str, known: set[str], what: str):
    values = reader.cell(table, record, column, as_list, default=())
    good = []
    for value in values:
        if value in known:
            good.append(value)
        else:
            reader.problem(
                f"unknown {what} '{value}'{did_you_mean(value, known)}",
                table.name,
                record[1],
                column,
                hint=f"use an id from the {what.title()}s sheet"
                if what != "facilitator"
                else "use an id from the Facilitators sheet",
                source=record[0],
            )
    return tuple(dict.fromkeys(good))


def _sessions(reader: Reader, table: Table, ctx: _Context) -> tuple[Session, ...]:
    sessions, seen = [], {}
    grid = TimeGrid(ctx.settings)
    longest = grid.longest_session()
    for record in table.rows:
        source, row, _ = record
        sid = _unique(reader, table, record, "session_id", seen)
        title = reader.cell(table, record, "title", as_text, required=True)
        duration = reader.cell(table, record, "duration_minutes", _count(MINUTES), required=True)
        attendance = reader.cell(table, record, "attendance", _amount(MAX_PEOPLE), required=True)
        kind = (reader.cell(table, record, "kind", as_text) or "parallel").lower()
        if kind not in KINDS:
            reader.problem(
                f"unknown kind '{kind}'{did_you_mean(kind, KINDS)}",
                table.name,
                row,
                "kind",
                hint="use one of " + ", ".join(KINDS),
                source=source,
            )
        if duration is not None:
            slot = ctx.settings.slot_minutes
            if duration % slot:
                reader.problem(
                    f"duration {duration} is not a multiple of slot_minutes ({slot})",
                    table.name,
                    row,
                    "duration_minutes",
                    source=source,
                    hint=f"round it to a multiple of {slot}, or change slot_minutes",
                )
            elif duration > longest:
                reader.problem(
                    f"duration {duration} minutes is longer than the longest stretch "
                    f"of a day without a break ({longest} minutes)",
                    table.name,
                    row,
                    "duration_minutes",
                    source=source,
                    hint="split the session, or change the day's hours or breaks",
                )
        themes = _ids(reader, table, record, "themes", ctx.theme_ids, "theme")
        facilitators = _ids(
            reader, table, record, "facilitators", ctx.facilitator_ids, "facilitator"
        )
        pin_day = reader.cell(table, record, "day", ctx.day)
        pin_start = reader.cell(table, record, "start", _time)
        pin_room = reader.cell(table, record, "room", as_text)
        if pin_room is not None and pin_room not in ctx.room_ids:
            reader.problem(
                f"unknown room '{pin_room}'{did_you_mean(pin_room, ctx.room_ids)}",
                table.name,
                row,
                "room",
                source=source,
                hint="use a room_id from the Rooms sheet",
            )
        if None in (sid, title, duration, attendance) or kind not in KINDS:
            continue
        sessions.append(
            Session(
                session_id=sid,
                title=title,
                duration=duration,
                attendance=attendance,
                kind=kind,
                themes=themes,
                action_lines=reader.cell(table, record, "action_lines", as_list, default=()),
                facilitators=facilitators,
                needs=frozenset(reader.cell(table, record, "needs", as_list, default=())),
                pin_day=pin_day,
                pin_start=pin_start,
                pin_room=pin_room,
                locked=reader.cell(table, record, "locked", as_bool, default=False),
                description=reader.cell(table, record, "description", as_multiline_text) or "",
                row=row,
                change_note=reader.cell(table, record, "change_note", as_text) or "",
            )
        )
    if not sessions and not table.rows:
        reader.problem("the Sessions sheet has no sessions", table.name, 2, "session_id")
    return tuple(sessions)


def _strength(reader: Reader, table: Table, record) -> bool:
    value = (reader.cell(table, record, "strength", as_text) or STRENGTHS[0]).lower()
    if value not in STRENGTHS:
        reader.problem(
            f"unknown strength '{value}'{did_you_mean(value, STRENGTHS)}",
            table.name,
            record[1],
            "strength",
            hint="use hard or soft",
            source=record[0],
        )
    return value != "soft"


def _unavailability(reader: Reader, table: Table | None, ctx: _Context):
    if table is None:
        return ()
    rows = []
    known = (
        _Everything()
        if isinstance(ctx.room_ids, _Everything) or isinstance(ctx.facilitator_ids, _Everything)
        else ctx.facilitator_ids | ctx.room_ids
    )
    s = ctx.settings
    for record in table.rows:
        source, row, _ = record
        who = reader.cell(table, record, "who", as_text, required=True)
        if who is not None and who not in known:
            reader.problem(
                f"unknown facilitator or room '{who}'{did_you_mean(who, known)}",
                table.name,
                row,
                "who",
                hint="use a facilitator_id or a room_id",
                source=source,
            )
        day = reader.cell(table, record, "day", ctx.day, required=True)
        start = reader.cell(table, record, "from", _time, default=s.day_start)
        end = reader.cell(table, record, "to", _time, default=s.day_end)
        if start >= end:
            reader.problem("'from' must be before 'to'", table.name, row, "to", source=source)
        hard = _strength(reader, table, record)
        weight = reader.cell(table, record, "weight", _amount(MAX_WEIGHT))
        if who in known and day is not None:
            rows.append(
                Unavailability(
                    who,
                    day,
                    start,
                    end,
                    hard,
                    weight,
                    reader.cell(table, record, "note", as_multiline_text) or "",
                    row,
                )
            )
    return tuple(rows)


def _rules(reader: Reader, table: Table | None, ctx: _Context):
    if table is None:
        return ()
    rules = []
    for record in table.rows:
        source, row, _ = record
        kind = (reader.cell(table, record, "rule", as_text, required=True) or "").lower()
        if kind and kind not in RULE_KINDS:
            reader.problem(
                f"unknown rule '{kind}'{did_you_mean(kind, RULE_KINDS)}",
                table.name,
                row,
                "rule",
                source=source,
                hint="use one of " + ", ".join(RULE_KINDS),
            )
            continue
        a = reader.cell(table, record, "session_a", as_text, required=True)
        b = reader.cell(table, record, "session_b", as_text)
        for column, sid in (("session_a", a), ("session_b", b)):
            if sid is not None and ctx.session_ids is not None and sid not in ctx.session_ids:
                reader.problem(
                    f"unknown session '{sid}'{did_you_mean(sid, ctx.session_ids)}",
                    table.name,
                    row,
                    column,
                    source=source,
                    hint="use a session_id from the Sessions sheet",
                )
        value = None
        if kind in PAIR_RULES:
            if b is None:
                reader.problem(
                    f"rule {kind} needs session_b", table.name, row, "session_b", source=source
                )
            elif b == a:
                reader.problem(
                    f"rule {kind} pairs {a} with itself",
                    table.name,
                    row,
                    "session_b",
                    source=source,
                )
        elif kind in ("on_day", "not_on_day"):
            value = reader.cell(table, record, "value", ctx.day, required=True)
        elif kind in ("start_after", "end_before"):
            value = reader.cell(table, record, "value", _time, required=True)
        hard = _strength(reader, table, record)
        weight = reader.cell(table, record, "weight", _amount(MAX_WEIGHT))
        if kind:
            rules.append(
                Rule(
                    kind,
                    a or "",
                    b if kind in PAIR_RULES else None,
                    value,
                    hard,
                    weight,
                    reader.cell(table, record, "note", as_multiline_text) or "",
                    row,
                )
            )
    return tuple(rules)


def _weights(reader: Reader, table: Table | None) -> dict[str, int]:
    from .constraints.registry import weight_defaults

    valid = weight_defaults()
    weights = {}
    if table is None:
        return weights
    for record in table.rows:
        source, row, _ = record
        key = (reader.cell(table, record, "objective", as_text, required=True) or "").lower()
        weight = reader.cell(table, record, "weight", _amount(MAX_WEIGHT), required=True)
        if key and key not in valid:
            reader.problem(
                f"unknown objective '{key}'{did_you_mean(key, valid)}",
                table.name,
                row,
                "objective",
                source=source,
                hint="valid objectives: " + ", ".join(sorted(valid)),
            )
        elif key in weights:
            reader.problem(
                f"objective '{key}' is given twice",
                table.name,
                row,
                "objective",
                source=source,
                hint="keep one row per objective",
            )
        elif key and weight is not None:
            weights[key] = weight
    return weights


def with_baseline(forum: Forum, baseline) -> Forum:
    """The forum to re-solve against a published programme (see export.read_previous)."""
    return replace(forum, baseline=baseline)


def with_settings(forum: Forum, **changes) -> Forum:
    """The forum with some settings overridden (a CLI option beats the Forum sheet)."""
    return replace(forum, settings=replace(forum.settings, **changes))
