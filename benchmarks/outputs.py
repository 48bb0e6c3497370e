"""How long writing every output takes (write_outputs: CSV, workbook, calendars, session files,
web page, report, publish state), against the time a solve keeps free for it (writing_seconds).

    python benchmarks/outputs.py [--load] [SIZES ...]      (default: 1000 2500)

The sample is solved first (--effort 0: the outputs do not depend on how good the programme
is); a generated forum is written with the timetable it was built around (tests/forumgen.py).
Each folder is written twice into the same output root (the second publish continues the
first: history, SEQUENCE), and both times are shown. With --load, two busy processes keep both
cores occupied meanwhile, as on a shared CI machine.
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import generated_with_timetable

from forum_scheduler import build_report, load_forum, sample_inputs, solve
from forum_scheduler.export import write_outputs, writing_seconds

PUBLISH = datetime(2026, 3, 1, tzinfo=UTC)


def _busy() -> None:
    while True:
        pass


def measure(label: str, forum, programme, report: dict) -> None:
    root = Path(tempfile.mkdtemp())
    times = []
    for i in range(2):
        started = time.perf_counter()
        folder = write_outputs(forum, programme, root, report, PUBLISH + timedelta(hours=i))
        times.append(time.perf_counter() - started)
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(
        f"{label}: {len(programme.placements)} sessions, {len(forum.rooms)} rooms: "
        f"first {times[0]:.1f} s, again {times[1]:.1f} s; "
        f"kept free {writing_seconds(forum):.1f} s; "
        f"{files} files, {size / 1e6:.1f} MB",
        flush=True,
    )


def main(args: list[str]) -> None:
    load = "--load" in args
    sizes = [int(a) for a in args if a != "--load"] or [1000, 2500]
    workers = [multiprocessing.Process(target=_busy, daemon=True) for _ in range(2 if load else 0)]
    for w in workers:
        w.start()
    try:
        forum = load_forum(sample_inputs())
        result = solve(forum, effort=0, workers=1)
        report = build_report(forum, result)
        measure("sample", forum, result.programme, report)
        for n in sizes:
            generated, programme = generated_with_timetable(n)
            measure(f"{n} sessions", generated, programme, report)
    finally:
        for w in workers:
            w.terminate()


if __name__ == "__main__":
    main(sys.argv[1:])
