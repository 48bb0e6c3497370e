"""One session per room at a time."""

from __future__ import annotations

from collections import defaultdict

from .base import Constraint, Violation, placed_pairs, rows_note, span, when
from .room_changeover import changeover


def encode(enc) -> None:
    """One no-overlap per room. A room with a changeover gets a stricter one from
    room_changeover (intervals stretched by the changeover), which implies this rule."""
    by_room = defaultdict(list)
    for intervals in enc.room_interval.values():
        for room_id, interval in intervals.items():
            by_room[room_id].append(interval)
    for room_id in sorted(by_room):
        if changeover(enc.forum, enc.forum.room_by_id[room_id]) > 0:
            continue
        if len(by_room[room_id]) > 1:
            enc.model.add_no_overlap(by_room[room_id])


def check(forum, programme) -> list[Violation]:
    out = []
    groups = defaultdict(list)
    for p, _ in placed_pairs(forum, programme):
        groups[(p.room_id, p.day)].append(p)
    for (room_id, day), items in sorted(groups.items()):
        for i, a in enumerate(items):
            a0, a1 = span(forum, a)
            for b in items[i + 1 :]:
                b0, b1 = span(forum, b)
                if a0 < b1 and b0 < a1 and a.session_id != b.session_id:
                    room = forum.room_by_id.get(room_id)
                    name = room.name if room else room_id
                    out.append(
                        Violation(
                            "room_overlap",
                            f"{name} holds {a.session_id} and {b.session_id} on "
                            f"{when(forum, day, max(a0, b0), min(a1, b1))}{rows_note(a, b)}",
                            (a.session_id, b.session_id),
                        )
                    )
    return out


CONSTRAINT = Constraint(
    id="room_overlap",
    title="One session per room at a time",
    rule="Two sessions in the same room never overlap in time.",
    hard=True,
    encode=encode,
    check=check,
)
