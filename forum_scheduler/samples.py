"""Where the bundled sample forum lives, in an installed package or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).parent / "sample_data"
_SOURCE = Path(__file__).resolve().parent.parent


def sample_inputs() -> list[Path]:
    """The sample's data and constraints workbooks."""
    packaged = [_PACKAGED / "wsis-forum.xlsx", _PACKAGED / "wsis-forum-constraints.xlsx"]
    if all(p.is_file() for p in packaged):
        return packaged
    return [_SOURCE / "data" / "wsis-forum.xlsx", _SOURCE / "constraints" / "wsis-forum.xlsx"]
