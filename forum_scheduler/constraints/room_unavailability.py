"""A room is not used while it is unavailable (hard rows of the Unavailability sheet)."""

from __future__ import annotations

from ..domain import clock
from .base import Constraint, Violation, placed_pairs, span, when


def _hard_rows(forum, room_id):
    return [u for u in forum.unavailability_of.get(room_id, ()) if u.hard]


def encode(enc) -> None:
    forum = enc.forum
    for s in forum.sessions:
        sid = s.session_id
        for room_id, z in enc.z[sid].items():
            for u in _hard_rows(forum, room_id):
                for (day, minute), y in enc.y[sid].items():
                    if day == u.day and minute < u.end and u.start < minute + s.duration:
                        enc.model.add_bool_or([~y, ~z])


def check(forum, programme) -> list[Violation]:
    out = []
    for p, s in placed_pairs(forum, programme):
        start, end = span(forum, p)
        for u in _hard_rows(forum, p.room_id):
            if u.day == p.day and start < u.end and u.start < end:
                out.append(
                    Violation(
                        "room_unavailability",
                        f"{forum.room_by_id[p.room_id].name} is unavailable "
                        f"{when(forum, u.day, u.start, u.end)} (Unavailability row {u.row}) "
                        "but holds "
                        f"{s.session_id} from {clock(start)} to {clock(end)}",
                        (s.session_id,),
                        cause=u,
                    )
                )
    return out


CONSTRAINT = Constraint(
    id="room_unavailability",
    title="Rooms only when available",
    rule="No session is held in a room during one of the room's hard unavailability rows.",
    hard=True,
    encode=encode,
    check=check,
    cites_rows=True,
)
