"""Page and text measures shared by the workbook's printed sheets.

Every sheet that is printed (lists, day grids) is laid out in points from these: the paper,
the margins, the default font, and a measure of how many lines a text wraps to, so that row
heights are planned before any spreadsheet program lays the text out.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from openpyxl.styles import Alignment, Font, Side
from openpyxl.worksheet.page import PageMargins


@dataclass(frozen=True)
class Paper:
    """A paper size: SpreadsheetML's paperSize code and its sides in points."""

    code: int
    long: float
    short: float

    def printable(self, landscape: bool) -> tuple[float, float]:
        """Width and height inside MARGINS, kept 3 % short, because spreadsheet programs lay
        out text and round sizes slightly differently."""
        width, height = (self.long, self.short) if landscape else (self.short, self.long)
        return (
            (width - 72 * (MARGINS.left + MARGINS.right)) * SAFETY,
            (height - 72 * (MARGINS.top + MARGINS.bottom)) * SAFETY,
        )


PAPERS = {"A4": Paper(9, 841.9, 595.3), "A3": Paper(8, 1190.6, 841.9)}
A4_PAPER = PAPERS["A4"].code  # the lists print on A4 (the forum is in Geneva)
MARGINS = PageMargins(left=0.3, right=0.3, top=0.45, bottom=0.45, header=0.2, footer=0.2)
SAFETY = 0.97
# A column width unit is one digit of the workbook's default font, which is therefore Arial
# 10: it has metric twins everywhere (Liberation Sans), so every program sizes the columns
# alike (LibreOffice 5.55 points a unit, Excel 5.25; Calibri, missing outside Office, would
# become a wider font and widen every column by a third). Text is measured at the narrower.
BASE_FONT = Font(name="Arial", size=10)
POINTS_PER_WIDTH_UNIT, NARROWEST_UNIT = 5.55, 5.25
HEADER_FONT = Font(name=BASE_FONT.name, size=BASE_FONT.sz, bold=True)
TOP = Alignment(vertical="top")
TOP_WRAPPED = Alignment(vertical="top", wrap_text=True)
THIN = Side(style="thin", color="999999")


class Measured:
    """A text measured once (each word's width in ems, Arial's), then wrapped at any width
    quickly: a layout that tries many widths measures each text once."""

    def __init__(self, text: str, bold: bool = False):
        self.text = text
        factor = 1.1 if bold else 1.0
        self.paragraphs = [
            [sum(char_width(ch) for ch in word) * factor for word in paragraph.split(" ")]
            for paragraph in text.split("\n")
        ]
        self.space = char_width(" ") * factor

    def lines(self, width: float, size: float) -> int:
        """Lines after word wrapping at `width` points in a `size`-point font (a little
        generous)."""
        space, lines = self.space * size, 0
        for words in self.paragraphs:
            used = None
            for word in words:
                length = word * size
                if used is None or used + space + length > width:
                    lines, used = lines + 1, length
                else:
                    used += space + length
                while used > width:  # a word longer than the line breaks anywhere
                    lines, used = lines + 1, used - width
        return lines

    def widest_word(self, size: float) -> float:
        """Points that the longest word takes in a `size`-point font."""
        return max((word for words in self.paragraphs for word in words), default=0.0) * size


def line_count(text: str, width: float, size: float) -> int:
    """Lines after word wrapping `text` at `width` points in a `size`-point font."""
    return Measured(text).lines(width, size)


def char_width(ch: str) -> float:
    """Advance width in ems, rounded up from Arial's metrics; anything unusual counts as wide."""
    if ch in "ijl|'":
        return 0.23
    if ch in " .,:;!ftI[]()/\\":
        return 0.28
    if ch in 'r-"':
        return 0.34
    if ch in "mwMW":
        return 0.95
    if ch.isupper() or not ch.isascii():
        return 0.78 if unicodedata.east_asian_width(ch) not in "WF" else 1.0
    return 0.56
