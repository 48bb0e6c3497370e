"""No input makes the command exceed its memory or its time limit before it answers.

Each case runs the real command, `python -m forum_scheduler`, in a subprocess with
`--memory-limit 2048 --time-limit 10`: a forum far too large, one whose week cannot hold its
sessions, a workbook with a stray cell at the end of the sheet, and a forum that needs more
memory than a tight limit allows. The measure is the peak resident memory of the command's
processes (the watching parent and the child doing the work) and its wall time.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from forum_scheduler.samples import sample_inputs
from forum_scheduler.sheetwriter import CONTRACT_COLUMNS, write_sheets

LIMIT_SECONDS = 10
MEMORY_MB = 2048


# Runs a command and prints the peak resident memory of its process tree, in KB: a fresh
# process per case, so that no earlier case's peak is counted.
MEASURE = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[1:]).returncode; "
    "sys.stderr.write('PEAK %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
    "sys.exit(code)"
)


def run(*args, cwd=None, timeout=LIMIT_SECONDS + 60):
    """(exit code, output, wall seconds, peak resident MB of the command's processes)."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, sys.executable, "-m", "forum_scheduler", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
    )
    wall = time.monotonic() - started
    output, _, peak = (done.stdout + done.stderr).rpartition("PEAK ")
    return done.returncode, output, wall, int(peak.strip() or 0) // 1024


def forum_sheets(sessions: int, rooms: int, duration: int = 60) -> dict:
    forum = [
        {"setting": "name", "value": "Huge"},
        {"setting": "first_day", "value": date(2026, 5, 4)},
        {"setting": "days", "value": 5},
    ]
    return {
        "Forum": forum,
        "Rooms": [
            {"room_id": f"R{i}", "venue": "HQ", "capacity": 100} for i in range(1, rooms + 1)
        ],
        "Sessions": [
            {
                "session_id": f"S{i}",
                "title": f"Session {i}",
                "duration_minutes": duration,
                "attendance": 20,
            }
            for i in range(1, sessions + 1)
        ],
    }


def workbook(tmp_path, sheets) -> str:
    path = tmp_path / "forum.xlsx"
    write_sheets(sheets, path, {name: CONTRACT_COLUMNS[name] for name in sheets})
    return str(path)


def assert_within_budget(code, output, wall, peak):
    assert "Traceback" not in output, output
    assert wall <= LIMIT_SECONDS + 10, (wall, output)
    assert peak <= MEMORY_MB, (peak, output)
    return code


LIMITS = ("--time-limit", LIMIT_SECONDS, "--memory-limit", MEMORY_MB, "--quiet")


def test_a_forum_far_too_large_answers_at_once(tmp_path):
    path = workbook(tmp_path, forum_sheets(20_000, 10))
    code, output, wall, peak = run("solve", path, "--out", tmp_path / "out", *LIMITS)
    assert assert_within_budget(code, output, wall, peak) == 2
    assert "more than 10,000 sessions (data in row 10,002); the tool schedules forums" in output


def test_a_week_that_cannot_hold_its_sessions_is_said_before_any_search(tmp_path):
    # 1,000 sessions of 3 hours in 10 rooms: 180,000 room-minutes for 10 x 5 x 540 = 27,000.
    path = workbook(tmp_path, forum_sheets(1_000, 10, duration=180))
    code, output, wall, peak = run("solve", path, "--out", tmp_path / "out", *LIMITS)
    assert assert_within_budget(code, output, wall, peak) == 1
    assert "the week's room time cannot hold the sessions" in output
    assert "the pre-checks found rules that no programme can satisfy" in output
    assert "0 of 1000 sessions placed" not in output and "0 of 1,000" not in output


def test_a_stray_cell_at_the_end_of_a_sheet_costs_nothing(tmp_path):
    path = tmp_path / "sample.xlsx"
    data, constraints = sample_inputs()
    book = openpyxl.load_workbook(data)
    book.create_sheet("Notes")["XFD1048576"] = "stray"
    book["Rooms"]["XFD5"] = "stray too"
    book.save(path)
    code, output, wall, peak = run(
        "solve",
        path,
        constraints,
        "--out",
        tmp_path / "out",
        "--effort",
        0,
        "--quiet",
        "--memory-limit",
        MEMORY_MB,
    )
    assert assert_within_budget(code, output, wall, peak) == 0, output


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent watches /proc")
def test_a_forum_that_needs_more_memory_than_allowed_is_stopped_and_says_so(tmp_path):
    code, output, wall, peak = run(
        "solve", "--out", tmp_path / "out", "--time-limit", 20, "--memory-limit", 150, "--quiet"
    )
    assert code == 1
    assert "Stopped: the solve was about to pass its memory limit of 150 MB" in output
    assert not (tmp_path / "out" / "wsis-forum-2026").exists()
    assert peak < 300


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent watches /proc")
def test_the_watching_parent_stops_a_child_past_its_promise(monkeypatch):
    """The child keeps its own limit; the parent is the backstop, once the promise (the time
    limit and the grace on top) has passed."""
    from forum_scheduler import supervise

    monkeypatch.setattr(supervise, "GRACE", {"solve": 1.0})
    started = time.monotonic()
    facts = {"memory_mb": 100_000, "started": started - 5, "seconds": 1}
    assert "ran past its time limit of 1 s" in supervise._over(1, facts, "solve")
    assert supervise._over(1, dict(facts, started=started), "solve") is None


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def gone(pid: int, seconds: float) -> bool:
    """Whether process `pid` has ended (or is a zombie) within `seconds`."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent watches /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_command_stopped_by_a_signal_takes_its_child_with_it(tmp_path, signum):
    """Stopping the command (its top process only, as a service manager or `kill` does) stops
    the work: nothing is published afterwards."""
    parent = subprocess.Popen(
        [sys.executable, "-m", "forum_scheduler", "solve", "--out", tmp_path / "out"]
        + ["--time-limit", "8", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    until = time.monotonic() + 20
    while not children_of(parent.pid) and time.monotonic() < until:
        time.sleep(0.05)
    (child,) = children_of(parent.pid)
    time.sleep(1.5)  # the child is reading the forum, or searching
    parent.send_signal(signum)
    assert parent.wait(timeout=10) == (-signum if signum == signal.SIGKILL else 128 + signum)
    assert gone(child, 5)
    time.sleep(1)
    assert not (tmp_path / "out" / "wsis-forum-2026").exists()


@pytest.mark.parametrize("value", ["0", "-5", "lots"])
def test_a_memory_limit_that_makes_no_sense_is_a_usage_error(tmp_path, value):
    """The watching parent must not stop the child before it can say so."""
    code, output, _, _ = run("solve", "--out", tmp_path / "out", "--memory-limit", value)
    assert code == 2, output
    assert "Usage: forum-scheduler solve" in output and "--memory-limit" in output
    assert "Stopped" not in output
