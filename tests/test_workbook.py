"""Reading forums: the sample, CSV folders, merged workbooks, and every kind of bad input."""

from __future__ import annotations

import copy
import resource
from datetime import time
from time import monotonic

import openpyxl
import pytest
from forumgen import generate_forum, write_csv_folder, write_xlsx

from forum_scheduler import ForumInputError, load_forum, sample_inputs


@pytest.fixture(scope="module")
def sheets():
    return generate_forum(40, seed=3)


def load_sheets(tmp_path, sheets, name="forum.xlsx"):
    path = tmp_path / name
    write_xlsx(sheets, path)
    return load_forum([path])


def issues_of(tmp_path, sheets) -> list:
    with pytest.raises(ForumInputError) as caught:
        load_sheets(tmp_path, sheets)
    return list(caught.value.issues)


def test_sample_forum_loads():
    forum = load_forum(sample_inputs())
    assert forum.settings.name == "WSIS Forum 2026"
    assert len(forum.sessions) == 150
    assert {r.venue for r in forum.rooms} == {"CICG", "ITU HQ"}
    assert forum.by_kind["opening"] and forum.by_kind["closing"]
    assert forum.unavailability and forum.rules
    assert forum.weights == {"theme_clash": 10, "room_fit": 1}


def test_csv_folder_reads_like_the_workbook(tmp_path, sheets):
    write_csv_folder(sheets, tmp_path / "csv")
    from_csv = load_forum([tmp_path / "csv"])
    from_xlsx = load_sheets(tmp_path, sheets)
    assert from_csv.sessions == from_xlsx.sessions
    assert from_csv.rooms == from_xlsx.rooms
    assert from_csv.settings == from_xlsx.settings
    assert from_csv.unavailability == from_xlsx.unavailability
    assert from_csv.rules == from_xlsx.rules


def test_data_and_constraints_merge_from_two_workbooks(tmp_path, sheets):
    data = {k: v for k, v in sheets.items() if k not in ("Unavailability", "Rules", "Weights")}
    rules = {k: v for k, v in sheets.items() if k in ("Unavailability", "Rules", "Weights")}
    write_xlsx(data, tmp_path / "data.xlsx")
    write_xlsx(rules, tmp_path / "rules.xlsx")
    forum = load_forum([tmp_path / "data.xlsx", tmp_path / "rules.xlsx"])
    assert len(forum.rules) == len(sheets["Rules"])
    assert len(forum.unavailability) == len(sheets["Unavailability"])


def test_names_match_case_insensitively_and_extra_columns_are_kept_out(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    changed[" rooms "] = [
        {
            " Room_ID ": r["room_id"],
            "VENUE": r["venue"],
            "Capacity": r["capacity"],
            "features": r.get("features"),
            "comment": "extra",
        }
        for r in changed.pop("Rooms")
    ]
    forum = load_sheets(tmp_path, changed)
    assert len(forum.rooms) == len(sheets["Rooms"])


def test_missing_sheet_is_named(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    changed["Talks"] = changed.pop("Sessions")
    issues = issues_of(tmp_path, changed)
    assert any(
        "required sheet 'Sessions' is missing" in i.message and "Talks" in i.message for i in issues
    )


def test_missing_column_names_sheet_and_column(tmp_path, sheets):
    path = tmp_path / "forum.xlsx"
    write_xlsx(sheets, path)
    book = openpyxl.load_workbook(path)
    rooms = book["Rooms"]
    header = [c.value for c in rooms[1]]
    rooms.delete_cols(header.index("capacity") + 1)
    book.save(path)
    with pytest.raises(ForumInputError) as caught:
        load_forum([path])
    [issue] = caught.value.issues
    assert (issue.sheet, issue.row, issue.column) == ("Rooms", 1, "capacity")
    assert "required column 'capacity' is missing" in issue.message


def test_text_in_a_number_cell(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    changed["Sessions"][4]["attendance"] = "about 40"
    [issue] = issues_of(tmp_path, changed)
    assert (issue.sheet, issue.row, issue.column) == ("Sessions", 6, "attendance")
    assert "'about 40' is not a whole number" in str(issue)


def test_every_problem_is_reported_at_once(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    changed["Sessions"][1]["facilitators"] = "NOBODY"
    changed["Sessions"][2]["themes"] = "T99"
    changed["Sessions"][3]["room"] = "ROOM-X"
    changed["Sessions"][5]["start"] = "half past nine"
    changed["Sessions"][6]["duration_minutes"] = 50
    changed["Sessions"][7]["session_id"] = changed["Sessions"][8]["session_id"]
    changed["Sessions"][9]["kind"] = "keynote"
    changed["Unavailability"][0]["who"] = "GHOST"
    changed["Rules"][0]["rule"] = "after"
    changed["Weights"].append({"objective": "happiness", "weight": 3})
    issues = issues_of(tmp_path, changed)
    found = {(i.sheet, i.row, i.column): i.message for i in issues}
    assert "unknown facilitator 'NOBODY'" in found[("Sessions", 3, "facilitators")]
    assert "unknown theme 'T99'" in found[("Sessions", 4, "themes")]
    assert "unknown room 'ROOM-X'" in found[("Sessions", 5, "room")]
    assert "not a time of day" in found[("Sessions", 7, "start")]
    assert "not a multiple of slot_minutes (15)" in found[("Sessions", 8, "duration_minutes")]
    assert "duplicate id" in found[("Sessions", 10, "session_id")]
    assert "unknown kind 'keynote'" in found[("Sessions", 11, "kind")]
    assert "unknown facilitator or room 'GHOST'" in found[("Unavailability", 2, "who")]
    assert "unknown rule 'after'" in found[("Rules", 2, "rule")]
    weight_issue = found[("Weights", len(changed["Weights"]) + 1, "objective")]
    assert "unknown objective 'happiness'" in weight_issue
    assert any("theme_clash" in i.hint for i in issues if i.sheet == "Weights")


def test_forum_settings_are_checked(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    settings = {row["setting"]: row for row in changed["Forum"]}
    settings["timezone"]["value"] = "Europe/Genf"
    settings["breaks"]["value"] = "19:00-20:00"
    settings["slot_minutes"]["value"] = "fifteen"
    changed["Forum"].append({"setting": "colour", "value": "blue"})
    issues = issues_of(tmp_path, changed)
    text = "\n".join(str(i) for i in issues)
    assert "unknown timezone 'Europe/Genf'" in text
    assert "break 19:00-20:00 lies outside the day" in text
    assert "'fifteen' is not a whole number" in text
    assert "unknown setting 'colour'" in text


def test_paper_size_is_read_in_any_case_and_defaults_to_a4(tmp_path, sheets):
    assert load_sheets(tmp_path, sheets).settings.paper_size == "A4"
    changed = copy.deepcopy(sheets)
    changed["Forum"].append({"setting": "paper_size", "value": " a3 "})
    assert load_sheets(tmp_path, changed, "a3.xlsx").settings.paper_size == "A3"


def test_a_bad_paper_size_names_its_cell_and_the_nearest_size(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    changed["Forum"].append({"setting": "Paper_Size", "value": "A 3"})
    [issue] = issues_of(tmp_path, changed)
    assert (issue.sheet, issue.row, issue.column) == ("Forum", len(changed["Forum"]) + 1, "value")
    assert (
        issue.message == "paper_size: unknown paper size 'A 3' (did you mean 'A3'?) (use A4 or A3)"
    )
    changed["Forum"][-1]["value"] = "Letter"
    [issue] = issues_of(tmp_path, changed)
    assert issue.message == "paper_size: unknown paper size 'Letter' (use A4 or A3)"


def test_changeover_and_standard_starts_are_read(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    changed["Forum"].append({"setting": "room_changeover_minutes", "value": 15})
    changed["Forum"].append({"setting": "session_starts", "value": "14:30, 09:00,11:00"})
    changed["Rooms"][0]["changeover_minutes"] = 30
    forum = load_sheets(tmp_path, changed)
    assert forum.settings.room_changeover_minutes == 15
    assert forum.settings.session_starts == (9 * 60, 11 * 60, 14 * 60 + 30)
    assert forum.rooms[0].changeover == 30 and forum.rooms[1].changeover is None


def test_bad_changeover_and_standard_starts_name_their_cells(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    settings = {row["setting"]: row for row in changed["Forum"]}
    lunch = settings["breaks"]["value"].split(";")[0].split("-")[0].strip()
    changed["Forum"].append({"setting": "room_changeover_minutes", "value": -5})
    changed["Forum"].append(
        {"setting": "session_starts", "value": f"09:00, 09:10, {lunch}, 23:00, soon"}
    )
    issues = issues_of(tmp_path, changed)
    rows = len(changed["Forum"]) + 1  # the header is row 1
    found = [(i.sheet, i.row, i.column, i.message) for i in issues]
    assert (
        "Forum",
        rows,
        "value",
        "session_starts: 09:10 is off the 15-minute grid that starts at 09:00",
    ) in found
    assert (
        "Forum",
        rows,
        "value",
        f"session_starts: {lunch} is inside the break "
        f"{settings['breaks']['value'].split(';')[0].strip()}",
    ) in found
    assert any(m.startswith("session_starts: 23:00 is outside the day") for *_, m in found)
    assert any("'soon' is not a time of day" in m for *_, m in found)
    assert (
        "Forum",
        rows - 1,
        "value",
        "room_changeover_minutes: -5 must be a whole number, 0 or more",
    ) in found
    rooms = copy.deepcopy(sheets)
    rooms["Rooms"][1]["changeover_minutes"] = "a while"
    [issue] = issues_of(tmp_path, rooms)
    assert (issue.sheet, issue.row, issue.column) == ("Rooms", 3, "changeover_minutes")
    assert "'a while' is not a whole number" in issue.message


def test_session_longer_than_a_day(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    changed["Sessions"][3]["duration_minutes"] = 600
    [issue] = issues_of(tmp_path, changed)
    assert issue.column == "duration_minutes" and "longer than the longest stretch" in issue.message


def test_room_and_facilitator_ids_share_one_namespace(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    changed["Facilitators"][0]["facilitator_id"] = changed["Rooms"][0]["room_id"]
    issues = issues_of(tmp_path, changed)
    assert any("is both a room and a facilitator" in i.message for i in issues)


def test_planner_forms_of_times_days_and_booleans(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    row = next(r for r in changed["Sessions"] if r["kind"] == "parallel")
    row["day"] = changed["Forum"][1]["value"]  # the first day as a date cell
    row["start"] = "14:30"
    row["locked"] = "yes"
    forum = load_sheets(tmp_path, changed)
    session = forum.session_by_id[row["session_id"]]
    assert (session.pin_day, session.pin_start, session.locked) == (1, 14 * 60 + 30, True)


def test_merged_cells_are_refused(tmp_path, sheets):
    path = tmp_path / "forum.xlsx"
    write_xlsx(sheets, path)
    book = openpyxl.load_workbook(path)
    book["Sessions"].merge_cells("D2:D3")
    book.save(path)
    with pytest.raises(ForumInputError) as caught:
        load_forum([path])
    assert any("merged" in i.message and i.sheet == "Sessions" for i in caught.value.issues)


def test_not_a_workbook(tmp_path):
    path = tmp_path / "forum.xlsx"
    path.write_text("not a zip")
    with pytest.raises(ForumInputError) as caught:
        load_forum([path])
    assert "cannot open workbook" in str(caught.value)


def test_an_input_file_is_never_written(tmp_path, sheets):
    path = tmp_path / "forum.xlsx"
    write_xlsx(sheets, path)
    before = path.read_bytes()
    load_forum([path])
    assert path.read_bytes() == before


def test_time_cells_in_the_forum_sheet(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    for row in changed["Forum"]:
        if row["setting"] == "day_start":
            row["value"] = time(8, 30)
    forum = load_sheets(tmp_path, changed)
    assert forum.settings.day_start == 8 * 60 + 30


# -- hostile and odd workbooks ------------------------------------------------------------------
def _with_cells(path, sheet, cells):
    book = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        book[sheet][ref] = value
    book.save(path)


def _cached(path, formula, value):
    """Give a formula cell the value a spreadsheet program would have saved with it."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    for name, data in items.items():
        if name.startswith("xl/worksheets/") and f"<f>{formula}</f><v />".encode() in data:
            items[name] = data.replace(
                f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v>{value}</v>".encode()
            )
    with zipfile.ZipFile(path, "w") as z:
        for name, data in items.items():
            z.writestr(name, data)


def _column_letter(sheets, sheet, column):
    from openpyxl.utils import get_column_letter

    from forum_scheduler.sheetwriter import CONTRACT_COLUMNS

    return get_column_letter(CONTRACT_COLUMNS[sheet].index(column) + 1)


def test_a_formula_without_a_saved_value_is_refused_naming_its_cell(tmp_path, sheets):
    path = tmp_path / "forum.xlsx"
    write_xlsx(sheets, path)
    day, room = (
        _column_letter(sheets, "Sessions", "day"),
        _column_letter(sheets, "Sessions", "room"),
    )
    _with_cells(path, "Sessions", {f"{day}5": "=2+2", f"{room}6": '="R"&"01"'})
    with pytest.raises(ForumInputError) as caught:
        load_forum([path])
    found = {(i.sheet, i.row, i.column): i.message for i in caught.value.issues}
    assert "formula (=2+2) whose value was never saved" in found[("Sessions", 5, "day")]
    assert '="R"&"01"' in found[("Sessions", 6, "room")]


def test_a_formula_with_its_saved_value_is_read_as_that_value(tmp_path, sheets):
    path = tmp_path / "forum.xlsx"
    write_xlsx(sheets, path)
    day = _column_letter(sheets, "Sessions", "day")
    _with_cells(path, "Sessions", {f"{day}5": "=1+1"})
    _cached(path, "1+1", 2)
    forum = load_forum([path])
    assert forum.session_by_id[sheets["Sessions"][3]["session_id"]].pin_day == 2


def test_control_characters_are_refused_and_line_breaks_in_names_become_spaces(tmp_path, sheets):
    # An xlsx file cannot hold control characters (XML forbids them), a CSV file can.
    changed = copy.deepcopy(sheets)
    changed["Sessions"][2]["title"] = "Bell\x07 and escape\x1b"
    write_csv_folder(changed, tmp_path / "csv")
    with pytest.raises(ForumInputError) as caught:
        load_forum([tmp_path / "csv"])
    issues = caught.value.issues
    assert [(i.sheet, i.row, i.column) for i in issues] == [("Sessions", 4, "title")]
    assert "control character (U+0007)" in issues[0].message
    # Excel writes such a character into an xlsx as _x0007_, and a typed '_x0041_' as
    # _x005F_x0041_ (openpyxl writes strings as they are)
    changed = copy.deepcopy(sheets)
    changed["Sessions"][2]["title"] = "Opening_x0007_ceremony"
    changed["Sessions"][3]["title"] = "Typed _x005F_x0041_ as it is"
    issues = issues_of(tmp_path, changed)
    assert [(i.sheet, i.row, i.column) for i in issues] == [("Sessions", 4, "title")]
    assert "control character (U+0007)" in issues[0].message
    changed["Sessions"][2]["title"] = "Opening ceremony"
    assert load_sheets(tmp_path, changed).sessions[3].title == "Typed _x0041_ as it is"
    changed = copy.deepcopy(sheets)
    for row in changed["Forum"]:
        if row["setting"] == "name":
            row["value"] = "Generated\rForum"
    changed["Facilitators"][0]["name"] = "Anna\nMüller"
    changed["Sessions"][0]["description"] = "line one\r\nline two"
    forum = load_sheets(tmp_path, changed)
    assert forum.settings.name == "Generated Forum"
    assert forum.facilitators[0].name == "Anna Müller"
    assert forum.sessions[0].description == "line one\nline two"


def test_stray_cells_far_away_cost_nothing_and_data_beyond_the_cap_is_refused(tmp_path, sheets):
    path = tmp_path / "forum.xlsx"
    write_xlsx(sheets, path)
    book = openpyxl.load_workbook(path)
    notes = book.create_sheet("Notes")
    notes["A1"], notes["XFD1048576"] = "planner's notes", "stray"
    book["Rooms"]["XFD2"] = "far to the right, beyond the header"
    book.save(path)
    started, before = monotonic(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    forum = load_forum([path])
    assert monotonic() - started < 20
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KB
    assert len(forum.rooms) == len(sheets["Rooms"])
    book = openpyxl.load_workbook(path)
    book["Themes"]["A200000"] = "T-far"
    book["Rooms"]["A1002"] = "R-far"  # the Rooms sheet's own cap: 1,000 rooms
    book.save(path)
    with pytest.raises(ForumInputError) as caught:
        load_forum([path])
    issues = {issue.sheet: issue for issue in caught.value.issues}
    assert issues["Themes"].row == 200000
    assert "at most 100,000 rows are read" in issues["Themes"].message
    assert issues["Rooms"].row == 1002
    assert "more than 1,000 rooms (data in row 1,002)" in issues["Rooms"].message


@pytest.mark.parametrize(
    "sheet, key, column, value, expected",
    [
        ("Forum", "first_day", "value", "9999-12-30", "not a plausible date"),
        ("Forum", "days", "value", 400, "too large: at most 31"),
        ("Forum", "time_limit_seconds", "value", 10**9, "at most 86,400 seconds"),
        ("Weights", "room_fit", "weight", 10**12, "too large: at most 1,000,000"),
        ("Rooms", None, "capacity", 10**10, "too large: at most 1,000,000"),
    ],
)
def test_values_out_of_range_are_input_errors(
    tmp_path, sheets, sheet, key, column, value, expected
):
    changed = copy.deepcopy(sheets)
    rows = changed[sheet]
    row = next(
        r for r in rows if key is None or r.get("setting") == key or r.get("objective") == key
    )
    row[column] = value
    issues = issues_of(tmp_path, changed)
    assert any(expected in i.message and i.sheet == sheet for i in issues), [str(i) for i in issues]


# ---------------------------------------------------------------------------------------------
# CSV files as spreadsheets and hands leave them


def issues_from(folder) -> list:
    with pytest.raises(ForumInputError) as caught:
        load_forum([folder])
    return list(caught.value.issues)


def test_a_quote_that_never_closes_is_refused_naming_its_row(tmp_path, sheets):
    folder = tmp_path / "csv"
    write_csv_folder(sheets, folder)
    path = folder / "Sessions.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].rstrip("\r\n") + ',extra,"unterminated\r\n'
    path.write_text("".join(lines), encoding="utf-8", newline="")
    issues = issues_from(folder)
    assert [(i.sheet, i.row) for i in issues] == [("Sessions", 6)], issues
    assert "quote that never closes" in issues[0].message


def test_values_beyond_the_header_are_refused_naming_their_row(tmp_path, sheets):
    folder = tmp_path / "csv"
    write_csv_folder(sheets, folder)
    path = folder / "Rooms.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\r\n") + ",,stray\r\n"  # empty trailing fields are fine
    lines[3] = lines[3].rstrip("\r\n") + ",,\r\n"
    path.write_text("".join(lines), encoding="utf-8", newline="")
    (issue,) = issues_from(folder)
    assert (issue.sheet, issue.row) == ("Rooms", 3)
    assert "values but the header has" in issue.message and "'stray'" in issue.message


def test_a_csv_saved_with_semicolons_reads_like_one_with_commas(tmp_path, sheets):
    import csv

    write_csv_folder(sheets, tmp_path / "csv")
    (tmp_path / "semi").mkdir()
    for path in (tmp_path / "csv").iterdir():
        with open(path, newline="", encoding="utf-8") as handle:
            records = list(csv.reader(handle))
        with open(tmp_path / "semi" / path.name, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, delimiter=";").writerows(records)
    assert load_forum([tmp_path / "semi"]).sessions == load_forum([tmp_path / "csv"]).sessions


def test_a_csv_in_another_encoding_is_one_problem_not_hundreds(tmp_path, sheets):
    folder = tmp_path / "csv"
    write_csv_folder(sheets, folder)
    path = folder / "Facilitators.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.replace("Jakub", "Jakub Müller", 1).encode("cp1252", "replace"))
    issues = issues_from(folder)
    assert len(issues) == 1, issues
    assert issues[0].sheet == "Facilitators" and "CSV UTF-8" in issues[0].hint


def test_a_damaged_sheet_is_said_once_and_not_also_missing(tmp_path, sheets):
    import zipfile

    path = tmp_path / "forum.xlsx"
    write_xlsx(sheets, path)
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as target:
        names = {n for n in source.namelist() if n.startswith("xl/worksheets/sheet")}
        sessions = sorted(names)[list(sheets).index("Sessions")]
        for item in source.infolist():
            data = source.read(item)
            if item.filename == sessions:
                data = data.replace(b"<v>", b"<v>&#x1b;", 1)
            target.writestr(item, data)
    issues = issues_from(damaged)
    assert [i.sheet for i in issues] == ["Sessions"], issues
    assert "cannot read workbook" in issues[0].message


def test_a_mistyped_id_gets_the_nearest_known_one(tmp_path, sheets):
    changed = copy.deepcopy(sheets)
    person = changed["Sessions"][1]["facilitators"].split(",")[0].strip()
    room = changed["Rooms"][0]["room_id"]
    changed["Sessions"][1]["facilitators"] = person + "X"  # a key pressed twice, a letter more
    changed["Sessions"][3]["room"] = room.lower()  # case slips count as near
    changed["Sessions"][9]["kind"] = "plenery"
    changed["Unavailability"][0]["who"] = "ZZZZZZZZ"  # nothing near: no suggestion
    found = {(i.sheet, i.row, i.column): i.message for i in issues_of(tmp_path, changed)}
    assert f"(did you mean '{person}'?)" in found[("Sessions", 3, "facilitators")]
    assert f"(did you mean '{room}'?)" in found[("Sessions", 5, "room")]
    assert "(did you mean 'plenary'?)" in found[("Sessions", 11, "kind")]
    assert "did you mean" not in found[("Unavailability", 2, "who")]
