"""The forum as plain, frozen data. Imports no solver and no dataframe library.

Times of day are whole minutes since midnight; days are numbered 1..N. A session's place in the
programme is a `Placement` (day, start minute, room). Everything a constraint or an exporter
needs is reachable from `Forum` and `Programme`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

KINDS = ("opening", "closing", "plenary", "parallel")
PLENARY_KINDS = frozenset({"opening", "closing", "plenary"})

PAIR_RULES = ("before", "same_day", "different_day", "not_parallel", "same_room", "back_to_back")
SINGLE_RULES = ("on_day", "not_on_day", "start_after", "end_before")
RULE_KINDS = PAIR_RULES + SINGLE_RULES
STRENGTHS = ("hard", "soft")  # of an Unavailability or Rules row; blank: hard
PAPER_SIZES = ("A4", "A3")  # the papers the day grids print on (the Forum's paper_size)
# English day and month names, whatever the machine's locale (strftime follows it), so that
# every output is the same everywhere.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def slugify(name: str) -> str:
    """The forum slug: lower case, every run of other characters than a-z0-9 becomes one '-'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "forum"


def clock(minutes: int) -> str:
    """Minutes since midnight as HH:MM."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Break:
    start: int
    end: int

    def overlaps(self, start: int, end: int) -> bool:
        return start < self.end and self.start < end


@dataclass(frozen=True)
class Settings:
    name: str
    first_day: date
    days: int = 5
    day_start: int = 9 * 60
    day_end: int = 18 * 60
    breaks: tuple[Break, ...] = (Break(12 * 60 + 45, 14 * 60 + 30),)
    slot_minutes: int = 15
    timezone: str = "Europe/Zurich"
    venue_travel_minutes: int = 15
    facilitator_max_sessions_per_day: int | None = None
    facilitator_min_pause_minutes: int = 0
    room_changeover_minutes: int = 0  # least gap between two sessions in one room
    session_starts: tuple[int, ...] = ()  # standard starts (minutes of the day); (): any slot
    time_limit_seconds: float = 60.0
    paper_size: str = "A4"  # what the day grids print on, one of PAPER_SIZES

    @property
    def slug(self) -> str:
        return slugify(self.name)

    def date_of(self, day: int) -> date:
        return self.first_day + timedelta(days=day - 1)

    def day_label(self, day: int) -> str:
        """'Mon 18 May' style label used in messages and sheet names."""
        when = self.date_of(day)
        return f"{WEEKDAYS[when.weekday()][:3]} {when.day:02d} {MONTHS[when.month - 1][:3]}"

    def long_date(self, day: int) -> str:
        """'Monday 18 May 2026', the title of a printed day."""
        when = self.date_of(day)
        return f"{WEEKDAYS[when.weekday()]} {when.day:02d} {MONTHS[when.month - 1]} {when.year}"


@dataclass(frozen=True)
class Room:
    room_id: str
    name: str
    venue: str
    capacity: int
    features: frozenset[str] = frozenset()
    row: int | None = None
    changeover: int | None = None  # minutes between two sessions here; None: the Forum's


@dataclass(frozen=True)
class Theme:
    theme_id: str
    name: str
    action_lines: tuple[str, ...] = ()
    colour: str | None = None
    row: int | None = None


@dataclass(frozen=True)
class Facilitator:
    facilitator_id: str
    name: str
    organisation: str = ""
    email: str = ""
    row: int | None = None


@dataclass(frozen=True)
class Session:
    session_id: str
    title: str
    duration: int
    attendance: int
    kind: str = "parallel"
    themes: tuple[str, ...] = ()
    action_lines: tuple[str, ...] = ()
    facilitators: tuple[str, ...] = ()
    needs: frozenset[str] = frozenset()
    pin_day: int | None = None
    pin_start: int | None = None
    pin_room: str | None = None
    locked: bool = False
    description: str = ""
    row: int | None = None
    # Why the planner changed the session, in the words sent to its facilitators
    change_note: str = ""

    @property
    def is_plenary(self) -> bool:
        """Opening, closing and plenary sessions run with nothing in parallel."""
        return self.kind in PLENARY_KINDS


@dataclass(frozen=True)
class Unavailability:
    """`who` (a facilitator or a room) is not available on `day` in [start, end)."""

    who: str
    day: int
    start: int
    end: int
    hard: bool = True
    weight: int | None = None
    note: str = ""
    row: int | None = None


@dataclass(frozen=True)
class Rule:
    """A Rules-sheet row. `value` is a day number for on_day/not_on_day, minutes for times."""

    rule: str
    session_a: str
    session_b: str | None = None
    value: int | None = None
    hard: bool = True
    weight: int | None = None
    note: str = ""
    row: int | None = None

    def describe(self) -> str:
        if self.session_b:
            return f"{self.rule}({self.session_a}, {self.session_b})"
        if self.rule in ("start_after", "end_before") and self.value is not None:
            return f"{self.rule}({self.session_a}, {clock(self.value)})"
        return f"{self.rule}({self.session_a}, day {self.value})"


@dataclass(frozen=True)
class PublishedEntry:
    """One row of a published programme that a re-solve starts from.

    Kept as published (title, end, room name, facilitators), so that the change list can say
    what the facilitators saw even when the session has since changed or left the forum.
    """

    session_id: str
    title: str
    day: int
    start: int
    end: int
    room_id: str
    room: str = ""
    facilitators: tuple[str, ...] = ()
    locked: bool = False  # the planner ticked `locked` in the published programme itself
    row: int | None = None
    venue: str = ""


@dataclass(frozen=True)
class Baseline:
    """The published programme to re-solve against, and the cap on how many sessions move."""

    entries: tuple[PublishedEntry, ...]
    source: str = ""
    max_changes: int | None = None
    notes: tuple[str, ...] = ()  # what reading it assumed, to be told

    @cached_property
    def by_session(self) -> dict[str, PublishedEntry]:
        return {e.session_id: e for e in self.entries}


@dataclass(frozen=True)
class Published:
    """What the calendars last published (an output folder's published.json).

    The change list, the facilitator messages and the calendars' SEQUENCE all compare the new
    programme with this, whatever programme a re-solve started from, so they always agree.
    `version` is the publish state's counter, to notice a state that changed meanwhile.
    """

    entries: tuple[PublishedEntry, ...]
    source: str = ""
    version: int = 0
    # Days the forum's first day moved since it was published (+7: a week later): a session
    # at the same place of the week has moved by this many days, by the forum's edit.
    week_shift: int = 0

    @cached_property
    def by_session(self) -> dict[str, PublishedEntry]:
        return {e.session_id: e for e in self.entries}


def baseline_of(
    forum: Forum, programme: Programme, max_changes: int | None = None, source: str = ""
) -> Baseline:
    """A programme of `forum`, as published, to re-solve an edited forum against."""
    entries = []
    for p in programme.sorted(forum):
        s = forum.session_by_id[p.session_id]
        room = forum.room_by_id.get(p.room_id)
        entries.append(
            PublishedEntry(
                p.session_id,
                s.title,
                p.day,
                p.start,
                p.start + s.duration,
                p.room_id,
                room.name if room else p.room_id,
                s.facilitators,
                s.locked,
                p.row,
                room.venue if room else "",
            )
        )
    return Baseline(tuple(entries), source, max_changes)


@dataclass(frozen=True)
class Forum:
    settings: Settings
    rooms: tuple[Room, ...]
    themes: tuple[Theme, ...]
    facilitators: tuple[Facilitator, ...]
    sessions: tuple[Session, ...]
    unavailability: tuple[Unavailability, ...] = ()
    rules: tuple[Rule, ...] = ()
    weights: dict[str, int] = field(default_factory=dict, hash=False, compare=False)
    sources: tuple[str, ...] = ()
    absent_sheets: tuple[str, ...] = ()  # optional sheets none of the inputs had
    baseline: Baseline | None = field(default=None, compare=False)  # when re-solving
    published: Published | None = field(default=None, compare=False)  # what calendars hold

    @cached_property
    def locked_places(self) -> dict[str, PublishedEntry]:
        """Sessions that must keep their published place: `locked` on the Sessions sheet or
        in the published programme, and present in both the forum and the baseline."""
        if self.baseline is None:
            return {}
        return {
            s.session_id: entry
            for s in self.sessions
            if (entry := self.baseline.by_session.get(s.session_id)) is not None
            and (s.locked or entry.locked)
        }

    @cached_property
    def room_by_id(self) -> dict[str, Room]:
        return {r.room_id: r for r in self.rooms}

    @cached_property
    def session_by_id(self) -> dict[str, Session]:
        return {s.session_id: s for s in self.sessions}

    @cached_property
    def theme_by_id(self) -> dict[str, Theme]:
        return {t.theme_id: t for t in self.themes}

    @cached_property
    def facilitator_by_id(self) -> dict[str, Facilitator]:
        return {f.facilitator_id: f for f in self.facilitators}

    @cached_property
    def sessions_of_facilitator(self) -> dict[str, tuple[Session, ...]]:
        out: dict[str, list[Session]] = {}
        for s in self.sessions:
            for f in s.facilitators:
                out.setdefault(f, []).append(s)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def by_kind(self) -> dict[str, tuple[Session, ...]]:
        return {k: tuple(s for s in self.sessions if s.kind == k) for k in KINDS}

    @cached_property
    def plenaries(self) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.is_plenary)

    @cached_property
    def unavailability_of(self) -> dict[str, tuple[Unavailability, ...]]:
        out: dict[str, list[Unavailability]] = {}
        for u in self.unavailability:
            out.setdefault(u.who, []).append(u)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def back_to_back_pairs(self) -> frozenset[tuple[str, str]]:
        """(first, second) of every back_to_back rule, hard or soft."""
        return frozenset((r.session_a, r.session_b) for r in self.rules if r.rule == "back_to_back")

    @cached_property
    def venues(self) -> tuple[str, ...]:
        return tuple(sorted({r.venue for r in self.rooms}))

    def weight(self, key: str, default: int) -> int:
        return self.weights.get(key, default)


@dataclass(frozen=True)
class Placement:
    session_id: str
    day: int
    start: int
    room_id: str
    row: int | None = field(default=None, compare=False)  # the programme file's row, if read


@dataclass(frozen=True)
class Programme:
    """A (possibly partial or hand-edited) assignment of sessions to day, start and room."""

    placements: tuple[Placement, ...]
    # What reading a hand-edited file noticed and settled (a stale end after a moved start).
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @cached_property
    def by_session(self) -> dict[str, Placement]:
        return {p.session_id: p for p in self.placements}

    def sorted(self, forum: Forum) -> list[Placement]:
        """Placements in the order of the output contract: date, start, room_id."""
        return sorted(self.placements, key=lambda p: (p.day, p.start, p.room_id, p.session_id))


def end_of(forum: Forum, placement: Placement) -> int:
    return placement.start + forum.session_by_id[placement.session_id].duration
