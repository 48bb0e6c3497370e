"""facilitator_overlap: two sessions that share a facilitator never overlap in time.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme
from forum_scheduler.domain import Rule

ROOMS = [room("A", 10), room("B", 10)]  # capacity = attendance: room fit is 0 everywhere


def fired(report):
    return {v.constraint for v in report.violations}


def shared(second=("ana", "bob"), **changes):
    return forum(
        [session("S1", facilitators=["ana"]), session("S2", facilitators=second)], ROOMS, **changes
    )


# -- through the checker -----------------------------------------------------------------------
def test_checker_reports_the_person_and_both_sessions():
    # S1 09:00-10:00 in A and S2 09:30-10:30 in B share ana during 09:30-10:00.
    report = check_programme(shared(), programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:30", "B")))
    assert fired(report) == {"facilitator_overlap"}
    assert [(v.message, v.sessions) for v in report.violations] == [
        (
            "ana is in S1 and S2 at once on Mon 04 May 09:30-10:00 (programme rows 2, 3)",
            ("S1", "S2"),
        )
    ]


def test_checker_each_shared_person_is_reported():
    f = forum(
        [session("S1", facilitators=["ana", "bob"]), session("S2", facilitators=["bob", "ana"])],
        ROOMS,
    )
    report = check_programme(f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B")))
    assert fired(report) == {"facilitator_overlap"}
    assert sorted(v.message.split()[0] for v in report.violations) == ["ana", "bob"]


@pytest.mark.parametrize(
    "prog",
    [
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B")),  # touching, half-open
        programme(("S1", 1, "09:00", "A"), ("S2", 2, "09:30", "B")),  # other day
    ],
    ids=["after", "other day"],
)
def test_checker_control_session_moved(prog):
    assert check_programme(shared(), prog).violations == ()


def test_checker_control_no_shared_person():
    report = check_programme(
        shared(second=("bob",)), programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:30", "B"))
    )
    assert report.violations == ()


# -- through the model ---------------------------------------------------------------------------
def test_model_shared_facilitator_needs_two_starts():
    # One day 09:00-11:00 (60-minute starts 09:00 and 10:00), two rooms: S1 and S2 share ana,
    # so they take different starts.
    result = solve(shared(days=1, day_end=11 * 60))
    assert result.status == "optimal"
    at = places(result)
    assert {at["S1"][1], at["S2"][1]} == {"09:00", "10:00"}


def test_model_shared_facilitator_does_not_fit_one_start():
    # One day 09:00-11:00, but both sessions must end by 10:00: a single start, 09:00.
    # Sharing ana, one session is left out; without a shared facilitator both run at 09:00,
    # one per room. (ana's 120 minutes fit the day, so no pre-check says it first.)
    rules = [Rule("end_before", sid, value=10 * 60, row=i) for i, sid in ((2, "S1"), (3, "S2"))]
    result = solve(shared(days=1, day_end=11 * 60, rules=rules))
    assert result.status == "infeasible"
    assert len(result.unplaced) == 1 and result.unplaced[0] in ("S1", "S2")

    control = solve(shared(second=("bob",), days=1, day_end=11 * 60, rules=rules))
    assert control.status == "optimal"
    assert sorted(places(control).values()) == [(1, "09:00", "A"), (1, "09:00", "B")]


def test_precheck_a_facilitator_with_more_sessions_than_the_week_holds():
    # One day 09:00-10:00 and ana's two 60-minute sessions: said before any search.
    result = solve(shared(days=1, day_end=10 * 60))
    assert result.status == "infeasible" and result.phases.keys() == {"pre-checks"}
    assert result.reasons[0].message == (
        "ana facilitates 2 sessions of 120 minutes in all (S1, S2) but is available 60 minutes "
        "of the week (outside the breaks and the plenaries)"
    )


def test_model_thirty_minute_offsets_are_overlaps_too():
    # 60-minute sessions on a 30-minute grid, one day 09:00-11:30: starts 09:00..10:30.
    # Sharing ana they must be 60 minutes apart: (09:00, 10:00), (09:00, 10:30) or
    # (09:30, 10:30); never 30 minutes apart.
    result = solve(shared(days=1, day_end=11 * 60 + 30))
    assert result.status == "optimal"
    at = places(result)
    starts = sorted(int(at[s][1][:2]) * 60 + int(at[s][1][3:]) for s in ("S1", "S2"))
    assert starts[1] - starts[0] >= 60
