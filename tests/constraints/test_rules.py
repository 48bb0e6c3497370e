"""rules: every hard row of the Rules sheet holds.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
Sessions last 60 minutes. Times are half-open: touching is not overlapping.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme
from forum_scheduler.domain import RULE_KINDS, Rule


def fired(report):
    return {v.constraint for v in report.violations}


def minutes(text):
    return int(text[:2]) * 60 + int(text[3:])


def rule(kind, value=None, **fields):
    """A Rules row 5 on S1 (and S2 for the pair rules)."""
    pair = value is None
    return Rule(kind, "S1", "S2" if pair else None, value, row=5, **fields)


def rule_forum(*rules, rooms=None, sessions=None, **changes):
    return forum(
        sessions or [session("S1"), session("S2")],
        rooms or [room("A"), room("B")],
        rules=rules,
        **changes,
    )


# -- through the checker: every kind broken, and kept with one session moved -------------------
# kind: (rule, broken programme, kept programme, the placement text of the broken one)
ELSEWHERE = ("S2", 2, "11:00", "B")  # S2, out of the way of the single-session rules
CASES = {
    "before": (
        rule("before"),
        [("S1", 1, "10:00", "A"), ("S2", 1, "09:00", "A")],
        [("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A")],
        "S1 is Mon 04 May 10:00-11:00 in A; S2 is Mon 04 May 09:00-10:00 in A (programme rows 2, 3)",
    ),
    "same_day": (
        rule("same_day"),
        [("S1", 1, "09:00", "A"), ("S2", 2, "09:00", "A")],
        [("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A")],
        "S1 is Mon 04 May 09:00-10:00 in A; S2 is Tue 05 May 09:00-10:00 in A (programme rows 2, 3)",
    ),
    "different_day": (
        rule("different_day"),
        [("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A")],
        [("S1", 1, "09:00", "A"), ("S2", 2, "10:00", "A")],
        "S1 is Mon 04 May 09:00-10:00 in A; S2 is Mon 04 May 10:00-11:00 in A (programme rows 2, 3)",
    ),
    "not_parallel": (
        rule("not_parallel"),
        [("S1", 1, "09:00", "A"), ("S2", 1, "09:30", "B")],
        [("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B")],
        "S1 is Mon 04 May 09:00-10:00 in A; S2 is Mon 04 May 09:30-10:30 in B (programme rows 2, 3)",
    ),
    "same_room": (
        rule("same_room"),
        [("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B")],
        [("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A")],
        "S1 is Mon 04 May 09:00-10:00 in A; S2 is Mon 04 May 10:00-11:00 in B (programme rows 2, 3)",
    ),
    "back_to_back": (
        rule("back_to_back"),
        [("S1", 1, "09:00", "A"), ("S2", 1, "10:30", "A")],
        [("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A")],
        "S1 is Mon 04 May 09:00-10:00 in A; S2 is Mon 04 May 10:30-11:30 in A (programme rows 2, 3)",
    ),
    "on_day": (
        rule("on_day", 2),
        [("S1", 1, "09:00", "A"), ELSEWHERE],
        [("S1", 2, "09:00", "A"), ELSEWHERE],
        "S1 is Mon 04 May 09:00-10:00 in A (programme row 2)",
    ),
    "not_on_day": (
        rule("not_on_day", 1),
        [("S1", 1, "09:00", "A"), ELSEWHERE],
        [("S1", 2, "09:00", "A"), ELSEWHERE],
        "S1 is Mon 04 May 09:00-10:00 in A (programme row 2)",
    ),
    "start_after": (
        rule("start_after", 10 * 60),
        [("S1", 1, "09:30", "A"), ELSEWHERE],
        [("S1", 1, "10:00", "A"), ELSEWHERE],
        "S1 is Mon 04 May 09:30-10:30 in A (programme row 2)",
    ),
    "end_before": (
        rule("end_before", 11 * 60),
        [("S1", 1, "10:30", "A"), ELSEWHERE],
        [("S1", 1, "10:00", "A"), ELSEWHERE],
        "S1 is Mon 04 May 10:30-11:30 in A (programme row 2)",
    ),
}


def test_every_rule_kind_is_covered():
    assert sorted(CASES) == sorted(RULE_KINDS)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_checker_reports_a_broken_hard_rule(kind):
    r, broken, _, where = CASES[kind]
    report = check_programme(rule_forum(r), programme(*broken))
    assert fired(report) == {"rules"}
    assert [(v.message, v.sessions) for v in report.violations] == [
        (
            f"rule {r.describe()} (Rules row 5) is broken: {where}",
            ("S1", "S2") if r.session_b else ("S1",),
        )
    ]
    assert report.penalty("soft_rules").weighted == 0


@pytest.mark.parametrize("kind", sorted(CASES))
def test_checker_control_rule_kept(kind):
    r, _, kept, _ = CASES[kind]
    assert check_programme(rule_forum(r), programme(*kept)).violations == ()


@pytest.mark.parametrize("kind", sorted(CASES))
def test_checker_soft_rule_is_not_a_violation(kind):
    r, broken, _, _ = CASES[kind]
    soft = Rule(r.rule, r.session_a, r.session_b, r.value, hard=False, row=5)
    report = check_programme(rule_forum(soft), programme(*broken))
    assert report.violations == ()
    assert report.penalty("soft_rules").weighted == 1000  # the soft_rules default


def test_checker_message_quotes_the_note_and_the_rule_values():
    r = Rule("start_after", "S1", value=10 * 60, note="after the keynote", row=7)
    report = check_programme(rule_forum(r), programme(("S1", 1, "09:30", "A"), ELSEWHERE))
    assert [v.message for v in report.violations] == [
        "rule start_after(S1, 10:00) (Rules row 7) (after the keynote) is broken: "
        "S1 is Mon 04 May 09:30-10:30 in A (programme row 2)"
    ]


@pytest.mark.parametrize(
    "prog",
    [
        [("S1", 2, "09:00", "A"), ("S2", 1, "11:00", "A")],  # A on a later day: broken
        [("S1", 1, "09:00", "A"), ("S2", 1, "09:30", "B")],  # overlapping: broken
    ],
    ids=["later day", "overlap"],
)
def test_checker_before_compares_across_days_and_overlaps(prog):
    report = check_programme(rule_forum(rule("before")), programme(*prog))
    assert fired(report) == {"rules"}


def test_checker_back_to_back_in_another_room_is_broken():
    report = check_programme(
        rule_forum(rule("back_to_back")),
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B")),
    )
    assert fired(report) == {"rules"}


# -- through the model ---------------------------------------------------------------------------
# Capacity = attendance (10) in every room unless said otherwise: room fit is 0.
TEN = [room("A", 10), room("B", 10)]


def test_model_before_orders_the_pair():
    # One day 09:00-11:00, two rooms: S1 must end by S2's start: S1 09:00, S2 10:00 exactly.
    result = solve(rule_forum(rule("before"), rooms=TEN, days=1, day_end=11 * 60))
    assert result.status == "optimal"
    at = places(result)
    assert (at["S1"][1], at["S2"][1]) == ("09:00", "10:00")


def test_model_before_does_not_fit_one_start():
    # One day 09:00-10:00: one start. Without the rule both run at 09:00 in A and B; with it,
    # one is left out.
    free = solve(rule_forum(rooms=TEN, days=1, day_end=10 * 60))
    assert free.status == "optimal"
    assert sorted(places(free).values()) == [(1, "09:00", "A"), (1, "09:00", "B")]
    result = solve(rule_forum(rule("before"), rooms=TEN, days=1, day_end=10 * 60))
    assert result.status == "infeasible"
    assert len(result.unplaced) == 1


def test_model_same_room_costs_empty_seats():
    # A seats 10, B 100. S1 expects 10, S2 60 (only B fits S2).
    # Without the rule: S1 in A (0 empty), S2 in B (40): objective 40.
    # same_room(S1, S2): both in B: 90 + 40 = 130.
    sessions = [session("S1", attendance=10), session("S2", attendance=60)]
    rooms = [room("A", 10), room("B", 100)]
    free = solve(rule_forum(rooms=rooms, sessions=sessions))
    assert free.status == "optimal"
    assert (places(free)["S1"][2], places(free)["S2"][2]) == ("A", "B")
    assert free.objective == 40
    kept = solve(rule_forum(rule("same_room"), rooms=rooms, sessions=sessions))
    assert kept.status == "optimal"
    assert (places(kept)["S1"][2], places(kept)["S2"][2]) == ("B", "B")
    assert kept.objective == 130


def test_model_back_to_back_follows_in_the_same_room():
    # S1 pinned to 09:30 on the only day, S2 pinned to room B (100 seats; A seats 10).
    # back_to_back(S1, S2): S2 at 10:30, S1 in B too: empty seats 90 + 90 = 180.
    # Without the rule S1 takes A: objective 90 (S2 in B), S2 anywhere.
    sessions = [session("S1", pin_start=9 * 60 + 30), session("S2", pin_room="B")]
    rooms = [room("A", 10), room("B", 100)]
    result = solve(rule_forum(rule("back_to_back"), rooms=rooms, sessions=sessions, days=1))
    assert result.status == "optimal"
    assert places(result) == {"S1": (1, "09:30", "B"), "S2": (1, "10:30", "B")}
    assert result.objective == 180
    free = solve(rule_forum(rooms=rooms, sessions=sessions, days=1))
    assert free.status == "optimal"
    assert places(free)["S1"][2] == "A"
    assert free.objective == 90


def test_model_not_parallel_separates_the_pair():
    # One day 09:00-11:00, two rooms: the pair takes different starts (09:00 and 10:00).
    # One day 09:00-10:00: one start, one of them is left out.
    result = solve(rule_forum(rule("not_parallel"), rooms=TEN, days=1, day_end=11 * 60))
    assert result.status == "optimal"
    at = places(result)
    assert {at["S1"][1], at["S2"][1]} == {"09:00", "10:00"}
    short = solve(rule_forum(rule("not_parallel"), rooms=TEN, days=1, day_end=10 * 60))
    assert short.status == "infeasible"
    assert len(short.unplaced) == 1


def test_model_same_day_and_different_day():
    # Two days with one room and one start each (09:00-10:00).
    # same_day: both on one day impossible -> one left out; different_day: one per day.
    one = [room("A", 10)]
    same = solve(rule_forum(rule("same_day"), rooms=one, day_end=10 * 60))
    assert same.status == "infeasible"
    assert len(same.unplaced) == 1
    # Two rooms, one day: different_day is impossible; two days: S1 and S2 on different days.
    different = solve(rule_forum(rule("different_day"), rooms=TEN, day_end=10 * 60))
    assert different.status == "optimal"
    at = places(different)
    assert {at["S1"][0], at["S2"][0]} == {1, 2}
    short = solve(rule_forum(rule("different_day"), rooms=TEN, days=1, day_end=10 * 60))
    assert short.status == "infeasible"
    assert len(short.unplaced) == 1


def test_model_on_day_and_not_on_day():
    # Two days, one room, one start a day: on_day(S1, 2) puts S1 on day 2 and S2 on day 1;
    # not_on_day(S1, 2) the other way round.
    one = [room("A", 10)]
    on = solve(rule_forum(rule("on_day", 2), rooms=one, day_end=10 * 60))
    assert on.status == "optimal"
    assert places(on) == {"S1": (2, "09:00", "A"), "S2": (1, "09:00", "A")}
    off = solve(rule_forum(rule("not_on_day", 2), rooms=one, day_end=10 * 60))
    assert off.status == "optimal"
    assert places(off) == {"S1": (1, "09:00", "A"), "S2": (2, "09:00", "A")}


def test_model_on_day_outside_the_week_is_infeasible():
    result = solve(rule_forum(rule("on_day", 3), rooms=TEN))
    assert result.status == "infeasible"
    assert result.unplaced == ("S1",)
    assert any(r.sessions == ("S1",) and "(rules)" in r.message for r in result.reasons)


def test_model_start_after_and_end_before():
    # One day 09:00-12:00, 60-minute sessions (starts 09:00..11:00).
    # start_after(S1, 11:00): S1 at 11:00 (its only start). end_before(S1, 10:00): S1 at 09:00.
    late = solve(rule_forum(rule("start_after", 11 * 60), rooms=TEN, days=1))
    assert late.status == "optimal"
    assert places(late)["S1"][1] == "11:00"
    early = solve(rule_forum(rule("end_before", 10 * 60), rooms=TEN, days=1))
    assert early.status == "optimal"
    assert places(early)["S1"][1] == "09:00"


def test_model_start_after_pushes_the_other_session():
    # One day 09:00-11:00 (starts 09:00 and 10:00), one room: start_after(S1, 10:00) puts S1 at
    # 10:00 and so S2 at 09:00; without it either order is optimal.
    result = solve(
        rule_forum(rule("start_after", 10 * 60), rooms=[room("A", 10)], days=1, day_end=11 * 60)
    )
    assert result.status == "optimal"
    assert places(result) == {"S1": (1, "10:00", "A"), "S2": (1, "09:00", "A")}
    assert minutes(places(result)["S1"][1]) >= 10 * 60


def test_model_contradictory_hard_rules_are_infeasible():
    # back_to_back(S1, S2) puts S2 on S1's day; different_day(S1, S2) forbids it: one of the
    # two cannot be placed. (S3 is free and placed.)
    rules = (rule("back_to_back"), Rule("different_day", "S1", "S2", row=6))
    f = rule_forum(*rules, sessions=[session("S1"), session("S2"), session("S3")])
    result = solve(f)
    assert result.status == "infeasible"
    assert len(result.unplaced) == 1 and result.unplaced[0] in ("S1", "S2")
