"""Build the model from every registered constraint, hint it with the greedy, solve, verify."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from ..bounds import goal_floors
from ..budget import Deadline
from ..check import CheckReport, check_programme
from ..constraints.base import Options, Violation, weight_of
from ..constraints.changes import held_place
from ..constraints.registry import CONSTRAINTS, SOFT
from ..domain import Forum, Placement, Programme
from ..errors import ForumInputError, InputIssue
from . import local
from .encoding import Encoding
from .greedy import greedy_programme
from .precheck import unplaceable
from .search import NO_DEADLINE, Incumbent, objective_of, rounds_for, search

STATUSES = ("optimal", "feasible", "infeasible", "incomplete", "unknown", "invalid")


@dataclass(frozen=True)
class Progress:
    """One improving programme found during the search (objective as the solver counts it)."""

    seconds: float
    objective: int


@dataclass
class SolveResult:
    """What a solve returns. `status` says whether `programme` is a schedule.

    optimal / feasible: every session placed, every hard rule checked; infeasible: proven that
    not every session can be placed; incomplete: some sessions could not be placed in the time
    limit; unknown: no programme found; invalid: the checker rejected the solver's programme.
    """

    status: str
    programme: Programme | None = None
    check: CheckReport | None = None
    objective: int | None = None  # recomputed by the independent checker
    solver_objective: int | None = None
    solver_penalties: dict[str, int] = field(default_factory=dict)  # per soft goal, as solved
    best_bound: float | None = None
    wall_time: float = 0.0
    first_solution_time: float | None = None
    hint_placed: int = 0
    unplaced: tuple[str, ...] = ()
    reasons: tuple[Violation, ...] = ()
    progress: list[Progress] = field(default_factory=list)
    model_size: dict[str, int] = field(default_factory=dict)
    # What decides the programme (seed, workers, effort...): the same gives the same programme.
    parameters: dict[str, object] = field(default_factory=dict)
    # The work done: rounds (the effort), rounds planned, CP-SAT's deterministic time.
    effort: int = 0
    planned_effort: int = 0
    deterministic_time: float = 0.0
    stopped_by: str = ""  # planned work done, time limit, proven optimal, no improvement...
    # Per soft goal, the weighted penalty no programme can go below (bounds.py); best_bound is
    # the larger of their sum and CP-SAT's own bound (`solver_bound`).
    goal_floors: dict[str, int] = field(default_factory=dict)
    solver_bound: float | None = None
    time_limit: float | None = None  # the wall-clock promise kept, None without one
    phases: dict[str, float] = field(default_factory=dict)  # wall seconds of each step

    @property
    def is_schedule(self) -> bool:
        return self.status in ("optimal", "feasible")

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.best_bound is None:
            return None
        if self.objective == 0:
            return 0.0
        return max(0.0, (self.objective - self.best_bound) / abs(self.objective))


def solve_forum(
    forum: Forum,
    *,
    time_limit: float | None = None,
    effort: int | None = None,
    seed: int = 0,
    workers: int = 2,
    on_progress: Callable[[Progress], None] | None = None,
    started: float | None = None,
    reserve: float = 0.0,
) -> SolveResult:
    """Solve `forum`; never raises on an infeasible forum: the status says what happened.

    `time_limit` (seconds, wall clock) is a promise: the solve returns by then, `reserve`
    seconds earlier still, to leave the caller time to write the outputs; `started` is when the
    clock started (time.monotonic(); default: now), so that reading the input counts too.
    Without a time limit the Forum sheet's applies, unless `effort` is given: then the search
    does exactly that many rounds, however long they take. `effort` (rounds of the search,
    default: planned from the time limit and the model's size) fixes the work, so that the
    same input, seed, workers and effort give the same programme on any machine.
    """
    clock_start = time.monotonic() if started is None else started
    if time_limit is None and effort is None:
        time_limit = forum.settings.time_limit_seconds
    deadline = Deadline.after(time_limit, clock_start)
    phases: dict[str, float] = {}
    lap = _Lap(phases)
    _require_whole_slots(forum)
    reasons = unplaceable(forum)
    lap("pre-checks")
    if reasons:
        return SolveResult(
            "infeasible",
            reasons=tuple(reasons),
            unplaced=tuple(sorted({s for r in reasons for s in r.sessions})),
            wall_time=time.monotonic() - clock_start,
            time_limit=time_limit,
            phases=phases,
        )
    enc = Encoding(forum, list(CONSTRAINTS), variables=False)
    weights = {c.weight_key: weight_of(forum, c) for c in SOFT}
    hint = _within_cap(forum, greedy_programme(enc, weights, _published_places(forum)))
    lap("greedy")
    # A complete greedy programme that the independent checker accepts is the first valid
    # programme, before the model is built (most of the time to a first programme).
    early = _checked_first(forum, hint, clock_start)
    # A model too large to build and search in time is not built: the local search alone
    # improves the checked programme (CP-SAT neighbourhoods would cost tens of seconds each).
    improvable = local.can_improve(forum)  # no local search when re-solving
    model_free = early is not None and improvable and enc.size_estimate() > MODEL_FREE_VARIABLES
    if not model_free:
        enc.make_variables()
        for constraint in CONSTRAINTS:
            constraint.encode(enc)
        big = _unplaced_cost(enc)
        enc.model.minimize(
            sum(expr for _, expr in enc.objective) + big * sum(1 - p for p in enc.placed.values())
        )
        lap("model")
    # The greedy keeps every hard rule; should the model still refuse its programme, the
    # search starts from nothing placed, which the model always accepts. On a large model, a
    # programme the checker accepted is completed into the model's values only when CP-SAT
    # needs them (on a small one at once: it costs little and hints the whole-model thread).
    variables = enc.size_estimate() if model_free else len(enc.model.proto.variables)
    lazy = model_free or (early is not None and improvable and variables > EAGER_VARIABLES)
    if lazy:
        complete = None if model_free else partial(_complete, enc, seed=seed)
        nothing = Incumbent(placed={}, complete=complete)
        start = Incumbent(
            placed=hint, objective=early.objective, complete=complete, fallback=nothing
        )
        first_time = early.seconds
        lap("first programme")
        # The final programme's completion, estimated (pessimistic already, so kept once).
        settling = 0.0 if model_free else COMPLETING_PER_VARIABLE * variables
    else:
        start = _complete(enc, hint, seed, deadline=deadline) or _complete(
            enc, {}, seed, deadline=deadline
        )
        settling = 2 * lap("first programme")  # as long as the first, twice over for load
        first_time = time.monotonic() - clock_start
        if early is not None and start is not None and early.objective == start.objective:
            first_time = early.seconds
    if start is None:  # the clock ran out before even a first programme was complete
        return SolveResult(
            "unknown",
            wall_time=first_time,
            hint_placed=len(hint),
            stopped_by="time limit",
            time_limit=time_limit,
            phases=phases,
        )
    progress = [Progress(first_time, start.objective)]
    if on_progress:
        on_progress(progress[0])

    def improved(objective: int) -> None:
        item = Progress(time.monotonic() - clock_start, objective)
        progress.append(item)
        if on_progress:
            on_progress(item)

    # Keep time for the last steps: settling the final programme (about as long as the first
    # was, planned at 3e-5 s per variable), the check, and what the caller asked to keep
    # (writing the outputs).
    kept = reserve + FINAL_STEPS
    every = 1 + variables // NEIGHBOURHOOD_VARIABLES if improvable else 1
    if model_free:
        every = NEVER
    if effort is None:
        planned = rounds_for(
            time_limit,
            variables,
            kept if model_free else kept + 3e-5 * variables,
            every,
            model=not model_free,
        )
    else:
        planned = effort
    search_deadline = deadline.sooner(kept + settling)
    outcome = search(
        enc,
        start,
        seed=seed,
        workers=workers,
        rounds=planned,
        extend=effort is None,
        deadline=search_deadline,
        on_improve=improved,
        polish=partial(_polish, enc, model_free) if improvable else None,
        neighbourhood_every=every,
        whole_model=not model_free and variables <= WHOLE_MODEL_VARIABLES,
        completing=COMPLETING_PER_VARIABLE * variables,
    )
    lap("search")
    result = SolveResult(
        "unknown",
        wall_time=time.monotonic() - clock_start,
        hint_placed=len(hint),
        progress=progress,
        first_solution_time=first_time,
        model_size=(
            {"variables": 0, "constraints": 0, "built": False}
            if model_free
            else {"variables": variables, "constraints": len(enc.model.proto.constraints)}
        ),
        parameters={
            "seed": seed,
            "workers": workers,
            "effort": outcome.rounds,
            "improvements": outcome.improvements,
            "found_by": outcome.source,
        },
        effort=outcome.rounds,
        planned_effort=outcome.planned,
        deterministic_time=round(outcome.deterministic_time, 3),
        stopped_by=outcome.stopped_by,
        time_limit=time_limit,
        phases=phases,
    )
    if outcome.best.placed is not None:  # found by the local search, never completed
        placed = outcome.best.placed
        programme = Programme(
            tuple(placed[s.session_id] for s in forum.sessions if s.session_id in placed)
        )
    else:
        programme = _programme(enc, outcome.best.values)
    if forum.baseline is not None:
        programme = _undo_needless_moves(forum, programme)
    # Settle every auxiliary variable at its least value for this programme, so that the
    # solver's objective is exactly what the independent checker counts. Without a model,
    # the engine's count is the local search's (its groupings).
    if model_free:
        result.solver_penalties.update(local.grouped_penalties(forum, programme.by_session))
        final = outcome.best
    else:
        final = (
            _complete(enc, programme.by_session, seed, result.solver_penalties, deadline=deadline)
            or outcome.best
        )
    if progress[-1].objective != final.objective:
        # Settling the auxiliaries (or putting back needless moves) lowered the objective that
        # the search's last line showed: show the one the summary will say.
        improved(final.objective)
    placed = {p.session_id for p in programme.placements}
    result.unplaced = tuple(
        sorted(s.session_id for s in forum.sessions if s.session_id not in placed)
    )
    result.programme = programme
    result.solver_objective = final.objective
    result.solver_bound = outcome.bound
    result.check = check_programme(forum, programme)
    result.goal_floors = goal_floors(forum, Options(enc.candidates, enc.rooms))
    lap("final check")
    result.wall_time = time.monotonic() - clock_start
    if result.unplaced:
        result.status = "infeasible" if outcome.proven_optimal else "incomplete"
        return result
    result.objective = result.check.objective
    # Every penalty is at least its goal's floor, so their sum bounds the objective too (and
    # lifts a weak bound of CP-SAT's; a re-solve has none of its own).
    result.best_bound = max(sum(result.goal_floors.values()), outcome.bound or 0)
    proven = outcome.proven_optimal or result.objective <= result.best_bound
    result.status = "optimal" if proven else "feasible"
    if not result.check.ok:
        result.status = "invalid"
    return result


# Past this many variables (estimated, see Encoding.size_estimate) the model is not built when
# the construction's programme is valid: 2,500 sessions make 520,000 variables, 30 s to build,
# 4.6 GB, and every completion of a programme into it 28 s. The local search alone improves
# the programme.
MODEL_FREE_VARIABLES = 300_000
NEVER = 10**9
# Past this many variables no CP-SAT thread works on the whole model for a bound: measured, its
# bound stayed below the goals' own floors from 300 sessions on (0 at 1,000), and copying the
# model costs memory (1,000 sessions: 2.0 GB with it).
WHOLE_MODEL_VARIABLES = 100_000

# A CP-SAT neighbourhood every round up to this many variables, then one round in 2, 3...: its
# cost grows with the model (about 16 s a round at 150,000 variables), the moves' hardly.
NEIGHBOURHOOD_VARIABLES = 50_000

# Up to this many variables the construction's programme is completed into the model at once.
EAGER_VARIABLES = 50_000

# Seconds per variable that completing a programme into the model's values takes (measured:
# 10 s at 150,000 variables), kept for the final one when the first was not needed.
COMPLETING_PER_VARIABLE = 7e-5

# Moves of the local search that end each round of the search (about a second on the sample).
LOCAL_MOVES = 10_000

# Seconds kept after the search for the last steps besides settling the programme (the
# independent check, the report), on top of what the caller reserves for writing.
FINAL_STEPS = 0.5


class _Lap:
    """Records the wall seconds of each step of a solve; returns the last step's."""

    def __init__(self, phases: dict[str, float]):
        self.phases, self.last = phases, time.monotonic()

    def __call__(self, name: str) -> float:
        now = time.monotonic()
        seconds, self.last = now - self.last, now
        self.phases[name] = round(seconds, 3)
        return seconds


def _published_places(forum: Forum) -> list[Placement]:
    """Where the re-solve starts from: the baseline's places of the forum's sessions, locked
    ones first, then by time; then, for a session the planner moved by hand, the place its
    calendars hold, should the edited place no longer hold."""
    if forum.baseline is None:
        return []
    known = [e for e in forum.baseline.entries if e.session_id in forum.session_by_id]
    known.sort(
        key=lambda e: (e.session_id not in forum.locked_places, e.day, e.start, e.session_id)
    )
    places = [Placement(e.session_id, e.day, e.start, e.room_id) for e in known]
    return places + [p for sid in sorted(forum.session_by_id) if (p := _calendar_place(forum, sid))]


def _calendar_place(forum: Forum, session_id: str) -> Placement | None:
    """The place the calendars hold for a session moved by hand in the programme given (and
    not locked there), else None."""
    held = held_place(forum, session_id)
    return None if held is None else Placement(session_id, held.day, held.start, held.room_id)


def _undo_needless_moves(forum: Forum, programme: Programme) -> Programme:
    """Put back every moved session whose move gains nothing: at its place in the programme
    the re-solve started from, or else where its calendars hold it.

    A neighbourhood that improves the programme as a whole may carry along a move that is
    neutral on its own; a planner would rather not tell that session's facilitators. And a
    hand edit that broke a rule is best undone to what the calendars already show. Judged by
    the independent checker: the result keeps every hard rule and costs no more."""
    current = check_programme(forum, programme)
    if not current.ok:
        return programme
    best = current.objective
    changed = True
    while changed:
        changed = False
        places = programme.by_session
        for entry in forum.baseline.entries:
            p = places.get(entry.session_id)
            if p is None or (p.day, p.start, p.room_id) == (entry.day, entry.start, entry.room_id):
                continue
            options = [Placement(entry.session_id, entry.day, entry.start, entry.room_id)]
            held = _calendar_place(forum, entry.session_id)
            if held is not None and (held.day, held.start, held.room_id) != (
                p.day,
                p.start,
                p.room_id,
            ):
                options.append(held)
            for back in options:
                trial = Programme(
                    tuple(
                        back if q.session_id == entry.session_id else q
                        for q in programme.placements
                    )
                )
                report = check_programme(forum, trial)
                if report.ok and report.objective <= best:
                    programme, best, changed = trial, report.objective, True
                    places = programme.by_session
                    break
    return programme


def _within_cap(forum: Forum, hint: dict[str, Placement]) -> dict[str, Placement]:
    """The greedy's programme with moves beyond --max-changes left unplaced, so that the
    model accepts it as a start (an unplaced session does not count against the cap)."""
    cap = forum.baseline.max_changes if forum.baseline else None
    if cap is None:
        return hint
    published = forum.baseline.by_session
    kept, moved = {}, 0
    for sid, p in hint.items():
        entry = published.get(sid)
        if entry is not None and (p.day, p.start, p.room_id) != (
            entry.day,
            entry.start,
            entry.room_id,
        ):
            moved += 1
            if moved > cap:
                continue
        kept[sid] = p
    return kept


def _require_whole_slots(forum: Forum) -> None:
    """The model counts time in slots: a duration must fill whole slots (the workbook reader
    says so too; this guards forums built in Python)."""
    slot = forum.settings.slot_minutes
    issues = [
        InputIssue(
            f"{s.session_id} lasts {s.duration} minutes, not a multiple of slot_minutes ({slot})",
            "Sessions",
            s.row,
            "duration_minutes",
        )
        for s in forum.sessions
        if s.duration % slot
    ]
    if issues:
        raise ForumInputError(issues)


def _unplaced_cost(enc) -> int:
    """More than every soft penalty together, so that placing a session always wins."""
    return enc.upper_bound_of_costs() + 1


def _add_hint(enc, hint: dict[str, Placement]) -> None:
    m = enc.model
    m.clear_hints()  # a variable hinted twice makes the model invalid
    # The placement literals straight into the proto, in bulk: one add_hint per literal costs
    # seconds on a large model.
    indexes, values = [], []
    for sid, ys in enc.y.items():
        p = hint.get(sid)
        indexes.append(enc.placed[sid].index)
        values.append(int(p is not None))
        for (day, minute), lit in ys.items():
            indexes.append(lit.index)
            values.append(int(p is not None and (p.day, p.start) == (day, minute)))
        for room_id, lit in enc.z[sid].items():
            indexes.append(lit.index)
            values.append(int(p is not None and p.room_id == room_id))
    m.proto.solution_hint.vars.extend(indexes)
    m.proto.solution_hint.values.extend(values)
    for settle in enc.settlers:
        for var, value in settle(hint):
            m.add_hint(var, value)


def _complete(
    enc,
    placements: dict[str, Placement],
    seed: int = 0,
    penalties: dict[str, int] | None = None,
    deadline: Deadline = NO_DEADLINE,
) -> Incumbent | None:
    """Every variable's best value with the sessions held at `placements`.

    Used on the greedy's programme to make a complete hint (CP-SAT starts from a complete,
    feasible hint at once but struggles with a partial one, BENCHMARKS.md), and on the final
    programme. With the placements fixed the rest follows in a fraction of a second.
    """
    from ortools.sat.python import cp_model

    _add_hint(enc, placements)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.fix_variables_to_their_hinted_value = True
    params.num_workers = 1
    params.random_seed = seed
    params.max_deterministic_time = 5.0
    params.max_time_in_seconds = deadline.seconds(1e7)
    params.cp_model_presolve = False
    status = solver.solve(enc.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    values = list(solver.response_proto.solution)
    if penalties is not None:  # each goal's share of the objective, for the report and tests
        for constraint_id, expression in enc.objective:
            penalties[constraint_id] = penalties.get(constraint_id, 0) + int(
                solver.value(expression)
            )
    return Incumbent(values, objective_of(enc.model, values))


def _checked_first(forum: Forum, hint: dict[str, Placement], clock_start: float):
    """When the greedy placed every session and every hard rule holds by the checker: the
    time and objective of that first valid programme, else None."""
    if len(hint) < len(forum.sessions):
        return None
    report = check_programme(forum, Programme(tuple(hint.values())))
    if not report.ok:
        return None
    return Progress(time.monotonic() - clock_start, report.objective)


def _polish(
    enc, model_free: bool, incumbent: Incumbent, seed: int, deadline: Deadline
) -> Incumbent | None:
    """The local search's moves from the incumbent (`local.py`), taken back into the model:
    the model re-derives every auxiliary variable and so verifies the programme and its
    objective. None when the deadline cut the moves short."""
    placed = incumbent.placed
    if placed is None:
        placed = _programme(enc, incumbent.values).by_session
    found = local.improve(enc, placed, seed=seed, moves=LOCAL_MOVES, deadline=deadline)
    if found is None:
        return None
    best, value, start = found
    if value >= start:
        return incumbent
    complete = None if model_free else partial(_complete, enc, seed=seed)
    return Incumbent(placed=best, objective=value, complete=complete, fallback=incumbent)


def _programme(enc, values: list[int]) -> Programme:
    placements = []
    for sid, ys in enc.y.items():
        if not values[enc.placed[sid].index]:
            continue
        day, minute = next(key for key, lit in ys.items() if values[lit.index])
        room = next(r for r, lit in enc.z[sid].items() if values[lit.index])
        placements.append(Placement(sid, day, minute, room))
    return Programme(tuple(placements))
