"""venue_travel: a facilitator has at least venue_travel_minutes between sessions in different
venues.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots; here
room A is at HQ, room B at CICG, and travel takes 30 minutes.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme


def fired(report):
    return {v.constraint for v in report.violations}


def rooms():
    return [room("A", venue="HQ"), room("A2", venue="HQ"), room("B", venue="CICG")]


def travel_forum(travel=30, second=("ana",), **changes):
    sessions = [session("S1", facilitators=["ana"]), session("S2", facilitators=second)]
    return forum(sessions, rooms(), venue_travel_minutes=travel, **changes)


# -- through the checker -----------------------------------------------------------------------
def test_checker_reports_the_person_the_venues_and_the_gap():
    # S1 09:00-10:00 at HQ, S2 10:00 at CICG: 0 minutes to travel, 30 needed.
    report = check_programme(
        travel_forum(), programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B"))
    )
    assert fired(report) == {"venue_travel"}
    assert [(v.message, v.sessions) for v in report.violations] == [
        (
            "ana has 0 minutes to go from HQ (S1, ends 10:00) to CICG (S2, starts 10:00) on "
            "Mon 04 May; travel needs 30 (programme rows 2, 3)",
            ("S1", "S2"),
        )
    ]


def test_checker_orders_the_pair_by_time():
    # S2 first at CICG 09:00-10:00, then S1 at HQ 10:00: reported in that order.
    report = check_programme(
        travel_forum(), programme(("S1", 1, "10:00", "A"), ("S2", 1, "09:00", "B"))
    )
    assert [v.sessions for v in report.violations] == [("S2", "S1")]
    assert "from CICG (S2, ends 10:00) to HQ (S1, starts 10:00)" in report.violations[0].message


@pytest.mark.parametrize(
    "prog",
    [
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:30", "B")),  # 30 minutes: enough
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A2")),  # same venue, other room
        programme(("S1", 1, "09:00", "A"), ("S2", 2, "10:00", "B")),  # other day
    ],
    ids=["enough time", "same venue", "other day"],
)
def test_checker_control_session_moved(prog):
    assert check_programme(travel_forum(), prog).violations == ()


def test_checker_control_no_shared_person_or_no_travel_time():
    prog = programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B"))
    assert check_programme(travel_forum(second=("bob",)), prog).violations == ()
    assert check_programme(travel_forum(travel=0), prog).violations == ()


# -- through the model ---------------------------------------------------------------------------
def test_model_keeps_the_facilitator_in_one_venue_when_there_is_no_time():
    # One day. S1 pinned to A (HQ) at 09:00; S2 pinned to 10:00, room free. Room fit: A and A2
    # seat 100 (90 empty for 10 people), B seats 10 (0 empty).
    # Without travel S2 takes B: objective 90 (S1) + 0 = 90.
    # With 30 minutes of travel S2 cannot leave HQ: A2 or A, objective 90 + 90 = 180.
    sessions = [
        session("S1", facilitators=["ana"], pin_start=9 * 60, pin_room="A"),
        session("S2", facilitators=["ana"], pin_start=10 * 60),
    ]
    venues = [room("A", 100, venue="HQ"), room("A2", 100, venue="HQ"), room("B", 10, venue="CICG")]
    result = solve(forum(sessions, venues, venue_travel_minutes=30, days=1))
    assert result.status == "optimal"
    assert places(result)["S2"][2] in ("A", "A2")
    assert result.objective == 180

    control = solve(forum(sessions, venues, venue_travel_minutes=0, days=1))
    assert control.status == "optimal"
    assert places(control)["S2"][2] == "B"
    assert control.objective == 90


def test_model_leaves_travel_time_between_venues():
    # One day; S1 pinned to A (HQ) at 09:00, S2 pinned to B (CICG). S2 (60 minutes) may start at
    # 10:30 or 11:00 (10:00 leaves 0 minutes to travel).
    sessions = [
        session("S1", facilitators=["ana"], pin_start=9 * 60, pin_room="A"),
        session("S2", facilitators=["ana"], pin_room="B"),
    ]
    result = solve(forum(sessions, rooms(), venue_travel_minutes=30, days=1))
    assert result.status == "optimal"
    assert places(result)["S2"][1] in ("10:30", "11:00")


def test_model_no_time_to_travel_is_infeasible():
    # One day 09:00-11:00: S1 pinned to A (HQ), S2 to B (CICG). Two 60-minute sessions with 30
    # minutes between them need 150 minutes; the day has 120. Without travel time both fit.
    sessions = [
        session("S1", facilitators=["ana"], pin_room="A"),
        session("S2", facilitators=["ana"], pin_room="B"),
    ]
    result = solve(forum(sessions, rooms(), venue_travel_minutes=30, days=1, day_end=11 * 60))
    assert result.status == "infeasible"
    assert len(result.unplaced) == 1 and result.unplaced[0] in ("S1", "S2")

    control = solve(forum(sessions, rooms(), venue_travel_minutes=0, days=1, day_end=11 * 60))
    assert control.status == "optimal"
    assert sorted(t for _, t, _ in places(control).values()) == ["09:00", "10:00"]
