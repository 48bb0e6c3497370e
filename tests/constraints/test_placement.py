"""placement: every session placed exactly once, inside one day's hours, on the grid, off breaks.

Default tiny forum (tests/conftest.py): 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00,
30-minute slots, no breaks, one room A of 100 seats.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme
from forum_scheduler.domain import Break, clock

LUNCH = (Break(10 * 60, 10 * 60 + 30),)  # 10:00-10:30


def fired(report):
    return {v.constraint for v in report.violations}


def two_sessions(**changes):
    return forum([session("S1"), session("S2")], [room("A"), room("B")], **changes)


# -- through the checker -----------------------------------------------------------------------
CASES = {
    # S1 on both days (no overlap, so no other rule is touched).
    "twice": (
        two_sessions(),
        programme(("S1", 1, "09:00", "A"), ("S1", 2, "09:00", "A"), ("S2", 1, "10:00", "A")),
        "S1",
        ["S1 is placed 2 times", "programme rows 2, 3"],
    ),
    "missing": (
        two_sessions(),
        programme(("S1", 1, "09:00", "A")),
        "S2",
        ["S2 'Session S2' is not placed"],
    ),
    # Day 3 of a 2-day forum.
    "outside the week": (
        two_sessions(),
        programme(("S1", 3, "09:00", "A"), ("S2", 1, "09:00", "A")),
        "S1",
        ["S1 is on day 3", "days 1 to 2", "programme row 2"],
    ),
    # 11:30 + 60 minutes = 12:30 > 12:00.
    "after the day": (
        two_sessions(),
        programme(("S1", 1, "11:30", "A"), ("S2", 1, "09:00", "A")),
        "S1",
        ["S1 runs Mon 04 May 11:30-12:30", "outside the day's hours 09:00-12:00"],
    ),
    "before the day": (
        two_sessions(),
        programme(("S1", 1, "08:30", "A"), ("S2", 1, "10:00", "A")),
        "S1",
        ["S1 runs Mon 04 May 08:30-09:30", "09:00-12:00"],
    ),
    # 09:15 is 15 minutes off the 30-minute grid counted from 09:00.
    "off the grid": (
        two_sessions(),
        programme(("S1", 1, "09:15", "A"), ("S2", 1, "10:30", "A")),
        "S1",
        ["S1 starts at 09:15", "30-minute grid that starts at 09:00"],
    ),
    # 09:30-10:30 overlaps the break 10:00-10:30 by 30 minutes.
    "across a break": (
        two_sessions(breaks=LUNCH),
        programme(("S1", 1, "09:30", "A"), ("S2", 2, "09:00", "A")),
        "S1",
        ["S1 runs Mon 04 May 09:30-10:30", "across the break 10:00-10:30"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_checker_reports_the_misplaced_session(case):
    f, prog, sid, words = CASES[case]
    report = check_programme(f, prog)
    assert fired(report) == {"placement"}
    assert len(report.violations) == 1
    violation = report.violations[0]
    assert violation.sessions == (sid,)
    for text in words:
        assert text in violation.message


CONTROLS = {
    "twice": programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A")),
    "missing": programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A")),
    "outside the week": programme(("S1", 2, "09:00", "A"), ("S2", 1, "09:00", "A")),
    # 11:00-12:00 ends exactly at the day's end: allowed (half-open).
    "after the day": programme(("S1", 1, "11:00", "A"), ("S2", 1, "09:00", "A")),
    "before the day": programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A")),
    "off the grid": programme(("S1", 1, "09:30", "A"), ("S2", 1, "10:30", "A")),
    # 09:00-10:00 touches the break at 10:00 without overlapping it.
    "across a break": programme(("S1", 1, "09:00", "A"), ("S2", 2, "09:00", "A")),
}


@pytest.mark.parametrize("case", sorted(CONTROLS))
def test_checker_control_one_session_moved(case):
    f = CASES[case][0]
    assert check_programme(f, CONTROLS[case]).violations == ()


def test_checker_session_after_a_break_is_fine():
    f = two_sessions(breaks=LUNCH)
    # 10:30-11:30 starts when the break ends.
    report = check_programme(f, programme(("S1", 1, "10:30", "A"), ("S2", 1, "09:00", "A")))
    assert report.violations == ()


# -- through the model ---------------------------------------------------------------------------
def test_model_places_a_session_off_the_break():
    # One day 09:00-12:00 with a break 10:00-10:30. A 90-minute session starting at 09:00,
    # 09:30 or 10:00 overlaps the break, 11:00 and 11:30 run past 12:00: only 10:30-12:00 fits.
    f = forum([session("S1", duration=90, attendance=100)], days=1, breaks=LUNCH)
    result = solve(f)
    assert result.status == "optimal"
    assert places(result) == {"S1": (1, "10:30", "A")}
    assert result.check.violations == ()


def test_model_two_long_sessions_do_not_fit_around_a_break():
    # One room, one day. Without the break two 90-minute sessions fill 09:00-12:00 exactly
    # (09:00 and 10:30); with the break only 10:30 is left, so one of them cannot be placed.
    sessions = [
        session("S1", duration=90, attendance=100),
        session("S2", duration=90, attendance=100),
    ]
    free = solve(forum(sessions, days=1))
    assert free.status == "optimal"
    assert sorted(t for _, t, _ in places(free).values()) == ["09:00", "10:30"]
    assert free.objective == 0

    # (The pre-check of the week's room time says it before any search.)
    blocked = solve(forum(sessions, days=1, breaks=LUNCH))
    assert blocked.status == "infeasible"
    assert set(blocked.unplaced) <= {"S1", "S2"}


def test_model_every_session_once_on_the_grid():
    # Three 45-minute sessions, 45-minute slots from 09:00 (starts 09:00, 09:45, 10:30, 11:15).
    f = forum(
        [session(f"S{i}", duration=45, attendance=100) for i in (1, 2, 3)], days=1, slot_minutes=45
    )
    result = solve(f)
    assert result.status == "optimal"
    ids = [p.session_id for p in result.programme.placements]
    assert sorted(ids) == ["S1", "S2", "S3"]
    assert {clock(p.start) for p in result.programme.placements} <= {
        "09:00",
        "09:45",
        "10:30",
        "11:15",
    }


def test_model_session_longer_than_the_day_is_infeasible():
    # 240 minutes do not fit in 09:00-12:00.
    f = forum([session("S1", duration=240), session("S2")])
    result = solve(f)
    assert result.status == "infeasible"
    assert result.unplaced == ("S1",)
    assert any("S1" in r.sessions and "240 minutes" in r.message for r in result.reasons)


def test_model_session_longer_than_the_gap_between_breaks_is_infeasible():
    # With a break 10:00-10:30 the longest free stretch is 10:30-12:00 (90 minutes): 120 fits
    # nowhere.
    f = forum([session("S1", duration=120)], breaks=LUNCH)
    result = solve(f)
    assert result.status == "infeasible"
    assert result.unplaced == ("S1",)
    assert any("fits in no day between the breaks" in r.message for r in result.reasons)
