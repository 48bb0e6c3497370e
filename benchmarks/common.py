"""What the benchmark scripts share: the forums they measure."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from forumgen import generate_forum, hidden_programme, write_xlsx  # noqa: E402

from forum_scheduler import load_forum, sample_inputs  # noqa: E402
from forum_scheduler.domain import Placement, Programme  # noqa: E402
from forum_scheduler.timegrid import parse_clock  # noqa: E402


def sample_and_generated(sizes, seed: int = 1):
    """("sample", the sample forum), then ("<n> sessions", a generated forum) per size."""
    yield "sample", load_forum(sample_inputs())
    folder = Path(tempfile.mkdtemp())
    for n in sizes:
        path = folder / f"forum-{n}.xlsx"
        write_xlsx(generate_forum(n, seed=seed), path)
        yield f"{n} sessions", load_forum([path])


def generated_with_timetable(n: int, seed: int = 1):
    """A generated forum of n sessions and the timetable it was built around (valid by
    construction), for measuring what does not depend on how good a programme is."""
    sheets = generate_forum(n, seed=seed)
    path = Path(tempfile.mkdtemp()) / f"forum-{n}.xlsx"
    write_xlsx(sheets, path)
    placements = tuple(
        Placement(row["session_id"], row["day"], parse_clock(row["start"]), row["room_id"])
        for row in hidden_programme(sheets)
    )
    return load_forum([path]), Programme(placements)
