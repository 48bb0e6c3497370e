"""room_fit (soft): each session costs its room's empty seats (capacity - attendance), times the
room_fit weight (default 1).

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme

ROOMS = [room("A", 50), room("B", 100)]


def fit_forum(weights=None, **changes):
    return forum(
        [session("S1", attendance=40), session("S2", attendance=45)],
        ROOMS,
        weights=weights,
        **changes,
    )


# -- through the checker -----------------------------------------------------------------------
def test_checker_counts_the_empty_seats():
    # S1 (40) in B (100): 60 empty; S2 (45) in A (50): 5 empty. 65 x 1. (Both on Monday would
    # break balanced_days, which is switched off here.)
    report = check_programme(
        fit_forum(weights={"balanced_days": 0}),
        programme(("S1", 1, "09:00", "B"), ("S2", 1, "09:00", "A")),
    )
    assert report.violations == ()
    penalty = report.penalty("room_fit")
    assert penalty.weighted == 65
    # Largest waste first.
    assert [(o.amount, o.message, o.sessions) for o in penalty.offences] == [
        (60, "S1 (40 expected) leaves 60 of 100 seats empty in Room B", ("S1",)),
        (5, "S2 (45 expected) leaves 5 of 50 seats empty in Room A", ("S2",)),
    ]
    assert all(p.weighted == 0 for p in report.penalties if p.constraint != "room_fit")


def test_checker_control_small_session_moved_to_the_small_room():
    # S1 in A on day 2: 10 empty; S2 in A on day 1: 5 empty. 15.
    report = check_programme(
        fit_forum(), programme(("S1", 2, "09:00", "A"), ("S2", 1, "09:00", "A"))
    )
    assert report.penalty("room_fit").weighted == 15


def test_checker_full_room_costs_nothing_and_weight_multiplies():
    f = forum([session("S1", attendance=50)], ROOMS, weights={"room_fit": 3})
    assert check_programme(f, programme(("S1", 1, "09:00", "A"))).penalty("room_fit").weighted == 0
    # In B: 50 empty x 3 = 150.
    assert (
        check_programme(f, programme(("S1", 1, "09:00", "B"))).penalty("room_fit").weighted == 150
    )


# -- through the model ---------------------------------------------------------------------------
def test_model_uses_the_small_room_on_two_days():
    # One start a day (09:00-10:00), two days. Best: both in A, one per day: 10 + 5 = 15.
    # (Both on one day would put one of them in B: 15 + 50 = 65 at best.)
    result = solve(fit_forum(day_end=10 * 60))
    assert result.status == "optimal"
    at = places(result)
    assert at["S1"][2] == at["S2"][2] == "A"
    assert at["S1"][0] != at["S2"][0]
    assert result.objective == 15
    assert result.check.penalty("room_fit").weighted == result.solver_objective == 15


def test_model_one_start_fills_both_rooms():
    # One day, one start: both rooms used; empty seats 150 - 85 = 65 whichever way round.
    result = solve(fit_forum(days=1, day_end=10 * 60))
    assert result.status == "optimal"
    assert result.objective == 65
    assert result.check.penalty("room_fit").weighted == result.solver_objective == 65


@pytest.mark.parametrize("weight, objective", [(2, 30), (0, 0)])
def test_model_weight(weight, objective):
    # Same forum as above on two days: 15 empty seats x weight.
    result = solve(fit_forum({"room_fit": weight}, day_end=10 * 60))
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == objective
    assert result.check.penalty("room_fit").weighted == objective


def test_model_big_session_takes_the_big_room_when_both_must_run_at_once():
    # One start; S1 (40) and S3 (90): S3 only fits B, S1 takes A: 10 + 10 = 20.
    f = forum(
        [session("S1", attendance=40), session("S3", attendance=90)], ROOMS, days=1, day_end=10 * 60
    )
    result = solve(f)
    assert result.status == "optimal"
    assert places(result) == {"S1": (1, "09:00", "A"), "S3": (1, "09:00", "B")}
    assert result.objective == 20
