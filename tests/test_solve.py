"""Solving: optima derived by hand, generated forums, determinism, the checker agreeing."""

from __future__ import annotations

import time

import pytest
from conftest import forum, room, session
from forumgen import generate_forum, write_xlsx

from forum_scheduler import check_programme, load_forum, solve
from forum_scheduler.constraints.registry import weight_defaults
from forum_scheduler.domain import Placement, Programme


def theme_forum(n_sessions: int):
    """2 days of 09:00-12:00 on a 30-minute grid; rooms A (100 seats) and B (50 seats);
    `n_sessions` sessions of 90 minutes, 10 people each, all of theme T; only the theme clash
    and room fit goals on."""
    sessions = [session(f"S{i}", duration=90, themes=["T"]) for i in range(1, n_sessions + 1)]
    only = {key: 0 for key in weight_defaults()} | {"theme_clash": 10, "room_fit": 1}
    return forum(sessions, [room("A", 100), room("B", 50)], weights=only)


def test_four_sessions_fit_without_a_clash():
    # Each day holds two 90-minute blocks: 4 sessions take the 4 blocks one after the other,
    # all in B (40 empty seats each): objective 4 x 40 = 160, no theme clash.
    result = solve(theme_forum(4), time_limit=10, workers=2)
    assert result.status == "optimal"
    assert result.objective == 160
    assert {p.room_id for p in result.programme.placements} == {"B"}


def test_a_fifth_session_must_clash_for_90_minutes():
    # 5 x 90 = 450 theme minutes in 2 x 180 = 360 minutes of the week: at least 90 minutes of
    # overlap (900 at weight 10). The overlapping session must use room A (90 empty seats) and
    # the other four B (160): 900 + 250 = 1150.
    result = solve(theme_forum(5), time_limit=10, workers=2)
    assert result.status == "optimal"
    assert result.objective == 1150
    assert result.check.penalty("theme_clash").raw == 90
    assert result.solver_objective == result.objective


def test_switching_theme_clash_off_changes_the_optimum():
    # With theme_clash at 0 only empty seats count: the best is 4 sessions in B and 1 in A
    # again (B cannot hold 5 x 90 minutes in 2 x 180), 250.
    f = theme_forum(5)
    f.weights["theme_clash"] = 0
    result = solve(f, time_limit=10, workers=2)
    assert result.status == "optimal" and result.objective == 250


def test_an_impossible_forum_is_an_answer_not_an_error():
    f = forum([session("BIG", attendance=500)], [room("A", 100)])
    result = solve(f, time_limit=5)
    assert result.status == "infeasible"
    assert result.unplaced == ("BIG",)
    assert (
        "BIG expects 500 people but the largest room, Room A, seats 100"
        in result.reasons[0].message
    )


def test_a_room_with_too_few_minutes_is_said_before_the_search():
    # One room, one day of 3 hours: three 90-minute sessions cannot all be held.
    f = forum([session(f"S{i}", duration=90) for i in range(3)], [room("A")], days=1)
    result = solve(f, time_limit=10, workers=2)
    assert result.status == "infeasible" and result.phases.keys() == {"pre-checks"}
    assert result.reasons[0].message.startswith(
        "the week's room time cannot hold the sessions: S0, S1, S2 (3 sessions that can only "
        "use rooms A) last 270 minutes in all, but those 1 rooms have 180 minutes free"
    )


def test_overloaded_room_is_proven_infeasible():
    # One room, two days of 2 hours (240 minutes): two 90-minute sessions and a 60-minute one
    # last 240 minutes, but a day holds a 90-minute session and 30 minutes to spare, never
    # the 60-minute one: the search proves one session out.
    sessions = [session("S0", duration=90), session("S1", duration=90), session("S2")]
    f = forum(sessions, [room("A")], day_end=11 * 60)
    result = solve(f, time_limit=10, workers=2)
    assert result.status == "infeasible"
    assert len(result.unplaced) == 1


@pytest.mark.parametrize("n_sessions, seed", [(50, 1), (120, 2), (60, 7)])
def test_generated_forums_solve_to_valid_programmes(tmp_path, n_sessions, seed):
    path = tmp_path / "forum.xlsx"
    write_xlsx(generate_forum(n_sessions, seed=seed), path)
    f = load_forum([path])
    result = solve(f, time_limit=4, workers=2)
    assert result.status in ("optimal", "feasible"), result.unplaced
    report = check_programme(f, result.programme)
    assert report.ok, report.violations
    assert len(result.programme.placements) == n_sessions
    # The independent checker counts the same objective as the solver, goal by goal.
    assert report.objective == result.solver_objective == result.objective
    for penalty in report.penalties:
        assert result.solver_penalties.get(penalty.constraint, 0) == penalty.weighted, (
            penalty.constraint
        )


def test_same_input_seed_workers_and_effort_give_the_same_programme(tmp_path):
    path = tmp_path / "forum.xlsx"
    write_xlsx(generate_forum(60, seed=5), path)
    f = load_forum([path])
    first = solve(f, effort=3, seed=11, workers=2)
    second = solve(f, effort=3, seed=11, workers=2)
    assert first.programme == second.programme
    assert first.effort == second.effort == 3 and first.time_limit is None


def test_a_run_stopped_by_the_clock_is_repeated_by_its_effort(tmp_path):
    """Whatever the clock allowed, the rounds done are the effort, and repeating them on any
    machine (no time limit at all here) gives the same programme."""
    path = tmp_path / "forum.xlsx"
    write_xlsx(generate_forum(60, seed=5), path)
    f = load_forum([path])
    timed = solve(f, time_limit=2.5, seed=3, workers=2)
    assert timed.is_schedule and timed.time_limit == 2.5
    again = solve(f, effort=timed.effort, seed=3, workers=2)
    assert again.programme == timed.programme
    assert again.objective == timed.objective


def test_a_passed_deadline_stops_the_search_before_a_round_and_counts_none():
    from forum_scheduler.budget import Deadline
    from forum_scheduler.constraints.registry import CONSTRAINTS
    from forum_scheduler.model.encoding import Encoding
    from forum_scheduler.model.search import Incumbent, search
    from forum_scheduler.model.solve import _complete

    f = theme_forum(5)
    enc = Encoding(f, list(CONSTRAINTS))
    for c in CONSTRAINTS:
        c.encode(enc)
    start = _complete(enc, {}, 0)
    assert isinstance(start, Incumbent)
    outcome = search(
        enc, start, seed=0, workers=1, rounds=5, deadline=Deadline(time.monotonic() - 1)
    )
    assert (outcome.rounds, outcome.planned, outcome.stopped_by) == (0, 5, "time limit")
    assert outcome.best is start


def test_the_summary_names_the_effort_that_repeats_a_clock_stopped_run():
    from forum_scheduler import build_report
    from forum_scheduler.report import summary_lines

    result = solve(theme_forum(4), effort=1)
    result.planned_effort, result.stopped_by = 9, "time limit"  # as a busy machine would end
    lines = summary_lines(build_report(theme_forum(4), result))
    assert (
        "The time limit stopped the search after 1 of 9 planned rounds (a busy or slower "
        "machine); solve --effort 1 repeats this programme exactly." in lines
    )
    result.planned_effort, result.stopped_by = 1, "planned work done"
    assert not any(
        "stopped the search" in line for line in summary_lines(build_report(theme_forum(4), result))
    )


def test_checker_catches_what_the_solver_would_never_write():
    f = theme_forum(2)
    clash = Programme((Placement("S1", 1, 540, "A"), Placement("S2", 1, 540, "A")))
    report = check_programme(f, clash)
    assert [v.constraint for v in report.violations] == ["room_overlap"]


def test_a_cycle_of_before_rules_is_named_before_any_search():
    from forum_scheduler.domain import Rule

    rules = [
        Rule("before", "S1", "S2", row=4),
        Rule("before", "S2", "S3", row=5),
        Rule("before", "S3", "S1", row=9),
        Rule("before", "S1", "S4", row=7),
    ]
    f = forum([session(f"S{i}") for i in (1, 2, 3, 4)], [room("A")], rules=rules)
    result = solve(f, time_limit=5)
    assert result.status == "infeasible"
    messages = [r.message for r in result.reasons]
    assert any(
        m.startswith("Rules rows 4, 5, 9 form a cycle (S1 before S2; S2 before S3; S3 before S1)")
        for m in messages
    ), messages
    assert not any("7" in m for m in messages)  # the rule outside the cycle is not blamed


def test_the_report_explains_the_clashes_that_capacity_forces():
    from forum_scheduler import build_report

    f = theme_forum(5)
    # 5 x 90 = 450 minutes of theme T in 2 days x 180 = 360 minutes: 90 forced, and the two
    # days offer 2 x 3 = 6 starts for 5 sessions, so time is the stronger argument.
    report = build_report(f, solve(f, time_limit=10))
    theme = report["goals"]["theme_clash"]
    assert theme["forced"] == [
        "theme T: at least 90 minutes of clash are unavoidable (450 minutes of sessions for 360 "
        "minutes they can run in without overlapping); this programme: 90"
    ]
    assert theme["lower_bound"] == 10 * 90
    assert (
        build_report(theme_forum(4), solve(theme_forum(4), time_limit=10))["goals"]["theme_clash"][
            "forced"
        ]
        == []
    )


def test_the_goals_floors_bound_the_objective_and_prove_an_optimum():
    # 5 sessions of theme T: 90 clash minutes are forced (900), and room fit's floor is every
    # session in B (50 seats, 40 empty each: 200). The solver reaches exactly that: proven.
    result = solve(theme_forum(5), time_limit=10)
    assert result.goal_floors["theme_clash"] == 900 and result.goal_floors["room_fit"] == 200
    assert result.best_bound >= 1100
    assert result.objective >= result.best_bound or result.status == "optimal"
