"""A theme's sessions on one day stay in one room, so that the theme runs as a track."""

from __future__ import annotations

from collections import defaultdict

from ..domain import Forum, Programme
from .base import Constraint, Offence, Penalty, placed_pairs, weight_of

DEFAULT_WEIGHT = 30


def _themes(session) -> list[str]:
    return list(dict.fromkeys(session.themes))


def encode(enc) -> None:
    """Per (theme, day, room) a Boolean `used`, true exactly when one of the theme's sessions
    is in that room that day; per (theme, day) a Boolean `any`, true exactly when one of the
    `used` is. The cost weight x (sum of `used` - `any`) is then (rooms used - 1) on a day with
    a session of the theme, and 0 on a day without, in every solution, not only at the optimum.
    """
    forum, m = enc.forum, enc.model
    weight = weight_of(forum, CONSTRAINT)
    if not weight:
        return
    members = defaultdict(list)
    for s in forum.sessions:
        if s.is_plenary:
            continue  # a plenary is held in the plenary hall, outside any track
        for theme in _themes(s):
            members[theme].append(s.session_id)
    on_day, there = {}, {}

    def day_literal(sid: str, day: int):
        """True exactly when the session starts on that day."""
        if (sid, day) not in on_day:
            starts = [lit for (d, _), lit in enc.y[sid].items() if d == day]
            if len(starts) == 1:
                on_day[(sid, day)] = starts[0]
            elif {d for d, _ in enc.y[sid]} == {day}:
                on_day[(sid, day)] = enc.placed[sid]
            else:
                lit = m.new_bool_var(f"on_day[{sid},{day}]")
                m.add(lit == sum(starts))
                on_day[(sid, day)] = lit
        return on_day[(sid, day)]

    def there_literal(sid: str, day: int, room_id: str):
        """True exactly when the session is in that room on that day (shared by its themes)."""
        if (sid, day, room_id) not in there:
            in_room = enc.z[sid][room_id]
            if {d for d, _ in enc.y[sid]} == {day}:
                lit = in_room  # the room literal implies placed, and placed means this day
            elif len(enc.z[sid]) == 1:
                lit = day_literal(sid, day)  # the only room: placed means this room
            else:
                lit = m.new_bool_var(f"there[{sid},{day},{room_id}]")
                today = day_literal(sid, day)
                m.add_implication(lit, in_room)
                m.add_implication(lit, today)
                m.add_bool_or([~in_room, ~today, lit])
            there[(sid, day, room_id)] = lit
        return there[(sid, day, room_id)]

    for theme, sids in sorted(members.items()):
        if len(sids) < 2:
            continue
        # (day, room) -> the sessions of the theme that could be in that room on that day
        could = defaultdict(list)
        for sid in sids:
            for day in sorted({d for d, _ in enc.y[sid]}):
                for room_id in enc.z[sid]:
                    could[(day, room_id)].append(sid)
        for day in sorted({d for d, _ in could}):
            rooms = sorted(r for d, r in could if d == day)
            sessions_that_day = sorted({sid for r in rooms for sid in could[(day, r)]})
            if len(rooms) < 2 or len(sessions_that_day) < 2:
                continue  # one room or one session: never more than one room used
            used = {}
            for room_id in rooms:
                heres = [there_literal(sid, day, room_id) for sid in could[(day, room_id)]]
                if len(heres) == 1:
                    used[room_id] = heres[0]
                    continue
                u = m.new_bool_var(f"track_room[{theme},{day},{room_id}]")
                for here in heres:
                    m.add_implication(here, u)
                m.add_bool_or([*heres, ~u])
                used[room_id] = u
            # A session on that day uses one of the rooms (implied; it helps the bound).
            for sid in sessions_that_day:
                m.add(sum(used[r] for r in enc.z[sid] if r in used) >= day_literal(sid, day))
            any_room = m.new_bool_var(f"track_day[{theme},{day}]")
            for u in used.values():
                m.add_implication(u, any_room)
            m.add_bool_or([*used.values(), ~any_room])
            upper = min(len(rooms), len(sessions_that_day)) - 1
            enc.add_cost(CONSTRAINT.id, weight, sum(used.values()) - any_room, upper=upper)


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
)
