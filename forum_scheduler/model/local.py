"""Local search on placements: many small moves, each priced by re-costing only what it touches.

CP-SAT neighbourhoods re-place a score of sessions exactly but cost a second or more each, and
on forums of a few hundred sessions they often come back unchanged (BENCHMARKS.md). This search
makes tens of thousands of small moves instead: shift a parallel session to another start or
room, swap the places of two sessions, swap the rooms of two sessions. A move is allowed only
when the board (`board.py`) says every hard rule still holds, and priced by each soft goal's
grouping (`Constraint.grouping`): only the groups of the moved sessions are re-costed, so a
move costs microseconds, not a check of the whole programme.

Acceptance is late acceptance (a move is taken when it is no worse than the current programme
or than the one of LATE moves ago), which escapes the plateaus that clash minutes make. The
work is a number of moves drawn from a seeded generator, so the same start, seed and number of
moves give the same programme on any machine. The result is re-checked by the model (and the
final programme by the independent checker) before it is used.
"""

from __future__ import annotations

import random
from collections import defaultdict

from ..constraints.registry import SOFT
from ..domain import Placement
from .board import Board, commit, release, room_ok, time_ok

LATE = 50  # late acceptance: compare with the programme of this many moves ago


def can_improve(forum) -> bool:
    """Whether the search prices every goal: not when re-solving (`changes` has no grouping:
    a re-solve stays near the published programme through the neighbourhoods alone)."""
    return forum.baseline is None and all(
        goal.grouping is not None for goal in SOFT if goal.id != "changes"
    )


class _Groups:
    """Every soft goal's groups with their members and cached costs."""

    def __init__(self, forum, placed: dict[str, Placement]):
        self.forum = forum
        priced = [goal for goal in SOFT if goal.grouping is not None]
        self.ids = [goal.id for goal in priced]
        self.goals = [goal.grouping(forum) for goal in priced]
        self.members: dict[tuple, dict[str, Placement]] = defaultdict(dict)
        self.costs: dict[tuple, int] = {}
        for sid, p in placed.items():
            for key in self.keys(sid, p):
                self.members[key][sid] = p
        for key, members in self.members.items():
            self.costs[key] = self.goals[key[0]].cost(key[1], list(members.values()))

    def keys(self, sid: str, placement: Placement) -> list[tuple]:
        session = self.forum.session_by_id[sid]
        out = []
        for i, goal in enumerate(self.goals):
            out.extend((i, k) for k in dict.fromkeys(goal.keys(session, placement)))
        return out

    def total(self) -> int:
        return sum(self.costs.values())

    def price(self, moves: dict[str, tuple[Placement, Placement]]) -> tuple[int, dict]:
        """The change of the objective if each session moved from its first place to its
        second, and the new costs of the groups touched."""
        touched: dict[tuple, dict[str, Placement]] = {}
        for sid, (old, _) in moves.items():
            for key in self.keys(sid, old):
                touched.setdefault(key, dict(self.members.get(key, {})))
        for sid, (old, new) in moves.items():
            for key in self.keys(sid, old):
                touched[key].pop(sid, None)
            for key in self.keys(sid, new):
                touched.setdefault(key, dict(self.members.get(key, {})))[sid] = new
        delta, costs = 0, {}
        for key, members in touched.items():
            cost = self.goals[key[0]].cost(key[1], list(members.values())) if members else 0
            costs[key] = (cost, members)
            delta += cost - self.costs.get(key, 0)
        return delta, costs

    def apply(self, costs: dict) -> None:
        for key, (cost, members) in costs.items():
            if members:
                self.members[key] = members
                self.costs[key] = cost
            else:
                self.members.pop(key, None)
                self.costs.pop(key, None)


def grouped_penalties(forum, placed: dict[str, Placement]) -> dict[str, int]:
    """Goal id -> its weighted penalty as its grouping counts it (the checker's, tests say)."""
    groups = _Groups(forum, placed)
    out = dict.fromkeys(groups.ids, 0)
    for (i, _), cost in groups.costs.items():
        out[groups.ids[i]] += cost
    return out


def improve(
    enc, placed: dict[str, Placement], *, seed: int, moves: int, deadline=None
) -> tuple[dict[str, Placement], int, int] | None:
    """`moves` moves from the programme `placed`; returns the best programme seen, its
    objective and the objective of `placed` (both as the groupings count), or None when the
    `deadline` (budget.Deadline) passed first: the work was not done, so it does not count."""
    return _Search(enc, placed, seed).run(moves, deadline)


CHECK_CLOCK_EVERY = 512  # moves between two looks at the deadline


class _Search:
    def __init__(self, enc, placed: dict[str, Placement], seed: int):
        self.enc, self.forum = enc, enc.forum
        self.rng = random.Random(seed)
        self.board = Board(enc)
        for sid in sorted(placed, key=lambda s: (placed[s].day, placed[s].start, s)):
            commit(self.board, self.forum.session_by_id[sid], placed[sid])
        self.groups = _Groups(self.forum, placed)
        self.movable = [sid for sid in _movable(enc) if sid in placed]
        self.starts = {sid: set(enc.candidates[sid]) for sid in self.movable}
        self.rooms = {sid: set(enc.rooms[sid]) for sid in self.movable}
        self.by_duration = defaultdict(list)
        for sid in self.movable:
            self.by_duration[self.forum.session_by_id[sid].duration].append(sid)

    def run(self, moves: int, deadline=None) -> tuple[dict[str, Placement], int, int] | None:
        rng, groups, movable = self.rng, self.groups, self.movable
        start = current = best_value = groups.total()
        best = dict(self.board.placed)
        if not movable:
            return best, best_value, start
        history = [current] * LATE
        for step in range(moves):
            if deadline is not None and step % CHECK_CLOCK_EVERY == 0 and deadline.passed():
                return None
            sid = movable[rng.randrange(len(movable))]
            kind = rng.random()
            if kind < 0.6:
                proposal = self._shift(sid)
            elif kind < 0.85:
                proposal = self._swap_places(sid)
            else:
                proposal = self._swap_rooms(sid)
            if proposal:
                delta, costs = groups.price(proposal)
                if (delta <= 0 or current + delta <= history[step % LATE]) and self._apply(
                    proposal
                ):
                    groups.apply(costs)
                    current += delta
                    if current < best_value:
                        best_value, best = current, dict(self.board.placed)
            history[step % LATE] = current
        return best, best_value, start

    # -- moves: {session id: (old place, new place)}, or None --------------------------------
    def _shift(self, sid):
        """The session at another start (in its room when it may stay, else another room)."""
        old = self.board.placed[sid]
        day, minute = self.rng.choice(self.enc.candidates[sid])
        rooms = self.enc.rooms[sid]
        room = old.room_id if self.rng.random() < 0.5 else self.rng.choice(rooms)
        new = Placement(sid, day, minute, room)
        if (new.day, new.start, new.room_id) == (old.day, old.start, old.room_id):
            return None
        return {sid: (old, new)}

    def _swap_places(self, sid):
        """Two sessions of the same length exchange their starts and rooms."""
        same = self.by_duration[self.forum.session_by_id[sid].duration]
        other = same[self.rng.randrange(len(same))]
        a, b = self.board.placed[sid], self.board.placed[other]
        if other == sid or (a.day, a.start, a.room_id) == (b.day, b.start, b.room_id):
            return None
        return self._pair(
            Placement(sid, b.day, b.start, b.room_id), a, other, (a.day, a.start, a.room_id), b
        )

    def _swap_rooms(self, sid):
        """The session and one running at the same time in another room exchange rooms."""
        a = self.board.placed[sid]
        room = self.rng.choice(self.enc.rooms[sid])
        if room == a.room_id:
            return None
        end = a.start + self.forum.session_by_id[sid].duration
        beside = [
            other
            for start, stop, other in self.board.room_times[(room, a.day)]
            if start < end and a.start < stop and other in self.starts
        ]
        if not beside:
            return None
        other = beside[self.rng.randrange(len(beside))]
        b = self.board.placed[other]
        return self._pair(
            Placement(sid, a.day, a.start, room), a, other, (b.day, b.start, a.room_id), b
        )

    def _pair(self, new_a, a, other, where_b, b):
        new_b = Placement(other, *where_b)
        if not (self._allowed(new_a) and self._allowed(new_b)):
            return None
        return {a.session_id: (a, new_a), other: (b, new_b)}

    def _allowed(self, place: Placement) -> bool:
        """The start and room pass the session's own hard filters (pins, starts, rooms)."""
        sid = place.session_id
        return (place.day, place.start) in self.starts[sid] and place.room_id in self.rooms[sid]

    # -- the board -------------------------------------------------------------------------
    def _apply(self, proposal) -> bool:
        """Make the proposal's moves when every hard rule holds after them; else change
        nothing."""
        board, sessions = self.board, self.forum.session_by_id
        for sid, (old, _) in proposal.items():
            release(board, sessions[sid], old)
        done = []
        for sid, (_, new) in proposal.items():
            if not self._fits(new):
                break
            commit(board, sessions[sid], new)
            done.append(new)
        else:
            return True
        for new in done:
            release(board, sessions[new.session_id], new)
        for sid, (old, _) in proposal.items():
            commit(board, sessions[sid], old)
        return False

    def _fits(self, place: Placement) -> bool:
        session = self.forum.session_by_id[place.session_id]
        slots = self.enc.grid.slots_of(place.start, session.duration)
        return time_ok(self.board, session, place.day, place.start, slots) and room_ok(
            self.board, session, place.day, place.start, slots, self.forum.room_by_id[place.room_id]
        )


def _movable(enc) -> list[str]:
    """Parallel sessions with more than one place, outside hard pair rules that tie them to
    another session's room or end (those move with their partner, in the neighbourhoods)."""
    forum = enc.forum
    tied = {
        x
        for r in forum.rules
        if r.hard and r.rule in ("back_to_back", "same_room")
        for x in (r.session_a, r.session_b)
    }
    return [
        s.session_id
        for s in forum.sessions
        if not s.is_plenary
        and s.session_id not in tied
        and len(enc.candidates[s.session_id]) * len(enc.rooms[s.session_id]) > 1
    ]
