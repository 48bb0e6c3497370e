"""Pinned day, start and room (Sessions sheet) are kept."""

from __future__ import annotations

from ..domain import Forum, Programme, Room, Session, clock
from .base import Constraint, Violation, placed_pairs, row_note


def allowed_start(forum: Forum, session: Session, day: int, minute: int) -> bool:
    if session.pin_day is not None and day != session.pin_day:
        return False
    return session.pin_start is None or minute == session.pin_start


def allowed_room(forum: Forum, session: Session, room: Room) -> bool:
    return session.pin_room is None or room.room_id == session.pin_room


def encode(enc) -> None:
    """Enforced by the start and room filters above."""


def check(forum: Forum, programme: Programme) -> list[Violation]:
    out = []
    for p, s in placed_pairs(forum, programme):
        broken = []
        if s.pin_day is not None and p.day != s.pin_day:
            broken.append(
                f"day {s.pin_day} ({forum.settings.day_label(s.pin_day)}) but is on day {p.day}"
            )
        if s.pin_start is not None and p.start != s.pin_start:
            broken.append(f"start {clock(s.pin_start)} but starts at {clock(p.start)}")
        if s.pin_room is not None and p.room_id != s.pin_room:
            broken.append(f"room {s.pin_room} but is in {p.room_id}")
        for text in broken:
            out.append(
                Violation(
                    "pins", f"{s.session_id} is pinned to {text}{row_note(p)}", (s.session_id,)
                )
            )
    return out


CONSTRAINT = Constraint(
    id="pins",
    title="Pins kept",
    rule="A session with a day, start or room in the Sessions sheet is held there.",
    hard=True,
    encode=encode,
    check=check,
    allowed_start=allowed_start,
    allowed_room=allowed_room,
)
