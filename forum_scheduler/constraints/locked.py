"""Locked sessions keep their published place when re-solving."""

from __future__ import annotations

from ..domain import Forum, Programme, Room, Session
from .base import Constraint, Violation, placed_pairs, row_note, when


def allowed_start(forum: Forum, session: Session, day: int, minute: int) -> bool:
    entry = forum.locked_places.get(session.session_id)
    return entry is None or (day, minute) == (entry.day, entry.start)


def allowed_room(forum: Forum, session: Session, room: Room) -> bool:
    entry = forum.locked_places.get(session.session_id)
    return entry is None or room.room_id == entry.room_id


def encode(enc) -> None:
    """Enforced by the start and room filters above."""


def check(forum: Forum, programme: Programme) -> list[Violation]:
    out = []
    for p, s in placed_pairs(forum, programme):
        entry = forum.locked_places.get(s.session_id)
        if entry is None or (p.day, p.start, p.room_id) == (entry.day, entry.start, entry.room_id):
            continue
        out.append(
            Violation(
                "locked",
                (
                    f"{s.session_id} is locked at "
                    f"{when(forum, entry.day, entry.start, entry.end)} in {entry.room_id} "
                    f"but is at {when(forum, p.day, p.start, p.start + s.duration)} in "
                    f"{p.room_id}{row_note(p)}"
                ),
                (s.session_id,),
            )
        )
    return out


CONSTRAINT = Constraint(
    id="locked",
    title="Locked sessions stay put",
    rule="When re-solving, a session locked in the Sessions sheet or in the published "
    "programme keeps its published day, start and room.",
    hard=True,
    encode=encode,
    check=check,
    allowed_start=allowed_start,
    allowed_room=allowed_room,
)
