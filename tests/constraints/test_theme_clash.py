"""theme_clash (soft): every minute in which k > 1 sessions of a theme run at once costs k - 1,
times the theme_clash weight (default 10).

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
Rooms seat exactly the attendance (10) so that room fit costs nothing.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler import ForumInputError
from forum_scheduler.check import check_programme
from forum_scheduler.domain import Rule

TEN = [room("A", 10), room("B", 10), room("C", 10)]


def themed(n=2, themes=("T",), weights=None, rules=(), duration=60, **changes):
    sessions = [session(f"S{i}", duration=duration, themes=themes) for i in range(1, n + 1)]
    # Parallel sessions of a theme are in different rooms: track_stability is off here, so
    # that the objectives below are theme_clash's alone.
    weights = {"track_stability": 0, **(weights or {})}
    return forum(sessions, TEN, weights=weights, rules=rules, **changes)


def others_are_zero(report):
    return all(p.weighted == 0 for p in report.penalties if p.constraint != "theme_clash")


# -- through the checker -----------------------------------------------------------------------
def test_checker_counts_the_overlapping_minutes():
    # S1 09:00-10:00, S2 09:30-10:30: 30 minutes with 2 running -> 30 x (2 - 1) x 10 = 300.
    report = check_programme(
        themed(weights={"balanced_days": 0}),
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:30", "B")),
    )
    assert report.violations == ()
    penalty = report.penalty("theme_clash")
    assert penalty.weighted == 300
    assert penalty.raw == 30
    assert [(o.message, o.sessions) for o in penalty.offences] == [
        (
            "theme T (Theme T): S1, S2 overlap for 30 minutes on Mon 04 May "
            "(from Mon 04 May 09:00-10:00)",
            ("S1", "S2"),
        )
    ]
    assert others_are_zero(report)


def test_checker_counts_k_minus_one_per_minute():
    # S1 and S2 09:00-10:00, S3 09:30-10:30:
    # 09:00-09:30: 2 running -> 30 x 1; 09:30-10:00: 3 running -> 30 x 2; 10:00-10:30: 1 -> 0.
    # 90 minutes x 10 = 900.
    report = check_programme(
        themed(3),
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B"), ("S3", 1, "09:30", "C")),
    )
    assert report.penalty("theme_clash").raw == 90
    assert report.penalty("theme_clash").weighted == 900


def test_checker_counts_each_shared_theme():
    # Sharing themes T and U, fully parallel for 60 minutes: 60 per theme, 120 x 10 = 1200.
    report = check_programme(
        themed(themes=("T", "U")), programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B"))
    )
    assert [o.amount for o in report.penalty("theme_clash").offences] == [60, 60]
    assert report.penalty("theme_clash").weighted == 1200


def test_checker_uses_the_weight():
    # 30 minutes x weight 3 = 90.
    report = check_programme(
        themed(weights={"theme_clash": 3}),
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:30", "B")),
    )
    assert report.penalty("theme_clash").weighted == 90


@pytest.mark.parametrize(
    "prog",
    [
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B")),  # touching, half-open
        programme(("S1", 1, "09:00", "A"), ("S2", 2, "09:00", "B")),  # other day
    ],
    ids=["after", "other day"],
)
def test_checker_control_session_moved(prog):
    report = check_programme(themed(), prog)
    assert report.penalty("theme_clash").weighted == 0
    assert report.penalty("theme_clash").offences == ()


def test_checker_control_no_shared_theme():
    f = forum([session("S1", themes=["T"]), session("S2", themes=["U"])], TEN)
    report = check_programme(f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B")))
    assert report.penalty("theme_clash").weighted == 0


# -- through the model ---------------------------------------------------------------------------
def test_model_unavoidable_clash_is_priced_by_solver_and_checker_alike():
    # One day 09:00-10:00 (one start), two rooms: S1 and S2 (theme T) run in parallel for 60
    # minutes: 60 x 10 = 600.
    result = solve(themed(days=1, day_end=10 * 60))
    assert result.status == "optimal"
    assert result.objective == 600
    assert result.check.penalty("theme_clash").weighted == 600
    assert result.solver_objective == 600  # the only soft term here
    # Weight 0: the goal is off, objective 0.
    off = solve(themed(days=1, day_end=10 * 60, weights={"theme_clash": 0}))
    assert off.status == "optimal"
    assert off.objective == 0 and off.solver_objective == 0


def test_model_three_sessions_in_parallel_cost_two_per_minute():
    # One start, three rooms: 60 minutes with 3 running -> 60 x 2 x 10 = 1200.
    result = solve(themed(3, days=1, day_end=10 * 60))
    assert result.status == "optimal"
    assert result.objective == 1200
    assert result.check.penalty("theme_clash").weighted == result.solver_objective == 1200


def test_model_avoids_the_clash_when_it_can():
    # One day 09:00-11:00: S1 and S2 take the two starts 09:00 and 10:00: objective 0.
    result = solve(themed(days=1, day_end=11 * 60))
    assert result.status == "optimal"
    assert result.objective == 0
    at = places(result)
    assert {at["S1"][1], at["S2"][1]} == {"09:00", "10:00"}


SAME_DAY = (Rule("same_day", "S1", "S2", hard=False, weight=500, row=2),)


@pytest.mark.parametrize(
    "weight, same_day, objective",
    [
        # Two days of one start (09:00-10:00), two rooms, a soft same_day(S1, S2) worth 500.
        # Same day: a 60-minute clash costs 60 x weight; different days: the rule costs 500.
        (10, False, 500),  # 600 > 500: different days
        (5, True, 300),  # 300 < 500: same day
        (0, True, 0),  # the goal is off: same day, nothing to pay
    ],
)
def test_model_weight_trades_against_a_soft_rule(weight, same_day, objective):
    result = solve(
        themed(rules=SAME_DAY, day_end=10 * 60, weights={"theme_clash": weight, "balanced_days": 0})
    )
    assert result.status == "optimal"
    at = places(result)
    assert (at["S1"][0] == at["S2"][0]) is same_day
    assert result.objective == result.solver_objective == objective
    assert result.check.penalty("theme_clash").weighted == (objective if same_day else 0)


def test_model_refuses_sessions_that_do_not_fill_whole_slots():
    # The model counts clashes in slots, so durations must be whole slots: 45 minutes on a
    # 30-minute grid is an input error, not a wrongly priced clash.
    with pytest.raises(ForumInputError) as caught:
        solve(themed(rules=SAME_DAY, duration=45, day_end=10 * 60))
    assert "not a multiple of slot_minutes (30)" in str(caught.value)


def test_model_solver_agrees_with_the_checker_when_the_day_starts_off_the_hour():
    # One day 09:15-10:15, one room: two 30-minute sessions of theme T run one after the other
    # (09:15, 09:45) and never clash: objective 0.
    f = forum(
        [session("S1", 30, themes=["T"]), session("S2", 30, themes=["T"])],
        [room("A", 10)],
        days=1,
        day_start=9 * 60 + 15,
        day_end=10 * 60 + 15,
    )
    result = solve(f)
    assert result.status == "optimal"
    assert result.objective == 0
    assert result.solver_objective == 0


def test_model_pinned_theme_sessions_when_the_day_starts_off_the_hour():
    # One day 09:15-10:15, one room; S1 pinned to 09:15, S2 to 09:45: no clash, objective 0.
    f = forum(
        [
            session("S1", 30, themes=["T"], pin_start=9 * 60 + 15),
            session("S2", 30, themes=["T"], pin_start=9 * 60 + 45),
        ],
        [room("A", 10)],
        days=1,
        day_start=9 * 60 + 15,
        day_end=10 * 60 + 15,
    )
    result = solve(f)
    assert result.status == "optimal"
    assert places(result) == {"S1": (1, "09:15", "A"), "S2": (1, "09:45", "A")}
