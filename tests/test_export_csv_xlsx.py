"""The programme list as CSV and workbook, and reading it back (also after hand edits)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

import pytest
from exportfixtures import PUBLISH, make_forum, make_programme, placement_keys
from openpyxl import load_workbook

from forum_scheduler.errors import ForumInputError
from forum_scheduler.export import programme_rows, read_programme, write_csv, write_xlsx
from forum_scheduler.export.programme_csv import COLUMNS

EXPECTED_COLUMNS = [
    "session_id", "title", "kind", "day", "date", "start", "end", "room_id", "room", "venue",
    "themes", "action_lines", "facilitators", "attendance", "capacity", "locked",
    "facilitator_names", "description",
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
        "facilitators": "anna", "attendance": 180, "capacity": 200, "locked": "",
        "facilitator_names": "Müller, Anna", "description": "Welcome, all; enjoy.\nSecond line.",
    }  # fmt: skip
    s02 = next(r for r in programme_rows(forum, programme) if r["session_id"] == "S02")
    assert s02["facilitators"] == "bob, jean;x/y"
    assert s02["end"] == "12:00"


def test_csv_is_utf8_without_bom_with_header(tmp_path, forum, programme):
    path = tmp_path / "programme.csv"
    write_csv(forum, programme, path)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    # RFC 4180: every record ends with CR LF; a line break inside a quoted field (the
    # description's) is the field's own.
    assert raw.endswith(b"\r\n")
    text = raw.decode("utf-8")
    assert text.splitlines()[0] == ",".join(EXPECTED_COLUMNS)
    assert "Ünïcödé café ☕" in text
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["session_id"] for r in rows] == ["S01", "S03", "S02", "S06", "S04", "S05"]
    assert rows[0]["themes"] == "T-AI, T-H"
    assert rows[0]["facilitator_names"] == "Müller, Anna"
    assert rows[0]["description"] == "Welcome, all; enjoy.\nSecond line."
    assert raw.count(b"\r\n") == len(rows) + 1


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
    assert wb["Report"]["A1"].value == "Forum Week 2026: programme report"


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
    ws["G2"].value = time(10, 30)  # an end that follows start, as a time cell
    ws["F3"].value = "9:30"  # S03: text without the leading zero
    ws["G3"].value = None  # end cleared
    ws["F4"].value = datetime(1899, 12, 30, 11, 0)  # S02: a time that Excel stores as a datetime
    ws["G4"].value = "12:30"
    ws["I4"].value = " salle b "  # the room's name, case and spaces aside
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


def test_lists_print_on_a4_fitted_to_the_width(tmp_path, forum, programme):
    path = tmp_path / "programme.xlsx"
    write_xlsx(forum, programme, path, {"status": "OPTIMAL"}, publish_time=PUBLISH)
    wb = load_workbook(path)
    for name in ("Programme", "Facilitators", "Rooms", "Themes"):
        ws = wb[name]
        setup = ws.page_setup
        assert (setup.paperSize, setup.orientation) == (9, "landscape"), name
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.print_title_rows == "$1:$1", name
    assert wb["Programme"]["A1"].font.name == "Arial" and wb["Programme"]["A1"].font.bold


def test_long_list_text_wraps_in_a_taller_row(tmp_path, forum):
    long = "A very long session title that would not fit a printed column"
    forum = replace(
        forum,
        sessions=tuple(
            replace(s, title=long) if s.session_id == "S01" else s for s in forum.sessions
        ),
    )
    path = tmp_path / "programme.xlsx"
    write_xlsx(forum, make_programme(), path, publish_time=PUBLISH)
    ws = load_workbook(path)["Programme"]
    assert ws["B2"].value == long and ws["B2"].alignment.wrap_text
    assert ws.column_dimensions["B"].width < len(long)
    assert ws.row_dimensions[2].height > 15
    assert read_programme(path, forum).by_session["S01"].start == 9 * 60


# ---------------------------------------------------------------------------------------------
# end and room follow from start and room_id


def _edited(tmp_path, forum, programme, **cells):
    path, wb = _saved_xlsx(tmp_path, forum, programme)
    for ref, value in cells.items():
        wb["Programme"][ref].value = value
    wb.save(path)
    return path


def test_an_end_that_disagrees_with_the_start_is_a_warning_and_the_start_wins(
    tmp_path, forum, programme
):
    # S01 (60 minutes) given a new end only; S03 (90 minutes) moved by its start, end left stale
    path = _edited(tmp_path, forum, programme, G2="10:30", F3="09:30")
    read = read_programme(path, forum)
    assert read.by_session["S01"].start == 9 * 60  # the start wins
    assert read.by_session["S03"].start == 9 * 60 + 30
    assert len(read.warnings) == 2
    s01, s03 = read.warnings
    assert s01.startswith(f"Programme row 2 ({path}): S01's end 10:30 disagrees with its start")
    assert "so it ends at 10:00" in s01
    assert s03.startswith("Programme row 3") and "so it ends at 11:00" in s03


def test_an_end_that_is_not_a_time_is_an_input_error(tmp_path, forum, programme):
    path = _edited(tmp_path, forum, programme, G4="later")
    (issue,) = _issues(path, forum)
    assert (issue.sheet, issue.row, issue.column) == ("Programme", 4, "end")
    assert "'later' is not a time of day" in issue.message


def test_end_in_a_csv_is_checked_too(tmp_path, forum):
    path = tmp_path / "p.csv"
    path.write_text(
        "session_id,day,start,end,room_id\nS01,1,09:00,10:00,R1\nS02,1,10:30,11:30,R2\n",
        encoding="utf-8",
    )
    (warning,) = read_programme(path, forum).warnings
    assert warning.startswith("Programme row 3")


def test_room_name_that_disagrees_with_room_id_is_an_input_error(tmp_path, forum, programme):
    path = _edited(tmp_path, forum, programme, I3="Room One")  # S03 is in K, "Room K"
    (issue,) = _issues(path, forum)
    assert (issue.sheet, issue.row, issue.column) == ("Programme", 3, "room")
    assert "Room One" in issue.message and "K" in issue.message
    assert issue.hint.startswith("change room_id to move a session")
    assert "write Room K in room or clear room" in issue.hint
    assert issue.hint.endswith("to keep it in R1, set room_id back to it")


def test_blank_or_agreeing_end_and_room_are_accepted(tmp_path, forum, programme):
    path = _edited(
        tmp_path,
        forum,
        programme,
        G2=None,  # a blank end
        I2="  ROOM one ",  # the name in another case, with spaces
        G3=time(12, 0),  # the right end as a time cell
        I3=None,  # a blank room
        F4="11:00",  # S02 moved, with its end moved along
        G4="12:30",
        H5="R1",  # S06 moved to R1, with its room name
        I5="Room One",
    )
    back = read_programme(path, forum).by_session
    assert (back["S01"].start, back["S01"].room_id) == (9 * 60, "R1")
    assert back["S02"].start == 11 * 60
    assert back["S06"].room_id == "R1"


# ---------------------------------------------------------------------------------------------
# Hostile text: never a live formula, never a broken row


HOSTILE_TITLES = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A2)", "a\rb", "c\r\nd"]


def test_formula_like_and_multi_line_titles_round_trip_through_the_csv(tmp_path, forum):
    titled = replace(
        forum,
        sessions=tuple(replace(s, title=title) for s, title in zip(forum.sessions, HOSTILE_TITLES)),
    )
    prog = make_programme()
    path = tmp_path / "programme.csv"
    write_csv(titled, prog, path)
    raw = path.read_bytes().decode("utf-8")
    assert "\n=HYPERLINK" not in raw and ",=HYPERLINK" not in raw and "'=HYPERLINK" in raw
    assert ",'+1+1," in raw and ",'-2+3," in raw and ",'@SUM(A1:A2)," in raw
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(prog.placements)  # a line break inside a title splits no row
    assert {r["title"] for r in rows} >= {"a\rb", "c\r\nd"}
    assert read_programme(path, titled).by_session.keys() == prog.by_session.keys()


def test_formula_like_titles_are_text_cells_in_the_workbook_and_the_checked_copy(tmp_path, forum):
    from forum_scheduler.check import check_programme
    from forum_scheduler.export.checked import write_checked

    titled = replace(
        forum,
        sessions=tuple(replace(s, title=title) for s, title in zip(forum.sessions, HOSTILE_TITLES)),
    )
    prog = make_programme()
    write_xlsx(titled, prog, tmp_path / "programme.xlsx", publish_time=PUBLISH)
    write_csv(titled, prog, tmp_path / "programme.csv")
    for name in ("programme.xlsx", "programme.csv"):
        source = tmp_path / name
        plan = read_programme(source, titled)
        copy = write_checked(source, plan, check_programme(titled, plan))
        for book in (load_workbook(copy), load_workbook(tmp_path / "programme.xlsx")):
            cells = [c for row in book["Programme"].iter_rows() for c in row]
            assert not [c.coordinate for c in cells if c.data_type == "f"], name
