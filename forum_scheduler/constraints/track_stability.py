"""A theme's sessions on one day stay in one room, so that the theme runs as a track."""

from __future__ import annotations

from collections import defaultdict

from ..domain import Forum, Programme
from .base import Constraint, Grouping, Offence, Penalty, placed_pairs, weight_of

DEFAULT_WEIGHT = 30


def _themes(session) -> list[str]:
    return list(dict.fromkeys(session.themes))


def encode(enc) -> None:
    """Per (theme, day, room) a Boolean `used` that a clause forces true when one of the
    theme's sessions is in that room that day, and per (theme, day) a Boolean `any` that can
    be true only when one of the `used` is. The cost weight x (sum of `used` - `any`) is then
    at least (rooms used - 1) on a day with a session of the theme and at least 0 on a day
    without, and exactly that in an optimal completion: nothing but the cost pushes `used`
    up or `any` down, and the final programme's penalties are settled with every session
    fixed. One clause per (session, day, room) and no variable: the rule grows with the
    sessions' places, not with a literal for each of them (BENCHMARKS.md, "Model size").
    """
    forum, m = enc.forum, enc.model
    weight = weight_of(forum, CONSTRAINT)
    if not weight:
        return
    members = defaultdict(list)
    themes_of = {s.session_id: _themes(s) for s in forum.sessions if not s.is_plenary}
    for s in forum.sessions:
        if s.is_plenary:
            continue  # a plenary is held in the plenary hall, outside any track
        for theme in _themes(s):
            members[theme].append(s.session_id)
    days_of = {sid: sorted({d for d, _ in enc.y[sid]}) for sids in members.values() for sid in sids}
    on_day = {}

    def day_literal(sid: str, day: int):
        """True exactly when the session starts on that day."""
        if (sid, day) not in on_day:
            starts = [lit for (d, _), lit in enc.y[sid].items() if d == day]
            if len(starts) == 1:
                on_day[(sid, day)] = starts[0]
            elif days_of[sid] == [day]:
                on_day[(sid, day)] = enc.placed[sid]
            else:
                lit = m.new_bool_var(f"on_day[{sid},{day}]")
                m.add(lit == sum(starts))
                on_day[(sid, day)] = lit
        return on_day[(sid, day)]

    tracks = []  # (theme, day, {room: used}, any)
    for theme, sids in sorted(members.items()):
        if len(sids) < 2:
            continue
        # (day, room) -> the sessions of the theme that could be in that room on that day
        could = defaultdict(list)
        for sid in sids:
            for day in days_of[sid]:
                for room_id in enc.z[sid]:
                    could[(day, room_id)].append(sid)
        for day in sorted({d for d, _ in could}):
            rooms = sorted(r for d, r in could if d == day)
            sessions_that_day = sorted({sid for r in rooms for sid in could[(day, r)]})
            if len(rooms) < 2 or len(sessions_that_day) < 2:
                continue  # one room or one session: never more than one room used
            used = {r: m.new_bool_var(f"track_room[{theme},{day},{r}]") for r in rooms}
            for room_id in rooms:
                for sid in could[(day, room_id)]:
                    in_room = enc.z[sid][room_id]
                    if days_of[sid] == [day]:
                        m.add_implication(in_room, used[room_id])  # placed means this day
                    elif len(enc.z[sid]) == 1:
                        m.add_implication(day_literal(sid, day), used[room_id])
                    else:
                        m.add_bool_or([~in_room, ~day_literal(sid, day), used[room_id]])
            # A session on that day uses one of the rooms (implied; it helps the bound).
            for sid in sessions_that_day:
                m.add(sum(used[r] for r in enc.z[sid] if r in used) >= day_literal(sid, day))
            any_room = m.new_bool_var(f"track_day[{theme},{day}]")
            m.add_bool_or([*used.values(), ~any_room])
            tracks.append((theme, day, used, any_room))
            # In any solution (not only the optimal ones) the expression is at most len(rooms).
            enc.add_cost(CONSTRAINT.id, weight, sum(used.values()) - any_room, upper=len(rooms))

    def settle(placements) -> list:
        """`used` and `any` of each track as the placements make them."""
        where = {
            (theme, p.day, p.room_id)
            for sid, p in placements.items()
            if sid in enc.y
            for theme in themes_of.get(sid, ())
        }
        pairs = []
        for theme, day, used, any_room in tracks:
            busy = [(theme, day, r) in where for r in used]
            pairs += [(lit, b) for lit, b in zip(used.values(), busy)]
            pairs.append((any_room, any(busy)))
        return pairs

    enc.settlers.append(settle)


def penalty(forum: Forum, programme: Programme) -> Penalty:
    weight = weight_of(forum, CONSTRAINT)
    tracks = defaultdict(lambda: defaultdict(list))  # (theme, day) -> room -> [session ids]
    for p, s in placed_pairs(forum, programme):
        if s.is_plenary:
            continue
        for theme in set(s.themes):
            tracks[(theme, p.day)][p.room_id].append(p.session_id)
    offences = []
    for (theme, day), rooms in sorted(tracks.items()):
        if len(rooms) < 2:
            continue
        name = forum.theme_by_id[theme].name if theme in forum.theme_by_id else theme

        def room_name(room_id: str) -> str:
            room = forum.room_by_id.get(room_id)
            return room.name if room else room_id

        order = sorted(rooms, key=lambda r: (room_name(r), r))
        parts = [f"{room_name(r)} ({', '.join(sorted(rooms[r]))})" for r in order]
        ids = tuple(sorted(sid for r in order for sid in rooms[r]))
        offences.append(
            Offence(
                len(rooms) - 1,
                f"theme {theme} ({name}) uses {len(rooms)} rooms "
                f"on {forum.settings.day_label(day)}: {', '.join(parts)}",
                ids,
                subject=theme,
            )
        )
    return Penalty(CONSTRAINT.id, weight * sum(o.amount for o in offences), tuple(offences))


def grouping(forum: Forum) -> Grouping:
    """A group per (theme, day) of parallel sessions: the rooms it uses beyond the first."""
    weight = weight_of(forum, CONSTRAINT)

    def keys(session, placement) -> list:
        if session.is_plenary:
            return []
        return [(theme, placement.day) for theme in set(session.themes)]

    def cost(key, placements) -> int:
        return weight * max(0, len({p.room_id for p in placements}) - 1)

    return Grouping(keys, cost)


CONSTRAINT = Constraint(
    id="track_stability",
    title="A theme stays in one room per day",
    rule="For each theme and each day with at least one of its parallel sessions, every room "
    "those sessions use that day beyond the first costs 1 (plenaries are outside tracks).",
    hard=False,
    encode=encode,
    penalty=penalty,
    weight_key="track_stability",
    default_weight=DEFAULT_WEIGHT,
    grouping=grouping,
)
