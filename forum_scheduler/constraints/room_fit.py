"""Rooms fit their audience: no small session in a big room while seats are needed elsewhere."""

from __future__ import annotations

from ..domain import Forum, Programme
from .base import Constraint, Grouping, Offence, Penalty, placed_pairs, room_of, weight_of

DEFAULT_WEIGHT = 1


def encode(enc) -> None:
    forum = enc.forum
    weight = weight_of(forum, CONSTRAINT)
    if not weight:
        return
    rooms = forum.room_by_id
    for s in forum.sessions:
        for room_id, z in enc.z[s.session_id].items():
            empty = rooms[room_id].capacity - s.attendance
            if empty > 0:
                enc.add_cost(CONSTRAINT.id, weight * empty, z)


def penalty(forum: Forum, programme: Programme) -> Penalty:
    weight = weight_of(forum, CONSTRAINT)
    offences = []
    for p, s in placed_pairs(forum, programme):
        room = room_of(forum, p)
        if room and room.capacity > s.attendance:
            empty = room.capacity - s.attendance
            offences.append(
                Offence(
                    empty,
                    f"{s.session_id} ({s.attendance} expected) leaves "
                    f"{empty} of {room.capacity} seats empty in {room.name}",
                    (s.session_id,),
                )
            )
    offences.sort(key=lambda o: (-o.amount, o.sessions))
    return Penalty(CONSTRAINT.id, weight * sum(o.amount for o in offences), tuple(offences))


def lower_bound(forum: Forum, options) -> int:
    """Every session in the smallest room it may use, weighted."""
    weight = weight_of(forum, CONSTRAINT)
    rooms = forum.room_by_id
    total = 0
    for s in forum.sessions:
        sizes = [rooms[r].capacity for r in options.rooms.get(s.session_id, ())]
        if sizes:
            total += max(0, min(sizes) - s.attendance)
    return weight * total


def grouping(forum: Forum) -> Grouping:
    """A group per session: its empty seats."""
    weight, rooms, sessions = weight_of(forum, CONSTRAINT), forum.room_by_id, forum.session_by_id

    def cost(key, placements) -> int:
        return sum(
            weight * max(0, rooms[p.room_id].capacity - sessions[p.session_id].attendance)
            for p in placements
        )

    return Grouping(lambda session, placement: [session.session_id], cost)


CONSTRAINT = Constraint(
    id="room_fit",
    title="Rooms fit the audience",
    rule="Each session costs the empty seats of its room (capacity minus expected attendance).",
    hard=False,
    encode=encode,
    penalty=penalty,
    weight_key="room_fit",
    lower_bound=lower_bound,
    default_weight=DEFAULT_WEIGHT,
    grouping=grouping,
)
