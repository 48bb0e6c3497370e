"""The programme list as CSV and workbook, and reading it back (also after hand edits)."""

from __future__ import annotations

import csv
import zipfile
from datetime import date, datetime, time, timedelta, timezone

import pytest
from exportfixtures import PUBLISH, make_forum, make_programme, placement_keys
from openpyxl import load_workbook

from forum_scheduler.errors import ForumInputError
from forum_scheduler.export.spreadsheet import (
    COLUMNS,
    programme_rows,
    read_programme,
    write_csv,
    write_xlsx,
)

EXPECTED_COLUMNS = [
    "session_id", "title", "kind", "day", "date", "start", "end", "room_id", "room", "venue",
    "themes", "action_lines", "facilitators", "attendance", "capacity",
]  # fmt: skip


@pytest.fixture
def forum():
    return make_forum()


@pytest.fixture
def programme():
    return make_programme()


def test_rows_have_the_contract_columns_in_order(forum, programme):
    rows = programme_rows(forum, programme)
    assert list(COLUMNS) == EXPECTED_COLUMNS
    assert all(list(row) == EXPECTED_COLUMNS for row in rows)


def test_rows_are_sorted_by_date_start_room(forum, programme):
    rows = programme_rows(forum, programme)
    assert [r["session_id"] for r in rows] == ["S01", "S03", "S02", "S06", "S04", "S05"]
    assert [(r["date"], r["start"], r["room_id"]) for r in rows] == sorted(
        (r["date"], r["start"], r["room_id"]) for r in rows
    )


def test_row_values_and_list_joining(forum, programme):
    first = programme_rows(forum, programme)[0]
    assert first == {
        "session_id": "S01", "title": "Opening of the week", "kind": "opening", "day": 1,
        "date": "2026-03-26", "start": "09:00", "end": "10:00", "room_id": "R1",
        "room": "Room One", "venue": "ITU HQ", "themes": "T-AI, T-H", "action_lines": "C1, C7",
        "facilitators": "anna", "attendance": 180, "capacity": 200,
    }  # fmt: skip
    s02 = next(r for r in programme_rows(forum, programme) if r["session_id"] == "S02")
    assert s02["facilitators"] == "bob, jean;x/y"
    assert s02["end"] == "12:00"


def test_csv_is_utf8_without_bom_with_header(tmp_path, forum, programme):
    path = tmp_path / "programme.csv"
    write_csv(forum, programme, path)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" not in raw
    text = raw.decode("utf-8")
    assert text.splitlines()[0] == ",".join(EXPECTED_COLUMNS)
    assert "Ünïcödé café ☕" in text
    rows = list(csv.DictReader(text.splitlines()))
    assert [r["session_id"] for r in rows] == ["S01", "S03", "S02", "S06", "S04", "S05"]
    assert rows[0]["themes"] == "T-AI, T-H"


def test_xlsx_sheets_programme_first_then_days(tmp_path, forum, programme):
    path = tmp_path / "programme.xlsx"
    write_xlsx(
        forum,
        programme,
        path,
        {"status": "OPTIMAL", "penalties": {"room_fit": 3}},
        publish_time=PUBLISH,
    )
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Programme"
    assert wb.sheetnames[1:6] == [
        "Thu 26 Mar",
        "Fri 27 Mar",
        "Sat 28 Mar",
        "Sun 29 Mar",
        "Mon 30 Mar",
    ]
    assert {"Facilitators", "Rooms", "Themes", "Report"} <= set(wb.sheetnames)
    ws = wb["Programme"]
    assert [c.value for c in ws[1]] == EXPECTED_COLUMNS
    assert ws["A1"].font.bold and ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws["D2"].value == 1 and ws["E2"].value == "2026-03-26" and ws["F2"].value == "09:00"
    assert ws["N2"].value == 180 and ws["O2"].value == 200
    assert ws["B3"].value == "=Equality & ethics"  # text, not a formula
    report = {r[0]: r[1] for r in wb["Report"].iter_rows(min_row=2, values_only=True)}
    assert report == {"status": "OPTIMAL", "penalties.room_fit": 3}


def test_xlsx_day_grid_merges_and_colours(tmp_path, forum, programme):
    path = tmp_path / "programme.xlsx"
    write_xlsx(forum, programme, path, publish_time=PUBLISH)
    ws = load_workbook(path)["Thu 26 Mar"]
    times = [ws.cell(row=r, column=1).value for r in range(3, 7)]
    assert times == ["09:00", "09:15", "09:30", "09:45"]
    assert ws["B3"].value == "S01\nOpening of the week"  # R1 is the first room column
    assert "B3:B6" in {str(r) for r in ws.merged_cells.ranges}  # 60 minutes = 4 slots
    assert ws["B3"].fill.start_color.rgb.endswith("1F77B4")
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_xlsx_views_sorted_by_person_room_theme(tmp_path, forum, programme):
    path = tmp_path / "programme.xlsx"
    write_xlsx(forum, programme, path, publish_time=PUBLISH)
    wb = load_workbook(path)
    facs = [(r[0], r[7]) for r in wb["Facilitators"].iter_rows(min_row=2, values_only=True)]
    assert facs == [
        ("anna", "S01"),
        ("anna", "S03"),
        ("bob", "S02"),
        ("bob", "S06"),
        ("jean;x/y", "S02"),
        ("jean;x/y", "S04"),
    ]
    rooms = [(r[0], r[8]) for r in wb["Rooms"].iter_rows(min_row=2, values_only=True)]
    assert rooms == [
        ("R1", "S01"),
        ("R1", "S05"),
        ("R2", "S02"),
        ("R2", "S04"),
        ("K", "S03"),
        ("K", "S06"),
    ]
    themes = [(r[0], r[6]) for r in wb["Themes"].iter_rows(min_row=2, values_only=True)]
    assert themes == [
        ("T-AI", "S01"),
        ("T-AI", "S04"),
        ("T-H", "S01"),
        ("T-H", "S02"),
        ("T-E", "S03"),
    ]


def test_xlsx_is_byte_identical_for_same_inputs(tmp_path, forum, programme):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_xlsx(forum, programme, a, {"x": 1}, publish_time=PUBLISH)
    write_xlsx(make_forum(), make_programme(), b, {"x": 1}, publish_time=PUBLISH)
    assert a.read_bytes() == b.read_bytes()
    props = load_workbook(a).properties
    assert props.created == props.modified == PUBLISH.replace(tzinfo=None)


def test_xlsx_zip_entries_carry_the_publish_time(tmp_path, forum, programme):
    """Worksheets pass through temporary files; their clock time must not reach the zip."""
    path = tmp_path / "a.xlsx"
    write_xlsx(forum, programme, path, publish_time=PUBLISH)
    with zipfile.ZipFile(path) as archive:
        stamps = {info.date_time for info in archive.infolist()}
        modes = {info.external_attr for info in archive.infolist()}
    assert stamps == {(2026, 3, 1, 12, 30, 14)}  # zip times have a two-second resolution
    assert len(modes) == 1


def test_xlsx_bytes_follow_the_publish_time(tmp_path, forum, programme):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_xlsx(forum, programme, a, publish_time=PUBLISH)
    write_xlsx(forum, programme, b, publish_time=PUBLISH + timedelta(days=1))
    assert a.read_bytes() != b.read_bytes()


@pytest.mark.parametrize("name", ["programme.csv", "programme.xlsx"])
def test_round_trip(tmp_path, forum, programme, name):
    path = tmp_path / name
    if name.endswith(".csv"):
        write_csv(forum, programme, path)
    else:
        write_xlsx(forum, programme, path, publish_time=PUBLISH)
    back = read_programme(path, forum)
    assert placement_keys(back) == placement_keys(programme)
    assert [p.row for p in back.placements] == [2, 3, 4, 5, 6, 7]


def test_round_trip_from_output_folder(tmp_path, forum, programme):
    write_csv(forum, programme, tmp_path / "programme.csv")
    assert placement_keys(read_programme(tmp_path, forum)) == placement_keys(programme)


def _saved_xlsx(tmp_path, forum, programme):
    path = tmp_path / "programme.xlsx"
    write_xlsx(forum, programme, path, publish_time=PUBLISH)
    return path, load_workbook(path)


def test_read_xlsx_edited_by_a_planner(tmp_path, forum, programme):
    path, wb = _saved_xlsx(tmp_path, forum, programme)
    ws = wb["Programme"]
    ws.title = " programme "  # sheet names match case-insensitively
    ws["F2"].value = time(9, 30)  # S01: a real time cell
    ws["F2"].number_format = "hh:mm"
    ws["F3"].value = "9:30"  # S03: text without the leading zero
    ws["F4"].value = datetime(1899, 12, 30, 11, 0)  # S02: a time that Excel stores as a datetime
    ws["D5"].value = None  # S06: only the date, as a real date cell
    ws["E5"].value = date(2026, 3, 28)
    ws["D6"].value = "5"  # S04: day typed as text
    ws["A9"].value = "S07"  # after a blank row 8, which is skipped
    ws["D9"].value, ws["F9"].value, ws["H9"].value = 3, "14:30", "K"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    back = read_programme(edited, forum).by_session
    assert (back["S01"].day, back["S01"].start) == (1, 9 * 60 + 30)
    assert back["S03"].start == 9 * 60 + 30
    assert back["S02"].start == 11 * 60
    assert back["S06"].day == 3
    assert back["S04"].day == 5
    assert (back["S07"].day, back["S07"].start, back["S07"].room_id, back["S07"].row) == (
        3,
        870,
        "K",
        9,
    )


def test_read_csv_from_a_spreadsheet_program(tmp_path, forum):
    path = tmp_path / "hand.csv"
    text = "\ufeffSession_ID;Day;Start;Room_ID\r\nS01;1;9:00;R1\r\n;;;\r\nS02;2;10:30;R2\r\n"
    path.write_bytes(text.encode("utf-8"))
    back = read_programme(path, forum)
    assert placement_keys(back) == [("S01", 1, 540, "R1"), ("S02", 2, 630, "R2")]
    assert [p.row for p in back.placements] == [2, 4]


def test_duplicates_are_left_to_the_checker(tmp_path, forum):
    path = tmp_path / "dup.csv"
    path.write_text(
        "session_id,day,start,room_id\nS01,1,09:00,R1\nS01,2,09:00,R1\n", encoding="utf-8"
    )
    assert len(read_programme(path, forum).placements) == 2


def _issues(path, forum):
    with pytest.raises(ForumInputError) as info:
        read_programme(path, forum)
    return info.value.issues


def test_missing_column_is_reported(tmp_path, forum):
    path = tmp_path / "p.csv"
    path.write_text("session_id,day,room_id\nS01,1,R1\n", encoding="utf-8")
    (issue,) = _issues(path, forum)
    assert (issue.sheet, issue.row, issue.column) == ("Programme", 1, "start")
    assert issue.source == str(path)


def test_every_bad_cell_is_reported_at_once(tmp_path, forum, programme):
    path, wb = _saved_xlsx(tmp_path, forum, programme)
    ws = wb["Programme"]
    ws["A2"].value = "S99"  # unknown session
    ws["D3"].value = "Tuesday"  # text in the day column
    ws["H4"].value = "ZZ"  # unknown room
    ws["F5"].value = "25:00"  # not a time
    ws["D6"].value = 4  # day 4 but the date says day 5
    ws["E7"].value = "2026-04-02"  # outside the forum week
    ws["D7"].value = None
    wb.save(path)
    issues = _issues(path, forum)
    located = {(i.row, i.column) for i in issues}
    assert located == {
        (2, "session_id"),
        (3, "day"),
        (4, "room_id"),
        (5, "start"),
        (6, "date"),
        (7, "date"),
    }
    assert all(i.sheet == "Programme" and i.source == str(path) for i in issues)
    assert "S99" in next(i.message for i in issues if i.row == 2)
    assert "Tuesday" in str(next(i for i in issues if i.row == 3))


def test_workbook_without_programme_sheet(tmp_path, forum, programme):
    path, wb = _saved_xlsx(tmp_path, forum, programme)
    wb["Programme"].title = "Sessions"
    wb.save(path)
    (issue,) = _issues(path, forum)
    assert "Programme" in issue.message


def test_not_a_workbook(tmp_path, forum):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    assert _issues(path, forum)


def test_publish_time_zone_does_not_matter(tmp_path, forum, programme):
    """An aware publish time in another zone gives the same file as its UTC equivalent."""
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_xlsx(forum, programme, a, publish_time=PUBLISH)
    write_xlsx(forum, programme, b, publish_time=PUBLISH.astimezone(timezone(timedelta(hours=5))))
    assert a.read_bytes() == b.read_bytes()
