"""The local search: its move prices agree with the checker, and what it returns is valid.

Each soft goal's grouping (`Constraint.grouping`) must count exactly what the goal's penalty
counts, on any programme, or the local search would chase a wrong objective; and every move it
makes must keep every hard rule, which the independent checker verifies here.
"""

from __future__ import annotations

import dataclasses
import random

import pytest
from forumgen import generate_forum, write_csv_folder
from hypothesis import given, settings
from hypothesis import strategies as st

from forum_scheduler import check_programme, load_forum
from forum_scheduler.constraints.base import weight_of
from forum_scheduler.constraints.registry import CONSTRAINTS, SOFT
from forum_scheduler.domain import Placement, Programme
from forum_scheduler.model import local
from forum_scheduler.model.encoding import Encoding
from forum_scheduler.model.greedy import greedy_programme
from forum_scheduler.samples import sample_inputs


@pytest.fixture(scope="module")
def sample():
    return load_forum(sample_inputs())


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    write_csv_folder(generate_forum(80, seed=2, days=3), folder)
    return load_forum([folder])


def _random_programme(forum, seed: int) -> dict[str, Placement]:
    """Every session at a random allowed start and room: hard rules broken freely, which the
    penalties must still count the same way."""
    enc = Encoding(forum, list(CONSTRAINTS))
    rng = random.Random(seed)
    out = {}
    for s in forum.sessions:
        starts, rooms = enc.candidates[s.session_id], enc.rooms[s.session_id]
        if starts and rooms and rng.random() < 0.95:  # a few left out: partial programmes too
            out[s.session_id] = Placement(s.session_id, *rng.choice(starts), rng.choice(rooms))
    return out


def test_every_soft_goal_but_changes_has_a_grouping():
    assert [g.id for g in SOFT if g.grouping is None] == ["changes"]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10**6), which=st.sampled_from(["sample", "generated"]))
def test_groupings_count_what_the_checker_counts(sample, generated, seed, which):
    forum = sample if which == "sample" else generated
    placed = _random_programme(forum, seed)
    report = check_programme(forum, Programme(tuple(placed.values())))
    grouped = local.grouped_penalties(forum, placed)
    for goal in SOFT:
        if goal.id != "changes":
            assert grouped[goal.id] == report.penalty(goal.id).weighted, goal.id


def _start(forum):
    enc = Encoding(forum, list(CONSTRAINTS))
    weights = {c.weight_key: weight_of(forum, c) for c in SOFT}
    placed = greedy_programme(enc, weights)
    assert len(placed) == len(forum.sessions)
    return enc, placed


@pytest.mark.parametrize("which", ["sample", "generated"])
def test_moves_keep_every_hard_rule_and_lower_the_objective(sample, generated, which):
    forum = sample if which == "sample" else generated
    enc, placed = _start(forum)
    before = check_programme(forum, Programme(tuple(placed.values())))
    best, value, start = local.improve(enc, placed, seed=3, moves=4000)
    after = check_programme(forum, Programme(tuple(best.values())))
    assert after.ok, after.violations
    assert set(best) == set(placed)  # nothing dropped
    assert start == before.objective
    assert value == after.objective  # the running total is the checker's objective
    assert value < start  # a greedy start always leaves something to gain on these forums


def test_the_same_seed_and_moves_give_the_same_programme(sample):
    enc, placed = _start(sample)
    first = local.improve(enc, placed, seed=5, moves=1500)
    again = local.improve(enc, dict(placed), seed=5, moves=1500)
    other = local.improve(enc, dict(placed), seed=6, moves=1500)
    assert first == again
    assert other[0] != first[0]


def test_no_local_search_when_re_solving(sample):
    # A re-solve's `changes` goal has no grouping: its search stays with the neighbourhoods.
    assert local.can_improve(sample)
    assert not local.can_improve(dataclasses.replace(sample, baseline=object()))


# -- the search's paths for large models, forced on small forums ------------------------------
def test_without_a_model_the_local_search_alone_gives_a_valid_programme(generated, monkeypatch):
    from forum_scheduler import solve
    from forum_scheduler.model import solve as solving

    monkeypatch.setattr(solving, "MODEL_FREE_VARIABLES", 0)
    result = solve(generated, effort=3, workers=2)
    again = solve(generated, effort=3, workers=2)
    assert result.model_size["built"] is False
    assert result.status == "feasible"
    report = check_programme(generated, result.programme)
    assert report.ok, report.violations
    assert result.objective == report.objective == result.solver_objective
    for penalty in report.penalties:
        assert result.solver_penalties.get(penalty.constraint, 0) == penalty.weighted
    assert result.parameters["found_by"] == "local search"
    assert result.objective < result.progress[0].objective  # the rounds improved the start
    assert again.programme == result.programme  # deterministic by work


def test_rare_neighbourhoods_and_lazy_programmes_keep_solver_and_checker_agreed(
    generated, monkeypatch
):
    # One round in 1 + variables/1 re-solves a neighbourhood: every other round is the local
    # search's alone, and its programmes reach the model only when CP-SAT needs them.
    from forum_scheduler import solve
    from forum_scheduler.model import solve as solving

    monkeypatch.setattr(solving, "NEIGHBOURHOOD_VARIABLES", 1)
    monkeypatch.setattr(solving, "EAGER_VARIABLES", 0)
    result = solve(generated, effort=3, workers=2)
    assert result.model_size["variables"] > 0
    report = check_programme(generated, result.programme)
    assert report.ok and result.objective == report.objective == result.solver_objective
    for penalty in report.penalties:
        assert result.solver_penalties.get(penalty.constraint, 0) == penalty.weighted
