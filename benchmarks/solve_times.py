"""Solve the sample forum and generated forums; print the figures recorded in BENCHMARKS.md.

    python benchmarks/solve_times.py [--limit 60] [--workers 2] [--sizes 300] [--seeds 1]

For each forum: model size, time to the first valid programme (the greedy, completed), the
objective and the best bound at the time limit (the larger of CP-SAT's and the goals' own
lower bounds), the gap, the wall time, and the search rounds done and planned.
Every programme is re-checked by the independent checker.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from forumgen import generate_forum, write_xlsx

from forum_scheduler import check_programme, load_forum, sample_inputs, solve


def forums(sizes, seeds):
    yield "sample (WSIS Forum 2026)", load_forum(sample_inputs())
    folder = Path(tempfile.mkdtemp())
    for n in sizes:
        for seed in seeds:
            path = folder / f"forum-{n}-{seed}.xlsx"
            write_xlsx(generate_forum(n, seed=seed), path)
            yield f"generated {n} sessions, seed {seed}", load_forum([path])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sizes", type=int, nargs="*", default=[300])
    parser.add_argument("--seeds", type=int, nargs="*", default=[1])
    args = parser.parse_args()
    print(
        "| forum | sessions | variables | first valid (s) | objective at limit | best bound "
        "| gap | wall (s) | rounds done / planned | status | check |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    goals = []
    for name, forum in forums(args.sizes, args.seeds):
        start = time.monotonic()
        result = solve(forum, time_limit=args.limit, seed=args.seed, workers=args.workers)
        wall = time.monotonic() - start
        ok = result.programme is not None and check_programme(forum, result.programme).ok
        gap = "n/a" if result.gap is None else f"{100 * result.gap:.1f}%"
        bound = "n/a" if result.best_bound is None else f"{result.best_bound:.0f}"
        first = "n/a" if result.first_solution_time is None else f"{result.first_solution_time:.1f}"
        goals.append((name, forum, result))
        print(
            f"| {name} | {len(forum.sessions)} | {result.model_size.get('variables', 0)} | "
            f"{first} | {result.objective} | {bound} | {gap} | {wall:.1f} | "
            f"{result.effort} / {result.planned_effort} | {result.status} | "
            f"{'valid' if ok else 'INVALID'} |",
            flush=True,
        )

    print_goals(goals)


def print_goals(runs) -> None:
    """Each soft goal's measure at the limit, beside the lower bound of its penalty that needs
    no solver (forum_scheduler/bounds.py), both weighted."""
    from forum_scheduler.constraints.registry import SOFT

    print("\n| forum | goal | weight | penalty at the limit | lower bound of the penalty |")
    print("|---|---|---|---|---|")
    for name, forum, result in runs:
        if result.check is None:
            continue
        for goal in SOFT:
            penalty = result.check.penalty(goal.id)
            weight = forum.weight(goal.weight_key, goal.default_weight)
            floor = result.goal_floors.get(goal.id, 0)
            print(f"| {name} | {goal.id} | {weight} | {penalty.weighted} | {floor} |")


if __name__ == "__main__":
    main()
