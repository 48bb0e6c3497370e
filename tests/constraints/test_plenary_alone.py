"""plenary_alone: nothing runs in any room while an opening, closing or plenary session runs.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme


def fired(report):
    return {v.constraint for v in report.violations}


def with_plenary(kind="plenary", **changes):
    return forum([session("PL", kind=kind), session("P")], [room("A"), room("B")], **changes)


# -- through the checker -----------------------------------------------------------------------
def test_checker_reports_a_session_during_a_plenary():
    # PL 09:00-10:00 in A, P 09:30-10:30 in B: different rooms, 30 minutes of overlap.
    report = check_programme(
        with_plenary(), programme(("PL", 1, "09:00", "A"), ("P", 1, "09:30", "B"))
    )
    assert fired(report) == {"plenary_alone"}
    assert [(v.message, v.sessions) for v in report.violations] == [
        (
            "P (Mon 04 May 09:30-10:30) runs during the plenary PL (Mon 04 May 09:00-10:00) (programme rows 2, 3)",
            ("P", "PL"),
        )
    ]


@pytest.mark.parametrize(
    "prog",
    [
        programme(("PL", 1, "09:00", "A"), ("P", 1, "10:00", "B")),  # touching: no overlap
        programme(("PL", 1, "09:00", "A"), ("P", 2, "09:00", "B")),  # same time, other day
    ],
    ids=["after", "other day"],
)
def test_checker_control_session_moved(prog):
    assert check_programme(with_plenary(), prog).violations == ()


def test_checker_names_the_kind_of_an_opening():
    # The opening runs 09:30-10:30 in A and P 09:00-10:00 in B: they overlap (plenary_alone)
    # and P starts before the opening ends (week_shape); each is reported in its own words.
    f = with_plenary("opening", days=1)
    report = check_programme(f, programme(("PL", 1, "09:30", "A"), ("P", 1, "09:00", "B")))
    assert fired(report) == {"plenary_alone", "week_shape"}
    alone = [v for v in report.violations if v.constraint == "plenary_alone"]
    assert [v.message for v in alone] == [
        "P (Mon 04 May 09:00-10:00) runs during the opening PL (Mon 04 May 09:30-10:30) (programme rows 2, 3)"
    ]


def test_checker_two_plenaries_may_not_overlap_either():
    f = forum(
        [session("PL1", kind="plenary"), session("PL2", kind="plenary")], [room("A"), room("B")]
    )
    report = check_programme(f, programme(("PL1", 1, "09:00", "A"), ("PL2", 1, "09:30", "B")))
    assert fired(report) == {"plenary_alone"}
    assert len(report.violations) == 1
    assert set(report.violations[0].sessions) == {"PL1", "PL2"}
    control = check_programme(f, programme(("PL1", 1, "09:00", "A"), ("PL2", 1, "10:00", "B")))
    assert control.violations == ()


# -- through the model ---------------------------------------------------------------------------
def test_model_plenary_takes_a_whole_hour():
    # One day 09:00-11:00 (starts 09:00 and 10:00 for 60 minutes), rooms A and B, capacity =
    # attendance so room fit is 0 everywhere. PL takes one hour alone; P1 and P2 share the
    # other hour, one per room.
    rooms = [room("A", 10), room("B", 10)]
    f = forum(
        [session("PL", kind="plenary"), session("P1"), session("P2")],
        rooms,
        days=1,
        day_end=11 * 60,
    )
    result = solve(f)
    assert result.status == "optimal"
    at = places(result)
    assert at["P1"][1] == at["P2"][1] != at["PL"][1]
    assert {at["P1"][2], at["P2"][2]} == {"A", "B"}


def test_model_plenary_makes_the_forum_too_small():
    # Same day, three parallel sessions and one plenary: 2 rooms x 2 hours = 4 places would be
    # enough without the plenary rule, but the plenary takes a whole hour, leaving 2 places for
    # 3 parallel sessions: one is left out.
    rooms = [room("A", 10), room("B", 10)]
    sessions = [session("PL", kind="plenary")] + [session(f"P{i}") for i in (1, 2, 3)]
    # (The pre-check of the week's room time, which counts the plenary's hour as lost to every
    # room, says it before any search.)
    result = solve(forum(sessions, rooms, days=1, day_end=11 * 60))
    assert result.status == "infeasible"
    assert set(result.unplaced) <= {"P1", "P2", "P3"}
    assert "room time cannot hold the sessions" in result.reasons[0].message

    # Control: PL as an ordinary parallel session, all four fit.
    control = [session("PL")] + [session(f"P{i}") for i in (1, 2, 3)]
    result = solve(forum(control, rooms, days=1, day_end=11 * 60))
    assert result.status == "optimal"
    assert result.objective == 0


def test_model_pinned_plenary_blocks_a_pinned_session():
    # PL pinned to day 1 09:00; P pinned to 09:00 on the only day: P has no possible start.
    f = forum(
        [
            session("PL", kind="plenary", pin_day=1, pin_start=9 * 60),
            session("P", pin_start=9 * 60),
        ],
        [room("A"), room("B")],
        days=1,
    )
    result = solve(f)
    assert result.status == "infeasible"
    assert result.unplaced == ("P",)
    assert any(r.sessions == ("P",) for r in result.reasons)
