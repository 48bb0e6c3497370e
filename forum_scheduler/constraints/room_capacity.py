"""A session's expected attendance fits the room's capacity."""

from __future__ import annotations

from ..domain import Forum, Programme, Room, Session
from .base import Constraint, Violation, placed_pairs, room_of, row_note


def allowed_room(forum: Forum, session: Session, room: Room) -> bool:
    return session.attendance <= room.capacity


def encode(enc) -> None:
    """Enforced by the room filter: no room variable exists for a room too small."""


def check(forum: Forum, programme: Programme) -> list[Violation]:
    out = []
    for p, s in placed_pairs(forum, programme):
        room = room_of(forum, p)
        if room and s.attendance > room.capacity:
            out.append(
                Violation(
                    "room_capacity",
                    f"{s.session_id} expects {s.attendance} people"
                    f" but {room.name} seats {room.capacity}{row_note(p)}",
                    (s.session_id,),
                )
            )
    return out


CONSTRAINT = Constraint(
    id="room_capacity",
    title="Room big enough",
    rule="A session's expected attendance is at most its room's capacity.",
    hard=True,
    encode=encode,
    check=check,
    allowed_room=allowed_room,
)
