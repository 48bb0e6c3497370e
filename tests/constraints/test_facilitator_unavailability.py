"""facilitator_unavailability: no session while one of its facilitators has a hard row.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme
from forum_scheduler.domain import Unavailability


def fired(report):
    return {v.constraint for v in report.violations}


# ana is away on day 1 from 09:00 to 10:00 (Unavailability row 3).
AWAY = Unavailability("ana", 1, 9 * 60, 10 * 60, row=3)


def away_forum(*rows):
    return forum(
        [session("S1", facilitators=["bob", "ana"]), session("S2", facilitators=["bob"])],
        [room("A"), room("B")],
        unavailability=rows or (AWAY,),
    )


# -- through the checker -----------------------------------------------------------------------
def test_checker_reports_the_person_and_the_session():
    # S1 09:30-10:30 overlaps ana's 09:00-10:00 by 30 minutes; S2 (bob only) is unaffected.
    report = check_programme(
        away_forum(), programme(("S1", 1, "09:30", "A"), ("S2", 2, "11:00", "B"))
    )
    assert fired(report) == {"facilitator_unavailability"}
    assert [(v.message, v.sessions) for v in report.violations] == [
        (
            "ana is unavailable Mon 04 May 09:00-10:00 (Unavailability row 3) but facilitates S1 "
            "09:30-10:30",
            ("S1",),
        )
    ]


@pytest.mark.parametrize(
    "placement",
    [
        ("S1", 1, "10:00", "A"),  # starts when ana is back (half-open)
        ("S1", 2, "09:00", "A"),  # other day
    ],
    ids=["after", "other day"],
)
def test_checker_control_session_moved(placement):
    report = check_programme(away_forum(), programme(placement, ("S2", 2, "11:00", "B")))
    assert report.violations == ()


def test_checker_only_the_absent_persons_sessions_count():
    # S2 (bob) at 09:00 on day 1: ana's row does not concern it.
    report = check_programme(
        away_forum(), programme(("S1", 1, "10:00", "A"), ("S2", 1, "09:00", "B"))
    )
    assert report.violations == ()


def test_checker_ignores_a_soft_row():
    soft = Unavailability("ana", 1, 9 * 60, 10 * 60, hard=False, weight=7, row=3)
    report = check_programme(
        away_forum(soft), programme(("S1", 1, "09:00", "A"), ("S2", 2, "11:00", "B"))
    )
    assert report.violations == ()
    assert report.penalty("soft_unavailability").weighted == 7


# -- through the model ---------------------------------------------------------------------------
def test_model_waits_for_the_facilitator():
    # One day; ana away 09:00-11:00: S1 (60 minutes) can only start at 11:00.
    rows = [Unavailability("ana", 1, 9 * 60, 11 * 60, row=2)]
    result = solve(forum([session("S1", facilitators=["ana"])], unavailability=rows, days=1))
    assert result.status == "optimal"
    assert places(result)["S1"][:2] == (1, "11:00")


def test_model_moves_to_the_other_day():
    # ana away all of day 1: S1 on day 2. Control: bob's S2 is not concerned, and with one room
    # and one hour per day (09:00-10:00) it must take day 1.
    rows = [Unavailability("ana", 1, 9 * 60, 12 * 60, row=2)]
    f = forum(
        [session("S1", facilitators=["ana"]), session("S2", facilitators=["bob"])],
        unavailability=rows,
        day_end=10 * 60,
    )
    result = solve(f)
    assert result.status == "optimal"
    assert places(result) == {"S1": (2, "09:00", "A"), "S2": (1, "09:00", "A")}


def test_model_facilitator_away_all_week_is_infeasible():
    rows = [Unavailability("ana", d, 9 * 60, 12 * 60, row=d + 1) for d in (1, 2)]
    f = forum(
        [session("S1", facilitators=["ana"]), session("S2", facilitators=["bob"])],
        unavailability=rows,
    )
    result = solve(f)
    assert result.status == "infeasible"
    assert result.unplaced == ("S1",)
    assert any(
        r.sessions == ("S1",) and "facilitator_unavailability" in r.message for r in result.reasons
    )
