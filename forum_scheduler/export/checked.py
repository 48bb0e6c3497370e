"""A checked copy of a programme: offending rows highlighted, a comment on each explaining it.

`check` writes it beside the programme it read (programme.xlsx -> programme.checked.xlsx), so
the planner sees the mistakes where they made them. The original is never written: the
Programme sheet of an .xlsx is copied with its formatting and edits (the other sheets, drawn
from the programme before the edits, are left out), a .csv becomes a workbook of its rows.
Red rows break a hard rule; yellow ones are among each soft goal's worst offences.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from ..check import CheckReport
from ..domain import Programme
from ..errors import OutputError
from ..programme_reader import SHEET, programme_file, read_csv_table
from .cells import xlsx_value

WORST = 3  # offences per soft goal highlighted, as on the terminal
BROKEN = PatternFill("solid", start_color="F4B6B6", end_color="F4B6B6")  # a hard rule
COSTLY = PatternFill("solid", start_color="FCE8A6", end_color="FCE8A6")  # a soft goal
AUTHOR = "forum-scheduler check"


def checked_path(programme_path: Path | str) -> Path:
    """Where the checked copy goes: beside the programme, `<name>.checked.xlsx`."""
    path = programme_file(programme_path)
    return path.with_name(f"{path.stem}.checked.xlsx")


def row_notes(programme: Programme, report: CheckReport) -> tuple[dict, dict]:
    """(programme row -> hard-rule messages, programme row -> soft-goal messages)."""
    rows = defaultdict(list)
    for p in programme.placements:
        if p.row:
            rows[p.session_id].append(p.row)
    hard, soft = defaultdict(list), defaultdict(list)
    for v in report.violations:
        for sid in v.sessions:
            for row in rows.get(sid, ()):
                hard[row].append(f"[{v.constraint}] {v.message}")
    for penalty in report.penalties:
        if not penalty.weighted:
            continue
        # Only the worst few: nearly every row costs something, and marking them all would
        # bury the rows that break a rule.
        worst = sorted(penalty.offences, key=lambda o: (-o.amount, o.sessions))[:WORST]
        for offence in worst:
            for sid in offence.sessions:
                for row in rows.get(sid, ()):
                    soft[row].append(f"[{penalty.constraint}] {offence.message}")
    return dict(hard), dict(soft)


def write_checked(programme_path: Path | str, programme: Programme, report: CheckReport) -> Path:
    """Write the highlighted copy (atomically) and return its path."""
    source = programme_file(programme_path)
    target = checked_path(programme_path)
    wb, ws = _open(source)
    for name in list(wb.sheetnames):
        if wb[name] is not ws:  # day grids, views, report: drawn from the old programme
            del wb[name]
    hard, soft = row_notes(programme, report)
    width = max(ws.max_column, 1)
    for row in sorted(set(hard) | set(soft)):
        fill = BROKEN if row in hard else COSTLY
        for column in range(1, width + 1):
            ws.cell(row=row, column=column).fill = fill
        text = "\n".join(hard.get(row, []) + soft.get(row, []))
        comment = Comment(text, AUTHOR)
        comment.width, comment.height = 420, 40 + 15 * text.count("\n") + len(text) // 4
        ws.cell(row=row, column=1).comment = comment
    _save(wb, target)
    return target


def _open(source: Path):
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        wb = load_workbook(source)
        name = next(n for n in wb.sheetnames if n.strip().casefold() == SHEET.casefold())
        return wb, wb[name]
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    for r, record in enumerate(read_csv_table(source, str(source)), start=1):
        for c, value in enumerate(record, start=1):
            xlsx_value(ws, r, c, value)  # a formula-like text stays text
    return wb, ws


def _save(wb, target: Path) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        wb.save(temporary)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {exc}") from exc
