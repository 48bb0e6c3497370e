"""balanced_days (soft): each day costs the parallel sessions it holds above its fair share,
times the balanced_days weight (default 20). A day's fair share is
ceil(N x avail_d / sum of avail), N the number of parallel sessions and avail_d the day's
working minutes outside the breaks minus the minutes of the plenaries (openings and closings
included) pinned to both that day and a start.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00 (180 minutes), 30-minute
slots, no breaks. Rooms seat exactly the attendance (10), so room fit costs nothing.
"""

import pytest
from conftest import forum, programme, room, session, solve

from forum_scheduler.check import check_programme
from forum_scheduler.constraints.balanced_days import available_minutes, fair_shares
from forum_scheduler.domain import Break, Rule

TEN = [room("A", 10), room("B", 10), room("C", 10)]


def parallel(n):
    return [session(f"S{i}") for i in range(1, n + 1)]


def plenary(pin_day=1, pin_start=9 * 60, kind="plenary", duration=60, sid="P"):
    return session(sid, duration, kind=kind, pin_day=pin_day, pin_start=pin_start)


def days_of(result):
    return {p.session_id: p.day for p in result.programme.placements}


def others_are_zero(report):
    return all(p.weighted == 0 for p in report.penalties if p.constraint != "balanced_days")


# -- the fair shares -----------------------------------------------------------------------------
def test_shares_follow_the_days_minutes():
    # 4 parallel sessions, two days of 180 minutes: ceil(4 x 180 / 360) = 2 each.
    assert fair_shares(forum(parallel(4), TEN)) == {1: 2, 2: 2}
    # 3 sessions: ceil(1.5) = 2 each (the shares may add up to more than N).
    assert fair_shares(forum(parallel(3), TEN)) == {1: 2, 2: 2}
    # No parallel session: nothing to share.
    assert fair_shares(forum([plenary(pin_day=None, pin_start=None)], TEN)) == {1: 0, 2: 0}


def test_shares_leave_out_breaks_and_pinned_plenaries():
    # Break 10:00-10:30 on every day: 150 working minutes. A plenary pinned to Monday 09:00
    # (60 minutes) leaves Monday 90. 5 parallel sessions:
    # Monday ceil(5 x 90 / 240) = ceil(1.875) = 2, Tuesday ceil(5 x 150 / 240) = ceil(3.125) = 4.
    f = forum([plenary(), *parallel(5)], TEN, breaks=(Break(10 * 60, 10 * 60 + 30),))
    assert available_minutes(f) == {1: 90, 2: 150}
    assert fair_shares(f) == {1: 2, 2: 4}


@pytest.mark.parametrize(
    "pinned, shares",
    [
        (plenary(), {1: 2, 2: 3}),  # 120 and 180: ceil(2), ceil(3)
        (plenary(kind="opening"), {1: 2, 2: 3}),  # an opening counts alike
        (plenary(pin_day=2, kind="closing"), {1: 3, 2: 2}),  # so does a closing, on its day
        (plenary(pin_start=None), {1: 3, 2: 3}),  # day only: not counted, 2.5 -> 3
        (plenary(pin_day=None), {1: 3, 2: 3}),  # start only: not counted
    ],
    ids=["plenary", "opening", "closing", "day only", "start only"],
)
def test_shares_count_only_plenaries_pinned_to_a_day_and_a_start(pinned, shares):
    assert fair_shares(forum([pinned, *parallel(5)], TEN)) == shares


def test_shares_when_pinned_plenaries_fill_every_day():
    # Every minute of the week is pinned to plenaries: the days share alike, ceil(2 / 2) = 1.
    f = forum(
        [plenary(1, duration=180, sid="P1"), plenary(2, duration=180, sid="P2"), *parallel(2)], TEN
    )
    assert available_minutes(f) == {1: 0, 2: 0}
    assert fair_shares(f) == {1: 1, 2: 1}


# -- through the checker -----------------------------------------------------------------------
THREE_AND_ONE = programme(
    ("S1", 1, "09:00", "A"),
    ("S2", 1, "09:00", "B"),
    ("S3", 1, "09:00", "C"),
    ("S4", 2, "09:00", "A"),
)


def test_checker_counts_the_sessions_above_the_fair_share():
    # 4 parallel sessions, shares 2 and 2; Monday holds 3: 1 above -> 1 x 20 = 20.
    report = check_programme(forum(parallel(4), TEN), THREE_AND_ONE)
    assert report.violations == ()
    penalty = report.penalty("balanced_days")
    assert penalty.weighted == 20
    assert penalty.raw == 1
    assert [(o.amount, o.message, o.sessions) for o in penalty.offences] == [
        (1, "Mon 04 May holds 3 parallel sessions, 1 above its fair share of 2", ("S1", "S2", "S3"))
    ]
    assert [o.subject for o in penalty.offences] == ["2026-05-04"]
    assert others_are_zero(report)


def test_checker_counts_every_session_above():
    # All 4 on Tuesday: 2 above its share of 2 -> 40.
    prog = programme(
        ("S1", 2, "09:00", "A"),
        ("S2", 2, "09:00", "B"),
        ("S3", 2, "10:00", "A"),
        ("S4", 2, "10:00", "B"),
    )
    penalty = check_programme(forum(parallel(4), TEN), prog).penalty("balanced_days")
    assert [(o.amount, o.message) for o in penalty.offences] == [
        (2, "Tue 05 May holds 4 parallel sessions, 2 above its fair share of 2")
    ]
    assert penalty.weighted == 40


def test_checker_control_even_spread():
    # 2 and 2: each day at its share.
    prog = programme(
        ("S1", 1, "09:00", "A"),
        ("S2", 1, "10:00", "A"),
        ("S3", 2, "09:00", "A"),
        ("S4", 2, "10:00", "A"),
    )
    report = check_programme(forum(parallel(4), TEN), prog)
    assert report.penalty("balanced_days").weighted == 0
    assert report.penalty("balanced_days").offences == ()


def test_checker_odd_count_rounds_the_share_up():
    # 3 sessions, shares 2 and 2: 2 and 1 is fair; 3 and 0 is 1 above -> 20.
    f = forum(parallel(3), TEN)
    fair = programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B"), ("S3", 2, "09:00", "A"))
    assert check_programme(f, fair).penalty("balanced_days").weighted == 0
    unfair = programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B"), ("S3", 1, "09:00", "C"))
    assert check_programme(f, unfair).penalty("balanced_days").weighted == 20


def test_checker_does_not_count_plenaries():
    # An unpinned plenary and 2 parallel sessions, shares 1 and 1. Monday holds the plenary and
    # S1: fair. Monday holds the plenary, S1 and S2: 1 above -> 20, the plenary not listed.
    f = forum([plenary(pin_day=None, pin_start=None), *parallel(2)], TEN)
    fair = programme(("P", 1, "09:00", "A"), ("S1", 1, "10:00", "A"), ("S2", 2, "09:00", "A"))
    assert check_programme(f, fair).penalty("balanced_days").weighted == 0
    unfair = programme(("P", 1, "09:00", "A"), ("S1", 1, "10:00", "A"), ("S2", 1, "11:00", "A"))
    penalty = check_programme(f, unfair).penalty("balanced_days")
    assert [(o.message, o.sessions) for o in penalty.offences] == [
        ("Mon 04 May holds 2 parallel sessions, 1 above its fair share of 1", ("S1", "S2"))
    ]
    assert penalty.weighted == 20


def test_checker_pinned_plenary_lowers_its_days_share():
    # Plenary pinned to Monday 09:00-10:00, 5 parallel sessions: shares 2 (Monday), 3.
    # Monday 3, Tuesday 2: 1 above -> 20. Monday 2, Tuesday 3: fair.
    f = forum([plenary(), *parallel(5)], TEN)
    unfair = programme(
        ("P", 1, "09:00", "A"),
        ("S1", 1, "10:00", "A"),
        ("S2", 1, "10:00", "B"),
        ("S3", 1, "11:00", "A"),
        ("S4", 2, "09:00", "A"),
        ("S5", 2, "09:00", "B"),
    )
    assert check_programme(f, unfair).penalty("balanced_days").weighted == 20
    fair = programme(
        ("P", 1, "09:00", "A"),
        ("S1", 1, "10:00", "A"),
        ("S2", 1, "10:00", "B"),
        ("S3", 2, "11:00", "A"),
        ("S4", 2, "09:00", "A"),
        ("S5", 2, "09:00", "B"),
    )
    assert check_programme(f, fair).penalty("balanced_days").weighted == 0


def test_checker_uses_the_weight():
    # Monday 3 of share 2: 1 x 5 = 5; weight 0: nothing.
    report = check_programme(forum(parallel(4), TEN, weights={"balanced_days": 5}), THREE_AND_ONE)
    assert report.penalty("balanced_days").weighted == 5
    off = check_programme(forum(parallel(4), TEN, weights={"balanced_days": 0}), THREE_AND_ONE)
    assert off.penalty("balanced_days").weighted == 0
    assert off.objective == 0


# -- through the model ---------------------------------------------------------------------------
def on_monday(n, weight=10):
    """A soft on_day(S_i, 1) worth `weight` for each parallel session: all want Monday."""
    return tuple(
        Rule("on_day", f"S{i}", value=1, hard=False, weight=weight, row=i + 1)
        for i in range(1, n + 1)
    )


@pytest.mark.parametrize(
    "weight, on_monday_count, objective",
    [
        # 4 parallel sessions, shares 2 and 2; each session wants Monday (soft, 10 each).
        # k sessions on Monday cost weight x max(0, k - 2) + 10 x (4 - k).
        (20, 2, 20),  # k = 2: 0 + 20; k = 3: 20 + 10; k = 4: 40 + 0
        (5, 4, 10),  # k = 4: 10 + 0; k = 3: 5 + 10; k = 2: 0 + 20
        (0, 4, 0),  # the goal is off: all on Monday, nothing to pay
    ],
)
def test_model_spreads_the_sessions_against_soft_rules(weight, on_monday_count, objective):
    f = forum(parallel(4), TEN, rules=on_monday(4), weights={"balanced_days": weight})
    result = solve(f)
    assert result.status == "optimal"
    assert sum(1 for day in days_of(result).values() if day == 1) == on_monday_count
    assert result.objective == result.solver_objective == objective
    assert result.check.penalty("balanced_days").weighted == weight * max(0, on_monday_count - 2)


@pytest.mark.parametrize(
    "pinned, on_monday_count, objective",
    [
        # A 60-minute plenary on Monday and 5 parallel sessions that each want Monday (soft, 10).
        # Pinned to Monday 09:00: shares 2 and 3; k on Monday cost 20 x max(0, k - 2) + 10 x (5 - k):
        # k = 2: 30, k = 3: 40 -> 2 on Monday.
        (plenary(), 2, 30),
        # Pinned to Monday only (no start): not counted, shares 3 and 3; k = 3: 20, k = 2: 30,
        # k = 4: 20 + 10 -> 3 on Monday.
        (plenary(pin_start=None), 3, 20),
    ],
    ids=["day and start", "day only"],
)
def test_model_pinned_plenary_moves_parallel_sessions_away(pinned, on_monday_count, objective):
    f = forum([pinned, *parallel(5)], TEN, rules=on_monday(5))
    result = solve(f)
    assert result.status == "optimal"
    assert days_of(result)["P"] == 1
    assert (
        sum(1 for sid, day in days_of(result).items() if day == 1 and sid != "P") == on_monday_count
    )
    assert result.objective == result.solver_objective == objective


def test_model_unavoidable_excess_is_priced_by_solver_and_checker_alike():
    # 4 parallel sessions held on Monday by hard rules, shares 2 and 2: 2 above -> 40.
    hard = tuple(Rule("on_day", f"S{i}", value=1, row=i + 1) for i in range(1, 5))
    result = solve(forum(parallel(4), TEN, rules=hard))
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == 40
    assert [o.message for o in result.check.penalty("balanced_days").offences] == [
        "Mon 04 May holds 4 parallel sessions, 2 above its fair share of 2"
    ]
    off = solve(forum(parallel(4), TEN, rules=hard, weights={"balanced_days": 0}))
    assert off.status == "optimal"
    assert off.objective == off.solver_objective == 0


def test_model_spreads_the_sessions_when_nothing_else_counts():
    # 4 parallel sessions, nothing else weighed: 2 and 2, objective 0.
    result = solve(forum(parallel(4), TEN))
    assert result.status == "optimal"
    assert sorted(days_of(result).values()) == [1, 1, 2, 2]
    assert result.objective == result.solver_objective == 0
