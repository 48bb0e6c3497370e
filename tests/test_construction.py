"""The construction (greedy list scheduler and its repair): what it places keeps every hard rule.

The search starts from it, and on large forums its programme is the first valid one, so a
hard rule it misses or a session it fails to place costs the whole run.
"""

from __future__ import annotations

import pytest
from conftest import forum, room, session
from forumgen import generate_forum, write_csv_folder

from forum_scheduler import check_programme, load_forum
from forum_scheduler.constraints.registry import CONSTRAINTS
from forum_scheduler.domain import Programme, Rule
from forum_scheduler.model.encoding import Encoding
from forum_scheduler.model.greedy import greedy_programme


def construct(f):
    placed = greedy_programme(Encoding(f, list(CONSTRAINTS)), {"theme_clash": 10, "room_fit": 1})
    return placed, check_programme(f, Programme(tuple(placed.values())))


def test_repair_moves_the_partner_of_a_rule_out_of_the_way():
    # One day of three hours in one room; Z is pinned at 10:00. Y (the bigger audience, placed
    # first) takes 09:00, which leaves X no place before Y: the repair must move Y to 11:00,
    # although no session stands in X's way at 09:00 but Y itself, by the rule.
    f = forum(
        [
            session("X", attendance=10),
            session("Y", attendance=50),
            session("Z", pin_day=1, pin_start=600),
        ],
        [room("A")],
        rules=[Rule("before", "X", "Y")],
        days=1,
    )
    placed, report = construct(f)
    assert set(placed) == {"X", "Y", "Z"}
    assert report.ok, report.violations
    assert (placed["X"].start, placed["Y"].start) == (540, 660)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_the_checker_accepts_what_the_construction_places(tmp_path, seed):
    folder = tmp_path / "forum"
    write_csv_folder(generate_forum(120, seed=seed), folder)
    f = load_forum([folder])
    placed, report = construct(f)
    assert len(placed) == len(f.sessions)  # feasible by construction, and placed in full
    assert report.ok, report.violations
