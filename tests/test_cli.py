"""The command line through click's CliRunner: messages and exit codes."""

from __future__ import annotations

import copy
import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from exportfixtures import entries
from forumgen import generate_forum, write_xlsx

from forum_scheduler.cli import main


@pytest.fixture(scope="module")
def sheets():
    return generate_forum(40, seed=2)


@pytest.fixture
def workbook(tmp_path, sheets):
    path = tmp_path / "forum.xlsx"
    write_xlsx(sheets, path)
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_solve_writes_every_output_and_check_accepts_it(tmp_path, workbook):
    out = tmp_path / "out"
    result = run(
        "solve",
        workbook,
        "--out",
        out,
        "--time-limit",
        3,
        "--quiet",
        "--publish-time",
        "2026-05-01T10:00:00Z",
    )
    assert result.exit_code == 0, result.output
    assert "Status: " in result.output and "Soft goals" in result.output
    folder = out / "generated-forum-40-2"
    for name in ("programme.csv", "programme.xlsx", "programme.ics", "report.json"):
        assert (folder / name).is_file()
    assert list((folder / "calendars").glob("*.ics"))
    assert f"Wrote {folder}/" in result.output
    checked = run("check", folder / "programme.csv", workbook)
    assert checked.exit_code == 0, checked.output
    assert "Every hard rule holds." in checked.output
    checked = run("check", folder / "programme.xlsx", workbook)
    assert checked.exit_code == 0, checked.output


def test_check_lists_hand_made_mistakes_with_rows(tmp_path, workbook):
    out = tmp_path / "out"
    assert run("solve", workbook, "--out", out, "--time-limit", 3, "--quiet").exit_code == 0
    path = out / "generated-forum-40-2" / "programme.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    parallel = [r for r in rows if r["kind"] == "parallel"]
    first, second = parallel[0], parallel[1]
    second["day"], second["date"] = first["day"], first["date"]
    second["start"], second["room_id"] = first["start"], first["room_id"]
    edited = tmp_path / "edited.csv"
    with open(edited, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = run("check", edited, workbook)
    assert result.exit_code == 1
    assert "[room_overlap]" in result.output
    assert first["session_id"] in result.output and second["session_id"] in result.output
    assert "Traceback" not in result.output


def test_bad_input_exits_2_with_sheet_row_and_column(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    changed["Sessions"][3]["attendance"] = "about 40"
    path = tmp_path / "bad.xlsx"
    write_xlsx(changed, path)
    result = run("solve", path, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "Cannot read the forum: 1 problem in the input:" in result.output
    assert "sheet Sessions, row 5, column attendance" in result.output
    assert "'about 40' is not a whole number" in result.output
    assert not (tmp_path / "out").exists()


def too_big(tmp_path, sheets):
    """The forum with its first parallel session expecting 5000 people: (workbook, session)."""
    changed = copy.deepcopy(sheets)
    target = next(r for r in changed["Sessions"] if r["kind"] == "parallel")
    target["attendance"] = 5000
    path = tmp_path / "impossible.xlsx"
    write_xlsx(changed, path)
    return path, target


def test_impossible_forum_exits_1_with_the_reason(tmp_path, sheets):
    path, target = too_big(tmp_path, sheets)
    result = run("solve", path, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    assert "Status: infeasible - no schedule exists" in result.output
    assert f"{target['session_id']} expects 5000 people but the largest room" in result.output
    assert entries(tmp_path / "out") == []  # no output folder, only the hidden lock


def test_usage_errors_exit_2(tmp_path, workbook):
    assert run("solve", tmp_path / "missing.xlsx").exit_code == 2
    result = run("solve", workbook, "--time-limit", "abc")
    assert result.exit_code == 2 and "--time-limit" in result.output
    result = run("solve", workbook, "--publish-time", "yesterday")
    assert result.exit_code == 2 and "--publish-time" in result.output


def test_init_copies_the_sample_and_never_overwrites(tmp_path):
    result = run("init", tmp_path / "mine")
    assert result.exit_code == 0
    assert (tmp_path / "mine" / "data" / "forum.xlsx").is_file()
    assert (tmp_path / "mine" / "constraints" / "forum.xlsx").is_file()
    again = run("init", tmp_path / "mine")
    assert again.exit_code == 2 and "Not overwriting" in again.output


def test_the_sample_is_used_without_input(tmp_path):
    result = run("solve", "--out", tmp_path, "--time-limit", 8, "--quiet")
    assert result.exit_code == 0, result.output
    assert "using the bundled sample forum" in result.output
    assert "WSIS Forum 2026: 150 sessions" in result.output
    checked = run("check", tmp_path / "wsis-forum-2026")
    assert checked.exit_code == 0, checked.output


def test_a_weight_changed_in_the_workbook_shows_in_the_summary(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    changed["Weights"] = [
        {"objective": "theme_clash", "weight": 0},
        {"objective": "room_fit", "weight": 3},
    ]
    path = tmp_path / "reweighted.xlsx"
    write_xlsx(changed, path)
    result = run("solve", path, "--out", tmp_path / "out", "--time-limit", 2, "--quiet")
    assert result.exit_code == 0, result.output
    assert re.search(r"theme_clash\s+0\s+\(0 x [\d,]+\)", result.output)
    found = re.search(r"room_fit\s+([\d,]+)\s+\(3 x ([\d,]+)\)", result.output)
    penalty, measure = (int(x.replace(",", "")) for x in found.groups())
    assert penalty == 3 * measure


def test_solve_explains_an_impossible_forum_unless_told_not_to(tmp_path, sheets):
    path, target = too_big(tmp_path, sheets)
    result = run("solve", path, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    sid = target["session_id"]
    assert f"These rules conflict: without any one of them, {sid} can be placed:" in result.output
    assert f"  - {sid} expects 5000 people (rooms that seat them: none)" in result.output
    assert "Fixes verified by re-solving" in result.output
    quiet = run("solve", path, "--out", tmp_path / "out", "--quiet", "--no-explain")
    assert quiet.exit_code == 1
    assert "These rules conflict" not in quiet.output


def test_explain_command_exit_codes(tmp_path, workbook, sheets):
    fine = run("explain", workbook)
    assert fine.exit_code == 0
    assert "the forum can be scheduled" in fine.output
    changed = copy.deepcopy(sheets)
    a, b = [r for r in changed["Sessions"] if r["kind"] == "parallel"][:2]
    changed["Rules"] += [
        {
            "rule": "before",
            "session_a": a["session_id"],
            "session_b": b["session_id"],
            "value": None,
            "strength": "hard",
            "weight": None,
            "note": None,
        },
        {
            "rule": "before",
            "session_a": b["session_id"],
            "session_b": a["session_id"],
            "value": None,
            "strength": "hard",
            "weight": None,
            "note": None,
        },
    ]
    path = tmp_path / "cycle.xlsx"
    write_xlsx(changed, path)
    result = run("explain", path)
    assert result.exit_code == 1
    assert f"rule before({a['session_id']}, {b['session_id']})" in result.output
    assert "make Rules row" in result.output
    assert "Traceback" not in result.output


def test_check_of_an_output_folder_finds_its_forum_without_input(tmp_path, workbook):
    out = tmp_path / "out"
    assert run("solve", workbook, "--out", out, "--time-limit", 3, "--quiet").exit_code == 0
    result = run("check", out / "generated-forum-40-2")
    assert result.exit_code == 0, result.output
    assert f"using the forum that report.json names ({workbook.resolve()})" in result.output
    assert "against Generated Forum 40-2" in result.output
    workbook.unlink()  # gone: fall back to the bundled sample, and say so
    result = run("check", out / "generated-forum-40-2")
    assert "using the bundled sample forum" in result.output


def test_effort_repeats_a_run_and_verbose_shows_the_solver(tmp_path, sheets):
    path = tmp_path / "forum.xlsx"
    write_xlsx(sheets, path)
    stamp = ("--publish-time", "2026-05-01T10:00:00Z")
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = run("solve", path, "--out", out, "--effort", 1, "--quiet", "--verbose", *stamp)
        assert result.exit_code == 0, result.output
        assert "Solver: objective" in result.output and "Steps: pre-checks" in result.output
        folder = next(p for p in out.iterdir() if p.is_dir())
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        assert report["effort"]["rounds"] == 1 and report["time_limit"] is None
        runs.append(
            {
                p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*"))
                if p.is_file() and p.name != "report.json"  # it records the run's timings
            }
        )
    assert "published.json" in runs[0] and "programme.ics" in runs[0]
    assert runs[0] == runs[1]


def test_help_teaches_the_loop_and_cuts_no_description():
    out = CliRunner().invoke(main, ["--help"], terminal_width=80).output
    for step in ("init my-forum", "solve my-forum", "--previous", "check PROGRAMME"):
        assert step in out, step
    assert "data/README.md" in out and "constraints/README.md" in out
    commands = out[out.index("Commands:") :]
    assert "..." not in commands  # every command's description whole
    assert all(len(line) <= 80 for line in out.splitlines())


def test_each_command_makes_the_documented_api_calls(tmp_path, workbook, monkeypatch):
    """The CLI is a thin layer over the public API: what a library user calls is what runs."""
    import forum_scheduler as api

    calls = []

    def spy(name):
        real = getattr(api, name)

        def called(*args, **kwargs):
            calls.append(name)
            return real(*args, **kwargs)

        monkeypatch.setattr(api, name, called)

    for name in ("load_forum", "solve", "build_report", "export", "read_programme", "check",
                 "write_checked", "explain"):  # fmt: skip
        spy(name)
    out = tmp_path / "out"
    assert run("solve", workbook, "--out", out, "--effort", 1, "--quiet").exit_code == 0
    assert calls == ["load_forum", "solve", "build_report", "export"]
    calls.clear()
    folder = out / "generated-forum-40-2"
    assert run("check", folder / "programme.csv", workbook).exit_code == 0
    assert calls == ["load_forum", "read_programme", "check", "write_checked"]
    calls.clear()
    assert run("explain", workbook, "--time-limit", 5).exit_code == 0
    assert calls == ["load_forum", "explain"]
