"""A room gets its changeover time between two sessions: to clear it, reset it, let people out.

The Forum setting `room_changeover_minutes` gives every room the least gap between the end of
one session and the start of the next in it; a room's `changeover_minutes` (Rooms sheet)
overrides it. Two sessions joined by a `back_to_back` rule are one event in two parts: when the
second starts exactly as the first ends, in the same room, no changeover is needed between them.
"""

from __future__ import annotations

from collections import defaultdict

from ..domain import Forum, Programme, Room, clock
from .base import Constraint, Violation, placed_pairs, rows_note, span


def changeover(forum: Forum, room: Room) -> int:
    """The room's minutes between two sessions."""
    return (
        room.changeover if room.changeover is not None else forum.settings.room_changeover_minutes
    )


def source(forum: Forum, room: Room) -> str:
    """Where the room's changeover is set, as a planner finds it."""
    if room.changeover is not None:
        return f"Rooms row {room.row}, changeover_minutes" if room.row else "Rooms"
    return "Forum, room_changeover_minutes"


def needs_gap(forum: Forum, first: str, second: str, room: Room, gap: int) -> bool:
    """Whether `second`, starting `gap` minutes after `first` ends in `room`, breaks the rule
    (the two parts of a back_to_back rule, hard or soft, may follow each other directly)."""
    if not 0 <= gap < changeover(forum, room):
        return False
    return not (gap == 0 and (first, second) in forum.back_to_back_pairs)


def encode(enc) -> None:
    """Per room with a changeover, one no-overlap over intervals stretched by it.

    A session's interval in the room runs from its start to its end plus the changeover. A
    session that a back_to_back rule may continue gets its plain interval and a separate
    changeover tail, which may be left out only when its second part follows it there.
    """
    forum, m = enc.forum, enc.model
    followers = defaultdict(list)
    for first, second in sorted(forum.back_to_back_pairs):
        followers[first].append(second)
    for room in forum.rooms:
        gap = changeover(forum, room)
        if gap <= 0:
            continue
        r = room.room_id
        intervals = []
        for s in forum.sessions:
            sid = s.session_id
            z = enc.z[sid].get(r)
            if z is None:
                continue
            nexts = [f for f in followers.get(sid, ()) if r in enc.z[f]]
            if not nexts:
                intervals.append(
                    m.new_optional_fixed_size_interval_var(
                        enc.start[sid], s.duration + gap, z, f"turn[{sid},{r}]"
                    )
                )
                continue
            intervals.append(enc.room_interval[sid][r])
            tail = m.new_bool_var(f"tail[{sid},{r}]")
            directly = []
            for f in nexts:
                d = m.new_bool_var(f"continued[{sid},{f},{r}]")
                m.add_implication(d, enc.z[f][r])
                m.add(enc.start[f] == enc.end[sid]).only_enforce_if(d)
                directly.append(d)
            m.add(tail + sum(directly) >= z)
            m.add_implication(tail, z)
            intervals.append(
                m.new_optional_fixed_size_interval_var(enc.end[sid], gap, tail, f"tail[{sid},{r}]")
            )
        if len(intervals) > 1:
            m.add_no_overlap(intervals)


def check(forum: Forum, programme: Programme) -> list[Violation]:
    out = []
    groups = defaultdict(list)
    for p, _ in placed_pairs(forum, programme):
        if p.room_id in forum.room_by_id:
            groups[(p.room_id, p.day)].append(p)
    for (room_id, day), items in sorted(groups.items()):
        room = forum.room_by_id[room_id]
        if changeover(forum, room) <= 0:
            continue
        items.sort(key=lambda p: (p.start, p.session_id))
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                a_end, b_start = span(forum, a)[1], b.start
                if b_start < a_end or not needs_gap(
                    forum, a.session_id, b.session_id, room, b_start - a_end
                ):
                    continue
                out.append(
                    Violation(
                        "room_changeover",
                        f"{room.name} needs {changeover(forum, room)} minutes between sessions "
                        f"({source(forum, room)}), but {a.session_id} ends at {clock(a_end)} and "
                        f"{b.session_id} starts at {clock(b_start)} on "
                        f"{forum.settings.day_label(day)}{rows_note(a, b)}",
                        (a.session_id, b.session_id),
                    )
                )
    return out


CONSTRAINT = Constraint(
    id="room_changeover",
    title="Changeover time in rooms",
    rule="Between the end of one session and the start of the next in the same room there are "
    "at least the room's changeover minutes (none between the two parts of a back_to_back "
    "rule that follow each other directly).",
    hard=True,
    encode=encode,
    check=check,
)
