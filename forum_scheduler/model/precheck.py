"""Before any search: each session's possible starts and rooms, and why a session has none."""

from __future__ import annotations

from ..constraints.base import Constraint, Violation
from ..constraints.changes import kept
from ..constraints.registry import CONSTRAINTS
from ..constraints.room_changeover import changeover, needs_gap, source
from ..constraints.standard_starts import starts_text
from ..domain import Forum, Session, clock
from ..timegrid import TimeGrid


def allowed_starts(forum: Forum, session: Session, constraints=CONSTRAINTS):
    """(day, minute) pairs on the grid where the session fits and every hard filter agrees."""
    grid = TimeGrid(forum.settings)
    filters = [c.allowed_start for c in constraints if c.allowed_start]
    return [
        (day, minute)
        for day in grid.days
        for minute in grid.day_starts(session.duration)
        if all(f(forum, session, day, minute) for f in filters)
    ]


def allowed_rooms(forum: Forum, session: Session, constraints=CONSTRAINTS):
    filters = [c.allowed_room for c in constraints if c.allowed_room]
    return [r.room_id for r in forum.rooms if all(f(forum, session, r) for f in filters)]


def rooms_by_session(forum: Forum) -> dict[str, list[str]]:
    """Each session's possible rooms; sessions a hard rule keeps in one room share theirs."""
    rooms = {s.session_id: allowed_rooms(forum, s) for s in forum.sessions}
    tied = [
        (r.session_a, r.session_b)
        for r in forum.rules
        if r.hard and r.rule in ("same_room", "back_to_back")
    ]
    changed = True
    while changed:
        changed = False
        for a, b in tied:
            common = [r for r in rooms[a] if r in rooms[b]]
            if common != rooms[a] or common != rooms[b]:
                rooms[a], rooms[b], changed = common, list(common), True
    return rooms


def _blockers(forum: Forum, session: Session, kind: str) -> list[Constraint]:
    """The constraints that, each alone, leave the session no start (or no room)."""
    out = []
    for c in CONSTRAINTS:
        probe = c.allowed_start if kind == "start" else c.allowed_room
        if probe is None:
            continue
        if kind == "start" and not allowed_starts(forum, session, [c]):
            out.append(c)
        if kind == "room" and not allowed_rooms(forum, session, [c]):
            out.append(c)
    return out


def _room_reason(forum: Forum, session: Session) -> str:
    fitting = [r for r in forum.rooms if r.capacity >= session.attendance]
    equipped = [r for r in forum.rooms if session.needs <= r.features]
    biggest = max(forum.rooms, key=lambda r: r.capacity)
    if not fitting:
        return (
            f"{session.session_id} expects {session.attendance} people but the largest room, "
            f"{biggest.name}, seats {biggest.capacity}"
        )
    if not equipped:
        needs = sorted(session.needs)
        which = "which no room has" if len(needs) == 1 else "which no room has together"
        return f"{session.session_id} needs {', '.join(needs)}, {which}"
    if not [r for r in fitting if r in equipped]:
        return (
            f"{session.session_id} needs {', '.join(sorted(session.needs))} for "
            f"{session.attendance} people; no room is both big enough and so equipped"
        )
    if session.pin_room:
        return (
            f"{session.session_id} is pinned to room {session.pin_room}, which is too small "
            "or lacks a needed feature"
        )
    return f"{session.session_id} has no room that meets every requirement"


def _locked_reason(forum: Forum, session: Session) -> str:
    """Which rules a locked session's published place now breaks."""
    entry = forum.locked_places[session.session_id]
    room = forum.room_by_id.get(entry.room_id)
    breaking = [
        c
        for c in CONSTRAINTS
        if c.id != "locked"
        and (
            (c.allowed_start and not c.allowed_start(forum, session, entry.day, entry.start))
            or (c.allowed_room and (room is None or not c.allowed_room(forum, session, room)))
        )
    ]
    grid = TimeGrid(forum.settings)
    why = ", ".join(f"{c.title.lower()} ({c.id})" for c in breaking) or (
        f"room {entry.room_id} is not in the forum"
        if room is None
        else "the day's hours, slot grid or breaks"
        if not grid.fits_day(entry.start, session.duration)
        else "another rule"
    )
    rows = [
        f"{u.who} {forum.settings.day_label(u.day)} {clock(u.start)}-{clock(u.end)}"
        f"{f' (Unavailability row {u.row})' if u.row else ''}"
        for who in session.facilitators
        for u in forum.unavailability_of.get(who, ())
        if u.hard
        and u.day == entry.day
        and u.start < entry.start + session.duration
        and entry.start < u.end
    ]
    if rows:
        why += f": {'; '.join(rows)}"
    return (
        f"{session.session_id} is locked at {forum.settings.day_label(entry.day)} "
        f"{clock(entry.start)} in {entry.room_id}, but that place now breaks: {why}; "
        "unlock it or change the rule"
    )


def ordering_cycles(forum: Forum) -> list[Violation]:
    """Hard `before` / `back_to_back` rules that ask a session to end before it starts."""
    edges: dict[str, list] = {}
    for rule in forum.rules:
        if rule.hard and rule.rule in ("before", "back_to_back"):
            edges.setdefault(rule.session_a, []).append(rule)
    found, seen_cycles = [], set()
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list) -> None:
        state[node] = 1
        for rule in edges.get(node, []):
            nxt = rule.session_b
            if state.get(nxt) == 1:
                start = next(i for i, r in enumerate(path + [rule]) if r.session_a == nxt)
                cycle = (path + [rule])[start:]
                key = frozenset(r.row for r in cycle)
                if key not in seen_cycles:
                    seen_cycles.add(key)
                    found.append(cycle)
            elif state.get(nxt) is None:
                visit(nxt, path + [rule])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    out = []
    for cycle in found:
        rows = ", ".join(str(r.row) for r in cycle)
        steps = "; ".join(f"{r.session_a} {r.rule.replace('_', ' ')} {r.session_b}" for r in cycle)
        out.append(
            Violation(
                "rules",
                f"Rules rows {rows} form a cycle ({steps}): no programme "
                "can keep them all; make one of them soft or remove it",
                tuple(sorted({r.session_a for r in cycle})),
            )
        )
    return out


def unplaceable(forum: Forum) -> list[Violation]:
    """Sessions that no programme can place, each with the reason in the planners' words."""
    reasons = ordering_cycles(forum)
    grid = TimeGrid(forum.settings)
    shared_rooms = rooms_by_session(forum)
    for session in forum.sessions:
        sid = session.session_id
        if sid in forum.locked_places and (
            not allowed_rooms(forum, session) or not allowed_starts(forum, session)
        ):
            reasons.append(Violation("locked", _locked_reason(forum, session), (sid,)))
            continue
        if not allowed_rooms(forum, session):
            reasons.append(Violation("room", _room_reason(forum, session), (sid,)))
        elif not shared_rooms[sid]:
            rows = [
                str(r.row)
                for r in forum.rules
                if r.hard
                and sid in (r.session_a, r.session_b)
                and r.rule in ("same_room", "back_to_back")
            ]
            reasons.append(
                Violation(
                    "rules",
                    f"{sid} must share a room with another session "
                    f"(Rules row{'s' if len(rows) > 1 else ''} "
                    f"{', '.join(rows)}) but no room suits both",
                    (sid,),
                )
            )
        if not grid.day_starts(session.duration):
            reasons.append(
                Violation(
                    "placement",
                    f"{sid} lasts {session.duration} minutes and fits in no day between the breaks",
                    (sid,),
                )
            )
        elif not allowed_starts(forum, session):
            blockers = _blockers(forum, session, "start")
            if not blockers:  # together, not alone: name those that exclude some start
                every = [(d, m) for d in grid.days for m in grid.day_starts(session.duration)]
                blockers = [
                    c
                    for c in CONSTRAINTS
                    if c.allowed_start
                    and any(not c.allowed_start(forum, session, d, m) for d, m in every)
                ]
            names = [f"'{c.title}' ({c.id})" for c in blockers]
            if len(names) == 1:
                why = f"the rule {names[0]} leaves it none by itself"
            else:
                why = f"the rules {', '.join(names[:-1])} and {names[-1]} leave it none together"
            text = f"{sid} has no possible start: {why}{_rows_of(forum, session, blockers)}"
            reasons.append(Violation("placement", text, (sid,)))
    pins = pin_problems(forum) + colliding_pins(forum)
    pinned = {sid for v in pins for sid in v.sessions}  # said better by the pin's own message
    reasons = [
        r
        for r in reasons
        if not (r.constraint == "placement" and r.sessions and r.sessions[0] in pinned)
    ]
    return (
        reasons
        + pins
        + plenaries_overflow(forum)
        + overbooked_facilitators(forum)
        + rooms_too_few(forum, shared_rooms)
        + _over_the_cap(forum, shared_rooms)
    )


def _rows_of(forum: Forum, session: Session, blockers) -> str:
    """The Unavailability and Rules rows (and the pin) behind a session's excluded starts."""
    ids = {c.id for c in blockers}
    parts = []
    if "facilitator_unavailability" in ids:
        rows = [
            u.row
            for f in session.facilitators
            for u in forum.unavailability_of.get(f, ())
            if u.hard
        ]
        parts.append(_rows("Unavailability", rows).strip(" ()"))
    if "rules" in ids:
        rows = [
            r.row
            for r in forum.rules
            if r.hard and session.session_id in (r.session_a, r.session_b)
        ]
        parts.append(_rows("Rules", rows).strip(" ()"))
    if "pins" in ids:
        parts.append(_rows("Sessions", [session.row]).strip(" ()"))
    if "standard_starts" in ids:
        parts.append(f"Forum, session_starts: {starts_text(forum)}")
    parts = [p for p in parts if p]
    return f" ({'; '.join(parts)})" if parts else ""


def _rows(sheet: str, rows) -> str:
    rows = sorted({r for r in rows if r})
    if not rows:
        return ""
    return f" ({sheet} row{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows))})"


def pin_problems(forum: Forum) -> list[Violation]:
    """A pinned start where the session cannot run: off the grid, outside the day's hours or
    across a break."""
    grid, st = TimeGrid(forum.settings), forum.settings
    out = []
    for session in forum.sessions:
        start = session.pin_start
        if start is None or grid.fits_day(start, session.duration):
            continue
        end = start + session.duration
        if start < st.day_start or end > st.day_end:
            why = f"outside the day's hours {clock(st.day_start)}-{clock(st.day_end)}"
        elif (start - st.day_start) % st.slot_minutes:
            why = f"off the {st.slot_minutes}-minute grid that starts at {clock(st.day_start)}"
        else:
            hit = next(b for b in st.breaks if start < b.end and b.start < end)
            why = f"across the break {clock(hit.start)}-{clock(hit.end)}"
        out.append(
            Violation(
                "pins",
                f"{session.session_id} is pinned to start {clock(start)}: "
                f"its {session.duration} minutes, to {clock(end)}, fall {why}"
                f"{_rows('Sessions', [session.row])}",
                (session.session_id,),
            )
        )
    return out


def colliding_pins(forum: Forum) -> list[Violation]:
    """Sessions pinned to overlapping times that must not overlap: one room, a shared
    facilitator, or a plenary beside anything; and sessions pinned to one room with less than
    its changeover between them."""
    fixed = [s for s in forum.sessions if s.pin_day is not None and s.pin_start is not None]
    fixed.sort(key=lambda s: (s.pin_day, s.pin_start, s.session_id))
    out = []
    for i, a in enumerate(fixed):
        for b in fixed[i + 1 :]:
            if a.pin_day != b.pin_day:
                continue
            rows = _rows("Sessions", [a.row, b.row])
            if b.pin_start >= a.pin_start + a.duration:  # a ends first: only a changeover
                out += _short_changeover(forum, a, b, rows)
                continue
            shared = sorted(set(a.facilitators) & set(b.facilitators))
            if a.pin_room and a.pin_room == b.pin_room:
                why, kind = f"both in room {a.pin_room}", "room_overlap"
            elif shared:
                why, kind = f"both facilitated by {', '.join(shared)}", "facilitator_overlap"
            elif a.is_plenary or b.is_plenary:
                why, kind = "and a plenary runs alone", "plenary_alone"
            else:
                continue
            when = f"{forum.settings.day_label(a.pin_day)}"
            out.append(
                Violation(
                    kind,
                    f"{a.session_id} ({clock(a.pin_start)}) and "
                    f"{b.session_id} ({clock(b.pin_start)}) are pinned to overlap "
                    f"on {when}, {why}{rows}",
                    (a.session_id, b.session_id),
                )
            )
    return out


def _short_changeover(forum: Forum, first: Session, second: Session, rows: str):
    """Two sessions pinned to one room, the second too soon after the first."""
    room = forum.room_by_id.get(first.pin_room) if first.pin_room == second.pin_room else None
    if room is None:
        return []
    gap = second.pin_start - first.pin_start - first.duration
    if not needs_gap(forum, first.session_id, second.session_id, room, gap):
        return []
    return [
        Violation(
            "room_changeover",
            f"{first.session_id} (ends {clock(first.pin_start + first.duration)}) and "
            f"{second.session_id} (starts {clock(second.pin_start)}) are pinned to {room.name} "
            f"on {forum.settings.day_label(first.pin_day)} with {gap} minutes between them, but "
            f"the room needs {changeover(forum, room)} ({source(forum, room)}){rows}",
            (first.session_id, second.session_id),
        )
    ]


def plenaries_overflow(forum: Forum) -> list[Violation]:
    """Plenaries run one at a time with nothing beside them: together they must fit the week."""
    week = sum(hi - lo for lo, hi in _usable(forum.settings)) * forum.settings.days
    needed = sum(s.duration for s in forum.plenaries)
    if needed <= week:
        return []
    ids = [s.session_id for s in forum.plenaries]
    return [
        Violation(
            "plenary_alone",
            f"the {len(ids)} openings, closings and plenaries last "
            f"{needed:,} minutes in all and each runs alone, but the week has {week:,} "
            f"minutes outside the breaks ({', '.join(ids)})",
            tuple(ids),
        )
    ]


def overbooked_facilitators(forum: Forum) -> list[Violation]:
    """A facilitator whose sessions last longer than the time they are available: the week's
    minutes outside the breaks, less their hard unavailability; for a facilitator with none,
    less the plenaries they do not facilitate too (nothing runs beside a plenary)."""
    grid = TimeGrid(forum.settings)
    usable = _usable(forum.settings)
    week = sum(hi - lo for lo, hi in usable) * forum.settings.days
    out = []
    for person, sessions in sorted(forum.sessions_of_facilitator.items()):
        rows = [u for u in forum.unavailability_of.get(person, ()) if u.hard]
        needed = sum(s.duration for s in sessions)
        if rows:
            free = 0
            for day in grid.days:
                blocked = [(u.start, u.end) for u in rows if u.day == day]
                free += sum(_uncovered(lo, hi, blocked) for lo, hi in usable)
        else:
            free = week - sum(p.duration for p in forum.plenaries if person not in p.facilitators)
        if needed > free:
            ids = sorted(s.session_id for s in sessions)
            where = (
                _rows("Unavailability", [u.row for u in rows])
                if rows
                else (" (outside the breaks and the plenaries)")
            )
            out.append(
                Violation(
                    "facilitator_unavailability" if rows else "facilitator_overlap",
                    f"{person} facilitates "
                    f"{len(ids)} session{'s' if len(ids) > 1 else ''} of "
                    f"{needed:,} minutes in all "
                    f"({_some(ids)}) but is available {free:,} minutes of the "
                    f"week{where}",
                    tuple(ids),
                )
            )
    return out


def rooms_too_few(forum: Forum, rooms: dict[str, list[str]]) -> list[Violation]:
    """The week's room time cannot hold the sessions: the parallel sessions that may only use
    some set of rooms last longer than those rooms are free, outside the breaks and the
    plenaries (nothing runs beside a plenary, so its minutes are lost to every room). Checked
    for each set of rooms that some session is limited to, and for all the rooms."""
    week = sum(hi - lo for lo, hi in _usable(forum.settings)) * forum.settings.days
    free = week - sum(p.duration for p in forum.plenaries)
    if free <= 0:
        return []  # plenaries_overflow says it: they alone fill the week
    parallel = [s for s in forum.sessions if not s.is_plenary and rooms.get(s.session_id)]
    sets = {frozenset(rooms[s.session_id]) for s in parallel}
    sets.add(frozenset(r.room_id for r in forum.rooms))
    out = []
    for allowed in sorted(sets, key=lambda e: (len(e), sorted(e))):
        inside = [s for s in parallel if set(rooms[s.session_id]) <= allowed]
        needed = sum(s.duration for s in inside)
        if inside and needed > len(allowed) * free:
            names = sorted(allowed)
            out.append(
                Violation(
                    "room_overlap",
                    "the week's room time cannot hold the sessions: "
                    f"{_some(sorted(s.session_id for s in inside))} ({_count(len(inside))} "
                    f"that can only use rooms {_some(names)}) last "
                    f"{needed:,} minutes in all, but those {len(names)} rooms have "
                    f"{len(names) * free:,} minutes free of the breaks and the plenaries "
                    "in the week; add rooms or days, or shorten or drop sessions",
                    tuple(sorted(s.session_id for s in inside)),
                )
            )
            break  # the smallest set that cannot hold its sessions says it best
    return out


def _count(n: int) -> str:
    return f"{n:,} session{'s' if n != 1 else ''}"


def _some(ids: list[str], most: int = 8) -> str:
    """'S001, S002, ... (and 40 more)': ids listed, but not hundreds of them."""
    if len(ids) <= most:
        return ", ".join(ids)
    return f"{', '.join(ids[:most])}, ... ({len(ids) - most} more)"


def _usable(st) -> list[tuple[int, int]]:
    """A day's [start, end) pieces outside the breaks (breaks may overlap each other)."""
    usable = [(st.day_start, st.day_end)]
    for b in sorted(st.breaks, key=lambda b: b.start):
        usable = [
            piece
            for lo, hi in usable
            for piece in ((lo, min(hi, b.start)), (max(lo, b.end), hi))
            if piece[0] < piece[1]
        ]
    return usable


def _uncovered(lo: int, hi: int, blocked) -> int:
    """Minutes of [lo, hi) that no blocked interval covers."""
    points = sorted((max(lo, a), min(hi, b)) for a, b in blocked if a < hi and lo < b)
    free, cursor = 0, lo
    for a, b in points:
        if a > cursor:
            free += a - cursor
        cursor = max(cursor, b)
    return free + max(0, hi - cursor)


def _still_allowed(forum: Forum, session: Session, entry, rooms, allowed) -> bool:
    """A published place that no hard filter and no hard room unavailability forbids."""
    lost = any(
        u.hard
        and u.day == entry.day
        and u.start < entry.start + session.duration
        and entry.start < u.end
        for u in forum.unavailability_of.get(entry.room_id, ())
    )
    return (
        not lost
        and entry.room_id in rooms[session.session_id]
        and (entry.day, entry.start) in allowed
    )


def _over_the_cap(forum: Forum, rooms: dict[str, list[str]]) -> list[Violation]:
    """More published sessions must move (their published place now breaks a hard rule)
    than --max-changes allows."""
    cap = forum.baseline.max_changes if forum.baseline else None
    if cap is None:
        return []
    forced = []
    for session, entry in kept(forum):
        allowed = set(allowed_starts(forum, session))
        if not _still_allowed(forum, session, entry, rooms, allowed):
            forced.append(session.session_id)
    if len(forced) <= cap:
        return []
    return [
        Violation(
            "max_changes",
            f"{len(forced)} published sessions must move because "
            f"their published place now breaks a hard rule ({', '.join(forced)}), "
            f"but --max-changes allows {cap}; raise the cap or undo the edit",
            tuple(forced),
        )
    ]
