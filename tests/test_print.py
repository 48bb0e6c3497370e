"""The workbook printed by a real spreadsheet program: LibreOffice turns it into a PDF.

A PDF of a whole workbook holds every sheet, so each test prints a copy that keeps only the
sheets it looks at (made with openpyxl, which keeps their page set-up). LibreOffice takes a
few seconds per file: the sample is printed once, its day grids; the rest are small forums.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from clients import pdf_pages, pdf_words, to_pdf
from exportfixtures import PUBLISH, REPORT, make_forum, make_programme, many_rooms
from openpyxl import load_workbook

from forum_scheduler import export, load_forum, sample_inputs, solve
from forum_scheduler.export import read_programme, write_xlsx
from forum_scheduler.export.day_grids import grid_scales

SESSION_ID = re.compile(r"^S\d{2,4}$")
ARIAL_EMS = {"S": 0.667, **dict.fromkeys("0123456789", 0.556)}  # advance widths, in ems
GRID_SIZE = 8  # points, the day grids' text as set (day_grids.GRID_SIZE)


def printed(workbook, keep, folder, profile):
    """The PDF of a copy of `workbook` that holds only the sheets `keep` says yes to."""
    wb = load_workbook(workbook)
    for name in wb.sheetnames:
        if not keep(name):
            del wb[name]
    copy = folder / f"{workbook.stem}-{len(wb.sheetnames)}-sheets.xlsx"
    wb.save(copy)
    return to_pdf(copy, folder, profile)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample forum solved (its first programme: the search adds nothing to printing) and
    published: (forum, programme, programme.xlsx)."""
    forum = load_forum(sample_inputs())
    result = solve(forum, effort=0, workers=1)
    assert result.is_schedule
    folder = export(forum, result, tmp_path_factory.mktemp("out"), publish_time=PUBLISH)
    workbook = folder / "programme.xlsx"
    return forum, read_programme(workbook, forum), workbook


def test_the_samples_day_grids_print_one_page_a_day_with_every_session(sample, tmp_path):
    forum, programme, workbook = sample
    days = [forum.settings.day_label(d) for d in range(1, forum.settings.days + 1)]
    pdf = printed(workbook, lambda name: name in days, tmp_path, tmp_path / "profile")
    pages = pdf_pages(pdf)
    assert len(pages) == forum.settings.days
    planned = grid_scales(forum, programme)
    for day, (text, words) in enumerate(zip(pages, pdf_words(pdf)), start=1):
        date = forum.settings.date_of(day).strftime("%A %d %B %Y")
        assert f"{forum.settings.name} - {date}" in " ".join(text.split())
        expected = {p.session_id for p in programme.placements if p.day == day}
        ids = [w for w in words if SESSION_ID.match(w[0])]
        assert {w[0] for w in ids} == expected, f"day {day}"
        assert "themes" in text and "CICG" in text and "ITU HQ" in text
        # The scale LibreOffice printed at, read off the ids' widths, is the one planned
        # (it rounds to a whole percent), and on A4 the text stays at 5 points or more.
        sizes = [(w[3] - w[1]) / sum(ARIAL_EMS[ch] for ch in w[0]) for w in ids]
        scale = min(sizes) / GRID_SIZE
        assert abs(scale - planned[day - 1]) <= 0.03, (day, scale, planned[day - 1])
        assert min(sizes) >= 5.0, f"day {day}: text printed at {min(sizes):.1f} points"


def test_eighteen_rooms_print_on_one_a3_page_at_full_size(tmp_path):
    forum, programme = many_rooms()
    forum = replace(forum, settings=replace(forum.settings, paper_size="A3"))
    path = tmp_path / "programme.xlsx"
    write_xlsx(forum, programme, path, publish_time=PUBLISH)
    pdf = printed(path, lambda name: name == "Thu 26 Mar", tmp_path, tmp_path / "profile")
    (page,) = pdf_pages(pdf)
    (words,) = pdf_words(pdf)
    ids = [w for w in words if SESSION_ID.match(w[0])]
    assert {w[0] for w in ids} == {p.session_id for p in programme.placements}
    assert "Palais" in page and "Annex" in page
    scale = min(w[3] - w[1] for w in ids) / (sum(ARIAL_EMS[ch] for ch in "S000") * GRID_SIZE)
    assert abs(scale - grid_scales(forum, programme)[0]) <= 0.03
    assert scale >= 0.9


def test_door_sheets_and_report_print_as_planned(tmp_path):
    forum, programme = make_forum(), make_programme()
    path = tmp_path / "programme.xlsx"
    write_xlsx(forum, programme, path, REPORT, publish_time=PUBLISH)
    pdf = printed(
        path,
        lambda name: name.startswith("Doors ") or name == "Report",
        tmp_path,
        tmp_path / "profile",
    )
    pages = [" ".join(page.split()) for page in pdf_pages(pdf)]
    doors = {(p.day, p.room_id) for p in programme.placements}
    assert len(pages) >= len(doors) + 1
    for page, (day, room_id) in zip(pages, sorted(doors, key=_door_order(forum))):
        room = forum.room_by_id[room_id]
        assert page.startswith(f"{room.name} {room.venue} - ")
        assert forum.settings.date_of(day).strftime("%A %d %B %Y") in page
        ids = {p.session_id for p in programme.placements if (p.day, p.room_id) == (day, room_id)}
        assert {w for w in page.split() if SESSION_ID.match(w)} == ids
    report = " ".join(pages[len(doors) :])
    assert report.startswith("Forum Week 2026: programme report")
    for phrase in ("sessions placed 6 of 7", "Soft goals", "Room use", "room_fit"):
        assert phrase in report
    assert "goals.room_fit" not in report


def _door_order(forum):
    """Door pages come day by day, rooms grouped by venue in the order of the Rooms sheet."""
    venues = list(dict.fromkeys(room.venue for room in forum.rooms))
    order = {room.room_id: (venues.index(room.venue), i) for i, room in enumerate(forum.rooms)}
    return lambda key: (key[0], order[key[1]])
