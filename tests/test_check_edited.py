"""`check` on a programme edited by hand: every mistake reported with its rows, and nothing
else; a highlighted copy with a comment on each offending row."""

from __future__ import annotations

import csv
from datetime import date, time

import pytest
from click.testing import CliRunner
from forumgen import write_xlsx
from openpyxl import load_workbook

from forum_scheduler.cli import main

# Two days 09:00-18:00 with lunch 12:30-14:00, one venue, 30-minute slots; every soft goal off
# so that only the hard rules speak.
SHEETS = {
    "Forum": [
        {"setting": k, "value": v}
        for k, v in (
            ("name", "Check Forum"),
            ("first_day", date(2026, 5, 4)),
            ("days", 2),
            ("day_start", time(9, 0)),
            ("day_end", time(18, 0)),
            ("breaks", "12:30-14:00"),
            ("slot_minutes", 30),
            ("venue_travel_minutes", 0),
        )
    ],
    "Rooms": [
        {"room_id": r, "name": f"Room {r}", "venue": "HQ", "capacity": c, "features": None}
        for r, c in (("A", 100), ("B", 50), ("C", 30))
    ],
    "Themes": [{"theme_id": "T", "name": "Theme", "action_lines": None, "colour": None}],
    "Facilitators": [
        {"facilitator_id": f, "name": f.title(), "organisation": None, "email": None}
        for f in ("ann", "bob", "cy", "dan")
    ],
    "Sessions": [
        {
            "session_id": sid,
            "title": f"Session {sid}",
            "kind": kind,
            "duration_minutes": 60,
            "themes": None,
            "action_lines": None,
            "facilitators": who,
            "attendance": people,
            "needs": None,
            "day": None,
            "start": None,
            "room": None,
            "locked": None,
            "description": None,
        }
        for sid, kind, who, people in (
            ("P1", "plenary", None, 90),
            ("S1", "parallel", "ann", 40),
            ("S2", "parallel", "bob", 40),
            ("S3", "parallel", "cy", 20),
            ("S4", "parallel", "dan", 20),
            ("S5", "parallel", "ann", 20),
            ("S6", "parallel", None, 80),
            ("S7", "parallel", None, 60),
        )
    ],
    "Unavailability": [],
    "Rules": [],
    "Weights": [
        {"objective": k, "weight": 0}
        for k in (
            "theme_clash",
            "action_line_clash",
            "track_stability",
            "room_fit",
            "facilitator_load",
            "balanced_days",
        )
    ],
}
VALID = {  # session -> (day, start, room): keeps every hard rule
    "P1": (1, "09:00", "A"),
    "S1": (1, "10:00", "A"),
    "S2": (1, "10:00", "B"),
    "S3": (1, "11:00", "C"),
    "S4": (2, "09:00", "C"),
    "S5": (2, "10:00", "B"),
    "S6": (2, "11:00", "A"),
    "S7": (2, "14:00", "A"),
}
MISTAKES = {
    "S4": (1, "10:00", "B"),  # double-booked room: B holds S2 then
    "S5": (1, "10:00", "C"),  # double-booked facilitator: ann runs S1 then
    "S3": (1, "09:00", "C"),  # during the plenary P1
    "S6": (2, "12:00", "A"),  # across lunch (12:30-14:00)
    "S7": (2, "14:00", "B"),  # 60 people in a room of 50
}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def write_programme(path, places):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["session_id", "day", "start", "room_id"])
        for sid, (day, start, room) in places.items():
            writer.writerow([sid, day, start, room])
    return {sid: row for row, sid in enumerate(places, start=2)}


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "forum.xlsx"
    write_xlsx(SHEETS, path)
    return path


def test_the_valid_programme_passes(tmp_path, workbook):
    write_programme(tmp_path / "programme.csv", VALID)
    result = run("check", tmp_path / "programme.csv", workbook)
    assert result.exit_code == 0, result.output
    assert "Every hard rule holds." in result.output


def test_five_kinds_of_mistakes_are_all_reported_with_their_rows_and_nothing_else(
    tmp_path, workbook
):
    rows = write_programme(tmp_path / "programme.csv", VALID | MISTAKES)
    result = run("check", tmp_path / "programme.csv", workbook)
    assert result.exit_code == 1
    reported = [line for line in result.output.splitlines() if line.startswith("  - [")]
    assert len(reported) == 5, result.output
    expected = {
        "room_overlap": ("S2", "S4"),
        "facilitator_overlap": ("S1", "S5"),
        "plenary_alone": ("P1", "S3"),
        "placement": ("S6",),
        "room_capacity": ("S7",),
    }
    for constraint, sessions in expected.items():
        line = next(line for line in reported if line.startswith(f"  - [{constraint}]"))
        for sid in sessions:
            assert sid in line
        numbers = sorted(rows[sid] for sid in sessions)
        label = "row" if len(numbers) == 1 else "rows"
        assert f"programme {label} {', '.join(map(str, numbers))}" in line, line


def test_the_highlighted_copy_marks_exactly_the_offending_rows(tmp_path, workbook):
    rows = write_programme(tmp_path / "programme.csv", VALID | MISTAKES)
    before = (tmp_path / "programme.csv").read_bytes()
    result = run("check", tmp_path / "programme.csv", workbook)
    copy = tmp_path / "programme.checked.xlsx"
    assert str(copy) in result.output
    assert (tmp_path / "programme.csv").read_bytes() == before  # the input is untouched
    ws = load_workbook(copy)["Programme"]
    commented = {cell.row for cell in ws["A"] if cell.comment}
    offenders = {"S2", "S4", "S1", "S5", "P1", "S3", "S6", "S7"}
    assert commented == {rows[sid] for sid in offenders}
    assert "[room_capacity]" in ws.cell(row=rows["S7"], column=1).comment.text
    assert ws.cell(row=rows["S7"], column=4).fill.start_color.rgb.endswith("F4B6B6")


def test_an_xlsx_programme_keeps_its_own_columns_in_the_copy(tmp_path, workbook):
    write_programme(tmp_path / "programme.csv", VALID | MISTAKES)
    converted = tmp_path / "edited.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Programme"
    for line in csv.reader((tmp_path / "programme.csv").open(encoding="utf-8")):
        ws.append(line + ["my note"])
    wb.create_sheet("Mon 04 May")  # a day grid of the programme before the edits
    wb.save(converted)
    result = run("check", converted, workbook)
    assert result.exit_code == 1
    book = load_workbook(tmp_path / "edited.checked.xlsx")
    assert book.sheetnames == ["Programme"]  # stale views are not carried over
    copy = book["Programme"]
    assert copy.cell(row=1, column=5).value == "my note"
    assert any(cell.comment for cell in copy["A"])
