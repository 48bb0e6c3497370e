"""Deterministic search: large neighbourhoods re-solved by CP-SAT, plus one full solve for a bound.

CP-SAT's parallel portfolio is not reproducible under a time limit, and its reproducible mode
(one worker, or interleaved search) barely improved on the greedy start in our measurements
(BENCHMARKS.md). So the search is driven from here: each round frees the sessions of one
neighbourhood (a day, a theme, a time window, a facilitator, a random set), fixes every other
session where the incumbent has it, and lets single-threaded CP-SAT re-place the freed ones
under a deterministic-time limit. Rounds run neighbourhoods in parallel threads when there are
workers to spare; the best one wins. Meanwhile one more single-threaded CP-SAT works on the
whole model, which gives the lower bound (and sometimes proves optimality).

Work and time are kept apart. The work is counted in rounds, each a fixed amount of CP-SAT's
deterministic time, so the same input, seed, workers and number of rounds give the same
programme on any machine and under any load: that number is the run's *effort*. The wall
clock only decides when to stop: a round the deadline interrupts is thrown away, so the rounds
that count are always whole, and `--effort` with their number repeats the run exactly.
"""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from ..budget import Deadline
from ..constraints.changes import held_place

NO_DEADLINE = Deadline()

SUBSOLVE_DTIME = 0.3  # CP-SAT's deterministic time per neighbourhood
REPAIR_DTIME = 0.1  # the same while a session is still unplaced, doubled after each round
REPAIR_MAX_DTIME = 0.8  # that fails to place one, up to this


def rounds_for(
    seconds: float, variables: int, kept: float = 0.0, every: int = 1, model: bool = True
) -> int:
    """How many rounds to plan for a time limit of `seconds`, from the model's size alone, so
    that every run of the same input plans the same work; `kept` is the time the caller keeps
    after the search (writing the outputs, settling the programme); `every`: one round in
    that many re-solves a CP-SAT neighbourhood; `model`: whether the model is built (without
    it, the rounds are the local search's alone).

    Measured on an idle 2-core machine with the whole-model thread running beside the rounds
    (BENCHMARKS.md): building the model and a first programme take about 6e-5 s per variable,
    a CP-SAT neighbourhood (with completing the local search's programme into the model's
    values first) about 0.7 s + 6e-5 s per variable, and the local search's moves about
    0.7 s + 5e-6 s per variable. Without the model, reading, the construction and its check
    take about 2e-5 s per (estimated) variable. A machine that is slower, or busy, does fewer
    rounds before its deadline, and says so.
    """
    if not model:
        setup, per_round = 2e-5 * variables, 1.0 + 1e-5 * variables
        return max(1, int((seconds - kept - setup) / per_round))
    setup = 6e-5 * variables
    per_round = 0.7 + 5e-6 * variables + (0.7 + 6e-5 * variables) / every
    return max(1, int((seconds - kept - setup) / per_round))


MIN_FREE, START_FREE = 8, 20
# A re-solve against a published programme ends after this many rounds in a row without a
# better programme: a small edit needs a few local repairs, not the whole time limit.
RESOLVE_PATIENCE = 4
# Re-solve rounds are shorter (most sessions stay put) and run one at a time with no
# whole-model thread: on 2 cores that thread, or a second lane, made each round 1.7-2 times
# slower (BENCHMARKS.md), and a programme held near the published one needs no bound.
RESOLVE_DTIME = 0.1
# The first re-solve round frees exactly the sessions that left their published place and
# re-places them with every other session held still, long enough to be optimal in practice.
RESOLVE_FIRST_DTIME = 0.5


class Incumbent:
    """A programme of the search: CP-SAT's values of every variable, or the placements a
    local search found (`placed`), whose values are made on demand by `complete` (placements
    -> values or None) only when CP-SAT needs them: on a large model completing costs seconds,
    and the local search can go on without. Should the model refuse the placements, the
    incumbent becomes `fallback` (an Incumbent) instead."""

    def __init__(self, values=None, objective=0, placed=None, complete=None, fallback=None):
        self._values, self.objective = values, objective
        self.placed, self._complete, self._fallback = placed, complete, fallback
        self._lock = threading.Lock()

    @property
    def values(self) -> list[int]:
        with self._lock:
            if self._values is None:
                done = self._complete(self.placed)
                if done is None:  # never seen: the board and the model disagree
                    done, self.placed = self._fallback, None
                self._values, self.objective = done.values, done.objective
        return self._values

    @property
    def pending(self) -> bool:
        """Whether asking for the values would first complete the placements (seconds on a
        large model)."""
        return self._values is None


@dataclass
class SearchOutcome:
    best: Incumbent
    proven_optimal: bool = False
    bound: float | None = None
    rounds: int = 0  # the rounds done and counted: the run's effort
    planned: int = 0
    deterministic_time: float = 0.0  # CP-SAT's deterministic time of the counted rounds
    improvements: int = 0
    polished: int = 0  # rounds whose local search found a better programme
    stopped_by: str = "planned work done"
    source: str = "greedy"


def objective_of(model, values: list[int]) -> int:
    obj = model.proto.objective
    return int(sum(c * values[v] for v, c in zip(obj.vars, obj.coeffs)) + obj.offset)


class _FullSolve(threading.Thread):
    """The whole model on one thread: a best bound, maybe a proof, maybe a better programme."""

    def __init__(self, enc, start: Incumbent, seed: int, wall: float):
        """`wall`: seconds at most; the search stops it sooner when the rounds end."""
        super().__init__(daemon=True)
        from ortools.sat.python import cp_model

        self.enc, self.first = enc, start
        self.solver = cp_model.CpSolver()
        p = self.solver.parameters
        p.num_workers = 1
        p.random_seed = seed
        p.max_time_in_seconds = min(wall, 1e7)
        p.cp_model_probing_level = 0
        self.status = None
        self.values: list[int] | None = None
        self.objective = None
        self.bound = None
        self.done = threading.Event()
        self.halted = threading.Event()

    def run(self):
        from ortools.sat.python import cp_model

        try:
            model = self.enc.model.clone()
            if self.first.placed is None:  # a lazy start would cost a completion first
                _set_hint(model, self.first.values)
            else:  # the main thread may be rewriting the shared model's hint right now
                model.clear_hints()
            if self.halted.is_set():  # the rounds ended before this thread got going
                return
            self.status = self.solver.solve(model)
            self.bound = self.solver.best_objective_bound
            if self.status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                self.values = list(self.solver.response_proto.solution)
                self.objective = int(self.solver.objective_value)
        finally:
            self.done.set()

    def halt(self) -> None:
        """Stop the solve and wait for the thread. A stop asked for before CP-SAT has begun
        would be lost, so it is asked again until the thread is done."""
        self.halted.set()
        while self.is_alive():
            self.solver.stop_search()
            self.join(0.05)


def _set_hint(model, values: list[int]) -> None:
    model.clear_hints()
    hint = model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


class _Neighbourhoods:
    """Which sessions to free in a round: drawn from a seeded generator, so reproducible."""

    def __init__(self, enc, seed: int):
        self.enc, self.forum = enc, enc.forum
        self.rng = random.Random(seed)
        self.movable = [
            s.session_id
            for s in self.forum.sessions
            if len(enc.candidates[s.session_id]) * len(enc.rooms[s.session_id]) > 1
        ]
        self.size = START_FREE
        baseline = self.forum.baseline
        self.published = (
            {}
            if baseline is None
            else {
                e.session_id: (e.day, e.start, e.room_id)
                for e in baseline.entries
                if e.session_id in self.forum.session_by_id
            }
        )

    def place_of(self, values, sid):
        enc = self.enc
        if not values[enc.placed[sid].index]:
            return None
        return next(key for key, lit in enc.y[sid].items() if values[lit.index])

    def draw(self, values) -> set[str]:
        rng, forum = self.rng, self.forum
        if len(self.movable) <= self.size:
            return set(self.movable)
        unplaced = [s for s in self.movable if self.place_of(values, s) is None]
        if unplaced and rng.random() < 0.7:
            return self._around(values, rng.choice(unplaced)) | set(unplaced)
        moved = self._moved(values)
        if self.published:
            # Re-solving: work only where the programme left the published one.
            kind = "moved" if moved else "none"
        else:
            kind = rng.choice(("clash", "clash", "day", "theme", "window", "facilitator", "random"))
        core: list[str] = []
        if kind == "none":
            return set()
        if kind == "moved":
            core = rng.sample(moved, min(len(moved), self.size // 2))
            centre = rng.choice(core)
            day, minute, _ = self.published.get(centre, (0, 0, ""))  # (0, ...): added
            now = self.place_of(values, centre)
            people = set(forum.session_by_id[centre].facilitators)
            pool = [
                s
                for s in self.movable
                if (p := self.place_of(values, s))
                and (
                    (p[0] == day and abs(p[1] - minute) <= 120)
                    or (now and p[0] == now[0] and abs(p[1] - now[1]) <= 120)
                    or people & set(forum.session_by_id[s].facilitators)
                )
            ]
            pool = sorted(set(pool) - set(core))
            if len(core) + len(pool) > self.size:
                pool = rng.sample(pool, max(0, self.size - len(core)))
            unplaced = [s for s in self.movable if self.place_of(values, s) is None]
            return set(core) | set(pool) | set(unplaced)
        if kind == "clash":
            core, pool = self._clashing(values)
        elif kind == "day":
            day = rng.randint(1, forum.settings.days)
            pool = [s for s in self.movable if (self.place_of(values, s) or (0,))[0] == day]
        elif kind == "theme" and forum.themes:
            theme = rng.choice(forum.themes).theme_id
            pool = [s for s in self.movable if theme in forum.session_by_id[s].themes]
        elif kind == "window":
            day = rng.randint(1, forum.settings.days)
            minute = rng.choice(self.enc.grid.day_starts(forum.settings.slot_minutes) or [0])
            pool = [
                s
                for s in self.movable
                if (p := self.place_of(values, s)) and p[0] == day and abs(p[1] - minute) <= 120
            ]
        elif kind == "facilitator" and forum.sessions_of_facilitator:
            person = rng.choice(sorted(forum.sessions_of_facilitator))
            pool = [
                s.session_id
                for s in forum.sessions_of_facilitator[person]
                if s.session_id in self.movable
            ]
        else:
            pool = []
        pool = sorted(set(pool) - set(core))
        if len(core) + len(pool) > self.size:
            pool = rng.sample(pool, max(0, self.size - len(core)))
        pool = core + pool
        rest = sorted(set(self.movable) - set(pool))
        pool += rng.sample(rest, min(len(rest), max(0, self.size - len(pool))))
        unplaced = [s for s in self.movable if self.place_of(values, s) is None]
        return set(pool) | set(unplaced)

    def moved_now(self, values) -> list[str]:
        """The sessions away from their published place, those not placed, and those a hand
        edit moved (a clashing edit may be best undone, rather than move what it hit)."""
        unplaced = [s for s in self.movable if self.place_of(values, s) is None]
        edited = [s for s in self.movable if held_place(self.forum, s) is not None]
        return sorted(set(self._moved(values)) | set(unplaced) | set(edited))

    def _moved(self, values) -> list[str]:
        """Sessions away from their published place (start or room), and sessions added
        since, in id order."""
        enc = self.enc
        out = [s for s in self.movable if s not in self.published] if self.published else []
        for sid, (day, minute, room) in sorted(self.published.items()):
            if sid not in self.movable:
                continue
            lit_time, lit_room = enc.y[sid].get((day, minute)), enc.z[sid].get(room)
            if (
                lit_time is None
                or lit_room is None
                or not values[lit_time.index]
                or not values[lit_room.index]
            ):
                out.append(sid)
        return sorted(out)

    def _clashing(self, values) -> tuple[list[str], list[str]]:
        """Sessions of one theme that overlap, with the sessions running beside them."""
        forum, rng = self.forum, self.rng
        placed = {}
        for sid in self.movable:
            place = self.place_of(values, sid)
            if place is not None:
                placed[sid] = (place[0], place[1], place[1] + forum.session_by_id[sid].duration)
        clashes = []
        for theme in forum.themes:
            members = sorted(s for s in placed if theme.theme_id in forum.session_by_id[s].themes)
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    (da, a0, a1), (db, b0, b1) = placed[a], placed[b]
                    if da == db and a0 < b1 and b0 < a1:
                        clashes.append((a, b))
        if not clashes:
            return [], []
        a, b = rng.choice(clashes)
        day, start, end = placed[a]
        beside = sorted(
            s for s, (d, s0, s1) in placed.items() if d == day and s0 < end + 60 and start - 60 < s1
        )
        return [a, b], beside

    def _around(self, values, sid: str) -> set[str]:
        """An unplaced session, its partners in hard pair rules, and the sessions nearest in
        time to one of its possible starts on that day (those most likely in its way)."""
        enc, rng, forum = self.enc, self.rng, self.forum
        day, minute = rng.choice(enc.candidates[sid])
        middle = minute + forum.session_by_id[sid].duration / 2
        partners = {
            x
            for r in forum.rules
            if r.hard and r.session_b and sid in (r.session_a, r.session_b)
            for x in (r.session_a, r.session_b)
        }
        people = set(forum.session_by_id[sid].facilitators)
        scored = []
        for other in self.movable:
            place = self.place_of(values, other)
            if place is None or place[0] != day:
                continue
            session = forum.session_by_id[other]
            distance = abs(place[1] + session.duration / 2 - middle)
            if people & set(session.facilitators):
                distance = 0
            scored.append((distance, other))
        nearest = [other for _, other in sorted(scored)[: 3 * self.size]]
        # The facilitators' other sessions, every day: a place for this one may need them
        # moved to another day, which a neighbourhood of one day cannot do.
        shared = {
            s.session_id for person in people for s in forum.sessions_of_facilitator.get(person, ())
        }
        return {sid, *partners, *nearest, *shared} & set(self.movable) | {sid}

    def adapt(self, solved_to_optimality: bool) -> None:
        if solved_to_optimality:
            self.size = min(len(self.movable), self.size + 2)
        else:
            self.size = max(MIN_FREE, self.size - 1)


def _subsolve(
    enc,
    values: list[int],
    free: set[str],
    seed: int,
    deadline: Deadline,
    dtime: float = SUBSOLVE_DTIME,
):
    """Re-place the `free` sessions with every other session held still.

    Returns (values or None, whether the neighbourhood was solved to optimality, CP-SAT's
    deterministic time, whether the deadline cut the round short)."""
    from ortools.sat.python import cp_model

    model = enc.model.clone()
    variables = model.proto.variables
    for s in enc.forum.sessions:
        if s.session_id in free:
            continue
        sid = s.session_id
        for lit in [enc.placed[sid], *enc.y[sid].values(), *enc.z[sid].values()]:
            domain = variables[lit.index].domain
            domain.clear()
            domain.extend([values[lit.index], values[lit.index]])
    _set_hint(model, values)
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = 1
    p.random_seed = seed
    p.max_deterministic_time = dtime
    p.max_time_in_seconds = deadline.seconds(1e7)
    p.cp_model_presolve = False  # most variables are fixed: presolve would cost more than it saves
    status = solver.solve(model)
    cut = deadline.passed()  # stopped by the clock, not by its deterministic time: not counted
    spent = solver.response_proto.deterministic_time
    if cut or status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False, spent, cut
    return list(solver.response_proto.solution), status == cp_model.OPTIMAL, spent, False


def search(
    enc,
    start: Incumbent,
    *,
    seed: int,
    workers: int,
    rounds: int,
    extend: bool = True,
    deadline: Deadline = NO_DEADLINE,
    on_improve=None,
    polish=None,
    neighbourhood_every: int = 1,
    whole_model: bool = True,
    completing: float = 0.0,
) -> SearchOutcome:
    """Improve `start` by `rounds` rounds of neighbourhoods, stopping at `deadline` if it
    comes first. With `extend`, rounds go on past the plan while a session is unplaced (up to
    a fixed number); a run asked for an exact effort does not extend. See the module docstring.

    `polish(incumbent, seed, deadline)`, when given, ends each round whose programme is
    complete: it returns a programme at least as good (the local search's), or None when the
    deadline cut it short (the round then does not count). With `polish`, only every
    `neighbourhood_every`-th round re-solves a neighbourhood with CP-SAT (on a large model a
    neighbourhood costs many seconds, the local search's moves far less); every round does
    while a session is unplaced, which only CP-SAT can place. `whole_model`: whether one more
    CP-SAT thread searches the whole model for a bound (with two workers or more).
    `completing`: the seconds that completing a lazy programme takes; a neighbourhood round
    that could not finish it before the deadline is not started.
    """
    outcome = SearchOutcome(best=start, planned=rounds)
    resolving = enc.forum.baseline is not None
    full = None
    if workers >= 2 and not resolving and whole_model:
        full = _FullSolve(enc, start, seed, deadline.left())
        full.start()
    lanes = 1 if resolving else max(1, workers - 1)
    dtime = RESOLVE_DTIME if resolving else SUBSOLVE_DTIME
    hoods = _Neighbourhoods(enc, seed)
    # While a session is still unplaced, rounds go on past the plan (a complete programme is
    # worth more than the plan), up to a fixed number, so that runs still agree.
    extended = 4 * rounds + 20 if extend else rounds
    idle = 0  # rounds in a row without a better programme
    stuck = 0  # rounds in a row that left as many sessions unplaced
    with ThreadPoolExecutor(max_workers=lanes) as pool:
        while outcome.rounds < rounds or (
            outcome.rounds < extended and _unplaced(enc, outcome.best)
        ):
            if deadline.passed():
                outcome.stopped_by = "time limit"
                break
            neighbourhood = (
                polish is None
                or _unplaced(enc, outcome.best)
                or (outcome.rounds + 1) % neighbourhood_every == 0
            )
            if neighbourhood and outcome.best.pending and deadline.left() < completing:
                outcome.stopped_by = "time limit"  # completing its programme alone would overrun
                break
            frees = [hoods.draw(outcome.best.values) for _ in range(lanes)] if neighbourhood else []
            if resolving and not any(frees):  # every session holds its published place
                outcome.stopped_by = "nothing to move"
                break
            # While a session is unplaced, shorter rounds: placing it matters more than the
            # soft goals, and more tries fit in the time.
            # A round that placed nothing doubles the next one's time: a hard place needs
            # a longer look, and short tries first keep a short time limit useful.
            this_dtime = (
                min(REPAIR_DTIME * 2**stuck, REPAIR_MAX_DTIME)
                if _unplaced(enc, outcome.best)
                else dtime
            )
            if resolving and outcome.rounds == 0:  # held still first: only what had to move
                frees, this_dtime = [set(hoods.moved_now(outcome.best.values))], RESOLVE_FIRST_DTIME
            seeds = [seed * 1_000_003 + outcome.rounds * lanes + i for i in range(lanes)]
            results = []
            if frees:  # the values are made only for a neighbourhood (lazily, see Incumbent)
                base = outcome.best.values
                results = list(
                    pool.map(
                        partial(_subsolve, enc, base, deadline=deadline, dtime=this_dtime),
                        frees,
                        seeds,
                    )
                )
            if any(cut for *_, cut in results):  # the clock cut this round: it does not count
                outcome.stopped_by = "time limit"
                break
            best_here = None
            for found, *_ in results:
                if found is None:
                    continue
                value = objective_of(enc.model, found)
                if value < outcome.best.objective and (
                    best_here is None or value < best_here.objective
                ):
                    best_here = Incumbent(found, value)
            reached = best_here or outcome.best
            if polish is not None and not _unplaced(enc, reached):
                polished = polish(reached, seeds[0], deadline)
                if polished is None:  # the clock cut the local search: the round does not count
                    outcome.stopped_by = "time limit"
                    break
                if polished.objective < reached.objective:
                    best_here = polished
                    outcome.polished += 1
            outcome.rounds += 1
            outcome.deterministic_time += sum(spent for _, _, spent, _ in results)
            for (_, optimal, _, _), free in zip(results, frees):
                hoods.adapt(optimal)
                if optimal and len(free) == len(enc.forum.sessions):
                    outcome.proven_optimal = True
            idle = 0 if best_here is not None else idle + 1
            left = _unplaced(enc, best_here or outcome.best)
            stuck = stuck + 1 if left and left >= _unplaced(enc, outcome.best) else 0
            if best_here is not None:
                outcome.source = (
                    "local search" if best_here is not reached else "neighbourhood search"
                )
                outcome.best = best_here
                outcome.improvements += 1
                if on_improve:
                    on_improve(best_here.objective)
            if outcome.proven_optimal:
                outcome.stopped_by = "proven optimal"
                break
            # Left unplaced (a cap, a hard edit), a session gets a few more tries, not the
            # whole extension: a re-solve answers in seconds either way.
            patience = RESOLVE_PATIENCE * (4 if _unplaced(enc, outcome.best) else 1)
            if resolving and idle >= patience:
                outcome.stopped_by = "no improvement"
                break
    if full is not None:
        full.halt()
        _merge_full(outcome, full, enc)
    elif outcome.proven_optimal:
        outcome.bound = outcome.best.objective
    return outcome


def _merge_full(outcome: SearchOutcome, full: _FullSolve, enc) -> None:
    """Take the full solve's bound. Its programme is taken only when the neighbourhoods left
    a session unplaced and it did not: its result depends on the wall clock, so taking it
    otherwise would make runs differ."""
    if outcome.proven_optimal:
        outcome.bound = outcome.best.objective
        return
    outcome.bound = full.bound
    if outcome.bound is not None and outcome.best.objective <= outcome.bound:
        outcome.proven_optimal = True
    if (
        full.values is not None
        and full.objective < outcome.best.objective
        and _unplaced(enc, outcome.best) > _unplaced(enc, Incumbent(full.values))
    ):
        outcome.best = Incumbent(full.values, full.objective)
        outcome.source = "full solve"
        outcome.proven_optimal = full.objective <= full.bound


def _unplaced(enc, incumbent: Incumbent) -> int:
    if incumbent.placed is not None:
        return len(enc.forum.sessions) - len(incumbent.placed)
    values = incumbent.values
    return sum(1 for lit in enc.placed.values() if not values[lit.index])
