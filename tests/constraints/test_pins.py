"""pins: a session pinned to a day, a start or a room (Sessions sheet) is held there.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme


def fired(report):
    return {v.constraint for v in report.violations}


def pinned_forum(**pins):
    return forum([session("S1", **pins), session("S2")], [room("A"), room("B")])


# -- through the checker -----------------------------------------------------------------------
CASES = {
    "day": (
        {"pin_day": 2},
        ("S1", 1, "09:00", "A"),
        ("S1", 2, "09:00", "A"),
        "S1 is pinned to day 2 (Tue 05 May) but is on day 1 (programme row 2)",
    ),
    "start": (
        {"pin_start": 10 * 60},
        ("S1", 1, "09:00", "A"),
        ("S1", 1, "10:00", "A"),
        "S1 is pinned to start 10:00 but starts at 09:00 (programme row 2)",
    ),
    "room": (
        {"pin_room": "B"},
        ("S1", 1, "09:00", "A"),
        ("S1", 1, "09:00", "B"),
        "S1 is pinned to room B but is in A (programme row 2)",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_checker_reports_a_broken_pin(case):
    pins, wrong, _, message = CASES[case]
    f = pinned_forum(**pins)
    report = check_programme(f, programme(wrong, ("S2", 2, "11:00", "A")))
    assert fired(report) == {"pins"}
    assert [v.message for v in report.violations] == [message]
    assert report.violations[0].sessions == ("S1",)


@pytest.mark.parametrize("case", sorted(CASES))
def test_checker_control_session_where_pinned(case):
    pins, _, right, _ = CASES[case]
    f = pinned_forum(**pins)
    assert check_programme(f, programme(right, ("S2", 2, "11:00", "A"))).violations == ()


def test_checker_reports_each_broken_part_of_a_full_pin():
    f = pinned_forum(pin_day=2, pin_start=10 * 60, pin_room="B")
    report = check_programme(f, programme(("S1", 1, "09:00", "A"), ("S2", 2, "11:00", "A")))
    assert fired(report) == {"pins"}
    assert len(report.violations) == 3
    assert all(v.sessions == ("S1",) for v in report.violations)
    control = check_programme(f, programme(("S1", 2, "10:00", "B"), ("S2", 2, "11:00", "A")))
    assert control.violations == ()


# -- through the model ---------------------------------------------------------------------------
def test_model_keeps_a_full_pin_against_room_fit():
    # Room A seats 10 (= attendance, 0 empty seats), B seats 100 (90 empty).
    # Unpinned, S1 goes to A: objective 0. Pinned to (day 2, 10:30, B): objective 90.
    rooms = [room("A", 10), room("B", 100)]
    free = solve(forum([session("S1", attendance=10)], rooms))
    assert free.status == "optimal"
    assert places(free)["S1"][2] == "A"
    assert free.objective == 0

    pinned = solve(
        forum(
            [session("S1", attendance=10, pin_day=2, pin_start=10 * 60 + 30, pin_room="B")], rooms
        )
    )
    assert pinned.status == "optimal"
    assert places(pinned) == {"S1": (2, "10:30", "B")}
    assert pinned.objective == 90


def test_model_keeps_a_start_pin_alone():
    # Pinned to 11:00 only: day free (1 or 2), start 11:00.
    result = solve(forum([session("S1", attendance=100, pin_start=11 * 60)]))
    assert result.status == "optimal"
    day, start, _ = places(result)["S1"]
    assert start == "11:00" and day in (1, 2)


def test_model_pins_push_the_other_session_away():
    # One room, one day 09:00-11:00 (two 60-minute starts: 09:00, 10:00). S1 pinned to 09:00,
    # so S2 takes 10:00.
    f = forum(
        [session("S1", attendance=100, pin_start=9 * 60), session("S2", attendance=100)],
        days=1,
        day_end=11 * 60,
    )
    result = solve(f)
    assert result.status == "optimal"
    assert places(result) == {"S1": (1, "09:00", "A"), "S2": (1, "10:00", "A")}


def test_model_two_sessions_pinned_to_one_room_and_time_is_infeasible():
    # One room; both pinned to day 1 09:00: the pre-check says so before any search.
    pin = {"pin_day": 1, "pin_start": 9 * 60, "pin_room": "A"}
    result = solve(forum([session("S1", **pin), session("S2", **pin)]))
    assert result.status == "infeasible"
    assert result.unplaced == ("S1", "S2")
    assert [r.message for r in result.reasons] == [
        "S1 (09:00) and S2 (09:00) are pinned to overlap on Mon 04 May, both in room A"
    ]
    # Control: pinned to different days, both fit.
    control = solve(forum([session("S1", **pin), session("S2", **{**pin, "pin_day": 2})]))
    assert control.status == "optimal"
    assert places(control) == {"S1": (1, "09:00", "A"), "S2": (2, "09:00", "A")}


@pytest.mark.parametrize(
    "pins, says",
    [
        (
            {"pin_start": 8 * 60},
            "S1 is pinned to start 08:00: its 60 minutes, to 09:00, fall "
            "outside the day's hours 09:00-12:00",
        ),
        (
            {"pin_start": 9 * 60 + 15},
            "S1 is pinned to start 09:15: its 60 minutes, to 10:15, fall "
            "off the 30-minute grid that starts at 09:00",
        ),
        (
            {"pin_start": 11 * 60 + 30},
            "S1 is pinned to start 11:30: its 60 minutes, to 12:30, fall "
            "outside the day's hours 09:00-12:00",
        ),
        ({"pin_day": 3}, "(pins)"),
    ],
    ids=["before the day", "off the grid", "runs past the day", "day outside the week"],
)
def test_model_impossible_pin_is_infeasible_and_names_the_session(pins, says):
    result = solve(forum([session("S1", **pins), session("S2")]))
    assert result.status == "infeasible"
    assert result.unplaced == ("S1",)
    assert any(r.sessions == ("S1",) and says in r.message for r in result.reasons)


def test_a_pin_across_a_break_says_which_break():
    from forum_scheduler.domain import Break

    f = forum([session("S1", pin_start=10 * 60 + 30)], breaks=(Break(11 * 60, 11 * 60 + 30),))
    result = solve(f)
    assert result.status == "infeasible"
    assert [r.message for r in result.reasons] == [
        "S1 is pinned to start 10:30: its 60 minutes, to 11:30, fall across the break 11:00-11:30"
    ]


def test_model_pin_to_a_room_too_small_is_infeasible():
    result = solve(
        forum([session("S1", attendance=80, pin_room="A")], [room("A", 50), room("B", 100)])
    )
    assert result.status == "infeasible"
    assert result.unplaced == ("S1",)
    assert any("pinned to room A" in r.message for r in result.reasons)
