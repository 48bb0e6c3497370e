"""Preferred times: a session booked in a soft unavailability row of its facilitator or room."""

from __future__ import annotations

from ..domain import Forum, Programme
from .base import Constraint, Grouping, Offence, Penalty, placed_pairs, span, when

DEFAULT_WEIGHT = 500


def row_weight(forum: Forum, row) -> int:
    return (
        row.weight
        if row.weight is not None
        else forum.weight(CONSTRAINT.weight_key, DEFAULT_WEIGHT)
    )


def _soft_rows(forum: Forum, session):
    """(row, is_room_row) for the soft rows that can concern this session."""
    for person in session.facilitators:
        for u in forum.unavailability_of.get(person, ()):
            if not u.hard:
                yield u, False
    for room in forum.rooms:
        for u in forum.unavailability_of.get(room.room_id, ()):
            if not u.hard:
                yield u, True


def encode(enc) -> None:
    forum, m = enc.forum, enc.model
    for s in forum.sessions:
        sid = s.session_id
        for u, is_room in _soft_rows(forum, s):
            weight = row_weight(forum, u)
            if not weight or (is_room and u.who not in enc.z[sid]):
                continue
            for (day, minute), y in enc.y[sid].items():
                if day != u.day or not (minute < u.end and u.start < minute + s.duration):
                    continue
                if is_room:
                    both = m.new_bool_var(f"soft[{sid},{u.row},{day},{minute}]")
                    m.add(both >= y + enc.z[sid][u.who] - 1)
                    enc.add_cost(CONSTRAINT.id, weight, both)
                else:
                    enc.add_cost(CONSTRAINT.id, weight, y)


def penalty(forum: Forum, programme: Programme) -> Penalty:
    offences = []
    for p, s in placed_pairs(forum, programme):
        start, end = span(forum, p)
        for u, is_room in _soft_rows(forum, s):
            if is_room and p.room_id != u.who:
                continue
            if u.day == p.day and start < u.end and u.start < end and row_weight(forum, u):
                note = f" ({u.note})" if u.note else ""
                offences.append(
                    Offence(
                        row_weight(forum, u),
                        f"{s.session_id} is booked while "
                        f"{u.who} prefers not {when(forum, u.day, u.start, u.end)}"
                        f" (Unavailability row {u.row}){note}",
                        (s.session_id,),
                        cause=u,
                    )
                )
    return Penalty(CONSTRAINT.id, sum(o.amount for o in offences), tuple(offences))


def grouping(forum: Forum) -> Grouping:
    """A group per session: the weights of the soft rows its place falls in."""
    sessions = forum.session_by_id

    def cost(key, placements) -> int:
        total = 0
        for p in placements:
            start, end = span(forum, p)
            for u, is_room in _soft_rows(forum, sessions[p.session_id]):
                if is_room and p.room_id != u.who:
                    continue
                if u.day == p.day and start < u.end and u.start < end:
                    total += row_weight(forum, u)
        return total

    return Grouping(lambda session, placement: [session.session_id], cost)


CONSTRAINT = Constraint(
    id="soft_unavailability",
    title="Preferred times respected",
    rule="A session booked during a soft unavailability row of one of its facilitators or of "
    "its room costs the row's weight (blank: the soft_unavailability weight).",
    hard=False,
    encode=encode,
    penalty=penalty,
    cites_rows=True,
    weight_key="soft_unavailability",
    default_weight=DEFAULT_WEIGHT,
    grouping=grouping,
)
