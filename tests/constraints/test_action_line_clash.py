"""action_line_clash (soft): for each action line, every minute in which k > 1 of its sessions
run at once costs k - 1, times the action_line_clash weight (default 5).

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
Rooms seat exactly the attendance (10) so that room fit costs nothing, and the sessions have no
themes unless a test says so. The model tests switch every other soft goal off (`only`), so
that the objective derived by hand is this goal's alone.
"""

from dataclasses import replace

import pytest
from conftest import forum, only, places, programme, room, session, solve

from forum_scheduler.check import check_programme
from forum_scheduler.domain import Rule, Theme

TEN = [room("A", 10), room("B", 10), room("C", 10)]


def lined(n=2, lines=("C1",), weights=None, rules=(), duration=60, rooms=TEN, **changes):
    sessions = [session(f"S{i}", duration=duration, action_lines=lines) for i in range(1, n + 1)]
    return forum(sessions, rooms, weights=weights, rules=rules, **changes)


# -- through the checker -----------------------------------------------------------------------
def test_checker_counts_the_overlapping_minutes():
    # S1 09:00-10:00, S2 09:30-10:30: 30 minutes with 2 running -> 30 x (2 - 1) x 5 = 150.
    report = check_programme(lined(), programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:30", "B")))
    assert report.violations == ()
    penalty = report.penalty("action_line_clash")
    assert penalty.weighted == 150
    assert penalty.raw == 30
    assert [(o.message, o.sessions) for o in penalty.offences] == [
        (
            (
                "action line C1: S1, S2 overlap for 30 minutes on Mon 04 May "
                "(from Mon 04 May 09:00-10:00)"
            ),
            ("S1", "S2"),
        )
    ]
    assert [o.subject for o in penalty.offences] == ["C1"]


def test_checker_counts_k_minus_one_per_minute():
    # S1 and S2 09:00-10:00, S3 09:30-10:30:
    # 09:00-09:30: 2 running -> 30 x 1; 09:30-10:00: 3 running -> 30 x 2; 10:00-10:30: 1 -> 0.
    # 90 minutes x 5 = 450.
    report = check_programme(
        lined(3),
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B"), ("S3", 1, "09:30", "C")),
    )
    assert report.penalty("action_line_clash").raw == 90
    assert report.penalty("action_line_clash").weighted == 450


def test_checker_counts_each_shared_action_line():
    # Sharing C1 and C7-egov, fully parallel for 60 minutes: 60 per line, 120 x 5 = 600.
    report = check_programme(
        lined(lines=("C1", "C7-egov")), programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B"))
    )
    penalty = report.penalty("action_line_clash")
    assert [(o.amount, o.message.split(":")[0]) for o in penalty.offences] == [
        (60, "action line C1"),
        (60, "action line C7-egov"),
    ]
    assert penalty.weighted == 600


def test_checker_only_the_shared_line_counts():
    # S1 (C1, C2) and S2 (C2, C3) in parallel for 60 minutes: only C2 is shared: 60 x 5 = 300.
    f = forum(
        [session("S1", action_lines=["C1", "C2"]), session("S2", action_lines=["C2", "C3"])], TEN
    )
    report = check_programme(f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B")))
    assert [o.amount for o in report.penalty("action_line_clash").offences] == [60]
    assert report.penalty("action_line_clash").weighted == 300


def test_checker_a_line_listed_twice_counts_once():
    # S1 lists C1 twice: it does not clash with itself, and with S2 (C1) 60 minutes x 5 = 300.
    f = forum([session("S1", action_lines=["C1", "C1"]), session("S2", action_lines=["C1"])], TEN)
    alone = check_programme(f, programme(("S1", 1, "09:00", "A"), ("S2", 2, "09:00", "A")))
    assert alone.penalty("action_line_clash").weighted == 0
    both = check_programme(f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B")))
    assert both.penalty("action_line_clash").weighted == 300


def test_checker_uses_the_weight():
    # 30 minutes x weight 2 = 60.
    report = check_programme(
        lined(weights={"action_line_clash": 2}),
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:30", "B")),
    )
    assert report.penalty("action_line_clash").weighted == 60


def test_checker_weight_zero_switches_it_off():
    report = check_programme(
        lined(weights={"action_line_clash": 0}),
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B")),
    )
    assert report.penalty("action_line_clash").weighted == 0


@pytest.mark.parametrize(
    "prog",
    [
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B")),  # touching, half-open
        programme(("S1", 1, "09:00", "A"), ("S2", 2, "09:00", "B")),  # other day
    ],
    ids=["after", "other day"],
)
def test_checker_control_session_moved(prog):
    report = check_programme(lined(), prog)
    assert report.penalty("action_line_clash").weighted == 0
    assert report.penalty("action_line_clash").offences == ()


@pytest.mark.parametrize(
    "lines",
    [(["C1"], ["C2"]), (["C1"], []), ([], [])],
    ids=["different lines", "one without", "none"],
)
def test_checker_control_no_shared_action_line(lines):
    f = forum([session("S1", action_lines=lines[0]), session("S2", action_lines=lines[1])], TEN)
    report = check_programme(f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B")))
    assert report.penalty("action_line_clash").weighted == 0


def test_checker_a_shared_theme_is_not_a_shared_action_line():
    # S1 and S2 share theme T and run in parallel: theme_clash counts 60 minutes, this goal 0.
    f = forum(
        [
            session("S1", themes=["T"], action_lines=["C1"]),
            session("S2", themes=["T"], action_lines=["C2"]),
        ],
        TEN,
    )
    report = check_programme(f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B")))
    assert report.penalty("theme_clash").raw == 60
    assert report.penalty("action_line_clash").weighted == 0


def test_checker_the_themes_action_lines_do_not_count():
    # Themes T and U both cover C1 (Themes sheet), but the sessions list no action line.
    f = forum([session("S1", themes=["T"]), session("S2", themes=["U"])], TEN)
    f = replace(f, themes=(Theme("T", "Theme T", ("C1",)), Theme("U", "Theme U", ("C1",))))
    report = check_programme(f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B")))
    assert report.penalty("action_line_clash").weighted == 0


# -- through the model ---------------------------------------------------------------------------
def test_model_unavoidable_clash_is_priced_by_solver_and_checker_alike():
    # One day 09:00-10:00 (one start), two rooms: S1 and S2 (C1) run in parallel for 60
    # minutes: 60 x 5 = 300.
    result = solve(lined(days=1, day_end=10 * 60, weights=only(action_line_clash=5)))
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == 300
    assert result.check.penalty("action_line_clash").weighted == 300
    # Weight 0: the goal is off, objective 0.
    off = solve(lined(days=1, day_end=10 * 60, weights=only()))
    assert off.status == "optimal"
    assert off.objective == off.solver_objective == 0


def test_model_default_weight_is_five():
    # The same forum with every other goal off and no action_line_clash row: 60 x 5 = 300.
    weights = only()
    del weights["action_line_clash"]
    result = solve(lined(days=1, day_end=10 * 60, weights=weights))
    assert result.objective == result.solver_objective == 300


def test_model_three_sessions_in_parallel_cost_two_per_minute():
    # One start, three rooms: 60 minutes with 3 running -> 60 x 2 x 5 = 600.
    result = solve(lined(3, days=1, day_end=10 * 60, weights=only(action_line_clash=5)))
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == 600
    assert result.check.penalty("action_line_clash").weighted == 600


def test_model_avoids_the_clash_when_it_can():
    # One day 09:00-11:00, two rooms: S1 and S2 take the two starts 09:00 and 10:00.
    result = solve(lined(days=1, day_end=11 * 60, weights=only(action_line_clash=5)))
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == 0
    at = places(result)
    assert {at["S1"][1], at["S2"][1]} == {"09:00", "10:00"}


def test_model_session_without_action_line_runs_alongside_freely():
    # One start, two rooms; S2 has no action line: no clash, objective 0.
    f = forum(
        [session("S1", action_lines=["C1"]), session("S2")],
        TEN,
        days=1,
        day_end=10 * 60,
        weights=only(action_line_clash=5),
    )
    result = solve(f)
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == 0


EARLY = (
    Rule("end_before", "S1", value=10 * 60, hard=False, weight=100, row=2),
    Rule("end_before", "S2", value=10 * 60, hard=False, weight=100, row=3),
)


@pytest.mark.parametrize(
    "weight, overlap, objective",
    [
        # One day 09:00-11:00 (starts 09:00 and 10:00), two rooms; soft end_before(S1, 10:00) and
        # end_before(S2, 10:00) worth 100 each. Both at 09:00: a 60-minute clash costs 60 x weight;
        # one at 10:00 breaks one rule: 100.
        (5, False, 100),  # 300 > 100: apart, one rule broken
        (1, True, 60),  # 60 < 100: in parallel
        (0, True, 0),  # the goal is off: in parallel, nothing to pay
    ],
)
def test_model_the_goal_changes_the_programme(weight, overlap, objective):
    result = solve(
        lined(rules=EARLY, days=1, day_end=11 * 60, weights=only(action_line_clash=weight))
    )
    assert result.status == "optimal"
    at = places(result)
    assert (at["S1"][1] == at["S2"][1]) is overlap
    assert result.objective == result.solver_objective == objective
    assert result.check.penalty("action_line_clash").weighted == (objective if overlap else 0)
    assert result.check.penalty("soft_rules").weighted == (0 if overlap else 100)


SAME_DAY = (Rule("same_day", "S1", "S2", hard=False, weight=500, row=2),)


@pytest.mark.parametrize(
    "weight, same_day, objective",
    [
        # Two days of one start (09:00-10:00), two rooms, a soft same_day(S1, S2) worth 500.
        # Same day: a 60-minute clash costs 60 x weight; different days: the rule costs 500.
        (10, False, 500),  # 600 > 500: different days
        (5, True, 300),  # 300 < 500: same day
    ],
)
def test_model_weight_trades_against_a_soft_rule(weight, same_day, objective):
    result = solve(lined(rules=SAME_DAY, day_end=10 * 60, weights=only(action_line_clash=weight)))
    assert result.status == "optimal"
    at = places(result)
    assert (at["S1"][0] == at["S2"][0]) is same_day
    assert result.objective == result.solver_objective == objective


def test_model_more_sessions_than_slots_when_the_day_starts_off_the_hour():
    # One day 09:15-10:15 (starts 09:15 and 09:45), two rooms, three 30-minute sessions of C1:
    # three sessions in two slots, so one slot holds two: 30 x 5 = 150.
    result = solve(
        lined(
            3,
            duration=30,
            days=1,
            day_start=9 * 60 + 15,
            day_end=10 * 60 + 15,
            weights=only(action_line_clash=5),
        )
    )
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == 150


def test_model_a_plenary_leaves_the_line_too_few_slots():
    # One day 09:00-11:00, two rooms; the plenary P (no action line) is pinned to 09:00-10:00
    # and runs alone, so S1 and S2 (C1) both run 10:00-11:00: 60 x 5 = 300.
    f = forum(
        [
            session("P", kind="plenary", pin_day=1, pin_start=9 * 60, pin_room="A"),
            session("S1", action_lines=["C1"]),
            session("S2", action_lines=["C1"]),
        ],
        TEN,
        days=1,
        day_end=11 * 60,
        weights=only(action_line_clash=5),
    )
    result = solve(f)
    assert result.status == "optimal"
    assert {places(result)["S1"][1], places(result)["S2"][1]} == {"10:00"}
    assert result.objective == result.solver_objective == 300
    assert result.best_bound == 300


@pytest.mark.parametrize(
    "pins, objective",
    [
        # Every session pinned (day, start, room), so the solver only settles its clash variables;
        # what it counts must be exactly what the checker counts.
        # S1 (C1, C2) 09:00-10:00, S2 (C1) 09:30-10:30, S3 (C2) 09:00-10:00:
        # C1 30 minutes, C2 60 minutes -> 90 x 5.
        ([(1, 9 * 60, "A"), (1, 9 * 60 + 30, "B"), (1, 9 * 60, "C")], 450),
        # S1 and S2 at 09:00, S3 on day 2: C1 60 minutes -> 300.
        ([(1, 9 * 60, "A"), (1, 9 * 60, "B"), (2, 9 * 60, "A")], 300),
        # All apart: 0.
        ([(1, 9 * 60, "A"), (1, 10 * 60, "A"), (2, 9 * 60, "A")], 0),
    ],
)
def test_model_solver_counts_what_the_checker_counts_for_a_fixed_programme(pins, objective):
    lines = [["C1", "C2"], ["C1"], ["C2"]]
    sessions = [
        session(f"S{i}", action_lines=lines[i - 1], pin_day=d, pin_start=t, pin_room=r)
        for i, (d, t, r) in enumerate(pins, start=1)
    ]
    result = solve(forum(sessions, TEN, weights=only(action_line_clash=5)))
    assert result.status == "optimal"
    assert result.check.penalty("action_line_clash").weighted == objective
    assert result.objective == result.solver_objective == objective
