"""The engine's figures on five forum shapes: first valid programme, objective, bound, memory.

    python benchmarks/engine.py [--limit 60] [--shapes sample frozen 300 1000 dense 2500]

Each shape is solved by the command (`solve --time-limit LIMIT --workers 2`) in a fresh
process; the figures come from its report.json and from the peak resident memory of the
command's processes. The shapes (all generated forums are feasible by construction):
- sample: the WSIS Forum 2026 sample, every goal at its default weight;
- frozen: the sample as it was before it gained standard starts and a room changeover
  (benchmarks/forums/), kept so that figures stay comparable when the sample changes;
- 300: a generated forum of 300 sessions over 5 days;
- 1000: 1,000 sessions, 64 rooms, 5 days;
- dense: a two-day conference of 950 talks of 15-45 minutes with 1,000 speakers, most of
  them with one talk (the shape of a large open-source conference); the generator's day
  frame (09:00-18:00, a lunch break, gaps between talks) needs 89 rooms for them;
- 2500: 2,500 sessions, 150 rooms, 5 days.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from forumgen import generate_forum, write_xlsx
from test_budgets import run as measured_run

from forum_scheduler.samples import sample_inputs

SHAPES = {
    "300": dict(n_sessions=300, seed=1),
    "1000": dict(n_sessions=1000, seed=1, n_rooms=64),
    "dense": dict(
        n_sessions=950,
        seed=1,
        days=2,
        n_facilitators=1000,
        utilisation=0.9,
        durations=((15, 30), (30, 50), (45, 20)),
    ),
    "2500": dict(n_sessions=2500, seed=1, n_rooms=150),
}


def inputs(shape: str, folder: Path) -> list[Path]:
    if shape == "sample":
        return list(sample_inputs())
    if shape == "frozen":
        return [
            HERE / "forums" / "wsis-forum-frozen.xlsx",
            HERE / "forums" / "wsis-forum-frozen-constraints.xlsx",
        ]
    path = folder / f"{shape}.xlsx"
    write_xlsx(generate_forum(**SHAPES[shape]), path)
    return [path]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=float, default=60)
    parser.add_argument("--shapes", nargs="*", default=["sample", "frozen", "300", "1000", "dense"])
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    print(
        "| forum | variables | first valid (s) | status | objective | best bound | "
        "rounds | wall (s) | peak memory (MB) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for shape in args.shapes:
        out = folder / f"out-{shape}"
        code, output, wall, peak = measured_run(
            "solve",
            *inputs(shape, folder),
            "--out",
            out,
            "--time-limit",
            args.limit,
            "--workers",
            2,
            "--no-explain",
            timeout=args.limit * 4 + 600,
        )
        reports = list(out.glob("*/report.json"))
        if not reports:  # no schedule: the summary says how many sessions were placed
            said = next((line.strip() for line in output.splitlines() if " placed" in line), "")
            print(f"| {shape} | | | exit {code}: {said} | | | | {wall:.1f} | {peak} |", flush=True)
            continue
        r = json.loads(reports[0].read_text())
        unplaced = f" ({len(r['unplaced'])} unplaced)" if r["unplaced"] else ""
        print(
            f"| {shape} | {r['model'].get('variables')} | {r['first_solution_seconds']} | "
            f"{r['status']}{unplaced} | {r['objective']} | {r['best_bound']} | "
            f"{r['effort']['rounds']} of {r['effort']['planned_rounds']} | {wall:.1f} | {peak} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
