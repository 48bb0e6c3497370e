"""Theme colours and the text colour that reads on them, shared by every exporter.

A theme keeps one colour in every output (the workbook's day grids, the web page), so the rule
that picks it lives here once: the planner's own hex colour when it is valid, else a light
palette colour chosen by a hash of the theme id (a theme keeps its colour when others are
added). Text on a colour is black or white, whichever contrasts more by WCAG 2's formula.
"""

from __future__ import annotations

import zlib

from ..domain import Forum

# Light colours, so that black text stays readable on them; picked by a hash of the theme id so
# that a theme keeps its colour when other themes are added.
PALETTE = (
    "AEC7E8", "FFBB78", "98DF8A", "FF9896", "C5B0D5", "C49C94", "F7B6D2", "DBDB8D",
    "9EDAE5", "FDD0A2", "C7E9C0", "DADAEB", "FCBBA1", "D9D9D9", "FFF2AE", "B3E2CD",
)  # fmt: skip
NO_THEME = "FFFFFF"
LIGHT_TEXT_BELOW = 0.179  # WCAG relative luminance where white and black text contrast equally
BLACK, WHITE = "000000", "FFFFFF"


def theme_colour(forum: Forum, theme_id: str) -> str:
    """The theme's colour as RRGGBB (upper case, no '#'): its own if it is a valid hex colour
    (#RGB or #RRGGBB), else a stable palette colour."""
    theme = forum.theme_by_id.get(theme_id)
    given = (theme.colour or "").strip().lstrip("#").upper() if theme else ""
    if len(given) == 3:
        given = "".join(ch * 2 for ch in given)
    if len(given) == 6 and all(ch in "0123456789ABCDEF" for ch in given):
        return given
    return PALETTE[zlib.crc32(theme_id.encode("utf-8")) % len(PALETTE)]


def luminance(colour: str) -> float:
    """WCAG relative luminance of an RRGGBB colour (a leading '#' allowed): 0 for black, 1 for
    white."""
    colour, channels = colour.lstrip("#"), []
    for i in (0, 2, 4):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def text_colour(fill: str) -> str:
    """White text on dark fills, black on light ones: whichever contrasts more (at least
    4.58:1 either way, above WCAG's 4.5:1 for normal text)."""
    return WHITE if luminance(fill) < LIGHT_TEXT_BELOW else BLACK


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two RRGGBB colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
