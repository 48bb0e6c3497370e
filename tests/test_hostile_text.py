"""Text from planners' files in the tool's own outputs, end to end through the command: a
carriage return in the forum's, a room's or a facilitator's name, a bare CR in a title,
formula-like titles in the change list. Each output still reads back as written, and none
carries a live formula or a line that a calendar parser would split."""

from __future__ import annotations

import copy
import csv
import re

from forumgen import write_xlsx
from icalendar import Calendar
from publishing import STAMP, run

from forum_scheduler import load_forum, read_programme
from forum_scheduler.domain import slugify

FORMULA_START = re.compile(r"^[=+\-@]")


def csv_cells(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def test_line_breaks_in_names_and_titles_keep_every_output_whole(tmp_path, published_forty):
    sheets = copy.deepcopy(published_forty[0])
    for row in sheets["Forum"]:
        if row["setting"] == "name":
            row["value"] = "Line\rBreak Forum"
    sheets["Rooms"][1]["name"] = "Room\r\nTwo"
    sheets["Facilitators"][0]["name"] = "Ana\rBEGIN:VEVENT"
    sheets["Sessions"][5]["title"] = "first line\rsecond line"
    workbook = tmp_path / "forum.xlsx"
    write_xlsx(sheets, workbook)
    result = run("solve", workbook, "--out", tmp_path / "out", "--time-limit", 3, "--quiet", *STAMP)
    assert result.exit_code == 0, result.output

    forum = load_forum([workbook])
    assert forum.settings.name == "Line Break Forum"  # a name is one line
    assert forum.room_by_id[sheets["Rooms"][1]["room_id"]].name == "Room Two"
    folder = tmp_path / "out" / slugify(forum.settings.name)
    # the programme the tool wrote is one the tool reads back, row for row
    back = read_programme(folder / "programme.csv", forum)
    assert len(back.placements) == len(forum.sessions)
    checked = run("check", folder, workbook)
    assert checked.exit_code == 0, checked.output
    for path in [folder / "programme.ics", *sorted((folder / "calendars").glob("*.ics"))]:
        raw = path.read_bytes()
        lines = raw.split(b"\r\n")[:-1]
        assert all(b"\r" not in line and b"\n" not in line for line in lines), path
        assert lines.count(b"BEGIN:VEVENT") == len(Calendar.from_ical(raw).walk("VEVENT"))
    title = {
        str(e["UID"]).split("@")[0]: str(e["SUMMARY"])
        for e in Calendar.from_ical((folder / "programme.ics").read_bytes()).walk("VEVENT")
    }
    assert "first line" in title[sheets["Sessions"][5]["session_id"]]


def test_formula_like_titles_in_the_change_list_are_text(tmp_path, published_forty):
    sheets = copy.deepcopy(published_forty[0])
    hostile = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A2)"]
    for row, title in zip(sheets["Sessions"][10:], hostile):
        row["title"] = title
    workbook = tmp_path / "forum.xlsx"
    write_xlsx(sheets, workbook)
    out = tmp_path / "out"
    solve = ("solve", workbook, "--out", out, "--time-limit", 3, "--quiet", *STAMP)
    assert run(*solve).exit_code == 0
    # cancel two hostile-titled sessions: they are in the change list whatever the search does
    gone = [sheets["Sessions"].pop(10)["session_id"], sheets["Sessions"].pop(10)["session_id"]]
    sheets["Rules"] = [
        r for r in sheets["Rules"] if r["session_a"] not in gone and r["session_b"] not in gone
    ]
    write_xlsx(sheets, workbook)
    result = run(*solve)
    assert result.exit_code == 0, result.output
    folder = out / slugify(load_forum([workbook]).settings.name)
    with open(folder / "changes.csv", newline="", encoding="utf-8") as handle:
        titles = {row["session_id"]: row["title"] for row in csv.DictReader(handle)}
    assert [titles[sid] for sid in gone] == ['\'=HYPERLINK("http://x","y")', "'+1+1"]
    for path in (folder / "programme.csv", folder / "changes.csv"):
        assert not [c for c in csv_cells(path) if FORMULA_START.match(c)], path
