"""The same input gives the same bytes in every process: Python orders sets and hashes strings
differently per process (PYTHONHASHSEED), so every output is written in two processes with
different seeds and compared file by file. The forum holds what sorts alike by natural order
(action lines C1 and C01, venues Hall 1 and Hall 01) and two noted rows with the same row
number (merged from two workbooks), which a re-publish gives as the reasons of one move.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

SCRIPT = """
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from exportfixtures import PUBLISH, make_forum, make_programme

from forum_scheduler.domain import Placement, Programme, Room, Unavailability
from forum_scheduler.export import write_outputs

forum = make_forum()
rooms = forum.rooms + (Room("H1", "Hall 1", "Hall 01", 50), Room("H01", "Hall 01", "Hall 1", 50))
sessions = tuple(
    replace(s, action_lines=("C1", "C01", "c1")) if s.session_id == "S03" else s
    for s in forum.sessions
)
away = (
    Unavailability("anna", 1, 0, 24 * 60, note="Anna travels", row=2),
    Unavailability("K", 1, 0, 24 * 60, note="Room K is repainted", row=2),
)
forum = replace(forum, rooms=rooms, sessions=sessions, unavailability=away)
programme = make_programme()
root = Path(sys.argv[1])
write_outputs(forum, programme, root, {"status": "OPTIMAL"}, PUBLISH)
moved = Programme(tuple(
    Placement("S03", 2, 10 * 60 + 30, "H1") if p.session_id == "S03" else p
    for p in programme.placements
))
write_outputs(forum, moved, root, {"status": "OPTIMAL"}, PUBLISH + timedelta(days=1))
"""


def _write(root: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(HERE)}
    subprocess.run([sys.executable, "-c", SCRIPT, str(root)], env=env, check=True, timeout=120)
    folder = root / "forum-week-2026"
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_every_output_is_the_same_whatever_the_hash_seed(tmp_path):
    first = _write(tmp_path / "one", "1")
    assert b"row 2: Anna travels; Unavailability row 2: Room K is repainted" in first["changes.csv"]
    assert "index.html" in first and "changes/anna.eml" in first
    for seed in ("2", "3"):
        again = _write(tmp_path / seed, seed)
        assert sorted(again) == sorted(first)
        assert [name for name in first if first[name] != again[name]] == []


def test_dates_are_english_whatever_the_locale():
    """strftime names days in the machine's locale; the outputs name them in English."""
    import locale

    from exportfixtures import make_forum

    settings = make_forum().settings
    previous = locale.setlocale(locale.LC_TIME)
    for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8"):
        try:
            locale.setlocale(locale.LC_TIME, name)
        except locale.Error:
            continue
        try:
            assert settings.day_label(1) == "Thu 26 Mar"
            assert settings.long_date(5) == "Monday 30 March 2026"
        finally:
            locale.setlocale(locale.LC_TIME, previous)
