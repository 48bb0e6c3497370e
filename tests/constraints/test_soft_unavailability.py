"""soft_unavailability (soft): a session booked during a soft unavailability row of one of its
facilitators or of its room costs the row's weight (blank: the soft_unavailability weight,
default 500).

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
Rooms seat exactly the attendance (10) unless said otherwise, so room fit costs nothing.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme
from forum_scheduler.domain import Unavailability

TEN = [room("A", 10), room("B", 10)]


def prefers(who, start, end, weight=None, day=1, row=4, note=""):
    return Unavailability(who, day, start, end, hard=False, weight=weight, note=note, row=row)


def pair(*rows, rooms=TEN, weights=None, **changes):
    return forum(
        [session("S1", facilitators=["ana"]), session("S2", facilitators=["bob"])],
        rooms,
        unavailability=rows,
        weights=weights,
        **changes,
    )


# -- through the checker -----------------------------------------------------------------------
ANA_EARLY = prefers("ana", 9 * 60, 10 * 60, note="flight")


def test_checker_charges_the_default_weight():
    # S1 (ana) 09:30-10:30 overlaps ana's soft 09:00-10:00: the row's weight is blank -> 500.
    # (balanced_days off: both sessions are on Monday.)
    report = check_programme(
        pair(ANA_EARLY, weights={"balanced_days": 0}),
        programme(("S1", 1, "09:30", "A"), ("S2", 1, "09:00", "B")),
    )
    assert report.violations == ()
    penalty = report.penalty("soft_unavailability")
    assert penalty.weighted == 500
    assert [(o.amount, o.message, o.sessions) for o in penalty.offences] == [
        (
            500,
            "S1 is booked while ana prefers not Mon 04 May 09:00-10:00 (Unavailability row 4)"
            " (flight)",
            ("S1",),
        )
    ]
    assert all(p.weighted == 0 for p in report.penalties if p.constraint != "soft_unavailability")


@pytest.mark.parametrize(
    "row_weight, weights, expected",
    [
        (200, None, 200),  # the row's own weight
        (None, {"soft_unavailability": 50}, 50),  # blank row: the Weights sheet's value
        (200, {"soft_unavailability": 50}, 200),  # the row's own weight wins
    ],
    ids=["row weight", "weights sheet", "row over sheet"],
)
def test_checker_weight_of_a_row(row_weight, weights, expected):
    f = pair(prefers("ana", 9 * 60, 10 * 60, row_weight), weights=weights)
    report = check_programme(f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B")))
    assert report.penalty("soft_unavailability").weighted == expected


def test_checker_sums_the_rows():
    # ana's row (500) and room A's row (70) both hit S1 at 09:00 in A: 570.
    f = pair(ANA_EARLY, prefers("A", 9 * 60, 10 * 60, 70, row=5))
    report = check_programme(f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B")))
    assert report.penalty("soft_unavailability").weighted == 570


@pytest.mark.parametrize(
    "prog",
    [
        programme(("S1", 1, "10:00", "A"), ("S2", 1, "09:00", "B")),  # after the row (half-open)
        programme(("S1", 2, "09:00", "A"), ("S2", 1, "09:00", "B")),  # other day
    ],
    ids=["after", "other day"],
)
def test_checker_control_session_moved(prog):
    assert check_programme(pair(ANA_EARLY), prog).penalty("soft_unavailability").weighted == 0


def test_checker_room_row_only_for_sessions_in_that_room():
    f = pair(prefers("A", 9 * 60, 10 * 60, 70))
    in_a = programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B"))
    in_b = programme(("S1", 1, "09:00", "B"), ("S2", 1, "10:00", "A"))
    assert check_programme(f, in_a).penalty("soft_unavailability").weighted == 70
    assert check_programme(f, in_b).penalty("soft_unavailability").weighted == 0


# -- through the model ---------------------------------------------------------------------------
def test_model_keeps_a_preference_it_can_keep():
    # One day 09:00-11:00, one room: S1 (ana) avoids 09:00-10:00 by taking 10:00: objective 0.
    result = solve(pair(ANA_EARLY, rooms=[room("A", 10)], days=1, day_end=11 * 60))
    assert result.status == "optimal"
    assert places(result) == {"S1": (1, "10:00", "A"), "S2": (1, "09:00", "A")}
    assert result.objective == 0


@pytest.mark.parametrize(
    "weights, s1_start, objective",
    [
        # One day 09:00-11:00, one room. ana (S1) and bob (S2) both prefer not 09:00-10:00;
        # ana's row is blank, bob's weighs 200. One of them must take 09:00.
        (None, "10:00", 200),  # ana 500 > bob 200: bob's S2 at 09:00
        ({"soft_unavailability": 100}, "09:00", 100),  # ana 100 < bob 200: ana's S1 at 09:00
        ({"soft_unavailability": 0}, "09:00", 0),  # ana's row is off: S1 at 09:00 for free
    ],
    ids=["default", "weight 100", "weight 0"],
)
def test_model_breaks_the_cheaper_preference(weights, s1_start, objective):
    rows = (prefers("ana", 9 * 60, 10 * 60), prefers("bob", 9 * 60, 10 * 60, 200, row=5))
    result = solve(pair(*rows, rooms=[room("A", 10)], weights=weights, days=1, day_end=11 * 60))
    assert result.status == "optimal"
    assert places(result)["S1"][1] == s1_start
    assert result.objective == result.solver_objective == objective
    assert result.check.penalty("soft_unavailability").weighted == objective


@pytest.mark.parametrize(
    "weight, expected_room, objective",
    [
        # One session of 10 people; A seats 10, B 100 (90 empty seats). A prefers not to be used
        # all day (the only day). Row weight 1000: B is cheaper (90). Row weight 50: A (50).
        (1000, "B", 90),
        (50, "A", 50),
    ],
)
def test_model_room_preference_against_room_fit(weight, expected_room, objective):
    rows = (prefers("A", 9 * 60, 12 * 60, weight),)
    f = forum([session("S1")], [room("A", 10), room("B", 100)], unavailability=rows, days=1)
    result = solve(f)
    assert result.status == "optimal"
    assert places(result)["S1"][2] == expected_room
    assert result.objective == result.solver_objective == objective
    assert result.check.penalty("soft_unavailability").weighted == (
        50 if expected_room == "A" else 0
    )
