"""soft_rules (soft): a broken soft row of the Rules sheet costs its weight (blank: the
soft_rules weight, default 1000).

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
Rooms seat exactly the attendance (10), so room fit costs nothing.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme
from forum_scheduler.domain import Rule

TEN = [room("A", 10), room("B", 10)]


def soft(kind, a="S1", b="S2", value=None, weight=None, row=3):
    return Rule(kind, a, b if value is None else None, value, hard=False, weight=weight, row=row)


def rule_forum(*rules, rooms=TEN, weights=None, **changes):
    return forum([session("S1"), session("S2")], rooms, rules=rules, weights=weights, **changes)


# -- through the checker -----------------------------------------------------------------------
BROKEN = programme(("S1", 1, "10:00", "A"), ("S2", 1, "09:00", "A"))  # S2 first
KEPT = programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A"))  # S1 first


def test_checker_broken_soft_rule_costs_the_default():
    # balanced_days off: BROKEN holds both sessions on Monday.
    report = check_programme(rule_forum(soft("before"), weights={"balanced_days": 0}), BROKEN)
    assert report.violations == ()
    penalty = report.penalty("soft_rules")
    assert penalty.weighted == 1000
    assert [(o.amount, o.message, o.sessions) for o in penalty.offences] == [
        (
            1000,
            "rule before(S1, S2) (Rules row 3) is broken: S1 is Mon 04 May 10:00-11:00 in A; "
            "S2 is Mon 04 May 09:00-10:00 in A (programme rows 2, 3)",
            ("S1", "S2"),
        )
    ]
    assert all(p.weighted == 0 for p in report.penalties if p.constraint != "soft_rules")


@pytest.mark.parametrize(
    "weight, weights, expected",
    [
        (30, None, 30),  # the row's own weight
        (None, {"soft_rules": 7}, 7),  # blank: the Weights sheet's value
        (30, {"soft_rules": 7}, 30),  # the row's own weight wins
    ],
    ids=["row weight", "weights sheet", "row over sheet"],
)
def test_checker_weight_of_a_row(weight, weights, expected):
    report = check_programme(rule_forum(soft("before", weight=weight), weights=weights), BROKEN)
    assert report.penalty("soft_rules").weighted == expected


def test_checker_control_kept_rule_costs_nothing():
    report = check_programme(rule_forum(soft("before")), KEPT)
    assert report.penalty("soft_rules").weighted == 0
    assert report.penalty("soft_rules").offences == ()


def test_checker_sums_broken_rules_only():
    # before(S1, S2) broken (40) + on_day(S1, 2) broken (5) + start_after(S2, 09:00) kept (9).
    rules = (
        soft("before", weight=40),
        soft("on_day", value=2, weight=5, row=4),
        soft("start_after", a="S2", value=9 * 60, weight=9, row=5),
    )
    report = check_programme(rule_forum(*rules), BROKEN)
    assert report.penalty("soft_rules").weighted == 45
    assert len(report.penalty("soft_rules").offences) == 2


# -- through the model ---------------------------------------------------------------------------
def test_model_rule_that_must_be_broken_costs_its_weight():
    # One day 09:00-10:00 (one start), two rooms: before(S1, S2) cannot hold. Weight 30.
    result = solve(rule_forum(soft("before", weight=30), days=1, day_end=10 * 60))
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == 30
    assert result.check.penalty("soft_rules").weighted == 30


def test_model_blank_weight_takes_the_weights_sheet():
    # Same forum, blank row weight: 1000 by default, 0 when the Weights sheet says 0.
    f = rule_forum(soft("before"), days=1, day_end=10 * 60)
    assert solve(f).objective == 1000
    off = solve(rule_forum(soft("before"), days=1, day_end=10 * 60, weights={"soft_rules": 0}))
    assert off.status == "optimal"
    assert off.objective == off.solver_objective == 0


def test_model_rule_that_can_be_kept_costs_nothing():
    # One day 09:00-11:00, one room: S1 09:00, S2 10:00 keeps before(S1, S2).
    result = solve(rule_forum(soft("before"), rooms=[room("A", 10)], days=1, day_end=11 * 60))
    assert result.status == "optimal"
    assert result.objective == 0
    assert places(result) == {"S1": (1, "09:00", "A"), "S2": (1, "10:00", "A")}


@pytest.mark.parametrize(
    "weights, first, objective",
    [
        # One day 09:00-11:00, one room: before(S1, S2) weighs 30, before(S2, S1) is blank.
        # One of them breaks. Default soft_rules 1000 > 30: keep the blank one, S2 first, pay 30.
        (None, "S2", 30),
        # soft_rules 0: the blank one costs nothing, keep the 30 one: S1 first, pay 0.
        ({"soft_rules": 0}, "S1", 0),
    ],
    ids=["default", "weight 0"],
)
def test_model_breaks_the_cheaper_of_two_rules(weights, first, objective):
    rules = (soft("before", weight=30), soft("before", a="S2", b="S1", row=4))
    result = solve(
        rule_forum(*rules, rooms=[room("A", 10)], weights=weights, days=1, day_end=11 * 60)
    )
    assert result.status == "optimal"
    assert places(result)[first][1] == "09:00"
    assert result.objective == result.solver_objective == objective
    assert result.check.penalty("soft_rules").weighted == objective


@pytest.mark.parametrize(
    "rule, cost",
    [
        # S1 pinned to day 1 09:00 on a 2-day forum, each rule weighs 40; balanced_days off (the
        # rules that keep S2 on day 1 would pay for an uneven week otherwise).
        (soft("on_day", value=2, weight=40), 40),  # must break
        (soft("not_on_day", value=1, weight=40), 40),  # must break
        (soft("start_after", value=10 * 60, weight=40), 40),  # must break
        (soft("end_before", value=10 * 60, weight=40), 0),  # kept: ends 10:00
        (soft("same_day", weight=40), 0),  # S2 can join day 1
        (soft("different_day", weight=40), 0),  # S2 can go to day 2
        (soft("not_parallel", weight=40), 0),
        (soft("same_room", weight=40), 0),
        (soft("back_to_back", weight=40), 0),  # S2 10:00 in S1's room
    ],
    ids=lambda x: str(getattr(x, "rule", x)),
)
def test_model_every_kind_as_a_soft_rule(rule, cost):
    f = forum(
        [session("S1", pin_day=1, pin_start=9 * 60), session("S2")],
        TEN,
        rules=(rule,),
        weights={"balanced_days": 0},
    )
    result = solve(f)
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == cost
    assert result.check.penalty("soft_rules").weighted == cost
