"""The planner's template that `init` writes: the sample forum's two workbooks, annotated.

A planner who has never seen the tool opens them and finds a worked example (the sample's
rows, to be changed into theirs), a comment on every header saying what the column holds, with
its type and an example (column_help.py), dropdowns for the ids and words the reader knows, and
validation of numbers, days and times. So they can fill them in without other documentation.

Every check here only warns: the reader (workbook.py) takes more forms than a spreadsheet's
validation can describe (`HH:MM` text for a time, a day number or a date for a day, any case
for a kind), and it is the reader that decides, naming the cell. The vocabularies come from
where the reader defines them; the data sheets get no formula (the reader refuses a formula
whose value was never saved, and openpyxl saves none).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from .column_help import COLUMNS, SETTINGS_HELP, header_comment, setting_comment
from .constraints.registry import weight_defaults
from .domain import KINDS, PAPER_SIZES, RULE_KINDS, STRENGTHS
from .errors import OutputError
from .samples import sample_inputs
from .sheets import normalise as _norm
from .sheetwriter import CONTRACT_COLUMNS, FIXED_STAMP
from .workbook import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_DAYS,
    MAX_PEOPLE,
    MAX_PER_DAY,
    MAX_SECONDS,
    MAX_WEIGHT,
    MINUTES,
    SETTINGS,
)

# Where init puts the two workbooks, under its folder (the data, then the constraints).
TEMPLATE_FILES = (Path("data") / "forum.xlsx", Path("constraints") / "forum.xlsx")
# The template's forum name: not the sample's, so that a first solve of the template publishes
# into its own output folder (outputs/my-forum/) rather than continuing the sample's calendars.
TEMPLATE_NAME = "My Forum"
LAST_ROW = 5000  # validations, and the lists that feed dropdowns, cover rows 2..LAST_ROW
LISTS = "Lists"  # a hidden sheet holding the fixed vocabularies (the reader skips it)
START = "Start here"
AUTHOR = "forum-scheduler"
TIME_FORMAT = "hh:mm"


def write_template(folder: Path | str) -> list[Path]:
    """Write `folder/data/forum.xlsx` and `folder/constraints/forum.xlsx`; return their paths.

    Never over an existing file, nor through a link (OutputError says which); both workbooks
    are built before either is written."""
    folder = Path(folder)
    targets = [folder / name for name in TEMPLATE_FILES]
    links = [t for t in targets if t.is_symlink()]  # even a link to nothing: never through it
    if links:
        raise OutputError(f"Not writing through the link {', '.join(map(str, links))}.")
    existing = [t for t in targets if t.exists()]
    if existing:
        raise OutputError(f"Not overwriting {', '.join(map(str, existing))}.")
    try:
        contents = [template_bytes(sample) for sample in sample_inputs()]
        for target, content in zip(targets, contents):
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb", opener=_no_follow) as out:  # "x": nothing made meanwhile
                out.write(content)
    except OSError as exc:
        raise OutputError(f"Cannot write into {folder}: {exc}") from exc
    return targets


def _no_follow(path, flags):
    """Open a new file without following a link at its place."""
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0), 0o644)


def template_bytes(sample: Path) -> bytes:
    """One sample workbook, annotated; the same sample gives the same bytes."""
    from openpyxl import load_workbook

    from .export.xlsx_bytes import workbook_bytes

    wb = load_workbook(sample)
    _rename(wb)
    annotate(wb)
    return workbook_bytes(wb, FIXED_STAMP)


def _rename(wb) -> None:
    """The Forum sheet's `name` setting becomes TEMPLATE_NAME (the data workbook has it)."""
    if "Forum" not in wb.sheetnames:
        return
    for setting, value in wb["Forum"].iter_rows(min_row=2, max_col=2):
        if isinstance(setting.value, str) and _norm(setting.value) == "name":
            value.value = TEMPLATE_NAME


def annotate(wb) -> None:
    """Headers with comments and every contract column, frozen and wide enough; validations
    and dropdowns; the vocabularies on a hidden sheet; a first sheet saying where to start."""
    sheets = [ws for ws in wb.worksheets if ws.title in CONTRACT_COLUMNS]
    for ws in sheets:
        _headers(ws)
    _lists_sheet(wb, {ws.title for ws in sheets})
    for ws in sheets:
        _validations(wb, ws)
        if ws.title == "Forum":
            _setting_comments(ws)
    _start_sheet(wb, [ws.title for ws in sheets])


# -- headers ------------------------------------------------------------------------------------
def _headers(ws) -> None:
    """Every contract column present (a missing one is added after the last), each header with
    its comment, the header row frozen and the columns wide enough to read."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    present = {_norm(c.value): c.column for c in ws[1] if c.value is not None}
    for name in CONTRACT_COLUMNS[ws.title]:
        if name not in present:
            column = ws.max_column + 1 if ws.max_column > 1 or ws.cell(1, 1).value else 1
            ws.cell(1, column, name).font = Font(bold=True)
            present[name] = column
    for name in CONTRACT_COLUMNS[ws.title]:
        cell = ws.cell(1, present[name])
        cell.comment = _comment(header_comment(ws.title, name))
        width = ws.column_dimensions[get_column_letter(cell.column)].width or 0
        ws.column_dimensions[get_column_letter(cell.column)].width = max(width, len(name) + 4)
    ws.freeze_panes = "A2"


def _setting_comments(ws) -> None:
    """The Forum sheet names one setting per row: each name gets its own comment."""
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        if isinstance(cell.value, str) and _norm(cell.value) in SETTINGS:
            cell.comment = _comment(setting_comment(_norm(cell.value)))


def _comment(text: str):
    from openpyxl.comments import Comment

    lines = sum(1 + len(line) // 48 for line in text.split("\n"))
    return Comment(text, AUTHOR, height=min(40 + 15 * lines, 600), width=360)


# -- the vocabularies ---------------------------------------------------------------------------
def _vocabularies() -> dict[str, tuple[str, ...]]:
    """Name -> the words the reader accepts, for the dropdowns."""
    return {
        "kinds": KINDS,
        "settings": SETTINGS,
        "strengths": STRENGTHS,
        "rule_names": RULE_KINDS,
        "weight_keys": tuple(sorted(weight_defaults())),
        "paper_sizes": PAPER_SIZES,
    }


# Which sheet needs which vocabulary (a workbook gets the ones its sheets need).
_NEEDS = {
    "Sessions": ("kinds",),
    "Forum": ("settings", "paper_sizes"),
    "Unavailability": ("strengths",),
    "Rules": ("rule_names", "strengths"),
    "Weights": ("weight_keys",),
}


def _lists_sheet(wb, sheets: set[str]) -> None:
    """A hidden sheet with one column per vocabulary that this workbook's sheets need, each
    under a defined name (`kinds`, `strengths`...) that the dropdowns use."""
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName

    wanted = [v for v in _vocabularies() if any(v in _NEEDS.get(s, ()) for s in sheets)]
    if not wanted:
        return
    ws = wb.create_sheet(LISTS)
    ws.sheet_state = "hidden"
    vocabularies = _vocabularies()
    for c, name in enumerate(wanted, start=1):
        ws.cell(1, c, name)
        for r, word in enumerate(vocabularies[name], start=2):
            ws.cell(r, c, word)
        letter = get_column_letter(c)
        last = len(vocabularies[name]) + 1
        wb.defined_names[name] = DefinedName(
            name, attr_text=f"'{LISTS}'!${letter}$2:${letter}${last}"
        )


# -- validations --------------------------------------------------------------------------------
def _validations(wb, ws) -> None:
    """One validation per column over rows 2..LAST_ROW (never two on one cell, which Excel
    would repair); on the Forum sheet, the value cell of each setting row its own."""
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName

    columns = {_norm(c.value): c.column for c in ws[1] if c.value is not None}
    if ws.title == "Rooms" and "room_id" in columns:
        letter = get_column_letter(columns["room_id"])
        wb.defined_names["room_ids"] = DefinedName(
            "room_ids", attr_text=f"Rooms!${letter}$2:${letter}${LAST_ROW}"
        )
    for name, column in columns.items():
        if name not in COLUMNS[ws.title]:
            continue  # a planner's own column
        letter = get_column_letter(column)
        first = 2
        if (ws.title, name) == ("Forum", "value") and "setting" in columns:
            first = _setting_validations(ws, columns["setting"], letter)
        make = VALIDATIONS.get((ws.title, name), _prompt_only)
        if make is _pick_room and "Rooms" not in wb.sheetnames:
            make = _prompt_only
        validation = make(name, _prompt(COLUMNS[ws.title][name]))
        validation.add(f"{letter}{first}:{letter}{LAST_ROW}")
        ws.add_data_validation(validation)
        if make is _time:
            ws.column_dimensions[letter].number_format = TIME_FORMAT


def _setting_validations(ws, setting_column: int, letter: str) -> int:
    """Each setting row's value cell checked for that setting's type; the first row after
    them (where the column's own validation starts)."""
    last = 1
    for (cell,) in ws.iter_rows(min_row=2, min_col=setting_column, max_col=setting_column):
        if cell.value is None:
            break
        last = cell.row
        setting = _norm(cell.value)
        help_ = SETTINGS_HELP.get(setting)
        if help_ is None:
            validation = _prompt_only("value", _prompt(COLUMNS["Forum"]["value"]))
        else:
            make = SETTING_VALIDATIONS.get(setting, _prompt_only)
            validation = make(setting, _prompt(help_))
        validation.add(f"{letter}{cell.row}")
        ws.add_data_validation(validation)
    return last + 1


def _base(title: str, prompt: str, **kwargs):
    """A validation that warns (the reader decides) and shows what the cell holds."""
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        showDropDown=False,  # openpyxl's name is inverted: True would hide the arrow
        errorStyle="warning",
        promptTitle=title[:32],
        prompt=prompt,
        errorTitle=f"Check {title}"[:32],
        **kwargs,
    )


def _prompt(help_) -> str:
    """The input message: the meaning, and what else fits in the 255 characters that
    spreadsheets keep."""
    text = help_.meaning.replace("`", "")
    text = text[:1].upper() + text[1:] + "."
    extra = help_.more or (f"Example: {help_.sample.replace('`', '')}" if help_.sample else "")
    if extra and len(text) + 1 + len(extra) <= 255:
        text += " " + extra
    return text if len(text) <= 255 else text[:252].rsplit(" ", 1)[0] + "..."


def _choose(source: str, what: str) -> Callable:
    def make(title: str, prompt: str):
        return _base(
            title,
            prompt,
            type="list",
            formula1=source,
            error=f"Not {what}: the tool may refuse it (choose one from the list).",
        )

    return make


def _number(kind: str, low, high, unit: str = "") -> Callable:
    def make(title: str, prompt: str):
        return _base(
            title,
            prompt,
            type=kind,
            operator="between",
            formula1=str(low),
            formula2=str(high),
            error=f"A {'whole ' if kind == 'whole' else ''}number from {low:,} to {high:,}"
            f"{unit} is expected here.",
        )

    return make


def _time(title: str, prompt: str):
    return _base(
        title,
        prompt,
        type="time",
        operator="between",
        formula1="0",
        formula2="0.999305556",  # 23:59
        error="A time of day (HH:MM, such as 09:30) is expected here.",
    )


def _date(title: str, prompt: str):
    return _base(
        title,
        prompt,
        type="date",
        operator="between",
        formula1=str(_serial(date(FIRST_YEAR, 1, 1))),
        formula2=str(_serial(date(LAST_YEAR, 12, 31))),
        error=f"A date (YYYY-MM-DD) from {FIRST_YEAR} to {LAST_YEAR} is expected here.",
    )


def _day(title: str, prompt: str):
    """A day number or a date cell (a date is a whole number to a spreadsheet)."""
    return _base(
        title,
        prompt,
        type="whole",
        operator="between",
        formula1="1",
        formula2=str(_serial(date(LAST_YEAR, 12, 31))),
        error="A day number (1 is the first day) or a date (YYYY-MM-DD) is expected here.",
    )


def _serial(day: date) -> int:
    """A date as spreadsheets count it: 1 is 1 Jan 1900, and from March 1900 the count is
    one day ahead (the 1900 system counts a 29 February 1900)."""
    epoch = date(1899, 12, 30) if day >= date(1900, 3, 1) else date(1899, 12, 31)
    return (day - epoch).days


def _pick_room(title: str, prompt: str):
    return _choose("room_ids", "a room_id of the Rooms sheet")(title, prompt)


def _prompt_only(title: str, prompt: str):
    """No check, only the input message (free text, lists of ids, ids of the other workbook)."""
    return _base(title, prompt)


VALIDATIONS: dict[tuple[str, str], Callable] = {
    ("Forum", "setting"): _choose("settings", "a setting the tool knows"),
    ("Rooms", "capacity"): _number("whole", 1, MAX_PEOPLE),
    ("Rooms", "changeover_minutes"): _number("whole", 0, MINUTES),
    ("Sessions", "kind"): _choose("kinds", "a kind the tool knows"),
    ("Sessions", "duration_minutes"): _number("whole", 1, MINUTES),
    ("Sessions", "attendance"): _number("whole", 0, MAX_PEOPLE),
    ("Sessions", "day"): _day,
    ("Sessions", "start"): _time,
    ("Sessions", "room"): _pick_room,
    ("Unavailability", "day"): _day,
    ("Unavailability", "from"): _time,
    ("Unavailability", "to"): _time,
    ("Unavailability", "strength"): _choose("strengths", "hard or soft"),
    ("Unavailability", "weight"): _number("whole", 0, MAX_WEIGHT),
    ("Rules", "rule"): _choose("rule_names", "a rule the tool knows"),
    ("Rules", "strength"): _choose("strengths", "hard or soft"),
    ("Rules", "weight"): _number("whole", 0, MAX_WEIGHT),
    ("Weights", "objective"): _choose("weight_keys", "a weight key the tool knows"),
    ("Weights", "weight"): _number("whole", 0, MAX_WEIGHT),
}

# The Forum sheet's value cells, by the setting of their row (text settings: the message only).
SETTING_VALIDATIONS: dict[str, Callable] = {
    "first_day": _date,
    "days": _number("whole", 1, MAX_DAYS),
    "day_start": _time,
    "day_end": _time,
    "slot_minutes": _number("whole", 1, MINUTES),
    "venue_travel_minutes": _number("whole", 0, MINUTES),
    "facilitator_max_sessions_per_day": _number("whole", 1, MAX_PER_DAY),
    "facilitator_min_pause_minutes": _number("whole", 0, MINUTES),
    "room_changeover_minutes": _number("whole", 0, MINUTES),
    "time_limit_seconds": _number("decimal", 0, MAX_SECONDS, " seconds"),
    "paper_size": _choose("paper_sizes", "a paper size the day grids know"),
}


# -- the first sheet ----------------------------------------------------------------------------
def _start_sheet(wb, sheets: list[str]) -> None:
    """A first sheet saying what the workbook is and how to fill it in, one short line per
    row (no wrapping to go wrong); the lines that start with '#' are headings."""
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(START, 0)
    for r, line in enumerate(_start_lines(sheets), start=1):
        cell = ws.cell(r, 1, line.lstrip("# ") or None)
        if line.startswith("#"):
            cell.font = Font(bold=True, size=13 if r == 1 else 11)
        elif line.startswith("  "):  # a continued or quoted line: indented
            cell.alignment = Alignment(indent=1)
    ws.column_dimensions["A"].width = 100
    wb.active = 0
    for other in wb.worksheets[1:]:
        other.sheet_view.tabSelected = False


def _start_lines(sheets: list[str]) -> list[str]:
    data = "Sessions" in sheets
    other = "constraints/forum.xlsx" if data else "data/forum.xlsx"
    first = (
        ["- Fill in Forum, Rooms, Themes and Facilitators first: Sessions use their ids."]
        if data
        else [
            "- Unavailability names facilitators and rooms, and Rules name sessions, by",
            "  their ids in data/forum.xlsx.",
        ]
    )
    return [
        "# forum-scheduler: " + ("the forum's data" if data else "the forum's constraints"),
        f"This workbook and {other} describe your forum.",
        "They hold a sample forum as a worked example: change its rows into yours,",
        "and delete the rows you do not need. Sheets here: " + ", ".join(sheets) + ".",
        "",
        "# How to fill it in",
        "- Point at a column's header (the cell with a red corner) for what it holds.",
        "- Click a cell for a short reminder; where a cell shows an arrow, pick from its list.",
        "- Lists inside one cell are separated by commas: GOV, AI.",
        "- A warning only asks you to check: the tool also reads 09:30 typed as text, and a",
        "  day as a number (1 is the first day) or a date. It names the cell of any problem.",
        *first,
        "- Columns you add are kept and ignored; other sheets (this one too) are not read.",
        "",
        "# Then",
        "From the folder that holds data/ and constraints/, run:",
        "  forum-scheduler solve data/forum.xlsx constraints/forum.xlsx",
    ]
