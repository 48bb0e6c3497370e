"""Hostile inputs against the command's budgets: time to the answer and peak memory.

    python benchmarks/hostile.py [--limit 10] [--memory 2048]

Each case runs `python -m forum_scheduler` in a subprocess with `--time-limit LIMIT
--memory-limit MEMORY` and measures the wall time and the peak resident memory of the
command's processes (the watching parent and its child): a forum of 50,000 sessions, the
same with `explain --time-limit 5`, 1,000 sessions that the week cannot hold, and the sample
with a stray cell at XFD1048576 of another sheet and far to the right of a contract sheet.
Then the peak memory of `solve --effort 1` on generated forums of growing size (--sizes), the
figure the default memory limit (3/4 of the machine's memory) is weighed against.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from forumgen import generate_forum, write_xlsx
from test_budgets import forum_sheets, workbook
from test_budgets import run as measured_run

from forum_scheduler.samples import sample_inputs


def run(*args, timeout=120) -> tuple[int, float, int, str]:
    """(exit code, wall seconds, peak MB, last line of output)."""
    code, output, wall, peak = measured_run(*args, timeout=timeout)
    last = output.strip().splitlines()
    return code, wall, peak, last[-1][:110] if last else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=float, default=10)
    parser.add_argument("--memory", type=int, default=2048)
    parser.add_argument("--sizes", type=int, nargs="*", default=[150, 300, 600])
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    limits = ("--time-limit", args.limit, "--memory-limit", args.memory, "--quiet")
    (folder / "huge").mkdir()
    (folder / "tight").mkdir()
    huge = workbook(folder / "huge", forum_sheets(50_000, 10))
    tight = workbook(folder / "tight", forum_sheets(1_000, 10, 180))
    stray = folder / "stray.xlsx"
    data, constraints = sample_inputs()
    book = openpyxl.load_workbook(data)
    book.create_sheet("Notes")["XFD1048576"] = "stray"
    book["Rooms"]["XFD5"] = "stray too"
    book.save(stray)
    cases = [
        ("50,000 sessions", ("solve", huge, "--out", folder / "o1", *limits)),
        (
            "50,000 sessions, explain --time-limit 5",
            ("explain", huge, "--time-limit", 5, "--memory-limit", args.memory),
        ),
        ("1,000 sessions the week cannot hold", ("solve", tight, "--out", folder / "o2", *limits)),
        (
            "sample with stray cells at XFD1048576 and XFD5",
            ("solve", stray, constraints, "--out", folder / "o3", *limits),
        ),
    ]
    print("| case | exit | wall (s) | peak memory (MB) | last line |")
    print("|---|---|---|---|---|")
    for name, command in cases:
        code, wall, peak, last = run(*command)
        print(f"| {name} | {code} | {wall:.1f} | {peak} | {last} |", flush=True)
    for n in args.sizes:
        path = folder / f"forum-{n}.xlsx"
        write_xlsx(generate_forum(n, seed=1), path)
        code, wall, peak, last = run(
            "solve", path, "--out", folder / f"g{n}", "--effort", 1, timeout=900
        )
        print(f"| generated, {n} sessions, --effort 1 | {code} | {wall:.1f} | {peak} | {last} |")


if __name__ == "__main__":
    main()
