"""The CP-SAT variables of a forum, shared by every constraint's encoding.

Formulation (measured in BENCHMARKS.md): per session one Boolean per allowed start (`y`) and
one per eligible room (`z`), an integer start in week minutes tied to the `y`, one optional
fixed-size interval per (session, room) for the rooms' no-overlap, and a `placed` literal.
A session that cannot be placed leaves `placed` false at a huge cost, so the model is always
feasible and "what could not be placed" is itself the diagnosis.
Hard filters (pins, availability, day of the week's shape...) remove starts and rooms before
any variable is made, so they cost nothing during the search.
"""

from __future__ import annotations

from collections import defaultdict

from ..constraints.base import Constraint
from ..domain import Forum
from ..timegrid import MINUTES_PER_DAY, TimeGrid, week_minute
from .precheck import allowed_starts, rooms_by_session


class Encoding:
    def __init__(self, forum: Forum, constraints: list[Constraint], variables: bool = True):
        """`variables=False` computes each session's starts and rooms only (what the
        construction and the local search need); `make_variables` adds the model's."""
        from ortools.sat.python import cp_model

        self.forum = forum
        self.grid = TimeGrid(forum.settings)
        self.model = cp_model.CpModel()
        self.constraints = constraints
        self.candidates = {
            s.session_id: allowed_starts(forum, s, constraints) for s in forum.sessions
        }
        self.rooms = rooms_by_session(forum)
        self.objective: list[tuple[str, object]] = []  # (constraint id, weighted expression)
        self._cost_bound = 0
        self._covers: dict[str, dict[tuple[int, int], list]] = {}
        # Auxiliaries that propagation alone does not settle once the sessions are placed
        # (only the cost pushes them down) register here a function: placements -> the exact
        # (variable, value) pairs, so that completing a programme is a hint, not a search.
        self.settlers: list = []
        self.y, self.z, self.placed = {}, {}, {}
        if variables:
            self.make_variables()

    def size_estimate(self) -> int:
        """About how many variables the whole model will have, before any is made: a start
        and a room literal per option, a few per session, and about 50 per session that the
        constraints add (measured within 15% from 150 to 2,500 sessions, and 35% above on a
        dense two-day conference)."""
        options = sum(len(self.candidates[sid]) + len(r) + 5 for sid, r in self.rooms.items())
        return options + 50 * len(self.rooms)

    # -- variables -----------------------------------------------------------------------
    def make_variables(self) -> None:
        m = self.model
        horizon = self.forum.settings.days * MINUTES_PER_DAY
        self.y, self.z, self.placed = {}, {}, {}
        self.start, self.end, self.day, self.time_of_day = {}, {}, {}, {}
        self.interval, self.room_interval = {}, {}
        for s in self.forum.sessions:
            sid = s.session_id
            placed = m.new_bool_var(f"placed[{sid}]")
            ys = {c: m.new_bool_var(f"y[{sid},{c[0]},{c[1]}]") for c in self.candidates[sid]}
            zs = {r: m.new_bool_var(f"z[{sid},{r}]") for r in self.rooms[sid]}
            if not ys or not zs:
                m.add(placed == 0)
            m.add_exactly_one(list(ys.values()) + [~placed])
            m.add_exactly_one(list(zs.values()) + [~placed])
            start = m.new_int_var(0, horizon, f"start[{sid}]")
            m.add(start == sum(week_minute(d, t) * v for (d, t), v in ys.items()))
            day = m.new_int_var(0, self.forum.settings.days, f"day[{sid}]")
            m.add(day == sum(d * v for (d, _), v in ys.items()))
            tod = m.new_int_var(0, MINUTES_PER_DAY, f"tod[{sid}]")
            m.add(tod == sum(t * v for (_, t), v in ys.items()))
            end = start + s.duration
            self.interval[sid] = m.new_optional_fixed_size_interval_var(
                start, s.duration, placed, f"iv[{sid}]"
            )
            self.room_interval[sid] = {
                r: m.new_optional_fixed_size_interval_var(start, s.duration, lit, f"iv[{sid},{r}]")
                for r, lit in zs.items()
            }
            self.y[sid], self.z[sid], self.placed[sid] = ys, zs, placed
            self.start[sid], self.end[sid], self.day[sid], self.time_of_day[sid] = (
                start,
                end,
                day,
                tod,
            )

    # -- helpers for the constraint encodings --------------------------------------------
    def covers(self, session_id: str) -> dict[tuple[int, int], list]:
        """(day, slot) -> the start literals of this session that occupy that slot."""
        if session_id not in self._covers:
            duration = self.forum.session_by_id[session_id].duration
            table: dict[tuple[int, int], list] = defaultdict(list)
            for (day, minute), lit in self.y[session_id].items():
                for slot in self.grid.slots_of(minute, duration):
                    table[(day, slot)].append(lit)
            self._covers[session_id] = dict(table)
        return self._covers[session_id]

    def add_cost(self, constraint_id: str, weight: int, expression, upper: int = 1) -> None:
        """Add `weight * expression` to the objective; `upper` bounds the expression."""
        if weight:
            self.objective.append((constraint_id, weight * expression))
            self._cost_bound += weight * upper

    def upper_bound_of_costs(self) -> int:
        return self._cost_bound
