"""room_capacity: a session's expected attendance is at most its room's capacity.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme

ROOMS = [room("A", 50), room("B", 100)]


def fired(report):
    return {v.constraint for v in report.violations}


# -- through the checker -----------------------------------------------------------------------
def test_checker_reports_a_session_too_big_for_its_room():
    f = forum([session("S1", attendance=80), session("S2", attendance=50)], ROOMS)
    report = check_programme(f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B")))
    assert fired(report) == {"room_capacity"}
    assert [(v.message, v.sessions) for v in report.violations] == [
        ("S1 expects 80 people but Room A seats 50 (programme row 2)", ("S1",))
    ]


def test_checker_control_sessions_swapped():
    # S1 (80) in B (100), S2 (50) in A (50): a full room is not over capacity.
    f = forum([session("S1", attendance=80), session("S2", attendance=50)], ROOMS)
    report = check_programme(f, programme(("S1", 1, "09:00", "B"), ("S2", 1, "09:00", "A")))
    assert report.violations == ()


# -- through the model ---------------------------------------------------------------------------
def test_model_puts_the_big_session_in_the_big_room():
    # 80 people fit only room B: room fit 100 - 80 = 20.
    result = solve(forum([session("S1", attendance=80)], ROOMS))
    assert result.status == "optimal"
    assert places(result)["S1"][2] == "B"
    assert result.objective == 20
    # Control: 40 people fit both; room fit prefers A (10 empty seats, not 60).
    control = solve(forum([session("S1", attendance=40)], ROOMS))
    assert control.status == "optimal"
    assert places(control)["S1"][2] == "A"
    assert control.objective == 10


def test_model_two_big_sessions_need_two_times():
    # One day, 09:00-10:00: one start. S1 (80) and S2 (90) both need B, so one is left out;
    # with two days they take B on different days.
    sessions = [session("S1", attendance=80), session("S2", attendance=90)]
    # (The pre-check of the room time of the rooms that seat them says it before any search.)
    short = solve(forum(sessions, ROOMS, days=1, day_end=10 * 60))
    assert short.status == "infeasible"
    assert set(short.unplaced) <= {"S1", "S2"}
    assert "can only use rooms B" in short.reasons[0].message

    longer = solve(forum(sessions, ROOMS, days=2, day_end=10 * 60))
    assert longer.status == "optimal"
    at = places(longer)
    assert at["S1"][2] == at["S2"][2] == "B"
    assert at["S1"][0] != at["S2"][0]
    assert longer.objective == 20 + 10


def test_model_session_bigger_than_every_room_is_infeasible():
    result = solve(forum([session("S1", attendance=150), session("S2")], ROOMS))
    assert result.status == "infeasible"
    assert result.unplaced == ("S1",)
    assert [r.message for r in result.reasons] == [
        "S1 expects 150 people but the largest room, Room B, seats 100"
    ]
