"""The workbook's printed sheets, read with openpyxl: day grids, door sheets and the report.

tests/test_print.py prints them through LibreOffice; these check what the workbook asks of
any spreadsheet program (page set-up, sizes, texts) and the figures the report computes.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from conftest import forum as small_forum
from conftest import programme as small_programme
from conftest import room, session
from exportfixtures import PUBLISH, REPORT, make_forum, make_programme, many_rooms
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from forum_scheduler.domain import (
    Break,
    Facilitator,
    Forum,
    Placement,
    Programme,
    Room,
    Unavailability,
)
from forum_scheduler.export import write_xlsx
from forum_scheduler.export.colours import text_colour, theme_colour
from forum_scheduler.export.day_grids import _Text, grid_scales
from forum_scheduler.export.printing import PAPERS, POINTS_PER_WIDTH_UNIT
from forum_scheduler.export.room_use import room_use

DAYS = ["Thu 26 Mar", "Fri 27 Mar", "Sat 28 Mar", "Sun 29 Mar", "Mon 30 Mar"]


def written(tmp_path, forum=None, programme=None, report=None, name="programme.xlsx"):
    path = tmp_path / name
    forum = forum or make_forum()
    write_xlsx(forum, programme or make_programme(), path, report, publish_time=PUBLISH)
    return load_workbook(path)


def with_paper(forum: Forum, paper: str) -> Forum:
    return replace(forum, settings=replace(forum.settings, paper_size=paper))


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


# ---------------------------------------------------------------------------------------------
# Day grids


@pytest.mark.parametrize(("paper", "code"), [("A4", 9), ("A3", 8)])
def test_each_day_grid_prints_on_one_landscape_page_of_the_forums_paper(tmp_path, paper, code):
    wb = written(tmp_path, with_paper(make_forum(), paper))
    for name in DAYS:
        ws = wb[name]
        setup = ws.page_setup
        assert (setup.paperSize, setup.orientation) == (code, "landscape"), name
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 1)
        assert not ws.row_breaks.brk and not ws.col_breaks.brk
        assert ws.print_title_rows == "$1:$3"  # title, venues and rooms, if a printer splits
        assert ws.print_area == f"'{name}'!$A$1:$D${ws.max_row}"
        assert ws["A3"].font.name == "Arial"  # Liberation Sans's metric twin


def test_rooms_are_grouped_by_venue_under_a_venue_header(tmp_path):
    base = make_forum()
    rooms = (  # the Rooms sheet mixes the venues
        Room("R2", "Salle B", "CICG", 80),
        Room("R1", "Room One", "ITU HQ", 200),
        Room("K", "Room K", "CICG", 40),
    )
    ws = written(tmp_path, replace(base, rooms=rooms))["Thu 26 Mar"]
    assert [ws.cell(row=3, column=c).value for c in range(1, 5)] == [
        "time",
        "Salle B\n80 seats",
        "Room K\n40 seats",
        "Room One\n200 seats",
    ]
    assert (ws["B2"].value, ws["D2"].value) == ("CICG", "ITU HQ")
    assert "B2:C2" in merged(ws) and ws["B2"].font.bold
    assert ws.freeze_panes == "B4"


def test_a_block_shows_id_attendance_over_capacity_title_and_names(tmp_path):
    ws = written(tmp_path)["Thu 26 Mar"]  # R1 (ITU HQ) in column B, then CICG's R2 and K
    assert ws["B4"].value == "S01 · 180/200\nOpening of the week\nMüller, Anna"
    assert "B4:B7" in merged(ws)  # 09:00-10:00: four quarter-hour slots
    assert ws["B4"].fill.start_color.rgb.endswith("1F77B4")  # its first theme's own colour
    assert ws["B4"].font.color.rgb.endswith("FFFFFF")  # white on the dark blue
    # S02 in R2 (column C) from 10:30, 90 minutes; names joined with ';' (one has a comma)
    assert ws["C10"].value == "S02 · 60/80\nHealth data\nBob Smith; Dupont; Jean"
    assert "C10:C15" in merged(ws)
    assert ws["C10"].font.color.rgb.endswith("000000")
    assert [ws.cell(row=r, column=1).value for r in (4, 8, 10, 16)] == [
        "09:00",
        "10:00",
        "10:30",
        "12:00",
    ]  # the times where a session starts or ends


def test_a_block_names_three_facilitators_and_counts_the_others(tmp_path):
    base = make_forum()
    people = tuple(Facilitator(f"P{i}", f"Person {i}") for i in range(1, 7))
    sessions = tuple(
        replace(s, facilitators=tuple(p.facilitator_id for p in people))
        if s.session_id == "S01"
        else s
        for s in base.sessions
    )
    forum = replace(base, facilitators=base.facilitators + people, sessions=sessions)
    ws = written(tmp_path, forum)["Thu 26 Mar"]
    assert ws["B4"].value.endswith("\nPerson 1; Person 2; + 4 more")


def test_every_day_grid_has_the_legend_of_theme_colours(tmp_path):
    forum = make_forum()
    wb = written(tmp_path, forum)
    for name in DAYS:  # days without sessions too
        ws = wb[name]
        label = next(
            r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "themes"
        )
        entries = {
            c.value: c.fill.start_color.rgb[-6:] for c in ws[label] if c.column > 1 and c.value
        }
        # S01 and S04 are coloured by T-AI, S02 by T-H and S03 by T-E (its colour is invalid)
        assert entries == {
            "AI, Data": "1F77B4",
            "Health": theme_colour(forum, "T-H"),
            "Ethics; Society": theme_colour(forum, "T-E"),
        }, name
        assert ws.print_area.endswith(f"${label}")


def test_a_break_that_nothing_overlaps_is_one_thin_band(tmp_path):
    ws = written(tmp_path)["Thu 26 Mar"]  # the lunch break 12:45-14:30: slots 15 to 21
    assert ws["B19"].value == "break 12:45-14:30"
    assert "B19:D25" in merged(ws) and "A19:A25" in merged(ws)
    assert sum(ws.row_dimensions[r].height for r in range(19, 26)) <= 12.5


def test_a_clash_in_a_hand_edited_programme_shares_the_first_sessions_block(tmp_path):
    clashing = Programme((*make_programme().placements, Placement("S07", 1, 9 * 60 + 30, "R1")))
    ws = written(tmp_path, programme=clashing)["Thu 26 Mar"]
    assert ws["B4"].value.endswith("\n+ S07 · 30/200\nNot placed\nIdle Person")


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_every_blocks_text_fits_it_and_the_grid_fits_the_page_at_its_scale(tmp_path, paper):
    forum, programme = many_rooms()
    forum = with_paper(forum, paper)
    ws = written(tmp_path, forum, programme)["Thu 26 Mar"]
    scale = grid_scales(forum, programme)[0]  # day 1's
    width = sum(
        ws.column_dimensions[get_column_letter(c)].width * POINTS_PER_WIDTH_UNIT
        for c in range(1, len(forum.rooms) + 2)
    )
    height = sum(ws.row_dimensions[r].height for r in range(1, ws.max_row + 1))
    page_width, page_height = PAPERS[paper].printable(landscape=True)
    assert width * scale <= page_width * 1.001 and height * scale <= page_height * 1.001
    # the page is used: the grid reaches one side of it at that scale
    assert max(width * scale / page_width, height * scale / page_height) >= 0.99
    blocks = [ws.cell(row=m.min_row, column=m.min_col) for m in ws.merged_cells.ranges]
    blocks = [cell for cell in blocks if re.match(r"S\d{3} · ", str(cell.value))]
    assert len(blocks) == len(programme.placements)
    for cell in blocks:
        block = next(m for m in ws.merged_cells.ranges if cell.coordinate in m)
        column = ws.column_dimensions[get_column_letter(block.min_col)].width
        given = sum(ws.row_dimensions[r].height for r in range(block.min_row, block.max_row + 1))
        assert given >= _Text(cell.value).height(column * POINTS_PER_WIDTH_UNIT), cell.coordinate


def test_a3_prints_the_same_grid_larger_than_a4():
    forum, programme = many_rooms()
    a4 = grid_scales(with_paper(forum, "A4"), programme)[0]
    a3 = grid_scales(with_paper(forum, "A3"), programme)[0]
    assert 0.5 < a4 < a3 <= 1.0
    assert a3 / a4 > 1.25  # A3's sides are 1.41 times A4's


@pytest.mark.parametrize(
    ("fill", "text"),
    [
        ("8C564B", "FFFFFF"),  # dark brown
        ("1F77B4", "FFFFFF"),
        ("757575", "FFFFFF"),  # just darker than the threshold
        ("777777", "000000"),  # just lighter
        ("4E79A7", "000000"),
        ("FFBB78", "000000"),
        ("FFFFFF", "000000"),
        ("#1F77B4", "FFFFFF"),
    ],
)
def test_text_colour_follows_the_fill_luminance(fill, text):
    assert text_colour(fill) == text


def test_theme_colour_is_the_themes_own_or_a_stable_palette_colour():
    forum = make_forum()
    assert theme_colour(forum, "T-AI") == "1F77B4"
    assert theme_colour(forum, "T-E") == theme_colour(make_forum(), "T-E")  # 'bad': palette
    assert re.fullmatch("[0-9A-F]{6}", theme_colour(forum, "unknown"))


# ---------------------------------------------------------------------------------------------
# Door sheets


def test_door_sheets_hold_one_page_per_room_and_day(tmp_path):
    wb = written(tmp_path)
    # sessions on days 1 (R1, R2, K), 2 (K) and 5 (R1, R2): no door sheet for days 3 and 4
    assert [n for n in wb.sheetnames if n.startswith("Doors ")] == [
        "Doors Thu 26 Mar",
        "Doors Fri 27 Mar",
        "Doors Mon 30 Mar",
    ]
    ws = wb["Doors Thu 26 Mar"]
    firsts = [r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).font.sz == 28]
    assert [ws.cell(row=r, column=1).value for r in firsts] == ["Room One", "Salle B", "Room K"]
    assert [b.id for b in ws.row_breaks.brk] == [r - 1 for r in firsts[1:]]
    assert ws.cell(row=firsts[1] + 1, column=1).value == "CICG - Thursday 26 March 2026"
    assert [ws.cell(row=firsts[1] + 3, column=c).value for c in (1, 2, 3)] == [
        "time",
        "session",
        "facilitators",
    ]

    def sessions(first, last):
        return [[ws.cell(row=r, column=c).value for c in (1, 2, 3)] for r in range(first, last)]

    assert sessions(firsts[0] + 4, firsts[1]) == [
        ["09:00-10:00", "Opening of the week\nS01", "Müller, Anna"]
    ]
    assert sessions(firsts[1] + 4, firsts[2]) == [
        ["10:30-12:00", "Health data\nS02", "Bob Smith\nDupont; Jean"]
    ]
    setup = ws.page_setup
    assert (setup.paperSize, setup.orientation, setup.scale) == (9, "portrait", 100)
    assert not ws.sheet_properties.pageSetUpPr.fitToPage  # Excel drops breaks when fitting


def test_a_long_room_day_shrinks_its_door_sheet_to_fit_a_page(tmp_path):
    sessions = tuple(session(f"S{i:02d}", 30, facilitators=["a", "b", "c"]) for i in range(16))
    forum = small_forum(sessions, day_start=8 * 60, day_end=16 * 60, days=1)
    placed = small_programme(
        *(
            (s.session_id, 1, f"{8 + i // 2:02d}:{30 * (i % 2):02d}", "A")
            for i, s in enumerate(sessions)
        )
    )
    ws = written(tmp_path, forum, placed)["Doors Mon 04 May"]
    tall = sum(ws.row_dimensions[r].height or 15 for r in range(1, ws.max_row + 1))
    _, page = PAPERS["A4"].printable(landscape=False)
    assert tall > page and ws.page_setup.scale <= 100 * page / tall


# ---------------------------------------------------------------------------------------------
# The report


def report_rows(ws) -> list[list]:
    return [[v for v in row if v is not None] for row in ws.iter_rows(values_only=True)]


def test_the_report_sheet_reads_as_a_report(tmp_path):
    ws = written(tmp_path, report=REPORT)["Report"]
    rows = report_rows(ws)
    assert rows[0] == ["Forum Week 2026: programme report"]
    text = "\n".join(str(v) for row in rows for v in row)
    assert not re.search(r"\b[a-z_]+\.(?!json\b)[a-z_]+", text)  # no key like goals.x.worst
    assert ["sessions placed", "6 of 7"] in rows
    assert ["schedule", "found"] in rows
    assert ["hard rules", "every hard rule holds, re-checked by the independent checker"] in rows
    assert any(r[0] == "provably unavoidable" and "at least 25% of" in r[1] for r in rows if r)
    header = ["goal", "what it asks for", "weight", "measure", "penalty", "lower bound", "offences"]
    assert header in rows
    assert ["room_fit", "Rooms fit the audience", 1, 900, 900, 300, 2] in rows
    assert ["theme_clash", "Sessions of a theme do not overlap", 10, 30, 300, 0, 1] in rows
    assert ["total", 1200, 300] in rows
    assert ["room_fit", REPORT["goals"]["room_fit"]["worst"][0]] in rows
    assert ["theme_clash", REPORT["goals"]["theme_clash"]["forced"][0]] in rows
    assert ["nothing: every session has a place and every hard rule holds"] in rows
    assert [REPORT["notes"][0]] in rows
    setup = ws.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (
        9,
        "portrait",
        1,
        0,
    )


def test_the_report_sheet_keeps_to_the_programme_when_there_is_no_report(tmp_path):
    rows = report_rows(written(tmp_path)["Report"])
    assert ["sessions placed", "6 of 7"] in rows
    assert not any(r and r[0] in ("schedule", "hard rules", "penalty") for r in rows)


def _use_forum():
    """Two days of 09:00-12:00 (a 10:30-11:00 break), room A at HQ and B at Annex; B is
    closed on day 1 from 09:00 to 10:00 (hard), A on day 2 from 11:00 (soft: still open)."""
    sessions = [session("S1", 60), session("S2", 30), session("S3", 90), session("S4", 60)]
    forum = small_forum(
        sessions,
        [room("A", venue="HQ"), room("B", venue="Annex")],
        breaks=(Break(10 * 60 + 30, 11 * 60),),
        unavailability=[
            Unavailability("B", 1, 9 * 60, 10 * 60),
            Unavailability("A", 2, 11 * 60, 12 * 60, hard=False),
        ],
    )
    programme = small_programme(
        ("S1", 1, "09:00", "A"),  # 60 of A's 150 open minutes on day 1
        ("S2", 1, "10:00", "B"),  # 30 of B's 90 (150 less its closed hour)
        ("S3", 2, "09:00", "A"),  # 90 of 150
        ("S4", 2, "11:00", "A"),  # 60 more: a soft unavailability leaves A open
    )
    return forum, programme


def test_room_use_is_used_over_open_room_minutes_per_day_and_venue():
    forum, programme = _use_forum()
    day1, day2 = room_use(forum, programme)
    assert (day1.rooms.used, day1.rooms.open) == (90, 240)
    assert (day1.venues["HQ"].share, day1.venues["Annex"].share) == (60 / 150, 30 / 90)
    assert (day2.rooms.used, day2.rooms.open) == (150, 300)
    assert (day2.venues["HQ"].share, day2.venues["Annex"].share) == (1.0, 0.0)


def test_room_use_counts_a_clash_once():
    forum, programme = _use_forum()
    clash = Programme((*programme.placements, Placement("S2", 2, 9 * 60 + 30, "A")))
    assert room_use(forum, clash)[1].rooms.used == 150


def test_the_report_sheet_gives_room_use_in_percent(tmp_path):
    forum, programme = _use_forum()
    ws = written(tmp_path, forum, programme)["Report"]
    rows = report_rows(ws)
    start = rows.index(["day", "room-hours used / open", "all rooms", "HQ", "Annex"])
    assert rows[start + 1 : start + 4] == [
        ["Mon 04 May", "1.5 / 4.0", 90 / 240, 60 / 150, 30 / 90],
        ["Tue 05 May", "2.5 / 5.0", 0.5, 1.0, 0.0],
        ["week", "4.0 / 9.0", 240 / 540, 210 / 300, 30 / 240],
    ]
    shares = [c for c in ws[ws.max_row] if isinstance(c.value, float)]
    assert shares and all(c.number_format == "0%" for c in shares)


def test_the_workbook_for_the_same_input_is_byte_identical_with_every_printed_sheet(tmp_path):
    forum, programme = many_rooms()
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (a, b):
        write_xlsx(forum, programme, path, REPORT, publish_time=PUBLISH)
    assert a.read_bytes() == b.read_bytes()
