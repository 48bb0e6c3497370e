"""room_unavailability: no session in a room during one of the room's hard unavailability rows.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme
from forum_scheduler.domain import Unavailability


def fired(report):
    return {v.constraint for v in report.violations}


# Room A is closed on day 1 from 10:00 to 11:00 (Unavailability row 2).
CLOSED = Unavailability("A", 1, 10 * 60, 11 * 60, row=2)


def closed_forum(*rows):
    return forum([session("S1")], [room("A"), room("B")], unavailability=rows or (CLOSED,))


# -- through the checker -----------------------------------------------------------------------
def test_checker_reports_the_room_and_the_session():
    # S1 09:30-10:30 in A overlaps 10:00-11:00 by 30 minutes.
    report = check_programme(closed_forum(), programme(("S1", 1, "09:30", "A")))
    assert fired(report) == {"room_unavailability"}
    assert [(v.message, v.sessions) for v in report.violations] == [
        (
            "Room A is unavailable Mon 04 May 10:00-11:00 (Unavailability row 2) but holds S1 "
            "from 09:30 to 10:30",
            ("S1",),
        )
    ]


@pytest.mark.parametrize(
    "placement",
    [
        ("S1", 1, "09:00", "A"),  # 09:00-10:00 ends when the room closes (half-open)
        ("S1", 1, "11:00", "A"),  # starts when it reopens
        ("S1", 2, "10:00", "A"),  # other day
        ("S1", 1, "10:00", "B"),  # other room
    ],
    ids=["before", "after", "other day", "other room"],
)
def test_checker_control_session_moved(placement):
    assert check_programme(closed_forum(), programme(placement)).violations == ()


def test_checker_ignores_a_soft_row():
    soft = Unavailability("A", 1, 10 * 60, 11 * 60, hard=False, row=2)
    report = check_programme(closed_forum(soft), programme(("S1", 1, "10:00", "A")))
    assert report.violations == ()
    assert report.penalty("soft_unavailability").weighted == 500  # the soft goal's default


# -- through the model ---------------------------------------------------------------------------
def test_model_waits_for_the_room():
    # One day, one room closed 09:00-11:00: the only 60-minute start left is 11:00.
    rows = [Unavailability("A", 1, 9 * 60, 11 * 60, row=2)]
    result = solve(forum([session("S1")], unavailability=rows, days=1))
    assert result.status == "optimal"
    assert places(result) == {"S1": (1, "11:00", "A")}


def test_model_moves_to_the_other_room():
    # A seats 10 (= attendance), B seats 100. A closed all day on the only day: S1 in B, room
    # fit 90. Control, A open: S1 in A, 0.
    rooms = [room("A", 10), room("B", 100)]
    rows = [Unavailability("A", 1, 9 * 60, 12 * 60, row=2)]
    result = solve(forum([session("S1")], rooms, unavailability=rows, days=1))
    assert result.status == "optimal"
    assert places(result)["S1"][2] == "B"
    assert result.objective == 90

    control = solve(forum([session("S1")], rooms, days=1))
    assert control.status == "optimal"
    assert places(control)["S1"][2] == "A"
    assert control.objective == 0


def test_model_only_room_closed_all_week_is_infeasible():
    rows = [Unavailability("A", d, 9 * 60, 12 * 60, row=d + 1) for d in (1, 2)]
    result = solve(forum([session("S1")], unavailability=rows))
    assert result.status == "infeasible"
    assert result.unplaced == ("S1",)
