"""A fast list scheduler that builds a starting programme to hint the solver.

CP-SAT on its own may find no schedule at all within a short limit on two cores; from a complete
hint it starts improving at once (BENCHMARKS.md). The greedy places the most constrained
sessions first, each at the cheapest (start, room) that breaks no hard rule with what is already
placed. It may leave a session unplaced; the solver then finishes the job.
"""

from __future__ import annotations

from collections import defaultdict

from ..constraints.room_changeover import changeover
from ..constraints.rules import rule_holds
from ..domain import Placement
from .board import Board, commit, release, room_ok, time_ok

FEW_OPTIONS = 24  # (start, room) pairs: fewer, and a session goes before the plenaries


def greedy_programme(
    enc, weights: dict[str, int], keep: list[Placement] = ()
) -> dict[str, Placement]:
    """Session id -> placement for every session the greedy could place.

    `keep` (a published programme, when re-solving) is tried first, in its order: each
    placement that still breaks no hard rule stays, so only the sessions that must move are
    placed anew. A session may appear more than once in `keep`: its first place that fits wins.
    """
    state = Board(enc)
    forum = enc.forum
    for placement in keep:
        session = forum.session_by_id.get(placement.session_id)
        if placement.session_id in state.placed:
            continue  # kept at an earlier place of the list
        if session is not None and _still_fits(state, session, placement):
            commit(state, session, placement)
    order = sorted(forum.sessions, key=lambda s: _priority(enc, s))
    for session in order:
        if session.session_id in state.placed:
            continue  # placed with the session it follows back to back
        _place(state, session, weights)
    for session in order:
        if session.session_id not in state.placed:
            state = _repair(state, session, weights)
    return state.placed


def _place(state, session, weights) -> bool:
    best = _best_place(state, session, weights)
    if best is None:
        return False
    commit(state, session, best)
    follower = _follower(state, session)
    if follower is not None:
        commit(state, follower, _follow(state, session, best, follower))
    return True


MAX_EJECTED, MAX_ATTEMPTS = 5, 1000


def _repair(state, session, weights):
    """Make room for an unplaced session by moving up to MAX_EJECTED sessions out of its way.

    Tries the (start, room) options blocked by the fewest movable sessions (at most
    MAX_ATTEMPTS): takes them out, places the session, then re-places them; keeps the first
    attempt where everyone finds a place, else the state as it was. (Three sessions and 60
    attempts left one session of a generated 1,000-session forum unplaced; five and 1,000 place
    it, and cost 8 s on 2,500 sessions, BENCHMARKS.md.)
    """
    forum, enc = state.forum, state.enc
    sessions, people = forum.session_by_id, set(session.facilitators)
    margins = {
        r: max(forum.settings.venue_travel_minutes, changeover(forum, forum.room_by_id[r]))
        for r in enc.rooms[session.session_id]
    }
    widest = max(margins.values(), default=0)
    by_day = defaultdict(list)  # day -> [(start, end, session id, room)] of the placed sessions
    for sid, p in state.placed.items():
        by_day[p.day].append((p.start, p.start + sessions[sid].duration, sid, p.room_id))
    attempts = []
    for day, minute in enc.candidates[session.session_id]:
        end = minute + session.duration
        # The placed sessions near this start; in the way in any room (a plenary, a shared
        # facilitator) or only in their own.
        near = [x for x in by_day[day] if x[0] < end + widest and minute < x[1] + widest]
        everywhere = [
            x
            for x in near
            if session.is_plenary
            or sessions[x[2]].is_plenary
            or people & set(sessions[x[2]].facilitators)
        ]
        in_room = defaultdict(list)
        for x in near:
            in_room[x[3]].append(x)
        for room_id, margin in margins.items():
            blockers = {
                sid
                for start0, end0, sid, _ in everywhere + in_room.get(room_id, [])
                if start0 < end + margin and minute < end0 + margin
            }
            # A placed partner of a hard pair rule that this place would break is in the way too.
            probe = Placement(session.session_id, day, minute, room_id)
            blockers.update(_broken_partners(state, session, probe))
            movable = all(len(enc.candidates[b]) * len(enc.rooms[b]) > 1 for b in blockers)
            if 0 < len(blockers) <= MAX_EJECTED and movable:
                attempts.append((len(blockers), day, minute, room_id, sorted(blockers)))
    for _, day, minute, room_id, blockers in sorted(attempts)[:MAX_ATTEMPTS]:
        place = Placement(session.session_id, day, minute, room_id)
        if session.is_plenary or any(sessions[b].is_plenary for b in blockers):
            trial = _replay(state, exclude=set(blockers))
            if _eject_and_place(trial, session, place, blockers, weights):
                return trial
        elif _in_place(state, session, place, blockers, weights):
            return state
    return state


def _broken_partners(state, session, probe) -> list[str]:
    """The placed sessions that a hard pair rule ties to this one and that `probe` breaks."""
    out = []
    for rule in state.pair_rules.get(session.session_id, ()):
        if rule.session_a == session.session_id and rule.session_b in state.placed:
            if not rule_holds(state.forum, rule, probe, state.placed[rule.session_b]):
                out.append(rule.session_b)
        elif rule.session_b == session.session_id and rule.session_a in state.placed:
            if not rule_holds(state.forum, rule, state.placed[rule.session_a], probe):
                out.append(rule.session_a)
    return out


def _eject_and_place(state, session, place, blockers, weights) -> bool:
    """Place the session on a board without its blockers, then re-place them."""
    forum, enc = state.forum, state.enc
    slots = enc.grid.slots_of(place.start, session.duration)
    room = forum.room_by_id[place.room_id]
    if not (
        time_ok(state, session, place.day, place.start, slots)
        and room_ok(state, session, place.day, place.start, slots, room)
    ):
        return False
    commit(state, session, place)
    return all(_place(state, forum.session_by_id[b], weights) for b in blockers)


def _in_place(state, session, place, blockers, weights) -> bool:
    """The same on the board itself, for parallel sessions only (whose release leaves the
    board as a replay without them would be, for everything a parallel session asks); undone
    when a blocker finds no place."""
    sessions = state.forum.session_by_id
    kept = set(state.placed) - set(blockers)
    before = {b: state.placed[b] for b in blockers}
    for b in blockers:
        release(state, sessions[b], before[b])
    if _eject_and_place(state, session, place, blockers, weights):
        return True
    for sid in [s for s in state.placed if s not in kept]:
        release(state, sessions[sid], state.placed[sid])
    for b in blockers:
        commit(state, sessions[b], before[b])
    return False


def _replay(state, exclude: set[str]):
    """A fresh state holding every placement of `state` but the excluded sessions."""
    fresh = Board(state.enc)
    for sid, placement in state.placed.items():
        if sid not in exclude:
            commit(fresh, state.forum.session_by_id[sid], placement)
    return fresh


def _follower(state, session):
    """The unplaced session that a hard back_to_back rule puts right after this one."""
    for rule in state.pair_rules.get(session.session_id, ()):
        if (
            rule.rule == "back_to_back"
            and rule.session_a == session.session_id
            and rule.session_b not in state.placed
        ):
            return state.forum.session_by_id[rule.session_b]
    return None


def _follow(state, session, placement, follower):
    return Placement(
        follower.session_id, placement.day, placement.start + session.duration, placement.room_id
    )


def _follower_fits(state, session, placement) -> bool:
    """A back_to_back follower can take the same room right after `placement`."""
    follower = _follower(state, session)
    if follower is None:
        return True
    then = _follow(state, session, placement, follower)
    if (then.day, then.start) not in set(state.enc.candidates[follower.session_id]):
        return False
    if then.room_id not in state.enc.rooms[follower.session_id]:
        return False
    slots = state.enc.grid.slots_of(then.start, follower.duration)
    room = state.forum.room_by_id[then.room_id]
    state.placed[session.session_id] = placement  # so that rules between the two are checked
    try:
        return (
            time_ok(state, follower, then.day, then.start, slots)
            and room_ok(state, follower, then.day, then.start, slots, room)
            and _shape_ok(state.forum, session, follower)
        )
    finally:
        del state.placed[session.session_id]


def _shape_ok(forum, leader, follower) -> bool:
    """A follower starts when its leader ends: both are openings, or neither; the same for
    closings (an opening cannot be followed by another session, nor a session by a closing)."""
    return (leader.kind == "opening") == (follower.kind == "opening") and (
        leader.kind == "closing"
    ) == (follower.kind == "closing")


def _priority(enc, session):
    """Sessions pinned to one start first, then those with very few (start, room) options,
    then plenaries (they need every room free), then the rest, fewest options first."""
    rank = 0 if session.is_plenary else 1
    follows = any(
        r.hard and r.rule == "back_to_back" and r.session_b == session.session_id
        for r in enc.forum.rules
    )
    if follows:
        rank = 2  # placed together with the session it follows
    options = len(enc.candidates[session.session_id]) * max(1, len(enc.rooms[session.session_id]))
    fixed_time = len(enc.candidates[session.session_id]) <= 1
    return (
        not fixed_time,
        options > FEW_OPTIONS,
        rank,
        options,
        -session.attendance,
        session.session_id,
    )


def _still_fits(state, session, placement) -> bool:
    """A published placement is still allowed and free, given what is placed already."""
    sid, day, minute = session.session_id, placement.day, placement.start
    if (day, minute) not in set(
        state.enc.candidates[sid]
    ) or placement.room_id not in state.enc.rooms[sid]:
        return False
    slots = state.enc.grid.slots_of(minute, session.duration)
    room = state.forum.room_by_id[placement.room_id]
    return time_ok(state, session, day, minute, slots) and room_ok(
        state, session, day, minute, slots, room
    )


def _best_place(state, session, weights):
    enc, forum = state.enc, state.forum
    sid = session.session_id
    rooms = sorted(
        (forum.room_by_id[r] for r in enc.rooms[sid]), key=lambda r: (r.capacity, r.room_id)
    )
    candidates = enc.candidates[sid]
    if session.kind == "closing":
        candidates = list(reversed(candidates))
    theme_weight = weights.get("theme_clash", 0) * forum.settings.slot_minutes
    fit_weight = weights.get("room_fit", 0)
    best, best_key = None, None
    for day, minute in candidates:
        slots = enc.grid.slots_of(minute, session.duration)
        if not time_ok(state, session, day, minute, slots):
            continue
        clash = sum(1 for t in session.themes for k in slots if state.theme_slots[t][(day, k)])
        # A plenary empties every room: put it where the other sessions least need to be.
        crowding = (
            sum(_pressure(state).get((day, k), 0.0) for k in slots) if session.is_plenary else 0.0
        )
        for room in rooms:
            if not room_ok(state, session, day, minute, slots, room):
                continue
            place = Placement(sid, day, minute, room.room_id)
            if not _follower_fits(state, session, place):
                continue
            cost = clash * theme_weight + fit_weight * (room.capacity - session.attendance)
            key = (crowding, cost, state.day_load[day])
            if best_key is None or key < best_key:
                best, best_key = place, key
            break  # rooms are sorted by size: the first free one fits best
    return best


def _pressure(state) -> dict[tuple[int, int], float]:
    """(day, slot) -> how much the parallel sessions need it: each session spreads one unit
    over the slots its possible starts cover, so a session with few options weighs more."""
    if state.pressure is None:
        enc, pressure = state.enc, defaultdict(float)
        for s in state.forum.sessions:
            starts = enc.candidates[s.session_id]
            if s.is_plenary or not starts:
                continue
            share = 1.0 / len(starts)
            for day, minute in starts:
                for k in enc.grid.slots_of(minute, s.duration):
                    pressure[(day, k)] += share
        state.pressure = dict(pressure)
    return state.pressure
