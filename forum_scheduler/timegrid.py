"""The only place with time arithmetic: clock text <-> minutes, the slot grid, allowed starts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time

from .domain import Settings

_CLOCK = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\s*$")

MINUTES_PER_DAY = 24 * 60


def parse_clock(value) -> int:
    """A time cell or 'HH:MM' text as minutes since midnight. Raises ValueError otherwise."""
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        if value.second or value.microsecond:
            raise ValueError("seconds are not allowed in a time")
        return value.hour * 60 + value.minute
    if isinstance(value, str):
        m = _CLOCK.match(value)
        if m:
            hours, minutes = int(m.group(1)), int(m.group(2))
            if hours == 24 and minutes == 0:
                return MINUTES_PER_DAY
            if hours < 24 and minutes < 60 and not (m.group(3) and int(m.group(3))):
                return hours * 60 + minutes
    raise ValueError(f"{value!r} is not a time of day (expected HH:MM)")


def parse_interval(text: str) -> tuple[int, int]:
    """'12:45-14:30' as (765, 870)."""
    parts = text.split("-")
    if len(parts) != 2:
        raise ValueError(f"{text!r} is not a time range (expected HH:MM-HH:MM)")
    start, end = parse_clock(parts[0]), parse_clock(parts[1])
    if end <= start:
        raise ValueError(f"{text!r} ends before it starts")
    return start, end


def week_minute(day: int, minute: int) -> int:
    """A point in the week as one integer, so that times on different days compare correctly."""
    return (day - 1) * MINUTES_PER_DAY + minute


@dataclass(frozen=True)
class TimeGrid:
    """The forum's days, hours, breaks and slot grid."""

    settings: Settings

    @property
    def days(self) -> range:
        return range(1, self.settings.days + 1)

    def grid_starts(self) -> range:
        """Every grid point of a day, counted from day_start."""
        s = self.settings
        return range(s.day_start, s.day_end, s.slot_minutes)

    def fits_day(self, start: int, duration: int) -> bool:
        """Inside the day's hours, on the grid, and overlapping no break."""
        s = self.settings
        end = start + duration
        if start < s.day_start or end > s.day_end:
            return False
        if (start - s.day_start) % s.slot_minutes:
            return False
        return not any(b.overlaps(start, end) for b in s.breaks)

    def day_starts(self, duration: int) -> list[int]:
        """The starts within one day where a session of `duration` minutes fits."""
        return [m for m in self.grid_starts() if self.fits_day(m, duration)]

    def longest_session(self) -> int:
        """The longest duration (a multiple of the slot) that fits somewhere in a day."""
        s = self.settings
        longest = 0
        for duration in range(s.slot_minutes, s.day_end - s.day_start + 1, s.slot_minutes):
            if self.day_starts(duration):
                longest = duration
        return longest

    def slots_of(self, start: int, duration: int) -> range:
        """Indices of the grid slots a session covers (the slot count of a day starts at 0)."""
        s = self.settings
        first = (start - s.day_start) // s.slot_minutes
        last = -(-(start + duration - s.day_start) // s.slot_minutes)
        return range(first, last)

    def slots_per_day(self) -> int:
        s = self.settings
        return -(-(s.day_end - s.day_start) // s.slot_minutes)

    def working_minutes(self) -> int:
        """Minutes per day outside the breaks (breaks that overlap count once)."""
        s = self.settings
        free, cursor = 0, s.day_start
        for b in sorted(s.breaks, key=lambda b: b.start):
            if b.start > cursor:
                free += min(b.start, s.day_end) - cursor
            cursor = max(cursor, min(b.end, s.day_end))
            if cursor >= s.day_end:
                break
        return free + max(0, s.day_end - cursor)
