"""room_overlap: two sessions in the same room never overlap in time.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme


def fired(report):
    return {v.constraint for v in report.violations}


def pair(rooms=None, **changes):
    return forum(
        [session("S1", attendance=100), session("S2", attendance=100)],
        rooms or [room("A"), room("B")],
        **changes,
    )


# -- through the checker -----------------------------------------------------------------------
def test_checker_reports_the_shared_room_and_the_overlap():
    # S1 09:00-10:00 and S2 09:30-10:30 in A: they share 09:30-10:00.
    report = check_programme(pair(), programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:30", "A")))
    assert fired(report) == {"room_overlap"}
    assert [(v.message, v.sessions) for v in report.violations] == [
        ("Room A holds S1 and S2 on Mon 04 May 09:30-10:00 (programme rows 2, 3)", ("S1", "S2"))
    ]


def test_checker_reports_every_pair():
    f = forum([session(f"S{i}") for i in (1, 2, 3)])
    report = check_programme(
        f, programme(("S1", 2, "09:00", "A"), ("S2", 2, "09:00", "A"), ("S3", 2, "09:30", "A"))
    )
    assert fired(report) == {"room_overlap"}
    assert sorted(v.sessions for v in report.violations) == [
        ("S1", "S2"),
        ("S1", "S3"),
        ("S2", "S3"),
    ]


@pytest.mark.parametrize(
    "prog",
    [
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A")),  # touching, half-open
        programme(("S1", 1, "09:00", "A"), ("S2", 2, "09:00", "A")),  # other day
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:30", "B")),  # other room
    ],
    ids=["after", "other day", "other room"],
)
def test_checker_control_session_moved(prog):
    assert check_programme(pair(), prog).violations == ()


# -- through the model ---------------------------------------------------------------------------
def test_model_one_room_one_start_leaves_one_out():
    # One day 09:00-10:00, one room: a single 60-minute place for two sessions.
    # (The pre-check of the week's room time says it before any search.)
    result = solve(pair([room("A")], days=1, day_end=10 * 60))
    assert result.status == "infeasible"
    assert set(result.unplaced) <= {"S1", "S2"}


def test_model_one_room_two_starts_places_them_one_after_the_other():
    # One day 09:00-11:00, one room: the starts are 09:00 and 10:00, one each.
    result = solve(pair([room("A")], days=1, day_end=11 * 60))
    assert result.status == "optimal"
    assert sorted(places(result).values()) == [(1, "09:00", "A"), (1, "10:00", "A")]


def test_model_control_two_rooms_run_side_by_side():
    # One day 09:00-10:00 with two rooms: both at 09:00, one per room.
    result = solve(pair([room("A"), room("B")], days=1, day_end=10 * 60))
    assert result.status == "optimal"
    assert sorted(places(result).values()) == [(1, "09:00", "A"), (1, "09:00", "B")]
