"""The greedy first programme on generated forums: how many sessions it places, how fast.

python benchmarks/greedy.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from forumgen import generate_forum, write_xlsx

from forum_scheduler import check_programme, load_forum
from forum_scheduler.constraints.registry import CONSTRAINTS
from forum_scheduler.domain import Programme
from forum_scheduler.model.encoding import Encoding
from forum_scheduler.model.greedy import greedy_programme

CASES = [
    (50, 1, {}),
    (120, 2, {}),
    (150, 3, {}),
    (200, 4, {}),
    (250, 5, {}),
    (300, 1, {}),
    (300, 2, {}),
    (1000, 1, {"n_rooms": 64}),
    (2500, 1, {"n_rooms": 150}),
]
# The dense two-day conference of benchmarks/engine.py.
DENSE = dict(
    seed=1, days=2, n_facilitators=1000, utilisation=0.9, durations=((15, 30), (30, 50), (45, 20))
)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    print(
        "| sessions, seed | placed by the greedy | hard rules broken by what it placed | time (s) |"
    )
    print("|---|---|---|---|")
    for n, seed, shape in CASES + [(950, 1, DENSE)]:
        path = folder / f"forum-{n}-{seed}.xlsx"
        write_xlsx(generate_forum(n, **{"seed": seed, **shape}), path)
        forum = load_forum([path])
        encoding = Encoding(forum, list(CONSTRAINTS), variables=False)
        start = time.monotonic()
        placed = greedy_programme(encoding, {"theme_clash": 10, "room_fit": 1})
        seconds = time.monotonic() - start
        report = check_programme(forum, Programme(tuple(placed.values())))
        broken = [v for v in report.violations if "is not placed" not in v.message]
        print(f"| {n}, {seed} | {len(placed)} / {n} | {len(broken)} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
