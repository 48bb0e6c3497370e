"""Raw tables from workbooks and CSV folders, merged by sheet name, with spreadsheet row numbers.

This layer knows nothing of forums: it finds sheets and columns case-insensitively, keeps the
row numbers a planner sees, and turns cells into clean Python values. `workbook.py` gives them
meaning.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from .errors import InputIssue
from .timegrid import MINUTES_PER_DAY, parse_clock


def normalise(name: object) -> str:
    return str(name).replace("\u00a0", " ").strip().lower()


def clean(value: object) -> object:
    """Empty cells become None; text is stripped (NBSP too); other values are kept as they are."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        text = value.replace("\u00a0", " ").strip()
        return text or None
    if type(value).__name__ in ("NaTType",):
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime()
    if type(value).__module__.startswith("numpy"):
        return value.item()
    return value


@dataclass
class Table:
    """One sheet, possibly merged from several inputs. Rows keep (source, row number, cells)."""

    name: str
    columns: dict[str, str] = field(default_factory=dict)  # normalised -> header as written
    rows: list[tuple[str, int, dict[str, object]]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # the files the sheet was read from

    def has(self, column: str) -> bool:
        return column in self.columns


@dataclass
class Tables:
    by_name: dict[str, Table] = field(default_factory=dict)
    issues: list[InputIssue] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)  # every input read, in order
    seen: list[str] = field(default_factory=list)  # every sheet found, read or not
    refused: set[str] = field(default_factory=set)  # sheets not read, with an issue said

    def get(self, name: str) -> Table | None:
        return self.by_name.get(normalise(name))

    def add(self, sheet: str, source: str, headers: list[object], rows: list[tuple[int, list]]):
        key = normalise(sheet)
        table = self.by_name.setdefault(key, Table(name=str(sheet).strip()))
        if source not in table.sources:
            table.sources.append(source)
        names = [normalise(h) if clean(h) is not None else "" for h in headers]
        for header, norm in zip(headers, names):
            if norm and norm not in table.columns:
                table.columns[norm] = str(header).strip()
        seen: set[str] = set()
        for index, norm in enumerate(names):
            if norm and norm in seen:
                self.issues.append(
                    InputIssue(
                        f"column '{headers[index]}' appears twice",
                        sheet=table.name,
                        row=1,
                        source=source,
                        hint="keep one column of each name",
                    )
                )
            seen.add(norm)
        for number, values in rows:
            cells = {}
            for header, norm, value in zip(headers, names, values):
                if norm:
                    cells[norm] = self._checked(clean(value), table.name, number, header, source)
            if any(v is not None for v in cells.values()):
                table.rows.append((source, number, cells))

    def _checked(self, value, sheet: str, row: int, header, source: str):
        """Line breaks become line feeds; any other control character is refused, naming
        the cell (it would corrupt the calendars and CSV files written from it)."""
        if not isinstance(value, str):
            return value
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        found = CONTROL.search(value)
        if found is None:
            return value
        self.issues.append(
            InputIssue(
                f"the text holds a control character (U+{ord(found.group()):04X}), which "
                "calendars and CSV files cannot carry",
                sheet=sheet,
                row=row,
                column=str(header).strip(),
                source=source,
                hint="retype the text, or paste it as plain text",
            )
        )
        return CONTROL.sub("", value) or None  # said once: not again as a missing value


# Bounds on what is read, so that no input (a stray cell at XFD1048576, a sheet of a million
# rows) can exhaust memory or time before the tool answers.
MAX_ROWS = 100_000  # rows per sheet, the header included
MAX_COLUMNS = 200  # columns per sheet
# Control characters other than tab and line breaks: refused, since they corrupt calendars
# and CSV files (a bare carriage return or a line feed inside a name is a line break).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_inputs(
    paths: list[Path], wanted: tuple[str, ...] = (), most: dict[str, tuple[int, str]] | None = None
) -> Tables:
    """Every sheet of every input, merged by name. Unreadable inputs become issues.

    With `wanted` (sheet names), workbooks' other sheets are not read at all: they may be as
    large or as odd as they like. `most` caps some sheets' data rows ({sheet: (rows, what a
    row is)}): reading stops at the first row past the cap, so that a forum far too large is
    refused in the time it takes to read the cap, not the whole file."""
    tables = Tables()
    keep = {normalise(n) for n in wanted}
    caps = {normalise(name): cap for name, cap in (most or {}).items()}
    for path in paths:
        path = Path(path)
        tables.inputs.append(str(path))
        if path.is_dir():
            _read_csv_folder(path, tables, keep, caps)
        elif path.suffix.lower() in (".xlsx", ".xlsm"):
            _read_xlsx(path, tables, keep, caps)
        elif not path.exists():
            tables.issues.append(
                InputIssue(
                    f"input {path} does not exist",
                    hint="give an .xlsx workbook or a folder of CSV files",
                )
            )
        else:
            tables.issues.append(
                InputIssue(
                    f"input {path} is neither an .xlsx workbook nor a folder of CSV files",
                    hint="save the workbook as .xlsx, or put one <Sheet>.csv per sheet in a folder",
                )
            )
    return tables


def _read_xlsx(path: Path, tables: Tables, keep: set[str], caps: dict) -> None:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        tables.issues.append(
            InputIssue(
                f"cannot open workbook {path}: {exc}",
                hint="check that it is an .xlsx file saved by a spreadsheet program",
            )
        )
        return
    reading = None
    try:
        for sheet in book.worksheets:
            tables.seen.append(sheet.title)
            if keep and normalise(sheet.title) not in keep:
                continue
            reading = sheet.title
            _read_sheet(sheet, str(path), tables, caps.get(normalise(sheet.title)))
    except Exception as exc:  # a damaged sheet inside a readable workbook
        tables.issues.append(
            InputIssue(
                f"cannot read workbook {path}: {exc}",
                sheet=reading,
                hint="open it in Excel or LibreOffice, save it as .xlsx and try again",
            )
        )
        if reading is not None:  # said here: not also "missing", nor its ids "unknown"
            tables.refused.add(normalise(reading))
    finally:
        book.close()


def _read_sheet(sheet, source: str, tables: Tables, cap: tuple[int, str] | None) -> None:
    """One sheet, streamed: only the cells present are seen, up to MAX_ROWS (or the sheet's
    cap) and MAX_COLUMNS, and the columns beyond the last header are never kept. Merged cells
    are refused (they hide every value but the first), and so are formulas whose value was
    never saved (a reader sees them as blank)."""
    last_row = MAX_ROWS if cap is None else cap[0] + 1
    cells, merged, beyond = _parsed(sheet, data_only=False, last_row=last_row)
    if beyond:
        tables.issues.append(_too_long(sheet.title, source, beyond, cap))
        tables.refused.add(normalise(sheet.title))
        return
    for coord in merged:
        first = coord.split(":")[0]
        tables.issues.append(
            InputIssue(
                f"cells {coord} are merged",
                sheet=sheet.title,
                row=int("".join(ch for ch in first if ch.isdigit()) or 0) or None,
                source=source,
                hint="unmerge them and write the value in every row",
            )
        )
    header = [cells.get((1, col), (None, None))[0] for col in range(1, MAX_COLUMNS + 1)]
    while header and header[-1] in (None, ""):
        header.pop()
    if (1, MAX_COLUMNS + 1) in cells:
        tables.issues.append(
            InputIssue(
                f"the header has more than {MAX_COLUMNS} columns",
                sheet=sheet.title,
                row=1,
                source=source,
                hint="delete the stray cells on the right of the header",
            )
        )
    if not header:
        return
    width = len(header)
    formulas = {key for key, (_, kind) in cells.items() if kind == "f" and key[1] <= width}
    saved = _parsed(sheet, data_only=True, last_row=last_row)[0] if formulas else {}
    last = max((row for row, col in cells if col <= width), default=1)
    rows = []
    for number in range(2, last + 1):
        values = [None] * width
        for col in range(1, width + 1):
            value, kind = cells.get((number, col), (None, None))
            if kind == "f":
                cached = saved.get((number, col), (None, None))[0]
                if cached is None:
                    tables.issues.append(
                        InputIssue(
                            f"the cell holds a formula ({value}) whose value was never saved, so "
                            "it would read as blank",
                            sheet=sheet.title,
                            row=number,
                            column=str(header[col - 1]).strip(),
                            source=source,
                            hint="open the workbook in Excel or LibreOffice and save it, or "
                            "type the value itself",
                        )
                    )
                value = cached
            values[col - 1] = value
        rows.append((number, values))
    tables.add(sheet.title, source, header, rows)


def _parsed(sheet, data_only: bool, last_row: int):
    """{(row, column): (value, data type)} of the cells present in a read-only sheet, its
    merged ranges, and the first row past `last_row` with a value under the header (0 when
    none: the parse stops there). openpyxl's streaming parser yields only the cells the file
    holds (its read-only rows would pad every gap up to the farthest cell, and its full mode
    would load every cell of every sheet)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    cells = {}
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=data_only,
            epoch=sheet.parent.epoch,
            date_formats=sheet.parent._date_formats,
            timedelta_formats=sheet.parent._timedelta_formats,
        )
        width = MAX_COLUMNS + 1
        for number, row in parser.parse():
            present = [c for c in row if c["value"] is not None and c["column"] <= width]
            if number > last_row and present:
                return cells, [], number
            for cell in present:
                value = cell["value"]
                if isinstance(value, str) and "_x" in value:
                    value = _unescaped(value)
                cells[(number, cell["column"])] = (value, cell["data_type"])
            if number == 1:  # the header: nothing to its right is read
                width = max((c["column"] for c in present), default=0)
        merged = [m.ref for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
    return cells, merged, 0


EXCEL_ESCAPE = re.compile("_x[0-9A-Fa-f]{4}_")


def _unescaped(text: str) -> str:
    """Excel stores a character that XML cannot hold (a control character typed or pasted
    into a cell) as _xHHHH_, and a literal '_x' as _x005F_x: read as the text typed, so
    that a control character is seen, and refused, rather than read as '_x0007_'."""
    if not EXCEL_ESCAPE.search(text):
        return text
    from openpyxl.utils.escape import unescape

    return unescape(text)


def _too_long(sheet: str, source: str, row: int, cap: tuple[int, str] | None) -> InputIssue:
    if cap is None:
        return InputIssue(
            f"the sheet has data in row {row:,}; at most {MAX_ROWS:,} rows are read",
            sheet=sheet,
            row=row,
            source=source,
            hint="delete the stray cells below the table, or split the table",
        )
    most, what = cap
    return InputIssue(
        f"the sheet has more than {most:,} {what} (data in row {row:,}); the tool schedules "
        f"forums of at most {most:,} {what}",
        sheet=sheet,
        row=row,
        source=source,
        hint="split the forum into several, or delete the stray rows below the table",
    )


def _read_csv_folder(folder: Path, tables: Tables, keep: set[str], caps: dict) -> None:

    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
    if not files:
        tables.issues.append(
            InputIssue(
                f"folder {folder} holds no .csv files",
                hint="name each file after its sheet, e.g. Sessions.csv",
            )
        )
    for path in files:
        tables.seen.append(path.stem)
        if keep and normalise(path.stem) not in keep:
            continue
        cap = caps.get(normalise(path.stem))
        last_row = MAX_ROWS if cap is None else cap[0] + 1
        records = []
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                delimiter = _delimiter(handle.readline())
                handle.seek(0)
                for number, record in enumerate(_csv_records(handle, delimiter, path), 1):
                    if number > last_row:
                        if any(v.strip() for v in record):
                            tables.issues.append(_too_long(path.stem, str(path), number, cap))
                            tables.refused.add(normalise(path.stem))
                            break
                        continue
                    records.append(record[:MAX_COLUMNS])
        except _BadCsv as bad:
            tables.issues.append(bad.issue)
            tables.refused.add(normalise(path.stem))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            tables.issues.append(
                InputIssue(
                    f"cannot read {path}: {exc}",
                    sheet=path.stem,
                    hint="save it as CSV UTF-8 (Excel: File > Save As > CSV UTF-8)",
                )
            )
            tables.refused.add(normalise(path.stem))
            continue
        if not records:
            continue
        header = records[0]
        width = max((i + 1 for i, v in enumerate(header) if v.strip()), default=0)
        rows = []
        for number, values in enumerate(records[1:], start=2):
            extra = [v for v in values[width:] if v.strip()]
            if extra:
                tables.issues.append(
                    InputIssue(
                        f"the row has {width + len(values[width:])} values but the header has "
                        f"{width} columns (first extra value: {extra[0][:40]!r})",
                        sheet=path.stem,
                        row=number,
                        source=str(path),
                        hint="a separator or a quote too many? Quote any value that holds "
                        f"'{delimiter}' or a quote, doubling the quotes inside",
                    )
                )
            rows.append((number, list(values)))
        tables.add(path.stem, str(path), header, rows)


class _BadCsv(Exception):
    def __init__(self, issue: InputIssue):
        self.issue = issue


def _delimiter(first_line: str) -> str:
    """',' or, for a file that a spreadsheet set to a European locale saved, ';': whichever
    the header line holds more of (the header names hold neither)."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _csv_records(handle, delimiter: str, path: Path):
    """The file's records, strictly parsed: a quote that never closes is an error naming the
    row where it opened, not a silent swallow of every row after it."""
    import csv

    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _BadCsv(
                InputIssue(
                    f"the row cannot be read as CSV ({exc}): a quote that never closes, or a "
                    "quote inside an unquoted value",
                    sheet=path.stem,
                    row=number + 1,
                    source=str(path),
                    hint="quote the whole value and double the quotes inside it "
                    '(say "a ""quoted"" word")',
                )
            ) from None
        number += 1
        yield record


# A CSV cell that the tool wrote with a protective apostrophe (see export/cells.py): a text
# starting with one of these would run as a formula in a spreadsheet program.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_value(text: str) -> str:
    """A CSV cell as the tool wrote it, read back: the protective apostrophe taken off."""
    if len(text) > 1 and text[0] == "'" and text[1] in "".join(FORMULA_START):
        return text[1:]
    return text


def as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10 or (len(text) > 10 and text[10] in " T"):
            try:
                return date.fromisoformat(text[:10])
            except ValueError:
                pass
    raise ValueError(f"{value!r} is not a date (expected a date cell or YYYY-MM-DD)")


def date_or_none(value: object, serials: bool = False) -> date | None:
    """A date cell, ISO text (a date, or a date and time), or, where `serials` (a column that
    only ever holds dates), an Excel serial day number; None for anything else. Read where a
    column may hold a day number or a date, so that not-a-date is an answer, not an error."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if serials and float(value).is_integer() and value > 60:
            return EXCEL_EPOCH + timedelta(days=int(value))
        return None
    try:
        return as_date(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(str(value).strip()).date()
    except ValueError:
        return None


EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of the 1900 date system, as Excel counts it


def as_minutes(value: object) -> int:
    """A time of day in minutes: a time cell, 'H:MM' text, a fraction of a day (a time typed
    with General format) that falls on a whole minute, or a duration cell ([h]:mm). Raises
    ValueError otherwise; the caller says which cell and why."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
        if seconds % 60:
            raise ValueError(value)
        return int(seconds // 60)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and 0 <= value < 1:
            minutes = value * MINUTES_PER_DAY
            if abs(minutes - round(minutes)) < 1e-6:
                return round(minutes)
        raise ValueError(value)
    return parse_clock(value)


def as_time_value(value: object) -> object:
    """Excel stores a time typed with General format as a fraction of a day: accept it."""
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(minutes // 60, minutes % 60)
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(f"{value!r} is not a time of day (expected HH:MM)")
    return value


def as_int(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is not None and number.is_integer():
            return int(number)
    raise ValueError(f"{value!r} is not a whole number")


def as_bool(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("true", "yes", "y", "1", "x", "wahr", "vrai"):
        return True
    if text in ("false", "no", "n", "0", "faux", "falsch"):
        return False
    raise ValueError(f"{value!r} is not TRUE or FALSE")


def as_list(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [single_line(item) for item in str(value).split(",")]
    return tuple(item for item in items if item)


def as_text(value: object) -> str:
    """A single-line text: an id, a name, a title (a line break inside becomes a space)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return single_line(str(value))


def as_multiline_text(value: object) -> str:
    """A text that may span lines (a description, a note)."""
    if value is None:
        return ""
    return "\n".join(line.rstrip() for line in str(value).strip().split("\n"))


def single_line(text: str) -> str:
    """Line breaks (and non-breaking spaces) as spaces, runs of spaces as one, ends stripped."""
    return " ".join(text.replace("\u00a0", " ").split())
