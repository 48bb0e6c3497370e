"""Named cell styles, for the sheets that style thousands of cells alike.

Given a font, a fill, a border or an alignment, openpyxl hashes it to find it in the
workbook's style table, which costs more than the rest of writing the cell: a 2,500-session
forum's day grids and door sheets style about 50,000 cells. A named style is looked up by its
name instead, so each combination is hashed once per workbook. The names show in a
spreadsheet program's list of styles ('grid block 1F77B4', 'door title').
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill

from .printing import BASE_FONT


def styled(
    cell,
    name: str,
    font: Font | None = None,
    fill: PatternFill | None = None,
    border: Border | None = None,
    alignment: Alignment | None = None,
):
    """Give `cell` the named style `name`, made from the parts the first time a workbook
    sees the name (a name must always stand for the same parts). Returns the cell."""
    wb = cell.parent.parent
    if name not in wb.named_styles:
        wb.add_named_style(
            NamedStyle(
                name,
                font=font or BASE_FONT,
                fill=fill or PatternFill(),
                border=border or Border(),
                alignment=alignment or Alignment(),
            )
        )
    cell.style = name
    return cell
