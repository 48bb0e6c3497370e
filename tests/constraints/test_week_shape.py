"""week_shape: openings on day 1 and first, closings on the last day and last.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme


def fired(report):
    return {v.constraint for v in report.violations}


def week(rooms=None, **changes):
    return forum(
        [session("O", kind="opening"), session("P"), session("C", kind="closing")],
        rooms or [room("A"), room("B")],
        **changes,
    )


# -- through the checker -----------------------------------------------------------------------
# Each programme keeps the three sessions apart in time, so only the week's shape is broken.
CASES = {
    "opening not on day 1": (
        programme(("O", 2, "09:00", "A"), ("P", 2, "10:00", "A"), ("C", 2, "11:00", "A")),
        [("opening session O is on day 2, not on day 1 (programme row 2)", ("O",))],
    ),
    "session before the opening ends": (
        programme(("P", 1, "09:00", "A"), ("O", 1, "10:00", "A"), ("C", 2, "11:00", "A")),
        [
            (
                "P starts Mon 04 May 09:00, before the opening O ends (Mon 04 May 11:00) (programme rows 2, 3)",
                ("P", "O"),
            )
        ],
    ),
    "closing not on the last day": (
        programme(("O", 1, "09:00", "A"), ("P", 1, "10:00", "A"), ("C", 1, "11:00", "A")),
        [("closing session C is on day 1, not on the last day (2) (programme row 4)", ("C",))],
    ),
    "session after the closing starts": (
        programme(("O", 1, "09:00", "A"), ("C", 2, "10:00", "A"), ("P", 2, "11:00", "A")),
        [
            (
                "P ends Tue 05 May 12:00, after the closing C starts (Tue 05 May 10:00) (programme rows 3, 4)",
                ("P", "C"),
            )
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_checker_reports_the_broken_shape(case):
    prog, expected = CASES[case]
    report = check_programme(week(), prog)
    assert fired(report) == {"week_shape"}
    assert [(v.message, v.sessions) for v in report.violations] == expected


def test_checker_opening_on_day_2_comes_after_a_day_1_session():
    # The opening on day 2 10:00-11:00 and P on day 1 09:00: the opening is not on day 1, and P
    # starts before the opening ends: two violations.
    prog = programme(("P", 1, "09:00", "A"), ("O", 2, "10:00", "A"), ("C", 2, "11:00", "A"))
    report = check_programme(week(), prog)
    assert fired(report) == {"week_shape"}
    assert {v.sessions for v in report.violations} == {("O",), ("P", "O")}


@pytest.mark.parametrize(
    "prog",
    [
        programme(("O", 1, "09:00", "A"), ("P", 1, "10:00", "A"), ("C", 2, "11:00", "A")),
        programme(("O", 1, "09:00", "A"), ("P", 2, "10:00", "A"), ("C", 2, "11:00", "A")),
        # Touching is fine: P starts exactly when O ends and ends exactly when C starts.
        programme(("O", 1, "09:00", "A"), ("P", 1, "10:00", "B"), ("C", 2, "09:00", "A")),
    ],
    ids=["P on day 1", "P on day 2", "P on day 1, C early on day 2"],
)
def test_checker_control_in_order(prog):
    assert check_programme(week(), prog).violations == ()


# -- through the model ---------------------------------------------------------------------------
def test_model_one_day_puts_opening_first_and_closing_last():
    # One day 09:00-12:00, three rooms (so rooms force nothing), three 60-minute sessions:
    # the only order is O 09:00, P 10:00, C 11:00.
    result = solve(week([room("A"), room("B"), room("C")], days=1))
    assert result.status == "optimal"
    assert {sid: start for sid, (_, start, _) in places(result).items()} == {
        "O": "09:00",
        "P": "10:00",
        "C": "11:00",
    }


def test_model_two_days_keep_opening_on_day_1_and_closing_on_day_2():
    result = solve(week())
    assert result.status == "optimal"
    at = places(result)
    assert at["O"][0] == 1 and at["C"][0] == 2
    week_minute = {
        sid: (d - 1) * 1440 + int(t[:2]) * 60 + int(t[3:]) for sid, (d, t, _) in at.items()
    }
    # O ends (start + 60) no later than P starts; P ends no later than C starts.
    assert week_minute["O"] + 60 <= week_minute["P"] <= week_minute["C"] - 60


def test_model_session_pinned_before_the_opening_is_infeasible():
    # One day; P pinned to 09:00 cannot start after the opening has ended (earliest 10:00).
    pinned = [
        session("O", kind="opening"),
        session("P", pin_start=9 * 60),
        session("C", kind="closing"),
    ]
    result = solve(forum(pinned, [room("A"), room("B")], days=1))
    assert result.status == "infeasible"
    assert "P" in result.unplaced
    assert any("P" in r.sessions for r in result.reasons)
    # Control: the same forum with O and C as plain plenaries has no order: P at 09:00, O and C
    # at 10:00 and 11:00 in some order.
    plain = [
        session("O", kind="plenary"),
        session("P", pin_start=9 * 60),
        session("C", kind="plenary"),
    ]
    control = solve(forum(plain, [room("A"), room("B")], days=1))
    assert control.status == "optimal"
    at = places(control)
    assert at["P"][1] == "09:00"
    assert {at["O"][1], at["C"][1]} == {"10:00", "11:00"}


def test_model_opening_pinned_to_day_2_is_infeasible():
    result = solve(forum([session("O", kind="opening", pin_day=2), session("P")]))
    assert result.status == "infeasible"
    assert result.unplaced == ("O",)
    assert any(r.sessions == ("O",) for r in result.reasons)
