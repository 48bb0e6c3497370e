"""When re-solving, sessions stay where they were published unless moving them is worth it.

Each session of the published programme that the new one moves costs change points: 3 for a
new day or start, 1 for a new room, each multiplied by (1 + its number of facilitators),
because every facilitator has a calendar to update. A session left unplaced counts as moved
in time and room. Added and removed sessions cost nothing: they are the planner's edits, not
the solver's choices.

A session that the planner moved by hand in the programme given to --previous (its place there
is not where its calendars show it) has two places to answer to. Leaving the planner's place
costs twice the points (it undoes a decision), and leaving the calendars' place costs the
points once more (its facilitators must be told). So a valid hand edit stays, a clashing one
is undone rather than pushing an untouched session away, and a session that must leave the
planner's place goes back where its calendars show it rather than to a third place.
"""

from __future__ import annotations

from ..domain import Forum, Placement, Programme, PublishedEntry, Session
from .base import Constraint, Offence, Penalty, weight_of, when

DEFAULT_WEIGHT = 100
TIME_POINTS, ROOM_POINTS = 3, 1
EDIT_FACTOR = 2  # leaving the planner's hand-edited place counts double


def kept(forum: Forum) -> list[tuple[Session, object]]:
    """(session, published entry) for each session in both the forum and the baseline."""
    if forum.baseline is None:
        return []
    return [
        (s, forum.baseline.by_session[s.session_id])
        for s in forum.sessions
        if s.session_id in forum.baseline.by_session
    ]


def held_place(forum: Forum, session_id: str) -> PublishedEntry | None:
    """Where the session's calendars show it, when a hand edit of the programme given to
    --previous put it elsewhere (and it is not locked there); else None."""
    if forum.published is None or forum.baseline is None:
        return None
    held = forum.published.by_session.get(session_id)
    edited = forum.baseline.by_session.get(session_id)
    if held is None or edited is None or session_id in forum.locked_places:
        return None
    if (held.day, held.start, held.room_id) == (edited.day, edited.start, edited.room_id):
        return None
    return held


def published_literals(enc, session: Session, entry):
    """(start literal, room literal) of the session's published place; None for a start or
    room that is no longer allowed."""
    sid = session.session_id
    return enc.y[sid].get((entry.day, entry.start)), enc.z[sid].get(entry.room_id)


def people(session: Session) -> int:
    return 1 + len(session.facilitators)


def _places(forum: Forum, session: Session, entry) -> list[tuple[object, int]]:
    """(place to answer to, its factor): the programme given's, then its calendars' if a hand
    edit put it elsewhere."""
    held = held_place(forum, session.session_id)
    if held is None:
        return [(entry, 1)]
    return [(entry, EDIT_FACTOR), (held, 1)]


def encode(enc) -> None:
    weight = weight_of(enc.forum, CONSTRAINT)
    if not weight:
        return
    for session, entry in kept(enc.forum):
        for place, factor in _places(enc.forum, session, entry):
            same_time, same_room = published_literals(enc, session, place)
            scale = weight * people(session) * factor
            # 1 - literal is 1 exactly when the session left that time (or room).
            enc.add_cost(
                CONSTRAINT.id, scale * TIME_POINTS, 1 - same_time if same_time is not None else 1
            )
            enc.add_cost(
                CONSTRAINT.id, scale * ROOM_POINTS, 1 - same_room if same_room is not None else 1
            )


def _points(session: Session, place, p: Placement | None) -> int:
    time_moved = p is None or (p.day, p.start) != (place.day, place.start)
    room_moved = p is None or p.room_id != place.room_id
    return (TIME_POINTS * time_moved + ROOM_POINTS * room_moved) * people(session)


def moves(forum: Forum, programme: Programme) -> list[tuple[Session, object, object, int]]:
    """(session, published entry, new placement or None, change points) per moved session."""
    out = []
    placed = programme.by_session
    for session, entry in kept(forum):
        p = placed.get(session.session_id)
        points = sum(
            factor * _points(session, place, p) for place, factor in _places(forum, session, entry)
        )
        if points:
            out.append((session, entry, p, points))
    return out


def penalty(forum: Forum, programme: Programme) -> Penalty:
    offences = []
    for session, entry, p, points in moves(forum, programme):
        sid = session.session_id
        old = f"{when(forum, entry.day, entry.start, entry.end)} in {entry.room_id}"
        new = (
            f"{when(forum, p.day, p.start, p.start + session.duration)} in {p.room_id}"
            if p
            else "nowhere (not placed)"
        )
        who = len(session.facilitators)
        tell = f"{who} facilitator{'s' if who != 1 else ''} to tell"
        held = held_place(forum, sid)
        if held is None:
            text = f"{sid} moves from {old} to {new} ({tell})"
        elif p is not None and (held.day, held.start, held.room_id) == (p.day, p.start, p.room_id):
            text = (
                f"{sid}'s hand edit is undone: the programme given put it {old}, and it is back "
                f"where its calendars show it, {new} (no one to tell)"
            )
        else:
            shown = f"{when(forum, held.day, held.start, held.end)} in {held.room_id}"
            text = (
                f"{sid} moves from {old}, where a hand edit put it (its calendars show {shown}), "
                f"to {new} ({tell})"
            )
        offences.append(Offence(points, text, (sid,), sid))
    return Penalty(
        CONSTRAINT.id,
        weight_of(forum, CONSTRAINT) * sum(o.amount for o in offences),
        tuple(offences),
    )


def lower_bound(forum: Forum, options) -> int:
    """The change points that the places a session answers to force, where no hard rule
    allows their start or room any more (the session must leave them), weighted."""
    total = 0
    for session, entry in kept(forum):
        sid = session.session_id
        for place, factor in _places(forum, session, entry):
            time_moved = (place.day, place.start) not in options.starts.get(sid, ())
            room_moved = place.room_id not in options.rooms.get(sid, ())
            moved = TIME_POINTS * time_moved + ROOM_POINTS * room_moved
            total += factor * moved * people(session)
    return weight_of(forum, CONSTRAINT) * total


CONSTRAINT = Constraint(
    id="changes",
    title="Few changes to the published programme",
    rule="When re-solving, each session moved from its published place costs 3 points for a "
    "new time and 1 for a new room, times (1 + its facilitators); a session moved there by "
    "hand also answers to its calendars' place, the planner's place counting double.",
    hard=False,
    encode=encode,
    penalty=penalty,
    weight_key="changes",
    lower_bound=lower_bound,
    monotone=False,  # a session left unplaced counts as moved
    default_weight=DEFAULT_WEIGHT,
)
