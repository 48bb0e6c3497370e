"""Broken, hostile and odd workbooks, generated: the tool answers each one properly.

Every example is a small forum (3 rooms, 5 sessions) with a few mutations drawn from what
planners' files go through: wrong types in any column, control characters, formula-like
text, huge and negative numbers, dates as text and serials, duplicate and unknown ids,
unicode, line breaks in names, far-away stray cells, merged cells, formulas without a saved
value. Each is solved through the command (in process) and must end with:
- exit 0 and a programme that the independent checker accepts, with no live formula in any
  CSV or workbook written and no control character in any calendar; or
- exit 1 (no schedule) or 2 (bad input) with a message that says where or why;
- never a traceback.

CI runs HOSTILE_EXAMPLES examples (default 2,000); a longer local run sets it higher
(BENCHMARKS.md).
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from datetime import date, time
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum_scheduler import check_programme, load_forum, read_programme
from forum_scheduler.cli import main
from forum_scheduler.sheetwriter import CONTRACT_COLUMNS

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "2000"))
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMULA = ("=", "+", "-", "@")


def base_sheets() -> dict[str, list[dict]]:
    """A forum that solves: 2 days, 3 rooms, 5 sessions, 3 facilitators, 2 themes."""
    return {
        "Forum": [
            {"setting": "name", "value": "Odd Forum"},
            {"setting": "first_day", "value": date(2026, 5, 4)},
            {"setting": "days", "value": 2},
            {"setting": "day_start", "value": time(9, 0)},
            {"setting": "day_end", "value": time(13, 0)},
            {"setting": "slot_minutes", "value": 30},
        ],
        "Rooms": [
            {"room_id": f"R{i}", "name": f"Room {i}", "venue": "HQ", "capacity": 50 * i}
            for i in (1, 2, 3)
        ],
        "Themes": [{"theme_id": "T1", "name": "Theme one"}, {"theme_id": "T2", "name": "Two"}],
        "Facilitators": [
            {"facilitator_id": f"F{i}", "name": f"Person {i}", "email": f"p{i}@example.org"}
            for i in (1, 2, 3)
        ],
        "Sessions": [
            {
                "session_id": f"S{i}",
                "title": f"Session {i}",
                "kind": "parallel",
                "duration_minutes": 60,
                "themes": "T1" if i % 2 else "T2",
                "facilitators": f"F{i % 3 + 1}",
                "attendance": 10 * i,
                "description": "About it",
            }
            for i in range(1, 6)
        ],
        "Unavailability": [{"who": "F1", "day": 1, "from": time(9, 0), "to": time(10, 0)}],
        "Rules": [{"rule": "before", "session_a": "S1", "session_b": "S2"}],
        "Weights": [{"objective": "theme_clash", "weight": 10}],
    }


ODD_VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "about 40",
            "=2+2",
            "+1",
            "-1",
            "@SUM(A1)",
            '=HYPERLINK("http://x","y")',
            "a\rb",
            "a\nb",
            "a\r\nb",
            "bell\x07",
            "nul\x00",
            "esc\x1b",
            "vt\x0b",
            "tab\tin",
            "☕ Ünïcödé",
            "\u202eRTL",
            "e\u0301",
            "x" * 3000,
            "2026-05-04",
            "2026-05-32",
            "9999-12-30",
            "46146",
            "9:30",
            "25:00",
            "TRUE",
            "R1",
            "F1",
            "T1",
            "S1",
            "UNKNOWN",
            "R1, R1",
            "../../etc/passwd",
        ]
    ),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([date(2026, 5, 4), date(1900, 1, 1), time(9, 30), time(23, 59), True]),
)

SHEETS_AND_COLUMNS = [
    (sheet, column) for sheet, columns in CONTRACT_COLUMNS.items() for column in columns
]


@st.composite
def mutations(draw):
    """A list of (sheet, row index, column, value) cell changes, and file-level oddities."""
    changes = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        sheet, column = draw(st.sampled_from(SHEETS_AND_COLUMNS))
        row = draw(st.integers(min_value=0, max_value=5))
        changes.append((sheet, row, column, draw(ODD_VALUES)))
    extras = draw(
        st.lists(
            st.sampled_from(["duplicate", "stray", "merged", "formula", "drop_column"]),
            max_size=2,
            unique=True,
        )
    )
    as_csv = draw(st.booleans())
    return changes, extras, as_csv


def apply(sheets, changes):
    for sheet, row, column, value in changes:
        rows = sheets[sheet]
        if not rows:
            continue
        if sheet == "Forum":
            # A Forum setting: change the value of a known setting, or add an odd one.
            target = rows[row % len(rows)]
            target["value" if column != "setting" else "setting"] = value
            continue
        rows[row % len(rows)][column] = value
    return sheets


def write_inputs(sheets, extras, as_csv, folder: Path) -> Path:
    if "duplicate" in extras:
        sheets["Sessions"].append(dict(sheets["Sessions"][0]))
    if "drop_column" in extras:
        for row in sheets["Rooms"]:
            row.pop("capacity", None)
    if as_csv:
        target = folder / "csv"
        target.mkdir()
        for name, rows in sheets.items():
            columns = [c for c in CONTRACT_COLUMNS[name] if any(c in r for r in rows)]
            with open(target / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(columns)
                for r in rows:
                    writer.writerow([_text(r.get(c)) for c in columns])
        return target
    path = folder / "forum.xlsx"
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        columns = [c for c in CONTRACT_COLUMNS[name] if any(c in r for r in rows)]
        ws.append(columns)
        for r in rows:
            ws.append([_cell(r.get(c)) for c in columns])
    if "stray" in extras:
        book["Rooms"]["XFD9000"] = "stray"
        book.create_sheet("Notes")["XFD1048576"] = "far away"
    if "merged" in extras:
        book["Sessions"].merge_cells("B2:B3")
    if "formula" in extras:
        book["Sessions"]["J3"] = "=1+1"  # the day pin, with no saved value
    book.save(path)
    return path


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return "nan"
    return str(value)


def _cell(value):
    """What openpyxl can store: XML cannot hold control characters, nor NaN."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    return value


def assert_clean_outputs(folder: Path, inputs: Path) -> None:
    for path in folder.rglob("*.csv"):
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not cell.startswith(FORMULA) or cell[:1] == "'", (path, cell)
    for path in folder.rglob("*.xlsx"):
        book = openpyxl.load_workbook(path)
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path, ws.title, cell.coordinate)
    for path in folder.rglob("*.ics"):
        raw = path.read_bytes()
        assert not CONTROL.search(raw.replace(b"\r\n", b"").decode("utf-8")), path
    forum = load_forum([inputs])
    report = check_programme(forum, read_programme(folder / "programme.csv", forum))
    assert report.ok, report.violations


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(mutations())
def test_every_odd_workbook_gets_a_proper_answer(mutation):
    changes, extras, as_csv = mutation
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = write_inputs(apply(base_sheets(), changes), extras, as_csv, folder)
        result = CliRunner().invoke(
            main,
            [
                "solve",
                str(inputs),
                "--out",
                str(folder / "out"),
                "--effort",
                "0",
                "--quiet",
                "--publish-time",
                "2026-05-01T10:00:00Z",
            ],
        )
        output = result.output
        assert result.exit_code in (0, 1, 2), (result.exit_code, output, result.exception)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"traceback for {mutation}: {result.exception!r}\n{output}")
        assert "Traceback" not in output
        if result.exit_code == 2:
            assert re.search(r"sheet \w+|row \d+|column \w+|input|Cannot", output), output
        elif result.exit_code == 1:
            assert "Status:" in output or "Stopped" in output, output
        else:
            [written] = [p for p in (folder / "out").iterdir() if p.is_dir()]  # the forum's slug
            assert_clean_outputs(written, inputs)
