"""What standard session starts and room changeover cost on the sample.

    python benchmarks/time_structure.py [--limit 60] [--workers 2]

Solves the bundled sample four ways at the same time limit: as it is (standard starts and 15
minutes of changeover), with either rule switched off, and with both off. For each: the model's
size, the objective at the limit, the goals' lower bound, the rounds done, the wall time, the
number of distinct start times of the parallel sessions, the same-room handovers with less
than 15 minutes between them, and whether the independent checker accepts the programme
against the sample as it is (both rules on).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from dataclasses import replace

from common import sample_and_generated

from forum_scheduler import check_programme, solve


def handovers(forum, programme, gap: int) -> int:
    """Pairs of consecutive sessions in one room and day with less than `gap` minutes between."""
    by_room = defaultdict(list)
    for p in programme.placements:
        by_room[(p.room_id, p.day)].append(
            (p.start, p.start + forum.session_by_id[p.session_id].duration)
        )
    short = 0
    for items in by_room.values():
        items.sort()
        short += sum(1 for (_, end), (start, _) in zip(items, items[1:]) if start - end < gap)
    return short


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    _, sample = next(sample_and_generated([]))
    variants = [
        ("standard starts and 15 min changeover (the sample)", sample),
        (
            "standard starts, no changeover",
            replace(sample, settings=replace(sample.settings, room_changeover_minutes=0)),
        ),
        (
            "changeover, any start",
            replace(sample, settings=replace(sample.settings, session_starts=())),
        ),
        (
            "neither",
            replace(
                sample,
                settings=replace(sample.settings, session_starts=(), room_changeover_minutes=0),
            ),
        ),
    ]
    print(
        "| variant | variables | objective | lower bound | rounds | wall (s) | parallel start "
        "times | handovers under 15 min | valid for the sample |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, forum in variants:
        start = time.monotonic()
        result = solve(forum, time_limit=args.limit, workers=args.workers)
        wall = time.monotonic() - start
        starts = {
            p.start
            for p in result.programme.placements
            if not forum.session_by_id[p.session_id].is_plenary
        }
        valid = check_programme(sample, result.programme).ok
        print(
            f"| {name} | {result.model_size['variables']:,} | {result.objective:,} | "
            f"{sum(result.goal_floors.values()):,} | {result.effort} | {wall:.1f} | "
            f"{len(starts)} | {handovers(forum, result.programme, 15)} | "
            f"{'yes' if valid else 'no'} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
