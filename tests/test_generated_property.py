"""Forums schedulable by construction: the tool always finds a schedule that keeps every rule.

`forumgen` builds each forum around a hidden valid timetable, so a status other than a
schedule would be a false "impossible", and a broken hard rule the worst bug there is.
"""

from __future__ import annotations

from forumgen import generate_forum, hidden_programme, write_csv_folder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum_scheduler import check_programme, load_forum, solve
from forum_scheduler.domain import Placement, Programme


# derandomize: CI must not depend on luck; a wider random sweep is benchmarks/stress.py.
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    n_sessions=st.integers(min_value=20, max_value=45),
    seed=st.integers(0, 10_000),
    days=st.sampled_from([3, 4, 5]),
)
def test_feasible_forums_are_never_reported_impossible(tmp_path_factory, n_sessions, seed, days):
    folder = tmp_path_factory.mktemp("forum")
    sheets = generate_forum(n_sessions, seed=seed, days=days)
    write_csv_folder(sheets, folder)
    forum = load_forum([folder])
    hidden = Programme(
        tuple(
            Placement(
                row["session_id"],
                row["day"],
                int(row["start"][:2]) * 60 + int(row["start"][3:]),
                row["room_id"],
            )
            for row in hidden_programme(sheets)
        )
    )
    assert check_programme(forum, hidden).ok  # the generator's promise, checked independently
    # A fixed effort, not a time limit: the outcome must not depend on the machine's load.
    result = solve(forum, effort=4, workers=2)
    assert result.status in ("optimal", "feasible"), (result.status, result.unplaced)
    report = check_programme(forum, result.programme)
    assert report.ok, report.violations
    assert report.objective == result.objective
    for penalty in report.penalties:  # goal by goal, the checker agrees with the solver
        assert result.solver_penalties.get(penalty.constraint, 0) == penalty.weighted, (
            penalty.constraint
        )
