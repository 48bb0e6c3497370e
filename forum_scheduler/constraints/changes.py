"""When re-solving, sessions stay where they were published unless moving them is worth it.

Each session of the published programme that the new one moves costs change points: 3 for a
new day or start, 1 for a new room, each multiplied by (1 + its number of facilitators),
because every facilitator has a calendar to update. A session the new programme cannot place
counts as moved in time and room. Added and removed sessions cost nothing: they are the
planner's edits, not the solver's choices.
"""

from __future__ import annotations

from ..domain import Forum, Programme, Session
from .base import Constraint, Offence, Penalty, weight_of, when

DEFAULT_WEIGHT = 100
TIME_POINTS, ROOM_POINTS = 3, 1


def kept(forum: Forum) -> list[tuple[Session, object]]:
    """(session, published entry) for each session in both the forum and the baseline."""
    if forum.baseline is None:
        return []
    return [
        (s, forum.baseline.by_session[s.session_id])
        for s in forum.sessions
        if s.session_id in forum.baseline.by_session
    ]


def published_literals(enc, session: Session, entry):
    """(start literal, room literal) of the session's published place; None for a start or
    room that is no longer allowed."""
    sid = session.session_id
    return enc.y[sid].get((entry.day, entry.start)), enc.z[sid].get(entry.room_id)


def people(session: Session) -> int:
    return 1 + len(session.facilitators)


def encode(enc) -> None:
    weight = weight_of(enc.forum, CONSTRAINT)
    if not weight:
        return
    for session, entry in kept(enc.forum):
        same_time, same_room = published_literals(enc, session, entry)
        scale = weight * people(session)
        # 1 - literal is 1 exactly when the session left its published time (or room).
        enc.add_cost(
            CONSTRAINT.id, scale * TIME_POINTS, 1 - same_time if same_time is not None else 1
        )
        enc.add_cost(
            CONSTRAINT.id, scale * ROOM_POINTS, 1 - same_room if same_room is not None else 1
        )


def moves(forum: Forum, programme: Programme) -> list[tuple[Session, object, object, int]]:
    """(session, published entry, new placement or None, change points) per moved session."""
    out = []
    placed = programme.by_session
    for session, entry in kept(forum):
        p = placed.get(session.session_id)
        time_moved = p is None or (p.day, p.start) != (entry.day, entry.start)
        room_moved = p is None or p.room_id != entry.room_id
        points = (TIME_POINTS * time_moved + ROOM_POINTS * room_moved) * people(session)
        if points:
            out.append((session, entry, p, points))
    return out


def _back_in_calendars(forum: Forum, p) -> bool:
    """The session is where its calendars show it, though the programme given to --previous
    (edited by hand) put it elsewhere."""
    held = forum.published.by_session.get(p.session_id) if forum.published else None
    return held is not None and (held.day, held.start, held.room_id) == (p.day, p.start, p.room_id)


def penalty(forum: Forum, programme: Programme) -> Penalty:
    offences = []
    for session, entry, p, points in moves(forum, programme):
        old = f"{when(forum, entry.day, entry.start, entry.end)} in {entry.room_id}"
        new = (
            f"{when(forum, p.day, p.start, p.start + session.duration)} in {p.room_id}"
            if p
            else "nowhere (not placed)"
        )
        who = len(session.facilitators)
        tell = f"{who} facilitator{'s' if who != 1 else ''} to tell"
        if p is not None and _back_in_calendars(forum, p):
            tell = "back where its calendars show it: no one to tell"
        offences.append(
            Offence(
                points,
                f"{session.session_id} moves from {old} to {new} ({tell})",
                (session.session_id,),
                session.session_id,
            )
        )
    return Penalty(
        CONSTRAINT.id,
        weight_of(forum, CONSTRAINT) * sum(o.amount for o in offences),
        tuple(offences),
    )


def lower_bound(forum: Forum, options) -> int:
    """The change points of the published sessions whose published start or room no hard
    rule allows any more (they must move), weighted."""
    points = 0
    for session, entry in kept(forum):
        sid = session.session_id
        time_moved = (entry.day, entry.start) not in options.starts.get(sid, ())
        room_moved = entry.room_id not in options.rooms.get(sid, ())
        points += (TIME_POINTS * time_moved + ROOM_POINTS * room_moved) * people(session)
    return weight_of(forum, CONSTRAINT) * points


CONSTRAINT = Constraint(
    id="changes",
    title="Few changes to the published programme",
    rule="When re-solving, each session moved from its published place costs 3 points for a "
    "new time and 1 for a new room, times (1 + its facilitators).",
    hard=False,
    encode=encode,
    penalty=penalty,
    weight_key="changes",
    lower_bound=lower_bound,
    monotone=False,  # a session left unplaced counts as moved
    default_weight=DEFAULT_WEIGHT,
)
