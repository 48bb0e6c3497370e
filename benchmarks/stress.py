"""Many random forums, schedulable by construction: each must get a valid schedule.

    python benchmarks/stress.py [--count 40] [--seed 7] [--limit 2]

Prints the forums that got no schedule (there should be none) and how many sessions the
greedy left for the search to place.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from forumgen import generate_forum, write_csv_folder  # noqa: E402

from forum_scheduler import check_programme, load_forum, solve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=float, default=2)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures, left = [], 0
    for i in range(args.count):
        n, seed, days = rng.randint(20, 45), rng.randint(0, 10_000), rng.choice([3, 4, 5])
        folder = Path(tempfile.mkdtemp()) / f"forum-{i}"
        write_csv_folder(generate_forum(n, seed=seed, days=days), folder)
        forum = load_forum([folder])
        result = solve(forum, time_limit=args.limit)
        left += n - result.hint_placed
        valid = result.is_schedule and check_programme(forum, result.programme).ok
        if not valid:
            failures.append((n, seed, days, result.status, result.unplaced))
    print(
        f"{args.count} forums, {len(failures)} without a valid schedule: {failures}; "
        f"the greedy left {left} sessions for the search to place"
    )


if __name__ == "__main__":
    main()
