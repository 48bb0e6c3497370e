"""How long programme.xlsx takes to write, and how large it is, for the sample and large forums.

    python benchmarks/workbook.py [SIZES ...]      (default: 2500)

The sample is solved first (its first programme, --effort 0: the workbook does not depend on
how good the programme is); a generated forum is written with the timetable it was built
around (tests/forumgen.py), so no solve is needed at any size. Each workbook is written a few
times and the best time is kept, since other processes share the machine.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from common import generated_with_timetable

from forum_scheduler import build_report, load_forum, sample_inputs, solve
from forum_scheduler.export import RUN_ONLY_KEYS
from forum_scheduler.export import write_xlsx as write_programme
from forum_scheduler.export.day_grids import grid_scales

PUBLISH = datetime(2026, 3, 1, tzinfo=UTC)


def measure(label: str, forum, programme, report: dict, runs: int) -> None:
    path = Path(tempfile.mkdtemp()) / "programme.xlsx"
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        write_programme(forum, programme, path, report, publish_time=PUBLISH)
        times.append(time.perf_counter() - started)
    scales = grid_scales(forum, programme)
    print(
        f"{label}: {len(programme.placements)} sessions, {len(forum.rooms)} rooms: "
        f"best {min(times):.2f} s of {runs}, {path.stat().st_size / 1024:,.0f} KiB, "
        f"day grids at {min(scales):.2f}-{max(scales):.2f} of full size on "
        f"{forum.settings.paper_size}"
    )


def main(sizes: list[int]) -> None:
    forum = load_forum(sample_inputs())
    result = solve(forum, effort=0, workers=1)
    report = {k: v for k, v in build_report(forum, result).items() if k not in RUN_ONLY_KEYS}
    measure("sample", forum, result.programme, report, runs=3)
    for n in sizes:
        generated, programme = generated_with_timetable(n)
        measure(f"{n} sessions", generated, programme, report, runs=2)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2500])
