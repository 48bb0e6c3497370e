"""The planner's template that `init` writes: the sample forum's workbooks with a comment on
every header, dropdowns fed from the vocabularies and the Rooms sheet, checks of numbers, days
and times, frozen headers. It loads as the sample forum, a planner can fill it in (here with
openpyxl), and LibreOffice opens it and saves it back without losing the forum."""

from __future__ import annotations

import re
import shutil
from dataclasses import fields, replace
from datetime import time
from pathlib import Path

import pytest
from clients import to_csv_sheets, to_xlsx
from openpyxl import load_workbook
from openpyxl.worksheet.cell_range import CellRange
from publishing import run

import forum_scheduler as api
from forum_scheduler import load_forum, sample_inputs, write_template
from forum_scheduler.column_help import (
    COLUMNS,
    RULES_HELP,
    SETTINGS_HELP,
    header_comment,
    setting_comment,
)
from forum_scheduler.constraints.registry import weight_defaults
from forum_scheduler.domain import KINDS, RULE_KINDS, STRENGTHS, Forum
from forum_scheduler.sheetwriter import CONTRACT_COLUMNS
from forum_scheduler.template import LAST_ROW, LISTS, TEMPLATE_NAME
from forum_scheduler.workbook import REQUIRED_COLUMNS, SETTINGS

README = Path(__file__).resolve().parent.parent / "data" / "README.md"
COMPARED = [f.name for f in fields(Forum) if f.name not in ("sources", "baseline", "published")]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """(data workbook, constraints workbook) as init writes them; never written by a test."""
    return write_template(tmp_path_factory.mktemp("template") / "my-forum")


def same_forum(a, b) -> bool:
    """The same forum but for its name (the template's is its own)."""
    a = replace(a, settings=replace(a.settings, name=b.settings.name))
    return all(getattr(a, name) == getattr(b, name) for name in COMPARED) and (
        a.weights == b.weights
    )


def test_the_template_is_the_sample_forum_under_its_own_name(template):
    forum = load_forum(template)
    assert forum.settings.name == TEMPLATE_NAME and forum.settings.slug == "my-forum"
    assert same_forum(forum, load_forum(sample_inputs()))


def test_the_template_is_written_the_same_every_time(template, tmp_path):
    again = write_template(tmp_path / "again")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in template]


def headers(ws) -> dict[str, object]:
    return {c.value: c for c in ws[1] if c.value is not None}


def test_every_header_explains_its_column_and_stays_in_view(template):
    for path in template:
        wb = load_workbook(path)
        for sheet, columns in CONTRACT_COLUMNS.items():
            if sheet not in wb.sheetnames:
                continue
            ws = wb[sheet]
            found = headers(ws)
            assert list(found) == columns, sheet  # every contract column, in its order
            for name, cell in found.items():
                assert cell.comment is not None, (sheet, name)
                assert cell.comment.text == header_comment(sheet, name)
                assert cell.font.bold
                assert ws.column_dimensions[cell.column_letter].width >= len(name) + 2
            assert ws.freeze_panes == "A2"
    forum_sheet = load_workbook(template[0])["Forum"]
    named = [r for r in forum_sheet.iter_rows(min_row=2, max_col=1) if r[0].value]
    assert {r[0].value for r in named} == set(SETTINGS)
    for (cell,) in named:
        assert cell.comment.text == setting_comment(cell.value)


def test_comments_say_what_the_planner_needs():
    assert header_comment("Sessions", "session_id").startswith("session_id (text, required)\n")
    kind = header_comment("Sessions", "kind")
    assert "Choices: opening, closing, plenary, parallel." in kind and "blank: parallel" in kind
    assert all(f"{rule} (" in header_comment("Rules", "rule") for rule in RULE_KINDS)
    weights = header_comment("Weights", "objective")
    assert all(f"{key} ({value})" in weights for key, value in weight_defaults().items())
    assert setting_comment("breaks").endswith("Example: 12:45-13:15; 14:00-14:30")
    assert "`" not in header_comment("Rooms", "venue")  # plain text, no markdown


def validations(ws) -> dict[str, object]:
    """Header -> the validation covering its column's third cell (LibreOffice keeps them,
    over fewer rows: those it saves)."""
    out = {}
    for name, cell in headers(ws).items():
        for dv in ws.data_validations.dataValidation:
            if f"{cell.column_letter}3" in dv.sqref:
                out[name] = dv
    return out


def named_list(wb, name: str) -> list:
    """The values a defined name's range holds."""
    ((sheet, ref),) = list(wb.defined_names[name].destinations)
    return [c.value for row in wb[sheet][ref.replace("$", "")] for c in row if c.value is not None]


def test_dropdowns_are_fed_from_the_readers_vocabularies_and_the_rooms(template):
    data, constraints = (load_workbook(p) for p in template)
    sources = {
        (data, "Sessions", "kind"): ("kinds", list(KINDS)),
        (data, "Forum", "setting"): ("settings", list(SETTINGS)),
        (constraints, "Unavailability", "strength"): ("strengths", list(STRENGTHS)),
        (constraints, "Rules", "strength"): ("strengths", list(STRENGTHS)),
        (constraints, "Rules", "rule"): ("rule_names", list(RULE_KINDS)),
        (constraints, "Weights", "objective"): ("weight_keys", sorted(weight_defaults())),
    }
    for (wb, sheet, column), (name, words) in sources.items():
        dv = validations(wb[sheet])[column]
        assert (dv.type, dv.formula1) == ("list", name), (sheet, column)
        assert named_list(wb, name) == words
        assert wb[LISTS].sheet_state == "hidden"
    room = validations(data["Sessions"])["room"]
    assert (room.type, room.formula1) == ("list", "room_ids")
    assert list(data.defined_names["room_ids"].destinations) == [("Rooms", f"$A$2:$A${LAST_ROW}")]
    rooms = [r.room_id for r in load_forum(sample_inputs()).rooms]
    assert named_list(data, "room_ids") == rooms


def test_numbers_days_and_times_are_checked_and_every_check_only_warns(template):
    data, constraints = (load_workbook(p) for p in template)
    expected = {
        ("Rooms", "capacity"): ("whole", "1", "1000000"),
        ("Rooms", "changeover_minutes"): ("whole", "0", "1440"),
        ("Sessions", "duration_minutes"): ("whole", "1", "1440"),
        ("Sessions", "attendance"): ("whole", "0", "1000000"),
        ("Sessions", "day"): ("whole", "1", "401768"),  # a day number, or a date up to 2999
        ("Sessions", "start"): ("time", "0", "0.999305556"),
        ("Unavailability", "from"): ("time", "0", "0.999305556"),
        ("Unavailability", "weight"): ("whole", "0", "1000000"),
        ("Weights", "weight"): ("whole", "0", "1000000"),
    }
    for (sheet, column), (kind, low, high) in expected.items():
        wb = data if sheet in data.sheetnames else constraints
        dv = validations(wb[sheet])[column]
        assert (dv.type, dv.formula1, dv.formula2) == (kind, low, high), (sheet, column)
    forum = data["Forum"]
    by_setting = {row[0].value: row[1] for row in forum.iter_rows(min_row=2, max_col=2)}
    for setting, kind in {"first_day": "date", "days": "whole", "day_start": "time",
                          "time_limit_seconds": "decimal", "name": None}.items():  # fmt: skip
        cell = by_setting[setting]
        (dv,) = [d for d in forum.data_validations.dataValidation if cell.coordinate in d.sqref]
        assert dv.type == kind and dv.promptTitle == setting
    paper = by_setting["paper_size"]
    (dv,) = [d for d in forum.data_validations.dataValidation if paper.coordinate in d.sqref]
    assert (dv.type, dv.formula1) == ("list", "paper_sizes")
    lists = {col[0].value: [c.value for c in col[1:] if c.value] for col in data["Lists"].columns}
    assert lists["paper_sizes"] == ["A4", "A3"]
    for wb in (data, constraints):
        for sheet in set(wb.sheetnames) & set(CONTRACT_COLUMNS):
            ws = wb[sheet]
            checks = ws.data_validations.dataValidation
            assert set(validations(ws)) >= set(COLUMNS[sheet]) - {"value"}, sheet
            for name, dv in validations(ws).items():
                if name != "value":  # the Forum sheet's values are checked row by row
                    assert (
                        f"{headers(ws)[name].column_letter}{LAST_ROW}" in dv.sqref
                    )  # room to grow
            for dv in checks:
                # the reader takes more forms than a spreadsheet's check: it only warns
                assert dv.errorStyle == "warning" and dv.allow_blank, (sheet, dv.sqref)
                assert not dv.showDropDown  # openpyxl's True would hide the arrow
                assert dv.showInputMessage and 0 < len(dv.prompt) <= 255
                assert len(dv.promptTitle) <= 32 and len(dv.error or "") <= 225
            cells = [c for dv in checks for r in dv.sqref.ranges for c in _cells(r)]
            assert len(cells) == len(set(cells)), sheet  # no cell under two checks


def _cells(cell_range: CellRange):
    return [(r, c) for r, c in cell_range.cells]


def test_no_formula_in_the_template(template):
    for path in template:
        for ws in load_workbook(path).worksheets:
            for row in ws.iter_rows():
                assert not any(c.data_type == "f" for c in row), ws.title


def fill_in(data: Path, constraints: Path, target: Path) -> tuple[Path, Path]:
    """What a planner does in the template: a room, a facilitator, a session using both and
    an unavailability of the facilitator, saved (with openpyxl) into `target`."""
    target.mkdir()
    wb = load_workbook(data)
    add_row(wb["Rooms"], room_id="NEW-1", name="New room", venue="Annex", capacity=60,
            features="webcast")  # fmt: skip
    add_row(wb["Facilitators"], facilitator_id="NEWBIE", name="Ada Newbie",
            email="ada@example.org")  # fmt: skip
    add_row(wb["Sessions"], session_id="S900", title="Workshop in the new room",
            kind="parallel", duration_minutes=45, themes="AI", facilitators="NEWBIE",
            attendance=50, needs="webcast", day=2, start=time(11, 0), room="NEW-1")  # fmt: skip
    wb.save(target / "data.xlsx")
    wb = load_workbook(constraints)
    add_row(wb["Unavailability"], who="NEWBIE", day=1, note="Arrives on Tuesday")
    wb.save(target / "constraints.xlsx")
    return target / "data.xlsx", target / "constraints.xlsx"


def add_row(ws, **cells):
    columns = {c.value: c.column for c in ws[1]}
    row = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value is not None) + 1
    for name, value in cells.items():
        ws.cell(row, columns[name], value)


def test_filling_it_in_gives_a_forum_with_the_new_records(template, tmp_path):
    forum = load_forum(fill_in(*template, tmp_path / "filled"))
    assert forum.room_by_id["NEW-1"].capacity == 60
    assert forum.facilitator_by_id["NEWBIE"].email == "ada@example.org"
    session = forum.session_by_id["S900"]
    assert (session.pin_room, session.pin_day, session.pin_start) == ("NEW-1", 2, 11 * 60)
    assert session.facilitators == ("NEWBIE",) and session.themes == ("AI",)
    assert [u.note for u in forum.unavailability_of["NEWBIE"]] == ["Arrives on Tuesday"]
    assert len(forum.sessions) == len(load_forum(sample_inputs()).sessions) + 1
    # the filled-in workbook keeps the template's help
    wb = load_workbook(tmp_path / "filled" / "data.xlsx")
    assert validations(wb["Sessions"])["room"].formula1 == "room_ids"
    assert wb["Sessions"]["A1"].comment is not None


def test_libreoffice_opens_the_template_and_saves_it_back(template, tmp_path):
    """Saved again by LibreOffice as .xlsx, the workbooks still hold the sample forum, their
    comments, dropdowns and checks; saved as CSV, every sheet reads back as the same forum."""
    profile = tmp_path / "profile"
    saved = [to_xlsx(path, tmp_path / f"xlsx-{i}", profile) for i, path in enumerate(template)]
    assert same_forum(load_forum(saved), load_forum(sample_inputs()))
    data, constraints = (load_workbook(p) for p in saved)
    for wb in (data, constraints):
        for sheet in set(wb.sheetnames) & set(CONTRACT_COLUMNS):
            for name, cell in headers(wb[sheet]).items():
                assert cell.comment is not None and name in cell.comment.text, (sheet, name)
    assert validations(data["Sessions"])["kind"].formula1 == "kinds"
    assert validations(data["Sessions"])["room"].formula1 == "room_ids"
    assert validations(constraints["Rules"])["rule"].formula1 == "rule_names"
    assert validations(data["Sessions"])["attendance"].type == "whole"
    assert named_list(constraints, "rule_names") == list(RULE_KINDS)
    folder = tmp_path / "csv"
    folder.mkdir()
    for i, path in enumerate(template):
        for sheet, csv in to_csv_sheets(path, tmp_path / f"csv-{i}", profile).items():
            if sheet in CONTRACT_COLUMNS:
                shutil.copy(csv, folder / f"{sheet}.csv")
    assert same_forum(load_forum([folder]), load_forum(sample_inputs()))


def test_init_writes_the_template_and_never_overwrites(tmp_path, monkeypatch):
    calls = []
    real = api.write_template
    monkeypatch.setattr(api, "write_template", lambda *a: calls.append(a) or real(*a))
    result = run("init", tmp_path / "mine")
    assert result.exit_code == 0, result.output
    assert calls == [(tmp_path / "mine",)]  # the public API's call
    data, constraints = tmp_path / "mine" / "data" / "forum.xlsx", tmp_path / "mine" / "constraints" / "forum.xlsx"  # fmt: skip
    assert f"forum-scheduler solve {data} {constraints}" in result.output
    before = data.read_bytes()
    again = run("init", tmp_path / "mine")
    assert again.exit_code == 2 and "Not overwriting" in again.output
    assert data.read_bytes() == before
    solved = run("solve", data, constraints, "--out", tmp_path / "out", "--effort", 1, "--quiet")
    assert solved.exit_code == 0, solved.output
    assert "All 150 sessions placed" in solved.output


def test_init_never_writes_through_a_link(tmp_path):
    elsewhere = tmp_path / "elsewhere.xlsx"
    (tmp_path / "mine" / "data").mkdir(parents=True)
    (tmp_path / "mine" / "data" / "forum.xlsx").symlink_to(elsewhere)
    result = run("init", tmp_path / "mine")
    assert result.exit_code == 2 and "Not writing through the link" in result.output
    assert not elsewhere.exists()
    assert not (tmp_path / "mine" / "constraints" / "forum.xlsx").exists()


# -- the help is data/README.md's -----------------------------------------------------------
def readme_tables() -> dict[str, list[dict]]:
    """Each `## Sheet` section's first table of data/README.md, as rows of cells."""
    text = README.read_text(encoding="utf-8")
    out = {}
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        title, body = section.split("\n", 1)
        tables = re.findall(r"((?:^\|.*\|\n)+)", body, flags=re.M)
        out[title.strip()] = [_table(t) for t in tables]
    return out


def _table(block: str) -> list[dict]:
    lines = [line.strip().strip("|").split(" | ") for line in block.strip().split("\n")]
    head = [h.strip() for h in lines[0]]
    return [dict(zip(head, (c.strip() for c in line))) for line in lines[2:]]


def test_the_column_help_is_the_readmes_word_for_word():
    tables = readme_tables()
    for sheet, columns in CONTRACT_COLUMNS.items():
        rows = tables[sheet][0]
        assert [r["column"].strip("*") for r in rows] == columns, sheet
        for row in rows:
            name = row["column"].strip("*")
            assert row["column"].startswith("**") == (name in REQUIRED_COLUMNS[sheet])
            help_ = COLUMNS[sheet][name]
            assert (row["type"], row["meaning"]) == (help_.type, help_.meaning), (sheet, name)
            assert row.get("sample", "") == help_.sample, (sheet, name)
    settings = tables["Forum"][1]
    assert [r["setting"].strip("*") for r in settings] == list(SETTINGS_HELP)
    assert set(SETTINGS_HELP) == set(SETTINGS)
    for row in settings:
        help_ = SETTINGS_HELP[row["setting"].strip("*")]
        assert (row["type"], row["default"], row["meaning"], row["sample"]) == (
            help_.type,
            help_.default,
            help_.meaning,
            help_.sample,
        )
    rules = {r["rule"].strip("`"): r["meaning"] for t in tables["Rules"][1:3] for r in t}
    assert rules == RULES_HELP and list(RULES_HELP) == list(RULE_KINDS)
