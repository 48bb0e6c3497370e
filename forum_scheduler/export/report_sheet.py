"""The workbook's Report sheet."""

from __future__ import annotations

import json

from openpyxl.worksheet.worksheet import Worksheet

from .list_sheets import MAX_COLUMN_WIDTH, table_sheet


def report_sheet(ws: Worksheet, report: dict) -> None:
    rows = sorted(_flatten(report), key=lambda kv: kv[0])
    table_sheet(ws, ["key", "value"], rows, landscape=False, wrap_at=MAX_COLUMN_WIDTH)
    ws.column_dimensions["B"].width = MAX_COLUMN_WIDTH


def _flatten(data: dict, prefix: str = "") -> list[tuple[str, object]]:
    """Nested dicts become `a.b` keys; lists and other values become readable cell values."""
    out: list[tuple[str, object]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out += _flatten(value, name + ".")
        else:
            out.append((name, _cell_value(value)))
    return out


def _cell_value(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
