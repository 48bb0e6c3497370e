"""The time limit on a busy machine, and runs repeated by their effort.

    python benchmarks/time_limit.py [--limit 20] [--burners 2] [--runs 2]

Runs `forum-scheduler solve --time-limit LIMIT` on the bundled sample while BURNERS other
CPU-bound processes run (the machine has 2 cores), and measures the whole command's wall time.
Then, with the burners stopped, runs `solve --effort R` with the rounds R that the loaded run
did (report.json's effort) and compares every programme file of the two runs byte for byte
(programme.csv, programme.xlsx, programme.ics, calendars/, sessions/, index.html,
published.json). Finally
`explain --time-limit 5` on an impossible variant of the sample, loaded, against its limit.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CLI = [sys.executable, "-m", "forum_scheduler"]
STAMP = ["--publish-time", "2026-05-01T10:00:00Z"]
COMPARED = ("programme.csv", "programme.xlsx", "programme.ics", "published.json", "index.html")


def burn() -> None:
    """Keep one core busy until killed."""
    x = 0
    while True:
        x = (x * 7 + 1) % 1_000_003


def files(folder: Path) -> dict[str, bytes]:
    out = {name: (folder / name).read_bytes() for name in COMPARED}
    for sub in ("calendars", "sessions"):
        for path in sorted((folder / sub).glob("*.ics")):
            out[f"{sub}/{path.name}"] = path.read_bytes()
    return out


def run(args: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.monotonic()
    done = subprocess.run(CLI + args, capture_output=True, text=True, cwd=ROOT)
    return time.monotonic() - start, done


def impossible_sample(folder: Path) -> list[Path]:
    """The sample with one session pinned on top of the opening: no schedule exists."""
    data = folder / "data.xlsx"
    shutil.copy(ROOT / "data" / "wsis-forum.xlsx", data)
    wb = load_workbook(data)
    ws = wb["Sessions"]
    header = [c.value for c in ws[1]]
    row = 6  # S005, a parallel session
    ws.cell(row=row, column=header.index("day") + 1).value = 1
    ws.cell(row=row, column=header.index("start") + 1).value = "09:00"
    wb.save(data)
    return [data, ROOT / "constraints" / "wsis-forum.xlsx"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=float, default=20)
    parser.add_argument("--burners", type=int, default=2)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    print(
        "| run | limit (s) | wall (s) | rounds done / planned | stopped by | objective | "
        "--effort run: identical files |"
    )
    print("|---|---|---|---|---|---|---|")
    for i in range(args.runs):
        burners = [multiprocessing.Process(target=burn, daemon=True) for _ in range(args.burners)]
        for b in burners:
            b.start()
        time.sleep(1)
        loaded = work / f"loaded-{i}"
        wall, done = run(
            ["solve", "--time-limit", str(args.limit), "--out", str(loaded), "--quiet", *STAMP]
        )
        for b in burners:
            b.kill()
        if done.returncode != 0:
            print(done.stdout, done.stderr)
            raise SystemExit(1)
        folder = loaded / "wsis-forum-2026"
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        effort = report["effort"]
        idle = work / f"idle-{i}"
        _, again = run(
            ["solve", "--effort", str(effort["rounds"]), "--out", str(idle), "--quiet", *STAMP]
        )
        if again.returncode != 0:
            print(again.stdout, again.stderr)
            raise SystemExit(1)
        same = files(folder) == files(idle / "wsis-forum-2026")
        print(
            f"| {i + 1} | {args.limit:g} | {wall:.1f} | {effort['rounds']} / "
            f"{effort['planned_rounds']} | {effort['stopped_by']} | {report['objective']} | "
            f"{'yes' if same else 'NO'} |",
            flush=True,
        )
    inputs = impossible_sample(work)
    burners = [multiprocessing.Process(target=burn, daemon=True) for _ in range(args.burners)]
    for b in burners:
        b.start()
    time.sleep(1)
    wall, done = run(["explain", *map(str, inputs), "--time-limit", "5"])
    for b in burners:
        b.kill()
    print(
        f"\nexplain --time-limit 5 (loaded, impossible sample): {wall:.1f} s wall, exit "
        f"{done.returncode}"
    )


if __name__ == "__main__":
    main()
