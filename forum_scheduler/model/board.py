"""What is placed so far, indexed for the question every construction and move asks: may this
session go there, given the sessions already placed, under every hard rule?

The greedy construction, its repair and the local search share it, so that a hard rule is
checked the same way in each; the independent checker still verifies every programme.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ..constraints.room_changeover import needs_gap
from ..constraints.rules import rule_holds
from ..domain import Placement
from ..timegrid import week_minute


class Board:
    """The placements so far and their indexes (rooms, facilitators, plenaries, themes, days)."""

    def __init__(self, enc):
        self.enc = enc
        self.forum = enc.forum
        self.room_times = defaultdict(list)  # (room, day) -> [(start, end, session id)]
        self.person_slots = defaultdict(set)  # facilitator -> {(day, slot)}
        self.person_times = defaultdict(list)  # (facilitator, day) -> [(start, end, venue)]
        self.busy_slots = set()  # every (day, slot) with a session
        self.plenary_slots = set()  # (day, slot) held by a plenary
        self.theme_slots = defaultdict(Counter)  # theme -> Counter((day, slot))
        self.day_load = Counter()
        self.placed: dict[str, Placement] = {}
        self.pressure: dict[tuple[int, int], float] | None = None
        # The week's shape, as far as the placed sessions fix it (week minutes).
        self.opening_end = 0  # openings end by then
        self.others_start = 10**9  # the first non-opening starts then
        self.closing_start = 10**9  # closings start then
        self.others_end = 0  # the last non-closing ends then
        # Hard rules between two sessions, by session (asked at every place tried).
        self.pair_rules = defaultdict(list)
        for rule in self.forum.rules:
            if rule.hard and rule.session_b:
                self.pair_rules[rule.session_a].append(rule)
                if rule.session_b != rule.session_a:
                    self.pair_rules[rule.session_b].append(rule)


def time_ok(state, session, day, minute, slots) -> bool:
    start = week_minute(day, minute)
    end = start + session.duration
    if session.is_plenary:
        if any((day, k) in state.busy_slots for k in slots):
            return False
    elif any((day, k) in state.plenary_slots for k in slots):
        return False
    if session.kind == "opening":
        if end > state.others_start:
            return False
    elif start < state.opening_end:
        return False
    if session.kind == "closing":
        if start < state.others_end:
            return False
    elif end > state.closing_start:
        return False
    for person in session.facilitators:
        if any((day, k) in state.person_slots[person] for k in slots):
            return False
    probe = Placement(session.session_id, day, minute, "")
    return _pair_rules_ok(state, session, probe, check_rooms=False)


def _pair_rules_ok(state, session, probe, check_rooms: bool) -> bool:
    forum = state.forum
    for rule in state.pair_rules.get(session.session_id, ()):
        if rule.rule in ("same_room", "back_to_back") and not check_rooms:
            continue
        if session.session_id == rule.session_a and rule.session_b in state.placed:
            if not rule_holds(forum, rule, probe, state.placed[rule.session_b]):
                return False
        elif session.session_id == rule.session_b and rule.session_a in state.placed:
            if not rule_holds(forum, rule, state.placed[rule.session_a], probe):
                return False
    return True


def room_ok(state, session, day, minute, slots, room) -> bool:
    if not _room_free(state, session, day, minute, room):
        return False
    end = minute + session.duration
    for u in state.forum.unavailability_of.get(room.room_id, ()):
        if u.hard and u.day == day and minute < u.end and u.start < end:
            return False
    travel = state.forum.settings.venue_travel_minutes
    for person in session.facilitators:
        for start0, end0, venue0 in state.person_times[(person, day)]:
            if venue0 != room.venue and end0 + travel > minute and end + travel > start0:
                return False
    probe = Placement(session.session_id, day, minute, room.room_id)
    return _pair_rules_ok(state, session, probe, check_rooms=True)


def _room_free(state, session, day, minute, room) -> bool:
    """No session in the room overlaps this one or its changeover (room_overlap and
    room_changeover: the two parts of a back_to_back rule may touch)."""
    forum, sid = state.forum, session.session_id
    end = minute + session.duration
    for start0, end0, other in state.room_times[(room.room_id, day)]:
        if minute < end0 and start0 < end:
            return False
        if end0 <= minute and needs_gap(forum, other, sid, room, minute - end0):
            return False
        if end <= start0 and needs_gap(forum, sid, other, room, start0 - end):
            return False
    return True


def commit(state, session, placement):
    forum = state.forum
    day, minute = placement.day, placement.start
    slots = [(day, k) for k in state.enc.grid.slots_of(minute, session.duration)]
    room = forum.room_by_id[placement.room_id]
    state.room_times[(room.room_id, day)].append(
        (minute, minute + session.duration, session.session_id)
    )
    state.busy_slots.update(slots)
    if session.is_plenary:
        state.plenary_slots.update(slots)
    for person in session.facilitators:
        state.person_slots[person].update(slots)
        state.person_times[(person, day)].append((minute, minute + session.duration, room.venue))
    for theme in session.themes:
        for key in slots:
            state.theme_slots[theme][key] += 1
    state.day_load[day] += 1
    start, end = week_minute(day, minute), week_minute(day, minute) + session.duration
    if session.kind == "opening":
        state.opening_end = max(state.opening_end, end)
    else:
        state.others_start = min(state.others_start, start)
    if session.kind == "closing":
        state.closing_start = min(state.closing_start, start)
    else:
        state.others_end = max(state.others_end, end)
    state.placed[session.session_id] = placement


def release(state, session, placement) -> None:
    """Take a parallel session out again (the local search's moves). Its slots are freed for
    its room and facilitators; `busy_slots` and the week's shape are left as they are, which
    only makes plenaries, openings and closings, which the local search never moves, less free.
    """
    day, minute = placement.day, placement.start
    slots = [(day, k) for k in state.enc.grid.slots_of(minute, session.duration)]
    times = state.room_times[(placement.room_id, day)]
    times.remove((minute, minute + session.duration, session.session_id))
    venue = state.forum.room_by_id[placement.room_id].venue
    for person in session.facilitators:
        state.person_slots[person].difference_update(slots)
        state.person_times[(person, day)].remove((minute, minute + session.duration, venue))
    for theme in session.themes:
        for key in slots:
            state.theme_slots[theme][key] -= 1
    state.day_load[day] -= 1
    del state.placed[session.session_id]
