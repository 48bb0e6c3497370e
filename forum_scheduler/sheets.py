"""Raw tables from workbooks and CSV folders, merged by sheet name, with spreadsheet row numbers.

This layer knows nothing of forums: it finds sheets and columns case-insensitively, keeps the
row numbers a planner sees, and turns cells into clean Python values. `workbook.py` gives them
meaning.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from .errors import InputIssue


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
            cells = {n: clean(v) for n, v in zip(names, values) if n}
            if any(v is not None for v in cells.values()):
                table.rows.append((source, number, cells))


def read_inputs(paths: list[Path]) -> Tables:
    """Every sheet of every input, merged by name. Unreadable inputs become issues."""
    tables = Tables()
    for path in paths:
        path = Path(path)
        tables.inputs.append(str(path))
        if path.is_dir():
            _read_csv_folder(path, tables)
        elif path.suffix.lower() in (".xlsx", ".xlsm"):
            _read_xlsx(path, tables)
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


def _read_xlsx(path: Path, tables: Tables) -> None:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        tables.issues.append(
            InputIssue(
                f"cannot open workbook {path}: {exc}",
                hint="check that it is an .xlsx file saved by a spreadsheet program",
            )
        )
        return
    try:
        for sheet in book.worksheets:
            _check_merged(sheet, str(path), tables)
            values = list(sheet.iter_rows(values_only=True))
            if not values:
                continue
            rows = [(number, list(v)) for number, v in enumerate(values[1:], start=2)]
            tables.add(sheet.title, str(path), list(values[0]), rows)
    finally:
        book.close()


def _check_merged(sheet, source: str, tables: Tables) -> None:
    """Merged cells hide every value but the first: refuse them in input sheets."""
    for merged in sheet.merged_cells.ranges:
        tables.issues.append(
            InputIssue(
                f"cells {merged.coord} are merged",
                sheet=sheet.title,
                row=merged.min_row,
                source=source,
                hint="unmerge them and write the value in every row",
            )
        )


def _read_csv_folder(folder: Path, tables: Tables) -> None:
    import csv

    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
    if not files:
        tables.issues.append(
            InputIssue(
                f"folder {folder} holds no .csv files",
                hint="name each file after its sheet, e.g. Sessions.csv",
            )
        )
    for path in files:
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                records = list(csv.reader(handle))
        except (OSError, UnicodeDecodeError) as exc:
            tables.issues.append(
                InputIssue(f"cannot read {path}: {exc}", hint="save it as UTF-8 CSV")
            )
            continue
        if not records:
            continue
        rows = [(number, list(v)) for number, v in enumerate(records[1:], start=2)]
        tables.add(path.stem, str(path), records[0], rows)


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
    items = [item.replace("\u00a0", " ").strip() for item in str(value).split(",")]
    return tuple(item for item in items if item)


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
