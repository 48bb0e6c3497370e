"""A room has every feature its session needs (interpretation, webcast...)."""

from __future__ import annotations

from ..domain import Forum, Programme, Room, Session
from .base import Constraint, Violation, placed_pairs, room_of, row_note


def allowed_room(forum: Forum, session: Session, room: Room) -> bool:
    return session.needs <= room.features


def encode(enc) -> None:
    """Enforced by the room filter."""


def check(forum: Forum, programme: Programme) -> list[Violation]:
    out = []
    for p, s in placed_pairs(forum, programme):
        room = room_of(forum, p)
        if room is None:
            continue
        missing = sorted(set(s.needs) - set(room.features))
        if missing:
            out.append(
                Violation(
                    "room_features",
                    f"{s.session_id} needs {', '.join(missing)}, "
                    f"which {room.name} does not have{row_note(p)}",
                    (s.session_id,),
                )
            )
    return out


CONSTRAINT = Constraint(
    id="room_features",
    title="Room has the needed features",
    rule="A session is held in a room that has every feature listed in its needs.",
    hard=True,
    encode=encode,
    check=check,
    allowed_room=allowed_room,
)
