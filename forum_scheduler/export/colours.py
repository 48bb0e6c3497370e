"""Theme colours, and the text colour that reads on them, shared by every exporter that paints.

A theme keeps its colour wherever the programme is shown (the workbook's day grids and legend,
the door sheets): the colour given on the Themes sheet if it is a valid hex colour, else one of
a palette of light colours picked by a hash of the theme id, so that a theme keeps its colour
when other themes are added.
"""

from __future__ import annotations

import zlib

from ..domain import Forum

# Light colours, so that black text stays readable on them.
PALETTE = (
    "AEC7E8", "FFBB78", "98DF8A", "FF9896", "C5B0D5", "C49C94", "F7B6D2", "DBDB8D",
    "9EDAE5", "FDD0A2", "C7E9C0", "DADAEB", "FCBBA1", "D9D9D9", "FFF2AE", "B3E2CD",
)  # fmt: skip
LIGHT_TEXT_BELOW = 0.179  # WCAG relative luminance where white and black text contrast equally


def theme_colour(forum: Forum, theme_id: str) -> str:
    """The theme's colour as RRGGBB (no '#'): its own if valid hex, else a stable palette one."""
    theme = forum.theme_by_id.get(theme_id)
    given = (theme.colour or "").strip().lstrip("#").upper() if theme else ""
    if len(given) == 3:
        given = "".join(ch * 2 for ch in given)
    if len(given) == 6 and all(ch in "0123456789ABCDEF" for ch in given):
        return given
    return PALETTE[zlib.crc32(theme_id.encode("utf-8")) % len(PALETTE)]


def text_colour(fill_hex: str) -> str:
    """White text on dark fills, black on light ones (RRGGBB): whichever contrasts more."""
    return "FFFFFF" if _luminance(fill_hex) < LIGHT_TEXT_BELOW else "000000"


def _luminance(colour: str) -> float:
    """WCAG relative luminance of an RRGGBB colour: 0 for black, 1 for white."""
    colour, channels = colour.lstrip("#"), []
    for i in (0, 2, 4):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
