"""How much of the rooms' open time the programme uses, per day, overall and per venue.

A room is open for the day's hours less the breaks and less its own hard unavailability (a
soft one is a preference, and leaves it open); it is used while a session runs in it. Use is
used room-minutes over open room-minutes, so that a venue whose rooms are closed half a day
is not called half empty. Minutes are counted once even where a hand-edited programme puts
two sessions in one room at once, and only inside the open time.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import Forum, Programme, end_of

Intervals = list[tuple[int, int]]


@dataclass(frozen=True)
class Use:
    """Room-minutes used and open."""

    used: int
    open: int

    @property
    def share(self) -> float | None:
        """Used over open (None when nothing is open)."""
        return self.used / self.open if self.open else None

    def __add__(self, other: Use) -> Use:
        return Use(self.used + other.used, self.open + other.open)


@dataclass(frozen=True)
class DayUse:
    day: int
    rooms: Use  # every room
    venues: dict[str, Use]  # by venue, in the order of the Rooms sheet


def room_use(forum: Forum, programme: Programme) -> list[DayUse]:
    """Each day's room use, overall and per venue."""
    s = forum.settings
    closed: dict[tuple[str, int], Intervals] = {}
    for u in forum.unavailability:
        if u.hard and u.who in forum.room_by_id:
            closed.setdefault((u.who, u.day), []).append((u.start, u.end))
    busy: dict[tuple[str, int], Intervals] = {}
    for p in programme.placements:
        if p.session_id in forum.session_by_id:
            busy.setdefault((p.room_id, p.day), []).append((p.start, end_of(forum, p)))
    breaks = [(b.start, b.end) for b in s.breaks]
    venues = list(dict.fromkeys(room.venue for room in forum.rooms))
    days = []
    for day in range(1, s.days + 1):
        by_venue = {venue: Use(0, 0) for venue in venues}
        for room in forum.rooms:
            shut = breaks + closed.get((room.room_id, day), [])
            open_ = _minus([(s.day_start, s.day_end)], shut)
            used = _length(_meet(_union(busy.get((room.room_id, day), [])), open_))
            by_venue[room.venue] += Use(used, _length(open_))
        total = sum(by_venue.values(), Use(0, 0))
        days.append(DayUse(day, total, by_venue))
    return days


def _union(intervals: Intervals) -> Intervals:
    merged: Intervals = []
    for start, end in sorted(i for i in intervals if i[0] < i[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _minus(intervals: Intervals, cut: Intervals) -> Intervals:
    out = []
    for start, end in intervals:
        for c0, c1 in _union(cut):
            if c1 <= start or c0 >= end:
                continue
            if c0 > start:
                out.append((start, c0))
            start = max(start, c1)
        if start < end:
            out.append((start, end))
    return out


def _meet(a: Intervals, b: Intervals) -> Intervals:
    return [(max(s0, s1), min(e0, e1)) for s0, e0 in a for s1, e1 in b if max(s0, s1) < min(e0, e1)]


def _length(intervals: Intervals) -> int:
    return sum(end - start for start, end in intervals)
